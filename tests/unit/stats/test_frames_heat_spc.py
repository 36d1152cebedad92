"""The DataFrame face of the WHO HEAT measures (``frame_heat``) and of XmR charts (``frame_xmr``).

Every (dataset, measure call) of ``heat-measures/heat_measures.json`` runs through
``frame_heat`` with the oracle's own input table, its columns named as arguments, at the
tolerances of test_heat.py (the README's, with the simulated limits checked as strictly as the
others because our simulation replays R's stream). The cases are counted in test_heat.py, so
nothing here calls ``oracle.record``. Grouped frames must equal one array call per group, and
``frame_xmr`` must equal :func:`~placematters.stats.spc.xmr` on the series of test_spc.py, also
when the rows come grouped, shuffled and rebased.
"""

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import numpy as np
import pandas as pd
import pytest

from placematters.stats import StatsInputError, frames
from placematters.stats import heat as H
from placematters.stats import spc as S
from placematters.stats.spc import xmr
from tests.unit.stats import oracle
from tests.unit.stats.test_heat import _call, _datasets, _inputs, _sii_scale, _variant

HEAT_COLUMNS = ["measure", "estimate", "se", "lowerci", "upperci"]
REGRESSION = {"sii_logistic", "rii_logistic", "sii_linear", "rii_linear"}

#: Each oracle call: healthequal's measure name, options, and the arguments the driver passed
#: (as test_heat.py's ``_call``).
DIFFERENCE = ("se", "favourable", "subgroup_order", "reference")
ATTRIBUTABLE = ("favourable", "population", "subgroup_order", "scale")
ORDERED = ("subgroup_order", "population")
SIMULATED = ("se", "population", "scale")
CALLS: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    "d": ("d", {}, DIFFERENCE),
    "r": ("r", {}, DIFFERENCE),
    "parisk": ("parisk", {}, ATTRIBUTABLE),
    "paf": ("paf", {}, ATTRIBUTABLE),
    "aci": ("aci", {}, ORDERED),
    "rci": ("rci", {}, ORDERED),
    "sii_logistic": ("sii", {}, ORDERED),
    "rii_logistic": ("rii", {}, ORDERED),
    "sii_linear": ("sii", {"linear": True}, ORDERED),
    "rii_linear": ("rii", {"linear": True}, ORDERED),
    "bgv": ("bgv", {}, ("se", "population")),
    "ti": ("ti", {}, ("se", "population")),
    "mld": ("mld", {}, ("se", "population")),
    "bgsd": ("bgsd", {}, SIMULATED),
    "covar": ("covar", {}, SIMULATED),
    "mdmu": ("mdmu", {}, SIMULATED),
    "mdmw": ("mdmw", {}, SIMULATED),
    "idisu": ("idisu", {}, SIMULATED),
    "idisw": ("idisw", {}, SIMULATED),
    "mdbu": ("mdbu", {}, ("se", "favourable", "scale")),
    "mdbw": ("mdbw", {}, ("se", "favourable", "population", "scale")),
    "mdru": ("mdru", {}, ("se", "reference", "scale")),
    "mdrw": ("mdrw", {}, ("se", "reference", "population", "scale")),
}
#: Where each argument lives in the oracle's input tables (the scale has two spellings).
ORACLE_COLUMNS = {
    "se": ("se",),
    "population": ("population",),
    "subgroup_order": ("subgroup_order",),
    "reference": ("reference_subgroup",),
    "favourable": ("favourable_indicator",),
    "scale": ("indicator_scale", "scaleval"),
}


def _oracle_cases() -> list:
    return [
        pytest.param(d, result, id=f"{d['dataset'].split()[0]}-{result['measure_call']}")
        for d in _datasets()
        for result in d["results"]
    ]


def _column_arguments(frame: pd.DataFrame, call: str) -> dict[str, str]:
    """The call's arguments as column names of ``frame`` (those the table has)."""
    out = {}
    for argument in CALLS[call][2]:
        present = [name for name in ORACLE_COLUMNS[argument] if name in frame.columns]
        if present:
            out[argument] = present[0]
    return out


