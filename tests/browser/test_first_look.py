"""Journey 1, first look: sign in to the demo, open the dashboard and a stage, change an item's
status in place and see the stage's progress change; axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_changes_a_checklist_item_in_place_and_sees_progress_move(page, demo, axe):
    sign_in(page, "owner@demo.example", axe)
    expect(page.get_by_role("heading", level=1, name=demo.name)).to_be_visible()
    expect(page.get_by_text("Illustrative", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Overdue items")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent activity")).to_be_visible()
    for stage in (
        "Mapping the system",
        "Strengthen community action",
        "Evaluation planning",
        "Implementation",
    ):
        expect(page.get_by_role("link", name=stage)).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Strengthen community action").click()
    expect(page.get_by_role("heading", level=1, name="Strengthen community action")).to_be_visible()
    axe.check(page)
    progress = page.locator("#stage-progress .pm-progress__text")
    before = progress.inner_text()
    assert before.startswith("0 of ")

    item = page.locator(".pm-checklist__item").first
    title = item.get_by_role("heading").inner_text()
    item.get_by_label(re.compile("^Status")).select_option("done")
    item.get_by_role("button", name=re.compile("^Save status")).click()

    expect(page.locator(".pm-checklist__item").first.get_by_role("status")).to_have_text(
        "Saved: done"
    )
    expect(progress).to_have_text(re.compile(r"^1 of \d+ done or not applicable"))
    assert page.url.endswith("/stages/strengthen-community-action/"), "saved in place, no reload"
    axe.check(page)

    page.get_by_role("link", name="Activity").click()
    expect(page.get_by_text(title).first).to_be_visible()
    axe.check(page)


def test_status_change_works_with_javascript_off(page_without_javascript, demo):
    page = page_without_javascript
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/stages/implementation/")
    item = page.locator(".pm-checklist__item").first
    item.get_by_label(re.compile("^Status")).select_option("in_progress")
    item.get_by_role("button", name=re.compile("^Save status")).click()
    expect(page.get_by_text(re.compile("is now in progress"))).to_be_visible()
    expect(page.locator(".pm-checklist__item").first.locator(".govuk-tag").first).to_have_text(
        "In progress"
    )


def test_viewer_sees_no_editing_controls(page, demo, axe):
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/stages/mapping-the-system/")
    expect(page.get_by_role("heading", level=1, name="Mapping the system")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Save status"))).to_have_count(0)
    axe.check(page)
    item_link = page.locator(".pm-checklist__item h3 a").first
    item_url = item_link.get_attribute("href")
    page.goto(item_url + "edit/")
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    expect(page.get_by_text("your role is viewer")).to_be_visible()
    axe.check(page)
