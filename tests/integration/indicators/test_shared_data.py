"""Every indicator file in ../shared/data/fingertips, imported with the real command.

The areas each file uses are made directly from the file (with the parent links it states, or
FingertipsNext's hierarchy): the geography importers are tested on their own.

Findings pinned here (see each test):

* The Campylobacter download's 95% limits were made with two methods: "All ages" rows with the
  exact Poisson interval for every count, "0-9 yrs" rows with Byar's approximation and z = 1.96
  for every count. Our engine's exact_poisson and byars reproduce them within 1e-6 and 1e-8
  (relative). Fingertips' current rule (exact below 10 events, Byar's from 10, z = 1.95996...),
  which the import uses when it computes limits, differs from the file by up to 1.4e-4 on
  counts of 10 or more and up to 94% on the 20 rows with fewer than 10 events.
* Our comparison with England equals the file's wherever the file makes one (750 rows), and
  with the parent region wherever it does (450 rows). Where the file says "Not compared" we
  still compare the 27 region rows and the 60 England deprivation-decile rows with England (as
  FingertipsNext compares a breakdown with its total).
* The FingertipsNext extract repeats 1,978 sub-ICB and ICB rows (1,927 identically, 51 with
  different numbers). Of the 51, 9 are the same figures at another precision (or with
  floating-point noise); 42 really differ, so by default it is refused, listing them; with
  ``--duplicates keep-last`` it imports (docs/decisions/0005).
"""

import io

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from scipy.stats import norm

from placematters import stats
from placematters.indicators.actions import ImportFailed, indicators_import
from placematters.indicators.models import ImportBatch, Indicator, Observation
from tests.integration.indicators.conftest import database_counts, make_areas
from tests.shared_files import shared_data

pytestmark = pytest.mark.django_db
CAMPYLOBACTER = "fingertips_export_93356_campylobacter_countyua_2015_2017.csv"
EXTRACT = "fingertipsnext_northwest_healthdata.csv"
LA_SERIES = [
    "la_series_adults_smoking.csv",
    "la_series_healthy_life_expectancy.csv",
    "la_series_inactive_adults.csv",
    "la_series_life_expectancy.csv",
    "la_series_obese_reception.csv",
    "la_series_obese_year6.csv",
    "la_series_overweight_adult.csv",
]
AREA_TYPES = {
    "Country": "country",
    "England": "country",
    "Region": "region",
    "Regions": "region",
    "County & UA": "county_ua",
    "County": "county_ua",
    "UA": "county_ua",
    "Counties and Unitary Authorities": "county_ua",
    "District": "district",
    "Districts and Unitary Authorities": "district",
    "Electoral Wards (2024)": "ward",
}


def import_with_command(path) -> tuple[str, ImportBatch]:
    stdout = io.StringIO()
    call_command("import_indicators", str(path), stdout=stdout, stderr=io.StringIO())
    summary = stdout.getvalue().splitlines()[0]
    print(summary)  # the figures for the record (pytest -s)
    return summary, ImportBatch.objects.order_by("-pk").first()


def areas_from(table: pd.DataFrame, code: str, kind: str, parent: str | None = None) -> None:
    """Areas for the file's codes, typed as the file says, with the parents it states."""
    from placematters.geography.models import Area, AreaLink

    for area_type, codes in table.groupby(table[kind].map(AREA_TYPES).fillna("other"))[code]:
        make_areas(codes, area_type)
    if parent:
        pairs = table.loc[table[parent] != "", [code, parent]].drop_duplicates()
        make_areas(pairs[parent], "region")
        areas = {area.code: area for area in Area.objects.all()}
        AreaLink.objects.bulk_create(
            [
                AreaLink(child=areas[c], parent=areas[p], vintage="2019")
                for c, p in zip(pairs[code], pairs[parent], strict=True)
                if p != "E92000001"
            ],
            ignore_conflicts=True,
        )


@pytest.fixture
def campylobacter():
    path = shared_data("fingertips", CAMPYLOBACTER)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    areas_from(table, "Area Code", "Area Type", "Parent Code")
    return path, table


