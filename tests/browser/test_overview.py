"""Journey: the data-supported overview. Open the area profile and an indicator page of the
demo's illustrative data, mark a finding as a priority in place, and find it on the overview;
axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from placematters.demo.builder import build_demo
from tests.browser.test_first_look import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    return build_demo().partnership


def test_editor_reads_the_profile_and_marks_a_priority(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.get_by_role("link", name="Data", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Data overview")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Area profile of North Norfolk").click()
    expect(page.get_by_role("heading", level=1, name="North Norfolk")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Spine chart of"))).to_be_visible()
    table = page.get_by_role("table", name="Indicators for North Norfolk")
    expect(table).to_be_visible()
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    assert download.value.suggested_filename.endswith(".csv")

    first = table.get_by_role("row").nth(1).get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page.get_by_role("heading", name="Trend over time")).to_be_visible()
    expect(page.get_by_role("heading", name="Compared with other areas")).to_be_visible()
    expect(page.get_by_role("heading", name="Inequality by deprivation")).to_be_visible()
    axe.check(page)

    url = page.url
    page.get_by_role("button", name="Mark as a priority").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("is now a priority"))
    expect(page.get_by_role("button", name="Unmark as a priority")).to_be_visible()
    assert page.url == url, "marked in place, no reload"
    axe.check(page)

    page.get_by_role("link", name="Data", exact=True).click()
    priorities = page.get_by_role("table", name=re.compile("marked as priorities"))
    expect(priorities.get_by_role("link", name=name)).to_be_visible()
    axe.check(page)


def test_marking_a_priority_works_with_javascript_off(page_without_javascript, demo):
    page = page_without_javascript
    sign_in(page, "owner@demo.example")
    page.goto(f"/p/{demo.slug}/data/areas/E07000147/")
    table = page.get_by_role("table", name="Indicators for North Norfolk")
    table.get_by_role("row").nth(1).get_by_role("link").click()
    page.get_by_role("button", name="Mark as a priority").click()
    expect(page.get_by_text(re.compile("is now a priority")).first).to_be_visible()
    page.get_by_role("button", name="Unmark as a priority").click()
    expect(page.get_by_text(re.compile("is no longer a priority"))).to_be_visible()
