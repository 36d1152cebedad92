"""Vectorised group-by for the statistics engine (private).

Group keys are factorised once (integer keys in a small range by a counting pass, anything else
with :func:`numpy.unique`) and sums are taken with :func:`numpy.bincount`, so no Python loop
runs over rows or groups.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._validate import same_length
from placematters.stats.errors import StatsInputError


@dataclass(frozen=True)
class Grouping:
    """Rows mapped to sorted unique group keys.

    ``keys`` holds the sorted unique keys (a 1-D array, or a structured array when several key
    columns were given); ``index`` gives, for each row, the position of its key in ``keys``.
    """

    keys: np.ndarray
    index: NDArray[np.intp]

    @property
    def size(self) -> int:
        return len(self.keys)

    def sum(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Sum per group; a NaN anywhere in a group makes that group's sum NaN (as R's sum)."""
        return np.bincount(self.index, weights=values, minlength=self.size)

    def count(self) -> NDArray[np.intp]:
        """Number of rows per group."""
        return np.bincount(self.index, minlength=self.size)


def group_rows(groups: ArrayLike | list[ArrayLike] | None, length: int) -> Grouping:
    """Factorise group keys; ``None`` puts every row in one group keyed ``None``.

    ``groups`` may be one array of keys or a list/tuple of key arrays (several key columns).
    """
    if groups is None:
        return Grouping(keys=np.array([None], dtype=object), index=np.zeros(length, np.intp))
    if isinstance(groups, (list, tuple)) and groups and np.ndim(groups[0]) == 1:
        columns = [np.asarray(column) for column in groups]
        same_length(**{f"groups[{i}]": c for i, c in enumerate(columns)})
        if len(columns[0]) != length:
            raise StatsInputError("groups", f"must have {length} rows, got {len(columns[0])}")
        return _group_columns(columns)
    column = np.asarray(groups)
    if column.ndim != 1 or len(column) != length:
        raise StatsInputError("groups", f"must be one key per row ({length} rows)")
    keys, index = factorise(column)
    return Grouping(keys=keys, index=index)


def factorise(column: np.ndarray) -> tuple[np.ndarray, NDArray[np.intp]]:
    """Sorted unique keys and, per row, the position of its key (as ``np.unique``).

    Integer keys spanning a range no wider than a few times the number of rows (area numbers,
    years, deciles) are factorised by marking which values occur: linear time instead of a
    sort, about 15 times faster on a million rows. Other keys go through ``np.unique``.
    """
    if column.dtype.kind in "iub" and column.size:
        low, high = int(column.min()), int(column.max())
        span = high - low + 1
        if span <= 4 * column.size + 1024:
            offset = column.astype(np.int64) - low
            present = np.zeros(span, dtype=bool)
            present[offset] = True
            position = np.cumsum(present) - 1
            keys = (np.flatnonzero(present) + low).astype(column.dtype)
            return keys, position[offset].astype(np.intp)
    keys, index = np.unique(column, return_inverse=True)
    return keys, index.reshape(-1)


def _group_columns(columns: list[np.ndarray]) -> Grouping:
    """Group by several key columns, keys sorted lexicographically (a structured array).

    Each column is factorised on its own and the codes are combined into one integer, which is
    much faster than sorting a structured array (about 6x on a million rows); the keys and their
    order are the same as ``np.unique`` of the structured rows would give.
    """
    dtype = np.dtype([(f"f{i}", column.dtype) for i, column in enumerate(columns)])
    uniques, codes = [], []
    for column in columns:
        distinct, inverse = factorise(column)
        uniques.append(distinct)
        codes.append(inverse.astype(np.int64))
    sizes = [len(distinct) for distinct in uniques]
    if np.prod(np.array(sizes, dtype=np.float64)) >= 2.0**62:
        structured = np.rec.fromarrays(columns, dtype=dtype).view(np.ndarray)
        keys, index = np.unique(structured, return_inverse=True)
        return Grouping(keys=keys, index=index.reshape(-1))
    combined = codes[0]
    for size, code in zip(sizes[1:], codes[1:], strict=True):
        combined = combined * size + code
    distinct_codes, index = factorise(combined)
    parts = []
    remainder = distinct_codes
    for size in reversed(sizes[1:]):
        parts.append(remainder % size)
        remainder = remainder // size
    parts.append(remainder)
    parts.reverse()
    keys = np.empty(len(distinct_codes), dtype=dtype)
    for i, (distinct, part) in enumerate(zip(uniques, parts, strict=True)):
        keys[f"f{i}"] = distinct[part]
    return Grouping(keys=keys, index=index.reshape(-1))
