"""Open Referral UK in the browser: download the demo register, import it into a new
partnership, then an invalid file with its problems listed; axe-core on the import page and
its error and summary states."""

import json

import pytest
from playwright.sync_api import expect

from placematters.asset_mapping.models import Asset
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_then_import_a_valid_and_an_invalid_file(page, demo, axe, tmp_path):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/assets/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the register as Open Referral UK (JSON)").click()
    exported = tmp_path / "register.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    held = Asset.objects.filter(partnership=demo).count()
    assert len(document["service"]) == held > 0

    page.get_by_role("link", name="import an Open Referral UK file").click()
    expect(
        page.get_by_role("heading", level=1, name="Import an Open Referral UK file")
    ).to_be_visible()
    axe.check(page)

    broken = json.loads(exported.read_text())
    broken["service"][0]["status"] = "open"
    broken["location"][0]["latitude"] = "north"
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(broken))
    page.get_by_label("Upload an Open Referral UK file").set_input_files(bad)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems).to_contain_text("$.service[0].status")
    expect(problems).to_contain_text("$.location[0].latitude")
    axe.check(page)
    assert Asset.objects.filter(partnership=demo).count() == held

    # the same file again: every service is matched, nothing is added
    page.get_by_label("Upload an Open Referral UK file").set_input_files(exported)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    expect(page.get_by_text(f"0 assets added, 0 updated, {held} unchanged")).to_be_visible()
    axe.check(page)
    assert Asset.objects.filter(partnership=demo).count() == held
