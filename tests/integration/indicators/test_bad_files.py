"""A corpus of bad files, one per problem: each gives its own error and stores nothing.

The files are small Fingertips downloads (records start on even lines: each name holds a
quoted line break) or FingertipsNext extracts, each broken in one way.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from placematters.indicators.actions import ImportFailed, indicators_import
from placematters.indicators.management.commands.import_indicators import Command
from placematters.indicators.models import Observation
from tests.integration.indicators.conftest import database_counts, make_areas
from tests.unit.indicators.samples import (
    FINGERTIPS_HEADER,
    fingertips_row,
    fingertips_text,
    smoking_rows,
    write_fingertips,
)

pytestmark = pytest.mark.django_db


def wrong_column(folder: Path) -> Path:
    header = ["Valeu" if name == "Value" else name for name in FINGERTIPS_HEADER]
    rows = [{**row, "Valeu": row["Value"]} for row in smoking_rows()]
    return write_fingertips(folder / "wrong_column.csv", rows, header)


def missing_column(folder: Path) -> Path:
    header = [name for name in FINGERTIPS_HEADER if name != "Area Code"]
    return write_fingertips(folder / "missing_column.csv", smoking_rows(), header)


def unknown_area(folder: Path) -> Path:
    rows = smoking_rows()
    rows[3]["Area Code"] = "E06999999"
    return write_fingertips(folder / "unknown_area.csv", rows)


def not_a_number(folder: Path) -> Path:
    rows = smoking_rows()
    rows[2]["Value"] = "12.5%"
    return write_fingertips(folder / "not_a_number.csv", rows)


def count_above_denominator(folder: Path) -> Path:
    (folder / "fingertipsnext_indicators_metadata.csv").write_text(
        "IndicatorID,Polarity,BenchmarkComparisonMethod,ValueType,IndicatorName,PeriodType\n"
        "93085,Low is good,Confidence intervals overlapping reference value (95.0),Proportion,"
        "Smokers at time of delivery,Financial\n"
    )
    path = folder / "count_above_denominator.csv"
    path.write_text(
        "IndicatorId,IndicatorName,AreaCode,AreaName,AreaType,Year,Sex,SexID,Age,AgeID,"
        "CategoryType,CategoryTypeId,Category,CategoryId,Value,LowerCI,UpperCI,Count,"
        "Denominator,Trend\n"
        "93085,Smokers,E92000001,England,England,2018,Persons,4,All ages,1,,,,,10.6,,,60.0,566.0,\n"
        "93085,Smokers,E10000020,Norfolk,County,2018,Persons,4,All ages,1,,,,,,,,600.0,500.0,\n"
    )
    return path


def duplicate_row(folder: Path) -> Path:
    """Norfolk twice with different figures (an exact repeat is only a warning: ADR 0005)."""
    rows = smoking_rows()
    return write_fingertips(folder / "duplicate_row.csv", [*rows, {**rows[2], "Count": "310"}])


def truncated_mid_row(folder: Path) -> Path:
    text = fingertips_text(smoking_rows())
    cut = text.rindex(",1000,")  # Suffolk's denominator: the record stops after its Count
    path = folder / "truncated_mid_row.csv"
    path.write_text(text[:cut], newline="")
    return path


def unbalanced_quote(folder: Path) -> Path:
    text = fingertips_text(smoking_rows())
    cut = text.rindex("percentage")  # inside the last record's quoted Indicator Name
    path = folder / "unbalanced_quote.csv"
    path.write_text(text[:cut], newline="")
    return path


def not_utf8(folder: Path) -> Path:
    rows = smoking_rows()
    rows[3]["Area Name"] = "Suffolk (Café)"
    path = folder / "not_utf8.csv"
    path.write_bytes(fingertips_text(rows).encode("cp1252"))
    return path


def xlsx_not_a_spreadsheet(folder: Path) -> Path:
    path = folder / "indicators.xlsx"
    path.write_text(fingertips_text(smoking_rows()))
    return path


BAD_FILES = {
    "wrong columns": (
        wrong_column,
        (1, "Value", "the column 'Value' is missing (is 'Valeu' meant to be 'Value'?)"),
    ),
    "missing columns": (missing_column, (1, "Area Code", "the column 'Area Code' is missing")),
    "unknown area codes": (
        unknown_area,
        (
            8,
            "Area Code",
            "unknown area code 'E06999999': it is not in any vintage of the geography (import "
            "the geography first, or check the code)",
        ),
    ),
    "non-numeric values": (not_a_number, (6, "Value", "'12.5%' is not a number")),
    "count greater than denominator": (
        count_above_denominator,
        (
            3,
            "Count",
            "the count 600 is greater than the denominator 500, which a proportion cannot have",
        ),
    ),
    "duplicate rows": (
        duplicate_row,
        (
            10,
            "",
            "duplicate row: has different numbers from line 6 (the same indicator, area, "
            "period, sex, age and category); fix the file, or choose to keep the later of such "
            "rows",
        ),
    ),
    "truncated mid-row": (
        truncated_mid_row,
        (
            8,
            "Count",
            "the last record stops after 18 of the 26 columns and the file does not end with a "
            "line break: the file looks truncated",
        ),
    ),
    "unbalanced quotes": (
        unbalanced_quote,
        (
            8,
            "Indicator Name",
            "a quoted field starts in this record and its closing quote is missing: the file is "
            'truncated or has a stray quote (")',
        ),
    ),
    "not UTF-8": (not_utf8, (8, "Area Name", "byte 0xE9 at byte offset ")),
    "xlsx that is not a spreadsheet": (
        xlsx_not_a_spreadsheet,
        (
            None,
            "",
            "indicators.xlsx is not an Excel workbook: an .xlsx file is a zip archive and this "
            "one is not (if it is a CSV, name it .csv)",
        ),
    ),
}


@pytest.mark.parametrize("problem", list(BAD_FILES))
def test_each_bad_file_gives_its_error_and_stores_nothing(problem, tmp_path, sample_areas):
    build, (line, column, reason) = BAD_FILES[problem]
    path = build(tmp_path)
    before = database_counts()
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=path)
    errors = failure.value.errors
    assert len(errors) == 1, [str(error) for error in errors]
    (error,) = errors
    assert (error.line, error.column) == (line, column)
    assert error.reason.startswith(reason)
    assert database_counts() == before


def test_the_non_utf8_error_names_the_byte_and_what_to_do(tmp_path, sample_areas):
    path = not_utf8(tmp_path)
    offset = path.read_bytes().index(b"\xe9")
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=path)
    assert str(failure.value.errors[0]) == (
        f"line 8, column Area Name: byte 0xE9 at byte offset {offset} is not UTF-8: the file is "
        "not UTF-8 (it looks like Windows-1252 or Latin-1, as Excel saves plain 'CSV'); save it "
        "as 'CSV UTF-8' and import it again"
    )


def test_a_workbook_without_a_workbook_inside(tmp_path, sample_areas):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    with pytest.raises(ImportFailed, match="a zip archive without a workbook inside"):
        indicators_import(path=path)


def test_a_byte_order_mark_is_fine(tmp_path, sample_areas):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + fingertips_text(smoking_rows()).encode("utf-8"))
    assert indicators_import(path=path).row_count == 4


def test_every_problem_is_listed_not_just_the_first(tmp_path, sample_areas):
    rows = smoking_rows()
    rows[0]["Value"] = "lots"
    rows[1]["Count"] = "-3"
    rows[3]["Area Code"] = "not a code"
    path = write_fingertips(tmp_path / "many.csv", [*rows, {**rows[2], "Value": "20"}])
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=path)
    assert [str(error) for error in failure.value.errors] == [
        "line 2, column Value: 'lots' is not a number",
        "line 4, column Count: the count -3 is negative",
        "line 8, column Area Code: 'not a code' is not an area code",
        "line 10: duplicate row: has different numbers from line 6 (the same indicator, area, "
        "period, sex, age and category); fix the file, or choose to keep the later of such rows",
    ]


def test_the_command_lists_the_problems_and_exits_with_status_1(tmp_path, sample_areas):
    rows = smoking_rows()
    rows[3]["Value"] = "ten"
    path = write_fingertips(tmp_path / "bad.csv", rows)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match=r"bad.csv was not imported \(1 problem\)"):
        call_command("import_indicators", str(path), stderr=stderr, stdout=io.StringIO())
    assert "Nothing imported: bad.csv has 1 problem:" in stderr.getvalue()
    assert "  line 8, column Value: 'ten' is not a number" in stderr.getvalue()
    assert Observation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_from_the_command_line_bad_input_exits_with_status_1(tmp_path):
    # run_from_argv closes the database connections afterwards, as manage.py does; so this test
    # runs outside a test transaction.
    make_areas(["E92000001", "E12000006", "E10000020", "E10000029"])
    rows = smoking_rows()
    rows[3]["Value"] = "ten"
    path = write_fingertips(tmp_path / "bad.csv", rows)
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        Command(stdout=io.StringIO(), stderr=stderr).run_from_argv(
            ["manage.py", "import_indicators", str(path)]
        )
    assert exit_status.value.code == 1
    assert "line 8, column Value: 'ten' is not a number" in stderr.getvalue()
    assert "CommandError: bad.csv was not imported (1 problem)." in stderr.getvalue()
    assert Observation.objects.count() == 0


def test_the_command_shows_the_first_50_problems_and_a_count(tmp_path, sample_areas):
    rows = [
        fingertips_row(Area_Code="E10000020", Time_period=str(year), Value="lots")
        for year in range(1900, 1960)
    ]
    for row, year in zip(rows, range(1900, 1960), strict=True):
        row["Time period Sortable"] = str(year * 10000)
    path = write_fingertips(tmp_path / "many.csv", rows)
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), stderr=stderr, verbosity=0)
    lines = [line for line in stderr.getvalue().splitlines() if line.startswith("  ")]
    assert len(lines) == 51
    assert lines[-1] == "  ... and 10 more"


def test_the_command_prints_a_summary(tmp_path, sample_areas):
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "import_indicators", str(path), "--format", "fingertips", stdout=stdout, stderr=stderr
    )
    first = stdout.getvalue().splitlines()[0]
    assert first.startswith("Imported 4 observations of 1 indicator from smoking.csv in ")
    assert first.endswith(f"s (batch {Observation.objects.first().batch_id})")
    assert "done      100%" in stderr.getvalue()  # the progress bar


def test_the_command_takes_a_mapping_and_a_partnership(tmp_path, sample_areas, partnership):
    path = tmp_path / "local.csv"
    path.write_text("Code,Year,Percent\nE10000020,2021,12.5\nE10000029,2021,14.0\n")
    mapping = (
        '{"area_code": "Code", "period": "Year", "value": "Percent", "indicator_name": "=Local"}'
    )
    stdout = io.StringIO()
    call_command(
        "import_indicators",
        str(path),
        "--format=csv",
        f"--mapping={mapping}",
        f"--partnership={partnership.slug}",
        stdout=stdout,
        stderr=io.StringIO(),
    )
    assert stdout.getvalue().startswith("Imported 2 observations of 1 indicator from local.csv")
    assert Observation.objects.filter(indicator__partnership=partnership).count() == 2
    with pytest.raises(CommandError, match="no partnership"):
        call_command("import_indicators", str(path), "--partnership=nobody")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_indicators", str(path), "--mapping={oops")