def test_the_campylobacter_download_imports(campylobacter):
    path, table = campylobacter
    summary, batch = import_with_command(path)
    assert summary.startswith(f"Imported 852 observations of 1 indicator from {CAMPYLOBACTER} in ")
    assert batch.row_count == Observation.objects.count() == 852
    indicator = Indicator.objects.get()
    assert indicator.name == "Campylobacter incidence rate/100,000"  # the quoted line break
    assert (indicator.value_type, indicator.multiplier) == ("crude_rate", 100_000.0)
    assert indicator.polarity == "lower_is_better"  # from its own Better/Worse labels
    keys = ["area_code", "age", "period", "category_type", "category"]
    stored = pd.DataFrame(Observation.objects.values(*keys, "lower_95", "lower_998", "computed"))
    given = table.rename(
        columns={
            "Area Code": "area_code",
            "Age": "age",
            "Category Type": "category_type",
            "Category": "category",
        }
    )
    given = given.assign(period=given["Time period"], file_lower=given["Lower CI 95.0 limit"])
    both = stored.merge(given[[*keys, "file_lower"]], on=keys, validate="one_to_one")
    kept = both[both["file_lower"] != ""]
    assert len(kept) == 755  # the file's own limits are kept as given
    assert (kept["lower_95"] == kept["file_lower"].astype(float)).all()
    # Limits missing from the file (the 99.8% ones, and the 95% ones of the England decile
    # and region rows) are computed wherever count and denominator are given.
    assert stored["lower_998"].notna().sum() == stored["computed"].sum() == 842
    assert stored["lower_95"].notna().sum() == 842


def test_the_engine_reproduces_the_downloads_own_limits(campylobacter):
    _, table = campylobacter
    numbers = table[["Count", "Denominator", "Lower CI 95.0 limit", "Upper CI 95.0 limit"]]
    numbers = numbers.apply(pd.to_numeric)
    given = numbers.notna().all(axis=1).to_numpy()
    count, denominator = (
        numbers["Count"].to_numpy()[given],
        numbers["Denominator"].to_numpy()[given],
    )
    lower = numbers["Lower CI 95.0 limit"].to_numpy()[given]
    upper = numbers["Upper CI 95.0 limit"].to_numpy()[given]
    all_ages = (table["Age"] == "All ages").to_numpy()[given]
    assert (given.sum(), all_ages.sum(), (~all_ages).sum()) == (755, 453, 302)

    def relative(limits, rows):
        ours_lower = limits[0][rows] / denominator[rows] * 100_000
        ours_upper = limits[1][rows] / denominator[rows] * 100_000
        return max(
            np.max(np.abs(ours_lower / lower[rows] - 1)),
            np.max(np.abs(ours_upper / upper[rows] - 1)),
        )

    # "All ages": the exact Poisson interval for every count (rel. differences up to 4.3e-7).
    assert relative(stats.exact_poisson(count), all_ages) < 1e-6
    # "0-9 yrs": Byar's approximation with z = 1.96 exactly (up to 7.1e-10).
    z_196 = 2 * norm.cdf(1.96) - 1
    assert relative(stats.byars(count, confidence=z_196), ~all_ages) < 1e-8
    # Fingertips' current rule, which the import uses when limits are missing, is close for
    # ten events or more and differs below ten (exact against the file's Byar's).
    current = stats.rate(count, denominator, multiplier=100_000)
    many = count >= 10
    assert (
        relative((current.lower * denominator / 1e5, current.upper * denominator / 1e5), many)
        < 2e-4
    )
    assert (~many).sum() == 20


def test_the_comparisons_agree_with_the_downloads_own(campylobacter):
    path, _ = campylobacter
    indicators_import(path=path)
    stored = pd.DataFrame(
        Observation.objects.values(
            "area_code", "category", "compared_to_england", "published_compared_to_england",
            "compared_to_parent", "published_compared_to_parent", "parent_code",
        )
    )  # fmt: skip
    published = stored["published_compared_to_england"].str.lower()
    judged = published != "not compared"
    assert judged.sum() == 750
    assert (stored.loc[judged, "compared_to_england"] == published[judged]).all()
    differing = stored[~judged & (stored["compared_to_england"] != "not compared")]
    regions = differing["area_code"].str.startswith("E12") & (differing["category"] == "")
    deciles = (differing["area_code"] == "E92000001") & (differing["category"] != "")
    assert (regions.sum(), deciles.sum(), len(differing)) == (27, 60, 87)

    to_parent = stored["published_compared_to_parent"].str.lower()
    judged = to_parent != "not compared"
    assert judged.sum() == 450
    assert (stored.loc[judged, "compared_to_parent"] == to_parent[judged]).all()
    assert set(stored.loc[judged, "parent_code"].str[:3]) == {"E12"}
    assert set(stored.loc[~judged, "compared_to_parent"]) <= {"", "not compared"}


@pytest.fixture
def extract():
    path = shared_data("fingertips", EXTRACT)
    shared_data("fingertips", "fingertipsnext_indicators_metadata.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    hierarchy = pd.read_csv(
        shared_data("fingertips", "fingertipsnext_areas_hierarchy.csv"),
        dtype=str,
        keep_default_na=False,
    )
    areas_from(hierarchy, "AreaCode", "AreaType")
    areas_from(table, "AreaCode", "AreaType")  # six closed GP practices are not in the hierarchy
    from placematters.geography.models import Area, AreaLink

    areas = {area.code: area for area in Area.objects.all()}
    links = [
        AreaLink(child=areas[child], parent=areas[parent], vintage="2019")
        for parent, children in zip(hierarchy["AreaCode"], hierarchy["Children"], strict=True)
        for child in children.split("|")
        if child in areas and parent in areas and parent != "E92000001"
    ]
    AreaLink.objects.bulk_create(links, ignore_conflicts=True)
    return path, table


