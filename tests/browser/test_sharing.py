"""Sharing between partnerships: an owner publishes a plan through the preview and the
confirmation, another partnership's editor finds it by filter and copies it into their plan,
and the comparison shows both demo partnerships; axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from placematters.demo.sharing import LOCALITY_NAME, build_locality_demo
from placematters.planning.models import PlanAction
from placematters.sharing.models import Publication
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Coastal plan shared from the browser (illustrative)"


@pytest.fixture
def demos(demo):
    return demo, build_locality_demo(first=demo)


def test_publish_find_by_filter_copy_and_compare(page, axe, demos):
    first, locality = demos
    sign_in(page, "owner@demo.example")
    expect(page.get_by_role("heading", level=1, name="Your partnerships")).to_be_visible()
    page.goto(f"/p/{first.slug}/sharing/")
    expect(page.get_by_role("heading", level=1, name="Sharing and comparing")).to_be_visible()
    axe.check(page)
    for kind in ("case-study", "logic-model"):
        page.goto(f"/p/{first.slug}/sharing/publish/{kind}/")
        axe.check(page)
    page.goto(f"/p/{first.slug}/sharing/comparison-choice/")
    axe.check(page)

    page.goto(f"/p/{first.slug}/sharing/")
    page.get_by_role("link", name="Publish a redacted copy of the action plan").click()
    page.get_by_role("button", name="Preview what will be published").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe.check(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("Our plan, for other coastal places to start from.")
    page.get_by_label("Type of area").select_option("urban")
    page.get_by_role("button", name="Preview what will be published").click()
    expect(page.get_by_role("heading", name="Check what will be published")).to_be_visible()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Stop-smoking clinics in the coastal wards (illustrative)")
    expect(preview).not_to_contain_text("Olu Owens")
    expect(preview).not_to_contain_text("North Norfolk District Council")
    axe.check(page)
    assert not Publication.objects.filter(title=TITLE).exists()

    page.get_by_role("button", name="Publish to the bank").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe.check(page)
    assert not Publication.objects.filter(title=TITLE).exists()
    page.get_by_label(re.compile("^I have checked what will be published")).check()
    page.get_by_role("button", name="Publish to the bank").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    axe.check(page)
    published = Publication.objects.get(title=TITLE)
    page.goto(f"/p/{first.slug}/sharing/publications/{published.pk}/withdraw/")
    axe.check(page)

    page.context.clear_cookies()
    sign_in(page, "editor@demo.example")
    page.goto("/bank/")
    expect(page.get_by_role("heading", level=1, name="Good-practice bank")).to_be_visible()
    axe.check(page)
    page.get_by_label("Type of area").select_option("urban")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results")).to_have_text("1 publication found")
    axe.check(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    axe.check(page)
    before = PlanAction.objects.filter(partnership=locality).count()
    page.get_by_role("button", name="Use as a template").click()
    axe.check(page)
    page.get_by_role("button", name="Copy the actions into the plan").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe.check(page)
    page.get_by_label(LOCALITY_NAME).check()
    page.get_by_role("button", name="Copy the actions into the plan").click()
    expect(page.get_by_text(re.compile(r"were added to the plan"))).to_be_visible()
    copied = len(published.content["actions"])
    assert PlanAction.objects.filter(partnership=locality).count() == before + copied
    assert PlanAction.objects.filter(
        partnership=locality, title="Stop-smoking clinics in the coastal wards (illustrative)"
    ).exists()

    page.goto(f"/p/{locality.slug}/compare/")
    expect(page.get_by_role("heading", level=1, name="Comparison of localities")).to_be_visible()
    table = page.locator("#comparison-actions")
    expect(table).to_contain_text(first.name)
    expect(table).to_contain_text(LOCALITY_NAME)
    expect(page.get_by_role("img", name=re.compile("Actions in each partnership"))).to_be_visible()
    expect(page.get_by_role("link", name="Download the comparison (CSV)")).to_be_visible()
    axe.check(page)


def test_bank_filters_work_without_javascript(page_without_javascript, demos):
    page = page_without_javascript
    sign_in(page, "viewer@demo.example")
    page.goto("/bank/")
    page.get_by_label("Type of publication").select_option("case_study")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results")).to_have_text("1 publication found")
    expect(
        page.get_by_role("link", name=re.compile("Drop-in stop-smoking clinics"))
    ).to_be_visible()