def test_every_oracle_call_has_a_frame_call():
    calls = {result["measure_call"] for d in _datasets() for result in d["results"]}
    assert calls == set(CALLS)
    assert {measure for measure, _, _ in CALLS.values()} == set(frames.HEAT_MEASURES)


@pytest.mark.oracle
@pytest.mark.parametrize(("dataset", "expected"), _oracle_cases())
def test_oracle(dataset: dict, expected: dict) -> None:
    call = expected["measure_call"]
    assert expected["error"] is None
    want = expected["output"][0]
    table = pd.DataFrame(dataset["input"])
    measure, options = CALLS[call][:2]
    got = frames.frame_heat(table, measure, "estimate", **_column_arguments(table, call), **options)
    assert list(got.columns) == HEAT_COLUMNS
    assert len(got) == 1
    row = got.iloc[0]
    assert row["measure"] == want["measure"]
    assert oracle.close(row["estimate"], want["estimate"], rel=1e-9), (row, want)
    rel = 1e-6 if call in REGRESSION else 1e-9
    se = row["se"]
    if measure == "sii":
        se = se / _sii_scale(table["estimate"].to_numpy())  # WHO's se is scale-divided
    assert oracle.close(se, want["se"], rel=rel), (se, want["se"])
    assert oracle.close(row["lowerci"], want["lowerci"], rel=rel), (row, want)
    assert oracle.close(row["upperci"], want["upperci"], rel=rel), (row, want)


# --- grouped frames equal one array call per group --------------------------------------------


def _frame(data: dict) -> pd.DataFrame:
    """test_heat.py's input dict as a table with the oracle's column names."""
    n = len(data["estimate"])
    columns = {
        "estimate": data["estimate"],
        "se": data["se"],
        "population": data["population"],
        "subgroup_order": data["order"],
        "reference_subgroup": data["reference"],
        "favourable_indicator": np.full(n, data["favourable"]),
        "indicator_scale": np.full(n, data["scale"]),
    }
    return pd.DataFrame({name: values for name, values in columns.items() if values is not None})


def _interleave(tables: Sequence[pd.DataFrame], seed: int) -> pd.DataFrame:
    """Rows of several tables mixed at random, each table's rows keeping their relative order."""
    stacked = pd.concat(tables, ignore_index=True)
    owner = np.concatenate([np.full(len(t), i) for i, t in enumerate(tables)])
    slots = np.random.default_rng(seed).permutation(owner)  # which table fills each position
    positions = np.empty(len(owner), dtype=np.intp)
    for i in range(len(tables)):
        positions[slots == i] = np.flatnonzero(owner == i)
    return stacked.iloc[positions].reset_index(drop=True)


def _one(result: H.InequalityResult) -> list[float]:
    return [result.estimate[0], result.se[0], result.lower[0], result.upper[0]]


@pytest.mark.parametrize("dataset_index", [0, 1, 2])
def test_grouped_frame_equals_one_array_call_per_group(dataset_index: int) -> None:
    dataset = _datasets()[dataset_index]
    base = _inputs(dataset)
    # three groups keyed by two columns, listed out of order and with their rows interleaved
    groups = {("south", 2023): _variant(base, 3), ("north", 2024): base}
    groups[("north", 2023)] = _variant(base, 4)
    tables = [
        _frame(data).assign(region=region, year=year) for (region, year), data in groups.items()
    ]
    table = _interleave(tables, seed=dataset_index)
    for result in dataset["results"]:
        call = result["measure_call"]
        measure, options = CALLS[call][:2]
        arguments = _column_arguments(table, call)
        got = frames.frame_heat(
            table, measure, "estimate", group_by=["region", "year"], **arguments, **options
        )
        assert list(got.columns) == ["region", "year", *HEAT_COLUMNS], call
        assert list(zip(got["region"], got["year"], strict=True)) == sorted(groups), call
        for i, key in enumerate(sorted(groups)):
            alone = _call(call, groups[key])
            assert got["measure"].iloc[i] == alone.measure
            np.testing.assert_allclose(
                got[["estimate", "se", "lowerci", "upperci"]].iloc[i].to_numpy(dtype=float),
                _one(alone),
                rtol=1e-12,
                err_msg=f"{call} {key}",
            )


