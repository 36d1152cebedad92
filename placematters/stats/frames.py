"""A thin pandas face over the array functions, shaped like PHEindicatormethods' outputs.

Each ``frame_*`` function takes a DataFrame and column names, calls the array function, and
returns a DataFrame with the reference's column names: the group columns (or, for row-wise
proportions and rates, the input columns), the reference's extra numbers (e.g. ``total_count``),
``value``, ``lowercl``/``uppercl`` for one confidence level or ``lower95_0cl``, ``upper95_0cl``,
``lower99_8cl``, ``upper99_8cl`` ... for several, then ``confidence``, ``statistic`` and
``method``. ``type`` chooses the columns as in the reference: "full" (default: numbers and
metadata), "standard" (numbers only), "value", "lower" or "upper".

All arithmetic happens in the array functions; this module only reshapes. Group columns are
factorised (sorted, missing keys kept as a group of their own) so any hashable key type works.

The inequality functions keep their own reference shapes: ``frame_sii`` (``phe_sii``: ``sii``,
``rii``, ``sii_lower95_0cl`` ..., ``intercept``, ``indicator_type`` ... ``CI_method``),
``frame_quantile`` (``phe_quantile``: the input plus ``quantile``, ``nquantiles``, ``groupvars``,
``qinverted``) and the funnel functions (``calculate_funnel_limits``,
``assign_funnel_significance``, ``calculate_funnel_points``).

The WHO HEAT measures and the XmR chart have one face each: ``frame_heat`` (one row per group:
``healthequal``'s ``measure``, ``estimate``, ``se``, ``lowerci``, ``upperci``) and ``frame_xmr``
(the input rows in time order with the chart's columns, named as ``XmRResult``'s attributes).
"""

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from placematters.stats.errors import StatsInputError
from placematters.stats.funnel import (
    SIGNIFICANCE_LABELS,
    funnel_limits,
    funnel_points,
    funnel_significance,
)
from placematters.stats.heat import (
    InequalityResult,
    heat_aci,
    heat_bgsd,
    heat_bgv,
    heat_cov,
    heat_difference,
    heat_idis,
    heat_mdb,
    heat_mdm,
    heat_mdr,
    heat_mld,
    heat_paf,
    heat_par,
    heat_ratio,
    heat_rci,
    heat_rii,
    heat_sii,
    heat_theil,
)
from placematters.stats.indicators import mean, proportion, rate
from placematters.stats.inequality import SIIResult, sii
from placematters.stats.intervals import Confidence
from placematters.stats.life_expectancy import AGE_BANDS, life_expectancy
from placematters.stats.quantiles import quantiles
from placematters.stats.results import IndicatorResult, confidence_label, level_suffix
from placematters.stats.spc import Improvement, xmr
from placematters.stats.standardisation import dsr, isr_rate, isr_ratio

__all__ = [
    "frame_dsr",
    "frame_funnel_limits",
    "frame_funnel_points",
    "frame_funnel_significance",
    "frame_heat",
    "frame_isr_rate",
    "frame_isr_ratio",
    "frame_life_expectancy",
    "frame_mean",
    "frame_proportion",
    "frame_quantile",
    "frame_rate",
    "frame_sii",
    "frame_xmr",
]

GroupBy = str | Sequence[str] | None
TYPES = ("full", "standard", "value", "lower", "upper")


