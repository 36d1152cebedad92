"""Directly and indirectly standardised rates and ratios (Fingertips methods, vectorised).

- :func:`dsr`: directly standardised rate with Dobson confidence limits, including the variance
  adjustment for non-independent events (PHEindicatormethods ``calculate_dsr``).
- :func:`isr_ratio`: indirectly standardised ratio, e.g. the SMR (``calculate_ISRatio``).
- :func:`isr_rate`: indirectly standardised rate (``calculate_ISRate``).

Inputs are one row per group and standardisation band (age band, usually). Results have one row
per sorted group key. All group sums use a vectorised group-by; nothing loops over rows or
groups (only over the distinct band labels when a standard population is looked up by label).
"""

# ruff: noqa: RUF002 - the docstrings write formulas in mathematical notation.

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._groups import Grouping, group_rows
from placematters.stats._validate import as_float_array, first_row, non_negative
from placematters.stats.errors import StatsInputError
from placematters.stats.indicators import GroupKeys, count_method
from placematters.stats.intervals import (
    Confidence,
    FloatArray,
    by_level,
    byars_limits,
    not_missing,
    numbers,
    positive,
    positive_number,
    reference_levels,
    switched_limits,
)
from placematters.stats.results import DSRResult, ISRResult, format_number

__all__ = [
    "ESP2013",
    "ESP2013_BANDS",
    "ESP2013_BY_BAND",
    "dsr",
    "isr_rate",
    "isr_ratio",
]

#: European Standard Population 2013 in 19 five-year bands (0-4 ... 85-89, 90+), total 100,000,
#: as shipped with PHEindicatormethods (Eurostat's 0 and 1-4, and 90-94 and 95+, merged).
ESP2013: NDArray[np.float64] = np.array(
    [
        *(5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000),
        *(7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000),
    ],
    dtype=np.float64,
)
ESP2013.flags.writeable = False

#: The age-band labels of :data:`ESP2013`, in order.
ESP2013_BANDS: tuple[str, ...] = (
    *(f"{start}-{start + 4}" for start in range(0, 90, 5)),
    "90+",
)

#: :data:`ESP2013` keyed by band label, for ``dsr(..., bands=labels)``.
ESP2013_BY_BAND: Mapping[str, float] = MappingProxyType(
    dict(zip(ESP2013_BANDS, ESP2013.tolist(), strict=True))
)

#: Fewer events than this and a DSR is not published.
DSR_MINIMUM_COUNT = 10

Standard = ArrayLike | Mapping[object, float] | None


