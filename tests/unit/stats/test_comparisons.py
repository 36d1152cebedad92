"""Fingertips benchmarking rules: comparisons, quintile/quartile categories, recent trend.

Known answers built by hand from the rules in shared/stats-methods.md section 4 (taken from the
Fingertips web service source).
"""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError
from placematters.stats.comparisons import (
    CANNOT_BE_CALCULATED,
    NO_SIGNIFICANT_CHANGE,
    TREND_CHI_SQUARE_LIMIT,
    _round_away,
    compare,
    polarity_id,
    quartile_categories,
    quintile_categories,
    recent_trend,
)

# --- compare: one level --------------------------------------------------------------------------

# Intervals around a benchmark of 50: above, containing (incl. touching either end), below,
# and missing.
LOWER = np.array([52.0, 45, 50, 40, 40, np.nan])
UPPER = np.array([60.0, 55, 58, 50, 48, 60])


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        ("higher is better", ["better", "similar", "similar", "similar", "worse"]),
        (1, ["better", "similar", "similar", "similar", "worse"]),
        ("lower is better", ["worse", "similar", "similar", "similar", "better"]),
        ("low is good", ["worse", "similar", "similar", "similar", "better"]),
        (0, ["worse", "similar", "similar", "similar", "better"]),
        ("no judgement", ["higher", "similar", "similar", "similar", "lower"]),
        (99, ["higher", "similar", "similar", "similar", "lower"]),
        ("not applicable", ["not compared"] * 5),
        (-1, ["not compared"] * 5),
    ],
)
def test_one_level(polarity, expected):
    labels = compare(LOWER, UPPER, 50, polarity)
    assert labels.tolist() == [*expected, "not compared"]


def test_one_level_with_99_8_limits_and_per_row_benchmark_and_polarity():
    labels = compare([10.0, 10, 10], [20.0, 20, 20], [25.0, 15, 5], ["high is good", 0, 99])
    assert labels.tolist() == ["worse", "similar", "higher"]


def test_value_decides_the_side_as_fingertips_does():
    # A value outside its own interval (e.g. a rounded interval): Fingertips compares the
    # value, not the interval, once the benchmark is outside the interval.
    labels = compare([52.0], [60.0], 50, 1, value=[49.0])
    assert labels.tolist() == ["worse"]
    assert compare([52.0], [60.0], 50, 1).tolist() == ["better"]
    assert compare([52.0], [60.0], 50, 1, value=[np.nan]).tolist() == ["not compared"]


# --- compare: two levels -------------------------------------------------------------------------

# benchmark 50; rows: similar, higher at 95% only, higher at 99.8%, lower at 95% only,
# lower at 99.8%, touching L95 (similar), touching L99.8 (95% only), missing 99.8% limit
L95 = np.array([45.0, 51, 56, 40, 30, 50, 52, 45])
U95 = np.array([55.0, 60, 66, 48, 40, 60, 60, 55])
L998 = np.array([42.0, 49, 51, 37, 27, 47, 50, np.nan])
U998 = np.array([58.0, 63, 71, 51, 45, 63, 63, 58])


@pytest.mark.parametrize(
    ("polarity", "words"),
    [
        ("higher is better", ("better", "worse")),
        ("lower is better", ("worse", "better")),
        ("no judgement", ("higher", "lower")),
    ],
)
def test_two_levels(polarity, words):
    up, down = words
    labels = compare({0.95: L95, 0.998: L998}, {0.95: U95, 0.998: U998}, 50, polarity)
    assert labels.tolist() == [
        "similar",
        f"{up} 95%",
        f"{up} 99.8%",
        f"{down} 95%",
        f"{down} 99.8%",
        "similar",
        f"{up} 95%",
        "not compared",
    ]


def test_two_levels_accept_percent_keys():
    labels = compare({95: L95, 99.8: L998}, {95: U95, 99.8: U998}, 50, 1)
    assert labels[2] == "better 99.8%"


@pytest.mark.parametrize(
    ("lower", "upper", "argument"),
    [
        ({0.95: [1.0]}, {0.95: [2.0], 0.998: [3.0]}, "lower"),
        ({0.95: [1.0], 0.99: [0.5]}, {0.95: [2.0], 0.998: [3.0]}, "lower"),
        ({0.95: [1.0], 0.998: [0.5]}, [2.0], "upper"),
    ],
)
def test_two_levels_need_both_levels(lower, upper, argument):
    with pytest.raises(StatsInputError, match=argument):
        compare(lower, upper, 1.5, 1)


