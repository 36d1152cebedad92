"""Assigning small areas to quantiles (e.g. deprivation deciles) within groups.

A port of OHID's method as implemented by ``phe_quantile`` in the R package PHEindicatormethods
(v2.1.0), which follows PHE's "Assigning Deprivation Categories" guidance. Vectorised: one sort
of all rows, no loop over groups.
"""

import warnings
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._groups import group_rows
from placematters.stats._validate import as_float_array, first_row
from placematters.stats.errors import StatsInputError

__all__ = ["TooFewValuesWarning", "quantiles"]


class TooFewValuesWarning(UserWarning):
    """A group had fewer non-missing values than quantiles, so its rows got no quantile (NaN).

    Raised by :func:`quantiles` (the reference warns "One or more groups had too few small areas
    with values to allow quantiles to be assigned").
    """


def quantiles(
    values: ArrayLike,
    groups: ArrayLike | Sequence[ArrayLike] | None = None,
    n: int = 10,
    invert: bool | ArrayLike = True,
) -> NDArray[np.float64]:
    """Quantile number (1..n) of each value within its group, OHID method.

    Per group, with N the number of non-missing values and r the rank of a value among them
    (ties share the **lowest** rank; missing values get no rank):

        quantile = floor((n + 1) - ceiling(((N + 1) - r) / (N / n))), and 0 becomes 1.

    With ``invert=True`` (the default) the ranks are taken on ``max(group values) - value``, so
    the **highest** value gets quantile 1 (e.g. IMD score, where high = most deprived, so decile
    1 = most deprived). With ``invert=False`` the lowest value gets quantile 1.

    Ties are never split, so a tie can straddle a natural boundary and quantiles can be
    unbalanced; OHID advises a manual review there.

    Args:
        values: one value per small area; NaN = missing (gets NaN).
        groups: optional group keys (one array, or a list of key arrays); quantiles are assigned
            within each group. ``None`` = one group.
        n: number of quantiles (10 deciles, 5 quintiles, 4 quartiles, ...).
        invert: ``True``/``False`` for every row, or one boolean per row that is constant within
            each group (the reference's ``inverttype = "field"``).

    Returns:
        Float array of quantile numbers, NaN for missing values and for every row of a group
        with fewer than ``n`` non-missing values (then a :class:`TooFewValuesWarning`).

    Raises:
        StatsInputError: ``n`` not a positive integer, ``invert`` not boolean or varying within
            a group, lengths differ.

    Source: PHEindicatormethods ``phe_quantile`` (OHID, GPL-3; re-implemented from the method
    description, not copied); PHE "Technical Guide: Assigning Deprivation Categories" (2018).
    """
    values = as_float_array(values, "values")
    length = len(values)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise StatsInputError("n", f"must be a whole number of quantiles, 1 or more (got {n!r})")
    grouping = group_rows(groups, length)
    index = grouping.index

    invert_rows = _invert_per_row(invert, length, index, grouping.size)

    result = np.full(length, np.nan)
    valid = ~np.isnan(values)
    if not valid.any():
        if length:
            _warn_too_few()
        return result

    rows = np.flatnonzero(valid)
    group = index[rows]
    raw = values[rows]

    # Group maximum (needed for the inverted ranking, which ranks max - value as the reference).
    maximum = np.full(grouping.size, -np.inf)
    np.maximum.at(maximum, group, raw)
    adjusted = np.where(invert_rows[rows], maximum[group] - raw, raw)

    order = _order_within_groups(group, adjusted, grouping.size)
    sorted_group = group[order]
    sorted_value = adjusted[order]
    position = np.arange(len(order))
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = sorted_group[1:] != sorted_group[:-1]
    new_run = new_group.copy()
    new_run[1:] |= sorted_value[1:] != sorted_value[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    run_start = np.maximum.accumulate(np.where(new_run, position, 0))
    rank = np.empty(len(order))
    rank[order] = run_start - group_start + 1

    count = np.bincount(group, minlength=grouping.size).astype(np.float64)
    size = count[group]
    with np.errstate(divide="ignore", invalid="ignore"):
        quantile = np.floor((n + 1) - np.ceil(((size + 1) - rank) / (size / n)))
    quantile[quantile == 0] = 1
    too_few = size < n
    quantile[too_few] = np.nan
    result[rows] = quantile

    groups_with_values = np.bincount(index, minlength=grouping.size) > 0
    if np.any(groups_with_values & (count < n)):
        _warn_too_few()
    return result


def _order_within_groups(
    group: NDArray[np.intp], value: NDArray[np.float64], n_groups: int
) -> NDArray[np.intp]:
    """Row order sorted by group, then by value (as ``np.lexsort((value, group))``).

    With fewer than 65,536 groups the group codes fit 16 bits, for which numpy's stable sort is
    a radix sort: sorting by value once and then stably by group is about twice as fast.
    """
    if n_groups >= 2**16:
        return np.lexsort((value, group))
    by_value = np.argsort(value)
    return by_value[np.argsort(group[by_value].astype(np.uint16), kind="stable")]


def _invert_per_row(
    invert: bool | ArrayLike, length: int, index: NDArray[np.intp], n_groups: int
) -> NDArray[np.bool_]:
    """``invert`` as one boolean per row, checked constant within each group."""
    if isinstance(invert, (bool, np.bool_)):
        return np.full(length, bool(invert))
    array = np.asarray(invert)
    if array.ndim == 0:
        if array.dtype != bool:
            raise StatsInputError("invert", f"must be True or False (got {invert!r})")
        return np.full(length, bool(array))
    if array.ndim != 1 or len(array) != length:
        raise StatsInputError("invert", f"must be one boolean or one per row ({length} rows)")
    if array.dtype != bool:
        bad = first_row(~np.isin(array, [True, False]) | _is_missing(array))
        if bad is not None:
            value = array[bad]
            value = value.item() if isinstance(value, np.generic) else value
            raise StatsInputError("invert", "must be True or False", bad, value)
        array = array.astype(bool)
    ones = np.bincount(index, weights=array.astype(np.float64), minlength=n_groups)
    sizes = np.bincount(index, minlength=n_groups)
    mixed = (ones > 0) & (ones < sizes)
    if mixed.any():
        row = first_row(mixed[index])
        raise StatsInputError(
            "invert", "must take the same value for every row of a group", row, bool(array[row])
        )
    return array


def _is_missing(array: np.ndarray) -> NDArray[np.bool_]:
    if array.dtype.kind == "f":
        return np.isnan(array)
    if array.dtype == object:
        return np.array([item is None or item != item for item in array], dtype=bool)
    return np.zeros(len(array), dtype=bool)


def _warn_too_few() -> None:
    warnings.warn(
        "One or more groups had too few small areas with values to allow quantiles to be "
        "assigned; their rows get no quantile (NaN)",
        TooFewValuesWarning,
        stacklevel=3,
    )