# --- frame_heat: arguments, options and errors ---------------------------------------------------


@pytest.fixture
def quintiles() -> pd.DataFrame:
    """Five quintiles (1 = most disadvantaged), equal populations, as in test_heat.py."""
    return pd.DataFrame(
        {
            "y": [60.0, 70.0, 75.0, 80.0, 90.0],
            "y_se": [3.0, 2.0, 2.0, 2.0, 4.0],
            "pop": [100.0] * 5,
            "q": [1, 2, 3, 4, 5],
            "good": [True] * 5,
            "ref": [0, 0, 1, 0, 0],
            "scale": [100] * 5,
        },
        index=list("abcde"),
    )


def test_ungrouped_frame_is_one_row_of_healthequal_columns(quintiles):
    before = quintiles.copy()
    got = frames.frame_heat(quintiles, "d", "y", se="y_se", subgroup_order="q", favourable="good")
    pd.testing.assert_frame_equal(quintiles, before)  # the caller's frame is not changed
    assert list(got.columns) == HEAT_COLUMNS
    assert list(got.index) == [0]
    assert got["measure"].iloc[0] == "d" and got["estimate"].iloc[0] == 30.0
    assert got["se"].iloc[0] == pytest.approx(5.0)  # sqrt(4² + 3²)


def test_constants_equal_constant_columns(quintiles):
    by_column = frames.frame_heat(
        quintiles, "mdbw", "y", se="y_se", population="pop", favourable="good", scale="scale"
    )
    by_value = frames.frame_heat(
        quintiles, "mdbw", "y", se="y_se", population="pop", favourable=True, scale=100
    )
    pd.testing.assert_frame_equal(by_column, by_value)
    average = frames.frame_heat(
        quintiles.assign(mu=80.0), "parisk", "y", favourable=True, setting_average="mu"
    )
    assert average["estimate"].iloc[0] == pytest.approx(10.0)  # 90 - 80
    assert frames.frame_heat(quintiles, "parisk", "y", favourable=True, setting_average=80).equals(
        average
    )


def test_arguments_a_measure_does_not_use_are_ignored(quintiles):
    everything = {
        "se": "y_se",
        "population": "pop",
        "subgroup_order": "q",
        "reference": "ref",
        "favourable": "good",
        "setting_average": 75.0,
    }
    plain = frames.frame_heat(quintiles, "bgv", "y", se="y_se", population="pop")
    pd.testing.assert_frame_equal(frames.frame_heat(quintiles, "bgv", "y", **everything), plain)
    aci = frames.frame_heat(quintiles, "aci", "y", subgroup_order="q", population="pop")
    assert aci["estimate"].iloc[0] == pytest.approx(5.6)
    assert frames.frame_heat(quintiles, "aci", "y", **everything).equals(aci)


