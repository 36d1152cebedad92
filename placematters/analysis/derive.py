"""Indicators derived from imported deaths and population (reads and arithmetic, no writes).

* Directly standardised rate per 100,000 with the 2013 European Standard Population in ONS's
  form: the 19 ESP bands with 0-4 split into <1 (1,000) and 1-4 (4,000) to match ONS's death
  tables, and 90+ = 1,000 (ESP's 90-94 and 95+ merged), Dobson limits
  (:func:`placematters.stats.dsr`).
* Period life expectancy (:func:`placematters.stats.life_expectancy`, Chiang II abridged table
  with bands 0, 1-4, 5-9, ..., 85-89, 90+, Silcocks limits).

Deaths and population come from :func:`placematters.geography.queries.deaths_bands` and
:func:`~placematters.geography.queries.population_bands`; single-year populations are summed
into the death bands. Deaths held in five-year bands only (0-4, ...) fall back to the plain ESP
2013 bands. An area lacking any band of deaths or population is left out and named in
``problems``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from placematters import stats
from placematters.geography import queries as geography

ENGLAND = "E92000001"
DEATH_BANDS = [(0, 0), (1, 4), *((start, start + 4) for start in range(5, 90, 5)), (90, None)]
FIVE_YEAR_BANDS = [*((start, start + 4) for start in range(0, 90, 5)), (90, None)]
#: ESP 2013 as ONS uses it, by the start age of each band of DEATH_BANDS.
ESP2013_ONS = dict(
    zip(
        [start for start, _ in DEATH_BANDS],
        [1000, 4000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
         5500, 5000, 4000, 2500, 1500, 1000],
        strict=True,
    )
)  # fmt: skip
ESP2013_FIVE_YEAR = dict(
    zip([start for start, _ in FIVE_YEAR_BANDS], stats.ESP2013.tolist(), strict=True)
)
SEX_LABELS = {"persons": "Persons", "male": "Male", "female": "Female"}
SOURCE = "Derived by Place Matters from ONS deaths registrations and population estimates"


@dataclass
class DerivedTable:
    """One row per area: area_code, area_name, sex, age, count, denominator, value, lower_95,
    upper_95, lower_998, upper_998, value_note, compared_to_england."""

    frame: pd.DataFrame
    value_type: str
    unit: str
    multiplier: float
    polarity: str
    definition: str
    source: str = SOURCE
    problems: list[str] = field(default_factory=list)


def age_label(age_from: int, age_to: int | None) -> str:
    """Fingertips-style age label: "All ages", "0-74 yrs", "65+ yrs"."""
    if age_from == 0 and age_to is None:
        return "All ages"
    if age_to is None:
        return f"{age_from}+ yrs"
    return f"{age_from}-{age_to} yrs"


def bands_frame(
    area_codes: Iterable[str], year: int, sex: str
) -> tuple[pd.DataFrame, dict[int, float], list[str]]:
    """Deaths and population by area and age band, the standard weights, and the problems.

    Columns: area_code, age_from, age_to (NaN = open), band, deaths, population. Only areas
    with every band of both are kept.
    """
    codes = sorted({code.strip() for code in area_codes if code and code.strip()})
    sex = sex.lower()
    if sex not in SEX_LABELS:
        raise ValueError(f"sex must be persons, male or female, not {sex!r}")
    bands, standard = DEATH_BANDS, ESP2013_ONS
    try:
        deaths = geography.deaths_bands(codes, year, sex, bands=bands)
    except ValueError:
        bands, standard = FIVE_YEAR_BANDS, ESP2013_FIVE_YEAR
        deaths = geography.deaths_bands(codes, year, sex, bands=bands)
    population = geography.population_bands(codes, year, sex, bands=bands)
    keys = ["area_code", "age_from", "band"]
    frame = deaths[[*keys, "age_to", "deaths"]].merge(
        population[[*keys, "population"]], on=keys, how="outer"
    )
    size = frame.groupby("area_code")[["deaths", "population"]].transform("count")
    complete = (size["deaths"] == len(bands)) & (size["population"] == len(bands))
    complete &= frame.groupby("area_code")["population"].transform("min") > 0
    problems = [
        f"{code}: no deaths or population for some age band in {year}"
        for code in sorted(set(codes) - set(frame.loc[complete, "area_code"]))
    ]
    frame = frame[complete].sort_values(["area_code", "age_from"], ignore_index=True)
    return frame, standard, problems


def _names(codes) -> dict[str, str]:
    names = {}
    for code in codes:
        area = geography.area_by_code(code)
        names[code] = area.name if area is not None else code
    return names


def _compare_with_england(frame: pd.DataFrame, polarity: str) -> np.ndarray:
    labels = np.full(len(frame), "", dtype=object)
    england = frame.loc[frame["area_code"] == ENGLAND, "value"]
    if not len(england) or not np.isfinite(england.iloc[0]):
        return labels
    labels[:] = stats.compare(
        frame["lower_95"].to_numpy(dtype=float),
        frame["upper_95"].to_numpy(dtype=float),
        float(england.iloc[0]),
        polarity.replace("_", " "),
        value=frame["value"].to_numpy(dtype=float),
    )
    labels[(frame["area_code"] == ENGLAND).to_numpy()] = "not compared"
    return labels


def dsr_values(frame: pd.DataFrame, standard: dict[int, float], groups) -> pd.DataFrame:
    """DSR per group of band rows: group, count, denominator, value and limits (95%, 99.8%)."""
    weights = frame["age_from"].map(standard).to_numpy(dtype=float)
    result = stats.dsr(
        frame["deaths"].to_numpy(dtype=float),
        frame["population"].to_numpy(dtype=float),
        weights,
        groups=groups,
        confidence=(0.95, 0.998),
        multiplier=100_000,
    )
    return pd.DataFrame(
        {
            "group": result.groups,
            "count": result.total_count,
            "denominator": result.total_pop,
            "value": result.value,
            "lower_95": result.lower[0.95],
            "upper_95": result.upper[0.95],
            "lower_998": result.lower[0.998],
            "upper_998": result.upper[0.998],
            "value_note": np.where(
                np.isnan(result.value), "Not computed: fewer than 10 deaths", ""
            ),
        }
    )


def dsr_table(
    area_codes: Iterable[str], year: int, sex: str, age_from: int = 0, age_to: int | None = None
) -> DerivedTable:
    """All-cause DSR per 100,000 for each area (see the module docstring)."""
    frame, standard, problems = bands_frame(area_codes, year, sex)
    ends = frame["age_to"].fillna(np.inf)
    within = (frame["age_from"] >= age_from) & (ends <= (np.inf if age_to is None else age_to))
    frame = frame[within]
    result = dsr_values(frame, standard, frame["area_code"].to_numpy()) if len(frame) else None
    table = _table(result, sex, age_label(age_from, age_to))
    table["compared_to_england"] = _compare_with_england(table, "lower_is_better")
    ages = age_label(age_from, age_to).lower()
    return DerivedTable(
        frame=table,
        value_type="dsr",
        unit="per 100,000",
        multiplier=100_000.0,
        polarity="lower_is_better",
        definition=(
            f"Deaths from all causes registered in {year}, {SEX_LABELS[sex.lower()].lower()}, "
            f"{ages}: directly standardised rate per 100,000 using the 2013 European Standard "
            "Population (90+ = 1,000, as ONS), with Dobson 95% and 99.8% confidence limits."
        ),
        problems=problems,
    )


def life_expectancy_values(frame: pd.DataFrame, groups, age_from: int = 0) -> pd.DataFrame:
    """Life expectancy at ``age_from`` per group of band rows (as :func:`dsr_values`)."""
    result = stats.life_expectancy(
        frame["deaths"].to_numpy(dtype=float),
        frame["population"].to_numpy(dtype=float),
        frame["age_from"].to_numpy(dtype=np.int64),
        groups=groups,
        confidence=(0.95, 0.998),
        le_age=age_from,
    )
    notes = np.array(
        [f"Not computed: {reason}" if reason else "" for reason in result.suppressed], dtype=object
    )
    return pd.DataFrame(
        {
            "group": result.groups,
            "count": result.dths_used,
            "denominator": result.pops_used,
            "value": result.value,
            "lower_95": np.where(np.isnan(result.value), np.nan, result.lower[0.95]),
            "upper_95": np.where(np.isnan(result.value), np.nan, result.upper[0.95]),
            "lower_998": np.where(np.isnan(result.value), np.nan, result.lower[0.998]),
            "upper_998": np.where(np.isnan(result.value), np.nan, result.upper[0.998]),
            "value_note": notes,
        }
    )


def life_expectancy_table(
    area_codes: Iterable[str], year: int, sex: str, age_from: int = 0
) -> DerivedTable:
    """Period life expectancy at ``age_from`` for each area (see the module docstring)."""
    frame, _, problems = bands_frame(area_codes, year, sex)
    if len(frame) and frame["age_from"].nunique() != len(DEATH_BANDS):
        raise ValueError("life expectancy needs deaths in the bands <1, 1-4, 5-9, ..., 90+")
    result = (
        life_expectancy_values(frame, frame["area_code"].to_numpy(), age_from)
        if len(frame)
        else None
    )
    label = "All ages" if age_from == 0 else f"{age_from} yrs"
    table = _table(result, sex, label)
    table["compared_to_england"] = _compare_with_england(table, "higher_is_better")
    at = "birth" if age_from == 0 else f"age {age_from}"
    return DerivedTable(
        frame=table,
        value_type="life_expectancy",
        unit="years",
        multiplier=1.0,
        polarity="higher_is_better",
        definition=(
            f"Period life expectancy at {at}, {SEX_LABELS[sex.lower()].lower()}, from deaths "
            f"registered in {year} and the mid-{year} population: Chiang II abridged life table "
            "(bands <1, 1-4, 5-9, ..., 85-89, 90+), Silcocks 95% and 99.8% confidence limits. "
            "One year of deaths, so intervals are wider than the published three-year figures."
        ),
        problems=problems,
    )


def _table(result: pd.DataFrame | None, sex: str, age: str) -> pd.DataFrame:
    columns = [
        "area_code", "area_name", "sex", "age", "count", "denominator", "value", "lower_95",
        "upper_95", "lower_998", "upper_998", "value_note",
    ]  # fmt: skip
    if result is None or not len(result):
        return pd.DataFrame(columns=columns)
    table = result.rename(columns={"group": "area_code"})
    table["area_code"] = table["area_code"].astype(str)
    names = _names(table["area_code"])
    table["area_name"] = table["area_code"].map(names)
    table["sex"] = SEX_LABELS[sex.lower()]
    table["age"] = age
    return table[columns].reset_index(drop=True)
