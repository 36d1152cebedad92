"""Journey: an editor uploads a generic CSV, maps its columns and sees the import finish; a bad
file shows its errors; a running import's status box updates itself (htmx) and, without
JavaScript, has a Refresh link. axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from placematters.indicators.models import ImportBatch
from tests.conftest import PASSWORD
from tests.integration.indicators.conftest import make_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Geography code,Geography,Year,Smokers,Adults,Measure\r\n"
    "E92000001,England,2019,1400,10000,Adults who smoke\r\n"
    "E10000020,Norfolk,2019,300,1500,Adults who smoke\r\n"
    "E10000029,Suffolk,2019,100,1000,Adults who smoke\r\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def areas(db):
    make_areas(["E92000001"], "country")
    make_areas(["E10000020", "E10000029"], "county_ua")


def sign_in(page, email: str) -> None:
    page.goto("/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_editor_uploads_maps_and_sees_the_import_finish(
    page, axe, editor, partnership, areas, tmp_path
):
    sign_in(page, editor.email)
    page.goto(f"/p/{partnership.slug}/data/imports/")
    expect(page.get_by_role("heading", level=1, name="Data imports")).to_be_visible()
    expect(page.get_by_text("No files have been imported yet")).to_be_visible()
    axe.check(page)

    page.get_by_role("button", name="Upload a file").click()
    expect(page.get_by_role("heading", level=1, name="Upload an indicator file")).to_be_visible()
    axe.check(page)

    # Nothing chosen: the error summary links to the field.
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("alert").get_by_text("Select a CSV or Excel file")).to_be_visible()
    axe.check(page)

    path = tmp_path / "Smoking 2019.csv"
    path.write_text(CSV, encoding="utf-8", newline="")
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_role("button", name="Upload and continue").click()

    expect(page.get_by_role("heading", level=1, name="Choose the columns")).to_be_visible()
    expect(page.get_by_label("Area code", exact=True)).to_have_value("Geography code")
    expect(page.get_by_label("Time period", exact=True)).to_have_value("Year")
    axe.check(page)

    # A required field left out is named, and nothing is imported.
    page.get_by_label("Area code", exact=True).select_option("")
    page.get_by_role("button", name="Import the file").click()
    expect(
        page.get_by_role("alert").get_by_text("Choose the column that holds the area code")
    ).to_be_visible()
    axe.check(page)
    assert ImportBatch.objects.count() == 0

    page.get_by_label("Area code", exact=True).select_option("Geography code")
    page.get_by_label("Count (numerator)").select_option("Smokers")
    page.get_by_label("Denominator", exact=True).select_option("Adults")
    page.get_by_label("Indicator name", exact=True).select_option("Measure")
    page.get_by_label("Type of value").select_option("proportion")
    page.get_by_label("Values are given per").select_option("100")
    page.get_by_role("button", name="Import the file").click()

    expect(page.get_by_role("heading", level=1, name="smoking-2019.csv")).to_be_visible()
    status = page.locator("#batch-status")
    expect(status.locator(".govuk-tag")).to_have_text("Imported")
    expect(status.get_by_text("Rows imported")).to_be_visible()
    expect(status.locator(".govuk-summary-list__value").first).to_have_text("3")
    axe.check(page)

    page.get_by_role("link", name="Data imports", exact=True).click()
    row = page.get_by_role("row", name=re.compile("smoking-2019.csv"))
    expect(row.locator(".govuk-tag")).to_have_text("Imported")
    axe.check(page)

    row.get_by_role("link", name=re.compile("^Delete")).click()
    expect(
        page.get_by_role("heading", name="Delete the import of smoking-2019.csv?")
    ).to_be_visible()
    axe.check(page)
    page.get_by_role("button", name="Delete import").click()
    expect(page.get_by_text("3 observations have been deleted")).to_be_visible()
    axe.check(page)


def test_a_bad_file_shows_its_errors_by_line(page, axe, editor, partnership, areas, tmp_path):
    sign_in(page, editor.email)
    path = tmp_path / "bad.csv"
    path.write_text(CSV + "E99999999,Nowhere,2019,5,ten,Adults who smoke\r\n", encoding="utf-8")
    page.goto(f"/p/{partnership.slug}/data/imports/new/")
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_label("Value", exact=True).select_option("")
    page.get_by_label("Count (numerator)").select_option("Smokers")
    page.get_by_label("Denominator", exact=True).select_option("Adults")
    page.get_by_label("Indicator name", exact=True).select_option("Measure")
    page.get_by_role("button", name="Import the file").click()

    status = page.locator("#batch-status")
    expect(status.locator(".govuk-tag")).to_have_text("Failed")
    expect(status.get_by_text("2 problems found")).to_be_visible()
    table = status.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Line", "Column", "Reason"])
    expect(table.get_by_text(re.compile("unknown area code"))).to_be_visible()
    axe.check(page)


def test_a_running_import_updates_itself_with_htmx(page, axe, editor, partnership):
    batch = ImportBatch.objects.create(
        partnership=partnership,
        kind="indicators",
        format="csv",
        source_file="0123456789ab-waiting.csv",
        status=ImportBatch.Status.RUNNING,
        progress=30,
        created_by=editor,
    )
    sign_in(page, editor.email)
    page.goto(f"/p/{partnership.slug}/data/imports/{batch.pk}/")
    status = page.locator("#batch-status")
    expect(status.get_by_text("30% done")).to_be_visible()
    expect(status.get_by_role("link", name=re.compile("^Refresh"))).to_be_visible()
    axe.check(page)

    ImportBatch.objects.filter(pk=batch.pk).update(progress=70)
    expect(status.get_by_text("70% done")).to_be_visible()
    ImportBatch.objects.filter(pk=batch.pk).update(status="done", progress=100, row_count=12)
    expect(status.locator(".govuk-tag")).to_have_text("Imported")
    expect(status.get_by_text("Rows imported")).to_be_visible()
    assert page.locator("[hx-trigger]").count() == 0, "polling stops once the import is done"
    axe.check(page)


def test_without_javascript_the_refresh_link_shows_progress(
    page_without_javascript, editor, partnership
):
    page = page_without_javascript
    batch = ImportBatch.objects.create(
        partnership=partnership,
        kind="indicators",
        format="csv",
        source_file="0123456789ab-waiting.csv",
        status=ImportBatch.Status.RUNNING,
        progress=10,
        created_by=editor,
    )
    sign_in(page, editor.email)
    page.goto(f"/p/{partnership.slug}/data/imports/{batch.pk}/")
    expect(page.get_by_text("10% done")).to_be_visible()
    ImportBatch.objects.filter(pk=batch.pk).update(status="done", progress=100, row_count=5)
    page.get_by_role("link", name=re.compile("^Refresh")).click()
    expect(page.locator("#batch-status .govuk-tag")).to_have_text("Imported")
