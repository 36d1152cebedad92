"""Proportions, crude rates and means: the reference's answers, properties, and input errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError, mean, proportion, rate
from placematters.stats.results import MeanResult, ProportionResult, RateResult
from tests.unit.stats import oracle
from tests.unit.stats.test_frames import (
    MEAN,
    PROPORTION,
    RATE,
    assert_frame_matches,
    assert_rows_match,
    column,
    confidence_arg,
    group_arrays,
    group_key_columns,
    result_rows,
    row_keys,
    run_frame,
)

# --- the reference's answers (PHEindicatormethods 2.1.0) -----------------------------------


def _check_case(file, case, compute, extra):
    oracle.record(file)
    if case["error"] is not None:
        with pytest.raises(StatsInputError):
            run_frame(file, case)
        with pytest.raises(StatsInputError):
            compute(case)
        return
    assert_frame_matches(file, case, run_frame(file, case))
    result = compute(case)
    rows = result_rows(result, group_key_columns(case, result), extra)
    assert_rows_match(file, case, rows, row_keys(file, case), partial=True)


def _proportion(case):
    args = case["args"]
    return proportion(
        column(case, args["x"]),
        column(case, args["n"]),
        group_arrays(case),
        confidence_arg(case),
        args.get("multiplier", 1),
    )


def _rate(case):
    args = case["args"]
    return rate(
        column(case, args["x"]),
        column(case, args["n"]),
        groups=group_arrays(case),
        confidence=confidence_arg(case),
        multiplier=args.get("multiplier", 100_000),
    )


def _mean(case):
    return mean(column(case, case["args"]["x"]), group_arrays(case), confidence_arg(case))


def _totals(case):
    """Grouped proportions/rates report the summed x and n under the input's column names."""
    if not case.get("group_by"):
        return {}
    return {"numerator": case["args"]["x"], "denominator": case["args"]["n"]}


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(PROPORTION), ids=lambda case: case["case"])
def test_proportion_matches_reference(case):
    _check_case(PROPORTION, case, _proportion, _totals(case))


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(RATE), ids=lambda case: case["case"])
def test_rate_matches_reference(case):
    _check_case(RATE, case, _rate, _totals(case))


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(MEAN), ids=lambda case: case["case"])
def test_mean_matches_reference(case):
    extra = {"value_sum": "value_sum", "value_count": "value_count", "stdev": "stdev"}
    _check_case(MEAN, case, _mean, extra)


# --- shape of the results ------------------------------------------------------------------


def test_ungrouped_proportion_is_row_wise_and_grouped_sums():
    row_wise = proportion([1, 2, 3], [10, 10, 10])
    assert isinstance(row_wise, ProportionResult)
    assert row_wise.groups.tolist() == [0, 1, 2]
    assert row_wise.value.tolist() == [0.1, 0.2, 0.3]
    grouped = proportion([1, 2, 3], [10, 10, 10], groups=["b", "a", "b"])
    assert grouped.groups.tolist() == ["a", "b"]
    assert grouped.numerator.tolist() == [2, 4]
    assert grouped.denominator.tolist() == [10, 20]
    assert grouped.value.tolist() == [0.2, 0.2]


def test_one_group_is_aggregated_not_row_wise():
    # R treats a grouping with exactly one group row-wise; we aggregate it (documented).
    assert len(rate([1, 2], [10, 10], groups=["a", "a"])) == 1


def test_several_levels_give_dicts_keyed_by_fraction():
    result = rate([5, 50], [1000, 1000], confidence=(95, 99.8))
    assert isinstance(result, RateResult)
    assert set(result.lower) == {0.95, 0.998}
    assert result.confidence == (0.95, 0.998)
    assert result.confidence_label == "95%, 99.8%"
    low95, high95 = result.limits(0.95)
    assert np.all(result.lower[0.998] < low95) and np.all(high95 < result.upper[0.998])
    assert result.method.tolist() == ["Exact", "Byars"]


def test_proportion_without_confidence_has_no_limits():
    result = proportion([1, 2], [4, 4], confidence=None, multiplier=100)
    assert result.lower is None and result.upper is None
    assert result.confidence == ()
    assert result.statistic.tolist() == ["percentage", "percentage"]
    with pytest.raises(ValueError, match="no confidence limits"):
        result.limits()


def test_results_are_frozen_and_leave_the_inputs_writable():
    x = np.array([1.0, 2.0])
    result = proportion(x, np.array([4.0, 4.0]))
    with pytest.raises(AttributeError):
        result.value = np.zeros(2)
    with pytest.raises(ValueError, match="read-only"):
        result.numerator[0] = 5
    x[0] = 3.0  # the caller's array stays theirs
    assert result.numerator[0] == 1.0 or result.numerator is not x


def test_mean_one_group_and_single_values():
    result = mean([1.0, 2.0, 3.0, 4.0, 5.0])
    assert isinstance(result, MeanResult)
    assert result.groups.tolist() == [None]
    assert result.value[0] == 3.0
    assert result.lower[0] == pytest.approx(1.036757, abs=1e-6)
    single = mean([7.0], groups=["a"])
    assert math.isnan(single.stdev[0]) and math.isnan(single.lower[0])


