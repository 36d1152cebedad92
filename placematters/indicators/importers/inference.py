"""Indicator metadata a file does not state, inferred from its own numbers and labels.

A Fingertips data download carries no value type, multiplier, polarity or benchmarking method.
Each can be read back from the data, cautiously:

* **multiplier**: the median of value / (count / denominator), when it is a power of ten
  (1, 100, 1,000, 10,000, 100,000, 1,000,000) within 1%;
* **value type**: whichever of the engine's proportion (Wilson) and crude-rate (exact/Byar's
  Poisson) limits is closer to the file's own 95% limits (median relative difference under
  1e-3), else a word in the indicator's name ("%", "proportion", "rate", "life expectancy"...);
* **polarity**: the file's "Better"/"Worse" labels against the side of England each value lies
  on (a majority vote: "Worse" above England means lower is better); "Higher"/"Lower" labels
  mean no judgement;
* **benchmarking method**: quintile labels ("Lowest", "Best"...) mean quintiles; otherwise the
  95% confidence interval, or 99.8% when only 99.8% limits are given.

Anything still unknown stays None; the action then uses an existing indicator's metadata, or
"other", "no judgement" and the 95% interval. Explicit metadata in a mapping always wins.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from placematters import stats
from placematters.indicators.importers.base import ENGLAND, IndicatorMeta, Rows, map_unique

# Stored values of placematters.indicators.models.ValueType / Polarity / BenchmarkMethod.
PROPORTION, CRUDE_RATE, DSR, LIFE_EXPECTANCY, MEAN, COUNT, OTHER = (
    "proportion", "crude_rate", "dsr", "life_expectancy", "mean", "count", "other",
)  # fmt: skip
HIGHER_IS_BETTER, LOWER_IS_BETTER, NO_JUDGEMENT = (
    "higher_is_better", "lower_is_better", "no_judgement",
)  # fmt: skip
CI_95, CI_998, QUINTILES, NOT_BENCHMARKED = "ci95", "ci998", "quintiles", "none"

MULTIPLIERS = (1.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0)
QUINTILE_WORDS = {"lowest", "low", "middle", "high", "highest", "best", "worst"}
_NAME_RULES = (
    (re.compile(r"life expectancy", re.I), LIFE_EXPECTANCY, 1.0),
    (re.compile(r"directly standardi[sz]ed|age[- ]standardi[sz]ed|\bDSR\b", re.I), DSR, None),
    (re.compile(r"%|percent|proportion|prevalence", re.I), PROPORTION, 100.0),
    (re.compile(r"\brate\b", re.I), CRUDE_RATE, None),
)


def complete_metadata(rows: Rows) -> None:
    """Fill each indicator's unknown value type, multiplier, polarity and benchmark method."""
    frame = rows.frame
    if not rows.indicators or not len(frame):
        return
    positions = frame.groupby("indicator_key", sort=False).indices
    count = frame["count"].to_numpy()
    denominator = frame["denominator"].to_numpy()
    value = frame["value"].to_numpy()
    lower, upper = frame["lower_95"].to_numpy(), frame["upper_95"].to_numpy()
    has_998 = frame["lower_998"].notna().to_numpy()
    to_england = map_unique(frame["compared_to_england"], _label).to_numpy()
    to_parent = map_unique(frame["compared_to_parent"], _label).to_numpy()
    england = None
    for key, meta in rows.indicators.items():
        rows_of = positions.get(key)
        if rows_of is None:
            continue
        if meta.multiplier is None:
            meta.multiplier = infer_multiplier(count[rows_of], denominator[rows_of], value[rows_of])
        if meta.value_type is None:
            meta.value_type, named_multiplier = infer_value_type(
                meta.name + " " + meta.unit,
                count[rows_of],
                denominator[rows_of],
                lower[rows_of],
                upper[rows_of],
                meta.multiplier,
            )
            if meta.multiplier is None:
                meta.multiplier = named_multiplier
        labels = to_england[rows_of]
        if meta.polarity is None:
            if england is None:
                england = england_values(frame)
            meta.polarity = infer_polarity(labels, value[rows_of], england[rows_of])
        if meta.benchmark_method is None:
            meta.benchmark_method = infer_benchmark_method(
                set(labels) | set(to_parent[rows_of]),
                bool(np.isfinite(lower[rows_of]).any()),
                bool(has_998[rows_of].any()),
            )


