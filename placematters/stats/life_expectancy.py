"""Period life expectancy from an abridged life table (Chiang II, Silcocks variance), vectorised.

Reproduces PHEindicatormethods ``phe_life_expectancy`` (v2.1.0), the method of the PHE life
expectancy calculator used for Fingertips. Each group's 20 age bands form one row of a
(groups x bands) matrix, so the life table is computed for every group at once: no Python loop
runs over rows or groups (only numpy operations along the band axis).
"""

# ruff: noqa: RUF002 - the docstrings write formulas in mathematical notation.

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._groups import group_rows
from placematters.stats._validate import confidence_levels
from placematters.stats.errors import StatsInputError
from placematters.stats.indicators import GroupKeys
from placematters.stats.intervals import Z95, Confidence, FloatArray, by_level, numbers, z_value
from placematters.stats.results import LifeExpectancyResult

__all__ = ["AGE_BANDS", "life_expectancy"]

#: Start ages of the standard abridged life table: 0, 1-4, 5-9, ..., 85-89, 90+.
AGE_BANDS: tuple[int, ...] = (0, 1, *range(5, 95, 5))

METHOD = "Chiang, using Silcocks et al for confidence limits"

#: Radix of the life table (people alive at the start of the first band).
RADIX = 1e5

#: A group needs more than this total population for its life expectancy to be computed.
MINIMUM_POPULATION = 5000

#: Values are suppressed when the 95% interval is wider than twice this (20 years).
MAXIMUM_HALF_WIDTH = 10

NEGATIVE_DEATHS = "some age bands have negative deaths; outputs have been suppressed to NAs"
ZERO_POPULATION = (
    "some age bands have a zero or less population; outputs have been suppressed to NAs"
)
WRONG_BANDS = (
    "some groups contain a different number of age bands than {bands}; life expectancy cannot "
    "be calculated for these. These groups will contain NAs."
)
DEATHS_ABOVE_POPULATION = (
    "some age bands have more deaths than population; outputs have been suppressed to NAs"
)
SMALL_POPULATION = (
    "some groups have a total population of less than 5,000; outputs have been suppressed to NAs"
)
WIDE_INTERVAL = (
    "some life expectancy values have a 95% confidence interval > 20 years; these values have "
    "been suppressed to NAs"
)
AGE_NOT_FOUND = (
    "le_age not in the vector described by age_contents; all life expectancies will be returned"
)

#: Per-row reasons (``result.suppressed``), in the order the reference applies its checks.
REASONS = (
    "negative deaths",
    "population zero or less",
    "age bands incomplete",
    "deaths above population",
    "total population 5,000 or less",
)
REASON_WARNINGS = (
    NEGATIVE_DEATHS,
    ZERO_POPULATION,
    WRONG_BANDS,
    DEATHS_ABOVE_POPULATION,
    SMALL_POPULATION,
)
WIDE_REASON = "95% confidence interval wider than 20 years"
INFINITE_REASON = "life expectancy is infinite (no deaths in the last age band)"


