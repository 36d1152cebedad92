"""Every shared geography, boundary, IMD, population and mortality file imports with the
commands, and what is stored reproduces published figures (MHCLG district IMD summaries, ONS
2014 age-standardised death rates).

The England-wide geography and IMD are imported once for the module, inside a transaction that
is rolled back at the end; each test runs in its own nested transaction, so the population
files (which overlap each other by design) each import into the same starting state.
"""

import re
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from placematters.geography import queries
from placematters.geography.models import Area, AreaLink, Boundary, Deprivation, PopulationCount
from placematters.stats import dsr
from tests.shared_files import shared_data

pytestmark = pytest.mark.django_db

GEOGRAPHY = [
    "lad19_utla19_region19_england.csv",
    "lad21_utla21_region21_england.csv",
    "lad23_utla23_region23_england.csv",
    "lsoa11_hierarchy_england.csv",
    "lsoa11_to_lsoa21_lad22_england.csv",
    "lsoa21_ward24_lad24_england.csv",
    "ward21_lad21_england.csv",
    "ruc11_lsoa11_england.csv",
]
BOUNDARIES = [
    "ctyua_dec2023_bsc_uk.geojson",
    "lad_may2024_bsc_uk.geojson",
    "lsoa11_bsc_norfolk.geojson",
    "regions_dec2023_buc_england.geojson",
]
IMD = ["imd2019_lsoa11_england_file7_subset.csv", "imd2019_lsoa11_norfolk_file7_subset.csv"]
MYE2 = "ons_mye2_mid2014_population_la_sex_syoa_uk.csv"
DEATHS = "ons_deaths_2014_registrations_la_sex_age_ew.csv"
NORFOLK = "E10000020"
NORFOLK_DISTRICTS = [f"E0700014{digit}" for digit in range(3, 10)]
SUMMARY = re.compile(r"^Imported .+ from (?P<name>\S+) in \d+\.\d s( \(.+\))?$")


