"""Fingertips benchmarking: comparison with a benchmark, quintile/quartile colouring, recent trend.

Re-implements the rules of the OHID Fingertips web service (``fingertips-open``,
``PholioVisualisationWS/Analysis``): single-overlapping-CI comparisons at one or two confidence
levels, mapped through the indicator's polarity; quintile and quartile categories; and the
recent-trend marker (chi-square test for trend on the last five points). PHEindicatormethods
does not do these. All functions are vectorised (no loop over rows or groups).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._groups import group_rows
from placematters.stats._validate import as_float_array, confidence_levels, same_length
from placematters.stats.errors import StatsInputError

__all__ = [
    "BETTER",
    "CANNOT_BE_CALCULATED",
    "HIGHER",
    "LOWER",
    "NOT_COMPARED",
    "NO_SIGNIFICANT_CHANGE",
    "SIMILAR",
    "TREND_CHI_SQUARE_LIMIT",
    "WORSE",
    "TrendResult",
    "compare",
    "polarity_id",
    "quartile_categories",
    "quintile_categories",
    "recent_trend",
]

# Comparison labels (one confidence level).
BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_COMPARED = "not compared"
# Two-level labels add the level at which the difference is significant, e.g. "better 99.8%",
# "better 95%" (significant at 95% but not 99.8%), "similar", "worse 95%", "worse 99.8%";
# without judgement "higher 99.8%" ... "lower 99.8%".

# Trend labels (Fingertips wording).
CANNOT_BE_CALCULATED = "Cannot be calculated"
NO_SIGNIFICANT_CHANGE = "No significant change"
#: 99.8% point of chi-square with 1 degree of freedom (Fingertips' constant).
TREND_CHI_SQUARE_LIMIT = 9.54953570608324
_TREND_POINTS = 5

# Fingertips PolarityIds.
NOT_APPLICABLE, LOW_IS_GOOD, HIGH_IS_GOOD, NO_JUDGEMENT = -1, 0, 1, 99
_POLARITY_NAMES = {
    "high_is_good": HIGH_IS_GOOD,
    "higher_is_better": HIGH_IS_GOOD,
    "rag_high_is_good": HIGH_IS_GOOD,
    "low_is_good": LOW_IS_GOOD,
    "lower_is_better": LOW_IS_GOOD,
    "rag_low_is_good": LOW_IS_GOOD,
    "no_judgement": NO_JUDGEMENT,
    "no_judgment": NO_JUDGEMENT,
    "bob": NO_JUDGEMENT,
    "blue_orange_blue": NO_JUDGEMENT,
    "not_applicable": NOT_APPLICABLE,
    "none": NOT_APPLICABLE,
}


def polarity_id(polarity: object) -> int:
    """Fingertips polarity id (1, 0, 99 or -1) from an id or a name.

    Names (case, spaces, hyphens and dashes ignored, so "RAG - low is good" works):
    "higher is better" / "high is good" → 1; "lower is better" / "low is good" → 0;
    "no judgement" / "BOB" → 99; "not applicable" / "none" → -1.

    Source: Fingertips ``PolarityIds`` (fingertips-open): -1 not applicable, 0 "RAG - low is
    good", 1 "RAG - high is good", 99 "BOB" (blue/orange/blue, no judgement).
    """
    if isinstance(polarity, str):
        key = re.sub(r"[\s_\-\u2013]+", "_", polarity.strip().lower())
        if key in _POLARITY_NAMES:
            return _POLARITY_NAMES[key]
    elif not isinstance(polarity, bool) and polarity in (-1, 0, 1, 99):
        return int(polarity)  # type: ignore[call-overload]
    raise StatsInputError(
        "polarity",
        "must be 'higher is better' (1), 'lower is better' (0), 'no judgement' (99) or "
        f"'not applicable' (-1); got {polarity!r}",
    )


def _polarity_array(polarity: object, length: int) -> NDArray[np.int64]:
    if isinstance(polarity, (str, int, np.integer)) and not isinstance(polarity, bool):
        return np.full(length, polarity_id(polarity), dtype=np.int64)
    items = list(np.asarray(polarity, dtype=object).reshape(-1))
    if len(items) != length:
        raise StatsInputError("polarity", f"must be one value or one per row ({length} rows)")
    return np.array([polarity_id(item) for item in items], dtype=np.int64)


def compare(
    lower: ArrayLike | Mapping[float, ArrayLike],
    upper: ArrayLike | Mapping[float, ArrayLike],
    benchmark: ArrayLike,
    polarity: object,
    *,
    value: ArrayLike | None = None,
) -> NDArray[np.object_]:
    """Compare each value's confidence interval with a benchmark (Fingertips' RAG/BOB rules).

    **One level** (``lower``/``upper`` arrays: 95% limits for the usual comparison, or 99.8%
    limits): benchmark B inside [lower, upper] (inclusive) → "similar"; otherwise the value is
    significantly higher (B < lower) or lower (B > upper). Fingertips comparator "single
    overlapping CIs" (id 1).

    **Two levels** (``lower``/``upper`` dicts keyed by level, ``{0.95: ..., 0.998: ...}``,
    95/99.8 also accepted): B in [L95, U95] → "similar"; B in [L99.8, L95] → higher at 95%
    only; B in [U95, U99.8] → lower at 95% only; otherwise higher or lower at 99.8%. Fingertips
    comparator id 17. Labels carry the level: "better 95%", "better 99.8%", ….

    The raw direction is then mapped through ``polarity``:

    ========================  =====================  ==================================
    polarity                  higher                 lower
    ========================  =====================  ==================================
    higher is better (1)      "better"               "worse"
    lower is better (0)       "worse"                "better"
    no judgement (99, BOB)    "higher"               "lower"
    not applicable (-1)       "not compared"         "not compared"
    ========================  =====================  ==================================

    (two levels: the same words followed by " 95%" or " 99.8%"). Rows with a missing limit,
    benchmark (or value, when given) get "not compared", as Fingertips does for invalid CIs.

    Args:
        lower, upper: confidence limits (arrays), or dicts of two levels for the two-level rule.
        benchmark: the comparator's value (England, region, ...), one or one per row.
        polarity: a Fingertips polarity id or name (see :func:`polarity_id`), one or per row.
        value: optional point estimates: when given, the side of a significant difference is
            decided by value < benchmark, as the Fingertips code does (this only matters when
            a value lies outside its own interval).

    Returns:
        Object array of labels.

    Source: Fingertips web service, ``SingleOverlappingCIsForOneCILevelComparer`` and
    ``SingleOverlappingCIsForTwoCILevelsComparer`` (github.com/ukhsa-collaboration/fingertips-open);
    PHE "Fingertips user guide" (comparisons and polarity).
    """
    two_levels = isinstance(lower, Mapping) or isinstance(upper, Mapping)
    if two_levels:
        l95, l998 = _two_levels(lower, "lower")
        u95, u998 = _two_levels(upper, "upper")
    else:
        l95 = as_float_array(lower, "lower")  # type: ignore[arg-type]
        u95 = as_float_array(upper, "upper")  # type: ignore[arg-type]
        l998 = u998 = None
    length = len(l95)
    bench = as_float_array(benchmark, "benchmark")
    if len(bench) == 1:
        bench = np.full(length, bench[0])
    values = None if value is None else as_float_array(value, "value")
    same_length(lower=l95, upper=u95, lower_998=l998, upper_998=u998, benchmark=bench, value=values)
    polarity_ids = _polarity_array(polarity, length)

    valid = np.isfinite(l95) & np.isfinite(u95) & np.isfinite(bench)
    if two_levels:
        assert l998 is not None and u998 is not None
        valid &= np.isfinite(l998) & np.isfinite(u998)
    if values is not None:
        valid &= np.isfinite(values)
    valid &= polarity_ids != NOT_APPLICABLE

    similar = (bench <= u95) & (bench >= l95)
    lower_side = values < bench if values is not None else bench > u95
    # Raw direction: +1 higher, -1 lower; strength 1 = 95% only, 2 = 99.8% (two levels).
    direction = np.where(lower_side, -1, 1)
    strength = np.ones(length, dtype=np.int64)
    if two_levels:
        higher_95 = (bench <= l95) & (bench >= l998)
        lower_95 = (bench <= u998) & (bench >= u95)
        direction = np.where(higher_95, 1, np.where(lower_95, -1, direction))
        strength = np.where(higher_95 | lower_95, 1, 2)

    good = np.where(polarity_ids == LOW_IS_GOOD, -direction, direction)
    words = np.where(
        polarity_ids == NO_JUDGEMENT,
        np.where(direction > 0, HIGHER, LOWER),
        np.where(good > 0, BETTER, WORSE),
    ).astype(object)
    if two_levels:
        words = words + np.where(strength == 2, " 99.8%", " 95%").astype(object)
    labels = np.where(similar, SIMILAR, words).astype(object)
    labels[~valid] = NOT_COMPARED
    return labels


def _two_levels(limits: object, argument: str):
    if not isinstance(limits, Mapping):
        raise StatsInputError(
            argument, "with two levels give both lower and upper as {0.95: ..., 0.998: ...}"
        )
    normalised = {}
    for key, array in limits.items():
        (level,), _ = confidence_levels(key)
        normalised[level] = as_float_array(array, f"{argument}[{key!r}]")
    if set(normalised) != {0.95, 0.998}:
        raise StatsInputError(
            argument, f"two-level comparison needs levels 0.95 and 0.998 (got {sorted(limits)})"
        )
    return normalised[0.95], normalised[0.998]


def quintile_categories(
    values: ArrayLike,
    polarity: object,
    groups: ArrayLike | Sequence[ArrayLike] | None = None,
) -> NDArray[np.float64]:
    """Fingertips quintile category (1-5) of each value within its comparison set.

    Needs at least 5 valid values in the set (else NaN for all of it). Bounds are the minimum,
    the 20th, 40th, 60th and 80th percentiles and the maximum, with spreadsheet PERCENTILE.INC
    interpolation (1-based position (n - 1)·p + 1, linear between order statistics; bounds
    rounded to 10 decimal places or 15 significant digits, whichever is fewer, halves away
    from zero, as .NET rounds a double converted to decimal); a value's category is the first
    k in 1..5 with value <= bound_k. With polarity "higher is better" the category is reversed
    (6 - k), so for RAG quintiles 1 is always the best fifth; "lower is better", no judgement
    and not applicable keep 1 = lowest values.

    Args:
        values: one value per area; NaN = missing (gets NaN).
        polarity: Fingertips polarity id or name (see :func:`polarity_id`).
        groups: optional comparison sets (e.g. region, or indicator * period).

    Returns:
        Float array of categories 1-5, NaN where not categorised.

    Source: Fingertips ``QuintilesComparer`` / ``ValueCategoriesCalculator``
    (fingertips-open); Fingertips user guide ("Quintiles" benchmarking).
    """
    categories = _value_categories(values, groups, 5, minimum=5)
    if polarity_id(polarity) == HIGH_IS_GOOD:
        categories = 6 - categories
    return categories


def quartile_categories(
    values: ArrayLike, groups: ArrayLike | Sequence[ArrayLike] | None = None
) -> NDArray[np.float64]:
    """Fingertips quartile category (1-4, 1 = lowest values) within each comparison set.

    As :func:`quintile_categories` with bounds minimum, 25th, 50th, 75th percentiles and
    maximum; at least 4 valid values needed; never reversed by polarity.

    Source: Fingertips ``QuartilesComparer`` (fingertips-open).
    """
    return _value_categories(values, groups, 4, minimum=4)


def _value_categories(
    values: ArrayLike,
    groups: ArrayLike | Sequence[ArrayLike] | None,
    bins: int,
    *,
    minimum: int,
) -> NDArray[np.float64]:
    values = as_float_array(values, "values")
    grouping = group_rows(groups, len(values))
    result = np.full(len(values), np.nan)
    valid = np.isfinite(values)
    rows = np.flatnonzero(valid)
    if not len(rows):
        return result
    group = grouping.index[rows]
    order = np.lexsort((values[rows], group))
    ordered = values[rows][order]
    counts = np.bincount(group, minlength=grouping.size)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))

    step = 1.0 / float(bins)
    bounds = np.empty((grouping.size, bins + 1))
    enough = counts >= minimum
    safe_counts = np.maximum(counts, 1)
    last = starts + safe_counts - 1
    ordered_padded = np.append(ordered, np.nan)
    bounds[:, 0] = ordered_padded[np.where(counts > 0, starts, len(ordered))]
    bounds[:, bins] = ordered_padded[np.where(counts > 0, last, len(ordered))]
    for i in range(1, bins):
        position = (safe_counts.astype(np.float64) - 1) * (step * i) + 1
        whole = position.astype(np.int64)
        fraction = position - whole
        below = ordered_padded[np.minimum(starts + whole - 1, len(ordered))]
        above = ordered_padded[
            np.minimum(starts + np.minimum(whole, safe_counts - 1), len(ordered))
        ]
        percentile = _round_away(below + fraction * (above - below), 10)
        percentile = np.where(position == 1, bounds[:, 0], percentile)
        percentile = np.where(position == safe_counts, bounds[:, bins], percentile)
        bounds[:, i] = percentile

    row_bounds = bounds[group]
    category = np.full(len(rows), np.nan)
    for k in range(bins, 0, -1):
        category = np.where(values[rows] <= row_bounds[:, k], k, category)
    category[~enough[group]] = np.nan
    result[rows] = category
    return result


def _round_away(values: NDArray[np.float64], digits: int) -> NDArray[np.float64]:
    """C#'s Math.Round((decimal)x, digits, MidpointRounding.AwayFromZero), as Fingertips runs it.

    .NET's double-to-decimal conversion keeps 15 significant digits, so a value of 10^5 or more
    is rounded to fewer than ``digits`` places (15 significant digits in all): rounding such a
    value to 10 places in floating point would move it by an ulp and split equal values.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
        places = np.where(np.isfinite(magnitude), np.minimum(14 - magnitude, digits), digits)
        power = 10.0**places
        scaled = values * power
        fraction, whole = np.modf(scaled)
        whole = whole + np.where(np.abs(fraction) >= 0.5, np.sign(fraction), 0.0)
        return np.where(places >= 0, whole / power, values)