def dsr(
    x: ArrayLike,
    n: ArrayLike,
    standard: Standard = None,
    groups: GroupKeys = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    *,
    bands: ArrayLike | None = None,
    event_frequency: ArrayLike | None = None,
) -> DSRResult:
    """Directly standardised rate per group with Dobson confidence limits.

    Rows are bands (age bands) within groups: x_i events (missing counts as 0), n_i population
    (> 0), w_i standard population (>= 0). Per group, with O = Σx_i::

        DSR = Σ(x_i w_i / n_i) / Σw_i × multiplier
        Var = Σ(x_i w_i² / n_i²) / (Σw_i)²               (per unit, before the multiplier)
        lower, upper = DSR + √(Var/O) × (O_L − O, O_U − O) × multiplier

    where O_L, O_U are Byar's limits of O. Σw_i runs over the bands present in the group, so
    groups may cover different bands (e.g. under-75s). When O < 10 the value and limits are
    missing and ``statistic`` reads "dsr NA for total count < 10" (else "dsr per {multiplier}").

    Non-independent events (``event_frequency`` given, with ``bands``): each row counts the
    *people* x with exactly f events in that group and band. Events O = Σ f·x; the DSR is the
    one of those events; the variance becomes Σ_f f² Var_f, Var_f being the variance above on
    the people with frequency f. ``method`` then reads "Dobson, with confidence adjusted for
    non-independent events" (else "Dobson"). n and w must agree between the frequency rows of
    one band.

    The standard population ``standard`` is one of:

    - None (default): the European Standard Population 2013 (:data:`ESP2013`), by band label
      when ``bands`` holds the labels "0-4", ..., "90+", otherwise matched by position within
      each group (every group then needs 19 rows in band order);
    - one weight per row (same length as x);
    - a sequence of weights per band, matched by row position within each group (as
      PHEindicatormethods' deprecated ``phe_dsr``);
    - a mapping band label -> weight, looked up with ``bands``.

    Source: Dobson AJ, Kuulasmaa K, Eberle E & Scherer J (1991), "Confidence intervals for
    weighted sums of Poisson parameters", Stat Med 10:457-462; Breslow & Day (1987) for Byar's
    limits; PHE Technical Guide "Directly standardised rates"; PHEindicatormethods
    ``calculate_dsr`` (v2.1.0, including the non-independent events adjustment).

    Raises StatsInputError for negative events, populations that are zero, negative or missing,
    a missing or negative standard population, a band with no standard population, a standard
    that does not fit the groups, unequal lengths, a non-positive multiplier or an unaccepted
    confidence.
    """
    x_values, n_values = numbers(x=x, n=n)
    non_negative(x_values, "x")
    not_missing(n_values, "n")
    positive(n_values, "n")
    multiplier = positive_number(multiplier, "multiplier")
    levels, several = reference_levels(confidence)
    grouping = group_rows(groups, len(x_values))
    band_labels = _labels(bands, "bands", len(x_values))
    weights = _standard_per_row(standard, band_labels, grouping)
    events = np.nan_to_num(x_values, nan=0.0)

    with np.errstate(divide="ignore", invalid="ignore"):
        if event_frequency is None:
            total_count = grouping.sum(events)
            total_pop = grouping.sum(n_values)
            standard_total = grouping.sum(weights)
            weighted = grouping.sum(events * weights / n_values)
            squares = grouping.sum(events * (weights / n_values) ** 2)
            method = "Dobson"
        else:
            if band_labels is None:
                raise StatsInputError(
                    "bands", "needed with event_frequency to tell which rows share an age band"
                )
            _, frequency = numbers(x=x_values, event_frequency=event_frequency)
            not_missing(frequency, "event_frequency")
            non_negative(frequency, "event_frequency")
            first = _first_of_band(grouping, band_labels, n_values, weights)
            events = frequency * events
            total_count = grouping.sum(events)
            total_pop = _sum_where(grouping, n_values, first)
            standard_total = _sum_where(grouping, weights, first)
            weighted = grouping.sum(events * weights / n_values)
            squares = grouping.sum(
                frequency**2 * np.nan_to_num(x_values) * (weights / n_values) ** 2
            )
            method = "Dobson, with confidence adjusted for non-independent events"
        value = weighted / standard_total * multiplier
        variance = 1 / standard_total**2 * squares
        spread = np.sqrt(variance / total_count)

    suppressed = total_count < DSR_MINIMUM_COUNT
    value[suppressed] = np.nan

    def limits(level: float) -> tuple[FloatArray, FloatArray]:
        count_lower, count_upper = byars_limits(total_count, level)
        with np.errstate(invalid="ignore"):
            lower = value + spread * (count_lower - total_count) * multiplier
            upper = value + spread * (count_upper - total_count) * multiplier
        lower[suppressed] = np.nan
        upper[suppressed] = np.nan
        return lower, upper

    lower, upper = by_level(levels, several, limits)
    statistic = np.where(
        suppressed, "dsr NA for total count < 10", f"dsr per {format_number(multiplier)}"
    ).astype(object)
    method_column = np.empty(grouping.size, dtype=object)
    method_column[:] = method
    return DSRResult(
        value=value,
        lower=lower,
        upper=upper,
        groups=grouping.keys,
        confidence=levels,
        statistic=statistic,
        method=method_column,
        total_count=total_count,
        total_pop=total_pop,
        multiplier=multiplier,
    )


