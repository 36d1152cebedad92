"""Community engagement in the browser: logging an engagement with what was heard, and the
coverage check, with axe-core on every page, with JavaScript and without."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_logs_an_engagement_and_a_quote_without_consent_is_withheld(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.get_by_role("link", name="Engagement", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Community engagement")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Engagement log").click()
    expect(page.get_by_role("heading", level=1, name="Engagement log")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Log an engagement").click()
    axe.check(page)

    page.get_by_role("button", name="Save engagement").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary").get_by_text("Enter what happened")).to_be_visible()
    axe.check(page)

    page.get_by_label("What happened").fill("Stall at the school gate")
    page.get_by_label("Date").fill("2027-02-03")
    page.get_by_label("Young carers").check()
    page.get_by_label("How many people took part").fill("11")
    page.get_by_label("Collaborating").check()
    page.get_by_role("button", name="Save engagement").click()
    expect(page.get_by_role("heading", level=1, name="Stall at the school gate")).to_be_visible()
    axe.check(page)

    page.get_by_role("radio", name="Quote").check()
    page.get_by_label("What was heard").fill("Nobody asks us what we need")
    page.get_by_role("button", name="Add theme or quote").click()
    expect(page.get_by_text("No consent: never shared")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="You said, we did").click()
    expect(page.get_by_role("heading", level=1, name="You said, we did")).to_be_visible()
    expect(page.get_by_text("Quote withheld: no consent").first).to_be_visible()
    expect(page.get_by_text("Nobody asks us what we need")).to_have_count(0)
    axe.check(page)


def test_coverage_check_names_the_gaps_with_chart_table_and_download(page, demo, axe):
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/engagement/coverage/")
    expect(page.get_by_role("heading", level=1, name="Coverage check")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Highest level of participation"))
    ).to_be_visible()
    table = page.locator("#coverage-table")
    expect(
        table.get_by_role("row", name=re.compile("Young carers.*Gap: Not yet engaged"))
    ).to_be_visible()
    expect(page.locator("#coverage-gaps")).to_contain_text("Young carers")
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the coverage table (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.get_by_role("link", name="Capacity and sustainability").click()
    expect(page.get_by_role("heading", level=1, name="Capacity and sustainability")).to_be_visible()
    axe.check(page)


def test_logging_and_coverage_work_without_javascript(page_without_javascript, demo):
    page = page_without_javascript
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/engagement/log/new/")
    page.get_by_label("What happened").fill("Visit to the young carers' group")
    page.get_by_label("Date").fill("2027-02-10")
    page.get_by_label("Young carers").check()
    page.get_by_label("Involving").check()
    page.get_by_role("button", name="Save engagement").click()
    expect(
        page.get_by_role("heading", level=1, name="Visit to the young carers' group")
    ).to_be_visible()
    page.goto(f"/p/{demo.slug}/engagement/coverage/")
    expect(
        page.locator("#coverage-table").get_by_role(
            "row", name=re.compile("Young carers.*Reached involving")
        )
    ).to_be_visible()


def test_a_decision_links_to_the_action_plan_and_the_action_shows_what_was_heard(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/engagement/you-said-we-did/")
    row = page.get_by_role(
        "row", name=re.compile("People want health checks where they already go")
    )
    row.get_by_role("link", name=re.compile("Respond")).click()
    expect(page.get_by_role("heading", level=1, name="Record a decision")).to_be_visible()
    axe.check(page)

    page.get_by_label("What was decided").fill("Take health checks to the food pantry.")
    page.get_by_label("Date of the decision").fill("2027-02-12")
    page.get_by_label("Who decided").fill("Partnership board")
    pantry = "Health checks at the community food pantry (illustrative)"
    page.get_by_label(re.compile(re.escape(pantry))).check()
    page.get_by_role("button", name="Save decision").click()

    expect(page.get_by_role("heading", level=1, name="You said, we did")).to_be_visible()
    row = page.get_by_role(
        "row", name=re.compile("People want health checks where they already go")
    )
    expect(row.get_by_role("link", name=pantry)).to_be_visible()
    expect(row.get_by_text("At risk: amber")).to_be_visible()
    expect(row.get_by_text("Decided", exact=True)).to_be_visible()
    axe.check(page)

    row.get_by_role("link", name=pantry).click()
    expect(page.get_by_role("heading", level=1, name=pantry)).to_be_visible()
    expect(page.get_by_role("heading", name="What was heard that this answers")).to_be_visible()
    expect(page.get_by_text("People want health checks where they already go.")).to_be_visible()
    axe.check(page)