def frame_proportion(
    df: pd.DataFrame,
    x: str = "x",
    n: str = "n",
    group_by: GroupBy = None,
    confidence: Confidence | None = 0.95,
    multiplier: float = 1,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.indicators.proportion` on DataFrame columns.

    Without ``group_by``: the input rows with the result columns appended (``phe_proportion`` on
    ungrouped data). With it: one row per group with the summed ``x`` and ``n`` columns.
    ``confidence=None`` gives only ``value`` and ``statistic``.
    """
    _check(df, type, x, n, *_names(group_by))
    keys = _Keys(df, group_by)
    result = proportion(_column(df, x), _column(df, n), keys.groups, confidence, multiplier)
    totals = {x: result.numerator, n: result.denominator}
    return _assemble(df, keys, result, totals, type)


def frame_rate(
    df: pd.DataFrame,
    x: str = "x",
    n: str = "n",
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.indicators.rate` on DataFrame columns (as ``phe_rate``)."""
    _check(df, type, x, n, *_names(group_by))
    keys = _Keys(df, group_by)
    result = rate(_column(df, x), _column(df, n), keys.groups, confidence, multiplier)
    totals = {x: result.numerator, n: result.denominator}
    return _assemble(df, keys, result, totals, type)


def frame_mean(
    df: pd.DataFrame,
    x: str = "x",
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.indicators.mean` per group (as ``phe_mean``)."""
    _check(df, type, x, *_names(group_by))
    keys = _Keys(df, group_by, aggregate=True)
    result = mean(_column(df, x), keys.groups, confidence)
    extra = {
        "value_sum": result.value_sum,
        "value_count": result.value_count,
        "stdev": result.stdev,
    }
    return _assemble(df, keys, result, extra, type)


def frame_dsr(
    df: pd.DataFrame,
    x: str = "x",
    n: str = "n",
    standard: str | Sequence[float] | Mapping[Any, float] | None = None,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    type: str = "full",
    *,
    age_band: str | None = None,
    event_frequency: str | None = None,
) -> pd.DataFrame:
    """:func:`~placematters.stats.standardisation.dsr` per group (as ``calculate_dsr``).

    ``standard`` is a column name, a sequence of weights per band (matched by position within
    each group), a mapping band -> weight (with ``age_band``), or None for ESP 2013 (by the
    ``age_band`` labels if given, else by position). ``event_frequency`` (a column) switches on
    the adjustment for non-independent events; it needs ``age_band``.
    """
    columns = [x, n, *_names(group_by)]
    columns += [name for name in (age_band, event_frequency) if name is not None]
    if isinstance(standard, str):
        columns.append(standard)
    _check(df, type, *columns)
    keys = _Keys(df, group_by, aggregate=True)
    result = dsr(
        _column(df, x),
        _column(df, n),
        _column(df, standard) if isinstance(standard, str) else standard,
        keys.groups,
        confidence,
        multiplier,
        bands=None if age_band is None else df[age_band].to_numpy(),
        event_frequency=None if event_frequency is None else _column(df, event_frequency),
    )
    extra = {"total_count": result.total_count, "total_pop": result.total_pop}
    return _assemble(df, keys, result, extra, type)


def frame_isr_ratio(
    df: pd.DataFrame,
    x: str = "x",
    n: str = "n",
    x_ref: str | Sequence[float] = "x_ref",
    n_ref: str | Sequence[float] = "n_ref",
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    refvalue: float = 1,
    type: str = "full",
    *,
    observed_totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`~placematters.stats.standardisation.isr_ratio` per group (``calculate_ISRatio``).

    ``x_ref``/``n_ref`` are column names, or sequences of one value per band (matched by row
    position within each group). With ``observed_totals`` (a DataFrame holding the group columns
    and ``x``), observed events come from it instead of ``df``.
    """
    return _frame_isr(
        df, x, n, x_ref, n_ref, group_by, confidence, type, observed_totals, refvalue, None
    )


def frame_isr_rate(
    df: pd.DataFrame,
    x: str = "x",
    n: str = "n",
    x_ref: str | Sequence[float] = "x_ref",
    n_ref: str | Sequence[float] = "n_ref",
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    type: str = "full",
    *,
    observed_totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`~placematters.stats.standardisation.isr_rate` per group (``calculate_ISRate``)."""
    return _frame_isr(
        df, x, n, x_ref, n_ref, group_by, confidence, type, observed_totals, None, multiplier
    )


def frame_life_expectancy(
    df: pd.DataFrame,
    deaths: str = "deaths",
    population: str = "population",
    start_age: str = "startage",
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    le_age: int | str | Sequence[int | str] = "all",
    age_contents: Sequence[int | str] = AGE_BANDS,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.life_expectancy.life_expectancy` (``phe_life_expectancy``).

    One row per group and age band (``le_age`` "all" by default, as in the reference), with the
    band label in the ``start_age`` column, limits named ``lowercl``/``uppercl`` or
    ``lower95_0cl``, ``lower99_8cl``, ..., ``upper95_0cl``, ... and ``pops_used``/``dths_used``.
    ``type`` is "full" or "standard" (no ``pops_used``, ``dths_used`` or metadata).
    """
    if type not in ("full", "standard"):
        raise StatsInputError("type", f"must be 'full' or 'standard', got {type!r}")
    _check(df, type, deaths, population, start_age, *_names(group_by))
    keys = _Keys(df, group_by, aggregate=True)
    result = life_expectancy(
        _column(df, deaths),
        _column(df, population),
        df[start_age].to_numpy(),
        keys.groups,
        confidence,
        le_age,
        age_contents=age_contents,
    )
    frame = keys.frame(result.groups)
    frame[start_age] = result.start_age
    frame["value"] = result.value
    lowers, uppers = _limit_columns(result)
    frame = frame.assign(**lowers, **uppers)
    if type == "full":
        frame["pops_used"] = result.pops_used
        frame["dths_used"] = result.dths_used
        _metadata(frame, result)
    return frame


# --- internals ------------------------------------------------------------------------------


def _frame_isr(
    df: pd.DataFrame,
    x: str,
    n: str,
    x_ref: str | Sequence[float],
    n_ref: str | Sequence[float],
    group_by: GroupBy,
    confidence: Confidence,
    type: str,
    observed_totals: pd.DataFrame | None,
    refvalue: float | None,
    multiplier: float | None,
) -> pd.DataFrame:
    needed = [n, *_names(group_by)] + [name for name in (x_ref, n_ref) if isinstance(name, str)]
    if observed_totals is None:
        needed.append(x)
    _check(df, type, *needed)
    keys = _Keys(df, group_by, aggregate=True)
    reference = {
        "x_ref": _column(df, x_ref) if isinstance(x_ref, str) else x_ref,
        "n_ref": _column(df, n_ref) if isinstance(n_ref, str) else n_ref,
    }
    observed: dict[str, Any] = {}
    if observed_totals is None:
        observed["x"] = _column(df, x)
    else:
        _check(observed_totals, type, x, *_names(group_by))
        observed["x"] = None
        observed["observed_totals"] = _column(observed_totals, x)
        observed["observed_groups"] = keys.encode(observed_totals)
    function: Callable[..., IndicatorResult]
    if multiplier is None:
        function, scale = isr_ratio, {"refvalue": refvalue}
    else:
        function, scale = isr_rate, {"multiplier": multiplier}
    result = function(
        n=_column(df, n),
        groups=keys.groups,
        confidence=confidence,
        **reference,
        **observed,
        **scale,
    )
    extra = {"observed": result.observed, "expected": result.expected}  # type: ignore[attr-defined]
    if multiplier is not None:
        extra["ref_rate"] = result.ref_rate  # type: ignore[attr-defined]
    return _assemble(df, keys, result, extra, type)


class _Keys:
    """Group columns factorised to sorted integer codes, and decoded back to columns."""

    def __init__(self, df: pd.DataFrame, group_by: GroupBy, aggregate: bool = False):
        self.names = _names(group_by)
        self.aggregate = aggregate or bool(self.names)
        self.uniques: list[pd.Index] = []
        codes = []
        for name in self.names:
            code, unique = pd.factorize(df[name], sort=True, use_na_sentinel=False)
            codes.append(code)
            self.uniques.append(unique)
        self.groups: Any = None
        if len(codes) == 1:
            self.groups = codes[0]
        elif codes:
            self.groups = codes

    def encode(self, other: pd.DataFrame) -> Any:
        """Codes of another table's group columns (unknown keys get codes past the known ones)."""
        codes = []
        for name, unique in zip(self.names, self.uniques, strict=True):
            code = unique.get_indexer(other[name])
            missing = code < 0
            if missing.any():
                extra, _ = pd.factorize(other[name][missing], use_na_sentinel=False)
                code[missing] = len(unique) + extra
            codes.append(code)
        return codes[0] if len(codes) == 1 else codes

    def frame(self, groups: np.ndarray) -> pd.DataFrame:
        """The group columns of the result rows, decoded."""
        columns = {}
        for i, (name, unique) in enumerate(zip(self.names, self.uniques, strict=True)):
            codes = groups if len(self.names) == 1 else groups[f"f{i}"]
            columns[name] = unique.take(np.asarray(codes, dtype=np.intp)).to_numpy()
        return pd.DataFrame(columns, index=pd.RangeIndex(len(groups)))


def _names(group_by: GroupBy) -> list[str]:
    if group_by is None:
        return []
    if isinstance(group_by, str):
        return [group_by]
    return list(group_by)


def _check(df: pd.DataFrame, type: str, *columns: str) -> None:
    if type not in TYPES:
        raise StatsInputError("type", f"must be one of {', '.join(TYPES)}, got {type!r}")
    missing = [name for name in columns if name not in df.columns]
    if missing:
        raise StatsInputError(
            missing[0], f"is not a column of the data (columns: {', '.join(map(str, df.columns))})"
        )


def _column(df: pd.DataFrame, name: str) -> np.ndarray:
    """A numeric column as float64 (nullable missing values become NaN)."""
    try:
        return df[name].to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        raise StatsInputError(name, "must be a column of numbers") from None


def _limit_columns(result: IndicatorResult) -> tuple[dict[str, Any], dict[str, Any]]:
    lower, upper = result.lower, result.upper
    if lower is None or upper is None:
        return {}, {}
    if isinstance(lower, dict) and isinstance(upper, dict):
        return (
            {f"lower{level_suffix(level)}cl": lower[level] for level in lower},
            {f"upper{level_suffix(level)}cl": upper[level] for level in upper},
        )
    return {"lowercl": lower}, {"uppercl": upper}


def _metadata(frame: pd.DataFrame, result: IndicatorResult) -> None:
    if result.confidence:
        frame["confidence"] = result.confidence_label
    frame["statistic"] = result.statistic
    if result.confidence:
        frame["method"] = result.method


def _assemble(
    df: pd.DataFrame,
    keys: _Keys,
    result: IndicatorResult,
    extra: dict[str, Any],
    type: str,
) -> pd.DataFrame:
    """Group columns (or the input rows) + extra numbers + value + limits + metadata."""
    if keys.aggregate:
        frame = keys.frame(result.groups)
        if type in ("full", "standard"):
            for name, values in extra.items():
                frame[name] = values
    else:
        frame = df.copy()
    if type in ("full", "standard", "value"):
        frame["value"] = result.value
    lowers, uppers = _limit_columns(result)
    if type in ("full", "standard", "lower", "upper"):
        paired = {}
        for (low_name, low), (high_name, high) in zip(lowers.items(), uppers.items(), strict=True):
            if type != "upper":
                paired[low_name] = low
            if type != "lower":
                paired[high_name] = high
        frame = frame.assign(**paired) if paired else frame
    if type == "full":
        _metadata(frame, result)
    return frame


# --- inequality: SII/RII, quantiles and funnel plots ----------------------------------------

#: ``qinverted`` text of ``phe_quantile`` for inverted (True) and plain (False) quantiles.
QUANTILE_DIRECTION = {
    True: "lowest quantile represents highest values",
    False: "lowest quantile represents lowest values",
}
#: The funnel lines in the reference's column order (each line's extra column before its limit).
_FUNNEL_LINES = ("lower_2s", "upper_2s", "lower_3s", "upper_3s")


def frame_sii(
    df: pd.DataFrame,
    quantile: str,
    population: str,
    value: str | None = None,
    *,
    group_by: GroupBy = None,
    se: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    x: str | None = None,
    value_type: int = 0,
    transform: bool = False,
    multiplier: float = 1,
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    seed: int | np.random.SeedSequence | None = None,
    rii: bool = False,
    intercept: bool = False,
    reliability_stat: bool = False,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.inequality.sii` per group (as ``phe_sii``).

    One row per group that has every quantile (others are dropped with a
    :class:`~placematters.stats.inequality.DroppedGroupsWarning`), in sorted key order: the group
    columns, ``sii``, ``rii`` (with ``rii``), the limits, ``sii_mad95_0`` ... and ``rii_mad95_0``
    ... (with ``reliability_stat``), ``intercept`` (with ``intercept``) and, for ``type="full"``,
    ``indicator_type``, ``multiplier``, ``transform``, ``CI_confidence`` and ``CI_method``.

    Limits are named as the reference names them: ``sii_lower95_0cl``, ``sii_upper95_0cl`` for
    each level, then ``rii_lower95_0cl`` ...; with ``transform=True`` without the ``cl`` suffix
    and level by level (``sii_lower95_0``, ``sii_upper95_0``, ``rii_lower95_0``,
    ``rii_upper95_0``, then the next level). ``se``, ``lower``, ``upper`` and ``x`` are column
    names; ``lower``/``upper`` hold **95%** limits. ``type`` is "full" or "standard" (no
    metadata).
    """
    if type not in ("full", "standard"):
        raise StatsInputError("type", f"must be 'full' or 'standard', got {type!r}")
    optional = [name for name in (value, se, lower, upper, x) if name is not None]
    _check(df, type, quantile, population, *optional, *_names(group_by))
    keys = _Keys(df, group_by, aggregate=True)
    result = sii(
        _labels(df, quantile),
        _column(df, population),
        _optional_column(df, value),
        keys.groups,
        se=_optional_column(df, se),
        lower=_optional_column(df, lower),
        upper=_optional_column(df, upper),
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        confidence=confidence,
        repetitions=repetitions,
        seed=seed,
        rii=rii,
        x=_optional_column(df, x),
        reliability_stat=reliability_stat,
    )
    frame = keys.frame(result.groups)
    frame["sii"] = result.sii
    if rii:
        frame["rii"] = result.rii
    frame = frame.assign(**_sii_limit_columns(result, rii))
    if reliability_stat:
        mads = {"sii": result.sii_mad, "rii": result.rii_mad if rii else None}
        frame = frame.assign(
            **{
                f"{measure}_mad{level_suffix(level)}": values
                for measure, by_level in mads.items()
                if by_level is not None
                for level, values in zip(
                    result.confidence, _per_level(by_level, result.confidence), strict=True
                )
            }
        )
    if intercept:
        frame["intercept"] = result.intercept
    if type == "full":
        frame["indicator_type"] = result.indicator_type
        frame["multiplier"] = result.multiplier
        frame["transform"] = result.transform
        frame["CI_confidence"] = confidence_label(result.confidence)
        frame["CI_method"] = f"simulation {_r_whole_number(result.repetitions)} reps"
    return frame


def frame_quantile(
    df: pd.DataFrame,
    values: str,
    *,
    group_by: GroupBy = None,
    nquantiles: int = 10,
    invert: bool | str = True,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.quantiles.quantiles` within groups (as ``phe_quantile``).

    The input rows (index and columns kept) with ``quantile`` appended (NaN for missing values
    and for groups with too few values) and, for ``type="full"``, ``nquantiles``, ``groupvars``
    (the group column names joined by ", ", "" without groups) and ``qinverted``. ``invert`` is
    True/False for every row, or the name of a boolean column that is constant within each group
    (the reference's ``inverttype = "field"``).
    """
    if type not in ("full", "standard"):
        raise StatsInputError("type", f"must be 'full' or 'standard', got {type!r}")
    by_column = isinstance(invert, str)
    _check(df, type, values, *_names(group_by), *([invert] if by_column else []))
    keys = _Keys(df, group_by)
    invert_rows = _booleans(df, invert) if isinstance(invert, str) else invert
    assigned = quantiles(_column(df, values), keys.groups, n=nquantiles, invert=invert_rows)
    frame = df.copy()
    frame["quantile"] = assigned
    if type == "full":
        frame["nquantiles"] = nquantiles
        frame["groupvars"] = ", ".join(map(str, keys.names))
        frame["qinverted"] = (
            np.where(invert_rows, QUANTILE_DIRECTION[True], QUANTILE_DIRECTION[False])
            if by_column
            else QUANTILE_DIRECTION[bool(invert)]
        )
    return frame


def frame_funnel_limits(
    df: pd.DataFrame,
    numerator: str,
    denominator: str | None = None,
    statistic: str = "proportion",
    *,
    rate: str | None = None,
    multiplier: float = 100,
    ratio_type: str | None = None,
    rate_type: str | None = None,
    years_of_data: float | None = None,
    type: str = "full",
) -> pd.DataFrame:
    """:func:`~placematters.stats.funnel.funnel_limits` as ``calculate_funnel_limits``'s table.

    100 rows (not the input's): the axis (``Population``, ``Observed_events`` or ``Events``),
    then for each line ``lower_2s``, ``upper_2s``, ``lower_3s``, ``upper_3s`` its
    ``*_exp_events`` (ratios) or ``*_population_1_year`` (rates) and its ``*_limit``, then
    ``baseline`` (proportions and rates) and, for ``type="full"``, ``statistic`` and ``method``.
    One funnel is drawn over all rows, as in the reference (no groups).
    """
    if type not in ("full", "standard"):
        raise StatsInputError("type", f"must be 'full' or 'standard', got {type!r}")
    _check(df, type, numerator, *[name for name in (denominator, rate) if name is not None])
    result = funnel_limits(
        _column(df, numerator),
        _optional_column(df, denominator),
        statistic,
        rate=_optional_column(df, rate),
        multiplier=multiplier,
        ratio_type=ratio_type,
        rate_type=rate_type,
        years_of_data=years_of_data,
    )
    table = result.columns()
    columns = {result.axis_name: table[result.axis_name]}
    for line in _FUNNEL_LINES:
        for extra in (f"{line}_exp_events", f"{line}_population_1_year"):
            if extra in table:
                columns[extra] = table[extra]
        columns[f"{line}_limit"] = table[f"{line}_limit"]
    if "baseline" in table:
        columns["baseline"] = table["baseline"]
    frame = pd.DataFrame(columns)
    if type == "full":
        frame["statistic"] = result.statistic
        frame["method"] = result.method
    return frame


def frame_funnel_significance(
    df: pd.DataFrame,
    numerator: str,
    denominator: str | None = None,
    statistic: str = "proportion",
    *,
    rate: str | None = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> pd.DataFrame:
    """:func:`~placematters.stats.funnel.funnel_significance` (``assign_funnel_significance``).

    The input rows with ``significance`` appended, a categorical with the reference's factor
    levels (the five significance labels, plus "Not applicable for events less than 10 for
    dsrs" for rates).
    """
    _check(df, "full", numerator, *[name for name in (denominator, rate) if name is not None])
    labels = funnel_significance(
        _column(df, numerator),
        _optional_column(df, denominator),
        statistic,
        rate=_optional_column(df, rate),
        rate_type=rate_type,
        multiplier=multiplier,
    )
    levels = SIGNIFICANCE_LABELS if statistic == "rate" else SIGNIFICANCE_LABELS[:5]
    frame = df.copy()
    frame["significance"] = pd.Categorical(labels, categories=levels)
    return frame


def frame_funnel_points(
    df: pd.DataFrame,
    numerator: str,
    rate: str,
    rate_type: str,
    denominator: str | None = None,
    multiplier: float = 100_000,
    years_of_data: float = 1,
) -> pd.DataFrame:
    """:func:`~placematters.stats.funnel.funnel_points` (``calculate_funnel_points``).

    The input rows with ``<rate>_chart`` (e.g. ``dsr_chart``, named after the rate column) and
    ``denominator_derived`` appended.
    """
    _check(df, "full", numerator, rate, *([denominator] if denominator is not None else []))
    points = funnel_points(
        _column(df, numerator),
        _column(df, rate),
        rate_type,
        _optional_column(df, denominator),
        multiplier,
        years_of_data,
    )
    frame = df.copy()
    frame[f"{rate}_chart"] = points.rate_chart
    frame["denominator_derived"] = points.denominator_derived
    return frame


def _optional_column(df: pd.DataFrame, name: str | None) -> np.ndarray | None:
    return None if name is None else _column(df, name)


def _booleans(df: pd.DataFrame, name: str) -> np.ndarray:
    """A column of True/False values (0/1 accepted) as a bool array; missing values refused."""
    column = df[name]
    if column.dtype == bool:
        return column.to_numpy()
    bad = (column.isna() | ~column.isin([True, False])).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = column.iloc[row]
        raise StatsInputError(
            name,
            "must be a column of True/False values, not missing",
            row,
            None if pd.isna(value) else value,
        )
    return column.to_numpy(dtype=bool)


def _labels(df: pd.DataFrame, name: str) -> np.ndarray:
    """Quantile labels: numbers as float64 (missing = NaN), anything else as objects (None)."""
    column = df[name]
    if pd.api.types.is_numeric_dtype(column.dtype) and column.dtype != bool:
        return _column(df, name)
    return column.to_numpy(dtype=object, na_value=None)


def _per_level(limits: Any, levels: tuple[float, ...]) -> list[np.ndarray]:
    """One array per confidence level from an array (one level) or a dict keyed by level."""
    if isinstance(limits, dict):
        return [limits[level] for level in levels]
    return [limits]


def _sii_limit_columns(result: SIIResult, rii: bool) -> dict[str, np.ndarray]:
    """The reference's limit columns, in its order (see :func:`frame_sii`)."""
    measures = [("sii", result.sii_lower, result.sii_upper)]
    if rii:
        measures.append(("rii", result.rii_lower, result.rii_upper))
    levels = result.confidence
    transformed = result.transform != "none"
    tag = "" if transformed else "cl"
    named = {}
    for measure, lower, upper in measures:
        for level, low, high in zip(
            levels, _per_level(lower, levels), _per_level(upper, levels), strict=True
        ):
            named[(level, measure)] = {
                f"{measure}_lower{level_suffix(level)}{tag}": low,
                f"{measure}_upper{level_suffix(level)}{tag}": high,
            }
    # Without transform the reference lists every level of the SII, then of the RII; with it,
    # it builds the limits level by level (SII then RII within each level).
    if transformed:
        order = [(level, measure) for level in levels for measure, _, _ in measures]
    else:
        order = [(level, measure) for measure, _, _ in measures for level in levels]
    return {name: values for key in order for name, values in named[key].items()}


def _r_whole_number(number: int) -> str:
    """A whole number as R's ``paste0`` writes a double: 1e+05 for 100000, 1000 for 1000.

    R prints fixed notation unless scientific is shorter (default ``scipen = 0``).
    """
    fixed = str(int(number))
    digits = fixed.lstrip("-")
    significant = digits.rstrip("0") or "0"
    mantissa = significant[0] + (f".{significant[1:]}" if len(significant) > 1 else "")
    sign = "-" if fixed.startswith("-") else ""
    scientific = f"{sign}{mantissa}e+{len(digits) - 1:02d}"
    return fixed if len(fixed) <= len(scientific) else scientific


# --- WHO HEAT summary measures and XmR charts -----------------------------------------------

#: ``healthequal``'s measure names: the array function and the options the name fixes.
HEAT_MEASURES: dict[str, tuple[Callable[..., InequalityResult], dict[str, Any]]] = {
    "d": (heat_difference, {}),
    "r": (heat_ratio, {}),
    "parisk": (heat_par, {}),
    "paf": (heat_paf, {}),
    "bgv": (heat_bgv, {}),
    "bgsd": (heat_bgsd, {}),
    "covar": (heat_cov, {}),
    "mdmu": (heat_mdm, {"weighted": False}),
    "mdmw": (heat_mdm, {"weighted": True}),
    "mdbu": (heat_mdb, {"weighted": False}),
    "mdbw": (heat_mdb, {"weighted": True}),
    "mdru": (heat_mdr, {"weighted": False}),
    "mdrw": (heat_mdr, {"weighted": True}),
    "idisu": (heat_idis, {"weighted": False}),
    "idisw": (heat_idis, {"weighted": True}),
    "ti": (heat_theil, {}),
    "mld": (heat_mld, {}),
    "aci": (heat_aci, {}),
    "rci": (heat_rci, {}),
    "sii": (heat_sii, {}),
    "rii": (heat_rii, {}),
}
#: The arguments of the HEAT functions that ``frame_heat`` fills from columns (or constants).
_HEAT_INPUTS = (
    "se",
    "population",
    "subgroup_order",
    "reference",
    "setting_average",
    "favourable",
    "scale",
)
#: The XmR chart's per-point columns (``XmRResult`` attributes), then its per-group ones.
XMR_POINT_COLUMNS = (
    "segment",
    "mean",
    "moving_range",
    "mean_moving_range",
    "upper_limit",
    "lower_limit",
    "upper_two_sigma",
    "lower_two_sigma",
    "beyond_limits",
    "run",
    "trend",
    "two_of_three",
    "special_cause",
    "high",
    "low",
    "variation",
)
XMR_GROUP_COLUMNS = ("assurance", "latest_variation")

ColumnOrValue = str | float | Sequence[float] | None


def frame_heat(
    df: pd.DataFrame,
    measure: str,
    estimate: str,
    *,
    group_by: GroupBy = None,
    se: str | None = None,
    population: str | None = None,
    subgroup_order: str | None = None,
    reference: ColumnOrValue = None,
    setting_average: ColumnOrValue = None,
    favourable: ColumnOrValue = None,
    scale: ColumnOrValue = None,
    confidence: float = 0.95,
    **options: Any,
) -> pd.DataFrame:
    """A WHO HEAT summary measure per group, as ``healthequal``'s output table.

    ``measure`` is ``healthequal``'s name: "d", "r", "parisk", "paf", "bgv", "bgsd", "covar",
    "mdmu", "mdmw", "mdbu", "mdbw", "mdru", "mdrw", "idisu", "idisw", "ti", "mld", "aci",
    "rci", "sii" or "rii" (the final u/w of the mean differences and IDIS chooses
    ``weighted``). The input has one row per subgroup; ``estimate``, ``se``, ``population`` and
    ``subgroup_order`` name columns, and ``reference``, ``setting_average``, ``favourable`` and
    ``scale`` name a column or (anything but a string) are passed to the array function as
    they are, e.g. ``favourable=True`` or ``scale=100``. Arguments the measure does not use are
    ignored, so one set of arguments serves every measure (HEAT computes them all from one
    table). ``options`` go to the array function (``seed``, ``simulations``, ``drop_missing``,
    ``bounds``, ``normalisation``, ``model``); ``linear=True`` is ``healthequal``'s spelling of
    ``model="linear"`` for "sii" and "rii".

    One row per group (sorted keys; without ``group_by``, one row): the group columns,
    ``measure`` (``healthequal``'s label: "par" for "parisk", "cov" for "covar"), ``estimate``,
    ``se`` (missing for the simulated measures), ``lowerci`` and ``upperci``. The SII's ``se``
    is on the estimate's scale, as the array function gives it (``healthequal`` divides it by
    the indicator scale). Errors name the column and the row's position in ``df``.
    """
    if measure not in HEAT_MEASURES:
        raise StatsInputError("measure", f"must be one of {', '.join(HEAT_MEASURES)}")
    function, fixed = HEAT_MEASURES[measure]
    given = {
        "se": se,
        "population": population,
        "subgroup_order": subgroup_order,
        "reference": reference,
        "setting_average": setting_average,
        "favourable": favourable,
        "scale": scale,
    }
    named = {"estimate": estimate} | {
        argument: name for argument, name in given.items() if isinstance(name, str)
    }
    _check(df, "full", *named.values(), *_names(group_by))
    keys = _Keys(df, group_by, aggregate=True)
    accepted = inspect.signature(function).parameters
    arguments = {
        argument: _column(df, value) if isinstance(value, str) else value
        for argument, value in given.items()
        if value is not None and argument in accepted
    }
    for argument in _HEAT_INPUTS:
        needed = argument in accepted and accepted[argument].default is inspect.Parameter.empty
        if needed and argument not in arguments:
            raise StatsInputError(argument, f"is required for {measure}")
    arguments |= _heat_options(measure, function, fixed, options)
    try:
        result = function(
            _column(df, estimate), groups=keys.groups, confidence=confidence, **arguments
        )
    except StatsInputError as error:
        raise _in_frame_terms(error, named) from None
    frame = keys.frame(result.groups)
    frame["measure"] = result.measure
    frame["estimate"] = result.estimate
    frame["se"] = result.se
    frame["lowerci"] = result.lower
    frame["upperci"] = result.upper
    return frame


def frame_xmr(
    df: pd.DataFrame,
    value: str,
    *,
    group_by: GroupBy = None,
    order_by: str | Sequence[str] | None = None,
    rebase_at: str | None = None,
    improvement: Improvement = None,
    target: str | float | None = None,
    run_length: int = 7,
    trend_length: int = 6,
    baseline: int | None = None,
    screen_moving_ranges: bool = False,
) -> pd.DataFrame:
    """:func:`~placematters.stats.spc.xmr` on a DataFrame: one chart per group.

    Returns the input rows (index and columns kept), sorted by the group columns and then by
    ``order_by`` (one or more columns giving the time order; without it each group keeps the
    input's row order), with ``segment``, ``mean`` (centre line), ``moving_range``,
    ``mean_moving_range``, ``upper_limit``, ``lower_limit``, ``upper_two_sigma``,
    ``lower_two_sigma``, the rule flags ``beyond_limits``, ``run``, ``trend`` and
    ``two_of_three``, ``special_cause``, ``high``, ``low`` and ``variation`` appended, then the
    group's ``assurance`` and ``latest_variation`` repeated on each of its rows.

    ``rebase_at`` names a column of True/False values marking the first point of a new segment
    (in time order). ``target`` is a column (the group's latest row is judged) or one number.
    ``order_by`` values must be present and must not repeat within a group. Errors name the
    column and the row's position in ``df``.
    """
    orders = _names(order_by)
    named = {"values": value} | ({"target": target} if isinstance(target, str) else {})
    optional = [rebase_at] if rebase_at is not None else []
    _check(df, "full", *named.values(), *_names(group_by), *orders, *optional)
    if not (target is None or isinstance(target, str) or np.ndim(target) == 0):
        raise StatsInputError("target", "give a column name or one number")
    keys = _Keys(df, group_by)
    codes = [] if keys.groups is None else _code_list(keys.groups)
    rows = _time_order(df, codes, orders)
    sorted_codes = [code[rows] for code in codes]
    try:
        result = xmr(
            _column(df, value)[rows],
            rebase_at=None if rebase_at is None else np.flatnonzero(_booleans(df, rebase_at)[rows]),
            improvement=improvement,
            target=_column(df, target)[rows] if isinstance(target, str) else target,
            run_length=run_length,
            trend_length=trend_length,
            baseline=baseline,
            screen_moving_ranges=screen_moving_ranges,
            groups=_group_argument(sorted_codes),
        )
    except StatsInputError as error:
        raise _in_frame_terms(error, named, rows) from None
    frame = df.iloc[rows].copy()
    for name in XMR_POINT_COLUMNS:
        frame[name] = getattr(result, name)
    group = _group_positions(sorted_codes, len(rows))
    for name in XMR_GROUP_COLUMNS:
        frame[name] = getattr(result, name)[group]
    return frame


def _heat_options(
    measure: str,
    function: Callable[..., InequalityResult],
    fixed: dict[str, Any],
    options: dict[str, Any],
) -> dict[str, Any]:
    """The measure's fixed options plus the caller's, checked against the function's own."""
    options = dict(options)
    known = [
        name
        for name in inspect.signature(function).parameters
        if name not in ("estimate", "groups", "confidence", *_HEAT_INPUTS, *fixed)
    ]
    if measure in ("sii", "rii"):
        known.append("linear")
    for name in options:
        if name not in known:
            choices = ", ".join(known) if known else "none"
            raise StatsInputError(name, f"is not an option of {measure} (its options: {choices})")
    if "linear" in options:
        if "model" in options:
            raise StatsInputError("linear", "give linear or model, not both")
        options["model"] = "linear" if options.pop("linear") else "logistic"
    return {**options, **fixed}


def _in_frame_terms(
    error: StatsInputError, columns: Mapping[str, str], rows: np.ndarray | None = None
) -> StatsInputError:
    """An array function's error restated with the column name and the row's place in ``df``."""
    if error.argument not in columns:
        return error
    row = error.row
    if rows is not None and row is not None:
        row = int(rows[row])
    return StatsInputError(columns[error.argument], error.rule, row, error.value)


def _code_list(groups: Any) -> list[np.ndarray]:
    """``_Keys.groups`` (one code array or a list of them) as a list."""
    return list(groups) if isinstance(groups, list) else [groups]


def _group_argument(codes: list[np.ndarray]) -> Any:
    """Group codes as the array functions take them: None, one array or a list of arrays."""
    if not codes:
        return None
    return codes[0] if len(codes) == 1 else codes


def _time_order(df: pd.DataFrame, codes: list[np.ndarray], orders: list[str]) -> np.ndarray:
    """Row positions sorted by group, then by the order columns (ties keep the input order)."""
    order_codes = []
    for name in orders:
        code, _ = pd.factorize(df[name], sort=True)
        missing = code < 0
        if missing.any():
            row = int(np.flatnonzero(missing)[0])
            raise StatsInputError(name, "must not be missing (it gives the time order)", row, None)
        order_codes.append(code)
    sort_keys = [*codes, *order_codes]
    if not sort_keys:
        return np.arange(len(df))
    rows = np.lexsort(sort_keys[::-1])  # stable; the last key given to lexsort sorts first
    if order_codes:
        repeated = np.ones(max(len(rows) - 1, 0), dtype=bool)
        for code in sort_keys:
            ordered = code[rows]
            repeated &= ordered[1:] == ordered[:-1]
        if repeated.any():
            row = int(rows[np.flatnonzero(repeated)[0] + 1])
            at = tuple(_plain(df[name].iloc[row]) for name in orders)
            raise StatsInputError(
                ", ".join(orders),
                "repeats a time within its group (give one row per time)",
                row,
                at[0] if len(at) == 1 else at,
            )
    return rows


def _group_positions(sorted_codes: list[np.ndarray], length: int) -> np.ndarray:
    """Each row's place among the sorted group keys (rows already sorted by group)."""
    new = np.zeros(length, dtype=bool)
    if length:
        new[0] = True
    for code in sorted_codes:
        new[1:] |= code[1:] != code[:-1]
    return np.cumsum(new) - 1


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value (for error messages)."""
    return value.item() if isinstance(value, np.generic) else value
