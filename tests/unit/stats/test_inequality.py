"""Slope/relative index of inequality (phe_sii): oracle, known answers, properties, timing."""

import contextlib
import gzip
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError
from placematters.stats.inequality import (
    Z_95_FOR_SE,
    DroppedGroupsWarning,
    ManyQuantilesWarning,
    _positions,
    relative_rank,
    sii,
)
from tests.shared_files import ORACLE
from tests.unit.stats import oracle

FILE = "phe-methods/sii.json"
CASES = oracle.cases(FILE)
BY_NAME = {case["case"]: case for case in CASES}
LIMIT = re.compile(r"^(sii|rii)_(lower|upper)(\d+)_(\d)(cl)?$")
ORACLE_SEED = 20260101


def _column(case, argument):
    name = case["args"].get(argument)
    if name is None:
        return None
    return np.array([oracle.number(row[name]) for row in case["input"]], dtype=float)


def _group_columns(case):
    keys = case.get("group_by") or []
    return [keys] if isinstance(keys, str) else keys


def _call(case, seed=ORACLE_SEED):
    args = case["args"]
    keys = _group_columns(case)
    groups = [np.array([row[key] for row in case["input"]]) for key in keys] or None
    return sii(
        _column(case, "quantile"),
        _column(case, "population"),
        _column(case, "value"),
        groups,
        se=_column(case, "se"),
        lower=_column(case, "lower_cl"),
        upper=_column(case, "upper_cl"),
        value_type=args.get("value_type", 0),
        transform=args.get("transform", False),
        multiplier=args.get("multiplier", 1),
        confidence=args.get("confidence", 0.95),
        repetitions=args.get("repetitions", 100_000),
        seed=seed,
        rii=args.get("rii", False),
        x=_column(case, "x"),
        reliability_stat=args.get("reliability_stat", False),
    )


def _limit(result, column):
    match = LIMIT.match(column)
    measure, side, whole, tenth = match.group(1), match.group(2), match.group(3), match.group(4)
    level = round(float(f"{whole}.{tenth}") / 100, 12)
    limits = getattr(result, f"{measure}_{side}")
    return limits[level] if isinstance(limits, dict) else limits


@pytest.mark.oracle
@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_oracle(case):
    oracle.record(FILE)
    if case["function"].startswith("FindXValues"):
        population = [row["population"] for row in case["output"]]
        got = relative_rank(population)
        for ours, row in zip(got, case["output"], strict=True):
            assert oracle.close(ours, row["b"])
        return
    if case["error"]:
        with pytest.raises(StatsInputError, match="repetitions"):
            _call(case)
        return
    if 0 < case["args"].get("multiplier", 1) < 1:
        # The reference swaps the limits and inverts the RII limits here (spec 3.7): we refuse.
        with pytest.raises(StatsInputError, match="multiplier"):
            _call(case)
        return

    expecting = pytest.warns(DroppedGroupsWarning) if case["warnings"] else contextlib.nullcontext()
    with expecting:
        result = _call(case)

    keys = _group_columns(case)
    position = {tuple(key.tolist()): i for i, key in enumerate(result.groups)}
    assert len(position) == len(case["output"])
    seed_study = {
        tuple(group[key] for key in keys): group
        for group in (case.get("ci_seed_study") or {}).get("per_group", [])
    }
    for row in case["output"]:
        key = tuple(row[k] for k in keys)
        i = position[key]
        for measure in ("sii", "rii", "intercept"):
            if measure in row:
                assert oracle.close(getattr(result, measure)[i], row[measure]), (key, measure)
        limits = [column for column in row if LIMIT.match(column)]
        assert limits
        for column in limits:
            ours = _limit(result, column)[i]
            if key in seed_study:
                mean = seed_study[key][f"{column}_mean"]
                sd = seed_study[key][f"{column}_sd"]
            else:
                mean, sd = _reliability_reference(case, key, column)
            assert abs(ours - mean) <= 5 * sd, (key, column, ours, mean, sd)
        for column in (c for c in row if "_mad" in c):
            measure = column.split("_")[0]
            ours = getattr(result, f"{measure}_mad")[i]
            assert ours > 0
            assert 0.1 < ours / row[column] < 10, (key, column, ours, row[column])


def _reliability_reference(case, key, column):
    """Tolerance for limits simulated with few repetitions (no seed study in the oracle).

    The same data with the same se and 100,000 repetitions has a seed study
    (``normal_se_rii_two_conf``); a limit's sd scales as 1/sqrt(repetitions).
    """
    reference = BY_NAME["normal_se_rii_two_conf"]
    assert reference["input"] == case["input"]
    assert case["args"]["se"] == reference["args"]["se"]
    study = {group["area"]: group for group in reference["ci_seed_study"]["per_group"]}
    group = study[key[0]]
    scale = np.sqrt(100_000 / case["args"]["repetitions"])
    return group[f"{column}_mean"], group[f"{column}_sd"] * scale


