"""OHID Local Health 2015-19 (../shared/data/mortality/localhealth_2015_19_le_smr_*.csv),
imported with the real command as wide tables (auto-detected).

Each file has one row per area and four measures: life expectancy at birth for males and for
females, and the SMR for all causes at all ages and under 75. Each measure is an indicator;
blanks (suppressed MSOA life expectancies) are kept as observations with no value and a note.
The areas come from the real geography (lsoa11_hierarchy_england.csv, which registers every
MSOA 2011, district 2021 and county/UA 2021 these files use), imported once for the module.
"""

import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from placematters.audit.models import AuditEvent
from placematters.indicators.importers import wide
from placematters.indicators.models import ImportBatch, Indicator, Observation
from tests.integration.indicators.conftest import database_counts
from tests.shared_files import shared_data

pytestmark = pytest.mark.django_db

FILES = {
    "msoa11": ("localhealth_2015_19_le_smr_msoa11_england.csv", 6_791),
    "ltla21": ("localhealth_2015_19_le_smr_ltla21_england.csv", 309),
    "utla21": ("localhealth_2015_19_le_smr_utla21_england.csv", 152),
}
MEASURES = [
    "Life expectancy at birth for males",
    "Life expectancy at birth for females",
    "SMR all causes, all ages",
    "SMR all causes, under 75 years",
]


def import_with_command(path, *args) -> str:
    stdout = io.StringIO()
    call_command("import_indicators", str(path), *args, stdout=stdout, stderr=io.StringIO())
    summary = stdout.getvalue().splitlines()[0]
    print(summary)
    return summary


@pytest.fixture(scope="module")
def geography(django_db_setup, django_db_blocker):
    """The England LSOA 2011 hierarchy (MSOAs, districts, counties), imported once."""
    path = shared_data("geography", "lsoa11_hierarchy_england.csv")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_geography", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("level", list(FILES))
def test_each_local_health_file_imports_as_a_wide_table(geography, level):
    name, areas = FILES[level]
    path = shared_data("mortality", name)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(table) == areas
    summary = import_with_command(path)
    expected = areas * len(MEASURES)  # blanks are kept, as observations with no value
    assert summary.startswith(f"Imported {expected:,} observations of 4 indicators from {name}")
    batch = ImportBatch.objects.get(kind="indicators")
    assert batch.format == "wide"
    assert batch.row_count == Observation.objects.count() == expected
    stored = pd.DataFrame(
        Observation.objects.values(
            "indicator__name", "area_code", "area_name", "period", "sex", "value", "value_note"
        )
    )
    assert set(stored["period"]) == {"2015 - 19"}
    for measure in MEASURES:
        rows = stored[stored["indicator__name"] == measure].set_index("area_code")
        given = table.set_index(table.columns[0])[measure]
        assert len(rows) == areas
        blank = given == ""
        assert rows.loc[blank[blank].index, "value"].isna().all()
        assert (rows.loc[blank[blank].index, "value_note"] == wide.BLANK_NOTE).all()
        filled = blank[~blank].index
        assert (rows.loc[filled, "value"] == given[filled].astype(float)).all()
        assert (rows.loc[filled, "value_note"] == "").all()
        names = table.set_index(table.columns[0])[table.columns[1]]
        assert (rows["area_name"] == names.reindex(rows.index)).all()
    sexes = stored.groupby("indicator__name")["sex"].unique().map(list).to_dict()
    assert sexes == {
        "Life expectancy at birth for males": ["Male"],
        "Life expectancy at birth for females": ["Female"],
        "SMR all causes, all ages": ["Persons"],
        "SMR all causes, under 75 years": ["Persons"],
    }
    metadata = {
        indicator.name: (
            indicator.value_type, indicator.multiplier, indicator.unit, indicator.polarity
        )
        for indicator in Indicator.objects.all()
    }  # fmt: skip
    assert metadata == {
        "Life expectancy at birth for males": ("life_expectancy", 1.0, "years", "higher_is_better"),
        "Life expectancy at birth for females": (
            "life_expectancy", 1.0, "years", "higher_is_better"
        ),
        "SMR all causes, all ages": ("isr", 100.0, "ratio (England = 100)", "lower_is_better"),
        "SMR all causes, under 75 years": (
            "isr", 100.0, "ratio (England = 100)", "lower_is_better"
        ),
    }  # fmt: skip
    # No limits in these files (and no England row): nothing can be compared.
    assert set(Observation.objects.values_list("compared_to_england", flat=True)) <= {
        "not compared",
        "",
    }


