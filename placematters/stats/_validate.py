"""Argument checks shared by every statistics function (private).

Each check raises :class:`~placematters.stats.errors.StatsInputError` naming the argument, the
first offending row and the rule. Missing values (NaN) pass the checks and propagate, as in the
reference implementation (PHEindicatormethods).
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats.errors import StatsInputError


def as_float_array(values: ArrayLike, argument: str) -> NDArray[np.float64]:
    """Return ``values`` as a 1-D float64 array; ``None`` entries become NaN."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise StatsInputError(argument, f"must be numbers ({error})") from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise StatsInputError(argument, f"must be one-dimensional, got {array.ndim} dimensions")
    return array


def same_length(**arrays: NDArray) -> int:
    """Check that every named array has the same length and return it."""
    lengths = {name: len(array) for name, array in arrays.items() if array is not None}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {length}" for name, length in lengths.items())
        first = next(iter(lengths))
        raise StatsInputError(first, f"all arrays must have the same length ({described})")
    return next(iter(lengths.values()), 0)


def first_row(mask: NDArray[np.bool_]) -> int | None:
    """Index of the first True in ``mask``, or None."""
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def non_negative(array: NDArray[np.float64], argument: str) -> None:
    """Counts and populations must be zero or more (NaN allowed: it propagates)."""
    row = first_row(array < 0)
    if row is not None:
        raise StatsInputError(argument, "must be zero or more", row, float(array[row]))


def not_above(
    numerator: NDArray[np.float64],
    denominator: NDArray[np.float64],
    numerator_name: str,
    denominator_name: str,
) -> None:
    """A proportion's numerator may not exceed its denominator."""
    row = first_row(numerator > denominator)
    if row is not None:
        raise StatsInputError(
            numerator_name,
            f"must not be greater than {denominator_name} ({float(denominator[row])!r})",
            row,
            float(numerator[row]),
        )


def confidence_levels(confidence: float | Sequence[float]) -> tuple[tuple[float, ...], bool]:
    """Normalise confidence given as a fraction or a percentage.

    Accepts 0.9 to 1 or 90 to 100, one value or several. Returns the levels as fractions and
    whether several were asked for (results then key limits by level).
    """
    several = isinstance(confidence, (list, tuple, np.ndarray))
    raw = list(np.atleast_1d(np.asarray(confidence, dtype=np.float64)))
    if not raw:
        raise StatsInputError("confidence", "give at least one level")
    levels = []
    for index, level in enumerate(raw):
        if np.isnan(level):
            raise StatsInputError("confidence", "must be a number, not missing", index, level)
        if 90 <= level <= 100:
            level = level / 100
        if not 0.9 <= level <= 1:
            raise StatsInputError(
                "confidence", "must lie between 0.9 and 1 (or 90 and 100)", index, float(raw[index])
            )
        levels.append(round(float(level), 12))
    return tuple(levels), several
