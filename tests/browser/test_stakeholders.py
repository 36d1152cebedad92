"""Stakeholders in the browser: add one, see it on the grid, move it in place (htmx) and
without JavaScript, and the agreed infrastructure page; axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from placematters.demo.stakeholders import COUNCIL, ICB, VCSE, demo_stakeholders_load
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Role, Sector
from tests.conftest import PASSWORD, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mapped(make_user):
    """A partnership with the demo's twelve illustrative stakeholders and an editor."""
    owner = make_user("grid-owner@example.org", "Grace Owner")
    partnership = partnership_actions.partnership_create(
        by=owner, name="Grid partnership", is_illustrative=True
    )
    for name in (COUNCIL, ICB, VCSE):
        partnership_actions.organisation_add(
            by=owner, partnership=partnership, name=name, sector=Sector.OTHER
        )
    add_member(partnership, owner, make_user("grid-editor@example.org", "Ed Grid"), Role.EDITOR)
    demo_stakeholders_load(partnership=partnership, by=owner)
    return partnership


def sign_in(page, email: str) -> None:
    page.goto("/accounts/sign-in/", timeout=30_000)  # the first request warms the server up
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_add_a_stakeholder_and_move_it_on_the_grid_in_place(page, mapped, axe):
    sign_in(page, "grid-editor@example.org")
    page.goto(f"/p/{mapped.slug}/stakeholders/")
    expect(page.get_by_role("heading", level=1, name="Stakeholders")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Power and interest grid"))).to_be_visible()
    expect(page.locator("#stakeholder-summary")).to_contain_text("12 stakeholders are mapped")
    axe.check(page)

    page.get_by_role("button", name="Add a stakeholder").click()
    expect(page.get_by_role("heading", level=1, name="Add a stakeholder")).to_be_visible()
    page.get_by_role("button", name="Add stakeholder").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the stakeholder's name")).to_be_visible()
    axe.check(page)

    page.get_by_label("Name", exact=True).fill("Food bank network")
    page.get_by_role("group", name="Power").get_by_label("2", exact=True).check()
    page.get_by_role("group", name="Interest").get_by_label("5", exact=True).check()
    page.get_by_label(
        "This stakeholder has lived experience of the issues the partnership works on"
    ).check()
    page.get_by_role("button", name="Add stakeholder").click()
    expect(page.get_by_text("Food bank network has been added to the grid.")).to_be_visible()
    expect(page.locator("#stakeholder-summary")).to_contain_text("13 stakeholders are mapped")
    row = page.locator("tr", has_text="Food bank network")
    expect(row).to_contain_text("Check approach")
    axe.check(page)

    row.get_by_label("Power of Food bank network").select_option("4")
    row.get_by_role("button", name="Move Food bank network").click()
    expect(page.get_by_role("status").filter(has_text="moved")).to_have_text(
        "Food bank network moved to power 4, interest 5: manage closely."
    )
    assert page.url.split("#")[0].endswith("/stakeholders/"), "moved in place, no reload"
    manage_closely = page.get_by_role("region", name="Stakeholders to manage closely")
    expect(
        manage_closely.get_by_role("rowheader", name=re.compile("^Food bank network"))
    ).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="partnership's agreed infrastructure").click()
    expect(
        page.get_by_role("heading", level=1, name="Agreed partnership infrastructure")
    ).to_be_visible()
    expect(page.get_by_text("every 6 weeks")).to_be_visible()
    axe.check(page)


def test_the_grid_works_without_javascript(page_without_javascript, mapped):
    page = page_without_javascript
    sign_in(page, "grid-editor@example.org")
    page.goto(f"/p/{mapped.slug}/stakeholders/")
    expect(page.get_by_role("img", name=re.compile("Power and interest grid"))).to_be_visible()
    row = page.locator("tr", has_text="Local newspaper")
    row.get_by_label("Interest of Local newspaper").select_option("4")
    row.get_by_role("button", name="Move Local newspaper").click()
    expect(
        page.get_by_text("Local newspaper moved to power 2, interest 4: keep informed.")
    ).to_be_visible()
    keep_informed = page.get_by_role("region", name="Stakeholders to keep informed")
    expect(
        keep_informed.get_by_role("rowheader", name=re.compile("^Local newspaper"))
    ).to_be_visible()


def test_the_grid_pages_without_our_scripts_pass_axe(page, mapped, axe):
    """axe-core needs JavaScript, so here only the site's own scripts are blocked: the pages
    as a visitor without JavaScript gets them (no htmx, no GOV.UK Frontend)."""
    page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    sign_in(page, "grid-editor@example.org")
    for path in ("stakeholders/", "infrastructure/", "stakeholders/new/"):
        page.goto(f"/p/{mapped.slug}/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe.check(page)
