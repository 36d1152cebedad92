"""Proportionate allocation (placematters.stats.allocation).

Known answers are worked by hand; each test shows the arithmetic."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError, allocate, deprivation_ramp, largest_remainder


def test_floor_and_need_parts_worked_by_hand():
    # T = 1000, f = 0.4: floor pot 400 split 4 ways = 100 each; need pot 600 by need 1:2:3:4
    # (sum 10) = 60, 120, 180, 240.
    result = allocate(1000, [1, 2, 3, 4], floor_share=0.4)
    np.testing.assert_allclose(result.floor, [100, 100, 100, 100])
    np.testing.assert_allclose(result.need_part, [60, 120, 180, 240])
    np.testing.assert_array_equal(result.amount, [160, 220, 280, 340])
    np.testing.assert_allclose(result.share, [0.16, 0.22, 0.28, 0.34])
    np.testing.assert_allclose(result.equal, [250, 250, 250, 250])


def test_population_weighting_worked_by_hand():
    # T = 1200, f = 0.5, p = 100, 300; need 2, 1. Floor 600 per head: 150, 450.
    # Need pot 600 by p·w = 200, 300 (sum 500): 240, 360. Totals 390, 810.
    result = allocate(1200, [2, 1], population=[100, 300], floor_share=0.5)
    np.testing.assert_allclose(result.floor, [150, 450])
    np.testing.assert_allclose(result.need_part, [240, 360])
    np.testing.assert_array_equal(result.amount, [390, 810])
    np.testing.assert_allclose(result.equal, [300, 900])


def test_gradient_squares_need():
    # g = 2, need 1, 3: weights 1, 9 (sum 10); T = 100, no floor: 10, 90.
    np.testing.assert_array_equal(allocate(100, [1, 3], gradient=2).amount, [10, 90])


def test_largest_remainder_rounding_worked_by_hand():
    # 100 shared equally among 3: quotas 33.33 each; floors 33 x 3 = 99, one unit left goes to
    # the first (ties to the earlier area).
    np.testing.assert_array_equal(allocate(100, [1, 1, 1]).amount, [34, 33, 33])
    # Quotas 1.6, 1.3, 2.1 (sum 5): floors 1, 1, 2; 1 left, largest remainder 0.6 -> first.
    np.testing.assert_array_equal(largest_remainder([1.6, 1.3, 2.1]), [2, 1, 2])
    # Unit of 10: 1000 by need 1, 2 -> 333.3, 666.7 -> 330 + 670.
    np.testing.assert_array_equal(allocate(1000, [1, 2], unit=10).amount, [330, 670])


def test_deprivation_ramp_worked_by_hand():
    # n = 5, ratio 3: w = 1 + 2·(5 - q)/4 -> q 1..5: 3, 2.5, 2, 1.5, 1.
    np.testing.assert_allclose(deprivation_ramp([1, 2, 3, 4, 5], n=5, ratio=3), [3, 2.5, 2, 1.5, 1])
    # Deciles 1 and 10 with ratio 2 and a 50% floor, T = 300: floor 75 each; need pot 150 by
    # weights 2 : 1 = 100, 50. Totals 175, 125.
    result = allocate(300, deprivation_ramp([1, 10], n=10, ratio=2), floor_share=0.5)
    np.testing.assert_array_equal(result.amount, [175, 125])


@pytest.mark.parametrize(
    ("kwargs", "argument", "words"),
    [
        ({"need": [1, -2]}, "need", "row 1 is -2.0; must be zero or more"),
        ({"need": [1, float("nan")]}, "need", "missing"),
        ({"need": []}, "need", "at least one area"),
        ({"need": [1, 2], "floor_share": 1.5}, "floor_share", "from 0 to 1"),
        ({"need": [1, 2], "floor_share": -0.1}, "floor_share", "from 0 to 1"),
        ({"need": [1, 2], "gradient": -1}, "gradient", "zero or more"),
        ({"need": [1, 2], "unit": 0}, "unit", "more than 0"),
        ({"need": [1, 2], "total": 100.5}, "total", "whole number of units"),
        ({"need": [1, 2], "total": -5}, "total", "zero or more"),
        ({"need": [0, 0]}, "need", "need weight is 0"),
        ({"need": [1, 2], "population": [1, -1]}, "population", "zero or more"),
        ({"need": [1, 2], "population": [0, 0]}, "population", "more than 0"),
        ({"need": [1, 2], "population": [1]}, "need", "same length"),
    ],
)
def test_bad_input_is_refused_with_a_specific_error(kwargs, argument, words):
    kwargs = {"total": 100, **kwargs}
    with pytest.raises(StatsInputError) as caught:
        allocate(**kwargs)
    assert caught.value.argument == argument
    assert words in str(caught.value)


def test_ramp_checks():
    with pytest.raises(StatsInputError, match="ratio: must be 1 or more"):
        deprivation_ramp([1, 2], ratio=0.5)
    with pytest.raises(StatsInputError, match="whole number from 1 to 5"):
        deprivation_ramp([1, 6], n=5)


def test_all_need_zero_is_fine_when_everything_is_floor():
    np.testing.assert_array_equal(allocate(10, [0, 0], floor_share=1).amount, [5, 5])


needs = st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=30).filter(
    lambda values: sum(values) > 0
)
totals = st.integers(0, 10_000_000)


@settings(max_examples=200, deadline=None)
@given(
    total=totals,
    need=needs,
    floor_share=st.floats(0, 1),
    gradient=st.floats(0, 3),
    unit=st.sampled_from([1, 10, 100]),
)
def test_sums_exactly_to_the_total(total, need, floor_share, gradient, unit):
    total = total - total % unit
    result = allocate(total, need, floor_share=floor_share, gradient=gradient, unit=unit)
    assert result.amount.sum() == pytest.approx(total, abs=1e-6)
    assert np.all(np.mod(result.amount, unit) == 0)
    assert np.all(result.amount >= 0)


@settings(max_examples=200, deadline=None)
@given(total=totals, need=needs, floor_share=st.floats(0, 1), gradient=st.floats(0, 3))
def test_monotone_in_need(total, need, floor_share, gradient):
    result = allocate(total, need, floor_share=floor_share, gradient=gradient)
    x = np.asarray(need)
    for i in range(len(x)):
        for j in range(len(x)):
            if x[i] > x[j]:
                assert result.amount[i] >= result.amount[j]


@settings(max_examples=200, deadline=None)
@given(
    total=totals,
    need=needs,
    floor_share=st.floats(0, 1),
    population=st.lists(st.integers(1, 5000), min_size=30, max_size=30),
)
def test_no_gradient_gives_the_equal_or_per_head_share(total, need, floor_share, population):
    population = population[: len(need)]
    flat = allocate(total, need, floor_share=floor_share, gradient=0)
    assert np.all(np.abs(flat.amount - total / len(need)) <= 1)
    per_head = allocate(total, need, population=population, floor_share=floor_share, gradient=0)
    np.testing.assert_allclose(per_head.floor + per_head.need_part, per_head.equal, atol=1e-6)
    assert np.all(np.abs(per_head.amount - per_head.equal) < 1 + 1e-6)
    ramp = allocate(total, deprivation_ramp(np.ones(len(need)) * 3, ratio=1), floor_share=0.2)
    assert np.all(np.abs(ramp.amount - total / len(need)) <= 1)


@settings(max_examples=200, deadline=None)
@given(
    total=totals,
    need=needs,
    floor_share=st.floats(0, 1),
    gradient=st.floats(0, 3),
    population=st.one_of(st.none(), st.lists(st.integers(1, 5000), min_size=30, max_size=30)),
)
def test_floor_is_respected(total, need, floor_share, gradient, population):
    if population is not None:
        population = population[: len(need)]
    result = allocate(
        total, need, population=population, floor_share=floor_share, gradient=gradient
    )
    assert result.floor.sum() == pytest.approx(floor_share * total, rel=1e-9, abs=1e-6)
    # Rounding never takes an area more than one unit below its floor.
    assert np.all(result.amount >= result.floor - 1 - 1e-6)
