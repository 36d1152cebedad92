"""Confidence intervals for counts, proportions and means (vectorised).

These are the building blocks of the indicator functions: Wilson's score interval for a
proportion, Byar's approximation and the exact (chi-square) interval for a Poisson count, the
Fingertips switch between the two at 10 events, and Student's t interval for a mean. Each takes
numpy arrays (or scalars, which broadcast) and returns ``(lower, upper)``.

Confidence is a fraction (0.9 to 1) or a percentage (90 to 100). One level gives two arrays;
several levels (a list or tuple) give two dicts keyed by the level as a fraction, e.g.
``{0.95: array, 0.998: array}``.

The formulas follow PHEindicatormethods v2.1.0, the R package OHID uses for Fingertips (see
``../shared/stats-methods.md`` section 2); they are restated here in our own words.
"""

# ruff: noqa: RUF002 - the docstrings write formulas in mathematical notation.

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from placematters.stats._validate import (
    as_float_array,
    confidence_levels,
    first_row,
    non_negative,
    not_above,
)
from placematters.stats.errors import StatsInputError

__all__ = [
    "byars",
    "exact_poisson",
    "poisson_limits",
    "t_interval",
    "wilson",
    "z_value",
]

FloatArray = NDArray[np.float64]
Limits = FloatArray | dict[float, FloatArray]
Confidence = float | Sequence[float]

#: Below this many events rates and standardised ratios use the exact Poisson interval.
EXACT_BELOW = 10

#: Two-sided 95% normal critical value, used by the life-expectancy suppression rule.
Z95 = 1.959963984540054


def z_value(level: float) -> float:
    """Two-sided normal critical value for a confidence level given as a fraction.

    z = Φ⁻¹(c + (1 − c)/2), e.g. 1.959964 for 0.95 and 3.090232 for 0.998.
    """
    return float(special.ndtri(level + (1 - level) / 2))


def wilson(x: ArrayLike, n: ArrayLike, confidence: Confidence = 0.95) -> tuple[Limits, Limits]:
    """Wilson score interval for a proportion x/n (as a fraction of 1).

    With z the two-sided normal critical value for the confidence level::

        lower = (2x + z² − z·√(z² + 4x(1 − x/n))) / (2(n + z²))
        upper = (2x + z² + z·√(z² + 4x(1 − x/n))) / (2(n + z²))

    x = 0 gives a lower limit of exactly 0 and x = n an upper limit of (about) 1; confidence 1
    gives 0 and 1. Missing values (NaN) give NaN.

    Source: Wilson EB (1927), J Am Stat Assoc 22:209-212; Newcombe RG & Altman DG, "Proportions
    and their differences", in Statistics with Confidence (2nd edn, 2000); PHE Technical Guide
    "Confidence intervals" (PHEindicatormethods ``wilson_lower``/``wilson_upper``).

    Raises StatsInputError if x or n is negative, x exceeds n, the arrays differ in length, or
    the confidence level is outside 0.9-1 / 90-100.
    """
    x_values, n_values = numbers(x=x, n=n)
    non_negative(x_values, "x")
    non_negative(n_values, "n")
    not_above(x_values, n_values, "x", "n")
    levels, several = confidence_levels(confidence)
    return by_level(levels, several, lambda level: wilson_limits(x_values, n_values, level))


def byars(x: ArrayLike, confidence: Confidence = 0.95) -> tuple[Limits, Limits]:
    """Byar's approximation to the Poisson confidence interval for an observed count O.

    With z the two-sided normal critical value::

        lower = O·(1 − 1/(9O) − z/(3√O))³      (missing when negative, and at O = 0)
        upper = (O + 1)·(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³

    Source: Breslow NE & Day NE (1987), Statistical Methods in Cancer Research vol. II, IARC
    (Byar's method); PHEindicatormethods ``byars_lower``/``byars_upper``. Fingertips uses it for
    counts of 10 or more (see :func:`poisson_limits`).

    Raises StatsInputError for a negative count or a confidence level out of range.
    """
    (counts,) = numbers(x=x)
    non_negative(counts, "x")
    levels, several = confidence_levels(confidence)
    return by_level(levels, several, lambda level: byars_limits(counts, level))