# --- known answers ---------------------------------------------------------------------------

QUINTILES = np.arange(1, 6)
POPULATION = np.array([100.0, 200, 300, 200, 200])
RANKS = np.array([0.05, 0.2, 0.45, 0.7, 0.9])  # shares 0.1, 0.2, 0.3, 0.2, 0.2


def test_relative_rank_known_answer():
    np.testing.assert_allclose(relative_rank(POPULATION), RANKS, rtol=1e-15)
    grouped = relative_rank(np.concatenate([POPULATION, [1.0, 1, 2]]), ["a"] * 5 + ["b"] * 3)
    np.testing.assert_allclose(grouped, np.concatenate([RANKS, [0.125, 0.375, 0.75]]))


@pytest.mark.parametrize(
    ("multiplier", "expected_sii", "expected_rii"),
    [(1, 5.0, 1.5), (100, 500.0, 1.5), (-1, -5.0, 1 / 1.5)],
)
def test_exactly_linear_values(multiplier, expected_sii, expected_rii):
    value = 10 + 5 * RANKS
    result = sii(
        QUINTILES,
        POPULATION,
        value,
        se=np.zeros(5),
        multiplier=multiplier,
        rii=True,
        repetitions=1000,
        seed=1,
    )
    np.testing.assert_allclose(result.sii, [expected_sii], rtol=1e-12)
    np.testing.assert_allclose(result.rii, [expected_rii], rtol=1e-12)
    np.testing.assert_allclose(result.intercept, [10.0], rtol=1e-12)
    # No uncertainty: every replicate equals the estimate.
    np.testing.assert_allclose(result.sii_lower, result.sii, rtol=1e-12)
    np.testing.assert_allclose(result.sii_upper, result.sii, rtol=1e-12)
    np.testing.assert_allclose(result.rii_lower, result.rii, rtol=1e-12)
    assert result.method == "simulation 1000 reps"
    assert result.groups.tolist() == [None]


def test_log_transform_known_answer():
    working = 1 + 0.5 * RANKS
    half_width = 0.1 * Z_95_FOR_SE
    result = sii(
        QUINTILES,
        POPULATION,
        np.exp(working),
        lower=np.exp(working - half_width),
        upper=np.exp(working + half_width),
        value_type=1,
        transform=True,
        rii=True,
        seed=3,
    )
    np.testing.assert_allclose(result.sii, [np.exp(1.5) - np.exp(1)], rtol=1e-12)
    np.testing.assert_allclose(result.rii, [np.exp(0.5)], rtol=1e-12)
    np.testing.assert_allclose(result.intercept, [np.exp(1)], rtol=1e-12)
    assert result.transform == "log" and result.indicator_type == "rate"
    assert result.rii_lower[0] < result.rii[0] < result.rii_upper[0]


def test_proportion_from_numerator():
    x = np.array([50.0, 80, 90, 40, 30])
    value = x / POPULATION
    from_x = sii(QUINTILES, POPULATION, None, x=x, se=np.full(5, 0.1), value_type=2, seed=1)
    from_value = sii(QUINTILES, POPULATION, value, se=np.full(5, 0.1), value_type=2, seed=1)
    np.testing.assert_array_equal(from_x.sii, from_value.sii)
    np.testing.assert_array_equal(from_x.sii_lower, from_value.sii_lower)


def test_several_levels_give_dicts_and_one_level_arrays():
    value = 10 + 5 * RANKS + np.array([0.3, -0.2, 0.1, 0.4, -0.1])
    se = np.full(5, 0.5)
    several = sii(QUINTILES, POPULATION, value, se=se, confidence=[95, 99.8], rii=True, seed=2)
    assert set(several.sii_lower) == {0.95, 0.998}
    assert set(several.rii_upper) == {0.95, 0.998}
    assert several.confidence == (0.95, 0.998)
    one = sii(QUINTILES, POPULATION, value, se=se, seed=2)
    assert isinstance(one.sii_lower, np.ndarray)
    assert one.rii_lower is None and one.rii_upper is None
    # The same seed gives the same 95% limits however many levels are asked for.
    np.testing.assert_array_equal(one.sii_lower, several.sii_lower[0.95])


