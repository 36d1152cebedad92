"""The local area action plan in the browser: add an action linked to a priority finding, see
it on the timeline and, being overdue, on the dashboard; axe-core on every page visited."""

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
    page.get_by_label("Due by").fill(due.isoformat())
    page.get_by_role("radio", name="Off track").check()
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", level=1, name="Smoke-free homes pledge")).to_be_visible()
    expect(page.get_by_text("Off track: red")).to_be_visible()
    expect(page.get_by_text(re.compile("Under 75 mortality"))).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Add a milestone").click()
    axe.check(page)
    page.get_by_label("Milestone").fill("Pledge cards printed")
    page.get_by_label("Date").fill(due.isoformat())
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_role("row", name=re.compile("Pledge cards printed"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.get_by_text("is marked as done")).to_be_visible()
    axe.check(page)

    menu.get_by_role("link", name="Action plan").click()
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