def test_by_default_the_extract_is_refused_for_its_conflicting_rows(extract):
    path, _ = extract
    before = database_counts()
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=path)
    errors = failure.value.errors
    # Exact repeats and the same figures at another precision are not errors (ADR 0005): only
    # the 42 rows whose figures really differ from an earlier row's, each naming both lines.
    assert len(errors) == 42
    assert all("duplicate row: has different numbers from line" in e.reason for e in errors)
    assert str(errors[0]) == (
        "line 15356: duplicate row: has different numbers from line 15355 (the same indicator, "
        "area, period, sex, age and category); fix the file, or choose to keep the later of "
        "such rows"
    )
    assert [e.line for e in errors[-2:]] == [34712, 34714]
    assert database_counts() == before


def test_the_extract_imports_keeping_the_later_of_conflicting_rows(extract):
    path, table = extract
    stdout = io.StringIO()
    call_command(
        "import_indicators", str(path), "--duplicates", "keep-last", stdout=stdout,
        stderr=io.StringIO(),
    )  # fmt: skip
    lines = stdout.getvalue().splitlines()
    print("\n".join(lines))
    expected = len(table) - 1927 - 9 - 42
    assert expected == 32_835
    assert lines[0].startswith(
        f"Imported {expected:,} observations of 13 indicators from {EXTRACT}"
    )
    assert lines[1] == (
        "  4,519 rows had values or limits computed from their count and denominator."
    )
    assert lines[2] == "  1,978 rows left out as duplicates (42 rows replaced by a later row):"
    assert lines[3].startswith(
        "  Warning: 1,927 rows repeated an earlier row exactly and were left out: line 296 "
        "repeats line 295; line 298 repeats line 297;"
    )
    assert lines[3].endswith("; and 1,922 more.")
    assert lines[4].startswith(
        "  Warning: 9 rows gave the same figures as another row at a different precision, and "
        "the more precise row was kept: line 15344 left out for line 15343;"
    )
    assert lines[5].startswith(
        "  Warning: 42 rows had different figures from a later row (the same indicator, area, "
        "period, sex, age and category); as chosen, the later row was kept: line 15355 "
        "replaced by line 15356;"
    )
    batch = ImportBatch.objects.get()
    assert batch.row_count == Observation.objects.count() == expected
    assert [e["level"] for e in batch.errors] == ["warning"] * 3
    # The more precise of two equal figures is kept; of two different ones, the later.
    sleep = Observation.objects.filter(indicator__external_id="90453", period="2023")
    assert sleep.get(area_code="E38000014").value == 23.1029888049197
    assert sleep.get(area_code="E38000015").value == 31.2817
    assert batch.format == "fingertipsnext"
    diabetes = Indicator.objects.get(external_id="241")
    assert (diabetes.value_type, diabetes.multiplier, diabetes.benchmark_method) == (
        "proportion",
        100.0,
        "ci998",
    )
    assert Indicator.objects.get(external_id="93085").period_type == "Financial"
    smoking = Observation.objects.filter(indicator__external_id="93085")
    assert set(smoking.values_list("period", flat=True)) >= {"2018/19", "2022/23"}
    compared = smoking.exclude(area_code="E92000001").filter(category="")
    labels = set(compared.values_list("compared_to_england", flat=True))
    assert labels <= {"better", "similar", "worse", "not compared", ""}
    assert {"better", "worse"} <= labels
    counts = Observation.objects.filter(indicator__value_type="count")
    assert set(counts.values_list("compared_to_england", flat=True)) <= {"not compared", ""}


@pytest.mark.parametrize("name", LA_SERIES)
def test_each_la_series_file_imports(name):
    path = shared_data("fingertips", name)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    areas_from(table, "area_code", "area_type")
    summary, batch = import_with_command(path)
    assert summary.startswith(f"Imported {len(table):,} observations of ")
    assert batch.format == "la_series"
    stored = pd.DataFrame(
        Observation.objects.values("published_compared_to_england", "compared_to_england")
    )
    assert (stored["published_compared_to_england"].value_counts().sort_index()).equals(
        table["compared_to_England"]
        .value_counts()
        .sort_index()
        .rename_axis("published_compared_to_england")
    )
    # No limits in these files: nothing can be compared here; the published labels are kept.
    assert set(stored["compared_to_england"]) <= {"not compared", ""}