def test_missing_values_propagate_per_group():
    result = rate([1, np.nan, 3, 4], [10, 10, 10, 10], groups=[1, 1, 2, 2])
    assert np.isnan(result.value[0]) and result.method[0] is None
    assert result.value[1] == pytest.approx(35_000)


def test_several_key_columns():
    result = proportion(
        [1, 2, 3, 4], [10, 10, 10, 10], groups=[np.array(["a", "a", "b", "b"]), [1, 2, 1, 1]]
    )
    assert result.groups.tolist() == [("a", 1), ("a", 2), ("b", 1)]
    assert result.numerator.tolist() == [1, 2, 7]


# --- input errors: StatsInputError naming the argument, the row and the rule ----------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion([1, -1], [5, 5]), r"^x: row 1 is -1\.0; must be zero or more$"),
        (lambda: proportion([1, 6], [5, 5]), r"^x: row 1 is 6\.0; must not be greater than n"),
        (lambda: proportion([1, 1], [5, 0]), r"^n: row 1 is 0\.0; must be greater than zero$"),
        (lambda: proportion([1, 1], [5, 5, 5]), r"^x: all arrays must have the same length"),
        (lambda: rate([1], [5], confidence=0.8), r"^confidence: row 0 is 0\.8; must lie"),
        (lambda: rate([1], [5], confidence=101), r"^confidence:"),
        (lambda: rate([1], [5], confidence=[0.9, 0.95]), r"^confidence: two confidence"),
        (lambda: rate([1], [5], confidence=[0.95, 0.99, 0.998]), r"^confidence: give at most"),
        (lambda: rate([1], [5], multiplier=0), r"^multiplier: must be a finite number"),
        (lambda: rate([-2, 1], [5, 5]), r"^x: row 0 is -2\.0"),
        (lambda: mean([1, 2], groups=["a"]), r"^groups: must be one key per row"),
    ],
)
def test_input_errors(call, message):
    with pytest.raises(StatsInputError, match=message):
        call()


def test_rate_allows_numerator_above_denominator():
    assert rate([150], [100]).value[0] == 150_000


# --- properties ----------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=100_000)


@st.composite
def proportion_rows(draw):
    size = draw(st.integers(min_value=1, max_value=30))
    n = np.array(draw(st.lists(st.integers(1, 100_000), min_size=size, max_size=size)), float)
    fractions = np.array(draw(st.lists(st.floats(0, 1), min_size=size, max_size=size)))
    x = np.floor(n * fractions)
    groups = np.array(draw(st.lists(st.integers(0, 4), min_size=size, max_size=size)))
    return x, n, groups


@settings(max_examples=200, deadline=None)
@given(proportion_rows(), st.sampled_from([0.9, 0.95, 0.99, 0.998]))
def test_proportion_limits_contain_value_lie_in_unit_interval_and_widen(rows, level):
    x, n, _ = rows
    result = proportion(x, n, confidence=level)
    low, high = result.limits()
    wide_low, wide_high = proportion(x, n, confidence=0.9999).limits()
    tolerance = 1e-12
    assert np.all(low >= -tolerance) and np.all(high <= 1 + tolerance)
    assert np.all(low <= result.value + tolerance) and np.all(result.value <= high + tolerance)
    assert np.all(wide_low <= low + tolerance) and np.all(high <= wide_high + tolerance)


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=30), st.sampled_from([0.9, 0.95, 0.998]))
def test_rate_limits_contain_value_and_widen(events, level):
    x = np.array(events, dtype=float)
    n = np.full(len(x), 50_000.0)
    narrow = rate(x, n, confidence=level)
    wide = rate(x, n, confidence=0.9999)
    assert np.all(narrow.lower <= narrow.value) and np.all(narrow.value <= narrow.upper)
    assert np.all(wide.lower <= narrow.lower) and np.all(narrow.upper <= wide.upper)


@settings(max_examples=200, deadline=None)
@given(proportion_rows(), st.sampled_from([1, 100, 1000]))
def test_grouped_results_equal_ungrouped_results_of_summed_rows(rows, multiplier):
    x, n, groups = rows
    keys = np.unique(groups)
    summed_x = np.array([x[groups == key].sum() for key in keys])
    summed_n = np.array([n[groups == key].sum() for key in keys])
    for function in (proportion, rate):
        grouped = function(x, n, groups, 0.95, multiplier)
        ungrouped = function(summed_x, summed_n, None, 0.95, multiplier)
        assert grouped.groups.tolist() == keys.tolist()
        for attribute in ("value", "lower", "upper"):
            np.testing.assert_allclose(
                getattr(grouped, attribute), getattr(ungrouped, attribute), rtol=1e-12
            )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False), min_size=2, max_size=40)
)
def test_mean_limits_contain_the_mean_and_match_numpy(values):
    result = mean(values, confidence=[0.95, 0.998])
    assert result.value[0] == pytest.approx(np.mean(values), rel=1e-9, abs=1e-6)
    assert result.stdev[0] == pytest.approx(np.std(values, ddof=1), rel=1e-9, abs=1e-6)
    assert result.lower[0.998][0] <= result.lower[0.95][0] <= result.value[0]
    assert result.value[0] <= result.upper[0.95][0] <= result.upper[0.998][0]
