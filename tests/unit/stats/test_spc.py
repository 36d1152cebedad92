"""XmR charts with Making Data Count rules (placematters.stats.spc).

Known answers come from short series worked by hand; each test shows the arithmetic. Constants:
process limits = mean ± 2.66 x MR̄; two-sigma lines = mean ± (2/3)(2.66) MR̄ = mean ± 1.773333 MR̄.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError
from placematters.stats import spc as S
from placematters.stats.spc import xmr

C, IMP, K, N, M = (
    S.COMMON_CAUSE,
    S.SPECIAL_CAUSE_IMPROVEMENT,
    S.SPECIAL_CAUSE_CONCERN,
    S.SPECIAL_CAUSE_NEITHER,
    S.MISSING,
)


def flagged(mask: np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask)]


# Series A: one astronomical point.
A = [10, 12, 11, 13, 12, 30, 11, 12, 10, 11]
# sum = 132, n = 10 -> mean 13.2
# moving ranges 2, 1, 2, 1, 18, 19, 1, 2, 1 -> sum 47, MR̄ = 47/9 = 5.222222
# limits 13.2 ± 2.66 x 47/9 = 13.2 ± 13.891111 -> 27.091111 and -0.691111
# two-sigma 13.2 ± 1.773333 x 47/9 = 13.2 ± 9.260741 -> 22.460741 and 3.939259
A_MEAN, A_MR = 13.2, 47 / 9
A_UPPER, A_LOWER = 27.091111111, -0.691111111


def test_limits_and_a_point_beyond_them() -> None:
    r = xmr(A, improvement="increase")
    np.testing.assert_allclose(r.mean, A_MEAN)
    np.testing.assert_allclose(r.mean_moving_range, A_MR)
    np.testing.assert_allclose(r.upper_limit, A_UPPER)
    np.testing.assert_allclose(r.lower_limit, A_LOWER)
    np.testing.assert_allclose(r.upper_two_sigma, 22.460740741)
    np.testing.assert_allclose(r.lower_two_sigma, 3.939259259)
    np.testing.assert_allclose(r.moving_range, [np.nan, 2, 1, 2, 1, 18, 19, 1, 2, 1])
    assert flagged(r.beyond_limits) == [5]  # 30 > 27.09
    # 10, 12, 11, 13, 12 below the mean (5 < 7); no steady rises; only 30 beyond two sigma
    assert not r.run.any() and not r.trend.any() and not r.two_of_three.any()
    assert flagged(r.special_cause) == [5] and flagged(r.high) == [5] and not r.low.any()
    assert list(r.variation) == [C] * 5 + [IMP] + [C] * 4
    assert list(xmr(A, improvement="decrease").variation) == [C] * 5 + [K] + [C] * 4
    assert list(xmr(A).variation) == [C] * 5 + [N] + [C] * 4
    assert list(r.segment) == [0] * 10
    assert r.latest_variation[0] == C
    assert r.groups[0] is None
    assert len(r) == 10


def test_run_on_one_side_of_the_mean() -> None:
    values = [3, 7, 3, 7, 3, 6, 6, 6, 6, 6, 6, 6]
    # sum = 23 + 42 = 65, mean = 65/12 = 5.416667
    # moving ranges 4, 4, 4, 4, 3, 0 x 6 -> 19/11 = 1.727273
    # limits 5.416667 ± 4.594545 -> 10.011212 / 0.822121; two-sigma ± 3.063030 ->
    # 8.479697 / 2.353636: every point lies inside them
    r = xmr(values, improvement="increase")
    np.testing.assert_allclose(r.mean[0], 65 / 12)
    np.testing.assert_allclose(r.upper_limit[0], 10.011212121)
    np.testing.assert_allclose(r.lower_two_sigma[0], 2.353636364)
    # the seven 6s (rows 5-11) sit above the mean
    assert flagged(r.run) == list(range(5, 12))
    assert not r.beyond_limits.any() and not r.trend.any() and not r.two_of_three.any()
    assert list(r.variation) == [C] * 5 + [IMP] * 7
    assert not xmr(values, run_length=8).run.any()  # seven is not eight
    # rows 0-4 alternate around the mean: no run even of 6
    assert flagged(xmr(values, run_length=6).run) == list(range(5, 12))


def test_trend_counts_the_point_it_starts_from() -> None:
    values = [5, 4, 5, 6, 7, 8, 9, 5, 4, 5]
    # sum 58, mean 5.8; moving ranges 1,1,1,1,1,1,4,1,1 -> 12/9 = 1.333333
    # limits 5.8 ± 3.546667 -> 9.346667 / 2.253333; two-sigma ± 2.364444 -> 8.164444 / 3.435556
    # rows 1-6 (4, 5, 6, 7, 8, 9): five rises, six points -> a trend of 6
    r = xmr(values, improvement="increase")
    np.testing.assert_allclose(r.mean[0], 5.8)
    np.testing.assert_allclose(r.mean_moving_range[0], 12 / 9)
    assert flagged(r.trend) == [1, 2, 3, 4, 5, 6]
    # only 9 is beyond two sigma (one of three is not enough); the longest run is 4
    assert not r.beyond_limits.any() and not r.run.any() and not r.two_of_three.any()
    # a rising trend is an improvement when increase is better, even below the mean (rows 1-2)
    assert list(r.variation) == [C] + [IMP] * 6 + [C] * 3
    assert flagged(r.high) == [1, 2, 3, 4, 5, 6] and not r.low.any()
    assert list(xmr(values, improvement="decrease").variation) == [C] + [K] * 6 + [C] * 3
    assert not xmr(values, trend_length=7).trend.any()  # NHSRplotthedots' seven points
    # a repeated value ends a trend
    assert not xmr([5, 4, 5, 6, 7, 7, 8, 9, 5, 4, 5]).trend.any()


def test_two_of_three_beyond_two_sigma() -> None:
    values = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 15, 15, 10]
    # sum 140, n 13, mean 10.769231; moving ranges 1,2,1,1,2,1,1,2,1,5,0,5 -> 22/12 = 1.833333
    # limits 10.769231 ± 4.876667 -> 15.645897 / 5.892564 (15 is inside)
    # two-sigma ± 3.251111 -> 14.020342 / 7.518120 (both 15s are beyond the upper one)
    r = xmr(values, improvement="decrease")
    np.testing.assert_allclose(r.upper_limit[0], 15.645897436)
    np.testing.assert_allclose(r.upper_two_sigma[0], 14.020341880)
    assert flagged(r.two_of_three) == [10, 11]  # the third point (row 12) is not flagged
    assert not r.beyond_limits.any() and not r.run.any() and not r.trend.any()
    assert list(r.variation) == [C] * 10 + [K, K, C]


def test_two_of_three_needs_the_same_side() -> None:
    values = [10, 11] * 10 + [15, 10, 5]
    # mean (210 + 30)/23 = 10.434783; moving ranges 1 x 19, 4, 5, 5 -> 33/22 = 1.5
    # limits ± 3.99 -> 14.424783 / 6.444783; two-sigma ± 2.66 -> 13.094783 / 7.774783
    # 15 and 5 are beyond opposite two-sigma lines (and beyond the limits): no two-of-three
    r = xmr(values)
    np.testing.assert_allclose(r.mean[0], 240 / 23)
    np.testing.assert_allclose(r.mean_moving_range[0], 1.5)
    assert flagged(r.beyond_limits) == [20, 22]
    assert not r.two_of_three.any()
    assert flagged(r.high) == [20] and flagged(r.low) == [22]
    assert r.variation[20] == N and r.variation[22] == N


def test_signals_both_ways_report_improvement() -> None:
    values = [5, 6, 5, 6, 5, 6, 30, 25, 20, 15, 10, 5]
    # sum 138, mean 11.5; moving ranges 1,1,1,1,1,24,5,5,5,5,5 -> 54/11 = 4.909091
    # limits 11.5 ± 13.058182 -> 24.558182 / -1.558182: 30 and 25 are above
    # two-sigma 11.5 ± 8.705455 -> 20.205455: 30 and 25 beyond it -> two of three
    # rows 6-11 fall five times: a falling trend of six points
    r = xmr(values, improvement="increase")
    assert flagged(r.beyond_limits) == [6, 7]
    assert flagged(r.two_of_three) == [6, 7]
    assert flagged(r.trend) == list(range(6, 12))
    assert flagged(r.high) == [6, 7] and flagged(r.low) == list(range(6, 12))
    # rows 6-7 signal both ways: improvement wins; rows 8-11 only fall
    assert list(r.variation[6:]) == [IMP, IMP, K, K, K, K]
    assert list(xmr(values, improvement="decrease").variation[6:]) == [IMP] * 6


def test_rebasing_gives_each_segment_its_own_limits() -> None:
    values = [1, 2, 1, 2, 1, 11, 12, 11, 12, 11]
    # segment 0: mean 7/5 = 1.4, MR̄ 1 -> limits 4.06 / -1.26
    # segment 1: mean 57/5 = 11.4, MR̄ 1 -> limits 14.06 / 8.74; no moving range across
    r = xmr(values, rebase_at=[5], improvement="increase")
    np.testing.assert_allclose(r.mean, [1.4] * 5 + [11.4] * 5)
    np.testing.assert_allclose(r.upper_limit, [4.06] * 5 + [14.06] * 5)
    np.testing.assert_allclose(r.lower_limit, [-1.26] * 5 + [8.74] * 5)
    assert np.isnan(r.moving_range[5])
    assert list(r.segment) == [0] * 5 + [1] * 5
    assert not r.special_cause.any()
    # Without rebasing: mean 6.4, moving ranges 1,1,1,1,10,1,1,1,1 -> 2; limits 11.72 / 1.08,
    # two-sigma 9.946667 / 2.853333: the 1s and 12s are beyond the limits, every point is
    # beyond a two-sigma line with its neighbours
    whole = xmr(values, improvement="increase")
    np.testing.assert_allclose(whole.upper_limit[0], 11.72)
    assert flagged(whole.beyond_limits) == [0, 2, 4, 6, 8]
    assert whole.two_of_three.all()
    assert list(whole.variation) == [K] * 5 + [IMP] * 5


def test_rebase_at_the_boundaries() -> None:
    plain = xmr(A)
    at_start = xmr(A, rebase_at=0)
    assert list(xmr(A, rebase_at=[]).segment) == [0] * 10
    np.testing.assert_array_equal(at_start.upper_limit, plain.upper_limit)
    assert list(at_start.segment) == [0] * 10
    with pytest.raises(StatsInputError, match=r"values: row 9 is 11\.0; each segment needs"):
        xmr(A, rebase_at=[9])  # the last point alone has no moving range
    with pytest.raises(StatsInputError, match=r"rebase_at: row 0 is 10; must lie between 0 and 9"):
        xmr(A, rebase_at=[10])
    with pytest.raises(StatsInputError, match="rebase_at: row 1 is -1"):
        xmr(A, rebase_at=[3, -1])
    with pytest.raises(StatsInputError, match="whole numbers"):
        xmr(A, rebase_at=[2.5])
    two = xmr(A, rebase_at=[8])  # a two-point last segment is allowed
    np.testing.assert_allclose(two.mean[8:], 10.5)
    np.testing.assert_allclose(two.mean_moving_range[8:], 1.0)


def test_assurance_against_a_target() -> None:
    # Series A: limits 27.091111 / -0.691111
    def assurance(improvement: str, target: float) -> str:
        return xmr(A, improvement=improvement, target=target).assurance[0]

    assert assurance("increase", -5) == S.ASSURANCE_PASSING  # below the lower limit
    assert assurance("increase", 30) == S.ASSURANCE_FAILING  # above the upper limit
    assert assurance("increase", 15) == S.ASSURANCE_HIT_AND_MISS
    assert assurance("decrease", 30) == S.ASSURANCE_PASSING
    assert assurance("decrease", -5) == S.ASSURANCE_FAILING
    on_limit = xmr(A).upper_limit[0]
    assert assurance("increase", on_limit) == S.ASSURANCE_HIT_AND_MISS
    assert xmr(A, improvement="increase").assurance[0] is None  # no target
    # a per-row target: the latest row's target is judged
    assert xmr(A, improvement="increase", target=[30] * 9 + [-5]).assurance[0] == (
        S.ASSURANCE_PASSING
    )
    # the latest segment's limits are used: after rebasing at row 6, the segment
    # [11, 12, 10, 11] has mean 11, MR̄ 4/3, limits 11 ± 3.546667 -> 14.546667 / 7.453333
    rebased = xmr(A, rebase_at=[6], improvement="increase", target=20)
    assert rebased.assurance[0] == S.ASSURANCE_FAILING
    with pytest.raises(StatsInputError, match="target: needs an improvement direction"):
        xmr(A, target=10)


def test_baseline_fixes_the_limits() -> None:
    # limits from the first five points: mean 58/5 = 11.6, moving ranges 2,1,2,1 -> 1.5,
    # limits 11.6 ± 3.99 -> 15.59 / 7.61; the rest of the series is judged against them
    r = xmr(A, baseline=5)
    np.testing.assert_allclose(r.mean, 11.6)
    np.testing.assert_allclose(r.upper_limit, 15.59)
    np.testing.assert_allclose(r.moving_range[5], 18)  # still reported
    assert flagged(r.beyond_limits) == [5]


def test_screening_moving_ranges() -> None:
    # MR̄ 47/9 = 5.222222; 3.267 x 5.222222 = 17.06: the ranges 18 and 19 are left out ->
    # (47 - 37)/7 = 10/7; limits 13.2 ± 2.66 x 10/7 = 13.2 ± 3.8 -> 17.0 / 9.4
    r = xmr(A, screen_moving_ranges=True)
    np.testing.assert_allclose(r.mean_moving_range, 10 / 7)
    np.testing.assert_allclose(r.upper_limit, 17.0)
    np.testing.assert_allclose(r.lower_limit, 9.4)
    assert flagged(r.beyond_limits) == [5]


def test_missing_values_are_skipped() -> None:
    values = [10, 12, 11, np.nan, 13, 12, 30, 11, 12, 10, 11]
    r = xmr(values, improvement="increase")
    # the same non-missing values as series A, so the same mean and limits
    np.testing.assert_allclose(r.mean, A_MEAN)
    np.testing.assert_allclose(r.upper_limit, A_UPPER)
    assert np.isnan(r.moving_range[3])
    assert r.moving_range[4] == 2  # |13 - 11| across the gap
    assert flagged(r.beyond_limits) == [6]
    assert r.variation[3] == M and not r.special_cause[3]
    assert list(np.delete(r.variation, 3)) == list(xmr(A, improvement="increase").variation)
    # the latest variation skips a missing last point
    assert xmr([*A, np.nan], improvement="increase").latest_variation[0] == C


def test_a_constant_series_flags_nothing() -> None:
    r = xmr([5.0] * 12, improvement="increase", target=5)
    np.testing.assert_allclose(r.upper_limit, 5.0)
    np.testing.assert_allclose(r.lower_limit, 5.0)
    assert not r.special_cause.any()
    assert set(r.variation) == {C}
    assert r.assurance[0] == S.ASSURANCE_HIT_AND_MISS


def test_groups_are_separate_series() -> None:
    other = [3, 7, 3, 7, 3, 6, 6, 6, 6, 6, 6, 6]
    # interleave the two series at random, each keeping its own (time) order
    is_a = np.zeros(len(A) + len(other), dtype=bool)
    is_a[np.random.default_rng(0).choice(len(is_a), len(A), replace=False)] = True
    values = np.empty(len(is_a))
    values[is_a], values[~is_a] = A, other
    keys = np.where(is_a, "a", "b")
    r = xmr(values, groups=keys, improvement="increase", target=20)
    assert list(r.groups) == ["a", "b"]
    for key, series in (("a", A), ("b", other)):
        alone = xmr(series, improvement="increase", target=20)
        mask = keys == key
        np.testing.assert_allclose(r.upper_limit[mask], alone.upper_limit)
        np.testing.assert_array_equal(r.variation[mask], alone.variation)
        np.testing.assert_array_equal(r.special_cause[mask], alone.special_cause)
    # a: limits 27.09 / -0.69 -> 20 is inside; b: limits 10.01 / 0.82 -> 20 is above
    assert list(r.assurance) == [S.ASSURANCE_HIT_AND_MISS, S.ASSURANCE_FAILING]
    assert list(r.latest_variation) == [C, IMP]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": []}, "values: give at least two values"),
        ({"values": [5.0]}, "values: row 0 is 5.0; each segment needs at least two"),
        ({"values": [5.0, np.nan]}, "values: row 0 is 5.0; each segment needs"),
        ({"values": [1.0, np.inf, 2.0]}, "values: row 1 is inf; must be finite"),
        ({"values": [[1.0, 2.0]]}, "values: must be one-dimensional"),
        ({"values": A, "improvement": "up"}, "improvement: must be"),
        ({"values": A, "run_length": 1}, "run_length: must be a whole number of 2"),
        ({"values": A, "trend_length": 2.5}, "trend_length"),
        ({"values": A, "baseline": 1}, "baseline"),
        ({"values": A, "improvement": "increase", "target": [1, 2]}, "target: give one number"),
        ({"values": A, "groups": ["a"] * 9 + ["b"]}, "values: row 9 is 11.0; each segment"),
    ],
)
def test_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(StatsInputError, match=message.replace("[", r"\[")):
        xmr(**kwargs)


def test_neutral_is_no_direction_and_results_are_read_only() -> None:
    r = xmr(A, improvement="neutral")
    assert r.improvement is None and r.variation[5] == N
    with pytest.raises(ValueError, match="read-only"):
        r.mean[0] = 0.0


# --- properties ---------------------------------------------------------------------------------

# Subnormal numbers (below 2.2e-308) are excluded: halving and doubling them is not exact, so
# "doubling a series doubles its mean" fails there for reasons of float representation alone.
series = st.lists(
    st.floats(
        min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False
    ),
    min_size=2,
    max_size=40,
)
RULES = ("beyond_limits", "run", "trend", "two_of_three", "special_cause")


@settings(max_examples=150, deadline=None)
@given(series)
def test_limits_are_symmetric_about_the_mean(values: list[float]) -> None:
    r = xmr(values)
    scale = 1 + np.abs(r.mean) + r.mean_moving_range
    above, below = r.upper_limit - r.mean, r.mean - r.lower_limit
    assert (np.abs(above - below) <= 1e-12 * scale).all()
    assert (np.abs(above - 2.66 * r.mean_moving_range) <= 1e-12 * scale).all()
    assert (r.upper_two_sigma <= r.upper_limit).all()
    assert (r.lower_two_sigma >= r.lower_limit).all()


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6), st.integers(min_value=2, max_value=30))
def test_constant_series_flag_nothing(value: float, n: int) -> None:
    r = xmr([value] * n, improvement="increase")
    assert not r.special_cause.any()
    assert (r.variation == C).all()


@settings(max_examples=150, deadline=None)
@given(series)
def test_scaling_by_two_and_negating_keep_the_signals(values: list[float]) -> None:
    r = xmr(values, improvement="increase")
    doubled = xmr(2 * np.array(values), improvement="increase")
    np.testing.assert_array_equal(doubled.upper_limit, 2 * r.upper_limit)
    for rule in (*RULES, "high", "low"):
        np.testing.assert_array_equal(getattr(doubled, rule), getattr(r, rule), err_msg=rule)
    negated = xmr(-np.array(values), improvement="decrease")
    for rule in RULES:
        np.testing.assert_array_equal(getattr(negated, rule), getattr(r, rule), err_msg=rule)
    np.testing.assert_array_equal(negated.high, r.low)
    np.testing.assert_array_equal(negated.variation, r.variation)


@settings(max_examples=100, deadline=None)
@given(series, st.data())
def test_missing_values_do_not_disturb_the_others(values: list[float], data) -> None:
    where = data.draw(st.integers(min_value=0, max_value=len(values)))
    with_gap = np.insert(np.array(values), where, np.nan)
    r, gap = xmr(values), xmr(with_gap)
    keep = np.arange(len(with_gap)) != where
    for rule in RULES:
        np.testing.assert_array_equal(getattr(gap, rule)[keep], getattr(r, rule), err_msg=rule)
    assert gap.variation[where] == M


@settings(max_examples=60, deadline=None)
@given(st.lists(series, min_size=1, max_size=4))
def test_grouped_series_match_separate_calls(many: list[list[float]]) -> None:
    keys = np.concatenate([np.full(len(s), i) for i, s in enumerate(many)])
    values = np.concatenate([np.array(s) for s in many])
    r = xmr(values, groups=keys, improvement="increase", run_length=6)
    for i, s in enumerate(many):
        alone = xmr(s, improvement="increase", run_length=6)
        np.testing.assert_array_equal(r.mean[keys == i], alone.mean)
        np.testing.assert_array_equal(r.special_cause[keys == i], alone.special_cause)
        np.testing.assert_array_equal(r.variation[keys == i], alone.variation)