def run(command, path, *args):
    """Run an import command; return its summary line (printed, for the record)."""
    out, err = StringIO(), StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=err)
    line = out.getvalue().strip()
    print(line)
    match = SUMMARY.match(line)
    assert match and match["name"] == path.name, line
    return line


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The England geography, boundaries, 2014 areas and IMD, imported once for the module."""
    paths = [shared_data("geography", name) for name in GEOGRAPHY]
    paths += [shared_data("boundaries", name) for name in BOUNDARIES]
    mye2 = shared_data("mortality", MYE2)
    imd = [shared_data("imd2019", name) for name in IMD]
    with django_db_blocker.unblock(), transaction.atomic():
        lines = {path.name: run("import_geography", path) for path in paths}
        lines["2014 areas"] = run("import_geography", mye2, "--vintage", "2014")
        for path in imd:
            lines[path.name] = run("import_imd", path)
        if connection.vendor == "postgresql":
            # Check the deferred foreign keys once here; otherwise each test's rollback to its
            # savepoint would put them back in the queue and its teardown would check them all.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield lines
        transaction.set_rollback(True)


def test_every_geography_and_boundary_file_imports(imported):
    lsoa = Area.objects.filter(area_type="lsoa")
    assert lsoa.filter(vintage="2011").count() == 32_844
    assert lsoa.filter(vintage="2021").count() == 33_755
    assert imported["lsoa11_hierarchy_england.csv"].startswith(
        "Imported 47,748 areas (47,063 new) and 160,662 links"
    )
    assert imported["ruc11_lsoa11_england.csv"].startswith(
        "Imported the rural-urban classification of 32,844 LSOAs"
    )
    assert not lsoa.filter(vintage="2011", rural_urban="").exists()
    assert Area.objects.get(code="E01026419", vintage="2011").rural_urban.startswith("E")
    assert Boundary.objects.count() == 218 + 361 + 538 + 9
    assert imported["2014 areas"].startswith("Imported 440 areas")


def test_the_hierarchy_resolves_norfolk_at_every_level(imported):
    norfolk = queries.area_by_code(NORFOLK, "2019")
    assert [area.code for area in queries.children(norfolk, "district", "2019")] == (
        NORFOLK_DISTRICTS
    )
    assert len(queries.children(norfolk, "lsoa", "2011")) == 538
    assert len(queries.children(norfolk, "msoa", "2011")) == 110
    assert len(queries.lsoas_in([NORFOLK])) == 538
    lsoa21 = {
        area.code
        for code in NORFOLK_DISTRICTS
        for area in queries.children(queries.area_by_code(code, "2024"), "lsoa", "2021")
    }
    assert len(lsoa21) == 552
    # a mix of district, ward, MSOA and LSOA codes resolves to LSOA 2011s, each once
    norwich = {area.code for area in queries.lsoas_in(["E07000148"])}
    mixed = queries.lsoas_in(["E07000148", "E02005565", "E01026419", *sorted(norwich)[:3]])
    assert norwich <= {area.code for area in mixed}
    assert len(mixed) == len({area.code for area in mixed})
    ward = Area.objects.filter(code__startswith="E05", vintage="2024", links_down__isnull=False)
    assert queries.lsoas_in([ward.first().code])  # via LSOA 2021 and the best-fit table
    boundaries = Boundary.objects.filter(area__in=queries.children(norfolk, "lsoa", "2011"))
    assert boundaries.count() == 538


def test_reimporting_geography_adds_nothing(imported):
    areas, links = Area.objects.count(), AreaLink.objects.count()
    line = run("import_geography", shared_data("geography", "lad19_utla19_region19_england.csv"))
    assert "(0 new)" in line
    line = run("import_geography", shared_data("boundaries", "regions_dec2023_buc_england.geojson"))
    assert "(0 new)" in line
    assert (Area.objects.count(), AreaLink.objects.count()) == (areas, links)


# MHCLG, English Indices of Deprivation 2019, File 10 (the data README's table).
DISTRICT_IMD = [
    ("E07000143", 19.614, 0.0128),
    ("E07000144", 11.817, 0.0),
    ("E07000145", 33.097, 0.2459),
    ("E07000146", 23.72, 0.0787),
    ("E07000147", 21.058, 0.0),
    ("E07000148", 27.599, 0.2048),
    ("E07000149", 13.318, 0.0),
    ("E06000001", 35.037, 0.3621),
    ("E06000002", 40.46, 0.4884),
    ("E06000044", 26.899, 0.12),
    ("E07000178", 16.707, 0.012),
    ("E08000003", 40.005, 0.4326),
    ("E09000001", 14.72, 0.0),
]


def test_population_weighted_district_imd_scores_reproduce_mhclg(imported):
    assert imported[IMD[0]].startswith("Imported IMD2019 for 32,844 LSOAs (32,844 new)")
    assert imported[IMD[1]].startswith("Imported IMD2019 for 538 LSOAs (0 new)")
    assert Deprivation.objects.count() == 32_844
    worst = 0.0
    for code, average, most_deprived in DISTRICT_IMD:
        lsoas = [area.code for area in queries.lsoas_in([code])]
        imd = queries.deprivation_for(lsoas)
        assert len(imd) == len(lsoas) > 0
        weights = imd["population_total"]
        score = float((imd["imd_score"] * weights).sum() / weights.sum())
        share = float((imd["imd_decile"] == 1).mean())
        print(f"{code}: average score {score:.4f} (MHCLG {average}), decile 1 {share:.4f}")
        assert score == pytest.approx(average, abs=0.001)
        assert round(share, 4) == pytest.approx(most_deprived, abs=1e-9)
        worst = max(worst, abs(score - average))
    print(f"largest difference from MHCLG's district average scores: {worst:.5f}")


def test_local_deciles_and_quintiles_are_recomputed_within_any_set_of_lsoas(imported):
    norfolk = [area.code for area in queries.lsoas_in([NORFOLK])]
    deciles = queries.local_quantiles(norfolk, 10)
    assert len(deciles) == 538
    sizes = deciles["local_quantile"].value_counts()
    assert sizes.min() >= 53 and sizes.max() <= 54
    # 1 is the most deprived: the local decile 1 has the lowest national ranks
    assert deciles.groupby("local_quantile")["imd_rank"].max().is_monotonic_increasing
    quintiles = queries.local_quantiles(norfolk, 5, by="score")
    assert set(quintiles["local_quantile"]) == {1, 2, 3, 4, 5}
    england = queries.local_quantiles([area.code for area in queries.lsoas_in(["E92000001"])])
    differ = int((england["local_quantile"] != england["national_decile"]).sum())
    print(f"England LSOAs whose recomputed decile differs from MHCLG's: {differ} of 32,844")
    assert differ < 20  # OHID's formula places a few decile boundaries one LSOA away


POPULATION = [
    ("population", "mye_mid2019_ltla19_persons_syoa_england.csv", 317, 91),
    ("population", "mye_mid2019_utla19_persons_syoa_england.csv", 151, 91),
    ("population", "mye_mid2020_ltla21_persons_syoa_england.csv", 309, 91),
    ("population", "sape_mid2019_lsoa11_persons_5yr_england.csv", 32_844, 19),
    ("population", "sape_mid2019_lsoa11_persons_syoa_norfolk.csv", 538, 91),
    ("mortality", MYE2, 440 * 3, 91),
]


@pytest.mark.parametrize(("folder", "name", "rows", "bands"), POPULATION)
def test_every_population_file_imports(imported, folder, name, rows, bands):
    path = shared_data(folder, name)
    line = run("import_population", path)
    assert line.startswith(f"Imported {rows * bands:,} population counts")
    table = pd.read_csv(path, dtype={0: str})
    total_column = "all_ages" if "all_ages" in table else "total_population"
    assert PopulationCount.objects.count() == rows * bands
    stored = sum(PopulationCount.objects.values_list("population", flat=True))
    assert stored == table[total_column].sum()
    if name.endswith("_norfolk.csv"):
        assert stored == 907_760


# ESP 2013 with ONS's 90+ = 1,000 and the <1 and 1-4 bands of ONS Table 2.
DEATH_BANDS = [(0, 0), (1, 4), *((start, start + 4) for start in range(5, 90, 5)), (90, None)]
ESP2013_ONS = dict(
    zip(
        ["0", "1-4", *(f"{start}-{start + 4}" for start in range(5, 90, 5)), "90+"],
        [1000, 4000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
         5500, 5000, 4000, 2500, 1500, 1000],
        strict=True,
    )
)  # fmt: skip
PUBLISHED = "ons_deaths_2014_rates_table1a_excl_east_of_england.csv"


def test_2014_death_rates_reproduce_the_published_ons_rates(imported):
    run("import_population", shared_data("mortality", MYE2))
    line = run("import_deaths", shared_data("mortality", DEATHS))
    assert line.startswith("Imported 15,640 death counts (391 areas; 2014; female, male)")
    published = pd.read_csv(shared_data("mortality", PUBLISHED)).dropna(subset=["area_code"])
    codes = published["area_code"].tolist()
    compared = []
    for sex, column in [("persons", "persons"), ("male", "males"), ("female", "females")]:
        deaths = queries.deaths_bands(codes, 2014, sex)
        population = queries.population_bands(codes, 2014, sex, bands=DEATH_BANDS)
        frame = deaths.merge(population, on=["area_code", "sex", "age_from", "age_to", "band"])
        assert len(frame) == len(deaths)
        result = dsr(
            frame["deaths"].to_numpy(float),
            frame["population"].to_numpy(float),
            ESP2013_ONS,
            groups=frame["area_code"].to_numpy(),
            bands=frame["band"].to_numpy(),
        )
        ours = pd.Series(result.value, index=result.groups, name="ours")
        theirs = published.set_index("area_code")[f"asmr_esp2013_per_100000_{column}"]
        both = pd.concat([ours, theirs.rename("published")], axis=1, join="inner").dropna()
        compared.append(both.assign(sex=sex))
    compared = pd.concat(compared)
    compared["difference"] = (compared["ours"] - compared["published"]).abs()
    within = float((compared["difference"] <= 0.5).mean())
    english = compared[compared.index.str.startswith("E")]
    worst = compared["difference"].idxmax(), compared["difference"].max()
    print(
        f"2014 DSRs compared: {len(compared)} (area, sex) pairs in {compared.index.nunique()} "
        f"areas; within 0.5 per 100,000: {within:.1%}; largest difference {worst[1]:.2f} "
        f"({worst[0]}); largest for an English area {english['difference'].max():.2f}"
    )
    assert compared.index.nunique() >= 300
    assert within >= 0.95
    assert english["difference"].max() < 2
    assert np.isfinite(compared["ours"]).all()