def life_expectancy(
    deaths: ArrayLike,
    population: ArrayLike,
    start_age: ArrayLike,
    groups: GroupKeys = None,
    confidence: Confidence = 0.95,
    le_age: int | str | Sequence[int | str] = 0,
    *,
    age_contents: Sequence[int | str] = AGE_BANDS,
) -> LifeExpectancyResult:
    """Life expectancy at each age band's start, per group, with confidence limits.

    Rows are age bands within groups: deaths D_i and person-years (population) P_i, labelled by
    ``start_age`` (numbers, or text such as "1-4" or "90 +": the start age is the first run of
    digits). ``age_contents`` lists the bands in ascending order (default 0, 1, 5, ..., 90) and
    must match the labels used in the data. For band i of width n_i (the last band is open)::

        M_i = D_i / P_i;  a_i = 0.1 for age 0, else 0.5;  n_last = 2 / M_last
        q_i = n_i M_i / (1 + n_i M_i (1 − a_i))   if D_i <= P_i / (n_i a_i), else 1
        l_1 = 100,000;  l_i = l_{i−1} (1 − q_{i−1});  d_i = l_i − l_{i+1}  (d_last = l_last)
        L_i = n_i (l_{i+1} + a_i d_i);  L_last = l_last / M_last
        T_i = Σ_{j>=i} L_j;  e_i = T_i / l_i  (0 where l_i = 0)            <- the value
        s_i² = q_i² (1 − q_i) / D_i  (0 where d_i = 0);  s_last² = 4 / (D_last M_last²)
        W_i = s_i² l_i² ((1 − a_i) n_i + e_{i+1})²;  W_last = (l_last / 2)² s_last²
        SE(e_i) = √(Σ_{j>=i} W_j) / l_i;  limits = e_i ∓ z × SE(e_i)

    Any number of confidence levels may be given. Suppression, as in the reference:

    - a whole group gets missing values and limits when any band has negative deaths, any band
      has a population of zero or less, the group does not have each age band exactly once,
      any band has more deaths than population, or the total population is 5,000 or less;
    - a value (not its limits) is missing when its 95% interval is wider than 20 years
      (1.959964 × SE > 10), whatever confidence was asked for, and when it is infinite.

    ``result.suppressed`` gives the reason per row and ``result.warnings`` the reference's
    warning messages (no Python warnings are raised). ``pops_used``/``dths_used`` are the
    population and deaths from each band upwards.

    ``le_age`` picks the start ages to return: one or several ages (numbers match start ages,
    text matches labels), or "all". Default 0: life expectancy at birth. If none of them is an
    age band, every band is returned with a warning (as the reference does). Rows come sorted
    by group key, then age.

    Differences from the reference, on malformed input only: a missing (NaN) death count or
    population makes the group's values missing (R's comparison with NA falls through to
    q = 1, "everyone dies", and returns numbers); a group with 20 rows but a band repeated is
    suppressed as incomplete (R computes on it); ``age_contents`` may have any number of bands
    (R hard-codes 20, so other tables would be suppressed whole).

    Source: Chiang CL (1968/1984), The Life Table and its Applications (Chiang II abridged
    table); Silcocks PBS, Jenner DA & Reza R (2001), J Epidemiol Community Health 55:38-43
    (variance of the open last band); Eayres DP & Williams ES (2004), J Epidemiol Community
    Health 58:243-249; Toson B & Baker A (2003), ONS Methodology Series 33 (5,000 minimum);
    PHE life expectancy calculator / PHEindicatormethods ``phe_life_expectancy``.

    Raises StatsInputError for arrays of different lengths, age_contents that do not start at
    0 or are not ascending, start ages that do not match age_contents, or a confidence level
    outside 0.9-1 / 90-100.
    """
    deaths_values, population_values = numbers(deaths=deaths, population=population)
    rows = len(deaths_values)
    labels = np.asarray(start_age)
    if labels.ndim != 1 or len(labels) != rows:
        raise StatsInputError("start_age", f"must be one age band label per row ({rows} rows)")
    levels, several = confidence_levels(confidence)
    band_texts, band_ages = _age_contents(age_contents)
    bands = len(band_texts)
    band, label_texts, label_inverse = _band_of_rows(labels, band_texts)
    grouping = group_rows(groups, rows)

    # Sort rows by group, then age band; every later array is in this order.
    order = np.argsort(grouping.index.astype(np.int64) * bands + band, kind="stable")
    group_of = grouping.index[order]
    band_of = band[order]
    dead = deaths_values[order]
    alive = population_values[order]
    counts = grouping.count()
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    position = np.arange(rows) - starts[group_of]

    reason = _group_reasons(grouping.size, group_of, band_of, position, dead, alive, counts, bands)
    warnings = [
        message.format(bands=bands)
        for code, message in enumerate(REASON_WARNINGS, start=1)
        if (reason == code).any()
    ]

    value = np.full(rows, np.nan)
    standard_error = np.full(rows, np.nan)
    row_reason = np.empty(rows, dtype=object)
    for code, text in enumerate(REASONS, start=1):
        row_reason[reason[group_of] == code] = text
    valid_rows = reason[group_of] == 0
    if valid_rows.any():
        table_value, table_se = _life_table(
            dead[valid_rows].reshape(-1, bands),
            alive[valid_rows].reshape(-1, bands),
            np.asarray(band_ages, dtype=np.float64),
        )
        value[valid_rows] = table_value.reshape(-1)
        standard_error[valid_rows] = table_se.reshape(-1)
    with np.errstate(invalid="ignore"):
        wide = Z95 * standard_error > MAXIMUM_HALF_WIDTH
    infinite = np.isinf(value)
    row_reason[infinite & ~wide] = INFINITE_REASON
    row_reason[wide] = WIDE_REASON
    if wide.any():
        warnings.append(WIDE_INTERVAL)

    def limits(level: float) -> tuple[FloatArray, FloatArray]:
        z = z_value(level)
        with np.errstate(invalid="ignore"):
            return value - z * standard_error, value + z * standard_error

    lower, upper = by_level(levels, several, limits)
    value[infinite | wide] = np.nan
    pops_used = _from_band_upwards(alive, group_of, position, counts)
    dths_used = _from_band_upwards(dead, group_of, position, counts)

    keep = _selected_ages(le_age, band_texts, band_ages, band_of, warnings)
    statistics = np.array([f"life expectancy at {text}" for text in label_texts], dtype=object)
    method = np.empty(int(keep.sum()), dtype=object)
    method[:] = METHOD
    if isinstance(lower, dict) and isinstance(upper, dict):
        lower = {level: limit[keep] for level, limit in lower.items()}
        upper = {level: limit[keep] for level, limit in upper.items()}
    else:
        lower, upper = lower[keep], upper[keep]
    return LifeExpectancyResult(
        value=value[keep],
        lower=lower,
        upper=upper,
        groups=grouping.keys[group_of[keep]],
        confidence=levels,
        statistic=statistics[label_inverse[order][keep]],
        method=method,
        start_age=labels[order][keep],
        age=np.asarray(band_ages, dtype=np.int64)[band_of[keep]],
        pops_used=pops_used[keep],
        dths_used=dths_used[keep],
        standard_error=standard_error[keep],
        suppressed=row_reason[keep],
        warnings=tuple(warnings),
    )


