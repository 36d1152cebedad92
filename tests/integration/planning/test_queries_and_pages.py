"""Reads of the action plan and its pages: filters, my actions, overdue, the timeline (SVG,
table, CSV), the dashboard panel, summary sections and the tool links."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.queries import membership_of
from placematters.planning import actions, queries
from placematters.planning.models import PlanAction
from placematters.toolkit.tools import tool_links_for
from tests.integration.planning.helpers import finding

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture
def plan(owner, editor, partnership):
    priority = finding(owner, partnership)
    mine = membership_of(editor, partnership)
    late = actions.plan_action_add(
        by=owner, partnership=partnership, title="Late clinics", due_date=day(-14),
        owner=mine, status="at_risk", priority=priority,
    )  # fmt: skip
    done = actions.plan_action_add(
        by=owner, partnership=partnership, title="Mapped groups", status="done",
        due_date=day(-45),
    )  # fmt: skip
    later = actions.plan_action_add(
        by=owner, partnership=partnership, title="Housing review", status="on_track",
        start_date=day(-75), due_date=day(165),
        owner=membership_of(owner, partnership),
    )  # fmt: skip
    return {"late": late, "done": done, "later": later, "priority": priority, "mine": mine}


def test_filters_overdue_and_my_actions(partnership, plan):
    titles = lambda found: [action.title for action in found]  # noqa: E731
    assert titles(queries.overdue_actions(partnership, TODAY)) == ["Late clinics"]
    assert titles(queries.filtered_actions(partnership, overdue=True, today=TODAY)) == [
        "Late clinics"
    ]
    assert titles(queries.filtered_actions(partnership, status="done")) == ["Mapped groups"]
    assert titles(queries.filtered_actions(partnership, owner=plan["mine"])) == ["Late clinics"]
    assert titles(queries.filtered_actions(partnership, priority=plan["priority"])) == [
        "Late clinics"
    ]
    assert titles(queries.my_actions(plan["mine"])) == ["Late clinics"]


def test_queries_never_cross_partnerships(make_user, partnership, plan):
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    assert not queries.plan_actions(elsewhere).exists()
    assert queries.plan_action(elsewhere, plan["late"].pk) is None
    assert not queries.finding_choices(elsewhere).exists()


def test_timeline_lays_out_every_action_and_the_table_matches(partnership, plan):
    timeline = queries.timeline(partnership, TODAY)
    assert [bar.title for bar in timeline.layout.bars] == [
        "Mapped groups", "Late clinics", "Housing review",
    ]  # fmt: skip
    assert timeline.layout.bars[1].css == "pm-plan-bar--overdue"
    table = queries.timeline_table(partnership, TODAY)
    assert table.headers[:5] == ["Action", "Start", "Due", "Status", "Overdue"]
    assert table.rows[1][:5] == ["Late clinics", "", day(-14).isoformat(), "At risk", "Yes"]


def test_summary_sections_answer_the_action_plan_items(partnership, plan):
    sections = {section.item: section for section in queries.summary_sections(partnership, TODAY)}
    assert set(sections) == {"start-action-plan", "complete-action-plan", "life-course"}
    complete = sections["complete-action-plan"]
    assert complete.stage == "implementation"
    assert complete.rows[0] == ("What", "Why", "When by", "Who by", "Status")
    assert "3 actions" in complete.paragraphs[0] and "1 is overdue" in complete.paragraphs[0]
    late = next(row for row in complete.rows if row[0] == "Late clinics")
    assert "Finding: Under 75 mortality in E07000147" in late[1]
    assert tool_links_for("complete-action-plan")[0].url_name == "planning:plan_home"
    assert tool_links_for("start-action-plan")


def test_empty_plan_summary(partnership):
    section = queries.summary_sections(partnership)[1]
    assert section.paragraphs == ("The local area action plan has no actions yet.",)
    assert section.rows == ()


def _url(name, partnership, *args):
    return reverse(f"planning:{name}", args=[partnership.slug, *args])


def test_pages_show_the_plan_with_words_for_status(client, editor, partnership, plan):
    client.force_login(editor)
    page = client.get(_url("plan_home", partnership))
    assert page.status_code == 200
    text = page.text
    assert "Late clinics" in text and "At risk: amber" in text and "Overdue" in text
    filtered = client.get(_url("plan_home", partnership), {"status": "done"}).text
    assert "Mapped groups" in filtered and "Late clinics" not in filtered
    bad = client.get(_url("plan_home", partnership), {"status": "purple"}).text
    assert "Choose a status from the list" in bad
    mine = client.get(_url("plan_mine", partnership)).text
    assert "Late clinics" in mine and "Housing review" not in mine
    detail = client.get(_url("plan_action_detail", partnership, plan["late"].pk)).text
    assert "Under 75 mortality" in detail and "logic model" in detail
    timeline = client.get(_url("plan_timeline", partnership)).text
    assert "<svg" in timeline and 'role="img"' in timeline and "plan-timeline-table" in timeline
    assert "style=" not in timeline
    table = timeline.split('id="plan-timeline-table"')[1]
    assert "Late clinics" in table and "Housing review" in table
    csv = client.get(_url("plan_timeline_download", partnership))
    assert csv["Content-Type"].startswith("text/csv")
    assert b"Late clinics" in csv.content


def test_the_dashboard_lists_overdue_actions(client, owner, partnership, plan):
    client.force_login(owner)
    text = client.get(reverse("toolkit:dashboard", args=[partnership.slug])).text
    assert "Overdue actions" in text
    panel = text.split('id="overdue-actions"')[1].split("Your open items")[0]
    assert "Late clinics" in panel and "Mapped groups" not in panel


def test_adding_through_the_form_refuses_another_partnerships_finding(
    client, editor, make_user, partnership
):
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    foreign = finding(someone, elsewhere)
    client.force_login(editor)
    data = {"title": "Clinics", "due_date": "2027-03-31", "intensity": "universal",
            "status": "not_started", "priority": str(foreign.pk)}  # fmt: skip
    page = client.post(_url("plan_action_add", partnership), data)
    assert page.status_code == 200
    assert "Choose one of this partnership&#x27;s priority findings" in page.text
    assert not PlanAction.objects.exists()
    data["priority"] = ""
    page = client.post(_url("plan_action_add", partnership), data)
    assert page.status_code == 302
    added = PlanAction.objects.get()
    milestone = client.post(
        _url("plan_milestone_add", partnership, added.pk),
        {"title": "Venues", "due_date": "2027-02-01"},
    )
    assert milestone.status_code == 302
    assert added.milestones.get().title == "Venues"


def test_a_viewer_sees_but_cannot_change_and_an_outsider_gets_404(
    client, viewer, outsider, partnership, plan
):
    client.force_login(viewer)
    assert "Add an action" not in client.get(_url("plan_home", partnership)).text
    assert client.get(_url("plan_action_add", partnership)).status_code == 403
    client.force_login(outsider)
    assert client.get(_url("plan_home", partnership)).status_code == 404
    assert client.get(_url("plan_action_detail", partnership, plan["late"].pk)).status_code == 404
