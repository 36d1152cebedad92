"""Journey: an owner downloads the demo's workspace file from the settings page, then creates a
new partnership from it on the import page; a file from a newer version is refused with its
reason. axe-core on every page visited."""

import json

import pytest
from playwright.sync_api import expect

from placematters.partnerships.models import Partnership
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_exports_the_workspace_and_imports_it_as_a_new_partnership(page, axe, demo, tmp_path):
    sign_in(page, "owner@demo.example")
    page.goto(f"/p/{demo.slug}/settings/")
    page.get_by_role("link", name="Download everything this partnership has entered").click()
    expect(page.get_by_role("heading", level=1, name="Export the workspace")).to_be_visible()
    axe.check(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the workspace file").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"{demo.slug}-workspace-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["partnership"]["name"] == demo.name

    page.goto("/partnerships/")
    page.get_by_role("link", name="create one from a workspace file").click()
    expect(page.get_by_role("heading", level=1, name="Import a workspace")).to_be_visible()
    axe.check(page)

    # Nothing chosen: the error summary says what to do.
    page.get_by_role("button", name="Import and create partnership").click()
    expect(page.get_by_role("alert").get_by_text("Select a workspace file")).to_be_visible()
    axe.check(page)

    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**document, "version": 2}), encoding="utf-8")
    page.get_by_label("Workspace file").set_input_files(newer)
    page.get_by_role("button", name="Import and create partnership").click()
    expect(page.get_by_role("alert").get_by_text("format version 2")).to_be_visible()
    axe.check(page)
    assert Partnership.objects.count() == 1

    page.get_by_label("Workspace file").set_input_files(saved)
    page.get_by_label("Web address name (optional)").fill("demo-copy")
    page.get_by_role("button", name="Import and create partnership").click()
    expect(page.get_by_text(f"{demo.name} was created from the file.")).to_be_visible()
    assert page.url.endswith("/p/demo-copy/")
    axe.check(page)
