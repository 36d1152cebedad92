"""What an import computes once, with the statistics engine, before the rows are stored.

* :func:`fill_from_counts`: where count and denominator are given but the value or any limit is
  not, the missing ones come from :func:`placematters.stats.proportion` (Wilson) or
  :func:`placematters.stats.rate` (exact below 10 events, Byar's from 10) at 95% and 99.8%,
  for indicators whose value type is a proportion or a crude rate; such rows are ``computed``.
  Given numbers are never replaced.
* :func:`comparisons`: each row against England (E92000001, the same indicator, period, sex and
  age, England's total without category) and against its parent area, with
  :func:`placematters.stats.compare` mapped through the indicator's polarity (95%, 99.8% or
  both levels, as its benchmarking method says) or :func:`placematters.stats.quintile_categories`
  within the comparison set (same indicator, period, sex, age, category and area type; within
  the parent too for the parent comparison).

Labels: "better", "similar", "worse" (or "higher"/"lower" without judgement; two levels add
" 95%" or " 99.8%"); quintiles "best", "better", "middle", "worse", "worst" (judged) or
"lowest", "low", "middle", "high", "highest"; "not compared" when a comparator exists but the
row cannot be compared (missing limits or value, the benchmarking method is "none", or the row
is England itself); "" when there is no comparator at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from placematters import stats
from placematters.indicators.importers.base import ENGLAND, IndicatorMeta

LIMITS = ("lower_95", "upper_95", "lower_998", "upper_998")
BENCHMARK_KEYS = ["indicator_key", "period", "sex", "age"]
NOT_COMPARED = "not compared"
QUINTILE_LABELS = {
    "judged": np.array(["", "best", "better", "middle", "worse", "worst"], dtype=object),
    "unjudged": np.array(["", "lowest", "low", "middle", "high", "highest"], dtype=object),
}
#: Nearest parent first: a district compares with its county before its region.
PARENT_RANK = {"ward": 0, "msoa": 1, "district": 2, "county_ua": 3, "region": 4, "other": 5}


def fill_from_counts(frame: pd.DataFrame, indicators: dict[str, IndicatorMeta]) -> pd.Series:
    """Fill missing values and limits from count and denominator; return the ``computed`` flags."""
    computed = np.zeros(len(frame), dtype=bool)
    count = frame["count"].to_numpy()
    denominator = frame["denominator"].to_numpy()
    gaps = frame["value"].isna().to_numpy().copy()
    for name in LIMITS:
        gaps |= frame[name].isna().to_numpy()
    usable = np.isfinite(count) & np.isfinite(denominator) & (count >= 0) & (denominator > 0)
    keys = frame["indicator_key"].to_numpy()
    for value_type, method in (("proportion", stats.proportion), ("crude_rate", stats.rate)):
        by_multiplier: dict[float, list[str]] = {}
        for key, meta in indicators.items():
            if meta.value_type == value_type:
                by_multiplier.setdefault(float(meta.multiplier or 1.0), []).append(key)
        for multiplier, members in by_multiplier.items():
            rows = np.flatnonzero(usable & gaps & np.isin(keys, members))
            if value_type == "proportion":
                rows = rows[count[rows] <= denominator[rows]]
            if not len(rows):
                continue
            result = method(
                count[rows], denominator[rows], confidence=(0.95, 0.998), multiplier=multiplier
            )
            filled = {
                "value": result.value,
                "lower_95": result.lower[0.95],
                "upper_95": result.upper[0.95],
                "lower_998": result.lower[0.998],
                "upper_998": result.upper[0.998],
            }
            for name, numbers in filled.items():
                column = frame[name].to_numpy(copy=True)
                missing = np.isnan(column[rows])
                column[rows[missing]] = numbers[missing]
                frame[name] = column
            computed[rows] = True
    return pd.Series(computed, index=frame.index)


@dataclass
class Comparisons:
    england: np.ndarray
    parent: np.ndarray
    parent_code: np.ndarray


def comparisons(
    frame: pd.DataFrame,
    indicators: dict[str, IndicatorMeta],
    *,
    earlier: pd.DataFrame | None = None,
    parents: pd.DataFrame | None = None,
    area_types: dict[str, str] | None = None,
) -> Comparisons:
    """Compare every row with England and with its parent (see the module docstring).

    ``earlier``: benchmark rows already stored (indicator_key, area_code, period, sex, age,
    value and limits; totals only). ``parents``: child_code, parent_code, rank (lower first).
    ``area_types``: area code -> type, for the quintile comparison sets.
    """
    length = len(frame)
    area_types = area_types or {}
    totals = frame[(frame["category_type"] == "") & (frame["category"] == "")]
    columns = [*BENCHMARK_KEYS, "area_code", "value", *LIMITS]
    benchmarks = totals[columns]
    if earlier is not None and len(earlier):
        benchmarks = pd.concat([benchmarks, earlier[columns]], ignore_index=True)
    benchmarks = benchmarks.drop_duplicates([*BENCHMARK_KEYS, "area_code"])
    types = frame["area_code"].map(area_types).fillna(frame["area_type"]).to_numpy()

    england_rows = benchmarks[benchmarks["area_code"] == ENGLAND]
    england_value = _lookup(frame[BENCHMARK_KEYS], england_rows)
    is_england_total = (
        (frame["area_code"] == ENGLAND) & (frame["category_type"] == "") & (frame["category"] == "")
    ).to_numpy()
    england = _compare(frame, indicators, england_value, groups=[types], exclude=is_england_total)
    england[is_england_total] = NOT_COMPARED

    parent_codes = np.full(length, "", dtype=object)
    parent = np.full(length, "", dtype=object)
    if parents is not None and len(parents):
        chosen = _choose_parents(frame, benchmarks, parents)
        has_parent = chosen["parent_code"].to_numpy() != ""
        parent_codes = chosen["parent_code"].to_numpy(dtype=object)
        parent_value = chosen["value"].to_numpy(dtype=np.float64)
        labels = _compare(
            frame, indicators, parent_value, groups=[types, parent_codes], exclude=~has_parent
        )
        parent = np.where(has_parent, labels, "").astype(object)
    return Comparisons(england=england, parent=parent, parent_code=parent_codes)


def _lookup(keys: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """The table's value for each row's (indicator, period, sex, age)."""
    if not len(table):
        return np.full(len(keys), np.nan)
    merged = keys.reset_index(drop=True).merge(
        table[[*BENCHMARK_KEYS, "value"]], on=BENCHMARK_KEYS, how="left", sort=False
    )
    return merged["value"].to_numpy(dtype=np.float64)


def _choose_parents(frame, benchmarks, parents) -> pd.DataFrame:
    """Per row: the nearest parent with a benchmark row, its code and value ("" / NaN if none)."""
    rows = frame[[*BENCHMARK_KEYS, "area_code"]].reset_index(drop=True)
    rows["row"] = np.arange(len(rows))
    links = parents.rename(columns={"child_code": "area_code"})
    candidates = rows.merge(links, on="area_code", how="inner", sort=False)
    candidates = candidates.drop(columns="area_code").rename(columns={"parent_code": "area_code"})
    candidates = candidates.merge(
        benchmarks[[*BENCHMARK_KEYS, "area_code", "value"]],
        on=[*BENCHMARK_KEYS, "area_code"],
        how="inner",
        sort=False,
    )
    candidates = candidates.sort_values(["row", "rank"], kind="stable").drop_duplicates("row")
    result = pd.DataFrame({"parent_code": "", "value": np.nan}, index=np.arange(len(rows)))
    result.loc[candidates["row"].to_numpy(), "parent_code"] = candidates["area_code"].to_numpy()
    result.loc[candidates["row"].to_numpy(), "value"] = candidates["value"].to_numpy()
    return result


def _compare(frame, indicators, benchmark, *, groups, exclude) -> np.ndarray:
    """Labels for every row against ``benchmark``, per indicator ("" where it is missing).

    Quintiles need no benchmark value: the row's fifth within its comparison set.
    """
    labels = np.full(len(frame), NOT_COMPARED, dtype=object)
    keys = frame["indicator_key"].to_numpy()
    value = frame["value"].to_numpy()
    limits = {name: frame[name].to_numpy() for name in LIMITS}
    for key, meta in indicators.items():
        rows = np.flatnonzero((keys == key) & ~exclude)
        if not len(rows):
            continue
        method = meta.benchmark_method or "ci95"
        polarity = meta.polarity or "no_judgement"
        if method == "none":
            continue
        if method == "quintiles":
            subset = frame.iloc[rows]
            group_keys = [
                subset["period"].to_numpy(),
                subset["sex"].to_numpy(),
                subset["age"].to_numpy(),
                subset["category_type"].to_numpy(),
                subset["category"].to_numpy(),
                *[np.asarray(group)[rows].astype(str) for group in groups],
            ]
            categories = stats.quintile_categories(value[rows], polarity, groups=group_keys)
            table = QUINTILE_LABELS["unjudged" if polarity == "no_judgement" else "judged"]
            known = np.isfinite(categories)
            words = np.full(len(rows), NOT_COMPARED, dtype=object)
            words[known] = table[categories[known].astype(np.int64)]
            labels[rows] = words
            continue
        if method == "ci998":
            lower, upper = limits["lower_998"][rows], limits["upper_998"][rows]
        elif method == "ci_two_level":
            lower = {0.95: limits["lower_95"][rows], 0.998: limits["lower_998"][rows]}
            upper = {0.95: limits["upper_95"][rows], 0.998: limits["upper_998"][rows]}
        else:
            lower, upper = limits["lower_95"][rows], limits["upper_95"][rows]
        labels[rows] = stats.compare(
            lower, upper, benchmark[rows], _polarity_name(polarity), value=value[rows]
        )
        labels[rows[np.isnan(benchmark[rows])]] = ""
    return labels


def _polarity_name(polarity: str) -> str:
    return {"higher_is_better": "higher is better", "lower_is_better": "lower is better"}.get(
        polarity, "no judgement"
    )
