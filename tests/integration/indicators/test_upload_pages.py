"""The web upload of indicator files: upload → mapping → background import → batch page.

Real database, the test client, and the tasks framework's immediate backend (tests/conftest.py),
so the import runs when the action's transaction commits.
"""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from placematters.audit.models import AuditEvent
from placematters.indicators import views
from placematters.indicators.actions import indicators_import, indicators_import_start
from placematters.indicators.forms import (
    PREFIX_LENGTH,
    display_name,
    stored_name,
    upload_folder,
)
from placematters.indicators.models import ImportBatch, Observation
from tests.integration.indicators.conftest import database_counts
from tests.unit.indicators.samples import (
    ENGLAND,
    NORFOLK,
    SUFFOLK,
    fingertips_text,
    smoking_rows,
    write_fingertips,
)

pytestmark = pytest.mark.django_db

GENERIC_CSV = (
    "Geography code,Geography,Year,Smokers,Adults,Measure\r\n"
    f"{ENGLAND},England,2019,1400,10000,Adults who smoke\r\n"
    f"{NORFOLK},Norfolk,2019,300,1500,Adults who smoke\r\n"
    f"{SUFFOLK},Suffolk,2019,100,1000,Adults who smoke\r\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, partnership, name: str, content: bytes | str):
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle = io.BytesIO(data)
    handle.name = name
    return client.post(reverse("indicators:upload", args=[partnership.slug]), {"file": handle})


def stored_files(partnership) -> list:
    folder = upload_folder(partnership)
    return sorted(folder.iterdir()) if folder.exists() else []


GENERIC_MAPPING = {
    "area_code": "Geography code",
    "area_name": "Geography",
    "period": "Year",
    "count": "Smokers",
    "denominator": "Adults",
    "indicator_name": "Measure",
    "value_type": "proportion",
    "multiplier": "100",
    "polarity": "lower_is_better",
}


def test_generic_csv_upload_maps_columns_imports_and_shows_the_batch(
    client, editor, partnership, sample_areas, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    response = upload(client, partnership, "C:\\Users\\me\\Smoking 2019.csv", GENERIC_CSV)
    mapping_url = reverse("indicators:mapping", args=[partnership.slug])
    assert response.status_code == 302 and response.url == mapping_url

    # The file is kept under uploads/<partnership id>/ with a generated name, no user path.
    (stored,) = stored_files(partnership)
    assert stored.parent.name == str(partnership.pk)
    assert stored.name.endswith("-smoking-2019.csv") and "\\" not in stored.name
    assert ImportBatch.objects.count() == 0

    page = client.get(mapping_url)
    assert page.status_code == 200
    text = page.text
    assert "Choose the columns" in text and "Smoking 2019.csv" in text
    # suggest_mapping pre-selects the columns it recognises.
    assert '<option value="Geography code" selected>' in text
    assert '<option value="Year" selected>' in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mapping_url, GENERIC_MAPPING)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("indicators:batch", args=[partnership.slug, batch.pk])
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.row_count, batch.partnership, batch.created_by) == (3, partnership, editor)
    norfolk = Observation.objects.get(area_code=NORFOLK)
    assert norfolk.value == pytest.approx(20.0)  # 300 / 1500 as a percentage
    assert norfolk.indicator.name == "Adults who smoke"
    assert norfolk.indicator.partnership == partnership

    page = client.get(response.url)
    assert page.status_code == 200
    assert "Imported" in page.text and "govuk-tag--green" in page.text
    assert "Rows imported" in page.text and "hx-trigger" not in page.text
    assert "Smoking-2019.csv".lower() in page.text.lower()
    # The data overview is linked once it exists; until then, the imports list.
    overview = views.overview_url(partnership.slug)
    assert (overview or reverse("indicators:imports", args=[partnership.slug])) in page.text

    listing = client.get(reverse("indicators:imports", args=[partnership.slug]))
    assert "smoking-2019.csv" in listing.text and "Eddie Editor" in listing.text
    assert set(
        AuditEvent.objects.filter(partnership=partnership).values_list("verb", flat=True)
    ) >= {"indicators.import_queued", "indicators.imported"}


def test_a_fingertips_download_goes_straight_to_the_import(
    client, owner, partnership, sample_areas, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, partnership, "fingertips.csv", fingertips_text(smoking_rows()))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("indicators:batch", args=[partnership.slug, batch.pk])
    assert (batch.status, batch.format, batch.row_count) == ("done", "fingertips", 4)
    page = client.get(response.url)
    assert "Fingertips data download" in page.text
    assert "Indicators" in page.text


