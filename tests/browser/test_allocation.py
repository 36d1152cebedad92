"""Journey: share a budget by need (proportionate universalism). The demo partnership with the
real Norfolk LSOA lookup and IMD 2019 from ../shared/data (skipped with the reason when absent):
open the calculator from the data overview, share a budget, then give a floor above 100%;
axe-core on the page with a result and with an error. An editor then attaches an allocation to
an action in the plan and removes it again, with axe-core on each page."""

import re

import pytest
from playwright.sync_api import expect

from placematters.demo.builder import build_demo
from tests.browser.helpers import DEMO_PASSWORD, sign_in
from tests.integration.analysis.helpers import import_norfolk_lsoas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def norfolk_demo(settings, tmp_path):
    import_norfolk_lsoas(tmp_path)
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    return build_demo().partnership


def test_a_viewer_shares_a_budget_by_need(page, norfolk_demo, axe):
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{norfolk_demo.slug}/data/")
    page.get_by_role("link", name="Share a budget or capacity by need").click()
    expect(page.get_by_role("heading", level=1, name="Share a budget or capacity by need"))\
        .to_be_visible()  # fmt: skip
    page.get_by_label("Total to share").fill("100000")
    page.get_by_role("button", name="Share the total").click()
    expect(page.locator("#allocation-sentence")).to_contain_text("The most deprived fifth of")
    expect(page.get_by_role("table", name="Data: the allocation, greatest need first"))\
        .to_be_visible()  # fmt: skip
    expect(page.get_by_role("img", name="Stacked bar chart of the allocation")).to_be_visible()
    axe.check(page)

    page.get_by_label("Universal floor").fill("150")
    page.get_by_role("button", name="Share the total").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The universal floor must be 100% or less"
    )
    assert page.title().startswith("Error: ")
    axe.check(page)


def test_an_editor_attaches_an_allocation_to_an_action_and_removes_it(page, norfolk_demo, axe):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{norfolk_demo.slug}/data/allocation/")
    page.get_by_label("Total to share").fill("50000")
    page.get_by_role("button", name="Share the total").click()
    page.get_by_role("link", name="Attach this allocation to an action in the plan").click()
    expect(
        page.get_by_role("heading", level=1, name="Attach an allocation to an action")
    ).to_be_visible()
    expect(page.locator("#allocation-basis")).to_contain_text("50,000 shared across")
    axe.check(page)
    page.get_by_role("button", name="Attach allocation").click()
    expect(page.get_by_role("link", name="Choose the action to attach the allocation to"))\
        .to_be_visible()  # fmt: skip
    axe.check(page)
    action = "Equity report to every partnership board (illustrative)"
    page.get_by_label("Action in the plan").select_option(label=action)
    page.get_by_role("button", name="Attach allocation").click()
    expect(page.get_by_role("heading", level=1, name=action)).to_be_visible()
    expect(page.get_by_text(f"The allocation has been attached to {action}.")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Allocation 1: IMD 2019 score")))\
        .to_be_visible()  # fmt: skip
    expect(page.get_by_role("link", name="Download allocation 1 (CSV)")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Remove allocation 1").click()
    axe.check(page)
    page.get_by_role("button", name="Remove allocation").click()
    expect(page.get_by_text(f"The allocation has been removed from {action}.")).to_be_visible()
    expect(page.get_by_text("No allocation by need is attached.")).to_be_visible()
