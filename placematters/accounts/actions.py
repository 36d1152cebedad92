"""Changes to user accounts that are not made by Django's own auth views."""

from django.contrib.auth import get_user_model
from django.db import transaction


@transaction.atomic
def account_create(*, email: str, full_name: str, password: str | None):
    """Create a person's account (``password=None`` makes an account that cannot sign in)."""
    return get_user_model().objects.create_user(email=email, password=password, full_name=full_name)


@transaction.atomic
def account_set_password(*, user, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
