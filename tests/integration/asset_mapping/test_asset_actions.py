import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placematters.asset_mapping import actions
from placematters.asset_mapping.models import Asset, Connector, SegmentAssessment
from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Sector
from placematters.partnerships.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def _asset(by, partnership, **values):
    base = {"name": "Food pantry", "segment": "community", "asset_type": "associations"}
    return actions.asset_create(by=by, partnership=partnership, **(base | values))


def test_an_editor_adds_an_asset_with_everything_normalised_and_audited(editor, partnership):
    asset = _asset(
        editor,
        partnership,
        postcode="nr12dh",
        latitude=Decimal("52.6"),
        longitude=Decimal("1.3"),
        areas_served=["e07000147", "E07000147"],
        determinants=["income", "diet-exercise"],
        evidence_links=["https://example.org/report"],
        cost_options=[{"option": "Session", "amount": 2}],
        external_ids={"service": "abc"},
    )
    asset.refresh_from_db()
    assert asset.postcode == "NR1 2DH"
    assert asset.areas_served == ["E07000147"]
    assert asset.determinants == ["diet-exercise", "income"]  # in the model's order
    assert asset.cost_options == [{"option": "Session", "amount": 2}]
    event = AuditEvent.objects.get(verb="asset.created")
    assert event.after["name"] == "Food pantry" and event.after["postcode"] == "NR1 2DH"
    assert event.verb in VERB_PHRASES


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"latitude": Decimal("48.8"), "longitude": Decimal("2.3")}, "latitude"),
        ({"latitude": Decimal("52.6")}, "longitude"),
        ({"area_code": "X123"}, "area_code"),
        ({"areas_served": ["nowhere"]}, "areas_served"),
        ({"determinants": ["luck"]}, "determinants"),
        ({"evidence_links": ["not a link"]}, "evidence_links"),
        ({"contact_email": "nobody"}, "contact_email"),
        ({"website": "example"}, "website"),
        ({"minimum_age": 18, "maximum_age": 5}, "maximum_age"),
        ({"name": "  "}, "name"),
        ({"segment": "other"}, "segment"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(owner, partnership, values, field):
    with pytest.raises(ValidationError) as refusal:
        _asset(owner, partnership, **values)
    assert field in refusal.value.message_dict
    assert not Asset.objects.exists()
    assert not AuditEvent.objects.filter(verb="asset.created").exists()


def test_an_owner_organisation_must_belong_to_the_partnership(owner, partnership, make_user):
    other_owner = make_user("other@example.org")
    other = partnership_actions.partnership_create(by=other_owner, name="Elsewhere")
    theirs = partnership_actions.organisation_add(
        by=other_owner, partnership=other, name="Theirs", sector=Sector.NHS
    )
    with pytest.raises(ValidationError) as refusal:
        _asset(owner, partnership, owner_organisation=theirs)
    assert "owner_organisation" in refusal.value.message_dict


def test_unknown_fields_are_a_programming_error(owner, partnership):
    with pytest.raises(TypeError):
        _asset(owner, partnership, colour="red")


def test_a_viewer_cannot_change_the_register(viewer, owner, partnership):
    with pytest.raises(NotAllowed):
        _asset(viewer, partnership)
    asset = _asset(owner, partnership)
    for attempt in (
        lambda: actions.asset_update(by=viewer, asset=asset, name="New"),
        lambda: actions.asset_verify(by=viewer, asset=asset),
        lambda: actions.asset_delete(by=viewer, asset=asset),
        lambda: actions.connector_create(
            by=viewer, partnership=partnership, kind="integration", name="X"
        ),
        lambda: actions.segment_assessment_update(
            by=viewer, partnership=partnership, segment="civic", summary="x"
        ),
    ):
        with pytest.raises(NotAllowed):
            attempt()


def test_update_records_only_what_changed(editor, partnership):
    asset = _asset(editor, partnership)
    actions.asset_update(by=editor, asset=asset, description="Open on Fridays", reach=120)
    event = AuditEvent.objects.get(verb="asset.updated")
    assert event.after == {"description": "Open on Fridays", "reach": 120}
    actions.asset_update(by=editor, asset=asset, reach=120)
    assert AuditEvent.objects.filter(verb="asset.updated").count() == 1


def test_a_refused_update_leaves_the_stored_asset_alone(editor, partnership):
    asset = _asset(editor, partnership, postcode="NR1 2DH")
    with pytest.raises(ValidationError):
        actions.asset_update(by=editor, asset=asset, name="Renamed", postcode="nonsense")
    stored = Asset.objects.get(pk=asset.pk)
    assert (stored.name, stored.postcode) == ("Food pantry", "NR1 2DH")


def test_verify_sets_today_and_refuses_the_future(editor, partnership):
    asset = _asset(editor, partnership)
    actions.asset_verify(by=editor, asset=asset)
    assert Asset.objects.get(pk=asset.pk).last_verified == timezone.localdate()
    with pytest.raises(ValidationError):
        actions.asset_verify(
            by=editor, asset=asset, on=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert AuditEvent.objects.filter(verb="asset.verified").count() == 1


def test_delete_removes_the_asset_from_its_connectors(editor, partnership):
    asset = _asset(editor, partnership)
    connector = actions.connector_create(
        by=editor, partnership=partnership, kind="service_engagement", name="Link", assets=[asset]
    )
    actions.asset_delete(by=editor, asset=asset)
    assert not Asset.objects.exists()
    assert list(connector.assets.all()) == []
    assert AuditEvent.objects.get(verb="asset.deleted").before["name"] == "Food pantry"


def test_connectors_are_created_updated_and_deleted(editor, partnership):
    asset = _asset(editor, partnership)
    connector = actions.connector_create(
        by=editor, partnership=partnership, kind="integration", name="Joined-up care"
    )
    assert connector.segments == ("civic", "service")
    actions.connector_update(
        by=editor, connector=connector, kind="place_based_planning", name="Plans", assets=[asset]
    )
    connector.refresh_from_db()
    assert connector.kind == "place_based_planning" and list(connector.assets.all()) == [asset]
    actions.connector_delete(by=editor, connector=connector)
    assert not Connector.objects.exists()
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert {"connector.created", "connector.updated", "connector.deleted"} <= set(verbs)


def test_a_connector_needs_a_name_a_kind_and_its_own_assets(editor, partnership, make_user):
    with pytest.raises(ValidationError) as refusal:
        actions.connector_create(by=editor, partnership=partnership, kind="nonsense", name="")
    assert {"kind", "name"} <= set(refusal.value.message_dict)
    other_owner = make_user("other@example.org")
    other = partnership_actions.partnership_create(by=other_owner, name="Elsewhere")
    theirs = _asset(other_owner, other)
    with pytest.raises(ValidationError):
        actions.connector_create(
            by=editor, partnership=partnership, kind="integration", name="X", assets=[theirs]
        )
    assert not Connector.objects.exists()


def test_segment_assessments_are_written_once_per_segment(editor, partnership):
    actions.segment_assessment_update(
        by=editor, partnership=partnership, segment="civic", summary=" First "
    )
    actions.segment_assessment_update(
        by=editor, partnership=partnership, segment="civic", summary="Second"
    )
    actions.segment_assessment_update(
        by=editor, partnership=partnership, segment="civic", summary="Second"
    )
    assert SegmentAssessment.objects.get().summary == "Second"
    assert AuditEvent.objects.filter(verb="segment_assessment.updated").count() == 2
    with pytest.raises(ValidationError):
        actions.segment_assessment_update(
            by=editor, partnership=partnership, segment="foundation", summary="x"
        )
