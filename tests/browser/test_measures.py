"""OBA measures in the browser: add a performance measure with values and see its SPC chart,
with a table and a CSV beside it; the scorecard, a result, rebasing and the worksheet; axe-core
on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_a_measure_with_values_and_see_the_spc_chart(page, demo, axe, csp_errors):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/measures/")
    expect(
        page.get_by_role("heading", level=1, name="Results and measures scorecard")
    ).to_be_visible()
    expect(page.get_by_text("Special cause: improvement").first).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name=re.compile("Everyone in the coastal district")).click()
    expect(page.get_by_role("heading", level=2, name="If nothing changes")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Add a performance measure").click()
    expect(page.get_by_role("heading", level=1, name="Add a performance measure")).to_be_visible()
    axe.check(page)
    page.get_by_label("Measure", exact=True).fill("Walks led")
    page.get_by_role("radio", name="How much did we do?").check()
    page.get_by_label(re.compile("Service it measures")).fill("Health walks")
    page.get_by_label("Target (optional)").fill("lots")
    page.get_by_role("button", name="Add measure", exact=True).click()
    expect(
        page.get_by_role("link", name="Enter the target as a number, for example 75")
    ).to_be_visible()
    axe.check(page)
    page.get_by_label("Target (optional)").fill("6")
    page.get_by_role("button", name="Add measure", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Walks led")).to_be_visible()
    expect(page.get_by_text("The chart needs at least two values.")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Add a value").click()
    axe.check(page)
    page.get_by_label("Period").fill("2026-01-01")
    page.get_by_label("Value").fill("about five")
    page.get_by_role("button", name="Add value", exact=True).click()
    expect(
        page.get_by_role("link", name="Enter the value as a number, for example 42 or 3.5")
    ).to_be_visible()
    axe.check(page)
    for month, value in ((1, "5"), (2, "7"), (3, "6")):
        page.get_by_label("Period").fill(f"2026-0{month}-01")
        page.get_by_label("Value").fill(value)
        page.get_by_role("button", name="Add value and add another").click()
        expect(page.get_by_text(re.compile("has been added"))).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("img", name="SPC chart of Walks led")).to_be_visible()
    table = page.locator("#spc-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tr", has_text="Mar 2026")).to_contain_text("Common cause")
    expect(page.get_by_role("link", name="Download the chart's data (CSV)")).to_be_visible()
    expect(page.get_by_text(re.compile("Against the target:"))).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Rebase the chart").click()
    axe.check(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Turn-the-curve worksheet").click()
    page.get_by_label("The story behind the baseline").fill("Walks stopped in winter")
    axe.check(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Walks stopped in winter")).to_be_visible()
    axe.check(page)
    assert csp_errors == []