def isr_ratio(
    x: ArrayLike | None,
    n: ArrayLike,
    x_ref: ArrayLike,
    n_ref: ArrayLike,
    groups: GroupKeys = None,
    confidence: Confidence = 0.95,
    refvalue: float = 1,
    *,
    observed_totals: ArrayLike | None = None,
    observed_groups: GroupKeys = None,
) -> ISRResult:
    """Indirectly standardised ratio (e.g. the standardised mortality ratio) per group.

    Rows are bands within groups: x_i observed events (missing counts as 0), n_i population
    (missing counts as 0), and the reference events X_i and population N_i of each band. Per
    group::

        E = Σ (X_i / N_i) × n_i                     expected events
        O = Σ x_i                                   (or the group's entry in observed_totals)
        value = O / E × refvalue
        lower, upper = (limits of O) / E × refvalue

    The limits of O are exact Poisson below 10 events and Byar's from 10 (``method`` "Exact" or
    "Byars"). refvalue 100 gives the ratio × 100. ``statistic`` reads "indirectly standardised
    ratio x {refvalue}".

    ``x_ref``/``n_ref`` are either one value per row, or one value per band matched by row
    position within each group (every group then needs that many rows, in band order).
    ``observed_totals`` (with ``observed_groups`` holding their group keys, like ``groups``)
    replaces the age-specific x when only totals are known; a group without a total gets a
    missing result.

    Source: Breslow NE & Day NE (1987) (Byar's); Armitage P & Berry G (exact limits); PHE
    Technical Guide "Indirectly standardised ratios"; PHEindicatormethods ``calculate_ISRatio``.

    Raises StatsInputError for negative counts or populations, reference populations that are
    missing or not positive (R would return a missing or infinite expected count), reference
    values that do not fit the groups, unequal lengths or an unaccepted confidence. Unlike R,
    which always wants the same number of rows per group, that is only needed when the
    reference is given per band.
    """
    refvalue = float(refvalue)
    if not np.isfinite(refvalue):
        raise StatsInputError("refvalue", f"must be a finite number, got {refvalue!r}")
    return _indirect(
        x, n, x_ref, n_ref, groups, confidence, observed_totals, observed_groups, refvalue, None
    )


def isr_rate(
    x: ArrayLike | None,
    n: ArrayLike,
    x_ref: ArrayLike,
    n_ref: ArrayLike,
    groups: GroupKeys = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    *,
    observed_totals: ArrayLike | None = None,
    observed_groups: GroupKeys = None,
) -> ISRResult:
    """Indirectly standardised rate per group, per ``multiplier``.

    As :func:`isr_ratio`, with the reference rate R = ΣX_i / ΣN_i × multiplier (over the
    group's rows) in place of refvalue::

        value = O / E × R
        lower, upper = (limits of O) / E × R        (exact below 10 events, Byar's from 10)

    ``ref_rate`` holds R; ``statistic`` reads "indirectly standardised rate per {multiplier}".

    Source: Breslow & Day (1987); Armitage & Berry; PHE Technical Guide "Indirectly
    standardised rates"; PHEindicatormethods ``calculate_ISRate``.
    """
    multiplier = positive_number(multiplier, "multiplier")
    return _indirect(
        x, n, x_ref, n_ref, groups, confidence, observed_totals, observed_groups, None, multiplier
    )


# --- internals ------------------------------------------------------------------------------