def test_an_excel_workbook_is_mapped_and_imported(
    client, editor, partnership, sample_areas, django_capture_on_commit_callbacks
):
    workbook = Workbook()
    sheet = workbook.active
    for line in GENERIC_CSV.strip().split("\r\n"):
        cells = line.split(",")
        sheet.append([int(c) if c.isdigit() else c for c in cells])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(editor)
    response = upload(client, partnership, "smoking.xlsx", data.getvalue())
    assert response.url == reverse("indicators:mapping", args=[partnership.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, GENERIC_MAPPING)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.row_count) == ("done", 3)


def test_a_file_with_bad_rows_fails_with_an_errors_table_and_stores_nothing(
    client, editor, partnership, sample_areas, django_capture_on_commit_callbacks
):
    bad = GENERIC_CSV + "E99999999,Nowhere,2019,5,ten,Adults who smoke\r\n"
    client.force_login(editor)
    upload(client, partnership, "bad.csv", bad)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("indicators:mapping", args=[partnership.slug]), GENERIC_MAPPING
        )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert Observation.objects.count() == 0
    page = client.get(response.url)
    assert "Failed" in page.text and "govuk-tag--red" in page.text
    assert "2 problems found" in page.text
    assert '<th scope="col" class="govuk-table__header">Reason</th>' in page.text
    assert "unknown area code" in page.text and "Adults" in page.text
    assert "nothing from it has been stored" in page.text


def test_the_status_box_polls_while_the_import_runs_and_has_a_refresh_link(
    client, viewer, owner, partnership, tmp_path
):
    # Not executing the on-commit callbacks leaves the batch waiting, as a busy worker would.
    path = write_fingertips(tmp_path / "waiting.csv", smoking_rows())
    batch = indicators_import_start(by=owner, partnership=partnership, path=path)
    url = reverse("indicators:batch", args=[partnership.slug, batch.pk])
    client.force_login(viewer)
    page = client.get(url)
    assert 'hx-trigger="every 1s"' in page.text
    assert f'hx-get="{url}"' in page.text
    assert ">Refresh<" in page.text  # without JavaScript
    assert '<progress id="batch-progress"' in page.text
    assert "<html" in page.text

    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'id="batch-status"' in partial.text and "<html" not in partial.text
    assert 'hx-trigger="every 1s"' in partial.text

    ImportBatch.objects.filter(pk=batch.pk).update(status="running", progress=40)
    assert "40% done" in client.get(url, headers={"HX-Request": "true"}).text

    ImportBatch.objects.filter(pk=batch.pk).update(status="done", progress=100, row_count=4)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in finished.text  # polling stops when done
    assert "Rows imported" in finished.text


def test_shared_reference_batches_are_not_listed_or_shown(
    client, owner, partnership, sample_areas, tmp_path
):
    shared = indicators_import(path=write_fingertips(tmp_path / "shared.csv", smoking_rows()))
    client.force_login(owner)
    listing = client.get(reverse("indicators:imports", args=[partnership.slug]))
    assert listing.status_code == 200
    assert "No files have been imported yet" in listing.text
    assert "shared.csv" not in listing.text
    page = client.get(reverse("indicators:batch", args=[partnership.slug, shared.pk]))
    assert page.status_code == 404
    delete = client.post(reverse("indicators:batch_delete", args=[partnership.slug, shared.pk]))
    assert delete.status_code == 404
    assert ImportBatch.objects.filter(pk=shared.pk).exists()


def test_another_partnerships_batch_is_not_found(
    client, owner, outsider, partnership, sample_areas, tmp_path
):
    path = write_fingertips(tmp_path / "ours.csv", smoking_rows())
    ours = indicators_import(path=path, partnership=partnership, by=owner)
    other = outsider.memberships.get().partnership
    client.force_login(outsider)
    assert client.get(reverse("indicators:batch", args=[other.slug, ours.pk])).status_code == 404
    assert (
        client.get(reverse("indicators:batch", args=[partnership.slug, ours.pk])).status_code == 404
    )


