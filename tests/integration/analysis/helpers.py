"""Constants and plain helpers shared by the analysis tests (the fixtures built on them are
in conftest.py)."""

from io import StringIO
from pathlib import Path

import pandas as pd
from django.core.management import call_command

from placematters.indicators.actions import indicators_import
from placematters.indicators.models import Indicator
from tests.shared_files import shared_data
from tests.unit.indicators.samples import fingertips_row

ENGLAND, REGION, NORFOLK, SUFFOLK = "E92000001", "E12000006", "E10000020", "E10000029"
DECILES = [
    "Most deprived decile", "Second most deprived decile", "Third more deprived decile",
    "Fourth more deprived decile", "Fifth more deprived decile", "Fifth less deprived decile",
    "Fourth less deprived decile", "Third less deprived decile", "Second least deprived decile",
    "Least deprived decile",
]  # fmt: skip
DECILE_TYPE = "County & UA deprivation deciles in England (IMD2015)"
NORFOLK_DISTRICTS = [f"E0700014{digit}" for digit in range(3, 10)]


def run(command, path, *args):
    call_command(command, str(path), *args, stdout=StringIO(), stderr=StringIO())


def published_rates() -> pd.DataFrame:
    path = shared_data("mortality", "ons_deaths_2014_rates_table1a_excl_east_of_england.csv")
    return pd.read_csv(path).dropna(subset=["area_code"]).set_index("area_code")


def import_norfolk_lsoas(tmp_path: Path) -> tuple[Indicator, pd.DataFrame]:
    """Norfolk's LSOAs with their districts, county, region and England, and their IMD."""
    hierarchy = pd.read_csv(shared_data("geography", "lsoa11_hierarchy_england.csv"), dtype=str)
    subset = tmp_path / "lsoa11_hierarchy_norfolk.csv"
    hierarchy[hierarchy["ltla19_code"].isin(NORFOLK_DISTRICTS)].to_csv(subset, index=False)
    run("import_geography", subset)
    run("import_imd", shared_data("imd2019", "imd2019_lsoa11_norfolk_file7_subset.csv"))
    counts = pd.read_csv(
        shared_data("imd2019", "imd2019_lsoa11_deprivation_counts_and_denominators.csv"),
        dtype={"lsoa11_code": str},
    )
    norfolk = counts[counts["lsoa11_code"].isin(hierarchy.loc[
        hierarchy["ltla19_code"].isin(NORFOLK_DISTRICTS), "lsoa11_code"])]  # fmt: skip
    norfolk = norfolk.dropna(subset=["income_domain_numerator"])
    england = counts.dropna(subset=["income_domain_numerator"])
    rows = pd.DataFrame(
        {
            "Indicator ID": "900001",
            "Indicator Name": "Income deprivation (illustrative test indicator), %",
            "Area Code": [*norfolk["lsoa11_code"], ENGLAND],
            "Area Type": [*["LSOA"] * len(norfolk), "England"],
            "Sex": "Persons",
            "Age": "All ages",
            "Time period": "2015",
            "Value": "",
            "Count": [*norfolk["income_domain_numerator"],
                      england["income_domain_numerator"].sum()],
            "Denominator": [*norfolk["total_population_mid2015_excl_prisoners"],
                            england["total_population_mid2015_excl_prisoners"].sum()],
        }
    )  # fmt: skip
    path = tmp_path / "income_lsoa.csv"
    rows.to_csv(path, index=False)
    mapping = {"value_type": "proportion", "multiplier": 100.0, "polarity": "lower_is_better"}
    batch = indicators_import(path=path, format="fingertips", mapping=mapping)
    return batch.observations.first().indicator, norfolk


def area_row(indicator: str, name: str, code: str, period: str, value, lower, upper, count,
             denom, **extra):  # fmt: skip
    names = {ENGLAND: "England", REGION: "East of England region", NORFOLK: "Norfolk",
             SUFFOLK: "Suffolk"}  # fmt: skip
    kinds = {ENGLAND: "England", REGION: "Region", NORFOLK: "County & UA", SUFFOLK: "County & UA"}
    return fingertips_row(
        Indicator_ID=indicator,
        Indicator_Name=name,
        Area_Code=code,
        Area_Name=names[code],
        Area_Type=kinds[code],
        Parent_Code="" if code == ENGLAND else (ENGLAND if code == REGION else REGION),
        Time_period=period,
        Time_period_Sortable=f"{period}0000",
        Value=str(value),
        Count=str(count),
        Denominator=str(denom),
        **{"Lower CI 95.0 limit": str(lower), "Upper CI 95.0 limit": str(upper)},
        **{"Age": "All ages", **extra},
    )
