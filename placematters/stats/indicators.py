"""Proportions, crude rates and means with confidence limits (Fingertips methods, vectorised).

Grouping follows PHEindicatormethods: ``proportion`` and ``rate`` are row-wise when ``groups``
is None (one result per input row, ``result.groups`` = row positions) and aggregate when groups
are given (numerators and denominators summed per group, one row per sorted group key; a
missing value anywhere in a group makes that group's result missing, like R's ``sum``).
``mean`` always aggregates (one row for ungrouped input). Unlike the reference, a grouping with
exactly one group is aggregated too (R treats it row-wise, an artefact of its implementation).

Group sums use a vectorised group-by (numpy ``unique`` + ``bincount``); no Python loop runs over
rows or groups.
"""

# ruff: noqa: RUF002 - the docstrings write formulas in mathematical notation.

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from placematters.stats._groups import group_rows
from placematters.stats._validate import non_negative, not_above
from placematters.stats.intervals import (
    EXACT_BELOW,
    Confidence,
    FloatArray,
    by_level,
    numbers,
    positive,
    positive_number,
    reference_levels,
    switched_limits,
    t_limits,
    wilson_limits,
)
from placematters.stats.results import MeanResult, ProportionResult, RateResult, format_number

__all__ = ["mean", "proportion", "rate"]

GroupKeys = ArrayLike | Sequence[ArrayLike] | None


def proportion(
    x: ArrayLike,
    n: ArrayLike,
    groups: GroupKeys = None,
    confidence: Confidence | None = 0.95,
    multiplier: float = 1,
) -> ProportionResult:
    """Proportion x/n with Wilson score confidence limits.

    value = x/n × multiplier; lower/upper = Wilson(x, n) × multiplier, where for the two-sided
    normal critical value z::

        Wilson limits = (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²))

    With ``groups`` the numerators and denominators are summed per group first. ``statistic``
    reads "percentage" when multiplier is 100, else "proportion of {multiplier}"; ``method`` is
    "Wilson". ``confidence=None`` computes no limits (``lower``/``upper`` are None).

    Source: Wilson EB (1927), J Am Stat Assoc 22:209-212; Newcombe RG & Altman DG (2000) in
    Statistics with Confidence; PHE Technical Guide "Confidence intervals"; PHEindicatormethods
    ``phe_proportion``.

    Raises StatsInputError when x is negative, n is zero or negative, x exceeds n, the arrays
    differ in length, the multiplier is not a positive number, or the confidence is out of range
    (one level in 0.9-1 or 90-100, or the pair 0.95 and 0.998).
    """
    x_values, n_values = numbers(x=x, n=n)
    non_negative(x_values, "x")
    positive(n_values, "n")
    not_above(x_values, n_values, "x", "n")
    multiplier = positive_number(multiplier, "multiplier")
    levels, several = ((), False) if confidence is None else reference_levels(confidence)
    keys, numerator, denominator = _sum_by_group(groups, x_values, n_values)

    with np.errstate(divide="ignore", invalid="ignore"):
        value = numerator / denominator * multiplier
    lower = upper = None
    if levels:

        def limits(level: float) -> tuple[FloatArray, FloatArray]:
            low, high = wilson_limits(numerator, denominator, level)
            return low * multiplier, high * multiplier

        lower, upper = by_level(levels, several, limits)
    statistic = "percentage" if multiplier == 100 else f"proportion of {format_number(multiplier)}"
    return ProportionResult(
        value=value,
        lower=lower,
        upper=upper,
        groups=keys,
        confidence=levels,
        statistic=_text(statistic, len(value)),
        method=_text("Wilson", len(value)),
        numerator=numerator,
        denominator=denominator,
        multiplier=multiplier,
    )


