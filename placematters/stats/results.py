"""Result objects returned by the indicator functions (frozen dataclasses of numpy arrays).

Every result has one entry per output row in each array attribute:

- ``value``: the estimate (NaN when missing or suppressed);
- ``lower``, ``upper``: confidence limits; one array for one confidence level, or a dict keyed by
  level (as a fraction, e.g. ``{0.95: array, 0.998: array}``) when several levels were asked
  for; ``None`` for a proportion computed with ``confidence=None``;
- ``groups``: the group key each row belongs to. Aggregates (one row per group) list the sorted
  unique keys (a structured array when several key columns were given; ``[None]`` for an
  ungrouped aggregate). Row-wise results (an ungrouped proportion or rate) give the input row
  positions ``0 .. n-1``. Life expectancy has one row per group and age band, so its groups
  repeat (with ``start_age`` alongside);
- ``statistic``, ``method``: per-row text as the reference writes it (None where missing);
- ``confidence``: the levels as fractions (a tuple, empty when no limits were computed).

Subclasses add what the reference outputs besides, e.g. numerator and denominator totals.
Arrays are made read-only so that a result cannot be changed after it is built.
"""

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DSRResult",
    "ISRResult",
    "IndicatorResult",
    "LifeExpectancyResult",
    "MeanResult",
    "ProportionResult",
    "RateResult",
    "confidence_label",
    "format_number",
    "level_suffix",
]

FloatArray = NDArray[np.float64]
Limits = FloatArray | dict[float, FloatArray] | None


def format_number(number: float) -> str:
    """A number as R's ``format(x, scientific = FALSE)`` prints it: 100000, 1000, 0.5."""
    number = float(number)
    if number.is_integer():
        return str(int(number))
    return f"{number:.15g}"


def confidence_label(levels: tuple[float, ...]) -> str | None:
    """The reference's ``confidence`` text, e.g. "95%" or "95%, 99.8%"; None without levels."""
    if not levels:
        return None
    return ", ".join(f"{level * 100:.15g}%" for level in levels)


def level_suffix(level: float) -> str:
    """The reference's column tag for a level: 0.95 -> "95_0", 0.998 -> "99_8"."""
    return f"{level * 100:.1f}".replace(".", "_")


def _read_only(value: object) -> object:
    """A read-only view of an array (or of each array in a dict); the original stays writable."""
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, dict):
        return {key: _read_only(item) for key, item in value.items()}
    return value


@dataclass(frozen=True, kw_only=True, eq=False)
class IndicatorResult:
    """Common shape of every indicator result (see the module docstring)."""

    value: FloatArray
    lower: Limits
    upper: Limits
    groups: np.ndarray
    confidence: tuple[float, ...]
    statistic: np.ndarray
    method: np.ndarray

    def __post_init__(self) -> None:
        for field in fields(self):
            object.__setattr__(self, field.name, _read_only(getattr(self, field.name)))

    def __len__(self) -> int:
        return len(self.value)

    @property
    def several_levels(self) -> bool:
        """True when the limits are dicts keyed by confidence level."""
        return isinstance(self.lower, dict)

    @property
    def confidence_label(self) -> str | None:
        """Confidence as the reference writes it, e.g. "95%" or "95%, 99.8%"."""
        return confidence_label(self.confidence)

    def limits(self, level: float | None = None) -> tuple[FloatArray, FloatArray]:
        """Lower and upper limits at one level (the only level when ``level`` is None)."""
        if self.lower is None or self.upper is None:
            raise ValueError("this result has no confidence limits")
        if isinstance(self.lower, dict) and isinstance(self.upper, dict):
            if level is None:
                if len(self.lower) != 1:
                    raise ValueError(f"choose one of the levels {sorted(self.lower)}")
                level = next(iter(self.lower))
            level = level / 100 if level >= 90 else level
            key = min(self.lower, key=lambda known: abs(known - level))
            if abs(key - level) > 1e-9:
                raise ValueError(f"no limits at level {level}; have {sorted(self.lower)}")
            return self.lower[key], self.upper[key]
        assert not isinstance(self.upper, dict)
        return self.lower, self.upper


@dataclass(frozen=True, kw_only=True, eq=False)
class ProportionResult(IndicatorResult):
    """Proportion with Wilson limits; ``numerator``/``denominator`` are the (summed) x and n."""

    numerator: FloatArray
    denominator: FloatArray
    multiplier: float


@dataclass(frozen=True, kw_only=True, eq=False)
class RateResult(IndicatorResult):
    """Crude rate with exact/Byar's limits; ``numerator``/``denominator`` are the (summed) x, n."""

    numerator: FloatArray
    denominator: FloatArray
    multiplier: float


@dataclass(frozen=True, kw_only=True, eq=False)
class MeanResult(IndicatorResult):
    """Mean with Student's t limits, plus the sum, count and sample standard deviation."""

    value_sum: FloatArray
    value_count: NDArray[np.int64]
    stdev: FloatArray


@dataclass(frozen=True, kw_only=True, eq=False)
class DSRResult(IndicatorResult):
    """Directly standardised rate (Dobson limits) with the total count and population."""

    total_count: FloatArray
    total_pop: FloatArray
    multiplier: float


@dataclass(frozen=True, kw_only=True, eq=False)
class ISRResult(IndicatorResult):
    """Indirectly standardised ratio or rate.

    ``observed`` and ``expected`` events per group; ``ref_rate`` is the reference rate per
    ``multiplier`` for a standardised rate and None for a ratio (which uses ``refvalue``).
    """

    observed: FloatArray
    expected: FloatArray
    ref_rate: FloatArray | None
    multiplier: float | None
    refvalue: float | None


@dataclass(frozen=True, kw_only=True, eq=False)
class LifeExpectancyResult(IndicatorResult):
    """Life expectancy per group and age band (Chiang II life table, Silcocks variance).

    ``start_age`` is the age-band label of each row as given; ``age`` its start age as a number.
    ``pops_used``/``dths_used`` are the population and deaths from that band upwards.
    ``standard_error`` is the standard error of the life expectancy. ``suppressed`` gives, per
    row, why the value is missing (None when it is not suppressed), and ``warnings`` repeats
    the reference's warning messages for the suppressions that happened.
    """

    start_age: np.ndarray
    age: NDArray[np.int64]
    pops_used: FloatArray
    dths_used: FloatArray
    standard_error: FloatArray
    suppressed: np.ndarray
    warnings: tuple[str, ...]
