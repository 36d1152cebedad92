"""Life expectancy (Chiang II, Silcocks): the reference's answers, suppression, properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import AGE_BANDS, StatsInputError, life_expectancy
from placematters.stats.life_expectancy import AGE_NOT_FOUND
from placematters.stats.results import LifeExpectancyResult
from tests.unit.stats import oracle
from tests.unit.stats.test_frames import (
    LIFE_EXPECTANCY,
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

DOCS_EXAMPLE = oracle.cases(LIFE_EXPECTANCY)[0]["input"]
POPS = np.array([row["pops"] for row in DOCS_EXAMPLE], dtype=float)
DEATHS = np.array([row["deaths"] for row in DOCS_EXAMPLE], dtype=float)
AGES = np.array(AGE_BANDS)


def _life_expectancy(case):
    args = case["args"]
    extra = {"age_contents": args["age_contents"]} if "age_contents" in args else {}
    return life_expectancy(
        column(case, args["deaths"]),
        column(case, args["population"]),
        np.array([row[args["startage"]] for row in case["input"]]),
        group_arrays(case),
        confidence_arg(case),
        le_age=args.get("le_age", "all"),
        **extra,
    )


@pytest.mark.oracle
@pytest.mark.parametrize("case", oracle.cases(LIFE_EXPECTANCY), ids=lambda case: case["case"])
def test_life_expectancy_matches_reference(case):
    oracle.record(LIFE_EXPECTANCY)
    assert_frame_matches(LIFE_EXPECTANCY, case, run_frame(LIFE_EXPECTANCY, case))
    result = _life_expectancy(case)
    assert list(result.warnings) == case["warnings"]
    group_keys = group_key_columns(case, result)
    start_age = case["args"]["startage"]

    def keys(i):
        return {**group_keys(i), start_age: result.start_age[i]}

    extra = {"pops_used": "pops_used", "dths_used": "dths_used"}
    rows = result_rows(result, keys, extra)
    assert_rows_match(LIFE_EXPECTANCY, case, rows, row_keys(LIFE_EXPECTANCY, case), partial=True)


def test_suppression_reasons_per_group():
    case = next(c for c in oracle.cases(LIFE_EXPECTANCY) if c["case"] == "grouped_edge_cases")
    result = _life_expectancy(case)
    reasons = {}
    for group, reason in zip(result.groups, result.suppressed, strict=True):
        reasons.setdefault(group, set()).add(reason)
    assert reasons["A_docs_example"] == {None}
    assert reasons["I_negative_deaths"] == {"negative deaths"}
    assert reasons["G_zero_pop_band"] == {"population zero or less"}
    assert reasons["J_19_bands_only"] == {"age bands incomplete"}
    assert reasons["F_deaths_gt_pops"] == {"deaths above population"}
    assert reasons["E_total_pop_le_5000"] == {"total population 5,000 or less"}
    assert reasons["D_zero_deaths_90plus"] == {"95% confidence interval wider than 20 years"}
    assert reasons["H_high_mortality_q_capped"] == {None}
    # Sorted by group key, then age; the group missing a band has 19 rows.
    assert list(result.groups) == sorted(result.groups)
    assert (result.groups == "J_19_bands_only").sum() == 19


def test_default_is_life_expectancy_at_birth_per_group():
    result = life_expectancy(
        np.r_[DEATHS, DEATHS], np.r_[POPS, POPS * 2], np.r_[AGES, AGES], np.repeat(["x", "y"], 20)
    )
    assert isinstance(result, LifeExpectancyResult)
    assert result.groups.tolist() == ["x", "y"]
    assert result.age.tolist() == [0, 0]
    assert result.value[0] == pytest.approx(80.16960813194838, rel=1e-12)
    assert result.value[1] > result.value[0]  # half the mortality
    assert result.statistic.tolist() == ["life expectancy at 0"] * 2


@pytest.mark.parametrize(
    ("le_age", "ages", "warned"),
    [
        ("all", list(AGE_BANDS), False),
        (65, [65], False),
        ([5, 25, 65], [5, 25, 65], False),
        ([5, 200], [5], False),
        (200, list(AGE_BANDS), True),
    ],
)
def test_le_age_chooses_rows(le_age, ages, warned):
    result = life_expectancy(DEATHS, POPS, AGES, le_age=le_age)
    assert result.age.tolist() == ages
    assert (AGE_NOT_FOUND in result.warnings) is warned


def test_text_labels_in_any_order_and_le_age_by_label_or_start_age():
    labels = ["0", "1-4", *(f"{a}-{a + 4}" for a in range(5, 90, 5)), "90+"]
    order = np.random.default_rng(4).permutation(20)
    result = life_expectancy(
        DEATHS[order],
        POPS[order],
        np.array(labels)[order],
        le_age=["1-4", 90],
        age_contents=labels,
    )
    assert result.start_age.tolist() == ["1-4", "90+"]
    assert result.value[0] == pytest.approx(79.362456741138, rel=1e-12)
    assert result.statistic.tolist() == ["life expectancy at 1-4", "life expectancy at 90+"]


def test_other_life_tables_work_too():
    # An 85+ table (19 bands); the reference hard-codes 20 bands and would suppress it.
    deaths = np.r_[DEATHS[:18], DEATHS[18] + DEATHS[19]]
    pops = np.r_[POPS[:18], POPS[18] + POPS[19]]
    result = life_expectancy(deaths, pops, AGES[:19], age_contents=AGE_BANDS[:19])
    assert 75 < result.value[0] < 85 and result.suppressed[0] is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: life_expectancy(DEATHS, POPS[:19], AGES), r"^deaths: all arrays must have"),
        (lambda: life_expectancy(DEATHS, POPS, AGES[:19]), r"^start_age: must be one age band"),
        (lambda: life_expectancy(DEATHS, POPS, AGES + 1), r"^start_age: the age bands in the data"),
        (
            lambda: life_expectancy(DEATHS, POPS, AGES, age_contents=AGES + 1),
            r"^age_contents: row 0 is 1; the first age band must start at 0",
        ),
        (
            lambda: life_expectancy(DEATHS, POPS, AGES, age_contents=[0, 5, 1]),
            r"^age_contents: row 2 is 1; age bands must be in ascending order",
        ),
        (lambda: life_expectancy(DEATHS, POPS, AGES, confidence=0.5), r"^confidence:"),
        (lambda: life_expectancy(DEATHS, POPS, AGES, groups=["a"]), r"^groups:"),
    ],
)
def test_input_errors(call, message):
    with pytest.raises(StatsInputError, match=message):
        call()


def test_missing_deaths_make_the_group_missing():
    deaths = DEATHS.copy()
    deaths[5] = np.nan
    result = life_expectancy(deaths, POPS, AGES, le_age="all")
    assert np.isnan(result.value[:6]).all()


def test_cumulative_totals_with_very_uneven_groups():
    # One huge (invalid) group and many single rows take the running-sum path, not the table.
    repeats = 200
    deaths = np.r_[np.tile(DEATHS, repeats), np.arange(300.0)]
    pops = np.r_[np.tile(POPS, repeats), np.full(300, 5.0)]
    ages = np.r_[np.tile(AGES, repeats), np.zeros(300, dtype=int)]
    groups = np.r_[np.full(20 * repeats, -1), np.arange(300)]
    result = life_expectancy(deaths, pops, ages, groups, le_age="all")
    big = result.groups == -1
    # Rows of the big group are ordered by age band, then as given; each row's total runs to
    # the group's end.
    order = np.argsort(ages[: 20 * repeats], kind="stable")
    expected = np.cumsum(np.tile(POPS, repeats)[order][::-1])[::-1]
    np.testing.assert_allclose(result.pops_used[big], expected, rtol=1e-12)
    assert result.dths_used[~big].tolist() == list(range(300))
    assert set(result.suppressed) == {"age bands incomplete"}


# --- properties ----------------------------------------------------------------------------


@st.composite
def areas(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    scale = np.array(draw(st.lists(st.floats(0.05, 3), min_size=count, max_size=count)))
    risk = np.array(draw(st.lists(st.floats(0.3, 3), min_size=count, max_size=count)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    pops = np.rint(POPS * scale[:, None] * rng.uniform(0.8, 1.2, (count, 20)))
    deaths = rng.poisson(DEATHS / POPS * pops * risk[:, None]).astype(float)
    return deaths, pops


@settings(max_examples=100, deadline=None)
@given(areas(), st.lists(st.sampled_from([0.9, 0.95, 0.99, 0.998]), min_size=1, max_size=3))
def test_grouped_equals_each_group_alone_and_limits_behave(data, levels):
    deaths, pops = data
    count = len(deaths)
    groups = np.repeat(np.arange(count), 20)
    shuffled = np.random.default_rng(0).permutation(20 * count)
    together = life_expectancy(
        deaths.ravel()[shuffled],
        pops.ravel()[shuffled],
        np.tile(AGES, count)[shuffled],
        groups[shuffled],
        confidence=levels,
        le_age="all",
    )
    for area in range(count):
        alone = life_expectancy(deaths[area], pops[area], AGES, confidence=levels, le_age="all")
        rows = together.groups == area
        np.testing.assert_array_equal(together.value[rows], alone.value)
        np.testing.assert_array_equal(together.standard_error[rows], alone.standard_error)
        np.testing.assert_array_equal(together.pops_used[rows], alone.pops_used)
    narrow, wide = min(levels), max(levels)
    low, high = together.limits(narrow)
    wide_low, wide_high = together.limits(wide)
    # Bands past one where everyone dies (q capped at 1) have e = 0 and no limits, as in R.
    shown = ~np.isnan(together.value) & ~np.isnan(low)
    assert np.all(wide_low[shown] <= low[shown] + 1e-9)
    assert np.all(low[shown] <= together.value[shown] + 1e-9)
    assert np.all(together.value[shown] <= high[shown] + 1e-9)
    assert np.all(high[shown] <= wide_high[shown] + 1e-9)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=2, max_value=50))
def test_scaling_deaths_and_population_keeps_the_value_and_narrows_the_interval(factor):
    base = life_expectancy(DEATHS, POPS, AGES, le_age="all")
    scaled = life_expectancy(DEATHS * factor, POPS * factor, AGES, le_age="all")
    np.testing.assert_allclose(scaled.value, base.value, rtol=1e-12)
    np.testing.assert_allclose(
        scaled.standard_error, base.standard_error / np.sqrt(factor), rtol=1e-9
    )