def exact_poisson(x: ArrayLike, confidence: Confidence = 0.95) -> tuple[Limits, Limits]:
    """Exact confidence interval for a Poisson count O, in its chi-square form.

    With α = 1 − confidence::

        lower = χ²⁻¹(α/2; 2O) / 2          (0 when O = 0)
        upper = χ²⁻¹(1 − α/2; 2O + 2) / 2

    computed as the equivalent gamma quantiles (half a chi-square quantile with 2k degrees of
    freedom is the gamma(k) quantile). O = 0 at 95% gives (0, 3.6888794541139363).

    Source: Armitage P, Berry G & Matthews JNS, Statistical Methods in Medical Research (4th edn,
    2002); the exact (Garwood) Poisson interval used by PHEindicatormethods for counts below 10.

    Raises StatsInputError for a negative count or a confidence level out of range.
    """
    (counts,) = numbers(x=x)
    non_negative(counts, "x")
    levels, several = confidence_levels(confidence)
    return by_level(levels, several, lambda level: exact_limits(counts, level))


def poisson_limits(x: ArrayLike, confidence: Confidence = 0.95) -> tuple[Limits, Limits]:
    """Confidence limits for a Poisson count as Fingertips computes them.

    The exact interval (:func:`exact_poisson`) when the count is below 10, Byar's approximation
    (:func:`byars`) from 10 upwards (PHE Technical Guide "Confidence intervals"; the rule used by
    PHEindicatormethods ``phe_rate``, ``calculate_ISRatio`` and ``calculate_ISRate``).
    """
    (counts,) = numbers(x=x)
    non_negative(counts, "x")
    levels, several = confidence_levels(confidence)
    return by_level(levels, several, lambda level: switched_limits(counts, level))


def t_interval(
    mean: ArrayLike,
    sd: ArrayLike,
    count: ArrayLike,
    confidence: Confidence = 0.95,
) -> tuple[Limits, Limits]:
    """Student's t confidence interval for a mean.

    For a sample of ``count`` values with mean m and sample standard deviation s::

        lower = m − |t⁻¹(α/2; count − 1)| · s / √count
        upper = m + |t⁻¹(α/2; count − 1)| · s / √count

    A single value (count 1) has no degrees of freedom and gives NaN limits.

    Source: Student (Gosset WS, 1908), Biometrika 6:1-25; PHE Technical Guide "Confidence
    intervals" (PHEindicatormethods ``phe_mean``).
    """
    means, sds, counts = numbers(mean=mean, sd=sd, count=count)
    non_negative(sds, "sd")
    non_negative(counts, "count")
    levels, several = confidence_levels(confidence)
    return by_level(levels, several, lambda level: t_limits(means, sds, counts, level))


# --- array kernels (no validation; callers have checked their inputs) -------------------------


