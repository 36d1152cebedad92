"""Slope index of inequality (SII) and relative index of inequality (RII), PHE method.

A re-implementation of ``phe_sii`` from the R package PHEindicatormethods (v2.1.0, OHID), which
Fingertips uses, from the method description (Low & Low 2004). Point estimates are exact
(closed-form weighted least squares); confidence limits are simulated (Monte Carlo), as in the
reference, but vectorised across groups and repetitions.
"""

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

from placematters.stats._groups import group_rows
from placematters.stats._validate import (
    as_float_array,
    confidence_levels,
    first_row,
    same_length,
)
from placematters.stats.errors import StatsInputError

__all__ = [
    "DroppedGroupsWarning",
    "ManyQuantilesWarning",
    "SIIResult",
    "relative_rank",
    "sii",
]

#: z used to turn 95% confidence limits into a standard error, as the reference does.
Z_95_FOR_SE = 1.959964
#: Repetitions per block of groups: bounds memory to about 8 MB per simulated array.
_BLOCK_ELEMENTS = 1_000_000

_VALUE_TYPES = {0: "normal", 1: "rate", 2: "proportion"}
_TRANSFORMS = {0: "none", 1: "log", 2: "logit"}


class DroppedGroupsWarning(UserWarning):
    """Some groups were left out of an SII calculation because they lack a quantile.

    A group (e.g. an area) needs one row with a usable value for **every** quantile label that
    occurs anywhere in the data; others are dropped and get no row in the result. The reference
    warns "some records have been removed due to incomplete or invalid data".
    """


class ManyQuantilesWarning(UserWarning):
    """More than 10 quantiles: small quantile populations can make the SII unstable."""


@dataclass(frozen=True)
class SIIResult:
    """SII/RII per group (groups in sorted key order, incomplete groups dropped).

    Attributes:
        groups: the group keys (``[None]`` when no groups were given).
        sii: slope index of inequality, times ``multiplier``.
        sii_lower, sii_upper: simulated confidence limits; an array for one confidence level,
            or a dict keyed by level fraction (e.g. ``{0.95: ..., 0.998: ...}``) when several
            levels were asked for.
        rii: relative index of inequality (always computed: it is deterministic).
        rii_lower, rii_upper: its limits, like ``sii_lower``; ``None`` unless ``rii=True``.
        intercept: fitted value at relative rank 0 (the most deprived end); see :func:`sii`.
        sii_mad, rii_mad: with ``reliability_stat=True``, the mean absolute difference of the
            limits of 9 further simulation runs from the reported run (array, or dict by
            level); ``None`` otherwise.
        confidence: the levels (fractions).
        indicator_type: "normal", "rate" or "proportion"; transform: "none", "log", "logit".
        multiplier, repetitions: as given; method: e.g. "simulation 100000 reps".
    """

    groups: np.ndarray
    sii: NDArray[np.float64]
    sii_lower: NDArray[np.float64] | dict[float, NDArray[np.float64]]
    sii_upper: NDArray[np.float64] | dict[float, NDArray[np.float64]]
    rii: NDArray[np.float64]
    rii_lower: NDArray[np.float64] | dict[float, NDArray[np.float64]] | None
    rii_upper: NDArray[np.float64] | dict[float, NDArray[np.float64]] | None
    intercept: NDArray[np.float64]
    sii_mad: NDArray[np.float64] | dict[float, NDArray[np.float64]] | None
    rii_mad: NDArray[np.float64] | dict[float, NDArray[np.float64]] | None
    confidence: tuple[float, ...]
    indicator_type: str
    transform: str
    multiplier: float
    repetitions: int
    method: str