def _label(text: str) -> str:
    return text.strip().lower()


def infer_multiplier(count, denominator, value) -> float | None:
    """The power of ten that turns count / denominator into the value, or None."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = value / (count / denominator)
    ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
    if not len(ratio):
        return None
    typical = float(np.median(ratio))
    for multiplier in MULTIPLIERS:
        if abs(typical / multiplier - 1) < 0.01:
            return multiplier
    return None


def infer_value_type(name: str, count, denominator, lower, upper, multiplier):
    """(value type, multiplier suggested by the name) from the limits, or else from the name."""
    usable = (
        np.isfinite(count)
        & np.isfinite(denominator)
        & np.isfinite(lower)
        & np.isfinite(upper)
        & (count >= 0)
        & (denominator > 0)
        & (lower > 0)
    )
    if multiplier is not None and usable.any():
        x, n = count[usable], denominator[usable]
        low, high = lower[usable], upper[usable]
        scores = {}
        rate = stats.rate(x, n, multiplier=multiplier)
        scores[CRUDE_RATE] = _median_difference(rate.lower, rate.upper, low, high)
        fits = x <= n
        if fits.all():
            share = stats.proportion(x, n, multiplier=multiplier)
            scores[PROPORTION] = _median_difference(share.lower, share.upper, low, high)
        best = min(scores, key=scores.get)
        if scores[best] < 1e-3:
            return best, None
    for pattern, value_type, named_multiplier in _NAME_RULES:
        if pattern.search(name):
            return value_type, named_multiplier
    return None, None


def _median_difference(ours_low, ours_high, low, high) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = np.maximum(np.abs(ours_low / low - 1), np.abs(ours_high / high - 1))
    difference = difference[np.isfinite(difference)]
    return float(np.median(difference)) if len(difference) else np.inf


def england_values(frame: pd.DataFrame) -> np.ndarray:
    """Each row's England value: the same indicator, period, sex and age, England's total."""
    keys = ["indicator_key", "period", "sex", "age"]
    is_total = (frame["category_type"] == "") & (frame["category"] == "")
    england = frame.loc[(frame["area_code"] == ENGLAND) & is_total, [*keys, "value"]]
    if not len(england):
        return np.full(len(frame), np.nan)
    england = england.drop_duplicates(keys)
    merged = frame[keys].merge(england, on=keys, how="left", sort=False)
    return merged["value"].to_numpy(dtype=np.float64)


def infer_polarity(labels: np.ndarray, value: np.ndarray, england: np.ndarray) -> str | None:
    """Polarity from the published comparisons with England, or None when they do not say."""
    if np.isin(labels, ["higher", "lower"]).any():
        return NO_JUDGEMENT
    better = labels == "better"
    worse = labels == "worse"
    if not (better.any() or worse.any()):
        return None
    with np.errstate(invalid="ignore"):
        above, below = value > england, value < england
    votes_high = int(((better & above) | (worse & below)).sum())
    votes_low = int(((better & below) | (worse & above)).sum())
    if votes_high == votes_low:
        return None
    return HIGHER_IS_BETTER if votes_high > votes_low else LOWER_IS_BETTER


def infer_benchmark_method(labels: set[str], has_95: bool, has_998: bool) -> str:
    """Quintiles when the labels are quintile words; else the 95% (or only 99.8%) interval."""
    if labels & QUINTILE_WORDS:
        return QUINTILES
    return CI_998 if has_998 and not has_95 else CI_95


#: The multiplier Fingertips uses by default for each value type, when a file does not say.
DEFAULT_MULTIPLIERS = {CRUDE_RATE: 100_000.0, DSR: 100_000.0, PROPORTION: 100.0}


def default_metadata(meta: IndicatorMeta) -> None:
    """What to assume when nothing is known: other, no judgement, the 95% interval.

    A rate or a proportion whose multiplier could not be read from the file (for example a
    count-only file with no values) is taken per 100,000 or as a percentage, as Fingertips
    publishes them; anything else is per 1.
    """
    if meta.value_type is None:
        meta.value_type = OTHER
    if meta.multiplier is None:
        meta.multiplier = DEFAULT_MULTIPLIERS.get(meta.value_type, 1.0)
    if meta.polarity is None:
        meta.polarity = NO_JUDGEMENT
    if meta.benchmark_method is None:
        meta.benchmark_method = NOT_BENCHMARKED if meta.value_type == COUNT else CI_95