def test_seed_makes_limits_reproducible():
    value = 10 + 5 * RANKS
    se = np.full(5, 0.5)
    first = sii(QUINTILES, POPULATION, value, se=se, seed=7, rii=True)
    again = sii(QUINTILES, POPULATION, value, se=se, seed=7, rii=True)
    other = sii(QUINTILES, POPULATION, value, se=se, seed=8, rii=True)
    np.testing.assert_array_equal(first.sii_lower, again.sii_lower)
    np.testing.assert_array_equal(first.rii_upper, again.rii_upper)
    assert first.sii_lower[0] != other.sii_lower[0]


def test_order_statistic_positions_follow_the_reference():
    assert _positions(0.95, 100_000) == (2499, 97499)
    assert _positions(0.998, 100_000) == (99, 99899)
    assert _positions(0.95, 1000) == (24, 974)
    assert _positions(0.9, 1001) == (49, 950)  # round(50.05) = 50, round(950.95) = 951


@pytest.mark.parametrize("rii", [False, True])
@pytest.mark.parametrize(("value_type", "transform"), [(0, False), (1, False), (2, True)])
def test_simulation_matches_brute_force(value_type, transform, rii):
    """Our shortcut (coefficient pair drawn directly; shared draws) vs simulating every quantile."""
    rng = np.random.default_rng(11)
    population = np.array([900.0, 1100, 1000, 1200, 800, 1000])
    quantile = np.arange(1, 7)
    if value_type == 0:
        value = np.array([70.0, 72, 75, 74, 78, 80])
        se, lower, upper = np.array([1.0, 1.5, 0.8, 1.2, 2.0, 1.1]), None, None
        working, working_se = value, se
    else:
        value = np.array([150.0, 140, 120, 110, 100, 90])
        if value_type == 2:
            value = value / 1000
        inverse = np.exp if value_type == 1 else lambda y: 1 / (1 + np.exp(-y))
        to_working = np.log if value_type == 1 else lambda p: np.log(p / (1 - p))
        working_se = np.array([0.05, 0.06, 0.04, 0.07, 0.05, 0.06])
        working = to_working(value)
        lower = inverse(working - Z_95_FOR_SE * working_se)
        upper = inverse(working + Z_95_FOR_SE * working_se)
        se = None
    result = sii(
        quantile,
        population,
        value,
        se=se,
        lower=lower,
        upper=upper,
        value_type=value_type,
        transform=transform,
        rii=rii,
        seed=5,
        multiplier=-1 if value_type == 0 else 1,
    )

    # Brute force, as the reference: every quantile drawn, refitted by least squares.
    reps = 200_000
    share = population / population.sum()
    design = np.column_stack([np.sqrt(share), _ranks_of(population) * np.sqrt(share)])
    draws = working + working_se * rng.standard_normal((reps, 6))
    if not transform and value_type:
        draws = inverse(draws)
    coefficients = np.linalg.lstsq(design, (draws * np.sqrt(share)).T, rcond=None)[0]
    c, s = coefficients
    if transform:
        c_hat, s_hat = np.linalg.lstsq(design, working * np.sqrt(share), rcond=None)[0]
        middle = c_hat + s_hat / 2
        s_low, s_high = np.quantile(s, [0.025, 0.975])
        bounds = [(middle - sl / 2, middle + sl / 2) for sl in (s_low, s_high)]
        expected = [inverse(top) - inverse(bottom) for bottom, top in bounds]
        expected_rii = [inverse(top) / inverse(bottom) for bottom, top in bounds]
    else:
        multiplier = -1 if value_type == 0 else 1
        expected = np.quantile(multiplier * s, [0.025, 0.975])
        ratio = (c + s) / c
        expected_rii = np.quantile(1 / ratio if multiplier < 0 else ratio, [0.025, 0.975])
    width = expected[1] - expected[0]
    assert abs(result.sii_lower[0] - expected[0]) < 0.02 * width
    assert abs(result.sii_upper[0] - expected[1]) < 0.02 * width
    if rii:
        width = expected_rii[1] - expected_rii[0]
        assert abs(result.rii_lower[0] - expected_rii[0]) < 0.02 * width
        assert abs(result.rii_upper[0] - expected_rii[1]) < 0.02 * width


def _ranks_of(population):
    share = population / population.sum()
    return np.cumsum(share) - share / 2


# --- validation and warnings -------------------------------------------------------------------

GOOD = {
    "quantile": QUINTILES,
    "population": POPULATION,
    "value": 10 + 5 * RANKS,
    "se": np.full(5, 0.5),
}


def _with(**changes):
    arguments = {**GOOD, **changes}
    return {key: value for key, value in arguments.items() if value is not None}