def wilson_limits(x: FloatArray, n: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Wilson lower and upper limits at one level (fraction of 1)."""
    if level == 1:
        missing = np.isnan(x) | np.isnan(n)
        return np.where(missing, np.nan, 0.0), np.where(missing, np.nan, 1.0)
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        root = z * np.sqrt(z**2 + 4 * x * (1 - (x / n)))
        centre = 2 * x + z**2
        scale = n + z**2
        return (centre - root) / 2 / scale, (centre + root) / 2 / scale


def byars_limits(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Byar's lower and upper limits at one level; negative lower limits become NaN."""
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        lower[lower < 0] = np.nan
        shifted = x + 1
        upper = shifted * (1 - 1 / (9 * shifted) + z / (3 * np.sqrt(shifted))) ** 3
    return lower, upper


def exact_limits(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson lower and upper limits at one level (0 lower limit at x = 0)."""
    tail = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        lower = np.where(x == 0, 0.0, special.gammaincinv(np.where(x == 0, 1.0, x), tail))
        upper = special.gammainccinv(x + 1, tail)
    return lower, upper


def switched_limits(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Exact limits below 10 events, Byar's from 10; NaN counts give NaN."""
    small = x < EXACT_BELOW
    lower, upper = byars_limits(x, level)
    if small.any():
        exact_lower, exact_upper = exact_limits(x[small], level)
        lower[small] = exact_lower
        upper[small] = exact_upper
    return lower, upper


def t_limits(
    mean: FloatArray, sd: FloatArray, count: FloatArray, level: float
) -> tuple[FloatArray, FloatArray]:
    """Student's t limits at one level; fewer than two values give NaN."""
    with np.errstate(divide="ignore", invalid="ignore"):
        degrees = count - 1
        t = np.abs(special.stdtrit(np.where(degrees > 0, degrees, np.nan), (1 - level) / 2))
        half = t * sd / np.sqrt(count)
    return mean - half, mean + half


# --- helpers shared by the indicator modules ---------------------------------------------------


def numbers(**named: ArrayLike) -> list[FloatArray]:
    """Convert named inputs to 1-D float arrays of one common length.

    Scalars (0-d inputs) broadcast to the length of the others; arrays of different lengths
    raise StatsInputError naming them.
    """
    converted = {}
    scalars = set()
    for name, values in named.items():
        if np.ndim(values) == 0:
            scalars.add(name)
        converted[name] = as_float_array(values, name)
    lengths = {name: len(array) for name, array in converted.items() if name not in scalars}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {length}" for name, length in lengths.items())
        raise StatsInputError(
            next(iter(lengths)), f"all arrays must have the same length ({described})"
        )
    length = next(iter(lengths.values()), 1)
    return [
        np.full(length, array[0]) if name in scalars else array for name, array in converted.items()
    ]


def by_level(
    levels: tuple[float, ...],
    several: bool,
    limits: Callable[[float], tuple[FloatArray, FloatArray]],
) -> tuple[Limits, Limits]:
    """Evaluate ``limits`` at each level: two arrays for one level, two dicts for several."""
    pairs = {level: limits(level) for level in levels}
    if several:
        return (
            {level: pair[0] for level, pair in pairs.items()},
            {level: pair[1] for level, pair in pairs.items()},
        )
    ((lower, upper),) = pairs.values()
    return lower, upper


def reference_levels(confidence: Confidence) -> tuple[tuple[float, ...], bool]:
    """Confidence levels as PHEindicatormethods accepts them for its aggregate functions.

    One level between 0.9 and 1 (or 90 and 100), or exactly the pair 95% and 99.8% (as
    fractions or percentages): the reference refuses any other pair and more than two levels.
    """
    levels, several = confidence_levels(confidence)
    if len(levels) > 2:
        raise StatsInputError("confidence", "give at most two confidence levels")
    if len(levels) == 2 and levels != (0.95, 0.998):
        raise StatsInputError(
            "confidence", "two confidence levels can only be 0.95 and 0.998 (in that order)"
        )
    return levels, several


def positive(array: FloatArray, argument: str) -> None:
    """Denominators and populations must be greater than zero (NaN passes and propagates)."""
    row = first_row(array <= 0)
    if row is not None:
        raise StatsInputError(argument, "must be greater than zero", row, float(array[row]))


def not_missing(array: FloatArray, argument: str) -> None:
    """No missing values allowed (e.g. a standard population)."""
    row = first_row(np.isnan(array))
    if row is not None:
        raise StatsInputError(argument, "must not be missing", row, float(array[row]))


def positive_number(value: float, argument: str) -> float:
    """A scalar such as a multiplier: a finite number greater than zero."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise StatsInputError(argument, f"must be a number, got {value!r}") from None
    if not np.isfinite(number) or number <= 0:
        raise StatsInputError(argument, f"must be a finite number greater than zero, got {value!r}")
    return number
