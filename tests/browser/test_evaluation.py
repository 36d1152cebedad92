"""The evaluation framework in the browser: set out how an outcome will be evaluated, see the
checks change, agree the framework (a future date refused first), and read the demo's agreed
framework as a viewer; axe-core on every page visited."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from placematters.accounts.actions import account_create
from placematters.logic_model import actions as logic_actions
from placematters.measures import actions as measure_actions
from placematters.partnerships import actions as partnership_actions
from tests.browser.helpers import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_model():
    user = account_create(
        email="evaluator@example.org", full_name="Eva Luator", password=DEMO_PASSWORD
    )
    partnership = partnership_actions.partnership_create(by=user, name="Walking partnership")

    def add(kind, title):
        return logic_actions.logic_element_add(
            by=user, partnership=partnership, kind=kind, title=title
        )

    walkers, groups, active = (
        add("input", "Volunteer walk leaders"),
        add("activity", "Walking groups"),
        add("outcome_short", "More people active"),
    )
    logic_actions.logic_link_add(by=user, partnership=partnership, source=walkers, target=groups)
    logic_actions.logic_link_add(by=user, partnership=partnership, source=groups, target=active)
    measure = measure_actions.measure_add(
        by=user, partnership=partnership, name="People on a walk each week",
        category="how_much", service="Walking groups", unit="people",
    )  # fmt: skip
    measure_actions.measure_value_add(
        by=user, measure=measure, period=datetime.date(2026, 1, 1), value=40
    )
    return partnership


def test_set_out_an_outcome_and_agree_the_framework(page, axe, small_model):
    sign_in(page, "evaluator@example.org")
    page.goto(f"/p/{small_model.slug}/plan/")
    page.get_by_role("navigation", name="Action plan tools").get_by_role(
        "link", name="Evaluation framework"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Evaluation framework")).to_be_visible()
    warnings = page.locator("#evaluation-warnings")
    expect(warnings).to_contain_text("“More people active” has no evaluation entry yet")
    expect(page.locator("#resources")).to_be_visible()
    expect(page.locator("#framework-status")).to_have_text("Draft")
    axe.check(page)

    page.get_by_role("link", name="Set out how to evaluate More people active").first.click()
    expect(
        page.get_by_role("heading", level=1, name="How to evaluate More people active")
    ).to_be_visible()
    expect(
        page.get_by_text(
            "Inputs that lead to this outcome in the logic model: Volunteer walk leaders"
        )
    ).to_be_visible()
    axe.check(page)
    page.get_by_label("Performance measure (optional)").select_option(
        label="People on a walk each week"
    )
    page.get_by_label("Data source (optional)").fill("Walk leaders' registers")
    page.get_by_label("Target (optional)").fill("60 people a week by December")
    page.get_by_label("How often it is looked at (optional)").select_option(label="Quarterly")
    page.get_by_label("Member responsible (optional)").select_option(label="Eva Luator")
    page.get_by_label("Groups the figure is broken down by (optional)").fill("Ward, age band")
    page.get_by_label("Soft outcomes (optional)").fill("Feeling less lonely")
    page.get_by_role("radio", name="Enough", exact=True).check()
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_text("The evaluation of More people active has been saved.")).to_be_visible()
    expect(warnings).not_to_contain_text("has no evaluation entry")
    expect(warnings).to_contain_text("No entry tracks an inequality gap")
    outcome_card = page.locator(".govuk-summary-card", has_text="More people active")
    expect(outcome_card).to_contain_text("Measure: People on a walk each week")
    expect(outcome_card).to_contain_text("60 people a week by December")
    expect(outcome_card).to_contain_text("Enough (inputs: Volunteer walk leaders)")
    axe.check(page)

    outcome_card.get_by_role("link", name="Remove the evaluation of More people active").click()
    expect(
        page.get_by_role("heading", level=1, name="Remove the evaluation of More people active?")
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Cancel").click()
    expect(outcome_card).to_contain_text("60 people a week by December")

    page.get_by_role("button", name="Change the design, review and sharing").click()
    axe.check(page)
    page.get_by_role("radio", name="Contribution analysis").check()
    page.get_by_label("When results are reviewed (optional)").fill("Every quarter")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("The evaluation design and arrangements have been saved.")
    ).to_be_visible()

    page.get_by_role("button", name="Agree the framework").click()
    expect(
        page.get_by_role("heading", level=1, name="Agree the evaluation framework")
    ).to_be_visible()
    axe.check(page)
    page.get_by_label("Date the partnership agreed the framework").fill("2099-01-01")
    page.get_by_role("button", name="Agree the framework").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role(
            "link", name="The date the framework was agreed must be today or in the past"
        )
    ).to_be_visible()
    axe.check(page)
    today = timezone.localdate()
    page.get_by_label("Date the partnership agreed the framework").fill(today.isoformat())
    page.get_by_role("button", name="Agree the framework").click()
    expect(page.get_by_text("The evaluation framework is agreed.")).to_be_visible()
    expect(page.locator("#framework-status")).to_have_text("Agreed")
    expect(page.get_by_text(f"Agreed on {today:%-d %B %Y} by Eva Luator")).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Reopen the framework").click()
    axe.check(page)
    page.get_by_role("button", name="Reopen the framework").click()
    expect(page.locator("#framework-status")).to_have_text("Draft")


def test_a_viewer_reads_the_demo_framework(page, axe, demo):
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/evaluation/")
    expect(page.locator("#framework-status")).to_have_text("Agreed")
    expect(page.locator("#evaluation-warnings")).to_contain_text(
        "“Better mental wellbeing in the coastal wards” has no evaluation entry yet"
    )
    expect(page.get_by_role("button", name="Agree the framework")).to_have_count(0)
    expect(page.get_by_role("button", name="Reopen the framework")).to_have_count(0)
    axe.check(page)
