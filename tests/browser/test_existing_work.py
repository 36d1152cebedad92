"""The register of partners' existing work in the browser: open it from the Stakeholders
section, add an entry (errors first), change it and remove it; axe-core on every page and no
Content Security Policy errors."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_change_and_remove_existing_work(page, demo, axe, csp_errors):
    sign_in(page, "editor@demo.example")
    page.get_by_role("navigation", name="Partnership menu").get_by_role(
        "link", name="Stakeholders"
    ).click()
    page.get_by_role("navigation", name="Stakeholders tools").get_by_role(
        "link", name="Partners' existing work"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Partners' existing work")).to_be_visible()
    register = page.get_by_role("table", name="Existing work, newest first")
    expect(register.get_by_role("row")).to_have_count(3)  # the header and two demo entries
    expect(page.get_by_role("link", name=re.compile("Download the register"))).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Add existing work").click()
    expect(page.get_by_role("heading", level=1, name="Add existing work")).to_be_visible()
    axe.check(page)
    page.get_by_label("Title").fill("Healthy ageing strategy")
    page.get_by_label("Link (optional)").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose what kind of work it is")).to_be_visible()
    expect(
        page.get_by_role("link", name="Enter a web address starting with https:// or http://")
    ).to_be_visible()
    axe.check(page)

    page.get_by_role("radio", name="Strategy").check()
    page.get_by_label("Partner organisation that did it (optional)").select_option(index=1)
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Link (optional)").fill("https://example.org/healthy-ageing")
    page.get_by_label("What it covers").fill("Older people's health across the district")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Healthy ageing strategy has been saved in the register.")
    ).to_be_visible()
    row = register.get_by_role("row", name=re.compile("Healthy ageing strategy"))
    expect(row).to_contain_text("Not decided yet")
    axe.check(page)

    page.get_by_role("link", name="Change Healthy ageing strategy").click()
    page.get_by_label("How the partnership will reuse it (optional)").fill(
        "Use its falls data for the older-age actions"
    )
    page.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("Use its falls data")

    page.get_by_role("link", name="Remove Healthy ageing strategy").click()
    expect(page.get_by_role("heading", name="Remove Healthy ageing strategy?")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Remove from the register").click()
    expect(page.get_by_text("has been removed from the register")).to_be_visible()
    expect(register.get_by_role("row")).to_have_count(3)
    assert not csp_errors
