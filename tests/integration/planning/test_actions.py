"""Every change to the action plan: role checks, links within the partnership, audit events,
and nothing half-saved when the input is wrong."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from placematters.partnerships.queries import membership_of
from placematters.planning import actions
from placematters.planning.models import Milestone, PlanAction
from tests.integration.planning.helpers import asset, community, finding

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 31)


def test_an_editor_adds_an_action_with_every_link(owner, editor, partnership):
    priority = finding(owner, partnership)
    service = asset(owner, partnership)
    coastal = community(owner, partnership)
    organisation = partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="Council", sector="local_authority"
    )
    added = actions.plan_action_add(
        by=editor,
        partnership=partnership,
        title="  Stop-smoking   clinics ",
        description="Weekly drop-ins",
        why="Smoking drives the gap",
        priority=priority,
        segment="service",
        assets=[service],
        communities=[coastal],
        determinant="tobacco",
        ihe_step=7,
        start_date=datetime.date(2026, 12, 1),
        due_date=DUE,
        owner=membership_of(editor, partnership),
        organisation=organisation,
        intensity="targeted",
        intensity_note="More in the coastal wards",
        status="on_track",
    )
    assert added.title == "Stop-smoking clinics"
    assert added.priority == priority and list(added.assets.all()) == [service]
    assert list(added.communities.all()) == [coastal]
    event = AuditEvent.objects.get(verb="plan_action.added")
    assert event.after["assets"] == "Stop smoking service"
    assert event.after["ihe_step"] == "7. Proportionate universalism"
    assert event.after["priority"].startswith("Priority: Under 75 mortality")


def test_a_viewer_cannot_add_change_or_remove(owner, viewer, partnership):
    with pytest.raises(NotAllowed):
        actions.plan_action_add(by=viewer, partnership=partnership, title="A", due_date=DUE)
    action = actions.plan_action_add(by=owner, partnership=partnership, title="A", due_date=DUE)
    with pytest.raises(NotAllowed):
        actions.plan_action_update(by=viewer, action=action, status="done")
    with pytest.raises(NotAllowed):
        actions.plan_action_remove(by=viewer, action=action)
    with pytest.raises(NotAllowed):
        actions.plan_milestone_add(by=viewer, action=action, title="M", due_date=DUE)
    assert PlanAction.objects.get().status == "not_started"


def test_an_outsider_cannot_add(outsider, partnership):
    with pytest.raises(NotAllowed):
        actions.plan_action_add(by=outsider, partnership=partnership, title="A", due_date=DUE)


@pytest.fixture
def other(make_user):
    someone = make_user("other-owner@example.org", "Other Owner")
    return someone, partnership_actions.partnership_create(by=someone, name="Other partnership")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("priority", "Choose one of this partnership's priority findings"),
        ("assets", "Choose assets from this partnership's register"),
        ("communities", "Choose target communities of this partnership"),
        ("owner", "Choose a member of this partnership"),
    ],
)
def test_links_to_another_partnership_are_refused_and_nothing_is_saved(
    owner, partnership, other, field, message
):
    someone, elsewhere = other
    foreign = {
        "priority": lambda: finding(someone, elsewhere),
        "assets": lambda: [asset(someone, elsewhere)],
        "communities": lambda: [community(someone, elsewhere)],
        "owner": lambda: membership_of(someone, elsewhere),
    }[field]()
    before = AuditEvent.objects.filter(partnership=partnership).count()
    with pytest.raises(ValidationError) as refused:
        actions.plan_action_add(
            by=owner, partnership=partnership, title="Linked", due_date=DUE, **{field: foreign}
        )
    assert refused.value.message_dict[field] == [message]
    assert not PlanAction.objects.filter(partnership=partnership).exists()
    assert AuditEvent.objects.filter(partnership=partnership).count() == before


def test_bad_input_names_each_field_and_saves_nothing(owner, partnership):
    with pytest.raises(ValidationError) as refused:
        actions.plan_action_add(
            by=owner,
            partnership=partnership,
            title=" ",
            due_date=DUE,
            start_date=DUE + datetime.timedelta(days=1),
            determinant="astrology",
            ihe_step=13,
            intensity="lots",
            status="fine",
            segment="middle",
        )
    errors = refused.value.message_dict
    assert errors["title"] == ["Enter what will be done"]
    assert errors["start_date"] == ["The start date must be on or before the due date"]
    assert errors["determinant"] == ["Choose a factor from the list of what drives health"]
    assert errors["ihe_step"] == ["Choose one of the twelve steps"]
    assert errors["intensity"] == ["Choose universal, targeted or intensive"]
    assert errors["status"] == ["Choose the action's status"]
    assert errors["segment"] == ["Choose a segment of the triangle from the list"]
    assert not PlanAction.objects.exists()


def test_titles_are_unique_within_a_partnership(owner, partnership):
    actions.plan_action_add(by=owner, partnership=partnership, title="Clinics", due_date=DUE)
    with pytest.raises(ValidationError) as refused:
        actions.plan_action_add(by=owner, partnership=partnership, title="clinics", due_date=DUE)
    assert refused.value.message_dict["title"] == ["There is already an action called clinics"]


def test_update_records_only_what_changed_and_refuses_bad_changes(owner, editor, partnership):
    action = actions.plan_action_add(by=owner, partnership=partnership, title="A", due_date=DUE)
    service = asset(owner, partnership)
    actions.plan_action_update(by=editor, action=action, status="at_risk", assets=[service])
    event = AuditEvent.objects.get(verb="plan_action.updated")
    assert event.before == {"status": "Not started", "assets": ""}
    assert event.after == {"status": "At risk", "assets": "Stop smoking service"}
    with pytest.raises(ValidationError):
        actions.plan_action_update(
            by=editor, action=action, status="done", start_date=DUE + datetime.timedelta(1)
        )
    action.refresh_from_db()
    assert action.status == "at_risk" and action.start_date is None
    with pytest.raises(TypeError):
        actions.plan_action_update(by=editor, action=action, colour="red")
    actions.plan_action_update(by=editor, action=action, status="at_risk")
    assert AuditEvent.objects.filter(verb="plan_action.updated").count() == 1


def test_milestones_are_added_marked_done_and_removed(owner, partnership):
    action = actions.plan_action_add(by=owner, partnership=partnership, title="A", due_date=DUE)
    milestone = actions.plan_milestone_add(
        by=owner, action=action, title=" Venues agreed ", due_date=datetime.date(2027, 1, 1)
    )
    assert milestone.title == "Venues agreed" and not milestone.done
    actions.plan_milestone_set_done(by=owner, milestone=milestone, done=True)
    milestone.refresh_from_db()
    assert milestone.done
    actions.plan_milestone_set_done(by=owner, milestone=milestone, done=True)
    assert AuditEvent.objects.filter(verb="plan_milestone.updated").count() == 1
    with pytest.raises(ValidationError) as refused:
        actions.plan_milestone_add(by=owner, action=action, title="", due_date=None)
    assert set(refused.value.message_dict) == {"title", "due_date"}
    actions.plan_milestone_remove(by=owner, milestone=milestone)
    assert not Milestone.objects.exists()
    actions.plan_action_remove(by=owner, action=action)
    assert not PlanAction.objects.exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"plan_milestone.added", "plan_milestone.removed", "plan_action.removed"} <= verbs
    assert all(verb in VERB_PHRASES for verb in verbs)
