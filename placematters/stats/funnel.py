"""Funnel plots: control limits, significance of each point, and chart points.

A port of ``calculate_funnel_limits``, ``assign_funnel_significance`` and
``calculate_funnel_points`` from the R package PHEindicatormethods (v2.1.0, OHID), which follow
Spiegelhalter (2005) and the PHE Fingertips technical guidance. The Poisson limit solver is an
exact port of the reference's bisection (and its series for the Poisson tail), vectorised
across all points at once so that results agree with the reference to rounding.
"""

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammaln, ndtri, pdtr, pdtrc

from placematters.stats._validate import as_float_array, first_row, same_length
from placematters.stats.errors import StatsInputError
from placematters.stats.intervals import poisson_limits

__all__ = [
    "SIGNIFICANCE_LABELS",
    "FunnelLimits",
    "FunnelPoints",
    "funnel_limits",
    "funnel_points",
    "funnel_significance",
]

HIGH_001 = "High (0.001)"
HIGH_025 = "High (0.025)"
LOW_001 = "Low (0.001)"
LOW_025 = "Low (0.025)"
NOT_SIGNIFICANT = "Not significant"
NOT_APPLICABLE_DSR = "Not applicable for events less than 10 for dsrs"
#: Every label :func:`funnel_significance` can return, in the reference's factor order.
SIGNIFICANCE_LABELS = (HIGH_001, HIGH_025, LOW_001, LOW_025, NOT_SIGNIFICANT, NOT_APPLICABLE_DSR)

_STATISTICS = ("proportion", "ratio", "rate")
_POINTS = 100


@dataclass(frozen=True)
class FunnelLimits:
    """The 100-point control-limit lines of a funnel plot.

    ``axis`` holds the x values (population for proportions, observed events for ratios,
    events for rates; ``axis_name`` is the reference's column name). Limits ``*_2s_*`` are at
    p = 0.025 each side (95% two-sided), ``*_3s_*`` at p = 0.001 (99.8%). Ratios also give the
    expected events at each limit (``*_exp_events``), rates the one-year population
    (``*_population_1_year``); the other fields of that kind are ``None``. ``baseline`` is the
    average (proportions and rates; ``None`` for ratios, whose limits centre on 1, or on 0 for
    "count" and 100 for "isr").
    """

    axis_name: str
    axis: NDArray[np.float64]
    lower_2s_limit: NDArray[np.float64]
    upper_2s_limit: NDArray[np.float64]
    lower_3s_limit: NDArray[np.float64]
    upper_3s_limit: NDArray[np.float64]
    baseline: float | None
    statistic: str
    method: str
    lower_2s_exp_events: NDArray[np.float64] | None = None
    upper_2s_exp_events: NDArray[np.float64] | None = None
    lower_3s_exp_events: NDArray[np.float64] | None = None
    upper_3s_exp_events: NDArray[np.float64] | None = None
    lower_2s_population_1_year: NDArray[np.float64] | None = None
    upper_2s_population_1_year: NDArray[np.float64] | None = None
    lower_3s_population_1_year: NDArray[np.float64] | None = None
    upper_3s_population_1_year: NDArray[np.float64] | None = None

    def columns(self) -> dict[str, NDArray[np.float64]]:
        """The table as the reference returns it: column name → 100 values (no metadata)."""
        table: dict[str, NDArray[np.float64]] = {self.axis_name: self.axis}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name.endswith(("_limit", "_exp_events", "_1_year")) and value is not None:
                table[field.name] = value
        if self.baseline is not None:
            table["baseline"] = np.full(len(self.axis), self.baseline)
        return table


@dataclass(frozen=True)
class FunnelPoints:
    """Chart coordinates of each area on a rate funnel.

    ``rate_chart`` is the rate to plot (missing for DSRs from fewer than 10 events);
    ``denominator_derived`` the x position: multiplier * events / rate / years_of_data (for
    crude rates with 0 events, denominator / years_of_data).
    """

    rate_chart: NDArray[np.float64]
    denominator_derived: NDArray[np.float64]


