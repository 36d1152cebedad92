"""axe-core on every kind of page an owner, a visitor and a person with errors sees."""

import pytest
from playwright.sync_api import expect

from placematters.demo.builder import build_demo
from tests.browser.helpers import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signed_out_pages_are_accessible(page, axe):
    for path, heading in [
        ("/accounts/sign-in/", "Sign in to Place Matters"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/sent/", "Check your e-mail"),
        ("/accounts/password/reset/MQ/bad-token/", "This link cannot be used"),
        ("/invitations/not-a-real-token/", "This invitation cannot be used"),
        ("/no-such-page/", "Page not found"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        axe.check(page)
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe.check(page)


def test_every_owner_page_is_accessible(page, axe, settings):
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    demo = build_demo().partnership
    sign_in(page, "owner@demo.example")
    expect(page.get_by_role("heading", level=1, name=demo.name)).to_be_visible()
    base = f"/p/{demo.slug}"
    item_path = page.locator("a[href*='/items/']").first.get_attribute("href")
    paths = [
        "/partnerships/",
        "/partnerships/new/",
        f"{base}/",
        f"{base}/stages/",
        f"{base}/stages/mapping-the-system/",
        f"{base}/stages/strengthen-community-action/",
        f"{base}/stages/evaluation-planning/",
        f"{base}/stages/implementation/",
        f"{base}/stages/implementation/items/new/",
        item_path,
        f"{item_path}edit/",
        f"{item_path}evidence/new/",
        f"{base}/settings/",
        f"{base}/settings/details/",
        f"{base}/settings/areas/new/",
        f"{base}/settings/organisations/new/",
        f"{base}/members/",
        f"{base}/members/invite/",
        f"{base}/leave/",
        f"{base}/activity/",
        "/accounts/password/change/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        axe.check(page)
    for path, button in [
        (f"{base}/members/invite/", "Send invitation"),
        (f"{item_path}evidence/new/", "Add link"),
        (f"{base}/settings/areas/new/", "Add area"),
    ]:
        page.goto(path)
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        axe.check(page)
    assert len(axe.pages_checked) == len(paths) + 3
