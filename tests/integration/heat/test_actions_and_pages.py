"""HEAT actions, queries and pages on a real database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.heat import actions, queries
from placematters.heat.models import Assessment, Finding, Impact
from placematters.partnerships.permissions import NotAllowed
from placematters.planning.models import PlanAction
from tests.integration.planning.helpers import community

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 21)


def _start(by, partnership, title="Plan check"):
    return actions.heat_assessment_start(by=by, partnership=partnership, title=title)


def _complete(by, assessment):
    actions.heat_prepare_save(
        by=by, assessment=assessment, title=assessment.title, description="The plan", finished=True
    )
    actions.heat_grid_save(
        by=by, assessment=assessment, cells={("age", "access"): ("Older people", True)},
        finished=True,
    )  # fmt: skip
    actions.heat_refine_save(
        by=by, assessment=assessment, impacts={"rural": ("widen", "")}, changes="Outreach",
        finished=True,
    )  # fmt: skip
    return actions.heat_review_save(
        by=by, assessment=assessment, reviewer="Public health lead", finished=True, today=DAY
    )


def test_a_viewer_is_refused_and_nothing_is_stored(viewer, partnership):
    with pytest.raises(NotAllowed):
        _start(viewer, partnership)
    assert not Assessment.objects.exists()


def test_steps_save_drafts_one_by_one(editor, partnership):
    found = _start(editor, partnership)
    actions.heat_prepare_save(by=editor, assessment=found, title="Plan check", involved="Us")
    found.refresh_from_db()
    assert found.steps == {"prepare": "draft"} and found.involved == "Us"
    actions.heat_grid_save(by=editor, assessment=found, cells={("sex", "outcomes"): ("Men", False)})
    found.refresh_from_db()
    assert found.steps == {"prepare": "draft", "assess": "draft"}
    assert Finding.objects.get(assessment=found).text == "Men"
    task = {row["step"].key: row["status"] for row in queries.task_list(found)}
    assert task == {
        "prepare": "In progress",
        "assess": "In progress",
        "refine": "Not yet started",
        "review": "Not yet started",
    }
    assert {e.verb for e in AuditEvent.objects.all()} <= set(VERB_PHRASES)


def test_continuing_needs_the_step_complete_and_nothing_is_half_saved(editor, partnership):
    found = _start(editor, partnership)
    with pytest.raises(ValidationError) as error:
        actions.heat_prepare_save(by=editor, assessment=found, title="", finished=True)
    assert set(error.value.message_dict) == {"title", "description"}
    with pytest.raises(ValidationError) as error:
        actions.heat_grid_save(
            by=editor, assessment=found,
            cells={("age", "access"): ("Fine", False), ("race", "access"): ("", True)},
        )  # fmt: skip
    assert "race__access" in error.value.message_dict
    assert not Finding.objects.exists()
    with pytest.raises(ValidationError):
        actions.heat_review_save(by=editor, assessment=found, reviewer="Me", finished=True)
    found.refresh_from_db()
    assert found.status == "draft" and found.steps == {}


def test_completing_sets_reminders_and_a_review_is_compared(owner, partnership):
    found = _complete(owner, _start(owner, partnership))
    assert found.status == "complete" and found.completed_on == DAY
    with pytest.raises(ValidationError):
        actions.heat_prepare_save(by=owner, assessment=found, title="Changed")
    assert queries.reviews_due(partnership, today=DAY) == []
    due = queries.reviews_due(partnership, today=datetime.date(2027, 5, 21))
    assert [(d["months"], d["date"]) for d in due] == [(6, datetime.date(2027, 5, 21))]
    review = actions.heat_review_start(by=owner, assessment=found, today=DAY)
    actions.heat_grid_save(
        by=owner, assessment=review, cells={("age", "access"): ("Better now", True)}
    )
    rows = queries.comparison(partnership, review)
    assert rows == [
        {"group": "Age", "dimension": "Access", "before": "Older people",
         "after": "Better now", "changed": True},
    ]  # fmt: skip
    assert queries.reviews_due(partnership, today=datetime.date(2027, 5, 21)) == []


def test_unmitigated_widening_is_unresolved_until_mitigated(owner, partnership):
    found = _start(owner, partnership)
    actions.heat_refine_save(
        by=owner, assessment=found, impacts={"rural": ("widen", ""), "coastal": ("widen", "Bus")}
    )
    assert [i.group_title for i in queries.unresolved_impacts(partnership)] == ["Rural communities"]
    actions.heat_refine_save(by=owner, assessment=found, impacts={"rural": ("widen", "Vans")})
    assert queries.unresolved_impacts(partnership) == []
    with pytest.raises(ValidationError):
        actions.heat_refine_save(by=owner, assessment=found, impacts={"rural": ("worse", "")})
    assert Impact.objects.get(group="rural").mitigation == "Vans"


def test_no_data_adds_a_data_gap_action_to_the_plan(owner, partnership):
    own = community(owner, partnership)
    found = _start(owner, partnership)
    key = f"community-{own.pk}"
    action = actions.heat_gap_action_add(
        by=owner, assessment=found, group=key, dimension="outcomes", today=DAY
    )
    assert PlanAction.objects.get(partnership=partnership) == action
    assert "HEAT gap" in action.why and "Coastal wards" in action.why
    cell = Finding.objects.get(assessment=found, group=key)
    assert cell.no_data and cell.gap_action == action
    with pytest.raises(ValidationError):
        actions.heat_gap_action_add(by=owner, assessment=found, group=key, dimension="outcomes")
    with pytest.raises(ValidationError):
        actions.heat_gap_action_add(by=owner, assessment=found, group="nope", dimension="access")
    assert PlanAction.objects.count() == 1
    sections = queries.summary_sections(partnership)
    assert [s.item for s in sections] == ["run-heat", "heat-actions"]
    assert sections[1].rows[1][1] == action.title


def test_pages_for_members_and_404_for_outsiders(client, owner, viewer, outsider, partnership):
    found = _complete(owner, _start(owner, partnership))
    client.force_login(viewer)
    url = reverse("heat:heat_overview", args=[partnership.slug, found.pk])
    page = client.get(url).content.decode()
    assert "Older people" in page and "Review reminders" in page
    assert (
        client.get(reverse("heat:heat_prepare", args=[partnership.slug, found.pk])).status_code
        == 403
    )
    home = client.get(reverse("heat:heat_home", args=[partnership.slug])).content.decode()
    assert "Rural communities" in home
    csv = client.get(reverse("heat:heat_download", args=[partnership.slug, found.pk]))
    assert b"Older people" in csv.content
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_step_pages_save_through_the_browser_form(client, editor, partnership):
    found = _start(editor, partnership)
    client.force_login(editor)
    url = reverse("heat:heat_prepare", args=[partnership.slug, found.pk])
    response = client.post(url, {"title": "Plan check", "description": "", "finish": "yes"})
    assert "Describe the work being assessed" in response.content.decode()
    response = client.post(url, {"title": "Plan check", "description": "It", "finish": "yes"})
    assert response.url == reverse("heat:heat_assess", args=[partnership.slug, found.pk])
    assert client.get(response.url).status_code == 200
