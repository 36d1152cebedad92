"""The difference between two independent estimates, from their confidence limits.

Altman DG, Bland JM. Interaction revisited: the difference between two estimates. BMJ
2003;326:219. https://doi.org/10.1136/bmj.326.7382.219
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from placematters.stats._validate import as_float_array, confidence_levels, first_row, same_length
from placematters.stats.errors import StatsInputError
from placematters.stats.intervals import z_value

__all__ = ["DifferenceResult", "estimates_difference"]


@dataclass(frozen=True)
class DifferenceResult:
    """The difference ``d = E1 - E2`` of two independent estimates, one element per pair.

    Attributes:
        difference: d = E1 - E2.
        se: standard error of d, √(SE1² + SE2²).
        z: d / SE(d).
        p: two-sided p-value, 2·(1 - Φ(|z|)).
        lower, upper: the ``confidence`` interval of d, d ∓ z_c·SE(d).
        significant: True where p < 1 - ``confidence`` (the interval of d excludes 0);
            False where p is missing.
        confidence: the level of the interval and of the test (e.g. 0.95).
    """

    difference: NDArray[np.float64]
    se: NDArray[np.float64]
    z: NDArray[np.float64]
    p: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    significant: NDArray[np.bool_]
    confidence: float


def estimates_difference(
    estimate_1: ArrayLike,
    lower_1: ArrayLike,
    upper_1: ArrayLike,
    estimate_2: ArrayLike,
    lower_2: ArrayLike,
    upper_2: ArrayLike,
    *,
    limits_confidence: float = 0.95,
    confidence: float = 0.95,
) -> DifferenceResult:
    """Test the difference between two independent estimates given with confidence limits.

    Altman and Bland's method (BMJ 2003;326:219), vectorised over pairs. With z_L the two-sided
    normal critical value of the limits' level (1.959964 for 95% limits)::

        SE1 = (upper1 - lower1) / (2·z_L)        SE2 = (upper2 - lower2) / (2·z_L)
        d = E1 - E2
        SE(d) = √(SE1² + SE2²)
        z = d / SE(d)                            p = 2·(1 - Φ(|z|))
        interval of d: d ± z_c·SE(d)             (z_c for ``confidence``; 1.96 for 95%)

    The estimates must be on a scale where their intervals are symmetric (differences such as
    the SII, or means). For ratios, give logs of the estimate and limits. The estimates must
    be independent (different samples, e.g. two periods of an indicator). NaN in any input
    gives NaN for that pair (``significant`` False).

    Args:
        estimate_1, lower_1, upper_1: the first estimate and its limits.
        estimate_2, lower_2, upper_2: the second estimate and its limits.
        limits_confidence: the level of the given limits (fraction or percentage).
        confidence: the level for the difference's interval and the test.

    Raises:
        StatsInputError: arrays of different lengths, a lower limit above its upper limit,
            or a level outside 90-100%.
    """
    arrays = {
        "estimate_1": as_float_array(estimate_1, "estimate_1"),
        "lower_1": as_float_array(lower_1, "lower_1"),
        "upper_1": as_float_array(upper_1, "upper_1"),
        "estimate_2": as_float_array(estimate_2, "estimate_2"),
        "lower_2": as_float_array(lower_2, "lower_2"),
        "upper_2": as_float_array(upper_2, "upper_2"),
    }
    same_length(**arrays)
    for which in ("1", "2"):
        lower, upper = arrays[f"lower_{which}"], arrays[f"upper_{which}"]
        row = first_row(lower > upper)
        if row is not None:
            raise StatsInputError(
                f"lower_{which}", f"must not be above upper_{which}", row, float(lower[row])
            )
    (limits_level,), _ = confidence_levels(limits_confidence)
    (level,), _ = confidence_levels(confidence)
    z_limits = z_value(limits_level)
    se_1 = (arrays["upper_1"] - arrays["lower_1"]) / (2 * z_limits)
    se_2 = (arrays["upper_2"] - arrays["lower_2"]) / (2 * z_limits)
    difference = arrays["estimate_1"] - arrays["estimate_2"]
    se = np.sqrt(se_1**2 + se_2**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = difference / se  # SE(d) = 0: ±inf, or 0 when d is 0 too
    z = np.where((se == 0) & (difference == 0), 0.0, z)
    p = special.erfc(np.abs(z) / np.sqrt(2))  # 2·(1 - Φ(|z|))
    half = z_value(level) * se
    with np.errstate(invalid="ignore"):
        significant = p < (1 - level)
    return DifferenceResult(
        difference=difference,
        se=se,
        z=z,
        p=p,
        lower=difference - half,
        upper=difference + half,
        significant=np.asarray(significant & ~np.isnan(p), dtype=bool),
        confidence=level,
    )