def rate(
    x: ArrayLike,
    n: ArrayLike,
    groups: GroupKeys = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
) -> RateResult:
    """Crude rate x/n per ``multiplier`` with exact (x < 10) or Byar's (x >= 10) limits.

    value = x/n × multiplier; lower/upper = (limits of the count x) / n × multiplier, where the
    limits of the count are exact Poisson below 10 events::

        lower = χ²⁻¹(α/2; 2x)/2,  upper = χ²⁻¹(1 − α/2; 2x + 2)/2

    and Byar's approximation from 10 events::

        lower = x(1 − 1/(9x) − z/(3√x))³,  upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³

    With ``groups`` x and n are summed per group first. ``method`` is "Exact" or "Byars" per
    row (None for a missing count); ``statistic`` reads "rate per {multiplier}". The numerator
    may exceed the denominator.

    Source: Breslow NE & Day NE (1987), Statistical Methods in Cancer Research vol. II (Byar's);
    Armitage P & Berry G, Statistical Methods in Medical Research (exact); PHE Technical Guide
    "Confidence intervals"; PHEindicatormethods ``phe_rate``.

    Raises StatsInputError when x is negative, n is zero or negative, the arrays differ in
    length, the multiplier is not positive, or the confidence is out of range.
    """
    x_values, n_values = numbers(x=x, n=n)
    non_negative(x_values, "x")
    positive(n_values, "n")
    multiplier = positive_number(multiplier, "multiplier")
    levels, several = reference_levels(confidence)
    keys, numerator, denominator = _sum_by_group(groups, x_values, n_values)

    with np.errstate(divide="ignore", invalid="ignore"):
        value = numerator / denominator * multiplier

    def limits(level: float) -> tuple[FloatArray, FloatArray]:
        low, high = switched_limits(numerator, level)
        with np.errstate(divide="ignore", invalid="ignore"):
            return low / denominator * multiplier, high / denominator * multiplier

    lower, upper = by_level(levels, several, limits)
    return RateResult(
        value=value,
        lower=lower,
        upper=upper,
        groups=keys,
        confidence=levels,
        statistic=_text(f"rate per {format_number(multiplier)}", len(value)),
        method=count_method(numerator),
        numerator=numerator,
        denominator=denominator,
        multiplier=multiplier,
    )


def mean(
    x: ArrayLike,
    groups: GroupKeys = None,
    confidence: Confidence = 0.95,
) -> MeanResult:
    """Mean per group with Student's t confidence limits.

    Per group of k values (k counts missing values too): value_sum = Σx, value_count = k,
    value = Σx / k, stdev = sample standard deviation (divisor k − 1), and::

        lower, upper = value ∓ |t⁻¹(α/2; k − 1)| × stdev / √k

    A group with one value has no standard deviation (NaN) and NaN limits; a missing value
    makes its group's sum, mean, deviation and limits missing. ``groups=None`` gives one row
    for all values. ``statistic`` is "mean", ``method`` "Student's t-distribution".

    Source: Student (1908), Biometrika 6:1-25; PHE Technical Guide "Confidence intervals";
    PHEindicatormethods ``phe_mean``.

    Raises StatsInputError when ``groups`` does not match x or the confidence is out of range.
    """
    (values,) = numbers(x=x)
    levels, several = reference_levels(confidence)
    grouping = group_rows(groups, len(values))
    total = grouping.sum(values)
    count = grouping.count()
    with np.errstate(divide="ignore", invalid="ignore"):
        value = total / count
        # Second pass (as R's mean() does) so identical values give a deviation of exactly 0.
        centre = value + grouping.sum(values - value[grouping.index]) / count
        deviation = values - centre[grouping.index]
        stdev = np.sqrt(grouping.sum(deviation * deviation) / (count - 1))
    lower, upper = by_level(
        levels, several, lambda level: t_limits(value, stdev, count.astype(np.float64), level)
    )
    return MeanResult(
        value=value,
        lower=lower,
        upper=upper,
        groups=grouping.keys,
        confidence=levels,
        statistic=_text("mean", len(value)),
        method=_text("Student's t-distribution", len(value)),
        value_sum=total,
        value_count=count.astype(np.int64),
        stdev=stdev,
    )


def count_method(counts: FloatArray) -> np.ndarray:
    """ "Exact" below 10 events, "Byars" from 10, None for a missing count (per row)."""
    method = np.where(counts < EXACT_BELOW, "Exact", "Byars").astype(object)
    method[np.isnan(counts)] = None
    return method


def _sum_by_group(
    groups: GroupKeys, x: FloatArray, n: FloatArray
) -> tuple[np.ndarray, FloatArray, FloatArray]:
    """Row-wise (keys = row positions) without groups; summed per sorted group key with them."""
    if groups is None:
        return np.arange(len(x)), x, n
    grouping = group_rows(groups, len(x))
    return grouping.keys, grouping.sum(x), grouping.sum(n)


def _text(text: str, length: int) -> np.ndarray:
    """A per-row text column (object array) holding the same string."""
    column = np.empty(length, dtype=object)
    column[:] = text
    return column
