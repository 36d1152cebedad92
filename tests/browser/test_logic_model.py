"""The theory of change logic model in the browser: build a small model from scratch (add
elements, link them, add an action in the plan that delivers the activity, see the diagram and
the checks change), refuse a backward link, and read the demo's model; axe-core on every page
visited."""

import re

import pytest
from playwright.sync_api import expect

from placematters.accounts.actions import account_create
from placematters.partnerships import actions as partnership_actions
from tests.browser.helpers import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh_partnership():
    user = account_create(
        email="builder@example.org", full_name="Bea Builder", password=DEMO_PASSWORD
    )
    return partnership_actions.partnership_create(by=user, name="Fresh start partnership")


def _add_element(page, kind: str, title: str, measure: str = "") -> None:
    page.get_by_role("link", name="Add an element").click()
    page.get_by_role("radio", name=kind, exact=True).check()
    page.get_by_label("Title", exact=True).fill(title)
    if measure:
        page.get_by_label("Other measure (optional)").fill(measure)
    page.get_by_role("button", name="Add element").click()
    expect(page.get_by_text(f"{title} has been added to the logic model.")).to_be_visible()


def test_build_a_small_logic_model_from_scratch(page, axe, fresh_partnership):
    sign_in(page, "builder@example.org")
    page.goto(f"/p/{fresh_partnership.slug}/logic-model/")
    expect(page.get_by_role("heading", level=1, name="Logic model")).to_be_visible()
    expect(page.get_by_text("The logic model has no elements yet")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Add an element").click()
    expect(page.get_by_role("heading", level=1, name="Add an element")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Add element").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose what kind of element this is")).to_be_visible()
    axe.check(page)
    page.get_by_role("navigation", name="Action plan tools").get_by_role(
        "link", name="Logic model"
    ).click()

    _add_element(page, "Activity", "Walking groups")
    warnings = page.locator("#logic-warnings")
    expect(warnings).to_contain_text("“Walking groups” leads to no outcome")
    expect(warnings).to_contain_text("“Walking groups” has no links")
    expect(page.get_by_role("img", name="Logic model diagram")).to_be_visible()
    axe.check(page)

    _add_element(page, "Short-term outcome", "More people active")
    expect(warnings).to_contain_text("“More people active” has no measure")

    page.get_by_role("link", name="Add a link").click()
    expect(page.get_by_role("heading", level=1, name="Add a link")).to_be_visible()
    axe.check(page)
    page.get_by_label("From").select_option(label="More people active (Short-term outcome)")
    page.get_by_label("Leads to").select_option(label="Walking groups (Activity)")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("A link must run forward along the chain"))
    ).to_be_visible()
    axe.check(page)
    page.get_by_label("From").select_option(label="Walking groups (Activity)")
    page.get_by_label("Leads to").select_option(label="More people active (Short-term outcome)")
    page.get_by_role("radio", name="High").check()
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_text("Walking groups now leads to More people active.")).to_be_visible()
    expect(warnings).not_to_contain_text("leads to no outcome")
    expect(warnings).to_contain_text("has no evidence")
    expect(page.locator(".pm-logic-link--high").first).to_be_attached()
    expect(page.locator(".pm-logic-text").first).to_contain_text(
        "More people active (high confidence)"
    )
    axe.check(page)

    page.get_by_role("link", name="Change More people active").click()
    axe.check(page)
    page.get_by_label("Other measure (optional)").fill("Active Lives survey, local boost")
    page.get_by_role("button", name="Save element").click()
    expect(warnings).not_to_contain_text("has no measure")

    page.get_by_role(
        "link", name="Change the link from Walking groups to More people active"
    ).click()
    axe.check(page)
    page.get_by_label("Evidence (optional)", exact=True).fill(
        "Walking groups raise activity (review)"
    )
    page.get_by_role("button", name="Save link").click()
    expect(warnings).to_contain_text("No action in the plan delivers the activity “Walking groups”")

    # an action in the plan delivers the activity: the last check is answered
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done").fill("Start two walking groups")
    page.get_by_label("Due by").fill("2027-03-31")
    page.get_by_role("group", name="What it delivers in the logic model (optional)").get_by_label(
        "Activity: Walking groups"
    ).check()
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", level=1, name="Start two walking groups")).to_be_visible()
    page.goto(f"/p/{fresh_partnership.slug}/logic-model/")
    expect(page.get_by_text("Delivered by 1 action in the plan")).to_be_visible()
    expect(page.get_by_text("No warnings: every activity leads to an outcome")).to_be_visible()
    expect(
        page.get_by_role("link", name="Download the logic model's elements and links (CSV)")
    ).to_be_visible()
    axe.check(page)

    page.get_by_role(
        "link", name="Remove the link from Walking groups to More people active"
    ).click()
    axe.check(page)
    page.get_by_role("button", name="Remove link").click()
    expect(warnings).to_contain_text("“Walking groups” leads to no outcome")


def test_the_demo_model_shows_its_checks_and_text(page, demo, axe):
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/logic-model/")
    expect(page.get_by_role("img", name="Logic model diagram")).to_be_visible()
    expect(page.locator("#logic-warnings")).to_contain_text(
        "“Better mental wellbeing in the coastal wards” has no measure"
    )
    expect(page.get_by_role("heading", level=3, name="Impact")).to_be_visible()
    expect(page.get_by_role("link", name="Add an element")).to_have_count(0)
    axe.check(page)
