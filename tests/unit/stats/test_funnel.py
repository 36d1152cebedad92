"""Funnel plots (calculate_funnel_limits, assign_funnel_significance, calculate_funnel_points)."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import placematters.stats.funnel as funnel_module
from placematters.stats import StatsInputError
from placematters.stats.funnel import (
    SIGNIFICANCE_LABELS,
    _poisson_funnel,
    _ratio_limit,
    _sigma_adjustment,
    funnel_limits,
    funnel_points,
    funnel_significance,
)
from tests.unit.stats import oracle

FILE = "phe-methods/funnel.json"
CASES = oracle.cases(FILE)
TEXT = {"statistic", "method"}


def _column(case, argument):
    name = case["args"].get(argument)
    if name is None:
        return None
    return np.array([oracle.number(row[name]) for row in case["input"]], dtype=float)


def _limits(case):
    args = case["args"]
    return funnel_limits(
        _column(case, "numerator"),
        _column(case, "denominator"),
        args["statistic"],
        rate=_column(case, "rate"),
        multiplier=args.get("multiplier", 100),
        ratio_type=args.get("ratio_type"),
        rate_type=args.get("rate_type"),
        years_of_data=args.get("years_of_data"),
    )


@pytest.mark.oracle
@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_oracle(case):
    oracle.record(FILE)
    function = case["function"]
    args = case["args"]
    output = case["output"]
    if function == "calculate_funnel_limits":
        result = _limits(case)
        table = result.columns()
        assert set(table) == set(output[0]) - TEXT
        # Rows are matched by the axis value (the table's key).
        axis_name = result.axis_name
        assert [row[axis_name] for row in output] == table[axis_name].tolist()
        for i, row in enumerate(output):
            for column, expected in row.items():
                if column in TEXT:
                    assert getattr(result, column) == expected
                else:
                    assert oracle.close(table[column][i], expected), (row[axis_name], column)
    elif function == "assign_funnel_significance":
        labels = funnel_significance(
            _column(case, "numerator"),
            _column(case, "denominator"),
            args["statistic"],
            rate=_column(case, "rate"),
            rate_type=args.get("rate_type"),
            multiplier=args.get("multiplier"),
        )
        expected = {row["area"]: row["significance"] for row in output}
        for row, label in zip(case["input"], labels, strict=True):
            assert label == expected[row["area"]], row
    elif function == "calculate_funnel_points":
        points = funnel_points(
            _column(case, "numerator"),
            _column(case, "rate"),
            args["rate_type"],
            _column(case, "denominator"),
            args["multiplier"],
            args["years_of_data"],
        )
        expected = {row["area"]: row for row in output}
        chart = f"{args['rate']}_chart"
        for i, row in enumerate(case["input"]):
            want = expected[row["area"]]
            assert oracle.close(points.rate_chart[i], oracle.number(want[chart]))
            assert oracle.close(points.denominator_derived[i], want["denominator_derived"])
    elif function.startswith("poisson_funnel"):
        observed = np.array([row["obs"] for row in output], dtype=float)
        p = np.array([row["p"] for row in output])
        low = np.array([row["side"] == "low" for row in output])
        got = _poisson_funnel(observed, p, low)
        for ours, row in zip(got, output, strict=True):
            assert oracle.close(ours, row["poisson_funnel"]), row
    elif function.startswith("funnel_ratio_significance"):
        for row in output:
            ours = _ratio_limit(
                np.array([row["obs"]], dtype=float),
                np.array([row["expected"]], dtype=float),
                row["p"],
                row["side"],
            )[0]
            assert oracle.close(ours, row["funnel_ratio_significance"]), row
    elif function.startswith("sigma_adjustment"):
        for row in output:
            ours = _sigma_adjustment(
                row["p"],
                np.array([row["population"]], dtype=float),
                row["average_proportion"],
                row["side"],
                1,
            )[0]
            assert oracle.close(ours, row["sigma_adjustment_mult1"]), row
    else:  # pragma: no cover - a new oracle function needs a test
        pytest.fail(f"no test for {function}")


def test_closed_form_series_takes_the_same_bisection_steps(monkeypatch):
    """Above SERIES_MEAN_LIMIT the truncated series is evaluated in closed form: same answers."""
    observed = np.concatenate([np.arange(1.0, 80.0), [97, 150, 333, 512, 777, 1000]])
    grid_o = np.repeat(observed, 4)
    grid_p = np.tile([0.025, 0.025, 0.001, 0.001], len(observed))
    grid_low = np.tile([True, False, True, False], len(observed))
    monkeypatch.setattr(funnel_module, "SERIES_MEAN_LIMIT", np.inf)
    series = _poisson_funnel(grid_o, grid_p, grid_low)
    monkeypatch.setattr(funnel_module, "SERIES_MEAN_LIMIT", -1.0)
    closed = _poisson_funnel(grid_o, grid_p, grid_low)
    np.testing.assert_array_equal(series, closed)


def test_large_counts_are_fast_and_sensible():
    observed = np.array([10.0, 5_000, 200_000])
    result = funnel_limits(observed, observed * 1.05, "ratio", ratio_type="isr")
    assert result.axis[-1] <= 210_000
    # Far out, the limits close in on 100 and bracket it.
    assert (result.lower_3s_limit[-1] < result.lower_2s_limit[-1] < 100) and (
        100 < result.upper_2s_limit[-1] < result.upper_3s_limit[-1]
    )
    assert result.upper_3s_limit[-1] < 101


def test_proportion_limits_are_clipped_and_baseline_is_the_average():
    result = funnel_limits([1.0, 2, 3], [10.0, 10, 10], multiplier=100)
    assert result.baseline == pytest.approx(20.0)
    assert (result.lower_3s_limit >= 0).all() and (result.upper_3s_limit <= 100).all()
    assert result.statistic == "proportion" and result.method == "Wilson"
    assert result.axis[0] == 9  # 0.95 * 10 floored to its leading digit
    assert len(result.axis) == 100


def test_rate_statistic_label_has_a_thousands_separator():
    result = funnel_limits(
        [20.0, 40],
        None,
        "rate",
        rate=[200.0, 400],
        rate_type="dsr",
        multiplier=1000,
        years_of_data=1,
    )
    assert result.statistic == "rate (dsr per 1,000)"


def test_significance_labels_known_answers():
    # Ratios: O/E far above 1 with many events is High (0.001); O = 0 with E = 10 is Low.
    labels = funnel_significance([500.0, 0, 10], [300.0, 10, 10], "ratio")
    assert labels.tolist() == ["High (0.001)", "Low (0.001)", "Not significant"]
    assert set(labels) <= set(SIGNIFICANCE_LABELS)
    # DSRs from fewer than 10 events are not assessed.
    labels = funnel_significance(
        [5.0, 100, 100],
        [1000.0, 1000, 1000],
        "rate",
        rate=[500.0, 10_000, 10],
        rate_type="dsr",
        multiplier=100_000,
    )
    assert labels[0] == "Not applicable for events less than 10 for dsrs"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: funnel_limits([1.0], [2.0], "mean"), "statistic"),
        (lambda: funnel_limits([1.0], [2.0], "ratio"), "ratio_type"),
        (lambda: funnel_limits([1.0], None, "proportion"), "denominator"),
        (lambda: funnel_limits([3.0], [2.0], "proportion"), "numerator"),
        (lambda: funnel_limits([-1.0], [2.0], "proportion"), "numerator"),
        (lambda: funnel_limits([np.nan], [2.0], "proportion"), "numerator"),
        (lambda: funnel_limits([1.0], [0.0], "ratio", ratio_type="count"), "denominator"),
        (lambda: funnel_limits([1.0], None, "rate", rate=[1.0], rate_type="dsr"), "years_of_data"),
        (lambda: funnel_limits([1.0], None, "rate", rate=[1.0], years_of_data=1), "rate_type"),
        (
            lambda: funnel_limits(
                [0.0, 2], None, "rate", rate=[0.0, 1], rate_type="crude", years_of_data=1
            ),
            "denominator",
        ),
        (
            lambda: funnel_limits(
                [2.0], None, "rate", rate=[0.0], rate_type="dsr", years_of_data=1
            ),
            "rate",
        ),
        (
            lambda: funnel_significance([1.0], [2.0], "rate", rate=[5.0], rate_type="dsr"),
            "multiplier",
        ),
        (lambda: funnel_points([0.0], [0.0], "crude"), "denominator"),
        (lambda: funnel_limits([], [], "proportion"), "no rows"),
        (
            lambda: funnel_limits(
                [0.0], None, "rate", rate=[np.nan], rate_type="dsr", years_of_data=1
            ),
            "no area has events",
        ),
        (lambda: funnel_points([1.0], [1.0], "other"), "rate_type"),
    ],
)
def test_bad_input_raises(call, argument):
    with pytest.raises(StatsInputError, match=argument):
        call()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(1, 600)).map(lambda t: (min(t), max(t))),
        min_size=2,
        max_size=25,
    )
)
def test_property_proportion_significance_matches_phstatsmethods(pairs):
    """Second oracle: PHStatsMethods' assign_funnel_significance (the OHID Python port)."""
    from PHStatsMethods import assign_funnel_significance

    numerator = np.array([p[0] for p in pairs], dtype=float)
    denominator = np.array([max(p[1], 1) for p in pairs], dtype=float)
    # An average proportion of exactly 0 or 1 makes the Wilson inversion take the square root of
    # a negative number: R and we give NaN limits (not significant), PHStatsMethods raises.
    assume(0 < numerator.sum() < denominator.sum())
    frame = pd.DataFrame({"num": numerator, "den": denominator})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = assign_funnel_significance(frame, "num", "proportion", denom_col="den")
    ours = funnel_significance(numerator, denominator, "proportion")
    assert ours.tolist() == theirs["significance"].astype(str).tolist()