def value(measure: str, code: str):
    return Observation.objects.get(indicator__name=measure, area_code=code).value


def test_spot_values_and_suppressed_msoas(geography):
    import_with_command(shared_data("mortality", FILES["msoa11"][0]))
    # The first data line: E02000001,City of London 001,91.1,90.2,52.8,66.2
    assert value(MEASURES[0], "E02000001") == 91.1
    assert value(MEASURES[1], "E02000001") == 90.2
    assert value(MEASURES[2], "E02000001") == 52.8
    assert value(MEASURES[3], "E02000001") == 66.2
    # The README: 56 MSOAs have no male life expectancy and 19 no female one (suppressed).
    missing = Observation.objects.filter(value__isnull=True, value_note=wide.BLANK_NOTE)
    assert missing.filter(sex="Male").count() == 56
    assert missing.filter(sex="Female").count() == 19
    assert missing.count() == 56 + 19


def test_district_spot_values(geography):
    import_with_command(shared_data("mortality", FILES["ltla21"][0]))
    # E06000001,Hartlepool,76.6,81.3,119.5,133.2 and Norwich's row of the file.
    assert [value(measure, "E06000001") for measure in MEASURES] == [76.6, 81.3, 119.5, 133.2]
    table = pd.read_csv(shared_data("mortality", FILES["ltla21"][0])).set_index("ltla21_code")
    norwich = table.loc["E07000148"]
    assert [value(measure, "E07000148") for measure in MEASURES] == [
        norwich[measure] for measure in MEASURES
    ]


def test_the_msoa_file_is_refused_when_the_msoas_are_not_in_the_geography(db):
    """Without the geography every row is an unknown area, and nothing is stored."""
    from placematters.geography.models import Area

    Area.objects.filter(area_type="msoa").delete()  # in case the module's geography is there
    path = shared_data("mortality", FILES["msoa11"][0])
    before = database_counts()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="was not imported"):
        call_command(
            "import_indicators", str(path), verbosity=0, stdout=io.StringIO(), stderr=stderr
        )
    lines = stderr.getvalue().splitlines()
    assert lines[0] == f"Nothing imported: {path.name} has {6_791 * 4:,} problems:"
    assert lines[1] == (
        "  line 2, column msoa11_code: unknown area code 'E02000001': it is not in any vintage "
        "of the geography (import the geography first, or check the code)"
    )
    assert database_counts() == before


def test_a_bad_wide_file_names_the_line_and_column_and_stores_nothing(geography, tmp_path):
    path = tmp_path / "localhealth_2015_19_le_smr_ltla21_bad.csv"
    path.write_text(
        "ltla21_code,ltla21_name,Life expectancy at birth for males,"
        '"SMR all causes, all ages"\n'
        "E06000001,Hartlepool,76.6,119.5\n"
        "E06000002,Middlesbrough,n/k,133.5\n"
        "E06000003,Redcar and Cleveland,,111.5\n",
        encoding="utf-8",
    )
    before = database_counts()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="was not imported \\(1 problem\\)"):
        call_command(
            "import_indicators", str(path), verbosity=0, stdout=io.StringIO(), stderr=stderr
        )
    assert stderr.getvalue().splitlines()[1] == (
        "  line 3, column Life expectancy at birth for males: 'n/k' is not a number"
    )
    assert database_counts() == before