def test_polarity_names_and_errors():
    assert polarity_id("Higher is better") == 1
    assert polarity_id("RAG - low is good") == 0
    assert polarity_id("RAG \u2013 high is good") == 1
    assert polarity_id("BOB") == 99
    with pytest.raises(StatsInputError, match="polarity"):
        polarity_id("sideways")
    with pytest.raises(StatsInputError, match="polarity"):
        compare([1.0], [2.0], 1.5, 2)
    with pytest.raises(StatsInputError, match="polarity"):
        compare([1.0, 2.0], [2.0, 3.0], 1.5, [1])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-100, 100), st.floats(0, 50), st.floats(0, 50)), min_size=1),
    st.floats(-100, 100),
)
def test_property_polarity_mirrors(rows, benchmark):
    """Low-is-good swaps better and worse; BOB keeps the direction as higher/lower."""
    centre = np.array([r[0] for r in rows])
    lower, upper = centre - np.array([r[1] for r in rows]), centre + np.array([r[2] for r in rows])
    high = compare(lower, upper, benchmark, 1)
    low = compare(lower, upper, benchmark, 0)
    neutral = compare(lower, upper, benchmark, 99)
    swap = {"better": "worse", "worse": "better", "similar": "similar"}
    assert [swap[label] for label in high] == low.tolist()
    direction = {"better": "higher", "worse": "lower", "similar": "similar"}
    assert [direction[label] for label in high] == neutral.tolist()
    inside = (lower <= benchmark) & (benchmark <= upper)
    assert ((high == "similar") == inside).all()


# --- quintiles and quartiles ---------------------------------------------------------------


def test_quintiles_known_answer():
    # 1..10: bounds 1, 2.8, 4.6, 6.4, 8.2, 10 (PERCENTILE.INC)
    values = np.arange(1.0, 11.0)
    assert quintile_categories(values, "low is good").tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert quintile_categories(values, "no judgement").tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # high is good: reversed so 1 is the best (highest) fifth
    assert quintile_categories(values, "higher is better").tolist() == [
        5,
        5,
        4,
        4,
        3,
        3,
        2,
        2,
        1,
        1,
    ]


def test_quintiles_need_five_values_and_skip_missing():
    assert np.isnan(quintile_categories([1.0, 2, 3, 4], 0)).all()
    got = quintile_categories([np.nan, 5.0, 1, 2, 3, 4], 0)
    assert np.isnan(got[0])
    assert got[1:].tolist() == [5, 1, 2, 3, 4]


def test_quintile_bounds_are_rounded_to_ten_places_away_from_zero():
    # n = 7: the 80th percentile is 4 + 0.8 * 1e-10, rounded up to 4.0000000001, so the value
    # 4.0000000001 falls in quintile 4 (it would be 5 without the rounding).
    values = np.array([0, 1, 2, 3, 4, 4.0000000001, 9])
    assert quintile_categories(values, 0).tolist() == [1, 1, 2, 3, 4, 4, 5]
    np.testing.assert_array_equal(_round_away(np.array([2.5, -2.5, 0.5, 1.49]), 0), [3, -3, 1, 1])


def test_quintiles_by_group():
    values = np.concatenate([np.arange(1.0, 11.0), np.arange(5.0, 0, -1)])
    groups = np.array(["a"] * 10 + ["b"] * 5)
    got = quintile_categories(values, 0, groups)
    assert got[:10].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert got[10:].tolist() == [5, 4, 3, 2, 1]


def test_quartiles_known_answer():
    # 1..9: bounds 1, 3, 5, 7, 9 (a value equal to a bound takes the lower category); never
    # reversed; four values are enough
    assert quartile_categories(np.arange(1.0, 10.0)).tolist() == [1, 1, 1, 2, 2, 3, 3, 4, 4]
    assert quartile_categories([4.0, 3, 2, 1]).tolist() == [4, 3, 2, 1]
    assert np.isnan(quartile_categories([1.0, 2, 3])).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-(10**8), 10**8), min_size=5, max_size=60))
@example(hundredths=[0, 0, 0, -28793478, -28793478])  # found in CI: 10 places split equal values
def test_property_quintiles_ordered(hundredths):
    # Values with a few decimals, as indicators are published (bounds are rounded to 10 places,
    # so values below 1e-10 would not be separated, as in Fingertips).
    values = np.array(hundredths) / 100
    got = quintile_categories(values, 0)
    assert ((got >= 1) & (got <= 5)).all()
    order = np.argsort(values, kind="stable")
    assert (np.diff(got[order]) >= 0).all()
    assert got[np.argmin(values)] == 1


# --- recent trend --------------------------------------------------------------------------

UP = np.array([10.0, 12, 14, 16, 18])
NARROW = 3.92  # a 95% interval this wide means se = 1