def _indirect(
    x: ArrayLike | None,
    n: ArrayLike,
    x_ref: ArrayLike,
    n_ref: ArrayLike,
    groups: GroupKeys,
    confidence: Confidence,
    observed_totals: ArrayLike | None,
    observed_groups: GroupKeys,
    refvalue: float | None,
    multiplier: float | None,
) -> ISRResult:
    if x is None and observed_totals is None:
        raise StatsInputError("x", "give the observed events x, or observed_totals")
    if x is not None and observed_totals is not None:
        raise StatsInputError("x", "give either age-specific x or observed_totals, not both")
    named = {"n": n} if x is None else {"x": x, "n": n}
    arrays = numbers(**named)
    n_values = arrays[-1]
    non_negative(n_values, "n")
    levels, several = reference_levels(confidence)
    grouping = group_rows(groups, len(n_values))
    reference_events = _per_row(x_ref, "x_ref", grouping)
    reference_pop = _per_row(n_ref, "n_ref", grouping)
    non_negative(reference_events, "x_ref")
    not_missing(reference_pop, "n_ref")
    positive(reference_pop, "n_ref")
    reference_events = np.nan_to_num(reference_events, nan=0.0)

    if x is None:
        observed = _join_totals(observed_totals, observed_groups, groups, grouping)
    else:
        non_negative(arrays[0], "x")
        observed = grouping.sum(np.nan_to_num(arrays[0], nan=0.0))
    expected = grouping.sum(reference_events / reference_pop * np.nan_to_num(n_values, nan=0.0))
    if multiplier is None:
        ref_rate = None
        scale = np.full(grouping.size, refvalue)
        statistic = f"indirectly standardised ratio x {format_number(refvalue)}"
    else:
        ref_rate = grouping.sum(reference_events) / grouping.sum(reference_pop) * multiplier
        scale = ref_rate
        statistic = f"indirectly standardised rate per {format_number(multiplier)}"

    with np.errstate(divide="ignore", invalid="ignore"):
        value = observed / expected * scale

    def limits(level: float) -> tuple[FloatArray, FloatArray]:
        low, high = switched_limits(observed, level)
        with np.errstate(divide="ignore", invalid="ignore"):
            return low / expected * scale, high / expected * scale

    lower, upper = by_level(levels, several, limits)
    statistic_column = np.empty(grouping.size, dtype=object)
    statistic_column[:] = statistic
    return ISRResult(
        value=value,
        lower=lower,
        upper=upper,
        groups=grouping.keys,
        confidence=levels,
        statistic=statistic_column,
        method=count_method(observed),
        observed=observed,
        expected=expected,
        ref_rate=ref_rate,
        multiplier=multiplier,
        refvalue=refvalue,
    )


def _labels(values: ArrayLike | None, argument: str, length: int) -> np.ndarray | None:
    """Per-row labels (any comparable type) of the given length, or None."""
    if values is None:
        return None
    labels = np.asarray(values)
    if labels.ndim != 1 or len(labels) != length:
        raise StatsInputError(argument, f"must be one label per row ({length} rows)")
    return labels


def _position_in_group(grouping: Grouping) -> NDArray[np.intp]:
    """0-based position of each row within its group, in the order the rows were given."""
    order = np.argsort(grouping.index, kind="stable")
    starts = np.concatenate(([0], np.cumsum(grouping.count())[:-1]))
    position = np.empty(len(order), dtype=np.intp)
    position[order] = np.arange(len(order)) - starts[grouping.index[order]]
    return position


def _per_row(values: ArrayLike, argument: str, grouping: Grouping) -> FloatArray:
    """Values given per row, or per band and matched by row position within each group."""
    array = as_float_array(values, argument)
    rows = len(grouping.index)
    if len(array) == rows:
        return array
    counts = grouping.count()
    mismatch = np.flatnonzero(counts != len(array))
    if mismatch.size:
        group = mismatch[0]
        raise StatsInputError(
            argument,
            f"has {len(array)} values, neither one per row ({rows}) nor one per row of each "
            f"group (group {grouping.keys[group]!r} has {counts[group]} rows)",
        )
    return array[_position_in_group(grouping)]


def _standard_per_row(
    standard: Standard, bands: np.ndarray | None, grouping: Grouping
) -> FloatArray:
    """The standard population weight of each row (validated: present and not negative)."""
    if standard is None and bands is not None:
        standard = ESP2013_BY_BAND
    if standard is None:
        standard = ESP2013
    if isinstance(standard, Mapping):
        if bands is None:
            raise StatsInputError("bands", "needed to look up a standard population by band")
        labels, inverse = np.unique(bands, return_inverse=True)
        found = np.array([label in standard for label in labels.tolist()])
        if not found.all():
            row = first_row(~found[inverse.reshape(-1)])
            assert row is not None
            label = _plain(bands[row])
            known = ", ".join(map(str, list(standard)[:25]))
            raise StatsInputError(
                "bands",
                f"band {label!r} has no standard population (known bands: {known})",
                row,
                label,
            )
        per_label = np.array([standard[label] for label in labels.tolist()], dtype=np.float64)
        weights = per_label[inverse.reshape(-1)]
    else:
        weights = _per_row(standard, "standard", grouping)
    not_missing(weights, "standard")
    non_negative(weights, "standard")
    return weights