def test_a_wide_file_without_years_in_its_name_needs_the_period(geography, tmp_path):
    path = tmp_path / "le_districts.csv"
    path.write_text(
        "ltla21_code,ltla21_name,Life expectancy at birth for females\nE06000001,Hartlepool,81.3\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    summary = import_with_command(path, "--format", "wide", "--period", "2015 - 19")
    assert summary.startswith("Imported 1 observations of 1 indicator from le_districts.csv")
    assert Observation.objects.get().period == "2015 - 19"


def county_file_after_district_file():
    districts = pd.read_csv(shared_data("mortality", FILES["ltla21"][0]), dtype=str)
    counties = pd.read_csv(shared_data("mortality", FILES["utla21"][0]), dtype=str)
    return districts, counties, set(districts["ltla21_code"]) & set(counties["utla21_code"])


def test_the_county_file_after_the_district_file_leaves_out_the_unitary_authorities(geography):
    """Unitary authorities are in both files, with the same indicators, period and figures: the
    county file's rows for them are already held (ADR 0005), so they are left out with a
    warning naming the district batch, and only the 24 two-tier counties are stored."""
    name = FILES["utla21"][0]
    import_with_command(shared_data("mortality", FILES["ltla21"][0]))
    districts_batch = ImportBatch.objects.get(kind="indicators")
    _, counties, shared = county_file_after_district_file()
    assert (len(shared), len(counties)) == (128, 152)
    stdout = io.StringIO()
    call_command(
        "import_indicators", str(shared_data("mortality", name)),
        stdout=stdout, stderr=io.StringIO(),
    )  # fmt: skip
    lines = stdout.getvalue().splitlines()
    county_batch = ImportBatch.objects.exclude(pk=districts_batch.pk).get(kind="indicators")
    assert lines[0].startswith(f"Imported 96 observations of 4 indicators from {name} in ")
    assert lines[0].endswith(f"(batch {county_batch.pk})")
    assert lines[1] == (
        "  512 rows left out as duplicates (0 rows replaced by a later row, 512 already held "
        "from an earlier batch):"
    )
    warning = (
        f"512 rows were already held from batch {districts_batch.pk} with the same figures, and "
        "left out: lines 2, 3, 4, 5, 6; and 123 more lines."
    )
    assert lines[2:] == [f"  Warning: {warning}"]
    # 24 counties x 4 measures from the county file; the unitary authorities stay the
    # district batch's, one observation each.
    assert Observation.objects.filter(batch=county_batch).count() == 96 == (152 - 128) * 4
    assert Observation.objects.filter(batch=districts_batch).count() == 309 * 4
    assert (
        set(Observation.objects.filter(batch=county_batch).values_list("area_code", flat=True))
        == set(counties["utla21_code"]) - shared
    )
    assert Observation.objects.filter(area_code="E06000001").count() == 4
    assert set(
        Observation.objects.filter(area_code="E06000001").values_list("batch", flat=True)
    ) == {districts_batch.pk}
    county_batch.refresh_from_db()
    assert county_batch.row_count == 96
    assert county_batch.errors == [
        {"line": None, "column": "", "reason": warning, "level": "warning"}
    ]
    event = AuditEvent.objects.get(verb="indicators.imported", target_id=str(county_batch.pk))
    assert event.after["already_held_left_out"] == 512
    assert event.after["observations"] == 96
    assert (event.after["repeats_left_out"], event.after["replaced"]) == (0, 0)


def test_a_changed_figure_for_a_unitary_authority_is_refused_naming_the_batch(geography, tmp_path):
    """Hartlepool's male life expectancy changed in the county file: an error naming the
    district batch, and nothing from the county file is stored."""
    import_with_command(shared_data("mortality", FILES["ltla21"][0]))
    districts_batch = ImportBatch.objects.get(kind="indicators")
    text = shared_data("mortality", FILES["utla21"][0]).read_text(encoding="utf-8")
    first = "E06000001,Hartlepool,76.6,81.3,119.5,133.2"
    assert text.splitlines()[1] == first
    path = tmp_path / FILES["utla21"][0]
    path.write_text(text.replace(first, "E06000001,Hartlepool,76.8,81.3,119.5,133.2"), "utf-8")
    before = database_counts()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="was not imported \\(1 problem\\)"):
        call_command(
            "import_indicators", str(path), verbosity=0, stdout=io.StringIO(), stderr=stderr
        )
    assert stderr.getvalue().splitlines()[1] == (
        f"  line 2: this observation was already imported, in batch {districts_batch.pk}, with "
        "different figures: delete that batch first to replace it"
    )
    assert database_counts() == before