def funnel_limits(
    numerator: ArrayLike,
    denominator: ArrayLike | None = None,
    statistic: str = "proportion",
    *,
    rate: ArrayLike | None = None,
    multiplier: float = 100,
    ratio_type: str | None = None,
    rate_type: str | None = None,
    years_of_data: float | None = None,
) -> FunnelLimits:
    """Control limits (95% and 99.8%) for a funnel plot, as 100 points along the x axis.

    Derived denominators: proportions and ratios use ``denominator`` (the population, or the
    expected count E for ratios); DSRs use multiplier * O / rate (missing when O = 0); crude
    rates use multiplier * O / rate, or the denominator when O = 0.

    Axis: from 0 when the largest derived denominator exceeds twice the smallest, else the
    smallest * 0.95 floored to its leading digit; up to the largest * 1.05 ceiled to two
    leading digits (rates work per year, then convert to events: floor/ceiling of * average).
    100 points: x₁ = max(1, minimum); xₖ = max(round((maximum / xₖ₋₁)^(1/(101 - k)) * xₖ₋₁),
    xₖ₋₁ + 1) (k - 1 in place of k for ratios; round half to even, as R).

    * Proportions (x = population N, average π = ΣO/ΣN): Wilson-score control limits inverted
      for the observed proportion, with z = Φ⁻¹(p): A = π(N/z² + 1), B = 1/z² + 1/N,
      D = √(64A² - 64Bπ(N(π(N/z² + 2) - 1) + z²(π - 1))), limits (A ∓ D/8) / B / N *
      multiplier with p = 0.975 (2s) and 0.999 (3s); lower limits floored at 0, upper capped
      at 100 (whatever the multiplier, as the reference). Baseline π * multiplier.
    * Ratios (x = observed O): exact Poisson limits solved by bisection: the expected count E
      with P(X <= O | E) = p (lower limit line O/E) or P(X >= O | E) = p (upper); "count"
      subtracts 1, "isr" multiplies by 100.
    * Rates (x = events O, average r = ΣO/Σ derived denominators): the same solves give the
      population O/r-scale: population = E / r, limit = O / population * multiplier;
      population per year = population / years_of_data. Baseline r * multiplier.

    The bisection is the reference's: v in (0, 1), λ = (1 + O)·v/(1 - v), start v = 0.5,
    step 0.5 halved before each test until it is <= 1e-7, with the Poisson tail summed by the
    reference's series (terms q·λ/k until k > λ and the term < 1e-10 of the total, rescaled by
    1e30 against overflow).

    Args:
        numerator: observed counts (>= 0, not missing).
        denominator: population (proportions), expected counts (ratios), population (rates;
            needed for crude rates with a zero count).
        statistic: "proportion", "ratio" or "rate".
        rate: the rates (rates only; per ``multiplier``; may be missing for a DSR with 0 events).
        multiplier: 100 for percentages; the rate's multiplier (e.g. 100000) for rates.
        ratio_type: "count" (O/E - 1) or "isr" (O/E * 100) for ratios.
        rate_type: "dsr" or "crude" for rates.
        years_of_data: number of years the rates cover (rates only).

    Raises:
        StatsInputError: unknown statistic/type, missing arguments, negative or missing
            numerators, denominators <= 0, numerator > denominator for proportions, rates <= 0
            where events > 0, years_of_data <= 0.

    Sources: Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
    2005;24:1185-202. PHEindicatormethods ``calculate_funnel_limits`` (OHID, GPL-3;
    re-implemented, not copied). PHE "Technical Guide: Confidence intervals" / funnel plot tool.
    """
    statistic = _check_choice(statistic, "statistic", _STATISTICS)
    numerator = as_float_array(numerator, "numerator")
    den = None if denominator is None else as_float_array(denominator, "denominator")
    rates = None if rate is None else as_float_array(rate, "rate")
    if not same_length(numerator=numerator, denominator=den, rate=rates):
        raise StatsInputError("numerator", "no rows given")
    _check_numerator(numerator)
    multiplier = _check_number(multiplier, "multiplier")

    if statistic == "rate":
        rate_type = _check_choice(rate_type, "rate_type", ("dsr", "crude"))
        if years_of_data is None:
            raise StatsInputError("years_of_data", "is required for rates")
        years = _check_number(years_of_data, "years_of_data")
        derived = _derived_denominator(numerator, den, rates, rate_type, multiplier)
    else:
        if den is None:
            raise StatsInputError("denominator", f"is required for {statistic}s")
        _check_denominator(den, numerator, statistic)
        if statistic == "ratio":
            ratio_type = _check_choice(ratio_type, "ratio_type", ("count", "isr"))
        derived = den
        years = 1.0

    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.sum(numerator) / np.nansum(derived)
    finite = derived[~np.isnan(derived)]
    if not len(finite):
        raise StatsInputError("numerator", "no area has events, so no rate funnel can be drawn")
    smallest, largest = float(finite.min()), float(finite.max())

    if largest > 2 * smallest:
        axis_minimum = 0.0
    elif statistic == "rate":
        axis_minimum = _signif_floor(smallest / years) * years
    else:
        axis_minimum = _signif_floor(smallest)
    if statistic == "rate":
        axis_maximum = _signif_ceiling(largest / years) * years
        axis_minimum = float(np.floor(axis_minimum * average))
        axis_maximum = float(np.ceil(axis_maximum * average))
    else:
        axis_maximum = _signif_ceiling(largest)
    axis = _axis_points(axis_minimum, axis_maximum, ratio=statistic == "ratio")

    if statistic == "proportion":
        limits = {}
        for name, p, side in (
            ("lower_2s_limit", 0.975, "low"),
            ("upper_2s_limit", 0.975, "high"),
            ("lower_3s_limit", 0.999, "low"),
            ("upper_3s_limit", 0.999, "high"),
        ):
            line = _sigma_adjustment(p, axis, average, side, multiplier)
            limits[name] = np.maximum(0, line) if side == "low" else np.minimum(100, line)
        return FunnelLimits(
            axis_name="Population",
            axis=axis,
            baseline=float(average * multiplier),
            statistic="proportion",
            method="Wilson",
            **limits,
        )

    # Ratios and rates: the four Poisson solves for all 100 points at once.
    sides = (("lower_2s", 0.025, "high"), ("upper_2s", 0.025, "low"))
    sides += (("lower_3s", 0.001, "high"), ("upper_3s", 0.001, "low"))
    solved = _poisson_funnel(
        np.tile(axis, 4),
        np.repeat([p for _, p, _ in sides], len(axis)),
        np.repeat([side == "low" for _, _, side in sides], len(axis)),
    ).reshape(4, len(axis))
    extra: dict[str, NDArray[np.float64]] = {}
    limits = {}
    for (name, _, _), expected in zip(sides, solved, strict=True):
        if statistic == "ratio":
            limit = axis / expected
            limit = limit - 1 if ratio_type == "count" else limit * 100
            extra[f"{name}_exp_events"] = expected
        else:
            population = expected / average
            limit = axis / population * multiplier
            extra[f"{name}_population_1_year"] = population / years
        limits[f"{name}_limit"] = limit
    if statistic == "ratio":
        return FunnelLimits(
            axis_name="Observed_events",
            axis=axis,
            baseline=None,
            statistic=f"ratio ({ratio_type})",
            method="Poisson",
            **limits,
            **extra,
        )
    return FunnelLimits(
        axis_name="Events",
        axis=axis,
        baseline=float(average * multiplier),
        statistic=f"rate ({rate_type} per {_format_multiplier(multiplier)})",
        method="Poisson",
        **limits,
        **extra,
    )


