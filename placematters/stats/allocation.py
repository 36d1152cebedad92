"""Proportionate universalism: share a total across areas by need, with a universal floor.

No official formula exists (Marmot 2010 defines the principle, not a method; a 2020 scoping
review found no implementation guidelines). These are the two methods ../shared/domain.md
section 9.3 lists as common and defensible, offered as *methods*, not national rules:

* **Need-weighted capitation** (9.3 method 1): share_i = p_i·w_i / Σ_j p_j·w_j, with
  population p_i (1 for every area when populations are not given) and need weight w_i, either
  the need raised to a power (w_i = need_i^g) or a linear ramp across deprivation quantiles
  (:func:`deprivation_ramp`: 1 for the least deprived rising to a chosen ratio for the most
  deprived).
* **Universal floor + proportionate top-up** (9.3 method 2): a share f of the total is split
  equally (or per head) among all areas, and the rest by the need weights above.

Results are rounded to a unit (e.g. whole pounds) by the largest-remainder (Hamilton) method,
so they always sum exactly to the total.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._validate import as_float_array, first_row, same_length
from placematters.stats.errors import StatsInputError

__all__ = ["AllocationResult", "allocate", "deprivation_ramp", "largest_remainder"]


@dataclass(frozen=True)
class AllocationResult:
    """One allocation, one entry per area in the order given.

    ``floor`` and ``need_part`` are the exact (unrounded) universal and need-weighted parts;
    ``amount`` is their sum rounded to ``unit`` by largest remainder, summing exactly to
    ``total``; ``share`` is ``amount / total`` (0 when the total is 0); ``equal`` is what
    each area would get from the floor method alone (equal split, or per head), unrounded;
    ``weight`` is the need weight w_i, scaled so that the largest is 1.
    """

    total: float
    unit: float
    floor: NDArray[np.float64]
    need_part: NDArray[np.float64]
    amount: NDArray[np.float64]
    share: NDArray[np.float64]
    equal: NDArray[np.float64]
    weight: NDArray[np.float64]


def _finite(array: NDArray[np.float64], argument: str) -> None:
    row = first_row(~np.isfinite(array))
    if row is not None:
        raise StatsInputError(argument, "must be a number (missing or infinite values)", row,
                              float(array[row]))  # fmt: skip


def _scalar(value: float, argument: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise StatsInputError(argument, f"must be a number, got {value!r}") from None
    if not np.isfinite(number):
        raise StatsInputError(argument, f"must be a finite number, got {value!r}")
    return number


def largest_remainder(
    exact: ArrayLike, unit: float = 1.0, *, priority: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Round ``exact`` amounts to multiples of ``unit`` keeping their sum (Hamilton's method).

    With q_i = exact_i / unit and N = round(Σ q_i): every area gets floor(q_i) units, and the
    N - Σ floor(q_i) units left over go one each to the areas with the largest remainders
    q_i - floor(q_i) (remainders equal to 9 decimal places go first to the higher
    ``priority``, e.g. need, then to the earlier area). Source: the largest-remainder
    (Hamilton) apportionment method, e.g. Balinski & Young, *Fair Representation* (1982).

    ``Σ exact`` must be (within 1e-6 of) a whole number of units.
    """
    unit = _scalar(unit, "unit")
    if unit <= 0:
        raise StatsInputError("unit", f"must be more than 0, got {unit!r}")
    values = as_float_array(exact, "exact")
    _finite(values, "exact")
    quotas = values / unit
    units = float(np.sum(quotas))
    whole = round(units)
    if abs(units - whole) > 1e-6 * max(1.0, abs(units)):
        raise StatsInputError(
            "exact", f"must sum to a whole number of units of {unit:g} (sum is {units * unit!r})"
        )
    base = np.floor(quotas + 1e-9)
    left = int(whole - base.sum())
    ties = np.zeros_like(quotas) if priority is None else as_float_array(priority, "priority")
    same_length(exact=values, priority=ties)
    remainder = np.round(quotas - base, 9)
    order = np.lexsort((np.arange(values.size), -ties, -remainder))
    base[order[:left]] += 1
    return base * unit


