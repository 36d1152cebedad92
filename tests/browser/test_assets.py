"""Assets: add an asset in the browser, then see the triangle, the map and the coverage page;
axe-core on every page visited, and the register's filters without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_adds_an_asset_and_sees_the_triangle_map_and_coverage(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/assets/")
    expect(page.get_by_role("heading", level=1, name="Asset register")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Add an asset").click()
    axe.check(page)
    page.get_by_label("Name", exact=True).fill("Seafront walking group")
    page.get_by_role("button", name="Save asset").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe.check(page)

    page.get_by_label("Community-centred (community-based)").check()
    page.get_by_label("Associations").check()
    page.get_by_label("Postcode").fill("nr27 9he")
    page.get_by_label("Diet and exercise (health behaviours)").check()
    page.get_by_role("button", name="Save asset").click()
    expect(page.get_by_role("heading", level=1, name="Seafront walking group")).to_be_visible()
    expect(page.get_by_text("NR27 9HE")).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Mark as checked today").click()
    expect(page.get_by_text("Verified today").first).to_be_visible()

    page.get_by_role("link", name="The triangle").click()
    expect(
        page.get_by_role("heading", level=1, name="The Population Intervention Triangle")
    ).to_be_visible()
    expect(page.get_by_role("img", name="The Population Intervention Triangle")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Community-centred")
    axe.check(page)

    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Map of assets")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="What drives health").first.click()
    expect(page.get_by_role("heading", level=1, name="What drives health")).to_be_visible()
    axe.check(page)


def test_register_filters_work_without_javascript(page_without_javascript, demo):
    page = page_without_javascript
    sign_in(page, "viewer@demo.example")
    page.goto(f"/p/{demo.slug}/assets/")
    page.get_by_label("Segment").select_option("civic")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#asset-count")).to_have_text("Showing 5 of 20 assets.")
