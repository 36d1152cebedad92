"""A straight-line forecast "if nothing changes": ordinary least squares with prediction limits.

Written from the textbook formulas (Montgomery D.C. & Runger G.C., *Applied Statistics and
Probability for Engineers*, 6th edition, Wiley 2014, sections 11-2 and 11-5: least squares
estimates and the prediction interval for a future observation); no code was copied.

The series is taken as equally spaced in time: the i-th value (0-based) sits at x = i. With the
non-missing points (x_i, y_i), n of them:

* x̄, ȳ the means; S_xx = Σ (x_i - x̄)²; S_xy = Σ (x_i - x̄)(y_i - ȳ);
* slope b = S_xy / S_xx; intercept a = ȳ - b x̄;
* residual variance s² = Σ (y_i - a - b x_i)² / (n - 2);
* at a future position x₀ the forecast is ŷ₀ = a + b x₀ and the 100(1 - alpha)% prediction interval
  ŷ₀ ± t(alpha/2, n-2) · s · √(1 + 1/n + (x₀ - x̄)² / S_xx)  (Montgomery & Runger eq. 11-33).

The prediction interval is for a single new observation, so it is wider than the confidence
interval for the line itself. It assumes the straight line holds, independent errors of
constant variance, and roughly normal errors: a planning aid, not a prediction of the future.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats as scipy_stats

from placematters.stats._validate import as_float_array
from placematters.stats.errors import StatsInputError

__all__ = ["ForecastResult", "linear_forecast"]


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """The fitted line and the next ``horizon`` positions with their prediction limits.

    ``positions`` are the future x values (n, n+1, ... for a series of n values);
    ``forecast``, ``lower`` and ``upper`` are one per position. ``fitted`` holds the line's
    value at each input position (NaN where the input was missing). ``slope`` is the change per
    period, ``residual_sd`` is s, ``n`` the number of points used and ``confidence`` the level.
    """

    positions: NDArray[np.float64]
    forecast: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    fitted: NDArray[np.float64]
    slope: float
    intercept: float
    residual_sd: float
    n: int
    confidence: float


def linear_forecast(
    values: ArrayLike, *, horizon: int = 3, confidence: float = 0.95
) -> ForecastResult:
    """Extrapolate a straight line fitted by least squares ``horizon`` periods ahead.

    ``values`` are in time order, one per equally spaced period; missing values (NaN or None)
    are left out of the fit but keep their place in time. Needs at least three non-missing
    values (two leave no residual degrees of freedom) at two or more different positions.
    ``horizon`` is a whole number of 1 or more; ``confidence`` lies strictly between 0 and 1.
    A series on an exact straight line gets limits equal to the forecast (s = 0).

    Raises :class:`StatsInputError` for too few values, infinite values or bad options.
    """
    y = as_float_array(values, "values")
    if np.isinf(y).any():
        row = int(np.flatnonzero(np.isinf(y))[0])
        raise StatsInputError("values", "must be finite numbers or missing", row, float(y[row]))
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise StatsInputError("horizon", "must be a whole number of 1 or more")
    if not 0 < confidence < 1:
        raise StatsInputError("confidence", "must lie strictly between 0 and 1")
    x_all = np.arange(len(y), dtype=np.float64)
    seen = ~np.isnan(y)
    x, v = x_all[seen], y[seen]
    n = len(v)
    if n < 3:
        raise StatsInputError("values", f"give at least three non-missing values (got {n})")
    x_bar, y_bar = x.mean(), v.mean()
    sxx = float(np.sum((x - x_bar) ** 2))
    slope = float(np.sum((x - x_bar) * (v - y_bar)) / sxx)
    intercept = float(y_bar - slope * x_bar)
    residuals = v - (intercept + slope * x)
    residual_sd = float(np.sqrt(np.sum(residuals**2) / (n - 2)))
    positions = np.arange(len(y), len(y) + int(horizon), dtype=np.float64)
    forecast = intercept + slope * positions
    t = float(scipy_stats.t.ppf(1 - (1 - confidence) / 2, n - 2))
    half = t * residual_sd * np.sqrt(1 + 1 / n + (positions - x_bar) ** 2 / sxx)
    fitted = np.where(seen, intercept + slope * x_all, np.nan)
    return ForecastResult(
        positions=positions,
        forecast=forecast,
        lower=forecast - half,
        upper=forecast + half,
        fitted=fitted,
        slope=slope,
        intercept=intercept,
        residual_sd=residual_sd,
        n=n,
        confidence=float(confidence),
    )