def test_options_reach_the_array_function(quintiles):
    y, se, pop = (quintiles[name].to_numpy(dtype=float) for name in ("y", "y_se", "pop"))
    got = frames.frame_heat(
        quintiles, "mdmw", "y", se="y_se", population="pop", scale=100, seed=7, simulations=50
    )
    want = H.heat_mdm(y, se, population=pop, scale=100, weighted=True, seed=7, simulations=50)
    np.testing.assert_array_equal(got[["estimate", "se", "lowerci", "upperci"]].iloc[0], _one(want))
    q = quintiles["q"].to_numpy()
    for measure, function in (("sii", H.heat_sii), ("rii", H.heat_rii)):
        linear = frames.frame_heat(
            quintiles, measure, "y", subgroup_order="q", population="pop", linear=True
        )
        model = frames.frame_heat(
            quintiles, measure, "y", subgroup_order="q", population="pop", model="linear"
        )
        pd.testing.assert_frame_equal(linear, model)
        alone = function(y, subgroup_order=q, population=pop, model="linear")
        assert linear["estimate"].iloc[0] == alone.estimate[0]
        logistic = frames.frame_heat(
            quintiles, measure, "y", subgroup_order="q", population="pop", linear=False
        )
        assert (
            logistic["estimate"].iloc[0] == _one(function(y, subgroup_order=q, population=pop))[0]
        )
        assert logistic["estimate"].iloc[0] != linear["estimate"].iloc[0]
    rescaled = frames.frame_heat(
        quintiles, "rci", "y", subgroup_order="q", population="pop", bounds=(0, 100)
    )
    assert rescaled["estimate"].iloc[0] == pytest.approx(
        H.heat_rci(y / 100, subgroup_order=q, population=pop).estimate[0]
    )


def test_drop_missing_and_missing_group_values(quintiles):
    two = pd.concat([quintiles.assign(area="x"), quintiles.assign(area="y")])
    two.iloc[1, two.columns.get_loc("y")] = np.nan
    kept = frames.frame_heat(two, "bgv", "y", population="pop", group_by="area")
    assert np.isnan(kept["estimate"].iloc[0]) and np.isfinite(kept["estimate"].iloc[1])
    dropped = frames.frame_heat(
        two, "bgv", "y", population="pop", group_by="area", drop_missing=True
    )
    alone = H.heat_bgv(quintiles["y"].to_numpy()[[0, 2, 3, 4]], population=np.full(4, 100.0))
    assert dropped["estimate"].iloc[0] == pytest.approx(alone.estimate[0])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"measure": "gini"}, r"^measure: must be one of d, r, parisk"),
        ({"measure": "bgv", "population": "people"}, r"^people: is not a column"),
        ({"measure": "bgv", "group_by": "area"}, r"^area: is not a column"),
        ({"measure": "bgv", "population": "pop", "seeds": 3}, r"^seeds: is not an option of bgv"),
        ({"measure": "d", "favourable": True, "linear": True}, r"^linear: is not an option of d"),
        ({"measure": "mdmw", "population": "pop", "weighted": False}, r"^weighted: is not an"),
        (
            {"measure": "sii", "subgroup_order": "q", "linear": True, "model": "linear"},
            r"^linear: give linear or model",
        ),
        ({"measure": "d"}, r"^favourable: is required for d"),
        ({"measure": "aci", "population": "pop"}, r"^subgroup_order: is required for aci"),
        ({"measure": "bgv", "population": "q", "se": "bad"}, r"^bad: row 2 is -1\.0; must be zero"),
        ({"measure": "aci", "subgroup_order": "gap"}, r"^gap: row 3"),
        ({"measure": "mdru", "reference": "ref2"}, r"^ref2: row 3 is 1; mark at most one"),
        ({"measure": "bgv", "population": "pop", "confidence": 0.5}, r"^confidence"),
    ],
)
def test_errors_name_the_column_and_row(quintiles, arguments, message):
    table = quintiles.assign(
        bad=[1.0, 1.0, -1.0, 1.0, 1.0], gap=[1, 2, 3, np.nan, 5], ref2=[1, 0, 0, 1, 0]
    )
    arguments = dict(arguments)
    with pytest.raises(StatsInputError, match=message):
        frames.frame_heat(table, arguments.pop("measure"), "y", **arguments)


# --- frame_xmr ---------------------------------------------------------------------------------

#: The series of test_spc.py (its docstrings work out each chart by hand).
A = [10, 12, 11, 13, 12, 30, 11, 12, 10, 11]
RUN = [3, 7, 3, 7, 3, 6, 6, 6, 6, 6, 6, 6]
TREND = [5, 4, 5, 6, 7, 8, 9, 5, 4, 5]
TWO_OF_THREE = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 15, 15, 10]
BOTH_WAYS = [5, 6, 5, 6, 5, 6, 30, 25, 20, 15, 10, 5]
REBASED = [1, 2, 1, 2, 1, 11, 12, 11, 12, 11]
GAP = [10, 12, 11, np.nan, 13, 12, 30, 11, 12, 10, 11]