def deprivation_ramp(quantile: ArrayLike, n: int = 10, ratio: float = 2.0) -> NDArray[np.float64]:
    """Need weights rising linearly across deprivation quantiles (1 = most deprived).

    w = 1 + (ratio - 1)·(n - q)/(n - 1): the least deprived quantile (q = n) weighs 1, the most
    deprived (q = 1) weighs ``ratio``, evenly spaced in between. Source: ../shared/domain.md
    9.3 method 1 ("a linear gradient such as 1.0 for least deprived rising to a user-set
    maximum for the most deprived"). ``ratio`` = 1 gives every area the same weight.
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise StatsInputError("n", f"must be a whole number of quantiles, 2 or more, got {n!r}")
    ratio = _scalar(ratio, "ratio")
    if ratio < 1:
        raise StatsInputError(
            "ratio", f"must be 1 or more (most deprived to least deprived), got {ratio!r}"
        )
    groups = as_float_array(quantile, "quantile")
    _finite(groups, "quantile")
    row = first_row((groups < 1) | (groups > n) | (groups != np.round(groups)))
    if row is not None:
        raise StatsInputError("quantile", f"must be a whole number from 1 to {n}", row,
                              float(groups[row]))  # fmt: skip
    return 1.0 + (ratio - 1.0) * (n - groups) / (n - 1)


def allocate(
    total: float,
    need: ArrayLike,
    *,
    population: ArrayLike | None = None,
    floor_share: float = 0.0,
    gradient: float = 1.0,
    unit: float = 1.0,
) -> AllocationResult:
    """Share ``total`` across areas in proportion to need, above a universal floor.

    With k areas, need x_i ≥ 0, population p_i (p_i = 1 when ``population`` is None), floor
    share f (0 to 1) and gradient g ≥ 0 (../shared/domain.md 9.3, methods 1 and 2):

    * universal floor: floor_i = f·T·p_i / Σ p_j (f·T / k each without populations);
    * need weights: w_i = x_i^g (g = 0 gives every area weight 1; pass
      :func:`deprivation_ramp` weights as ``need`` with g = 1 for a linear decile ramp);
    * need part (need-weighted capitation): need_i = (1 - f)·T·p_i·w_i / Σ_j p_j·w_j;
    * amount_i = floor_i + need_i, rounded to ``unit`` by :func:`largest_remainder`, so
      Σ amount_i = T exactly.

    ``equal`` in the result is T·p_i / Σ p_j, the equal (or per-head) split to compare with.

    Raises :class:`StatsInputError` for no areas, a missing (NaN) or negative need or
    population, a floor share outside 0 to 1, a negative gradient, a total that is negative or
    not a whole number of units, a unit of 0 or less, or all need weights zero when part of
    the total is to be shared by need.
    """
    total = _scalar(total, "total")
    unit = _scalar(unit, "unit")
    floor_share = _scalar(floor_share, "floor_share")
    gradient = _scalar(gradient, "gradient")
    if unit <= 0:
        raise StatsInputError("unit", f"must be more than 0, got {unit!r}")
    if total < 0:
        raise StatsInputError("total", f"must be zero or more, got {total!r}")
    if abs(total / unit - round(total / unit)) > 1e-9 * max(1.0, total / unit):
        raise StatsInputError("total", f"must be a whole number of units of {unit:g}")
    if not 0 <= floor_share <= 1:
        raise StatsInputError("floor_share", f"must be from 0 to 1, got {floor_share!r}")
    if gradient < 0:
        raise StatsInputError("gradient", f"must be zero or more, got {gradient!r}")
    x = as_float_array(need, "need")
    if x.size == 0:
        raise StatsInputError("need", "give at least one area")
    _finite(x, "need")
    row = first_row(x < 0)
    if row is not None:
        raise StatsInputError("need", "must be zero or more", row, float(x[row]))
    if population is None:
        p = np.ones_like(x)
    else:
        p = as_float_array(population, "population")
        same_length(need=x, population=p)
        _finite(p, "population")
        row = first_row(p < 0)
        if row is not None:
            raise StatsInputError("population", "must be zero or more", row, float(p[row]))
        if p.sum() <= 0:
            raise StatsInputError("population", "must add up to more than 0")
    # Scaled by the largest need first (the shares are unchanged): avoids under- and overflow.
    weight = np.power(x / x.max(), gradient) if x.max() > 0 else np.power(x, gradient)
    equal = total * p / p.sum()
    floor = floor_share * equal
    weighted = p * weight
    pot = (1.0 - floor_share) * total
    if weighted.sum() > 0:
        need_part = pot * weighted / weighted.sum()
    elif pot > 0:
        raise StatsInputError(
            "need", "every area's need weight is 0, so nothing can be shared by need"
        )
    else:
        need_part = np.zeros_like(x)
    exact = floor + need_part
    exact = exact * (total / exact.sum()) if exact.sum() > 0 else exact
    amount = largest_remainder(exact, unit, priority=x)
    share = amount / total if total > 0 else np.zeros_like(amount)
    return AllocationResult(
        total=total,
        unit=unit,
        floor=floor,
        need_part=need_part,
        amount=amount,
        share=share,
        equal=equal,
        weight=weight,
    )
