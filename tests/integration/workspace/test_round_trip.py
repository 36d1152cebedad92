"""A whole workspace exported and imported again is the same partnership, record for record."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from placematters.audit.models import AuditEvent
from placematters.demo.builder import DEMO_USERS, build_demo
from placematters.partnerships.models import Membership, Partnership, Role
from placematters.workspace import actions
from placematters.workspace.reader import read
from placematters.workspace.registry import INCLUDED
from tests.integration.engagement.world import engagement_world
from tests.integration.evaluation.world import evaluation_world
from tests.integration.heat.world import heat_world
from tests.integration.logic_model.world import logic_model_world
from tests.integration.measures.world import measures_world
from tests.integration.planning.world import planning_world
from tests.integration.reports.world import reports_world
from tests.integration.selfassessment.world import selfassessment_world
from tests.integration.workspace.helpers import record_differences, without_envelope_times

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    return build_demo().partnership


def owner_of(partnership):
    return Membership.objects.get(partnership=partnership, role=Role.OWNER).user


def test_import_under_a_new_slug_recreates_every_record(demo):
    owner = owner_of(demo)
    document = actions.workspace_export(by=owner, partnership=demo)
    raw = json.dumps(document, allow_nan=False)

    copy = actions.workspace_import(by=owner, raw=raw, slug="demo-copy")

    assert copy.slug == "demo-copy" and copy.name == demo.name
    assert (copy.created_at, copy.is_illustrative) == (demo.created_at, demo.is_illustrative)
    differences = record_differences(demo, copy)
    assert not differences, "\n".join(differences[:40])
    # The comparison is not vacuous: the demo fills every record type but these two (the
    # URL-walk world's round trip below covers the allocation; the demo holds no LSOAs to
    # allocate over, nor deaths to derive from).
    empty = {label for label, rows in document["records"].items() if not rows}
    assert empty == {"analysis.derivation", "planning.actionallocation"}
    again = actions.workspace_export(by=owner, partnership=copy)
    assert again["partnership"].pop("slug") == "demo-copy"
    assert document["partnership"].pop("slug") == demo.slug
    assert without_envelope_times(again) == without_envelope_times(document)
    assert AuditEvent.objects.filter(partnership=demo, verb="workspace.exported").count() == 1
    verbs = AuditEvent.objects.filter(partnership=copy).order_by("pk").values_list("verb")
    assert [verb for (verb,) in verbs] == ["workspace.imported", "workspace.exported"]


def test_round_trip_into_an_instance_without_the_partnership_or_its_people(demo, tmp_path):
    path = tmp_path / "demo.json"
    call_command("export_workspace", demo.slug, "--output", str(path))
    original = json.loads(path.read_text(encoding="utf-8"))
    emails = [email for email, _name, _role in DEMO_USERS]
    # Make this instance one that has never seen the partnership or its people; the shared
    # reference data (geography) stays, as the format requires.
    Partnership.objects.filter(pk=demo.pk).delete()
    get_user_model().objects.filter(email__in=emails).delete()

    call_command("import_workspace", str(path))

    copy = Partnership.objects.get()
    assert copy.slug == original["partnership"]["slug"]
    people = get_user_model().objects.filter(email__in=emails)
    assert people.count() == len(emails)
    assert not any(person.has_usable_password() for person in people)
    again = actions.workspace_export(by=None, partnership=copy)
    assert without_envelope_times(again) == without_envelope_times(original)
    assert (
        again["records"]["partnerships.membership"]
        == original["records"]["partnerships.membership"]
    )


def test_the_demo_export_is_valid_against_the_schema_and_documents_its_references(demo):
    document = actions.workspace_export(by=None, partnership=demo)
    assert read(json.dumps(document)) == document
    assert set(document["records"]) == {entry.label for entry in INCLUDED}
    assert document["references"]["areas"] == sorted(area.gss_code for area in demo.areas.all())
    assert document["records"]["accounts.user"][0].keys() == {"id", "email", "full_name"}


def test_the_slug_is_made_unique_when_the_files_own_is_taken(demo):
    owner = owner_of(demo)
    raw = json.dumps(actions.workspace_export(by=owner, partnership=demo))
    first = actions.workspace_import(by=owner, raw=raw)
    second = actions.workspace_import(by=owner, raw=raw)
    assert (first.slug, second.slug) == (f"{demo.slug}-2", f"{demo.slug}-3")


def test_the_importer_becomes_an_owner_of_the_copy(demo, make_user):
    importer = make_user("importer@example.org", "Ida Importer")
    raw = json.dumps(actions.workspace_export(by=None, partnership=demo))
    copy = actions.workspace_import(by=importer, raw=raw)
    assert Membership.objects.get(partnership=copy, user=importer).role == Role.OWNER
    assert Membership.objects.filter(partnership=copy).count() == len(DEMO_USERS) + 1


def test_round_trip_of_the_url_walk_world_fills_the_types_the_demo_leaves_empty(
    owner, partnership, editor
):
    """The URL walk's worlds add what the demo lacks: an allocation, a report snapshot."""
    for build in (
        engagement_world,
        logic_model_world,
        planning_world,
        selfassessment_world,
        measures_world,
        heat_world,
        evaluation_world,
        reports_world,
    ):
        build(owner, partnership)
    document = actions.workspace_export(by=owner, partnership=partnership)
    assert document["records"]["planning.actionallocation"]
    assert document["records"]["reports.snapshot"]

    copy = actions.workspace_import(by=owner, raw=json.dumps(document), slug="world-copy")

    differences = record_differences(partnership, copy)
    assert not differences, "\n".join(differences[:40])