POINT_COLUMNS = [
    "segment",
    "mean",
    "moving_range",
    "mean_moving_range",
    "upper_limit",
    "lower_limit",
    "upper_two_sigma",
    "lower_two_sigma",
    "beyond_limits",
    "run",
    "trend",
    "two_of_three",
    "special_cause",
    "high",
    "low",
    "variation",
]
GROUP_COLUMNS = ["assurance", "latest_variation"]


def _same_chart(frame: pd.DataFrame, chart: S.XmRResult, group: int = 0) -> None:
    """Every added column of ``frame`` equals the chart (per-group columns: group ``group``)."""
    np.testing.assert_array_equal(frame["value"].to_numpy(dtype=float), chart.values)
    for name in POINT_COLUMNS:
        np.testing.assert_array_equal(frame[name].to_numpy(), getattr(chart, name), err_msg=name)
    for name in GROUP_COLUMNS:
        assert list(frame[name]) == [getattr(chart, name)[group]] * len(frame), name


def test_column_names_are_the_result_attributes():
    attributes = [field.name for field in fields(S.XmRResult)]
    assert [name for name in attributes if name in POINT_COLUMNS] == POINT_COLUMNS
    assert set(GROUP_COLUMNS) <= set(attributes)
    assert list(frames.XMR_POINT_COLUMNS) == POINT_COLUMNS
    assert list(frames.XMR_GROUP_COLUMNS) == GROUP_COLUMNS


@pytest.mark.parametrize(
    "series",
    [A, RUN, TREND, TWO_OF_THREE, BOTH_WAYS, REBASED, GAP],
    ids=["beyond", "run", "trend", "two-of-three", "both-ways", "shift", "gap"],
)
@pytest.mark.parametrize(
    ("improvement", "target"), [(None, None), ("increase", 20.0), ("decrease", 8.0)]
)
def test_one_series_equals_xmr(series, improvement, target):
    table = pd.DataFrame({"label": [f"p{i}" for i in range(len(series))], "value": series})
    table.index = table.index + 100
    before = table.copy()
    got = frames.frame_xmr(table, "value", improvement=improvement, target=target)
    pd.testing.assert_frame_equal(table, before)  # the caller's frame is not changed
    assert list(got.columns) == ["label", "value", *POINT_COLUMNS, *GROUP_COLUMNS]
    assert list(got.index) == list(table.index)  # no groups, no order: the input order
    _same_chart(got, xmr(series, improvement=improvement, target=target))


def test_rule_options_reach_xmr():
    table = pd.DataFrame({"value": A + RUN})
    for options in (
        {"run_length": 6},
        {"trend_length": 7},
        {"baseline": 5},
        {"screen_moving_ranges": True},
    ):
        _same_chart(frames.frame_xmr(table, "value", **options), xmr(A + RUN, **options))


