"""The local area action plan in the browser: add an action linked to a priority finding and a
logic-model activity, serving a stage of life; see it on the logic model, in the life-course
panel, on the timeline and, being overdue, on the dashboard; axe-core on every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_an_action_linked_to_a_finding_and_see_it_on_the_timeline_and_dashboard(
    page, demo, axe
):
    sign_in(page, "editor@demo.example")
    menu = page.get_by_role("navigation", name="Partnership menu")
    menu.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", level=1, name="Local area action plan")).to_be_visible()
    expect(page.get_by_text("At risk: amber").first).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Add an action").click()
    expect(page.get_by_role("heading", level=1, name="Add an action")).to_be_visible()
    axe.check(page)
    page.get_by_label("What will be done").fill("")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter what will be done")).to_be_visible()
    axe.check(page)

    due = timezone.localdate() - datetime.timedelta(days=3)
    page.get_by_label("What will be done").fill("Smoke-free homes pledge")
    page.get_by_label("Why (optional)").fill("Early deaths are highest in the coastal wards")
    page.get_by_label("Priority finding it answers (optional)").select_option(index=1)
    page.get_by_role("group", name="Stages of life it serves (optional)").get_by_label(
        "Start well: pregnancy and the early years"
    ).check()
    page.get_by_role("group", name="What it delivers in the logic model (optional)").get_by_label(
        "Activity: Smoke-free homes pledge"
    ).check()
    page.get_by_label("Due by").fill(due.isoformat())
    page.get_by_role("radio", name="Off track").check()
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", level=1, name="Smoke-free homes pledge")).to_be_visible()
    expect(page.get_by_text("Off track: red")).to_be_visible()
    expect(page.get_by_text(re.compile("Under 75 mortality"))).to_be_visible()
    expect(page.locator("#action-life-stages")).to_have_text(
        "Start well: pregnancy and the early years"
    )
    expect(page.locator("#action-logic-elements")).to_contain_text(
        "Activity: Smoke-free homes pledge"
    )
    axe.check(page)

    # the logic model shows the action delivering its activity
    page.locator("#action-logic-elements").get_by_role(
        "link", name="Smoke-free homes pledge"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Logic model")).to_be_visible()
    expect(page.get_by_role("link", name="Smoke-free homes pledge", exact=True)).to_be_visible()
    axe.check(page)
    page.go_back()

    page.get_by_role("link", name="Add a milestone").click()
    axe.check(page)
    page.get_by_label("Milestone").fill("Pledge cards printed")
    page.get_by_label("Date").fill(due.isoformat())
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_role("row", name=re.compile("Pledge cards printed"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.get_by_text("is marked as done")).to_be_visible()
    axe.check(page)

    # the plan's life-course panel counts the new action and warns of the stage none serves
    menu.get_by_role("link", name="Action plan").click()
    panel = page.get_by_role("region", name="The plan across the life course")
    # the demo's housing review and the new action
    expect(
        panel.get_by_role("row", name="Start well: pregnancy and the early years 2")
    ).to_be_visible()
    expect(panel).to_contain_text(
        "No action serves Live well at school age: children and young people"
    )
    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1, name="Timeline")).to_be_visible()
    expect(page.get_by_role("img", name="Timeline of the local area action plan")).to_be_visible()
    table = page.locator("#plan-timeline-table")
    expect(table.locator("tr", has_text="Smoke-free homes pledge")).to_contain_text("Overdue")
    expect(page.get_by_role("link", name="Download the action plan (CSV)")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", level=1, name="My actions")).to_be_visible()
    expect(page.get_by_role("link", name="Smoke-free homes pledge")).to_be_visible()
    axe.check(page)

    menu.get_by_role("link", name="Dashboard").click()
    panel = page.locator("#overdue-actions-table")
    expect(panel.get_by_role("link", name="Smoke-free homes pledge")).to_be_visible()
    expect(
        panel.get_by_role("link", name=re.compile("Health checks at the community"))
    ).to_be_visible()
    axe.check(page)


def test_filters_work_without_javascript(page_without_javascript, demo):
    page = page_without_javascript
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/plan/")
    page.get_by_label("Only overdue actions").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("link", name=re.compile("Health checks at the community"))
    ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Equity report"))).to_have_count(0)
    expect(page.get_by_role("button", name="Add an action")).to_have_count(0)
