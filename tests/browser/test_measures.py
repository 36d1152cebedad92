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


def test_correct_and_remove_a_measure_value(page, demo, axe, csp_errors):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/measures/")
    page.get_by_role("link", name="People who quit at four weeks (illustrative)").first.click()
    table = page.locator("#spc-table")
    first_row = table.locator("tbody tr").first
    period = first_row.locator("td").first.inner_text()
    first_row.get_by_role("link", name=re.compile("^Change")).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("Change the value"))
    ).to_be_visible()
    axe.check(page)
    page.get_by_label("Value").fill("eleven")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("link", name="Enter the value as a number, for example 42 or 3.5")
    ).to_be_visible()
    axe.check(page)
    page.get_by_label("Value").fill("12.5")
    page.get_by_label("Note (optional)").fill("Recounted from the clinic register")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("has been saved"))).to_be_visible()
    expect(table.locator("tr", has_text=period)).to_contain_text("Recounted from the clinic")
    expect(table.locator("tr", has_text=period)).to_contain_text("12.5")

    table.locator("tr", has_text=period).get_by_role("link", name=re.compile("^Remove")).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("Remove the value"))
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Remove value").click()
    expect(page.get_by_text(re.compile("has been removed"))).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(19)
    axe.check(page)

    page.get_by_role("link", name="Change the measure").click()
    axe.check(page)
    page.get_by_label("Target (optional)").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("has been saved"))).to_be_visible()
    expect(page.get_by_text(re.compile("Against the target:"))).to_have_count(0)
    assert csp_errors == []


def test_view_the_gap_spc_chart_and_the_forecast_chart(page, demo, axe, csp_errors):
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/measures/")
    expect(page.get_by_role("columnheader", name="Variation (SPC)").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Everyone in the coastal district")).click()
    expect(page.get_by_role("img", name=re.compile("If nothing changes: Smoking"))).to_be_visible()
    expect(
        page.get_by_text(re.compile("It assumes the change each period stays the same"))
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Download the forecast's data")).first
    ).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name=re.compile(r"^SPC chart of Smoking.*gap by deprivation")).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Smoking"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^SPC chart of Smoking"))).to_be_visible()
    expect(page.locator("#spc-icons")).to_contain_text("Variation:")
    expect(page.get_by_text("A narrower gap is better", exact=False)).to_be_visible()
    expect(page.locator("#spc-table tbody tr")).to_have_count(5)
    expect(page.get_by_role("link", name="Download the chart's data (CSV)")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("If nothing changes: Smoking"))).to_be_visible()
    expect(page.get_by_role("link", name="Change how it is tracked")).to_have_count(0)
    axe.check(page)
    assert csp_errors == []


def test_the_change_and_remove_pages_are_accessible(page, demo, axe, csp_errors):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/measures/")
    page.get_by_role("link", name=re.compile("Everyone in the coastal district")).first.click()
    result_url = page.url
    page.get_by_role("link", name="Change the result").click()
    expect(
        page.get_by_role("heading", level=1, name="Change the population result")
    ).to_be_visible()
    page.get_by_label("Population result").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=re.compile("Enter the result"))).to_be_visible()
    axe.check(page)
    page.goto(result_url)
    page.get_by_role("link", name="Remove the result").click()
    expect(page.get_by_text(re.compile("performance measures will stay"))).to_be_visible()
    axe.check(page)
    page.goto(result_url)
    page.get_by_role("link", name=re.compile("^Change Smoking")).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("Change how Smoking"))
    ).to_be_visible()
    page.get_by_label("Baseline period (optional)").fill("1990")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=re.compile("1990 is not a period"))).to_be_visible()
    axe.check(page)
    page.goto(result_url)
    page.get_by_role("link", name=re.compile("^Unlink Smoking")).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Unlink Smoking"))).to_be_visible()
    axe.check(page)
    page.goto(result_url)
    page.get_by_role(
        "link", name="Referrals to the stop-smoking service (illustrative)", exact=True
    ).click()
    page.get_by_role("link", name="Remove the measure").click()
    expect(
        page.get_by_text(re.compile("Its 20 values and its turn-the-curve worksheet"))
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Remove measure").click()
    expect(page.get_by_text(re.compile("has been removed"))).to_be_visible()
    referrals = page.get_by_role(
        "link", name="Referrals to the stop-smoking service (illustrative)", exact=True
    )
    expect(referrals).to_have_count(0)
    axe.check(page)
    assert csp_errors == []