def funnel_significance(
    numerator: ArrayLike,
    denominator: ArrayLike | None = None,
    statistic: str = "proportion",
    *,
    rate: ArrayLike | None = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> NDArray[np.object_]:
    """Where each area lies on the funnel: outside the 99.8% or 95% limits, high or low.

    Labels: "High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)", "Not significant",
    and for DSRs from fewer than 10 events "Not applicable for events less than 10 for dsrs"
    (see :data:`SIGNIFICANCE_LABELS`).

    * Proportions: p = O/N against the Wilson-inversion limits at N around the average ΣO/ΣN
      (as :func:`funnel_limits`, multiplier 1); tested Low 0.001, Low 0.025, High 0.001,
      High 0.025 in that order.
    * Ratios: High when the lower exact limit of O (99.8%, then 95%) divided by E exceeds 1;
      Low when the upper limit / E is below 1 (tested High 0.001, High 0.025, Low 0.001,
      Low 0.025). Limits of O: 0 for O = 0 (lower); exact chi-square form for O < 10
      (lower χ²(alpha/2; 2O)/2, upper χ²(1 - alpha/2; 2O + 2)/2); Byar's otherwise.
    * Rates: the same with the weighted average ΣO / Σ derived denominators in place of 1 and
      the derived denominator in place of E.

    Args: as :func:`funnel_limits`; ``multiplier`` is required for rates.

    Returns:
        Object array of label strings, one per area.

    Sources: Spiegelhalter (2005); PHEindicatormethods ``assign_funnel_significance`` (OHID;
    re-implemented); Byar's method: Breslow & Day (1987); exact Poisson limits: Garwood (1936).
    """
    statistic = _check_choice(statistic, "statistic", _STATISTICS)
    numerator = as_float_array(numerator, "numerator")
    den = None if denominator is None else as_float_array(denominator, "denominator")
    rates = None if rate is None else as_float_array(rate, "rate")
    same_length(numerator=numerator, denominator=den, rate=rates)
    _check_numerator(numerator)
    labels = np.full(len(numerator), NOT_SIGNIFICANT, dtype=object)

    if statistic == "proportion":
        if den is None:
            raise StatsInputError("denominator", "is required for proportions")
        _check_denominator(den, numerator, statistic)
        average = np.sum(numerator) / np.sum(den)
        with np.errstate(invalid="ignore", divide="ignore"):
            observed = numerator / den
            tests = (
                (LOW_001, observed < _sigma_adjustment(0.999, den, average, "low", 1)),
                (LOW_025, observed < _sigma_adjustment(0.975, den, average, "low", 1)),
                (HIGH_001, observed > _sigma_adjustment(0.999, den, average, "high", 1)),
                (HIGH_025, observed > _sigma_adjustment(0.975, den, average, "high", 1)),
            )
        return _first_true(labels, tests)

    if statistic == "ratio":
        if den is None:
            raise StatsInputError("denominator", "is required for ratios")
        _check_denominator(den, numerator, statistic)
        centre: float | NDArray[np.float64] = 1.0
        expected = den
    else:
        rate_type = _check_choice(rate_type, "rate_type", ("dsr", "crude"))
        if multiplier is None:
            raise StatsInputError("multiplier", "is required for rates")
        multiplier = _check_number(multiplier, "multiplier")
        if den is not None:
            _check_denominator(den, numerator, statistic)
        expected = _derived_denominator(numerator, den, rates, rate_type, multiplier)
        centre = np.sum(numerator) / np.nansum(expected)

    with np.errstate(invalid="ignore", divide="ignore"):
        tests = (
            (HIGH_001, centre < _ratio_limit(numerator, expected, 0.998, "low")),
            (HIGH_025, centre < _ratio_limit(numerator, expected, 0.95, "low")),
            (LOW_001, centre > _ratio_limit(numerator, expected, 0.998, "high")),
            (LOW_025, centre > _ratio_limit(numerator, expected, 0.95, "high")),
        )
    labels = _first_true(labels, tests)
    if statistic == "rate" and rate_type == "dsr":
        labels[numerator < 10] = NOT_APPLICABLE_DSR
    return labels


def funnel_points(
    numerator: ArrayLike,
    rate: ArrayLike,
    rate_type: str,
    denominator: ArrayLike | None = None,
    multiplier: float = 100_000,
    years_of_data: float = 1,
) -> FunnelPoints:
    """Chart coordinates of each area on a rate funnel (x: yearly population, y: rate).

    DSR: rate_chart = rate, denominator_derived = multiplier * O / rate / years_of_data, both
    missing when O < 10. Crude: rate_chart = rate; denominator_derived = multiplier * O / rate
    / years_of_data, or denominator / years_of_data when O = 0 (the denominator is then
    required).

    Source: PHEindicatormethods ``calculate_funnel_points`` (OHID; re-implemented).
    """
    rate_type = _check_choice(rate_type, "rate_type", ("dsr", "crude"))
    numerator = as_float_array(numerator, "numerator")
    rates = as_float_array(rate, "rate")
    den = None if denominator is None else as_float_array(denominator, "denominator")
    same_length(numerator=numerator, rate=rates, denominator=den)
    _check_numerator(numerator)
    multiplier = _check_number(multiplier, "multiplier")
    years = _check_number(years_of_data, "years_of_data")
    with np.errstate(invalid="ignore", divide="ignore"):
        derived = (multiplier * numerator / rates) / years
    if rate_type == "dsr":
        small = numerator < 10
        chart = np.where(small, np.nan, rates)
        derived = np.where(small, np.nan, derived)
    else:
        chart = rates.copy()
        zero = numerator == 0
        if zero.any():
            if den is None:
                raise StatsInputError(
                    "denominator",
                    "is required for crude rates when an area has 0 events",
                    first_row(zero),
                )
            derived = np.where(zero, den / years, derived)
    return FunnelPoints(rate_chart=chart, denominator_derived=derived)


# --- the reference's building blocks ---------------------------------------------------------


def _sigma_adjustment(
    p: float,
    population: NDArray[np.float64],
    average: float,
    side: str,
    multiplier: float,
) -> NDArray[np.float64]:
    """Wilson-score control limit for a proportion at population N around ``average``."""
    z2 = ndtri(p) ** 2
    first_part = average * (population / z2 + 1)
    with np.errstate(invalid="ignore"):
        adjustment = np.sqrt(
            (-8 * average * (population / z2 + 1)) ** 2
            - 64
            * (1 / z2 + 1 / population)
            * average
            * (population * (average * (population / z2 + 2) - 1) + z2 * (average - 1))
        )
    last_part = 1 / z2 + 1 / population
    if side == "low":
        limit = (first_part - adjustment / 8) / last_part
    else:
        limit = (first_part + adjustment / 8) / last_part
    return (limit / population) * multiplier


def _poisson_tail(
    mean: NDArray[np.float64], low: NDArray[np.float64], high: NDArray[np.float64]
) -> NDArray[np.float64]:
    """P(low <= X <= high) for X ~ Poisson(mean): the reference's series, element by element.

    Terms q_k = q_{k-1}·mean/k from q_0 = 1, summed while k <= mean or the next term is above
    1e-10 of the running total; totals rescaled by 1e30 when they pass 1e30.
    """
    mean = np.asarray(mean, dtype=np.float64).reshape(-1)
    low = np.broadcast_to(low, mean.shape).reshape(-1)
    high = np.broadcast_to(high, mean.shape).reshape(-1)
    out_inside = np.zeros(mean.shape)
    out_total = np.ones(mean.shape)
    # Work on the still-summing elements only, dropping each as its series stops.
    index = np.arange(len(mean))
    q = np.ones(len(mean))
    total = np.zeros(len(mean))
    inside = np.zeros(len(mean))
    k = 0
    while index.size:
        total = total + q
        inside = inside + np.where((low <= k) & (k <= high), q, 0.0)
        big = total > 1e30
        if big.any():
            inside = np.where(big, inside / 1e30, inside)
            total = np.where(big, total / 1e30, total)
            q = np.where(big, q / 1e30, q)
        k += 1
        q = q * mean / k
        going = (k <= mean) | (q > total * 1e-10)
        if not going.all():
            stopped = ~going
            out_inside[index[stopped]] = inside[stopped]
            out_total[index[stopped]] = total[stopped]
            index, q, total, inside = index[going], q[going], total[going], inside[going]
            mean, low, high = mean[going], low[going], high[going]
    return out_inside / out_total


def _poisson_funnel(
    observed: NDArray[np.float64], p: NDArray[np.float64], low_side: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """The reference's bisection for the Poisson mean at tail probability p (vectorised).

    Low side: P(X >= O | λ) = p (the exact lower limit of O); high side: P(X <= O | λ) = p.
    """
    observed = np.asarray(observed, dtype=np.float64)
    p = np.broadcast_to(np.asarray(p, dtype=np.float64), observed.shape)
    low_side = np.broadcast_to(np.asarray(low_side, dtype=bool), observed.shape)
    v = np.full(observed.shape, 0.5)
    step = 0.5
    tail_low = np.where(low_side, observed, 0.0)
    tail_high = np.where(low_side, 1e10, observed)
    while step > 1e-7:
        step /= 2
        mean = (1 + observed) * v / (1 - v)
        tail = np.empty(observed.shape)
        series = mean <= SERIES_MEAN_LIMIT
        if series.any():
            tail[series] = _poisson_tail(mean[series], tail_low[series], tail_high[series])
        if not series.all():
            closed = ~series
            tail[closed] = _poisson_tail_closed(mean[closed], observed[closed], low_side[closed])
        down = np.where(low_side, tail > p, tail < p)
        v = np.where(down, v - step, v + step)
    return (1 + observed) * v / (1 - v)


#: Above this Poisson mean the reference's series is evaluated in closed form (identical results,
#: checked in the tests; the loop would take about 3 * the count iterations per bisection step).
SERIES_MEAN_LIMIT = 50.0


def _poisson_tail_closed(
    mean: NDArray[np.float64], observed: NDArray[np.float64], low_side: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """The reference's truncated series of :func:`_poisson_tail`, in closed form.

    The series sums q_k = mean^k/k! for k = 0..K, where K + 1 is the first k above the mean
    whose term is at most 1e-10 of the sum before it; with F the Poisson distribution function,
    that is P = (F(b) - F(a - 1)) / F(K) for the terms a..min(b, K). Evaluated with the
    regularised incomplete gamma function (``scipy.special.pdtr``/``pdtrc``), it agrees with
    the sequential sum to about 1e-12, far inside the bisection's step, so the solver takes the
    same steps (checked against the series in the tests).
    """
    last = _series_last_term(mean)
    total = pdtr(last, mean)
    with np.errstate(invalid="ignore"):
        low_tail = (pdtrc(observed - 1, mean) - pdtrc(last, mean)) / total
        high_tail = pdtr(np.minimum(observed, last), mean) / total
    low_tail = np.where(observed > last, 0.0, low_tail)
    return np.where(low_side, low_tail, high_tail)


def _series_last_term(mean: NDArray[np.float64]) -> NDArray[np.float64]:
    """Index K of the last term the reference's series adds, for each mean (vectorised search).

    The series stops at the first k > mean with pmf(k) <= 1e-10 * F(k - 1); that ratio falls
    as k grows, so bisect on whole k between floor(mean) + 1 and mean + 20 * sqrt(mean) + 60.
    """

    def stops(k: NDArray[np.float64]) -> NDArray[np.bool_]:
        log_pmf = k * np.log(mean) - mean - gammaln(k + 1)
        return log_pmf <= np.log(1e-10) + np.log(pdtr(k - 1, mean))

    low = np.floor(mean) + 1  # candidate stop; invariant: the stop is >= low
    high = np.ceil(mean + 20 * np.sqrt(mean) + 60)  # stops(high) holds
    while np.any(high - low > 0):
        middle = np.floor((low + high) / 2)
        hit = stops(middle)
        high = np.where(hit, middle, high)
        low = np.where(hit, low, middle + 1)
    return high - 1


def _ratio_limit(
    observed: NDArray[np.float64], expected: NDArray[np.float64], p: float, side: str
) -> NDArray[np.float64]:
    """Lower or upper limit of O at level p, divided by E (``funnel_ratio_significance``).

    The Fingertips Poisson limits of O (:func:`~placematters.stats.intervals.poisson_limits`):
    0 lower limit for O = 0; exact (chi-square form) for O < 10; Byar's otherwise.
    """
    lower, upper = poisson_limits(observed, confidence=p)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (lower if side == "low" else upper) / expected


def _signif_floor(x: float) -> float:
    """Round 0.95·x down to its leading digit (the reference's ``signif.floor``)."""
    if x == 0:
        return 0.0
    digits = _r_nchar(np.floor(x * 0.95)) - 1
    return float(np.floor(x * 0.95 / 10.0**digits) * 10.0**digits)


def _signif_ceiling(x: float) -> float:
    """Round 1.05·x up at its second digit (the reference's ``signif.ceiling``)."""
    if x == 0:
        return 0.0
    digits = _r_nchar(np.ceil(x * 1.05)) - 2
    return float(np.ceil(x * 1.05 / 10.0**digits) * 10.0**digits)


def _r_nchar(whole: float) -> int:
    """Characters R prints for a whole non-negative number (``nchar(as.character(x))``).

    R writes e.g. 100000 as "1e+05" (shorter than fixed notation); mirrored for fidelity.
    """
    fixed = str(int(whole))
    significant = len(fixed.rstrip("0")) or 1
    exponent = len(fixed) - 1
    scientific = (1 if significant == 1 else significant + 1) + 2 + max(2, len(str(exponent)))
    return len(fixed) if len(fixed) <= scientific else scientific


def _axis_points(minimum: float, maximum: float, *, ratio: bool) -> NDArray[np.float64]:
    points = np.empty(_POINTS)
    points[0] = max(1.0, minimum)
    for j in range(2, _POINTS + 1):
        offset = j - 1 if ratio else j
        previous = points[j - 2]
        grown = np.rint((maximum / previous) ** (1 / (101 - offset)) * previous)
        points[j - 1] = max(grown, previous + 1)
    return points


def _derived_denominator(
    numerator: NDArray[np.float64],
    denominator: NDArray[np.float64] | None,
    rates: NDArray[np.float64] | None,
    rate_type: str,
    multiplier: float,
) -> NDArray[np.float64]:
    if rates is None:
        raise StatsInputError("rate", "is required for rates")
    zero = numerator == 0
    row = first_row(~zero & ~(rates > 0))
    if row is not None:
        raise StatsInputError(
            "rate", "must be more than 0 where there are events", row, float(rates[row])
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        derived = multiplier * numerator / rates
    if rate_type == "dsr":
        return np.where(zero, np.nan, derived)
    if zero.any():
        if denominator is None:
            raise StatsInputError(
                "denominator",
                "is required for crude rates when an area has 0 events",
                first_row(zero),
                0.0,
            )
        return np.where(zero, denominator, derived)
    return derived


def _first_true(labels: NDArray[np.object_], tests) -> NDArray[np.object_]:
    decided = np.zeros(len(labels), dtype=bool)
    for label, condition in tests:
        hit = condition & ~decided
        labels[hit] = label
        decided |= hit
    return labels


def _check_choice(value: object, argument: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise StatsInputError(argument, f"must be one of {', '.join(choices)} (got {value!r})")
    return str(value)


def _check_number(value: object, argument: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StatsInputError(argument, f"must be a number (got {value!r})") from None
    if not np.isfinite(number) or number <= 0:
        raise StatsInputError(argument, f"must be a number more than 0 (got {value!r})")
    return number


def _check_numerator(numerator: NDArray[np.float64]) -> None:
    row = first_row(np.isnan(numerator) | (numerator < 0))
    if row is not None:
        raise StatsInputError(
            "numerator", "must be 0 or more, not missing", row, float(numerator[row])
        )


def _check_denominator(
    denominator: NDArray[np.float64], numerator: NDArray[np.float64], statistic: str
) -> None:
    row = first_row(np.isnan(denominator) | (denominator <= 0))
    if row is not None:
        raise StatsInputError(
            "denominator", "must be more than 0, not missing", row, float(denominator[row])
        )
    if statistic == "proportion":
        row = first_row(numerator > denominator)
        if row is not None:
            raise StatsInputError(
                "numerator",
                f"must not be greater than the denominator ({float(denominator[row])!r}) "
                "for proportions",
                row,
                float(numerator[row]),
            )


def _format_multiplier(multiplier: float) -> str:
    """R's ``format(multiplier, big.mark = ",", scientific = FALSE)``."""
    if float(multiplier).is_integer():
        return f"{int(multiplier):,}"
    return f"{multiplier:,}"
