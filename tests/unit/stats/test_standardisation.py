"""Directly and indirectly standardised rates: the reference's answers, properties, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import (
    ESP2013,
    ESP2013_BANDS,
    ESP2013_BY_BAND,
    StatsInputError,
    dsr,
    isr_rate,
    isr_ratio,
    rate,
)
from placematters.stats.results import DSRResult, ISRResult
from tests.unit.stats import oracle
from tests.unit.stats.test_frames import (
    DSR,
    ISR,
    assert_frame_matches,
    assert_rows_match,
    column,
    confidence_arg,
    group_arrays,
    group_key_columns,
    reference_vectors,
    result_rows,
    row_keys,
    run_frame,
)

# --- the reference's answers (PHEindicatormethods 2.1.0) -----------------------------------


def _dsr(case):
    args = case["args"]
    extra = {}
    if args.get("independent_events") is False:
        extra = {
            "bands": [row[args["ageband"]] for row in case["input"]],
            "event_frequency": column(case, args["eventfreq"]),
        }
    standard = None if case["function"] == "phe_dsr" else column(case, args["stdpop"])
    return dsr(
        column(case, args["x"]),
        column(case, args["n"]),
        standard,
        group_arrays(case),
        confidence_arg(case),
        args.get("multiplier", 100_000),
        **extra,
    )


def _isr(case):
    args = case["args"]
    if args.get("refpoptype") == "field":
        x_ref, n_ref = column(case, args["x_ref"]), column(case, args["n_ref"])
    else:
        x_ref, n_ref = reference_vectors()
    observed = {"x": column(case, args["x"]) if "observed_totals" not in args else None}
    if "observed_totals" in args:
        totals = case["args_tables"]["observed_totals"]
        observed["observed_totals"] = [row["observed"] for row in totals]
        observed["observed_groups"] = np.array([row["area"] for row in totals])
    common = {"groups": group_arrays(case), "confidence": confidence_arg(case), **observed}
    n = column(case, args["n"])
    if case["function"] == "calculate_ISRatio":
        return isr_ratio(n=n, x_ref=x_ref, n_ref=n_ref, refvalue=args.get("refvalue", 1), **common)
    return isr_rate(
        n=n, x_ref=x_ref, n_ref=n_ref, multiplier=args.get("multiplier", 100_000), **common
    )


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


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(DSR), ids=lambda case: case["case"])
def test_dsr_matches_reference(case):
    _check_case(DSR, case, _dsr, {"total_count": "total_count", "total_pop": "total_pop"})


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(ISR), ids=lambda case: case["case"])
def test_isr_matches_reference(case):
    extra = {"observed": "observed", "expected": "expected"}
    if case["function"] == "calculate_ISRate":
        extra["ref_rate"] = "ref_rate"
    _check_case(ISR, case, _isr, extra)


# --- the standard population ---------------------------------------------------------------


def test_esp2013_is_the_reference_standard():
    assert ESP2013.sum() == 100_000
    assert ESP2013.tolist() == oracle.load(DSR)["meta"]["esp2013"]
    assert list(ESP2013_BANDS) == oracle.load(DSR)["meta"]["esp2013_agebands"]
    assert ESP2013_BY_BAND["90+"] == 1000
    with pytest.raises(ValueError, match="read-only"):
        ESP2013[0] = 1


def _areas(rng, areas=3):
    n = rng.integers(500, 20_000, size=19 * areas).astype(float)
    x = rng.poisson(n * 0.01).astype(float)
    groups = np.repeat(np.arange(areas), 19)
    return x, n, groups


def test_standard_by_default_position_label_row_or_mapping_agree():
    x, n, groups = _areas(np.random.default_rng(1))
    bands = np.tile(ESP2013_BANDS, 3)
    by_position = dsr(x, n, groups=groups)
    by_label = dsr(x, n, groups=groups, bands=bands)
    per_row = dsr(x, n, np.tile(ESP2013, 3), groups)
    by_mapping = dsr(x, n, dict(ESP2013_BY_BAND), groups, bands=bands)
    for other in (by_label, per_row, by_mapping):
        np.testing.assert_array_equal(other.value, by_position.value)
        np.testing.assert_array_equal(other.upper, by_position.upper)
    assert isinstance(by_position, DSRResult)
    assert by_position.groups.tolist() == [0, 1, 2]


def test_groups_may_cover_different_bands_when_the_standard_is_per_row():
    # An under-75 DSR for one area and an all-age DSR for another, in one call.
    x = np.r_[np.full(15, 20.0), np.full(19, 20.0)]
    n = np.full(34, 1000.0)
    standard = np.r_[ESP2013[:15], ESP2013]
    result = dsr(x, n, standard, np.r_[np.zeros(15), np.ones(19)])
    assert result.value.tolist() == pytest.approx([2000.0, 2000.0])
    assert result.total_count.tolist() == [300.0, 380.0]


def test_dsr_suppressed_below_ten_events():
    result = dsr(np.r_[np.full(9, 1.0), np.zeros(10)], np.full(19, 1000.0))
    assert np.isnan(result.value[0]) and np.isnan(result.lower[0]) and np.isnan(result.upper[0])
    assert result.statistic[0] == "dsr NA for total count < 10"
    assert result.total_count[0] == 9


def test_non_independent_events_with_one_event_each_equal_independent_events():
    x, n, groups = _areas(np.random.default_rng(2))
    bands = np.tile(np.arange(19), 3)
    independent = dsr(x, n, groups=groups)
    frequencies = dsr(x, n, groups=groups, bands=np.tile(ESP2013_BANDS, 3), event_frequency=1)
    np.testing.assert_allclose(frequencies.value, independent.value, rtol=1e-13)
    np.testing.assert_allclose(frequencies.lower, independent.lower, rtol=1e-13)
    assert frequencies.method[0] == "Dobson, with confidence adjusted for non-independent events"
    # Splitting people into frequency 2 rows adds events and widens the interval.
    twice = dsr(
        np.r_[x, x],
        np.r_[n, n],
        np.tile(ESP2013, 6),
        np.r_[groups, groups],
        bands=np.r_[bands, bands],
        event_frequency=np.r_[np.ones(57), np.full(57, 2.0)],
    )
    assert twice.total_count.tolist() == (3 * independent.total_count).tolist()
    assert twice.total_pop.tolist() == independent.total_pop.tolist()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dsr([-1] + [1] * 18, [10] * 19), r"^x: row 0 is -1\.0; must be zero or more$"),
        (lambda: dsr([1] * 19, [10] * 18 + [0]), r"^n: row 18 is 0\.0; must be greater than zero"),
        (lambda: dsr([1] * 19, [10] * 18 + [np.nan]), r"^n: row 18 is nan; must not be missing"),
        (lambda: dsr([1] * 4, [10] * 4, [1, np.nan, 1, 1]), r"^standard: row 1 is nan"),
        (lambda: dsr([1] * 4, [10] * 4, [1, -1, 1, 1]), r"^standard: row 1 is -1\.0"),
        (lambda: dsr([1] * 15, [10] * 15), r"^standard: has 19 values, neither one per row"),
        (
            lambda: dsr([1] * 3, [10] * 3, bands=["0-4", "5-9", "100+"]),
            r"^bands: row 2 is '100\+'; band '100\+' has no standard population",
        ),
        (lambda: dsr([1], [10], {"a": 1}), r"^bands: needed to look up"),
        (lambda: dsr([1] * 19, [10] * 19, event_frequency=1), r"^bands: needed with event_freq"),
        (
            lambda: dsr([1, 1], [10, 11], [1, 1], bands=["a", "a"], event_frequency=[1, 2]),
            r"^n: row 1 is 11\.0; must be the same on every event-frequency row",
        ),
        (lambda: dsr([1] * 19, [10] * 19, multiplier=-5), r"^multiplier:"),
        (lambda: dsr([1] * 19, [10] * 19, confidence=[0.95, 0.99]), r"^confidence:"),
    ],
)
def test_dsr_input_errors(call, message):
    with pytest.raises(StatsInputError, match=message):
        call()


# --- indirect standardisation ----------------------------------------------------------------


def test_ratio_is_one_when_local_rates_equal_the_reference():
    n = np.array([1000.0, 2000, 3000, 4000])
    x_ref, n_ref = np.array([10.0, 40, 90, 160]), np.array([1000.0, 2000, 3000, 4000])
    x = x_ref / n_ref * n
    result = isr_ratio(x, n, x_ref, n_ref, refvalue=100)
    assert isinstance(result, ISRResult)
    assert result.value[0] == pytest.approx(100)
    assert result.observed[0] == result.expected[0] == 300
    assert result.lower[0] < 100 < result.upper[0]
    assert result.statistic[0] == "indirectly standardised ratio x 100"
    assert result.ref_rate is None


def test_rate_is_ratio_times_reference_rate():
    rng = np.random.default_rng(3)
    n = rng.integers(100, 5000, 40).astype(float)
    x = rng.poisson(n * 0.02).astype(float)
    x_ref = rng.integers(50, 500, 10).astype(float)
    n_ref = rng.integers(5000, 20_000, 10).astype(float)
    groups = np.repeat(list("abcd"), 10)
    ratio = isr_ratio(x, n, x_ref, n_ref, groups)
    per_100k = isr_rate(x, n, x_ref, n_ref, groups)
    expected_rate = x_ref.sum() / n_ref.sum() * 100_000
    np.testing.assert_allclose(per_100k.ref_rate, expected_rate, rtol=1e-14)
    np.testing.assert_allclose(per_100k.value, ratio.value * expected_rate, rtol=1e-12)
    np.testing.assert_allclose(per_100k.upper, ratio.upper * expected_rate, rtol=1e-12)


def test_zero_observed_gives_zero_and_the_exact_upper_limit():
    result = isr_ratio([0, 0], [100, 100], [1, 1], [100, 100])
    assert (result.value[0], result.lower[0]) == (0.0, 0.0)
    assert result.upper[0] == pytest.approx(3.6888794541139363 / 2)
    assert result.method[0] == "Exact"


def test_observed_totals_for_several_key_columns():
    groups = [np.array(["a", "a", "b", "b"]), np.array([1, 1, 1, 1])]
    totals = isr_ratio(
        None,
        [10, 10, 10, 10],
        [1, 1],
        [10, 10],
        groups,
        observed_totals=[4, 6],
        observed_groups=[np.array(["b", "a"]), np.array([1, 1])],
    )
    assert totals.observed.tolist() == [6, 4]
    assert totals.groups.tolist() == [("a", 1), ("b", 1)]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: isr_ratio(None, [1], [1], [1]), r"^x: give the observed events"),
        (
            lambda: isr_ratio([1], [1], [1], [1], observed_totals=[1]),
            r"^x: give either age-specific x or observed_totals",
        ),
        (lambda: isr_ratio([1, -1], [1, 1], [1, 1], [1, 1]), r"^x: row 1 is -1\.0"),
        (lambda: isr_ratio([1, 1], [1, -3], [1, 1], [1, 1]), r"^n: row 1 is -3\.0"),
        (lambda: isr_ratio([1, 1], [1, 1], [1, 1], [1, 0]), r"^n_ref: row 1 is 0\.0"),
        (
            lambda: isr_ratio([1] * 4, [1] * 4, [1] * 3, [1] * 3, [0, 0, 1, 1]),
            r"^x_ref: has 3 values, neither one per row",
        ),
        (
            lambda: isr_rate(None, [1, 1], [1], [1], ["a", "b"], observed_totals=[1, 2]),
            r"^observed_groups: needed",
        ),
        (
            lambda: isr_rate(
                None,
                [1, 1],
                [1],
                [1],
                ["a", "b"],
                observed_totals=[1, 2],
                observed_groups=["a", "a"],
            ),
            r"^observed_groups: row 1 .*has the same group twice",
        ),
        (lambda: isr_rate([1], [1], [1], [1], multiplier=0), r"^multiplier:"),
    ],
)
def test_isr_input_errors(call, message):
    with pytest.raises(StatsInputError, match=message):
        call()


# --- properties ----------------------------------------------------------------------------


@st.composite
def banded_areas(draw):
    areas = draw(st.integers(min_value=1, max_value=6))
    bands = draw(st.integers(min_value=1, max_value=19))
    size = areas * bands
    n = np.array(draw(st.lists(st.integers(1, 10**6), min_size=size, max_size=size)), float)
    x = np.array(draw(st.lists(st.integers(0, 2000), min_size=size, max_size=size)), float)
    standard = np.array(draw(st.lists(st.integers(0, 10_000), min_size=bands, max_size=bands)))
    return x, n, standard.astype(float), np.repeat(np.arange(areas), bands), bands


@settings(max_examples=150, deadline=None)
@given(banded_areas())
def test_grouped_dsr_equals_each_group_alone(data):
    x, n, standard, groups, _ = data
    together = dsr(x, n, standard, groups, confidence=[0.95, 0.998])
    for area in np.unique(groups):
        rows = groups == area
        alone = dsr(x[rows], n[rows], standard, confidence=[0.95, 0.998])
        for attribute in ("value", "total_count", "total_pop"):
            np.testing.assert_allclose(
                getattr(together, attribute)[area], getattr(alone, attribute)[0], rtol=1e-12
            )
        for level in (0.95, 0.998):
            np.testing.assert_allclose(
                together.lower[level][area], alone.lower[level][0], rtol=1e-12
            )


@settings(max_examples=150, deadline=None)
@given(banded_areas())
def test_dsr_limits_contain_value_and_widen(data):
    x, n, standard, groups, _ = data
    result = dsr(x, n, standard, groups, confidence=[0.95, 0.998])
    shown = ~np.isnan(result.value)
    assert np.all(result.lower[0.998][shown] <= result.lower[0.95][shown])
    assert np.all(result.lower[0.95][shown] <= result.value[shown] * (1 + 1e-12))
    assert np.all(result.value[shown] <= result.upper[0.95][shown] * (1 + 1e-12))
    assert np.all(result.upper[0.95][shown] <= result.upper[0.998][shown])
    assert not shown[result.total_count < 10].any()  # suppressed below 10 events
    assert shown[(result.total_count >= 10) & (standard.sum() > 0)].all()  # else 0/0


@settings(max_examples=150, deadline=None)
@given(banded_areas())
def test_dsr_with_the_local_population_as_standard_is_the_crude_rate(data):
    x, n, _, groups, _ = data
    result = dsr(x, n, n, groups)
    crude = rate(x, n, groups)
    shown = result.total_count >= 10
    np.testing.assert_allclose(result.value[shown], crude.value[shown], rtol=1e-9)
    np.testing.assert_allclose(result.lower[shown], crude.lower[shown], rtol=1e-9)
    np.testing.assert_allclose(result.upper[shown], crude.upper[shown], rtol=1e-9)


@settings(max_examples=150, deadline=None)
@given(banded_areas())
def test_grouped_isr_equals_each_group_alone(data):
    x, n, standard, groups, bands = data
    x_ref = standard + 1
    n_ref = np.full(bands, 1e6)
    together = isr_rate(x, n, x_ref, n_ref, groups, confidence=[0.95, 0.998])
    for area in np.unique(groups):
        rows = groups == area
        alone = isr_rate(x[rows], n[rows], x_ref, n_ref, confidence=[0.95, 0.998])
        np.testing.assert_allclose(together.value[area], alone.value[0], rtol=1e-12)
        np.testing.assert_allclose(together.upper[0.998][area], alone.upper[0.998][0], rtol=1e-12)
        assert together.lower[0.95][area] <= together.value[area] <= together.upper[0.95][area]