def _shuffled(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    return table.iloc[np.random.default_rng(seed).permutation(len(table))]


def test_groups_and_time_order():
    series = {"b": RUN, "a": A}
    table = pd.concat(
        [
            pd.DataFrame({"area": area, "period": np.arange(2001, 2001 + len(s)), "value": s})
            for area, s in series.items()
        ],
        ignore_index=True,
    )
    shuffled = _shuffled(table, 0)
    got = frames.frame_xmr(
        shuffled, "value", group_by="area", order_by="period", improvement="increase", target=20
    )
    # sorted by group, then by period; each row keeps its index label and its own columns
    assert list(got["area"]) == ["a"] * len(A) + ["b"] * len(RUN)
    assert got["period"].tolist() == list(range(2001, 2001 + len(A))) + list(
        range(2001, 2001 + len(RUN))
    )
    pd.testing.assert_frame_equal(got[table.columns], table.loc[got.index])
    for area, s in sorted(series.items()):
        _same_chart(got[got["area"] == area], xmr(s, improvement="increase", target=20))
    # a: limits 27.09 / -0.69, so 20 is inside; b: limits 10.01 / 0.82, so 20 is above
    assert got.groupby("area")["assurance"].first().tolist() == [
        S.ASSURANCE_HIT_AND_MISS,
        S.ASSURANCE_FAILING,
    ]
    assert got.groupby("area")["latest_variation"].first().tolist() == [
        S.COMMON_CAUSE,
        S.SPECIAL_CAUSE_IMPROVEMENT,
    ]


def test_several_group_and_order_columns():
    charts = {("f", "x"): TREND, ("m", "x"): A, ("f", "y"): TWO_OF_THREE}
    parts = []
    for (sex, region), s in charts.items():
        months = np.arange(len(s))
        parts.append(
            pd.DataFrame(
                {"sex": sex, "region": region, "year": 2020 + months // 12, "month": months % 12}
            ).assign(value=s)
        )
    # month alone repeats across years (and the year alone within it): both columns are needed
    parts[2]["year"], parts[2]["month"] = 2020 + np.arange(13) % 2, np.arange(13) // 2
    table = _shuffled(pd.concat(parts, ignore_index=True), 1)
    got = frames.frame_xmr(
        table,
        "value",
        group_by=["sex", "region"],
        order_by=["year", "month"],
        improvement="decrease",
    )
    keys = list(zip(got["sex"], got["region"], strict=True))
    assert list(dict.fromkeys(keys)) == sorted(charts)
    for key in sorted(charts):
        rows = got[[k == key for k in keys]]
        assert list(zip(rows["year"], rows["month"], strict=True)) == sorted(
            zip(rows["year"], rows["month"], strict=True)
        )
        expected = xmr(rows["value"].to_numpy(), improvement="decrease")
        _same_chart(rows, expected)
    # the TWO_OF_THREE rows, put in (year, month) order, are the series in a new order
    two = got[[k == ("f", "y") for k in keys]]
    assert two["value"].tolist() == [TWO_OF_THREE[i] for i in [*range(0, 13, 2), *range(1, 13, 2)]]


def test_without_order_each_group_keeps_the_input_order():
    owner = np.random.default_rng(2).permutation(np.r_[np.zeros(len(A)), np.ones(len(TREND))])
    values = np.empty(len(owner))
    values[owner == 0], values[owner == 1] = A, TREND
    table = pd.DataFrame({"g": np.where(owner == 0, "a", "t"), "value": values})
    got = frames.frame_xmr(table, "value", group_by="g")
    assert list(got.index) == [*np.flatnonzero(owner == 0), *np.flatnonzero(owner == 1)]
    _same_chart(got[got["g"] == "a"], xmr(A))
    _same_chart(got[got["g"] == "t"], xmr(TREND))
    grouped = xmr(values, groups=table["g"].to_numpy())
    for name in ("mean", "upper_limit", "special_cause", "variation"):
        np.testing.assert_array_equal(
            got.sort_index()[name].to_numpy(), getattr(grouped, name), err_msg=name
        )


def test_rebasing_by_a_column():
    table = pd.DataFrame({"t": range(len(REBASED)), "value": REBASED, "new": [False] * 10})
    table.loc[5, "new"] = True
    got = frames.frame_xmr(_shuffled(table, 3), "value", order_by="t", rebase_at="new")
    _same_chart(got, xmr(REBASED, rebase_at=[5]))
    assert got["segment"].tolist() == [0] * 5 + [1] * 5
    np.testing.assert_allclose(got["upper_limit"], [4.06] * 5 + [14.06] * 5)
    # with groups: the flag travels with its row; a flag on a group's first row changes nothing
    other = pd.DataFrame({"t": range(len(A)), "value": A, "new": [True] + [False] * 9})
    both = pd.concat([table.assign(g="r"), other.assign(g="a")], ignore_index=True)
    got = frames.frame_xmr(_shuffled(both, 4), "value", group_by="g", order_by="t", rebase_at="new")
    _same_chart(got[got["g"] == "r"], xmr(REBASED, rebase_at=[5]))
    _same_chart(got[got["g"] == "a"], xmr(A))
    # 0/1 integers work as flags too
    ones = frames.frame_xmr(table.assign(new=table["new"].astype(int)), "value", rebase_at="new")
    _same_chart(ones, xmr(REBASED, rebase_at=[5]))


def test_target_column_judges_each_groups_latest_point():
    # test_spc: a per-row target [30] * 9 + [-5] on series A is judged by its last row (passing)
    table = pd.DataFrame({"t": range(len(A)), "value": A, "aim": [30] * 9 + [-5]})
    got = frames.frame_xmr(
        _shuffled(table, 5), "value", order_by="t", improvement="increase", target="aim"
    )
    assert set(got["assurance"]) == {S.ASSURANCE_PASSING}
    _same_chart(got, xmr(A, improvement="increase", target=[30] * 9 + [-5]))


@pytest.mark.parametrize(
    ("change", "arguments", "message"),
    [
        ({}, {"value": "level"}, r"^level: is not a column"),
        ({}, {"order_by": "when"}, r"^when: is not a column"),
        ({}, {"rebase_at": "restart"}, r"^restart: is not a column"),
        ({"t": [9, 8, 7, None, 5, 4, 3, 2, 1, 0]}, {}, r"^t: row 3 is None; must not be missing"),
        ({"t": [9, 8, 7, 6, 5, 4, 3, 2, 1, 4]}, {}, r"^t: row 9 is 4; repeats a time"),
        ({"value": [1, 2, 3, 4, 5, 6, 7, 8, np.inf, 9]}, {}, r"^value: row 8 is inf; must be"),
        ({"g": ["a"] * 9 + ["b"]}, {"group_by": "g"}, r"^value: row 9 is 10\.0; each segment"),
        ({"new": [None] + [False] * 9}, {"rebase_at": "new"}, r"^new: row 0 is None; must be"),
        ({}, {"target": [1, 2]}, r"^target: give a column name or one number"),
        ({}, {"target": "aim"}, r"^aim: needs an improvement direction"),
        ({}, {"target": 5}, r"^target: needs an improvement direction"),
        ({}, {"improvement": "up"}, r"^improvement: must be"),
    ],
)
def test_xmr_errors_name_the_column_and_the_row_of_the_input(change, arguments, message):
    # time runs backwards down the table, so the rows are reordered before the chart is drawn
    table = pd.DataFrame({"t": range(9, -1, -1), "value": A[::-1], "new": False, "aim": 1.0})
    arguments = {"value": "value", "order_by": "t", **arguments}
    with pytest.raises(StatsInputError, match=message):
        frames.frame_xmr(table.assign(**change), **arguments)


def test_xmr_error_rows_are_positions_in_the_input():
    # two groups, shuffled: the lone point of group b sits at input position 4
    table = pd.DataFrame(
        {"g": ["a", "a", "a", "a", "b", "a"], "t": [5, 2, 3, 1, 9, 4], "value": [1, 2, 3, 4, 7, 6]}
    )
    with pytest.raises(StatsInputError, match=r"^value: row 4 is 7\.0; each segment needs"):
        frames.frame_xmr(table, "value", group_by="g", order_by="t")
    with pytest.raises(StatsInputError, match=r"^t: row 5 is 2; repeats a time"):
        frames.frame_xmr(table.assign(t=[5, 2, 3, 1, 9, 2]), "value", group_by="g", order_by="t")


# --- the package exports ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["frame_heat", "frame_xmr"])
def test_new_frames_are_reachable_from_the_package(name):
    import placematters.stats as stats

    assert getattr(stats, name) is getattr(frames, name)
    assert name in stats.__all__ and name in frames.__all__