@dataclass(frozen=True)
class TrendResult:
    """Recent-trend marker per group (groups in sorted key order).

    Attributes:
        groups: group keys (``[None]`` without groups).
        label: Fingertips wording: "Cannot be calculated", "No significant change",
            "Increasing and getting better", "Increasing and getting worse",
            "Decreasing and getting better", "Decreasing and getting worse", or (no
            judgement / not applicable polarity) "Increasing", "Decreasing".
        chi_square: test statistic over the last 5 points (NaN when not calculated).
        slope: slope of the all-points fit (value per period; logit per period for
            proportions); its sign gives the direction.
        significant: chi-square above the 99.8% point and the slope sign stable.
    """

    groups: np.ndarray
    label: NDArray[np.object_]
    chi_square: NDArray[np.float64]
    slope: NDArray[np.float64]
    significant: NDArray[np.bool_]


def recent_trend(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    polarity: object,
    *,
    count: ArrayLike | None = None,
    denominator: ArrayLike | None = None,
    groups: ArrayLike | Sequence[ArrayLike] | None = None,
    time: ArrayLike | None = None,
) -> TrendResult:
    """Fingertips recent-trend marker from the last five points of each series.

    Points are taken in ``time`` order (or the order given); a point is valid when its value
    and 95% limits (and, for proportions, count and denominator) are present; the last 5 valid
    points are used, numbered t = 1..5. Fewer than 5 → "Cannot be calculated".

    * Proportions (give ``count`` and ``denominator``; Fingertips' SPC-for-proportions
      indicators): chi-square test for trend (Cochran-Armitage form) with X = Σx, N = Σn:
      χ² = N·(N·Σx·t - X·Σn·t)² / (X·(N - X)·(N·Σn·t² - (Σn·t)²)). Slopes: ordinary least
      squares of logit(x/n) = ln(x/(n - x)) on t.
    * Other indicators: inverse-variance weighted regression of value on t with
      se = (upper - lower) / 3.92 and weights 1/se²; χ² = (slope / SE(slope))².

    Significant when χ² > 9.54953570608324 (the 99.8% point of χ² with 1 df) **and** the
    slope has the same sign in all 6 fits (all 5 points, and each set leaving one point out; a
    zero slope counts as positive, as Fingertips). The direction is the sign of the all-points
    slope. Polarity turns "Increasing"/"Decreasing" into "… and getting better/worse".

    Note: the Fingertips code never sets the direction for proportions (its slope variable is
    only assigned in the other branch); we use the all-points logit slope, as its earlier
    version did.

    Returns:
        :class:`TrendResult`, one entry per group.

    Source: Fingertips ``TrendMarkers/TrendMarkerCalculator`` and ``TrendMarkerLabelProvider``
    (fingertips-open); PHE "Fingertips trend markers" technical guidance.
    """
    value = as_float_array(value, "value")
    lower = as_float_array(lower, "lower")
    upper = as_float_array(upper, "upper")
    proportions = count is not None or denominator is not None
    if proportions and (count is None or denominator is None):
        raise StatsInputError("count", "give both count and denominator for proportions")
    counts = None if count is None else as_float_array(count, "count")
    denominators = None if denominator is None else as_float_array(denominator, "denominator")
    times = None if time is None else np.asarray(time)
    length = same_length(
        value=value, lower=lower, upper=upper, count=counts, denominator=denominators, time=times
    )
    polarity = polarity_id(polarity)
    grouping = group_rows(groups, length)

    valid = np.isfinite(value) & np.isfinite(lower) & np.isfinite(upper)
    if proportions:
        assert counts is not None and denominators is not None
        valid &= np.isfinite(counts) & np.isfinite(denominators)
    position = np.arange(length) if times is None else times
    order = np.lexsort((position, grouping.index))
    order = order[valid[order]]
    group = grouping.index[order]
    per_group = np.bincount(group, minlength=grouping.size)
    ends = np.cumsum(per_group)
    from_end = ends[group] - np.arange(len(order)) - 1
    recent = from_end < _TREND_POINTS
    enough = per_group >= _TREND_POINTS
    take = recent & enough[group]
    chosen = order[take]  # chronological, grouped: reshape to (groups, 5)
    calculated = np.flatnonzero(enough)

    chi_square = np.full(grouping.size, np.nan)
    slope = np.full(grouping.size, np.nan)
    stable = np.zeros(grouping.size, dtype=bool)
    if len(calculated):
        t = np.arange(1.0, _TREND_POINTS + 1)
        leave_out = np.ones((_TREND_POINTS + 1, _TREND_POINTS))  # fit 0 keeps every point
        leave_out[np.arange(1, _TREND_POINTS + 1), np.arange(_TREND_POINTS)] = 0.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if proportions:
                assert counts is not None and denominators is not None
                x = counts[chosen].reshape(-1, _TREND_POINTS)
                n = denominators[chosen].reshape(-1, _TREND_POINTS)
                chi, slopes = _trend_proportions(x, n, t, leave_out)
            else:
                y = value[chosen].reshape(-1, _TREND_POINTS)
                width = (upper[chosen] - lower[chosen]).reshape(-1, _TREND_POINTS) / 3.92
                chi, slopes = _trend_regression(y, width, t, leave_out)
        signs = np.where(slopes < 0, -1, 1).sum(axis=1)
        chi_square[calculated] = chi
        slope[calculated] = slopes[:, 0]
        stable[calculated] = np.abs(signs) == _TREND_POINTS + 1

    significant = enough & stable & (chi_square > TREND_CHI_SQUARE_LIMIT)
    increasing = slope > 0
    if polarity == HIGH_IS_GOOD:
        up, down = "Increasing and getting better", "Decreasing and getting worse"
    elif polarity == LOW_IS_GOOD:
        up, down = "Increasing and getting worse", "Decreasing and getting better"
    else:
        up, down = "Increasing", "Decreasing"
    label = np.where(
        ~enough,
        CANNOT_BE_CALCULATED,
        np.where(significant, np.where(increasing, up, down), NO_SIGNIFICANT_CHANGE),
    ).astype(object)
    return TrendResult(
        groups=grouping.keys,
        label=label,
        chi_square=chi_square,
        slope=slope,
        significant=significant,
    )