def test_deleting_a_batch_asks_first_then_removes_its_observations_and_file(
    client, editor, partnership, sample_areas, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, partnership, "fingertips.csv", fingertips_text(smoking_rows()))
    batch = ImportBatch.objects.get()
    assert Observation.objects.filter(batch=batch).count() == 4
    assert len(stored_files(partnership)) == 1
    url = reverse("indicators:batch_delete", args=[partnership.slug, batch.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Delete the import of fingertips.csv?" in confirm.text
    assert ImportBatch.objects.filter(pk=batch.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("indicators:imports", args=[partnership.slug])
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert Observation.objects.count() == 0
    assert stored_files(partnership) == []
    event = AuditEvent.objects.get(verb="indicators.batch_deleted")
    assert (event.actor, event.partnership) == (editor, partnership)
    listing = client.get(response.url)
    assert "4 observations have been deleted" in listing.text


def test_a_running_import_cannot_be_deleted(client, owner, partnership, tmp_path):
    path = write_fingertips(tmp_path / "waiting.csv", smoking_rows())
    batch = indicators_import_start(by=owner, partnership=partnership, path=path)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    client.force_login(owner)
    response = client.post(reverse("indicators:batch_delete", args=[partnership.slug, batch.pk]))
    assert response.status_code == 400
    assert "still running" in response.text
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


# --------------------------------------------------------------------------------------------
# Bad input: a clear message, and nothing stored (no file kept, no batch, no audit event)


def _zip_without_workbook() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return data.getvalue()


BAD_FILES = {
    "wrong extension": ("values.txt", GENERIC_CSV, "must be a CSV or an Excel .xlsx file"),
    "no extension": ("values", GENERIC_CSV, "must be a CSV or an Excel .xlsx file"),
    "old Excel": ("values.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "must be a CSV or an Excel"),
    "empty": ("values.csv", b"", "The selected file is empty"),
    "only blank lines": ("values.csv", "\r\n\r\n", "the file is empty"),
    "not UTF-8": (
        "values.csv",
        GENERIC_CSV.replace("Norfolk", "Norf\u00f6lk").encode("cp1252"),
        "save it as &#x27;CSV UTF-8&#x27;",
    ),
    "a workbook named .csv": ("values.csv", _zip_without_workbook(), "is a spreadsheet"),
    "a CSV named .xlsx": ("values.xlsx", GENERIC_CSV, "is not an Excel workbook"),
    "a zip that is no workbook": ("values.xlsx", _zip_without_workbook(), "zip file of something"),
    "column names only": ("values.csv", "Area code,Year,Value\r\n", "no rows of data"),
    "truncated": (
        "values.csv",
        GENERIC_CSV + f'{NORFOLK},"Norfolk,2020,3',
        "cannot be read",
    ),
    "binary": ("values.csv", "a,b\r\n1,\x00\r\n", "not a text file"),
}


@pytest.mark.parametrize("problem", BAD_FILES)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_stored(
    client, editor, partnership, problem
):
    name, content, message = BAD_FILES[problem]
    client.force_login(editor)
    before = database_counts()
    response = upload(client, partnership, name, content)
    assert response.status_code == 400, problem
    assert "There is a problem" in response.text
    assert message in response.text, (problem, response.text[-3000:])
    assert 'href="#id_file"' in response.text
    assert stored_files(partnership) == []
    assert database_counts() == before


def test_a_file_over_the_size_limit_is_refused(client, editor, partnership, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(editor)
    response = upload(client, partnership, "big.csv", GENERIC_CSV + "x" * (1024 * 1024))
    assert response.status_code == 400
    assert "must be smaller than 1 MB" in response.text
    assert stored_files(partnership) == []


def test_no_file_selected(client, editor, partnership):
    client.force_login(editor)
    response = client.post(reverse("indicators:upload", args=[partnership.slug]), {})
    assert response.status_code == 400
    assert "Select a CSV or Excel file" in response.text


def test_a_mapping_without_the_required_fields_says_which_and_stores_nothing(
    client, editor, partnership, sample_areas
):
    client.force_login(editor)
    upload(client, partnership, "values.csv", GENERIC_CSV)
    url = reverse("indicators:mapping", args=[partnership.slug])
    before = database_counts()
    response = client.post(url, {"area_name": "Geography", "count": "Smokers"})
    assert response.status_code == 400
    for message in (
        "Choose the column that holds the area code",
        "Choose the column that holds the time period",
        "Choose the column that holds the value, or both count and denominator",
        "Choose the column that names the indicator",
    ):
        assert message in response.text
    assert 'href="#id_area_code"' in response.text
    assert database_counts() == before
    # A column the file does not have is refused too.
    response = client.post(url, {**GENERIC_MAPPING, "area_code": "Not a column"})
    assert response.status_code == 400 and "Choose a column of the file for Area code" in (
        response.text
    )
    assert database_counts() == before


def test_a_constant_indicator_name_stands_in_for_a_column(
    client, editor, partnership, sample_areas, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    upload(client, partnership, "values.csv", GENERIC_CSV)
    mapping = {k: v for k, v in GENERIC_MAPPING.items() if k != "indicator_name"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("indicators:mapping", args=[partnership.slug]),
            {**mapping, "indicator_constant": "Smoking prevalence"},
        )
    assert ImportBatch.objects.get().status == "done"
    assert Observation.objects.get(area_code=NORFOLK).indicator.name == "Smoking prevalence"


def test_the_mapping_page_without_an_upload_sends_you_to_upload(client, editor, partnership):
    client.force_login(editor)
    response = client.get(reverse("indicators:mapping", args=[partnership.slug]))
    assert response.status_code == 302
    assert response.url == reverse("indicators:upload", args=[partnership.slug])


# --------------------------------------------------------------------------------------------
# Roles


def test_a_viewer_sees_imports_but_cannot_upload_or_delete(
    client, viewer, owner, partnership, sample_areas, tmp_path
):
    path = write_fingertips(tmp_path / "ours.csv", smoking_rows())
    batch = indicators_import(path=path, partnership=partnership, by=owner)
    client.force_login(viewer)
    listing = client.get(reverse("indicators:imports", args=[partnership.slug]))
    assert listing.status_code == 200
    assert "Upload a file" not in listing.text and "Delete" not in listing.text
    page = client.get(reverse("indicators:batch", args=[partnership.slug, batch.pk]))
    assert page.status_code == 200 and "Delete this import" not in page.text
    for name, args in (
        ("indicators:upload", []),
        ("indicators:mapping", []),
        ("indicators:batch_delete", [batch.pk]),
    ):
        url = reverse(name, args=[partnership.slug, *args])
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    response = upload(client, partnership, "values.csv", GENERIC_CSV)
    assert response.status_code == 403
    assert stored_files(partnership) == []
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_an_editor_sees_the_upload_button_and_delete_links(
    client, editor, owner, partnership, sample_areas, tmp_path
):
    path = write_fingertips(tmp_path / "ours.csv", smoking_rows())
    indicators_import(path=path, partnership=partnership, by=owner)
    client.force_login(editor)
    listing = client.get(reverse("indicators:imports", args=[partnership.slug]))
    assert "Upload a file" in listing.text and "Delete" in listing.text
    assert "Olive Owner" in listing.text


# --------------------------------------------------------------------------------------------
# Presenters


def test_batch_errors_counts_the_errors_that_were_not_kept():
    kept = [{"line": n, "column": "Value", "reason": "not a number"} for n in range(2, 1002)]
    more = {"line": None, "column": "", "reason": "and 1500 more errors"}
    shown, total = views.batch_errors([*kept, more])
    assert (len(shown), total) == (200, 2500)
    assert shown[0] == kept[0]
    assert views.batch_errors([{"line": None, "column": "", "reason": "the file is empty"}]) == (
        [{"line": None, "column": "", "reason": "the file is empty"}],
        1,
    )
    assert views.batch_errors([]) == ([], 0)


def test_progress_status_and_format_presenters():
    assert views.progress_percent("done", 0) == 100
    assert views.progress_percent("running", 140) == 100
    assert views.progress_percent("running", None) == 0
    assert views.progress_percent("pending", 35) == 35
    assert views.status_tag_class("failed") == "govuk-tag--red"
    assert views.status_tag_class("something new") == "govuk-tag--grey"
    assert views.format_label("fingertipsnext") == "FingertipsNext"
    assert views.format_label("") == "Not yet known"
    assert views.person_label(None) == "An administrator (command line)"


def test_stored_names_are_generated_and_safe():
    name = stored_name("../../etc/Passwd Data.CSV")
    assert "/" not in name and ".." not in name
    prefix, _, rest = name.partition("-")
    assert len(prefix) == PREFIX_LENGTH and rest == "passwd-data.csv"
    assert stored_name("C:\\Users\\x\\Ünïcödé!.xlsx").endswith("-unicode.xlsx")
    assert stored_name("!!!.csv").endswith("-upload.csv")
    assert stored_name("a.csv") != stored_name("a.csv")
    assert display_name(f"/media/uploads/3/{name}") == "passwd-data.csv"
    assert display_name("/data/fingertips-download.csv") == "fingertips-download.csv"


WIDE_CSV = (
    "area_code,area_name,Life expectancy at birth for males,SMR all causes\r\n"
    f"{ENGLAND},England,79.5,100\r\n"
    f"{NORFOLK},Norfolk,80.4,93.1\r\n"
)


def test_a_wide_table_takes_its_period_from_the_name_the_user_gave_it(
    client, editor, partnership, sample_areas, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, partnership, "local_health_2015_19.csv", WIDE_CSV)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert (batch.format, batch.status) == ("wide", ImportBatch.Status.DONE)
    periods = set(Observation.objects.values_list("period", flat=True))
    assert periods == {"2015 - 19"}
    assert Observation.objects.count() == 4
    page = client.get(reverse("indicators:batch", args=[partnership.slug, batch.pk]))
    assert "Wide table (one column per indicator)" in page.text


def test_a_wide_table_without_years_in_its_name_is_refused_with_what_to_do(
    client, editor, partnership, sample_areas
):
    client.force_login(editor)
    before = database_counts()
    response = upload(client, partnership, "local_health.csv", WIDE_CSV)
    assert response.status_code == 400
    assert "its name does not say which period the values are for" in response.text
    assert "local_health_2015_19.csv" in response.text
    assert database_counts() == before
