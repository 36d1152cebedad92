"""The life course (IHE/PHE step 6): the stages of life each action serves, the coverage panel
on the plan page, the report's section and the checklist's link to the panel."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.planning import actions, queries
from placematters.planning.models import PlanAction
from placematters.toolkit.tools import TOOL_LINKS

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 31)


def _counts(partnership) -> dict[str, int]:
    return {row.stage: row.actions for row in queries.life_course_coverage(partnership)}


def test_stages_are_stored_in_life_order_and_counted(owner, partnership):
    added = actions.plan_action_add(
        by=owner, partnership=partnership, title="Falls prevention", due_date=DUE,
        life_stages=["older_age", "start_well", "older_age"],
    )  # fmt: skip
    assert added.life_stages == ["start_well", "older_age"]
    event = AuditEvent.objects.get(verb="plan_action.added")
    assert event.after["life_stages"] == (
        "Start well: pregnancy and the early years, Age well: older people"
    )
    actions.plan_action_add(
        by=owner, partnership=partnership, title="Lunch clubs", due_date=DUE,
        life_stages=["older_age"],
    )  # fmt: skip
    actions.plan_action_add(by=owner, partnership=partnership, title="Unsorted", due_date=DUE)
    assert _counts(partnership) == {
        "start_well": 1, "school_age": 0, "working_age": 0, "older_age": 2,
    }  # fmt: skip
    sections = {s.item: s for s in queries.summary_sections(partnership)}
    life = sections["life-course"]
    assert life.stage == "implementation"
    assert "“Live well at school age”" in life.paragraphs[0]
    assert "“Work and live well”" in life.paragraphs[0]
    assert ("Age well: older people", "2") in life.rows


def test_unknown_stages_are_refused_and_nothing_is_saved(owner, partnership):
    with pytest.raises(ValidationError) as refused:
        actions.plan_action_add(
            by=owner, partnership=partnership, title="A", due_date=DUE,
            life_stages=["middle_age"],
        )  # fmt: skip
    assert refused.value.message_dict["life_stages"] == ["Choose stages of life from the list"]
    assert not PlanAction.objects.exists()
    action = actions.plan_action_add(
        by=owner, partnership=partnership, title="A", due_date=DUE, life_stages=["school_age"]
    )
    with pytest.raises(ValidationError):
        actions.plan_action_update(by=owner, action=action, life_stages="school_age")
    action.refresh_from_db()
    assert action.life_stages == ["school_age"]


def test_the_form_detail_and_plan_page_show_the_life_course(client, editor, partnership):
    client.force_login(editor)
    url = reverse("planning:plan_action_add", args=[partnership.slug])
    data = {"title": "Baby clinics", "due_date": "2027-03-31", "intensity": "universal",
            "status": "not_started", "life_stages": ["start_well", "nonsense"]}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Choose stages of life from the list" in refused.text
    assert not PlanAction.objects.exists()
    data["life_stages"] = ["start_well"]
    assert client.post(url, data).status_code == 302
    added = PlanAction.objects.get()
    detail = client.get(reverse("planning:plan_action_detail", args=[partnership.slug, added.pk]))
    stages = detail.text.split('id="action-life-stages"')[1].split("</dd>")[0]
    assert "Start well: pregnancy and the early years" in stages
    plan = client.get(reverse("planning:plan_home", args=[partnership.slug])).text
    panel = plan.split('id="life-course"')[1].split("</section>")[0]
    assert "No action serves Age well: older people" in panel
    assert "No action serves Start well" not in panel
    mine = client.get(reverse("planning:plan_mine", args=[partnership.slug])).text
    assert 'id="life-course"' not in mine
    csv = client.get(reverse("planning:plan_timeline_download", args=[partnership.slug]))
    assert "Start well: pregnancy and the early years" in csv.content.decode()


def test_the_checklist_item_links_to_the_panel():
    (link,) = TOOL_LINKS["life-course"]
    assert (link.url_name, link.fragment) == ("planning:plan_home", "life-course")