def _first_of_band(
    grouping: Grouping, bands: np.ndarray, n: FloatArray, weights: FloatArray
) -> NDArray[np.bool_]:
    """Mark the first row of each group x band; check n and the standard agree within it."""
    _, band_codes = np.unique(bands, return_inverse=True)
    cell = grouping.index.astype(np.int64) * (int(band_codes.max(initial=0)) + 1) + band_codes
    _, first_rows, cell_index = np.unique(cell, return_index=True, return_inverse=True)
    cell_index = cell_index.reshape(-1)
    for values, argument in ((n, "n"), (weights, "standard")):
        row = first_row(values != values[first_rows][cell_index])
        if row is not None:
            raise StatsInputError(
                argument,
                "must be the same on every event-frequency row of a group's age band "
                f"(band {_plain(bands[row])!r})",
                row,
                float(values[row]),
            )
    first = np.zeros(len(bands), dtype=bool)
    first[first_rows] = True
    return first


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds (for readable error messages)."""
    return value.item() if isinstance(value, np.generic) else value


def _sum_where(grouping: Grouping, values: FloatArray, mask: NDArray[np.bool_]) -> FloatArray:
    return np.bincount(grouping.index[mask], weights=values[mask], minlength=grouping.size)


def _key_columns(keys: GroupKeys) -> list[np.ndarray]:
    if isinstance(keys, (list, tuple)) and keys and np.ndim(keys[0]) == 1:
        return [np.asarray(column) for column in keys]
    return [np.asarray(keys)]


def _join_totals(
    totals: ArrayLike,
    total_groups: GroupKeys,
    groups: GroupKeys,
    grouping: Grouping,
) -> FloatArray:
    """Observed totals matched to the result groups by key (left join; missing -> NaN)."""
    values = as_float_array(totals, "observed_totals")
    non_negative(values, "observed_totals")
    if groups is None:
        if total_groups is not None or len(values) != 1:
            raise StatsInputError(
                "observed_totals", "ungrouped data take one observed total and no observed_groups"
            )
        return values.copy()
    if total_groups is None:
        raise StatsInputError("observed_groups", "needed to match observed_totals to the groups")
    data_columns = _key_columns(groups)
    total_columns = _key_columns(total_groups)
    if len(data_columns) != len(total_columns):
        raise StatsInputError(
            "observed_groups",
            f"must have the same key columns as groups ({len(data_columns)} columns)",
        )
    for column in total_columns:
        if column.ndim != 1 or len(column) != len(values):
            raise StatsInputError(
                "observed_groups", f"must give one key per observed total ({len(values)})"
            )
    rows = len(grouping.index)
    combined = [
        np.concatenate([data, total])
        for data, total in zip(data_columns, total_columns, strict=True)
    ]
    joint = group_rows(combined if len(combined) > 1 else combined[0], len(combined[0]))
    data_codes, total_codes = joint.index[:rows], joint.index[rows:]
    _, first_rows = np.unique(total_codes, return_index=True)
    repeated = np.ones(len(total_codes), dtype=bool)
    repeated[first_rows] = False
    row = first_row(repeated)
    if row is not None:
        key = tuple(_plain(column[row]) for column in total_columns)
        raise StatsInputError(
            "observed_groups",
            "has the same group twice",
            row,
            key[0] if len(key) == 1 else key,
        )
    lookup = np.full(joint.size, np.nan)
    lookup[total_codes] = values
    group_codes = np.empty(grouping.size, dtype=np.intp)
    group_codes[grouping.index] = data_codes
    return lookup[group_codes]
