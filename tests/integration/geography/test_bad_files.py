"""A corpus of bad input files: each gives its own error (line, column, reason) through the
import commands, exit status 1, and leaves the database exactly as it was."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from placematters.audit.models import AuditEvent
from placematters.geography.importers import imd_file7
from placematters.geography.models import (
    Area,
    AreaLink,
    Boundary,
    DeathCount,
    Deprivation,
    PopulationCount,
)
from placematters.indicators.models import ImportBatch

pytestmark = pytest.mark.django_db

LOOKUP = (
    "lsoa11_code,lsoa11_name,ltla19_code,ltla19_name\n"
    "E01026419,Breckland 010A,E07000143,Breckland\n"
    "E01026420,Breckland 010B,E07000143,Breckland\n"
)
MODELS = [Area, AreaLink, Boundary, Deprivation, PopulationCount, DeathCount, ImportBatch,
          AuditEvent]  # fmt: skip


@pytest.fixture
def geography(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text(LOOKUP)
    call_command("import_geography", str(path), stdout=StringIO(), stderr=StringIO())
    call_command(
        "import_population",
        str(write(tmp_path, "held_2018.csv", "lsoa11_code,0-4,5+\nE01026419,10,20\n")),
        "--year",
        "2018",
        stdout=StringIO(),
        stderr=StringIO(),
    )


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def failing(command, path, *args):
    """Run a command that must fail; return its error lines, checking nothing was stored."""
    before = counts()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(command, str(path), *args, stdout=out, stderr=err)
    assert caught.value.returncode == 1
    assert str(caught.value).endswith(f"in {path.name}; nothing was stored.")
    assert out.getvalue() == ""
    assert counts() == before
    return [line for line in err.getvalue().splitlines() if line.startswith(("line", "feature"))]


def imd_header():
    names = [imd_file7.CODE, imd_file7.SCORE, imd_file7.RANK, imd_file7.DECILE]
    return ",".join(names)


CASES = {
    "geography, wrong columns": (
        "import_geography", "areas.csv", "colour,size\nred,3\n", [],
        ["line 1: the columns match no geography format. Expected one of: GeoJSON boundaries"],
    ),
    "population, wrong columns": (
        "import_population", "pop.csv", "lsoa11_code,colour\nE01026419,red\n", ["--year", "2019"],
        ["line 1: the columns match no population format. Expected one of: population, wide"],
    ),
    "IMD, wrong columns": (
        "import_imd", "imd.csv", "lsoa11_code,imd_score\nE01026419,3.2\n", [],
        [f"line 1, column {name}: missing column (IoD2019 File 7 headers are needed)"
         for name in sorted([imd_file7.CODE, imd_file7.SCORE, imd_file7.RANK, imd_file7.DECILE])],
    ),
    "deaths, wrong columns": (
        "import_deaths", "deaths.csv", "area_code,sex,age_band,rate\nE07000143,Male,<1,3\n",
        ["--year", "2014"],
        ["line 1, column deaths: missing column (needed: an area code, an age band and the "
         "deaths; found: area_code, sex, age_band, rate)"],
    ),
    "population, unknown area code": (
        "import_population", "pop.csv",
        "lsoa11_code,0-4,5+\nE01026419,1,2\nE01999999,3,4\n", ["--year", "2019"],
        ["line 3, column lsoa11_code: unknown area code E01999999: no 2011 area with this code "
         "is held; import its geography first"],
    ),
    "deaths, unknown area code": (
        "import_deaths", "deaths_2014.csv",
        "area_code,area_name,sex,age_band,deaths\nE07000999,Nowhere,Male,<1,3\n", [],
        ["line 2, column area_code: unknown area code E07000999: no area with this code is "
         "held; import its geography first"],
    ),
    "IMD, unknown LSOA": (
        "import_imd", "imd.csv", f"{imd_header()}\nE01026419,3.2,30000,10\nE01999999,3.2,1,1\n",
        [],
        [f"line 3, column {imd_file7.CODE}: unknown area code E01999999: no LSOA 2011 with this "
         "code is held (import its geography first)"],
    ),
    "population, invalid area code": (
        "import_population", "pop.csv", "lsoa11_code,0-4,5+\nE0102641X,1,2\n", ["--year", "2019"],
        ["line 2, column lsoa11_code: 'E0102641X' is not a GSS area code (a letter E, W, S or N "
         "and eight digits)"],
    ),
    "geography, code of the wrong kind": (
        "import_geography", "lookup.csv", "LSOA11CD,LAD19CD\nE07000143,E07000143\n", [],
        ["line 2, column LSOA11CD: E07000143 is not a LSOA code (those start E01 or W01)"],
    ),
    "population, non-numeric value": (
        "import_population", "pop.csv", "lsoa11_code,0-4,5+\nE01026419,1,abc\n",
        ["--year", "2019"],
        ["line 2, column 5+: not a number: 'abc'"],
    ),
    "deaths, non-numeric value": (
        "import_deaths", "deaths_2014.csv",
        "area_code,area_name,sex,age_band,deaths\nE07000143,Breckland,Male,<1,:\n", [],
        ["line 2, column deaths: not a number: ':'"],
    ),
    "population, duplicate rows": (
        "import_population", "pop.csv", "lsoa11_code,0-4,5+\nE01026419,1,2\nE01026419,1,3\n",
        ["--year", "2019"],
        ["line 3, column lsoa11_code: duplicate area, year and sex (persons): the same as line 2 "
         "but with a different value"],
    ),
    "population, already held": (
        "import_population", "pop.csv", "lsoa11_code,0-4,5+\nE01026419,10,20\n",
        ["--year", "2018"],
        ["line 2, column lsoa11_code: duplicate: population for E01026419, 2018, persons is "
         "already held (import batch"],
    ),
    "geography, duplicate rows": (
        "import_geography", "lookup.csv",
        "lsoa11_code,ltla19_code\nE01026419,E07000143\nE01026419,E07000144\n", [],
        ["line 3, column lsoa11_code: duplicate LSOA 2011 (it is listed again with different "
         "areas above it): the same as line 2 but with a different value"],
    ),
    "population, truncated file": (
        "import_population", "pop.csv", "lsoa11_code,0-4,5+\nE01026419,1,2\nE01026420,1",
        ["--year", "2019"],
        ["line 3: the file ends in the middle of this row (truncated?): expected 3 values, "
         "found 2"],
    ),
    "boundaries, truncated file": (
        "import_geography", "lad.geojson",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"LAD24CD": "E07000143"}, "geometry": {"type": "Polygon", "coordinates": [[[1.0, 52',
        [],
        ["line 1, column character 161: not valid JSON (Expecting ',' delimiter); is the file "
         "complete?"],
    ),
    "geography, non-UTF-8 bytes": (
        "import_geography", "lookup.csv",
        "lsoa11_code,lsoa11_name,ltla19_code\nE01026419,Breckland 010A,E07000143\n"
        "E01026420,Caf\xe9 010B,E07000143\n".encode("latin-1"),
        [],
        ["line 3, column lsoa11_name: not UTF-8 text (byte 0xE9); save the file as 'CSV UTF-8' "
         "and try again"],
    ),
    "population, an .xlsx that is not a spreadsheet": (
        "import_population", "population.xlsx", "lsoa11_code,0-4,5+\nE01026419,1,2\n",
        ["--year", "2019"],
        ["line 1: the file is named .xlsx but is not an Excel workbook (it is not a ZIP archive, "
         "so not a spreadsheet)"],
    ),
    "deaths, bands that do not add up to all ages": (
        "import_deaths", "deaths_2014.csv",
        "area_code,area_name,sex,age_band,deaths\nE07000143,Breckland,Male,All ages,9\n"
        "E07000143,Breckland,Male,<1,1\nE07000143,Breckland,Male,1-4,2\n",
        [],
        ["line 2, column deaths: the age bands add up to 3 but the all-ages value is 9"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_file_gives_its_error_and_stores_nothing(tmp_path, geography, case):
    command, name, content, args, expected = CASES[case]
    errors = failing(command, write(tmp_path, name, content), *args)
    assert len(errors) == len(expected), errors
    for error, start in zip(errors, expected, strict=True):
        assert error.startswith(start), error


def test_only_the_first_50_problems_are_listed_with_a_count(tmp_path, geography):
    rows = "".join(f"E01026419,1,x{number}\n" for number in range(120))
    path = write(tmp_path, "many.csv", "lsoa11_code,0-4,5+\n" + rows)
    before = counts()
    err = StringIO()
    with pytest.raises(CommandError, match=r"^120 problems in many.csv; nothing was stored.$"):
        call_command(
            "import_population", str(path), "--year", "2019", stdout=StringIO(), stderr=err
        )
    lines = err.getvalue().splitlines()
    listed = [line for line in lines if line.startswith("line ")]
    assert len(listed) == 50
    assert "... and 70 more" in lines
    assert counts() == before


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    assert failing("import_geography", tmp_path / "nowhere.csv") == [
        f"line 1: there is no file at {tmp_path / 'nowhere.csv'}"
    ]
