"""Interval primitives: Wilson, Byar's, exact Poisson, the 10-event switch and Student's t."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from placematters.stats import (
    StatsInputError,
    byars,
    exact_poisson,
    poisson_limits,
    t_interval,
    wilson,
    z_value,
)
from tests.unit.stats import oracle

PRIMITIVES = "phe-methods/primitives.json"


def _check_cells(case, expected_and_ours):
    for row, name, ours in expected_and_ours:
        expected = row[name]
        assert oracle.close(float(ours), expected), (
            f"{case['case']} {row}: {name} ours {ours!r}, reference {expected!r}"
        )


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(PRIMITIVES), ids=lambda case: case["case"])
def test_primitives_match_reference(case):
    oracle.record(PRIMITIVES)
    rows = case["output"]
    levels = sorted({row["confidence"] for row in rows})
    cells = []
    for level in levels:
        chosen = [row for row in rows if row["confidence"] == level]
        x = np.array([row["x"] for row in chosen], dtype=float)
        if case["case"].startswith("counts"):
            # One call per level, vectorised over the counts; z as the reference computes it.
            byars_lower, byars_upper = byars(x, level)
            exact_lower, exact_upper = exact_poisson(x, level)
            for i, row in enumerate(chosen):
                cells += [
                    (row, "byars_lower", byars_lower[i]),
                    (row, "byars_upper", byars_upper[i]),
                    (row, "exact_lower", exact_lower[i]),
                    (row, "exact_upper", exact_upper[i]),
                ]
                assert oracle.close(z_value(level / 100 if level >= 90 else level), row["z"])
        else:
            n = np.array([row["n"] for row in chosen], dtype=float)
            lower, upper = wilson(x, n, level)
            for i, row in enumerate(chosen):
                cells += [(row, "wilson_lower", lower[i]), (row, "wilson_upper", upper[i])]
    _check_cells(case, cells)


def test_several_levels_give_dicts_and_any_levels_are_allowed_here():
    lower, upper = wilson([5], [10], confidence=[0.9, 95, 0.99])
    assert set(lower) == set(upper) == {0.9, 0.95, 0.99}
    assert lower[0.99][0] < lower[0.95][0] < lower[0.9][0]
    single_lower, _ = wilson([5], [10], confidence=0.95)
    assert single_lower[0] == lower[0.95][0]


def test_scalars_broadcast_and_edges_are_exact():
    lower, upper = wilson([0, 10], 10)
    assert lower[0] == 0.0 and upper[1] == pytest.approx(1.0, abs=1e-15)
    lower, upper = exact_poisson(0)
    assert lower.tolist() == [0.0] and upper[0] == pytest.approx(3.6888794541139363, rel=1e-14)
    lower, upper = byars(0)
    assert math.isnan(lower[0])  # the reference gives NaN at zero (0 times -inf); never used there
    lower, upper = wilson([3], [7], confidence=1)
    assert (lower[0], upper[0]) == (0.0, 1.0)


def test_poisson_limits_switch_to_byars_at_ten():
    counts = np.arange(20, dtype=float)
    lower, upper = poisson_limits(counts)
    exact_lower, _ = exact_poisson(counts)
    byars_lower, byars_upper = byars(counts)
    np.testing.assert_array_equal(lower[:10], exact_lower[:10])
    np.testing.assert_array_equal(upper[10:], byars_upper[10:])
    np.testing.assert_array_equal(lower[10:], byars_lower[10:])


def test_missing_values_give_missing_limits():
    lower, upper = wilson([np.nan, 1], [10, np.nan])
    assert np.isnan(lower).all() and np.isnan(upper).all()
    lower, upper = poisson_limits([np.nan])
    assert np.isnan(lower[0]) and np.isnan(upper[0])


def test_t_interval_matches_scipy():
    lower, upper = t_interval([10.0, 3.0], [2.0, 1.0], [5, 1], confidence=0.95)
    half = stats.t.ppf(0.975, 4) * 2.0 / math.sqrt(5)
    assert lower[0] == pytest.approx(10 - half, rel=1e-12)
    assert upper[0] == pytest.approx(10 + half, rel=1e-12)
    assert math.isnan(lower[1]) and math.isnan(upper[1])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson([-1], [5]), r"^x: row 0 is -1\.0; must be zero or more$"),
        (lambda: wilson([6], [5]), r"^x: row 0 is 6\.0; must not be greater than n \(5\.0\)$"),
        (lambda: wilson([1, 2], [5, 5, 5]), r"^x: all arrays must have the same length"),
        (lambda: byars([3, -2]), r"^x: row 1 is -2\.0"),
        (lambda: exact_poisson([1], confidence=0.5), r"^confidence: row 0 is 0\.5"),
        (lambda: exact_poisson([1], confidence=[0.95, np.nan]), r"^confidence: row 1"),
        (lambda: t_interval([1], [-1], [3]), r"^sd: row 0 is -1\.0"),
    ],
)
def test_input_errors_name_argument_row_and_rule(call, message):
    with pytest.raises(StatsInputError, match=message):
        call()


# --- properties ----------------------------------------------------------------------------

levels = st.sampled_from([0.9, 0.95, 0.99, 0.998])


@st.composite
def proportions(draw):
    n = draw(st.integers(min_value=1, max_value=10**7))
    x = draw(st.integers(min_value=0, max_value=n))
    return float(x), float(n)


@settings(max_examples=300, deadline=None)
@given(proportions(), levels)
def test_wilson_contains_the_proportion_within_zero_and_one_and_widens(pair, level):
    x, n = pair
    lower, upper = wilson([x], [n], confidence=[level, 0.9999])
    p = x / n
    tolerance = 1e-12
    assert -tolerance <= lower[level][0] <= p + tolerance
    assert p - tolerance <= upper[level][0] <= 1 + tolerance
    assert lower[0.9999][0] <= lower[level][0] + tolerance
    assert upper[level][0] <= upper[0.9999][0] + tolerance


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), levels)
def test_count_limits_contain_the_count_and_widen(count, level):
    for method in (exact_poisson, poisson_limits):
        lower, upper = method([count], confidence=[level, 0.9999])
        assert lower[level][0] <= count <= upper[level][0]
        assert lower[0.9999][0] <= lower[level][0]
        assert upper[level][0] <= upper[0.9999][0]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=5000), levels)
def test_exact_limits_agree_with_scipy_chi_square(count, level):
    lower, upper = exact_poisson([count], confidence=level)
    alpha = 1 - level
    assert lower[0] == pytest.approx(stats.chi2.ppf(alpha / 2, 2 * count) / 2, rel=1e-9)
    assert upper[0] == pytest.approx(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2, rel=1e-9)