def _life_table(
    deaths: FloatArray, population: FloatArray, ages: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Chiang II life expectancy and its Silcocks standard error, one group per matrix row."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rate = deaths / population
        width = np.empty_like(rate)
        width[:, :-1] = np.diff(ages)
        width[:, -1] = 2 / rate[:, -1]
        fraction = np.where(ages == 0, 0.1, 0.5)
        capped = deaths > population / width / fraction
        dying = np.where(capped, 1.0, rate * width / (1 + rate * width * (1 - fraction)))  # q_i
        surviving = 1 - dying
        steps = np.concatenate((np.full((len(rate), 1), RADIX), surviving[:, :-1]), axis=1)
        alive = np.cumprod(steps, axis=1)  # l_i
        following = np.concatenate((alive[:, 1:], np.zeros((len(rate), 1))), axis=1)
        died = alive - following  # d_i
        lived = np.empty_like(rate)  # L_i
        lived[:, :-1] = width[:, :-1] * (alive[:, 1:] + fraction[:-1] * died[:, :-1])
        lived[:, -1] = alive[:, -1] / rate[:, -1]
        remaining = np.cumsum(lived[:, ::-1], axis=1)[:, ::-1]  # T_i
        expectancy = np.where(alive == 0, 0.0, remaining / alive)  # e_i
        spread = np.where(died == 0, 0.0, dying**2 * (1 - dying) / deaths)
        spread[:, -1] = 4 / (deaths[:, -1] * rate[:, -1] ** 2)
        weighted = np.empty_like(rate)
        weighted[:, :-1] = (
            spread[:, :-1]
            * alive[:, :-1] ** 2
            * ((1 - fraction[:-1]) * width[:, :-1] + expectancy[:, 1:]) ** 2
        )
        weighted[:, -1] = (alive[:, -1] / 2) ** 2 * spread[:, -1]
        total = np.cumsum(weighted[:, ::-1], axis=1)[:, ::-1]
        standard_error = np.sqrt(total / alive**2)
    return expectancy, standard_error


def _age_contents(age_contents: Sequence[int | str]) -> tuple[list[str], list[int]]:
    """Labels (as text) and start ages of the age bands, checked: start at 0, ascending."""
    contents = list(np.atleast_1d(np.asarray(age_contents, dtype=object)))
    if len(contents) < 2:
        raise StatsInputError("age_contents", "give at least two age bands")
    texts = [_label_text(label) for label in contents]
    ages = [_start_age(label, "age_contents") for label in contents]
    if ages[0] != 0:
        raise StatsInputError("age_contents", "the first age band must start at 0", 0, contents[0])
    out_of_order = [i for i in range(1, len(ages)) if ages[i] <= ages[i - 1]]
    if out_of_order:
        row = out_of_order[0]
        raise StatsInputError(
            "age_contents", "age bands must be in ascending order of start age", row, contents[row]
        )
    if len(set(texts)) != len(texts):
        raise StatsInputError("age_contents", "age bands must not repeat")
    return texts, ages


def _band_of_rows(
    labels: np.ndarray, band_texts: list[str]
) -> tuple[NDArray[np.intp], list[str], NDArray[np.intp]]:
    """Each row's band position; also the distinct label texts and each row's index into them."""
    try:
        distinct, inverse = np.unique(labels, return_inverse=True)
    except TypeError:
        raise StatsInputError("start_age", "labels must all be numbers or all text") from None
    inverse = inverse.reshape(-1)
    texts = [_label_text(label) for label in distinct.tolist()]
    position = {text: index for index, text in enumerate(band_texts)}
    unexpected = sorted({text for text in texts if text not in position})
    missing = [text for text in band_texts if text not in set(texts)]
    if unexpected or missing:
        parts = []
        if unexpected:
            parts.append(f"not in age_contents: {', '.join(unexpected)}")
        if missing:
            parts.append(f"absent from the data: {', '.join(missing)}")
        raise StatsInputError(
            "start_age",
            f"the age bands in the data must match age_contents ({'; '.join(parts)})",
        )
    band_of_label = np.array([position[text] for text in texts], dtype=np.intp)
    return band_of_label[inverse], texts, inverse


def _label_text(label: object) -> str:
    """A band label as text: integral numbers without a decimal point (5.0 -> "5")."""
    if isinstance(label, (bool, np.bool_)):
        raise StatsInputError("start_age", f"age band labels cannot be {label!r}")
    if isinstance(label, (int, np.integer)):
        return str(int(label))
    if isinstance(label, (float, np.floating)):
        if not np.isfinite(label):
            raise StatsInputError("start_age", "age band labels must not be missing")
        return str(int(label)) if float(label).is_integer() else repr(float(label))
    return str(label)


_DIGITS = re.compile(r"\d+")


def _start_age(label: object, argument: str) -> int:
    """Start age of a band label: the number itself, or the first run of digits in the text."""
    text = _label_text(label)
    found = _DIGITS.search(text)
    if found is None:
        raise StatsInputError(argument, f"age band {text!r} has no start age (no digits)")
    return int(found.group())


def _group_reasons(
    size: int,
    group_of: NDArray[np.intp],
    band_of: NDArray[np.intp],
    position: NDArray[np.intp],
    deaths: FloatArray,
    population: FloatArray,
    counts: NDArray[np.intp],
    bands: int,
) -> NDArray[np.int8]:
    """First failing group-level check per group (0 = valid), in the reference's order."""

    def any_row(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.bincount(group_of[mask], minlength=size) > 0

    with np.errstate(invalid="ignore"):
        checks = (
            any_row(deaths < 0),
            any_row(population <= 0),
            (counts != bands) | any_row(band_of != position),
            any_row(deaths > population),
            np.bincount(group_of, weights=population, minlength=size) <= MINIMUM_POPULATION,
        )
    reason = np.zeros(size, dtype=np.int8)
    for code, failed in reversed(list(enumerate(checks, start=1))):
        reason[failed] = code
    return reason


def _from_band_upwards(
    values: FloatArray,
    group_of: NDArray[np.intp],
    position: NDArray[np.intp],
    counts: NDArray[np.intp],
) -> FloatArray:
    """Sum of each row's value and those of the later (older) rows of its group."""
    if not len(values):
        return values.copy()
    width = int(counts.max())
    if len(counts) * width <= 4 * len(values) + 1024:
        table = np.zeros((len(counts), width))
        table[group_of, position] = values
        totals = np.cumsum(table[:, ::-1], axis=1)[:, ::-1]
        return totals[group_of, position]
    # Very uneven groups: one running sum from the end, reset at each group boundary. NaN is
    # kept to its own group by counting missing values separately.
    missing = np.isnan(values)
    backwards = np.cumsum(np.where(missing, 0.0, values)[::-1])[::-1]
    missing_after = np.cumsum(missing[::-1])[::-1]
    ends = np.cumsum(counts)
    after_group = np.append(backwards, 0.0)[ends][group_of]
    missing_after_group = np.append(missing_after, 0)[ends][group_of]
    result = backwards - after_group
    result[missing_after - missing_after_group > 0] = np.nan
    return result


def _selected_ages(
    le_age: int | str | Sequence[int | str],
    band_texts: list[str],
    band_ages: list[int],
    band_of: NDArray[np.intp],
    warnings: list[str],
) -> NDArray[np.bool_]:
    """Rows to return for ``le_age`` ("all", or ages/labels); all with a warning if none match."""
    if isinstance(le_age, str) and le_age == "all":
        return np.ones(len(band_of), dtype=bool)
    wanted = list(np.atleast_1d(np.asarray(le_age, dtype=object)))
    chosen = np.zeros(len(band_texts), dtype=bool)
    for item in wanted:
        is_number = isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(
            item, (bool, np.bool_)
        )
        text = _label_text(item) if is_number else str(item)
        for index, (band_text, band_age) in enumerate(zip(band_texts, band_ages, strict=True)):
            if band_text == text or (is_number and float(item) == band_age):
                chosen[index] = True
    if not chosen.any():
        warnings.append(AGE_NOT_FOUND)
        return np.ones(len(band_of), dtype=bool)
    return chosen[band_of]
