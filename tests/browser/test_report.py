"""The summary report in the browser: open it from its tab, follow the contents, ask for a Word
file that waits for the worker (progress and a Refresh link), then make and download the PDF;
axe-core on the report page and on both states of the status page."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAITING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
AT_ONCE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_generate_the_demo_report_and_download_the_pdf(
    page, demo, axe, csp_errors, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, "viewer@demo.example")
    page.get_by_role("navigation", name="Partnership menu").get_by_role(
        "link", name="Summary report"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Summary report")).to_be_visible()
    expect(page.get_by_text("13 of 13 headings have entries.")).to_be_visible()
    expect(page.get_by_role("img", name="Actions by status")).to_be_visible()
    axe.check(page)

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="4. Implementation").click()
    expect(page.get_by_role("heading", level=2, name="4. Implementation")).to_be_in_viewport()

    page.get_by_role("button", name="Create the file").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Select whether you want a PDF or a Word document")
    ).to_be_visible()
    axe.check(page)

    settings.TASKS = WAITING
    page.get_by_role("radio", name="Word document").check()
    page.get_by_role("button", name="Create the file").click()
    expect(
        page.get_by_role("heading", level=1, name="Word document of the summary report")
    ).to_be_visible()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    expect(page.get_by_label("Progress")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh the status of this file")).to_be_visible()
    axe.check(page)

    settings.TASKS = AT_ONCE
    page.get_by_role("link", name="Summary report").first.click()
    page.get_by_role("radio", name="PDF").check()
    # The immediate backend draws the PDF inside the request: allow for a cold WeasyPrint on a
    # busy machine rather than the usual few seconds.
    page.set_default_timeout(60_000)
    page.get_by_role("button", name="Create the file").click()
    expect(page.get_by_role("heading", level=1, name="PDF of the summary report")).to_be_visible(
        timeout=60_000
    )
    page.set_default_timeout(10_000)
    expect(page.get_by_text("The file is ready.")).to_be_visible()
    axe.check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("summary-report-north-norfolk")
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / "report.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert not csp_errors
