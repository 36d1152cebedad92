"""The difference between two independent estimates (Altman & Bland, BMJ 2003;326:219):
hand-worked known answers, missing values, checks and properties."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placematters.stats import StatsInputError, estimates_difference

Z = 1.959964  # two-sided 95%


def _limits(estimate, se):
    return estimate - Z * se, estimate + Z * se


def test_hand_worked_answers():
    # E1 = 10 with SE 3 and E2 = 6 with SE 4: d = 4, SE(d) = √(9 + 16) = 5, z = 0.8,
    # p = 2·(1 - Φ(0.8)) = 0.42371, 95% CI 4 ± 1.959964·5 = -5.79982 to 13.79982.
    # E1 = 20 with SE 3 and E2 = 5 with SE 4: d = 15, z = 3, p = 0.0026998.
    l1, u1 = _limits(np.array([10.0, 20.0]), 3.0)
    l2, u2 = _limits(np.array([6.0, 5.0]), 4.0)
    result = estimates_difference([10.0, 20.0], l1, u1, [6.0, 5.0], l2, u2)
    np.testing.assert_allclose(result.difference, [4.0, 15.0])
    np.testing.assert_allclose(result.se, [5.0, 5.0], rtol=1e-6)
    np.testing.assert_allclose(result.z, [0.8, 3.0], rtol=1e-6)
    np.testing.assert_allclose(result.p, [0.42371, 0.0026998], rtol=1e-4)
    np.testing.assert_allclose(result.lower, [-5.79982, 5.20018], rtol=1e-5)
    np.testing.assert_allclose(result.upper, [13.79982, 24.79982], rtol=1e-5)
    assert result.significant.tolist() == [False, True]
    assert result.confidence == 0.95


def test_the_bmj_paper_rounding():
    # The paper's recipe with 1.96: limits 1 to 5 give SE (5 - 1)/3.92 = 1.0204.
    result = estimates_difference(3.0, 1.0, 5.0, 3.0, 1.0, 5.0)
    assert result.se[0] == pytest.approx(np.sqrt(2) * 4 / (2 * Z))
    assert result.difference[0] == 0 and result.z[0] == 0 and result.p[0] == pytest.approx(1)


def test_other_levels_and_percentages():
    l1, u1 = 10 - 3.090232 * 2, 10 + 3.090232 * 2  # 99.8% limits, SE 2
    result = estimates_difference(10, l1, u1, 10, l1, u1, limits_confidence=99.8)
    assert result.se[0] == pytest.approx(np.sqrt(8), rel=1e-6)
    wide = estimates_difference(4, 3, 5, 0, -1, 1, confidence=0.998)
    narrow = estimates_difference(4, 3, 5, 0, -1, 1)
    assert wide.upper[0] - wide.lower[0] > narrow.upper[0] - narrow.lower[0]
    assert wide.confidence == 0.998


def test_missing_values_propagate_and_are_not_significant():
    result = estimates_difference([np.nan, 5.0], [1, None], [2, 6], [1, 1], [0, 0], [2, 2])
    assert np.isnan(result.difference[0]) and np.isnan(result.p[0])
    assert np.isnan(result.se[1])
    assert result.significant.tolist() == [False, False]


def test_no_uncertainty_at_all():
    result = estimates_difference([5.0, 5.0], [5.0, 5.0], [5.0, 5.0], [3.0, 5.0], [3, 5], [3, 5])
    assert result.z[0] == np.inf and result.p[0] == 0 and result.significant[0]
    assert result.z[1] == 0 and result.p[1] == 1 and not result.significant[1]


def test_bad_input():
    with pytest.raises(StatsInputError, match="lower_2"):
        estimates_difference(1, 0, 2, 1, 3, 2)
    with pytest.raises(StatsInputError, match="same length"):
        estimates_difference([1, 2], [0, 1], [2, 3], 1, 0, 2)
    with pytest.raises(StatsInputError, match="confidence"):
        estimates_difference(1, 0, 2, 1, 0, 2, confidence=0.5)


finite = st.floats(-1e6, 1e6, allow_nan=False)
spread = st.floats(0.001, 1e4, allow_nan=False)


@given(finite, spread, finite, spread)
def test_swapping_the_estimates_negates_d_and_keeps_p(e1, w1, e2, w2):
    first = estimates_difference(e1, e1 - w1, e1 + w1, e2, e2 - w2, e2 + w2)
    swapped = estimates_difference(e2, e2 - w2, e2 + w2, e1, e1 - w1, e1 + w1)
    assert swapped.difference[0] == pytest.approx(-first.difference[0])
    assert swapped.p[0] == pytest.approx(first.p[0])
    assert swapped.lower[0] == pytest.approx(-first.upper[0])
    assert bool(swapped.significant[0]) == bool(first.significant[0])
    assert 0 <= first.p[0] <= 1
    # significant exactly when the interval of d excludes zero
    if first.significant[0]:
        assert first.lower[0] > 0 or first.upper[0] < 0


def test_vectorised_over_many_pairs():
    rng = np.random.default_rng(1)
    e1, e2 = rng.normal(size=100_000), rng.normal(size=100_000)
    result = estimates_difference(e1, e1 - 1, e1 + 1, e2, e2 - 1, e2 + 1)
    assert result.p.shape == (100_000,)
    np.testing.assert_allclose(result.se, np.sqrt(2) / Z)