def _row(array, index, item):
    array = np.array(array, dtype=float)
    array[index] = item
    return array


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        (_with(population=_row(POPULATION, 2, 0)), "population"),
        (_with(population=_row(POPULATION, 2, np.nan)), "population"),
        (_with(se=_row(GOOD["se"], 1, -0.1)), "se"),
        (_with(se=_row(GOOD["se"], 1, np.nan)), "se"),
        (_with(se=None), "se"),
        (_with(se=None, lower=np.full(5, 9.0), upper=_row(np.full(5, 20.0), 3, np.nan)), "upper"),
        (_with(se=None, lower=np.full(5, 9.0), upper=_row(np.full(5, 20.0), 3, 8.0)), "upper"),
        (_with(value=_row(np.full(5, 0.5), 0, 1.2), value_type=2), "value"),
        (_with(value=np.full(5, 0.5), value_type=2, lower=np.full(5, -0.1)), "lower"),
        (_with(value=None, x=_row(np.full(5, 5.0), 4, 0), value_type=2), "x"),
        (_with(value=None), "value"),
        (_with(value=None, x=np.full(5, 5.0)), "x"),
        (_with(transform=True), "transform"),
        (_with(value_type=1, transform=True), "se"),
        (_with(repetitions=999), "repetitions"),
        (_with(repetitions=1000.5), "repetitions"),
        (_with(value_type=3), "value_type"),
        (_with(quantile=np.array([1, 2, 3, 4, 4])), "quantile"),
        (
            _with(
                quantile=np.array([1, 2, 3, 4, 5, 5]),
                population=np.full(6, 9.0),
                value=np.full(6, 1.0),
                se=np.full(6, 0.1),
            ),
            "quantile",
        ),
        (_with(quantile=_row(QUINTILES, 0, np.nan)), "quantile"),
        (_with(multiplier=0), "multiplier"),
        (_with(multiplier=0.5), "multiplier"),
        (_with(multiplier=np.inf), "multiplier"),
        (_with(confidence=0.8), "confidence"),
        (_with(value=_row(np.full(5, 5.0), 2, -1), value_type=1), "value"),
        (
            _with(
                value=np.full(5, 5.0),
                value_type=1,
                se=None,
                lower=_row(np.full(5, 4.0), 1, 0),
                upper=np.full(5, 6.0),
            ),
            "lower",
        ),
        (
            _with(
                value=np.full(5, 0.5),
                value_type=2,
                se=None,
                lower=_row(np.full(5, 0.4), 1, 0),
                upper=np.full(5, 0.6),
            ),
            "lower",
        ),
        (
            _with(
                value=_row(np.full(5, 0.5), 1, 0),
                value_type=2,
                transform=True,
                se=None,
                lower=np.full(5, 0.4),
                upper=np.full(5, 0.6),
            ),
            "value",
        ),
        (_with(value=np.ones(4)), "value"),
        ({"quantile": [], "population": [], "value": [], "se": []}, "no rows"),
    ],
)
def test_bad_input_raises(arguments, argument):
    with pytest.raises(StatsInputError, match=argument):
        sii(**arguments)


def test_too_many_quantiles_warns_and_few_refused():
    n = 12
    with pytest.warns(ManyQuantilesWarning):
        sii(np.arange(n), np.full(n, 100.0), np.arange(n, dtype=float), se=np.ones(n), seed=1)
    with pytest.raises(StatsInputError, match="between 5 and 100"):
        sii(np.arange(101), np.ones(101), np.ones(101), se=np.ones(101))


def test_group_missing_a_quantile_or_value_is_dropped_with_a_warning():
    quantile = np.concatenate([QUINTILES, QUINTILES[:4], QUINTILES])
    groups = np.array(["a"] * 5 + ["b"] * 4 + ["c"] * 5)
    population = np.concatenate([POPULATION, POPULATION[:4], POPULATION])
    value = np.concatenate([10 + 5 * RANKS] * 2 + [RANKS])[: len(quantile)]
    value[-1] = np.nan  # group c has no usable value for quintile 5
    with pytest.warns(DroppedGroupsWarning, match="2 group"):
        result = sii(quantile, population, value, groups, se=np.full(14, 0.5), seed=1)
    assert result.groups.tolist() == ["a"]
    np.testing.assert_allclose(result.sii, [5.0])


