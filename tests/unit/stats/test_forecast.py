"""linear_forecast: a hand-worked answer (Montgomery & Runger's formulas) and properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placematters.stats import StatsInputError, linear_forecast


def test_hand_worked_series():
    # y = 1, 3, 2, 4 at x = 0..3: x̄ = 1.5, ȳ = 2.5, Sxx = 5, Sxy = 4, b = 0.8, a = 1.3;
    # residuals -0.3, 0.9, -0.9, 0.3 give SSE = 1.8, s² = 0.9. At x₀ = 4: ŷ = 4.5 and
    # s·√(1 + 1/4 + 2.5²/5) = √(0.9 · 2.5) = 1.5; t(0.025, 2) = 4.302653, so ± 6.453980.
    result = linear_forecast([1, 3, 2, 4], horizon=3)
    assert result.slope == pytest.approx(0.8)
    assert result.intercept == pytest.approx(1.3)
    assert result.residual_sd == pytest.approx(math.sqrt(0.9))
    assert result.positions.tolist() == [4, 5, 6]
    assert result.forecast == pytest.approx([4.5, 5.3, 6.1])
    assert result.lower[0] == pytest.approx(4.5 - 6.453980, abs=1e-5)
    assert result.upper[0] == pytest.approx(4.5 + 6.453980, abs=1e-5)
    assert result.fitted == pytest.approx([1.3, 2.1, 2.9, 3.7])


def test_missing_values_keep_their_place():
    result = linear_forecast([1, None, 3, 4, np.nan, 6], horizon=1)
    assert result.n == 4
    assert result.forecast[0] == pytest.approx(7)
    assert np.isnan(result.fitted[1])


@pytest.mark.parametrize(
    ("values", "options"),
    [([1, 2], {}), ([1, None, 2], {}), ([1, 2, np.inf], {}), ([1, 2, 3], {"horizon": 0}),
     ([1, 2, 3], {"confidence": 1.0}), ([1, 2, 3], {"horizon": True})],
)  # fmt: skip
def test_bad_input_is_refused(values, options):
    with pytest.raises(StatsInputError):
        linear_forecast(values, **options)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(st.lists(finite, min_size=3, max_size=30), st.integers(1, 6))
def test_limits_contain_the_forecast_and_widen_ahead(values, horizon):
    result = linear_forecast(values, horizon=horizon)
    assert len(result.forecast) == horizon
    assert np.all(result.lower <= result.forecast + 1e-6)
    assert np.all(result.forecast <= result.upper + 1e-6)
    width = result.upper - result.lower
    assert np.all(np.diff(width) >= -1e-6 * (1 + np.abs(width[1:])))


@given(finite, st.floats(-1e3, 1e3), st.integers(3, 20))
def test_an_exact_line_is_continued_exactly(intercept, slope, n):
    values = [intercept + slope * i for i in range(n)]
    result = linear_forecast(values, horizon=2)
    scale = 1 + abs(intercept) + abs(slope) * (n + 2)
    assert result.forecast == pytest.approx([intercept + slope * n, intercept + slope * (n + 1)],
                                            abs=1e-6 * scale)  # fmt: skip
    assert np.all(result.upper - result.lower <= 1e-5 * scale)


@given(st.lists(finite, min_size=3, max_size=20), st.floats(0.5, 0.99))
def test_higher_confidence_gives_wider_limits(values, level):
    narrow = linear_forecast(values, confidence=level)
    wide = linear_forecast(values, confidence=min(level + 0.005, 0.999))
    assert np.all(wide.upper - wide.lower >= narrow.upper - narrow.lower - 1e-9)
