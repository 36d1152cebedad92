"""Plain helpers shared by the browser tests (the fixtures are in conftest.py)."""

from playwright.sync_api import expect

DEMO_PASSWORD = "illustrative-demo-passphrase"


def sign_in(page, email: str, axe=None) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Place Matters")).to_be_visible()
    if axe:
        axe.check(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