def test_sii_workload_matches_the_reference_mean():
    """Spec section 6 workload: 300 areas x 10 deciles, 100,000 repetitions.

    Its timing is measured by benchmarks/stats_bench.py, not asserted here.
    """
    path = ORACLE / "phe-methods" / "timing-inputs" / "sii_workload.csv.gz"
    with gzip.open(path, "rt") as handle:
        header = handle.readline().strip().split(",")
        table = np.loadtxt(handle, delimiter=",")
    column = {name: table[:, i] for i, name in enumerate(header)}
    result = sii(
        column["decile"], column["pop"], column["value"], column["area"], se=column["se"], seed=3
    )
    assert len(result.groups) == 300
    assert oracle.close(result.sii.mean(), 6.663805323547, rel=1e-12)
    # The reference's seed-3 run: mean 95% limits 3.907542 / 9.419639 (simulation noise only).
    assert abs(result.sii_lower.mean() - 3.907542) < 0.1
    assert abs(result.sii_upper.mean() - 9.419639) < 0.1


# --- properties ----------------------------------------------------------------------------------


@st.composite
def sii_data(draw, max_groups=4):
    n_quantiles = draw(st.integers(5, 10))
    n_groups = draw(st.integers(1, max_groups))
    size = n_quantiles * n_groups
    floats = st.floats
    population = draw(st.lists(floats(100, 1e5), min_size=size, max_size=size))
    value = draw(st.lists(floats(30, 90), min_size=size, max_size=size))
    se = draw(st.lists(floats(0.05, 5), min_size=size, max_size=size))
    order = draw(st.permutations(range(size)))  # rows in any order
    quantile = np.tile(np.arange(1, n_quantiles + 1), n_groups)[order]
    groups = np.repeat(np.arange(n_groups), n_quantiles)[order]
    return {
        "quantile": quantile,
        "population": np.array(population),
        "value": np.array(value),
        "groups": groups,
        "se": np.array(se),
    }


@settings(max_examples=40, deadline=None)
@given(sii_data(), st.sampled_from([(0, False), (1, False), (1, True), (2, True)]), st.booleans())
def test_property_limits_contain_estimate_and_widen(data, kind, negative):
    value_type, transform = kind
    multiplier = -1 if negative else (100 if value_type == 2 else 1)
    data = dict(data)
    if value_type == 2:
        data["value"] = data["value"] / 100
    if value_type:
        # moderate uncertainty on the log/logit scale, given as 95% limits
        working_se = data.pop("se") / 100
        working = np.log(data["value"]) if value_type == 1 else _logit(data["value"])
        inverse = np.exp if value_type == 1 else _expit
        data["lower"] = inverse(working - Z_95_FOR_SE * working_se)
        data["upper"] = inverse(working + Z_95_FOR_SE * working_se)
    result = sii(
        **data,
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        confidence=[0.95, 0.998],
        repetitions=4000,
        seed=1,
        rii=True,
    )
    for measure in ("sii", "rii"):
        point = getattr(result, measure)
        lower, upper = getattr(result, f"{measure}_lower"), getattr(result, f"{measure}_upper")
        assert (lower[0.998] <= lower[0.95]).all() and (upper[0.95] <= upper[0.998]).all()
        assert (lower[0.95] <= point).all() and (point <= upper[0.95]).all(), measure
    narrower = sii(
        **data,
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        confidence=0.9,
        repetitions=4000,
        seed=1,
    )
    assert (narrower.sii_lower >= result.sii_lower[0.95]).all()
    assert (narrower.sii_upper <= result.sii_upper[0.95]).all()


@settings(max_examples=30, deadline=None)
@given(sii_data(), st.sampled_from([0, 1, 2]), st.booleans())
def test_property_grouped_equals_each_group_alone(data, value_type, want_rii):
    data = dict(data)
    if value_type == 2:
        data["value"] = data["value"] / 100
        data["se"] = data["se"] / 100
    common = {"value_type": value_type, "rii": want_rii, "repetitions": 2000, "seed": 9}
    together = sii(**data, **common)
    for i, key in enumerate(together.groups):
        mine = data["groups"] == key
        alone = sii(
            data["quantile"][mine],
            data["population"][mine],
            data["value"][mine],
            se=data["se"][mine],
            **common,
        )
        for name in ("sii", "rii", "intercept", "sii_lower", "sii_upper"):
            np.testing.assert_allclose(
                getattr(alone, name), [getattr(together, name)[i]], rtol=1e-13, err_msg=name
            )
        if want_rii:
            np.testing.assert_allclose(alone.rii_lower, [together.rii_lower[i]], rtol=1e-13)
            np.testing.assert_allclose(alone.rii_upper, [together.rii_upper[i]], rtol=1e-13)


def _logit(p):
    return np.log(p / (1 - p))


def _expit(y):
    return 1 / (1 + np.exp(-y))


def test_no_warnings_on_clean_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sii(**GOOD, seed=1, rii=True)
