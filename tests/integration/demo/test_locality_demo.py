"""The second demo partnership, the comparison and the bank at work in the demo."""

import pytest
from django.core.management import call_command

from placematters.audit.models import AuditEvent
from placematters.demo.builder import DEMO_USERS, build_demo
from placematters.demo.sharing import LOCALITY_NAME, build_locality_demo
from placematters.partnerships.models import Partnership
from placematters.sharing import queries
from placematters.sharing.models import Publication, PublicationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demos(settings):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    first = build_demo().partnership
    return first, build_locality_demo(first=first)


def test_the_second_demo_has_the_same_people_a_plan_measures_and_progress(demos):
    _first, locality = demos
    assert locality.name == LOCALITY_NAME and locality.is_illustrative
    roles = {m.user.email: m.role for m in locality.memberships.select_related("user")}
    assert roles == {email: role for email, _name, role in DEMO_USERS}
    figures = queries.locality_figures(locality)
    assert figures.actions == 3
    assert (figures.actions_with("done"), figures.actions_with("on_track")) == (1, 1)
    assert figures.stage_done == 2 and len(figures.measures) == 2
    assert all(m.latest != "No value" for m in figures.measures)
    assert figures.measures[0].variation != "Too few values"


def test_both_demos_are_compared_and_the_first_shares_two_publications(demos):
    first, locality = demos
    assert [f.name for f in queries.localities()] == sorted([first.name, locality.name])
    kinds = sorted(queries.published().values_list("kind", flat=True))
    assert kinds == [PublicationKind.CASE_STUDY, PublicationKind.PLAN]
    plan = queries.published().get(kind=PublicationKind.PLAN)
    assert plan.partnership == first and plan.content["actions"]
    owner_names = [name for _email, name, _role in DEMO_USERS]
    text = str(plan.content)
    assert not any(name in text for name in owner_names)
    assert "@demo.example" not in text and "(illustrative)" in text
    assert "North Norfolk District Council" not in text


def test_loading_again_changes_nothing(demos):
    _first, locality = demos
    before = (Partnership.objects.count(), Publication.objects.count(), AuditEvent.objects.count())
    assert build_locality_demo(first=build_demo().partnership) == locality
    after = (Partnership.objects.count(), Publication.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_load_demo_prints_the_sign_in_and_builds_both(settings, capsys):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    call_command("load_demo")
    printed = capsys.readouterr().out
    assert "owner@demo.example" in printed and "illustrative-demo-passphrase" in printed
    assert LOCALITY_NAME in printed
    assert Partnership.objects.filter(is_illustrative=True).count() == 2
