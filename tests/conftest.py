"""Fixtures shared by every test: people and partnerships built through the real actions."""

import pytest

from placematters.accounts.actions import account_create
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Role

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(email: str | None = None, full_name: str = "") -> object:
        number = next(counter)
        return account_create(
            email=email or f"person{number}@example.org",
            full_name=full_name or f"Person {number}",
            password=PASSWORD,
        )

    return make


def add_member(partnership, owner, user, role: str):
    """Bring ``user`` into ``partnership`` with ``role`` through invitation and acceptance."""
    _invitation, token = partnership_actions.invitation_create(
        by=owner, partnership=partnership, email=user.email, role=role, send=False
    )
    return partnership_actions.invitation_accept(token=token, user=user)


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org", "Olive Owner")


@pytest.fixture
def partnership(owner):
    return partnership_actions.partnership_create(
        by=owner, name="Seaside locality partnership", description="Test partnership"
    )


@pytest.fixture
def editor(make_user, partnership, owner):
    user = make_user("editor@example.org", "Eddie Editor")
    add_member(partnership, owner, user, Role.EDITOR)
    return user


@pytest.fixture
def viewer(make_user, partnership, owner):
    user = make_user("viewer@example.org", "Vera Viewer")
    add_member(partnership, owner, user, Role.VIEWER)
    return user


@pytest.fixture
def outsider(make_user):
    """Owner of another partnership: a signed-in person who is not a member of ours."""
    user = make_user("outsider@example.org", "Otto Outsider")
    partnership_actions.partnership_create(by=user, name="Another partnership")
    return user