def relative_rank(
    population: ArrayLike, groups: ArrayLike | Sequence[ArrayLike] | None = None
) -> NDArray[np.float64]:
    """Relative rank b of each quantile: the mid-point of its cumulative population share.

    Rows must already be in quantile order within each group (1 = most deprived first). With
    a_q = N_q / ΣN the population share, b_q = a_q / 2 + Σ_{j<q} a_j, so b runs from 0
    (most deprived end) to 1. This is the regressor of the SII (Low & Low 2004; the
    reference's internal ``FindXValues``).

    Raises:
        StatsInputError: a population is missing or not more than 0.
    """
    population = as_float_array(population, "population")
    _check_population(population)
    grouping = group_rows(groups, len(population))
    sizes = grouping.count()
    # Position of each row within its group, keeping the given order.
    order = np.argsort(grouping.index, kind="stable")
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    within = np.empty(len(population), dtype=np.intp)
    within[order] = np.arange(len(population)) - np.repeat(starts, sizes)
    matrix = np.zeros((grouping.size, int(sizes.max(initial=0))))
    matrix[grouping.index, within] = population
    b = _mid_points(matrix)
    return b[grouping.index, within]


def sii(
    quantile: ArrayLike,
    population: ArrayLike,
    value: ArrayLike | None = None,
    groups: ArrayLike | Sequence[ArrayLike] | None = None,
    se: ArrayLike | None = None,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    value_type: int = 0,
    transform: bool = False,
    multiplier: float = 1,
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    seed: int | np.random.SeedSequence | None = None,
    rii: bool = False,
    *,
    x: ArrayLike | None = None,
    reliability_stat: bool = False,
) -> SIIResult:
    """Slope and relative index of inequality per group, with simulated confidence limits.

    One row per group * quantile (e.g. area * deprivation decile), quantile label 1 = most
    deprived. Per group, with a_q = N_q / ΣN the population share of quantile q and
    b_q = Σ_{j<q} a_j + a_q / 2 its relative rank (:func:`relative_rank`):

    * Weighted least squares of y_q on b_q with weights a_q (equivalently √a·y on √a and
      b√a through the origin): y = c + s·b. c is the fitted value at the most deprived end
      (b = 0), s the slope.
    * ``transform=False``: y is the value itself; SII = multiplier * s; RII = (c + s) / c,
      replaced by 1/RII when multiplier < 0 (e.g. -1 for life expectancy, so that a positive
      SII means "worse in more deprived areas"); intercept = c (not multiplied).
    * ``transform=True`` (rates: natural log; proportions: logit; needs 95% limits, not se):
      the fit is on the transformed scale; with inv = exp or the inverse logit, y0 = inv(c),
      y1 = inv(c + s): SII = (y1 - y0) * multiplier; RII = y1 / y0 (1/… if multiplier < 0);
      intercept = y0 * |multiplier|.

    Confidence limits are simulated as in the reference: each repetition draws every quantile's
    value from Normal(value, se) on the working scale (log for rates, logit for proportions,
    identity otherwise), back-transforms unless ``transform=True``, refits, and the limits are
    the sorted replicates at 1-based positions round(R·(1 - c)/2) and round(R·(1 + c)/2) (R's
    round, half to even). se is the ``se`` argument (already on the working scale) or
    (upper' - lower') / (2 * 1.959964) from the **95%** limits on the working scale. RII
    limits come from the simulated RIIs; with ``transform=True`` both SII and RII limits are
    built from the simulated slope limits s_L, s_U pivoted about the fitted mid-point
    m = c + s/2 (ends m ∓ s_X/2), and for multiplier < 0 the lower limits come from s_U and
    RII limits are inverted.

    Simulation method (ours; equivalent in distribution, not draw-for-draw): when no
    back-transformation is needed (value_type 0, or ``transform=True``) the fitted pair (c, s)
    is an exact linear function of the simulated values, so we draw it directly from its exact
    bivariate normal distribution instead of drawing every quantile. Every group reuses the same
    standard-normal draws (common random numbers), so a group's limits do not depend on which
    other groups are in the call, and limits are reproducible with ``seed``
    (``numpy.random.default_rng(seed)``). Groups are processed in blocks (no Python loop over
    single groups), bounding memory at ~8 MB per simulated array; rates and proportions without
    ``transform`` also hold the shared draws, 8 * Q * R bytes (8 MB for deciles at 100,000).

    Args:
        quantile: quantile label per row (numbers or strings; sorted ascending = most deprived
            first). The number Q of distinct labels in the whole data must be 5 to 100; more
            than 10 gives a :class:`ManyQuantilesWarning`.
        population: quantile population (> 0).
        value: indicator value; for proportions (value_type 2) it may be omitted and ``x``
            (numerator, > 0) given instead: value = x / population.
        groups: group keys (one array or a list of arrays); ``None`` = one group.
        se: standard error per row (>= 0, on the working scale); or give ``lower`` and
            ``upper``, the value's **95%** confidence limits (se wins when both are given).
        value_type: 0 other (normal), 1 rate, 2 proportion between 0 and 1.
        transform: fit on the log (rates) or logit (proportions) scale.
        multiplier: scales the SII (e.g. 100 for percentages, -1 for life expectancy). Values
            0 < multiplier < 1 (and 0) are refused: the reference returns swapped limits and
            inverted RII limits for them with ``transform=True``; rescale the result instead.
        confidence: level(s) for the SII/RII limits, 0.9-1 or 90-100; several levels give
            dicts keyed by level fraction.
        repetitions: simulation size R, at least 1,000 (as the reference).
        seed: seed (or SeedSequence) for ``numpy.random.default_rng``.
        rii: also return RII confidence limits.
        x: numerator for proportions when ``value`` is not given.
        reliability_stat: simulate 10 runs of R and report, besides run 1's limits, the mean
            absolute difference of runs 2-10's limits from run 1's (``sii_mad``/``rii_mad``).

    Groups that lack a row with a usable (non-missing) value for some quantile are dropped with
    a :class:`DroppedGroupsWarning` (the reference does the same).

    Raises:
        StatsInputError: bad arguments or data: population missing or <= 0; se missing or < 0;
            missing confidence limits or upper < lower; proportions or their limits outside
            0-1; x <= 0; transform with value_type 0 or with se; repetitions < 1000;
            value_type not 0/1/2; fewer than 5 or more than 100 quantiles; a quantile repeated
            within a group; 0 <= multiplier < 1. Also (where the reference returns infinite or
            missing results): a negative rate; a rate limit <= 0 or a proportion limit of 0 or 1
            used to derive se; a rate of 0 or a proportion of 0 or 1 with ``transform=True``.

    Sources: Low A, Low A. Measuring the gap: quantifying and comparing local health
    inequalities. J Public Health 2004;26:388-95. PHEindicatormethods ``phe_sii`` (OHID,
    GPL-3; re-implemented from its documented method, not copied). PHE Technical Guide
    "Slope index of inequality" (Fingertips).
    """
    value_type = _check_value_type(value_type)
    transform = bool(transform)
    repetitions = _check_repetitions(repetitions)
    multiplier = _check_multiplier(multiplier)
    levels, several = confidence_levels(confidence)

    if value is None and x is None:
        raise StatsInputError("value", "give the values, or x (numerators) for proportions")
    if value is None and value_type != 2:
        raise StatsInputError("x", "a value can only be derived from x for proportions (type 2)")
    if se is None and (lower is None or upper is None):
        raise StatsInputError("se", "give se, or both lower and upper (95% confidence limits)")
    if transform and value_type == 0:
        raise StatsInputError(
            "transform", "only rates (value_type 1) and proportions (2) can be transformed"
        )
    if transform and se is not None:
        raise StatsInputError(
            "se", "with transform=True give the 95% limits (lower, upper), not se"
        )

    labels = np.asarray(quantile)
    if labels.ndim != 1:
        raise StatsInputError("quantile", "must be one-dimensional")
    population = as_float_array(population, "population")
    value_array = None if value is None else as_float_array(value, "value")
    x_array = None if x is None else as_float_array(x, "x")
    se_array = None if se is None else as_float_array(se, "se")
    lower_array = None if lower is None else as_float_array(lower, "lower")
    upper_array = None if upper is None else as_float_array(upper, "upper")
    length = same_length(
        quantile=labels,
        population=population,
        value=value_array,
        x=x_array,
        se=se_array,
        lower=lower_array,
        upper=upper_array,
    )

    if length == 0:
        raise StatsInputError("quantile", "no rows given")
    _check_population(population)
    if se_array is not None:
        row = first_row(np.isnan(se_array) | (se_array < 0))
        if row is not None:
            raise StatsInputError(
                "se", "standard errors must be 0 or more, not missing", row, float(se_array[row])
            )
    if lower_array is not None and upper_array is not None:
        for name, array in (("lower", lower_array), ("upper", upper_array)):
            row = first_row(np.isnan(array))
            if row is not None:
                raise StatsInputError(name, "confidence limits must not be missing", row, np.nan)
        row = first_row(upper_array < lower_array)
        if row is not None:
            raise StatsInputError(
                "upper",
                f"must not be below lower ({float(lower_array[row])!r})",
                row,
                float(upper_array[row]),
            )
    if value_array is None:
        assert x_array is not None
        row = first_row(x_array <= 0)
        if row is not None:
            raise StatsInputError("x", "numerators must be more than 0", row, float(x_array[row]))
        value_array = x_array / population
    use_limits_for_se = se_array is None
    _check_scale(value_array, lower_array, upper_array, value_type, transform, use_limits_for_se)

    # Quantile labels and groups.
    if labels.dtype.kind == "f" and np.isnan(labels).any():
        row = first_row(np.isnan(labels))
        raise StatsInputError("quantile", "quantile labels must not be missing", row, np.nan)
    if labels.dtype == object and any(item is None for item in labels):
        row = first_row(np.array([item is None for item in labels]))
        raise StatsInputError("quantile", "quantile labels must not be missing", row, None)
    quantile_labels, quantile_index = np.unique(labels, return_inverse=True)
    quantile_index = quantile_index.reshape(-1)
    n_quantiles = len(quantile_labels)
    if length and not 5 <= n_quantiles <= 100:
        raise StatsInputError(
            "quantile", f"the number of quantiles must be between 5 and 100 (got {n_quantiles})"
        )
    if n_quantiles > 10:
        warnings.warn(
            f"{n_quantiles} quantiles: small quantile populations can make the SII unstable",
            ManyQuantilesWarning,
            stacklevel=2,
        )
    grouping = group_rows(groups, length)
    cell = grouping.index * n_quantiles + quantile_index
    cells = np.bincount(cell, minlength=grouping.size * n_quantiles)
    if (cells > 1).any():
        row = first_row(cells[cell] > 1)
        raise StatsInputError(
            "quantile", "each quantile may occur only once per group", row, labels[row].item()
        )
    usable = ~np.isnan(value_array)
    present = np.bincount(grouping.index[usable], minlength=grouping.size)
    complete = present == n_quantiles
    if not complete.all() or not usable.all():
        dropped = grouping.keys[~complete]
        shown = ", ".join(repr(key) for key in dropped[:5]) + (", ..." if len(dropped) > 5 else "")
        warnings.warn(
            "some records have been removed due to incomplete or invalid data: "
            f"{len(dropped)} group(s) without a usable value for every quantile ({shown})",
            DroppedGroupsWarning,
            stacklevel=2,
        )

    # Matrices (groups * quantiles) for the complete groups, quantiles in label order.
    keep = complete[grouping.index]
    new_index = np.cumsum(complete) - 1
    n_groups = int(complete.sum())
    rows_g = new_index[grouping.index[keep]]
    rows_q = quantile_index[keep]

    def matrix(array: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.empty((n_groups, n_quantiles))
        out[rows_g, rows_q] = array[keep]
        return out

    pop = matrix(population)
    working = _to_working(matrix(value_array), value_type)
    if se_array is not None:
        se_working = matrix(se_array)
    else:
        assert lower_array is not None and upper_array is not None
        se_working = (
            _to_working(matrix(upper_array), value_type)
            - _to_working(matrix(lower_array), value_type)
        ) / (2 * Z_95_FOR_SE)

    share = pop / pop.sum(axis=1, keepdims=True)
    b = _mid_points(pop)
    # Regression weights: c = Σ u_q y_q and s = Σ w_q y_q (WLS of y on b, weights a).
    total = share.sum(axis=1, keepdims=True)
    b_mean = (share * b).sum(axis=1, keepdims=True) / total
    centred = b - b_mean
    spread = (share * centred * centred).sum(axis=1, keepdims=True)
    w = share * centred / spread
    u = share / total - b_mean * w

    y = working if transform else _from_working(working, value_type)
    y_mean = (share * y).sum(axis=1) / total[:, 0]
    slope = (share * centred * (y - y_mean[:, None])).sum(axis=1) / spread[:, 0]
    intercept = y_mean - b_mean[:, 0] * slope

    inverse = _INVERSE[value_type]
    if transform:
        y0 = inverse(intercept)
        y1 = inverse(intercept + slope)
        sii_point = (y1 - y0) * multiplier
        rii_point = y1 / y0
        intercept_out = y0 * abs(multiplier)
    else:
        sii_point = multiplier * slope
        with np.errstate(divide="ignore", invalid="ignore"):
            rii_point = (intercept + slope) / intercept
        intercept_out = intercept
    if multiplier < 0:
        with np.errstate(divide="ignore"):
            rii_point = 1 / rii_point

    runs = 10 if reliability_stat else 1
    positions = [_positions(level, repetitions) for level in levels]
    rng = np.random.default_rng(seed)
    simulate = _simulate_linear if (transform or value_type == 0) else _simulate_nonlinear
    run_limits = [
        simulate(
            rng=rng,
            positions=positions,
            repetitions=repetitions,
            intercept=intercept,
            slope=slope,
            u=u,
            w=w,
            working=working,
            se=se_working,
            value_type=value_type,
            transform=transform,
            multiplier=multiplier,
            want_rii=rii,
        )
        for _ in range(runs)
    ]
    # run_limits[k] = (sii_lower, sii_upper, rii_lower, rii_upper), each (levels, groups).
    first = run_limits[0]

    def per_level(stack: NDArray[np.float64] | None):
        if stack is None:
            return None
        if several:
            return {level: stack[i] for i, level in enumerate(levels)}
        return stack[0]

    sii_mad = rii_mad = None
    if reliability_stat:
        sii_mad = per_level(_mad([(r[0], r[1]) for r in run_limits]))
        if rii:
            rii_mad = per_level(_mad([(r[2], r[3]) for r in run_limits]))

    keys = grouping.keys[complete]
    return SIIResult(
        groups=keys,
        sii=sii_point,
        sii_lower=per_level(first[0]),
        sii_upper=per_level(first[1]),
        rii=rii_point,
        rii_lower=per_level(first[2]) if rii else None,
        rii_upper=per_level(first[3]) if rii else None,
        intercept=intercept_out,
        sii_mad=sii_mad,
        rii_mad=rii_mad,
        confidence=levels,
        indicator_type=_VALUE_TYPES[value_type],
        transform=_TRANSFORMS[value_type] if transform else "none",
        multiplier=multiplier,
        repetitions=repetitions,
        method=f"simulation {repetitions} reps",
    )


# --- simulation -----------------------------------------------------------------------------


def _positions(level: float, repetitions: int) -> tuple[int, int]:
    """0-based indices of the lower and upper limits among R sorted replicates."""
    upper_fraction = level + (1 - level) / 2
    low = int(np.rint(repetitions * (1 - upper_fraction)))
    high = int(np.rint(repetitions * upper_fraction))
    low = min(max(low, 1), repetitions)
    high = min(max(high, 1), repetitions)
    return low - 1, high - 1


def _order_statistics(
    draws: NDArray[np.float64], positions: list[tuple[int, int]]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lower and upper limits (levels * rows) from replicates in the last axis."""
    wanted = sorted({index for pair in positions for index in pair})
    part = np.partition(draws, wanted, axis=-1)
    lower = np.stack([part[..., low] for low, _ in positions])
    upper = np.stack([part[..., high] for _, high in positions])
    return lower, upper


def _block_size(repetitions: int) -> int:
    return max(1, _BLOCK_ELEMENTS // repetitions)


def _simulate_linear(
    *,
    rng: np.random.Generator,
    positions: list[tuple[int, int]],
    repetitions: int,
    intercept: NDArray[np.float64],
    slope: NDArray[np.float64],
    u: NDArray[np.float64],
    w: NDArray[np.float64],
    se: NDArray[np.float64],
    value_type: int,
    transform: bool,
    multiplier: float,
    want_rii: bool,
    **_: object,
):
    """One simulation run when (c, s) are linear in the draws: draw them as a normal pair.

    s_r = s + sd_s·Z1 and c_r = c + k1·Z1 + k2·Z2 with sd_s² = Σ w²se², sd_c² = Σ u²se²,
    cov = Σ u·w·se², k1 = cov/sd_s, k2 = √(sd_c² - k1²): exactly the joint distribution of the
    refitted coefficients. Z is shared by all groups.
    """
    z = rng.standard_normal((2, repetitions))
    variance = se * se
    sigma_s = np.sqrt((w * w * variance).sum(axis=1))
    sigma_c2 = (u * u * variance).sum(axis=1)
    covariance = (u * w * variance).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        k1 = np.where(sigma_s > 0, covariance / sigma_s, 0.0)
    k2 = np.sqrt(np.maximum(sigma_c2 - k1 * k1, 0.0))

    # The slope replicates of every group are s + sd_s·Z1: one shared ordering of Z1.
    mirrored = [(repetitions - 1 - low, repetitions - 1 - high) for low, high in positions]
    needed = sorted({i for pair in positions + mirrored for i in pair})
    z1 = np.partition(z[0], needed)

    def slope_at(indices: list[int]) -> NDArray[np.float64]:
        return slope[None, :] + sigma_s[None, :] * z1[indices][:, None]

    n_groups = len(slope)
    nan = np.full((len(positions), n_groups), np.nan)
    if transform:
        s_low = slope_at([low for low, _ in positions])
        s_high = slope_at([high for _, high in positions])
        inverse = _INVERSE[value_type]
        middle = intercept + slope / 2

        def ends(s_limit: NDArray[np.float64]):
            top = inverse(middle + s_limit / 2)
            bottom = inverse(middle - s_limit / 2)
            return (top - bottom) * multiplier, top / bottom

        sii_from_low, rii_from_low = ends(s_low)
        sii_from_high, rii_from_high = ends(s_high)
        if multiplier < 0:
            return sii_from_high, sii_from_low, 1 / rii_from_high, 1 / rii_from_low
        return sii_from_low, sii_from_high, rii_from_low, rii_from_high

    if multiplier > 0:
        sii_lower = multiplier * slope_at([low for low, _ in positions])
        sii_upper = multiplier * slope_at([high for _, high in positions])
    else:
        sii_lower = multiplier * slope_at([low for low, _ in mirrored])
        sii_upper = multiplier * slope_at([high for _, high in mirrored])
    if not want_rii:
        return sii_lower, sii_upper, nan, nan

    rii_lower = np.empty_like(nan)
    rii_upper = np.empty_like(nan)
    step = _block_size(repetitions)
    for start in range(0, n_groups, step):
        block = slice(start, start + step)
        s_draw = slope[block, None] + sigma_s[block, None] * z[0]
        c_draw = intercept[block, None] + k1[block, None] * z[0]
        c_draw += k2[block, None] * z[1]
        rii_lower[:, block], rii_upper[:, block] = _rii_limits(
            c_draw, s_draw, multiplier, positions
        )
    return sii_lower, sii_upper, rii_lower, rii_upper


def _simulate_nonlinear(
    *,
    rng: np.random.Generator,
    positions: list[tuple[int, int]],
    repetitions: int,
    u: NDArray[np.float64],
    w: NDArray[np.float64],
    working: NDArray[np.float64],
    se: NDArray[np.float64],
    value_type: int,
    multiplier: float,
    want_rii: bool,
    **_: object,
):
    """One run for rates/proportions without transform: simulate each quantile, back-transform.

    Draws Z (quantiles * R), shared by all groups; y*_q = inv(value'_q + se_q·Z_q).
    """
    n_groups, n_quantiles = working.shape
    z = rng.standard_normal((n_quantiles, repetitions))
    inverse = _INVERSE[value_type]
    shape = (len(positions), n_groups)
    sii_lower, sii_upper = np.empty(shape), np.empty(shape)
    rii_lower, rii_upper = np.full(shape, np.nan), np.full(shape, np.nan)
    step = _block_size(repetitions)
    for start in range(0, n_groups, step):
        block = slice(start, start + step)
        size = len(range(n_groups)[block])
        c_draw = np.zeros((size, repetitions))
        s_draw = np.zeros((size, repetitions))
        for q in range(n_quantiles):
            draw = inverse(working[block, q, None] + se[block, q, None] * z[q])
            c_draw += u[block, q, None] * draw
            s_draw += w[block, q, None] * draw
        if want_rii:
            rii_lower[:, block], rii_upper[:, block] = _rii_limits(
                c_draw, s_draw, multiplier, positions
            )
        s_draw *= multiplier
        sii_lower[:, block], sii_upper[:, block] = _order_statistics(s_draw, positions)
    return sii_lower, sii_upper, rii_lower, rii_upper


def _rii_limits(c_draw, s_draw, multiplier, positions):
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (c_draw + s_draw) / c_draw
        if multiplier < 0:
            ratio = 1 / ratio
    return _order_statistics(ratio, positions)


def _mad(runs: list[tuple[NDArray[np.float64], NDArray[np.float64]]]) -> NDArray[np.float64]:
    """Mean absolute difference of runs 2..10's (lower, upper) limits from run 1's."""
    lower = np.stack([run[0] for run in runs])
    upper = np.stack([run[1] for run in runs])
    differences = np.concatenate(
        (np.abs(lower[1:] - lower[0]), np.abs(upper[1:] - upper[0])), axis=0
    )
    return differences.mean(axis=0)


# --- helpers --------------------------------------------------------------------------------


def _mid_points(pop: NDArray[np.float64]) -> NDArray[np.float64]:
    """FindXValues per row of a (groups * quantiles) matrix (zero padding at the end is inert)."""
    share = pop / pop.sum(axis=1, keepdims=True)
    cumulative = np.cumsum(share, axis=1)
    before = np.zeros_like(share)
    before[:, 1:] = cumulative[:, :-1]
    out = share / 2 + before
    out[:, 0] = share[:, 0] / 2
    return out


def _to_working(values: NDArray[np.float64], value_type: int) -> NDArray[np.float64]:
    with np.errstate(divide="ignore"):
        if value_type == 1:
            return np.log(values)
        if value_type == 2:
            return np.log(values / (1 - values))
    return values


def _from_working(values: NDArray[np.float64], value_type: int) -> NDArray[np.float64]:
    if value_type == 1:
        return np.exp(values)
    if value_type == 2:
        return np.exp(values) / (1 + np.exp(values))
    return values


def _identity(values):
    return values


_INVERSE = {0: _identity, 1: np.exp, 2: expit}


def _check_population(population: NDArray[np.float64]) -> None:
    row = first_row(~(population > 0))
    if row is not None:
        raise StatsInputError(
            "population",
            "populations must be more than 0, not missing",
            row,
            float(population[row]),
        )


def _check_value_type(value_type: object) -> int:
    if isinstance(value_type, bool) or value_type not in (0, 1, 2):
        raise StatsInputError(
            "value_type", f"must be 0 (other), 1 (rate) or 2 (proportion), got {value_type!r}"
        )
    return int(value_type)  # type: ignore[call-overload]


def _check_repetitions(repetitions: object) -> int:
    if isinstance(repetitions, bool) or not isinstance(repetitions, (int, np.integer, float)):
        raise StatsInputError("repetitions", f"must be a whole number, got {repetitions!r}")
    if not np.isfinite(repetitions) or repetitions != int(repetitions):
        raise StatsInputError("repetitions", f"must be a whole number, got {repetitions!r}")
    if repetitions < 1000:
        raise StatsInputError(
            "repetitions", f"must be 1000 or more (default 100,000), got {repetitions!r}"
        )
    return int(repetitions)


def _check_multiplier(multiplier: object) -> float:
    try:
        number = float(multiplier)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StatsInputError("multiplier", f"must be a number, got {multiplier!r}") from None
    if not np.isfinite(number):
        raise StatsInputError("multiplier", f"must be a finite number, got {multiplier!r}")
    if number == 0:
        raise StatsInputError("multiplier", "must not be 0")
    if 0 < number < 1:
        raise StatsInputError(
            "multiplier",
            f"values between 0 and 1 are not supported (got {multiplier!r}): the reference "
            "method swaps the confidence limits and inverts the RII limits for them; use 1 or "
            "more (or a negative number) and rescale the result",
        )
    return number


def _check_scale(
    value: NDArray[np.float64],
    lower: NDArray[np.float64] | None,
    upper: NDArray[np.float64] | None,
    value_type: int,
    transform: bool,
    limits_give_se: bool,
) -> None:
    """Values and limits must be usable on the working (log or logit) scale."""
    limits = [("lower", lower), ("upper", upper)] if lower is not None else []
    if value_type == 2:
        row = first_row((value < 0) | (value > 1))
        if row is not None:
            raise StatsInputError(
                "value", "proportions must be between 0 and 1", row, float(value[row])
            )
        for name, array in limits:
            assert array is not None
            row = first_row((array < 0) | (array > 1))
            if row is not None:
                raise StatsInputError(
                    name,
                    "confidence limits of proportions must be between 0 and 1",
                    row,
                    float(array[row]),
                )
            if limits_give_se:
                row = first_row((array == 0) | (array == 1))
                if row is not None:
                    raise StatsInputError(
                        name,
                        "a limit of 0 or 1 has no logit, so no standard error can be "
                        "derived from it; give se instead",
                        row,
                        float(array[row]),
                    )
        if transform:
            row = first_row((value == 0) | (value == 1))
            if row is not None:
                raise StatsInputError(
                    "value",
                    "proportions of 0 or 1 have no logit (transform=True)",
                    row,
                    float(value[row]),
                )
    elif value_type == 1:
        row = first_row(value < 0)
        if row is not None:
            raise StatsInputError("value", "rates must not be negative", row, float(value[row]))
        if transform:
            row = first_row(value == 0)
            if row is not None:
                raise StatsInputError(
                    "value", "rates of 0 have no logarithm (transform=True)", row, float(value[row])
                )
        if limits_give_se:
            for name, array in limits:
                assert array is not None
                row = first_row(array <= 0)
                if row is not None:
                    raise StatsInputError(
                        name,
                        "rate limits must be more than 0 to derive se on the log scale",
                        row,
                        float(array[row]),
                    )
