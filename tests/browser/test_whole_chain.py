"""Done-when journey for planning and evaluation: a new user, with nothing but an account,
builds the whole chain in the browser. They create a partnership and its area of focus,
import an indicator file, mark a finding as a priority, add an action that answers it and
that they own, check it in a health equity assessment (a widening impact mitigated by that
action), and monitor a measure of the action as an SPC chart. axe-core on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from placematters.geography.models import Area
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEARS = range(2016, 2023)
# Smoking in adults: Norfolk above England and not falling as fast (illustrative figures).
CSV = "Area code,Area,Year,Smokers,Adults,Indicator\r\n" + "".join(
    f"{code},{name},{year},{smokers},{adults},Adults who smoke (illustrative)\r\n"
    for year in YEARS
    for code, name, smokers, adults in (
        ("E92000001", "England", 1500 - 20 * (year - 2016), 10_000),
        ("E10000020", "Norfolk", 330 - 2 * (year - 2016), 1_500),
    )
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def geography(db):
    Area.objects.create(code="E92000001", name="England", area_type="country", vintage="2019")
    Area.objects.create(code="E10000020", name="Norfolk", area_type="county_ua", vintage="2019")


def _sign_in(page, email: str) -> None:
    page.goto("/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _create_partnership(page, axe) -> str:
    page.goto("/partnerships/new/")
    axe.check(page)
    page.get_by_label("Name").fill("Breckland healthy towns partnership")
    page.get_by_role("button", name="Create partnership").click()
    expect(page.get_by_text(re.compile("has been created. You are its owner"))).to_be_visible()
    axe.check(page)
    slug = re.search(r"/p/([^/]+)/", page.url).group(1)
    page.get_by_role("button", name="Add an area of focus").click()
    page.get_by_label("GSS code").fill("E10000020")
    page.get_by_label("Area name").fill("Norfolk")
    axe.check(page)
    page.get_by_role("button", name=re.compile("^Add")).click()
    expect(page.get_by_role("cell", name="Norfolk", exact=True)).to_be_visible()
    return slug


def _import_indicator(page, axe, slug: str, tmp_path) -> None:
    path = tmp_path / "Smoking.csv"
    path.write_text(CSV, encoding="utf-8", newline="")
    page.goto(f"/p/{slug}/data/imports/new/")
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1, name="Choose the columns")).to_be_visible()
    page.get_by_label("Value", exact=True).select_option("")
    page.get_by_label("Count (numerator)").select_option("Smokers")
    page.get_by_label("Denominator", exact=True).select_option("Adults")
    page.get_by_label("Indicator name", exact=True).select_option("Indicator")
    page.get_by_label("Type of value").select_option("proportion")
    page.get_by_label("Values are given per").select_option("100")
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator("#batch-status .govuk-tag")).to_have_text("Imported")
    axe.check(page)


def _mark_priority(page, axe) -> None:
    page.get_by_role("link", name="Data", exact=True).click()
    page.get_by_role("link", name="Area profile of Norfolk").click()
    page.get_by_role("link", name="Adults who smoke (illustrative)").first.click()
    expect(
        page.get_by_role("heading", level=1, name="Adults who smoke (illustrative)")
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Mark as a priority").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("is now a priority"))


ACTION = "Stop-smoking drop-ins in Thetford"


def _add_owned_action(page, axe, slug: str) -> None:
    menu = page.get_by_role("navigation", name="Partnership menu")
    menu.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", level=1, name="Local area action plan")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("What will be done").fill(ACTION)
    page.get_by_label("Why (optional)").fill("More adults smoke here than in England.")
    finding = page.get_by_label("Priority finding it answers (optional)")
    option = finding.locator("option", has_text="Adults who smoke (illustrative)")
    finding.select_option(option.get_attribute("value"))
    page.get_by_label("Owner (optional)").select_option(label="Nia Analyst")
    due = timezone.localdate() + datetime.timedelta(days=120)
    page.get_by_label("Due by").fill(due.isoformat())
    page.get_by_role("radio", name="On track").check()
    axe.check(page)
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", level=1, name=ACTION)).to_be_visible()
    expect(page.get_by_text(re.compile("Adults who smoke")).first).to_be_visible()
    expect(page.get_by_text("Nia Analyst").first).to_be_visible()
    axe.check(page)


def _check_it_for_health_equity(page, axe, slug: str) -> None:
    page.goto(f"/p/{slug}/heat/")
    page.get_by_role("button", name="Start an assessment").click()
    page.get_by_label("Title of the assessment").fill("Stop-smoking plan equity check")
    page.get_by_role("button", name="Start assessment").click()
    page.get_by_role("link", name="1. Prepare").click()
    page.get_by_label("Describe the work").fill("Drop-in sessions in town-centre venues.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1, name="Assess")).to_be_visible()
    page.get_by_label("Age: Access", exact=True).fill("Few older smokers reach town venues.")
    page.get_by_label("HEAT priority for Age, access", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1, name="Refine and apply")).to_be_visible()
    page.get_by_label("Likely impact on Age", exact=True).select_option("widen")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Refine and apply has been saved as a draft.")).to_be_visible()

    # Until it is mitigated by an action, the widening is flagged on the plan.
    page.goto(f"/p/{slug}/plan/")
    flag = page.locator("#heat-unresolved")
    expect(flag).to_contain_text("Age")
    axe.check(page)

    flag.get_by_role("link", name="Stop-smoking plan equity check").click()
    page.get_by_role("link", name="3. Refine and apply").click()
    page.get_by_label("Mitigation for Age (optional)", exact=True).fill(
        "Sessions in sheltered housing lounges as well."
    )
    page.get_by_text("Actions that carry out the mitigation for Age", exact=True).click()
    page.get_by_role(
        "group", name="Actions in the plan that carry out the mitigation for Age (optional)"
    ).get_by_label(ACTION).check()
    page.get_by_label("What will you change to reduce the inequalities found?").fill(
        "Add venues older people already use."
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1, name="Review")).to_be_visible()
    page.get_by_label("Who will review the assessment").fill("Nia Analyst")
    page.get_by_role("button", name="Save and complete").click()
    expect(page.get_by_text("Stop-smoking plan equity check is complete.")).to_be_visible()
    axe.check(page)

    page.goto(f"/p/{slug}/plan/")
    expect(page.locator("#heat-unresolved")).to_have_count(0)
    page.get_by_role("link", name=ACTION).click()
    expect(page.locator("#action-heat-mitigations")).to_contain_text(
        "Sessions in sheltered housing lounges as well."
    )


def _monitor_it(page, axe, slug: str) -> None:
    page.goto(f"/p/{slug}/measures/")
    page.get_by_role("link", name="Add a performance measure").click()
    page.get_by_label("Measure", exact=True).fill("Smokers setting a quit date")
    page.get_by_role("radio", name="Is anyone better off?").check()
    page.get_by_label("Action of the plan it measures (optional)").select_option(label=ACTION)
    page.get_by_label("Target (optional)").fill("30")
    page.get_by_role("button", name="Add measure", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Smokers setting a quit date")).to_be_visible()
    page.get_by_role("link", name="Add a value").click()
    for month, value in enumerate(("21", "24", "22", "26", "25", "27", "29", "31"), start=1):
        page.get_by_label("Period").fill(f"2026-{month:02d}-01")
        page.get_by_label("Value").fill(value)
        page.get_by_role("button", name="Add value and add another").click()
        expect(page.get_by_text(re.compile("has been added"))).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("img", name="SPC chart of Smokers setting a quit date")).to_be_visible()
    expect(page.locator("#spc-table tbody tr")).to_have_count(8)
    axe.check(page)

    # The action now shows the whole chain: the finding, the equity check and the measure.
    page.goto(f"/p/{slug}/plan/")
    page.get_by_role("link", name=ACTION).click()
    expect(page.get_by_text(re.compile("Adults who smoke")).first).to_be_visible()
    expect(page.locator("#action-heat-mitigations")).to_contain_text("Age")
    expect(page.get_by_role("link", name="Smokers setting a quit date")).to_be_visible()
    axe.check(page)


def test_a_new_user_builds_the_chain_from_finding_to_monitored_action(
    page, axe, make_user, geography, tmp_path
):
    user = make_user("new.analyst@example.org", "Nia Analyst")
    _sign_in(page, user.email)
    slug = _create_partnership(page, axe)
    _import_indicator(page, axe, slug, tmp_path)
    _mark_priority(page, axe)
    _add_owned_action(page, axe, slug)
    _check_it_for_health_equity(page, axe, slug)
    _monitor_it(page, axe, slug)