def _sequential_sum(terms: NDArray[np.float64]) -> NDArray[np.float64]:
    """Left-to-right sum over the last axis (as the C# loops add)."""
    total = np.zeros(terms.shape[:-1])
    for i in range(terms.shape[-1]):
        total = total + terms[..., i]
    return total


def _trend_regression(y, width, t, leave_out):
    """Chi-square and the 6 slopes (all points, then leaving out t = 1..5) per group."""
    divisor = width**2
    keep = leave_out[None, :, :] > 0  # (1, fits, points)

    def fits(terms):
        return _sequential_sum(np.where(keep, terms[:, None, :], 0.0))

    s1 = fits(1 / divisor)
    s2 = fits(y * t / divisor)
    s3 = fits(t / divisor)
    s4 = fits(y / divisor)
    s5 = fits(t**2 / divisor)
    slopes = (s1 * s2 - s3 * s4) / (s1 * s5 - s3**2)
    beta = np.sqrt(s1[:, 0] / (s1[:, 0] * s5[:, 0] - s3[:, 0] ** 2))
    chi = (slopes[:, 0] / beta) ** 2
    return chi, slopes


# Σt and n·Σt² of the 6 fits (all 5 points; then without t = 1..5), as Fingertips hard-codes.
_SUM_T = np.array([15.0, 14.0, 13.0, 12.0, 11.0, 10.0])
_N_SUM_T2 = np.array([275.0, 216.0, 204.0, 184.0, 156.0, 120.0])


def _trend_proportions(x, n, t, leave_out):
    total_n = _sequential_sum(n)
    total_x = _sequential_sum(x)
    xt = _sequential_sum(x * t)
    nt = _sequential_sum(n * t)
    nt2 = _sequential_sum(n * t**2)
    chi = total_n * (total_n * xt - total_x * nt) ** 2
    chi = chi / (total_x * (total_n - total_x) * (total_n * nt2 - nt**2))
    logit = np.log(x / (n - x))
    keep = leave_out[None, :, :] > 0
    value_sum = _sequential_sum(np.where(keep, logit[:, None, :], 0.0))
    product_sum = _sequential_sum(np.where(keep, (logit * t)[:, None, :], 0.0))
    points = np.array([5.0, 4.0, 4.0, 4.0, 4.0, 4.0])
    slopes = (points * product_sum - value_sum * _SUM_T) / (_N_SUM_T2 - _SUM_T**2)
    return chi, slopes
