"""Playwright driving Debian's Chromium (headless), and axe-core on every page visited.

Never `playwright install`: the browser is /usr/bin/chromium from Debian's packages.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from placematters.demo.builder import build_demo
from tests.browser.helpers import DEMO_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PLACEMATTERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make system-packages` (Debian chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class AccessibilityChecker:
    """Runs axe-core on a page; collects every violation so one test reports them all."""

    def __init__(self):
        self.axe = Axe()
        self.pages_checked: list[str] = []

    def check(self, page) -> None:
        results = self.axe.run(page)
        self.pages_checked.append(page.url)
        assert results.violations_count == 0, (
            f"axe found {results.violations_count} violation(s) on {page.url}:\n"
            + results.generate_report()
        )


@pytest.fixture
def axe():
    return AccessibilityChecker()


@pytest.fixture
def csp_errors():
    return []


@pytest.fixture
def page(browser, live_server, csp_errors):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not csp_errors, f"Content Security Policy errors in the browser: {csp_errors}"


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo(settings):
    """The demo partnership, whose people sign in with DEMO_PASSWORD."""
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    return build_demo().partnership
