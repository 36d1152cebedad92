"""import_indicators --fingertips, and the upload page's "Download from Fingertips".

This machine has no internet: only the offline path is tested, by pointing FINGERTIPS_API_URL
at a local port nothing listens on (no mocks). The online path (fingertips_py fetching the
data, our Fingertips importer reading it) is not exercised here.
"""

import io
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from placematters.indicators.management.commands.import_indicators import Command
from placematters.indicators.models import ImportBatch
from tests.integration.indicators.conftest import database_counts
from tests.unit.indicators.samples import smoking_rows, write_fingertips

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def offline(settings):
    settings.FINGERTIPS_API_URL = f"http://127.0.0.1:{closed_port()}/api/"
    return settings.FINGERTIPS_API_URL


def expected_message(url: str) -> str:
    return (
        f"Could not reach the Fingertips API at {url}: Connection refused. Check the internet "
        "connection, or download the CSV from fingertips.phe.org.uk and import the file instead."
    )


def test_offline_the_command_says_so_in_one_sentence_and_stores_nothing(offline):
    before = database_counts()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_indicators", "--fingertips", "93356", "--area-type", "402",
            stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0,
        )  # fmt: skip
    assert str(failure.value) == expected_message(offline)
    assert database_counts() == before


@pytest.mark.django_db(transaction=True)
def test_offline_the_command_exits_with_status_1(offline):
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        Command(stdout=io.StringIO(), stderr=stderr).run_from_argv(
            ["manage.py", "import_indicators", "--fingertips", "93356", "--area-type", "402",
             "--parent-area-type", "6", "--verbosity", "0"]
        )  # fmt: skip
    assert exit_status.value.code == 1
    assert stderr.getvalue().strip() == f"CommandError: {expected_message(offline)}"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["file.csv", "--fingertips", "1", "--area-type", "402"], "not both"),
        ([], "Give a file to import, or --fingertips INDICATOR_ID."),
        (["--fingertips", "93356"], "--fingertips needs --area-type"),
        (["file.csv", "--area-type", "402"], "--area-type and --parent-area-type go with"),
        (["--fingertips", "1", "--area-type", "2", "--format", "csv"], "do not apply"),
    ],
)
def test_a_file_and_fingertips_are_exclusive(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_indicators", *arguments, stdout=io.StringIO())


def test_the_command_can_keep_the_later_of_two_conflicting_rows(tmp_path, sample_areas):
    rows = smoking_rows()
    path = write_fingertips(tmp_path / "twice.csv", [*rows, rows[1], {**rows[3], "Count": "120"}])
    with pytest.raises(CommandError, match=r"twice.csv was not imported \(1 problem\)"):
        call_command("import_indicators", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    stdout = io.StringIO()
    call_command(
        "import_indicators", str(path), "--duplicates", "keep-last", stdout=stdout,
        stderr=io.StringIO(),
    )  # fmt: skip
    lines = stdout.getvalue().splitlines()
    assert lines[0].startswith("Imported 4 observations of 1 indicator from twice.csv")
    assert "  2 rows left out as duplicates (1 row replaced by a later row):" in lines
    assert (
        "  Warning: 1 row repeated an earlier row exactly and was left out: line 10 repeats line 4."
    ) in lines
    assert ImportBatch.objects.get().errors[-1]["reason"] == (
        "1 row had different figures from a later row (the same indicator, area, period, sex, "
        "age and category); as chosen, the later row was kept: line 8 replaced by line 12."
    )


# The web page -------------------------------------------------------------------------------


def test_offline_the_web_download_fails_with_the_same_sentence(
    client, editor, partnership, offline, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = reverse("indicators:upload", args=[partnership.slug])
    page = client.get(url)
    assert "Download from Fingertips" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "source": "fingertips",
                "fingertips-indicator_id": "93356",
                "fingertips-area_type_id": "402",
                "fingertips-duplicates": "stop",
            },
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("indicators:batch", args=[partnership.slug, batch.pk])
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.source_file.startswith(offline + "all_data/csv/by_indicator_id?indicator_ids=")
    assert batch.errors == [{"line": None, "column": "", "reason": expected_message(offline)}]
    page = client.get(response.url)
    assert expected_message(offline) in page.text
    assert batch.observations.count() == 0


def test_the_web_download_form_checks_its_ids(client, editor, partnership):
    client.force_login(editor)
    response = client.post(
        reverse("indicators:upload", args=[partnership.slug]),
        {"source": "fingertips", "fingertips-indicator_id": "abc"},
    )
    assert response.status_code == 400
    assert "The indicator ID must be a whole number, such as 93356" in response.text
    assert "Enter the Fingertips area type ID" in response.text
    assert ImportBatch.objects.count() == 0


def test_the_web_upload_keeps_the_later_row_when_asked_and_shows_the_warnings(
    client, editor, partnership, sample_areas, settings, tmp_path,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(editor)
    rows = smoking_rows()
    path = write_fingertips(tmp_path / "twice.csv", [*rows, rows[1], {**rows[3], "Count": "120"}])
    url = reverse("indicators:upload", args=[partnership.slug])
    for choice, status in (("stop", "failed"), ("keep-last", "done")):
        with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"source": "file", "file": handle, "duplicates": choice})
        batch = ImportBatch.objects.order_by("-pk").first()
        assert batch.status == status
        page = client.get(response.url).text
    assert "Rows left out" in page
    assert "1 row repeated an earlier row exactly and was left out" in page
    assert "as chosen, the later row was kept: line 8 replaced by line 12." in page
    assert batch.row_count == 4