def test_trend_regression_known_answer():
    # slope 2, se 1 for every point: Var(slope) = 1 / sum((t - 3)^2) = 0.1, chi2 = 4 / 0.1 = 40
    result = recent_trend(UP, UP - NARROW / 2, UP + NARROW / 2, "lower is better")
    np.testing.assert_allclose(result.chi_square, [40.0], rtol=1e-12)
    np.testing.assert_allclose(result.slope, [2.0], rtol=1e-12)
    assert result.label.tolist() == ["Increasing and getting worse"]
    assert result.significant.tolist() == [True]


@pytest.mark.parametrize(
    ("polarity", "rising", "falling"),
    [
        ("higher is better", "Increasing and getting better", "Decreasing and getting worse"),
        ("lower is better", "Increasing and getting worse", "Decreasing and getting better"),
        ("no judgement", "Increasing", "Decreasing"),
        ("not applicable", "Increasing", "Decreasing"),
    ],
)
def test_trend_labels_follow_polarity(polarity, rising, falling):
    up = recent_trend(UP, UP - 1, UP + 1, polarity)
    down = recent_trend(UP[::-1], UP[::-1] - 1, UP[::-1] + 1, polarity)
    assert up.label.tolist() == [rising]
    assert down.label.tolist() == [falling]


def test_trend_not_significant_when_chi_square_small():
    wide = 40.0  # se about 10: chi2 = 4 / (100 / 10) = 0.4
    result = recent_trend(UP, UP - wide / 2, UP + wide / 2, 1)
    assert result.chi_square[0] < TREND_CHI_SQUARE_LIMIT
    assert result.label.tolist() == [NO_SIGNIFICANT_CHANGE]


def test_trend_needs_a_stable_slope_sign():
    # The full fit rises (chi2 huge), but without the last point the slope falls: no trend.
    values = np.array([20.0, 10, 10, 10, 40])
    result = recent_trend(values, values - 0.1, values + 0.1, 1)
    assert result.chi_square[0] > TREND_CHI_SQUARE_LIMIT
    assert result.label.tolist() == [NO_SIGNIFICANT_CHANGE]


def test_trend_uses_the_last_five_valid_points_in_time_order():
    # Seven periods, given out of order; one has no interval; the oldest falls away.
    time = np.array([2019, 2017, 2018, 2020, 2021, 2022, 2023])
    value = np.array([14.0, 100, 10, 16, 18, 20, 22])
    lower, upper = value - 1, value + 1
    lower[2] = np.nan  # 2018 invalid
    result = recent_trend(value, lower, upper, 1, time=time)
    # used: 2019..2023 = 14, 16, 18, 20, 22 -> rising
    np.testing.assert_allclose(result.slope, [2.0], rtol=1e-12)
    assert result.label.tolist() == ["Increasing and getting better"]


def test_trend_with_fewer_than_five_points_cannot_be_calculated():
    result = recent_trend(UP[:4], UP[:4] - 1, UP[:4] + 1, 1)
    assert result.label.tolist() == [CANNOT_BE_CALCULATED]
    assert np.isnan(result.chi_square[0])


def test_trend_for_proportions_known_answer():
    # Cochran-Armitage: x = 10..50 of 100 each: chi2 = 500 (500*550 - 150*1500)^2 /
    # (150 * 350 * (500*5500 - 1500^2)) = 1000 / 21
    count = np.array([10.0, 20, 30, 40, 50])
    denominator = np.full(5, 100.0)
    value = count / denominator * 100
    result = recent_trend(
        value, value - 1, value + 1, "low is good", count=count, denominator=denominator
    )
    np.testing.assert_allclose(result.chi_square, [1000 / 21], rtol=1e-12)
    logit = np.log(count / (denominator - count))
    np.testing.assert_allclose(result.slope, [np.polyfit(np.arange(1, 6), logit, 1)[0]])
    assert result.label.tolist() == ["Increasing and getting worse"]


def test_trend_for_several_groups_at_once():
    groups = np.repeat(["a", "b", "c"], [5, 5, 3])
    value = np.concatenate([UP, UP[::-1], UP[:3]])
    result = recent_trend(value, value - 1, value + 1, 1, groups=groups)
    assert result.groups.tolist() == ["a", "b", "c"]
    assert result.label.tolist() == [
        "Increasing and getting better",
        "Decreasing and getting worse",
        CANNOT_BE_CALCULATED,
    ]


def test_trend_needs_both_count_and_denominator():
    with pytest.raises(StatsInputError, match="count"):
        recent_trend(UP, UP - 1, UP + 1, 1, count=UP)
