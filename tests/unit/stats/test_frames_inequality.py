"""The DataFrame face of the inequality functions: SII/RII, quantiles and funnel plots.

Every public-function case of sii.json, quantile.json and funnel.json runs through the frames
face; the reference's column names and order must match exactly and every cell is compared, rows
matched by their keys. (The internal-helper cases, e.g. ``FindXValues`` or the Poisson grids,
have no frame face; the array tests cover them. These cases are counted there, so nothing here
calls ``oracle.record``.)
"""

import contextlib
import math
import re
import subprocess
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest

from placematters.stats import StatsInputError, frames
from placematters.stats.funnel import SIGNIFICANCE_LABELS
from placematters.stats.inequality import DroppedGroupsWarning, sii
from placematters.stats.quantiles import TooFewValuesWarning, quantiles
from tests.unit.stats import oracle
from tests.unit.stats.test_frames import group_names, same

SII = "phe-methods/sii.json"
QUANTILE = "phe-methods/quantile.json"
FUNNEL = "phe-methods/funnel.json"


def _public(file: str) -> list[dict]:
    return [case for case in oracle.cases(file) if "(internal)" not in case["function"]]


SII_CASES = _public(SII)
QUANTILE_CASES = _public(QUANTILE)
FUNNEL_CASES = _public(FUNNEL)
LIMIT = re.compile(r"^(sii|rii)_(lower|upper)(\d+)_(\d)(cl)?$")
#: The seed the array tests use for the oracle runs (the frame face must give the same numbers).
ORACLE_SEED = 20260101

#: Columns compared exactly (quantile numbers and counts), not within the numeric tolerance.
EXACT = {"quantile", "nquantiles"}


def test_only_internal_helpers_are_left_out():
    for file, public in ((SII, SII_CASES), (QUANTILE, QUANTILE_CASES), (FUNNEL, FUNNEL_CASES)):
        left_out = [case for case in oracle.cases(file) if case not in public]
        assert all("(internal)" in case["function"] for case in left_out)
        assert public, file
    assert len(SII_CASES) == 11 and len(QUANTILE_CASES) == 5 and len(FUNNEL_CASES) == 11


# --- helpers ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _rows_by_key(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, dict[str, Any]]:
    rows: dict[tuple, dict[str, Any]] = {}
    for row in frame.to_dict("records"):
        key = tuple(_plain(row[name]) for name in keys)
        assert key not in rows, f"our output repeats the key {key}"
        rows[key] = row
    return rows


def _assert_cells(case: dict, ours: pd.DataFrame, keys: list[str], skip=lambda column: False):
    """Same columns in the reference's order, same rows (by key), every cell equal."""
    expected_rows = case["output"]
    assert list(ours.columns) == list(expected_rows[0]), case["case"]
    mine = _rows_by_key(ours, keys)
    assert len(mine) == len(expected_rows), case["case"]
    for expected in expected_rows:
        key = tuple(expected[name] for name in keys)
        assert key in mine, f"{case['case']}: no row for {key}"
        row = mine[key]
        for column, value in expected.items():
            if skip(column):
                continue
            assert same(_plain(row[column]), value, exact=column in EXACT), (
                f"{case['case']} {key} {column}: ours {row[column]!r}, reference {value!r}"
            )


# --- SII / RII (phe_sii) ----------------------------------------------------------------------


def _run_sii(case: dict, seed: int = ORACLE_SEED) -> pd.DataFrame:
    args = case["args"]
    return frames.frame_sii(
        pd.DataFrame(case["input"]),
        args["quantile"],
        args["population"],
        args.get("value"),
        group_by=group_names(case) or None,
        se=args.get("se"),
        lower=args.get("lower_cl"),
        upper=args.get("upper_cl"),
        x=args.get("x"),
        value_type=args.get("value_type", 0),
        transform=args.get("transform", False),
        multiplier=args.get("multiplier", 1),
        confidence=args.get("confidence", 0.95),
        repetitions=args.get("repetitions", 100_000),
        seed=seed,
        rii=args.get("rii", False),
        intercept=args.get("intercept", False),
        reliability_stat=args.get("reliability_stat", False),
        type=args.get("type", "full"),
    )


def _seed_study(case: dict, key: tuple, column: str) -> tuple[float, float]:
    """Mean and sd of a simulated limit over the reference's seeds 1-10 (README's rule).

    The reliability case (1,000 repetitions) has no seed study of its own: it uses the same data
    and se as ``normal_se_rii_two_conf``, whose sd is scaled by sqrt(100,000 / repetitions).
    """
    keys = group_names(case)
    study = case.get("ci_seed_study")
    scale = 1.0
    if study is None:
        reference = next(c for c in SII_CASES if c["case"] == "normal_se_rii_two_conf")
        assert reference["input"] == case["input"]
        assert reference["args"]["se"] == case["args"]["se"]
        study = reference["ci_seed_study"]
        scale = math.sqrt(100_000 / case["args"]["repetitions"])
    for group in study["per_group"]:
        if tuple(group[name] for name in keys) == key:
            return group[f"{column}_mean"], group[f"{column}_sd"] * scale
    raise AssertionError(f"{case['case']}: no seed study for {key}")


@pytest.mark.oracle
@pytest.mark.parametrize("case", SII_CASES, ids=[case["case"] for case in SII_CASES])
def test_sii_oracle(case):
    if case["error"]:
        with pytest.raises(StatsInputError, match="repetitions"):
            _run_sii(case)
        return
    if 0 < case["args"].get("multiplier", 1) < 1:
        # The reference swaps the limits and inverts the RII limits here; the engine refuses.
        with pytest.raises(StatsInputError, match="multiplier"):
            _run_sii(case)
        return
    expecting = pytest.warns(DroppedGroupsWarning) if case["warnings"] else contextlib.nullcontext()
    with expecting:
        ours = _run_sii(case)

    keys = group_names(case)
    _assert_cells(
        case, ours, keys, skip=lambda column: bool(LIMIT.match(column)) or "_mad" in column
    )
    mine = _rows_by_key(ours, keys)
    for expected in case["output"]:
        key = tuple(expected[name] for name in keys)
        row = mine[key]
        limits = [column for column in expected if LIMIT.match(column)]
        assert limits
        for column in limits:
            mean, sd = _seed_study(case, key, column)
            assert abs(row[column] - mean) <= 5 * sd, (key, column, row[column], mean, sd)
        for column in (c for c in expected if "_mad" in c):
            assert row[column] > 0, (key, column)
            assert 0.1 < row[column] / expected[column] < 10, (key, column, row[column])


def test_sii_frame_is_the_array_function_reshaped():
    case = next(c for c in SII_CASES if c["case"] == "proportion_from_x_no_transform_pct")
    ours = _run_sii(case)
    data = pd.DataFrame(case["input"])
    array = sii(
        data["Decile"].to_numpy(float),
        data["Measured"].to_numpy(float),
        None,
        [data["Period"].to_numpy(), data["SchoolYear"].to_numpy()],
        lower=data["lcl_prop"].to_numpy(float),
        upper=data["ucl_prop"].to_numpy(float),
        x=data["Count"].to_numpy(float),
        value_type=2,
        multiplier=100,
        rii=True,
        seed=ORACLE_SEED,
    )
    assert ours[["Period", "SchoolYear"]].values.tolist() == [list(k) for k in array.groups]
    for column, values in (
        ("sii", array.sii),
        ("rii", array.rii),
        ("intercept", array.intercept),
        ("sii_lower95_0cl", array.sii_lower),
        ("rii_upper95_0cl", array.rii_upper),
    ):
        np.testing.assert_array_equal(ours[column].to_numpy(), values, err_msg=column)


QUINTILES = pd.DataFrame(
    {
        "area": ["b"] * 5 + ["a"] * 5,
        "q": list(range(1, 6)) * 2,
        "pop": [100.0, 200, 300, 200, 200] * 2,
        "rate": [150.0, 140, 120, 110, 100, 90, 85, 80, 75, 70],
    }
)
QUINTILES["low"] = QUINTILES["rate"] * 0.9
QUINTILES["high"] = QUINTILES["rate"] * 1.1


def test_sii_transform_names_limits_level_by_level_without_cl():
    out = frames.frame_sii(
        QUINTILES,
        "q",
        "pop",
        "rate",
        group_by="area",
        lower="low",
        upper="high",
        value_type=1,
        transform=True,
        confidence=[0.95, 0.998],
        repetitions=1000,
        seed=1,
        rii=True,
        intercept=True,
        reliability_stat=True,
    )
    assert list(out.columns) == [
        "area",
        "sii",
        "rii",
        "sii_lower95_0",
        "sii_upper95_0",
        "rii_lower95_0",
        "rii_upper95_0",
        "sii_lower99_8",
        "sii_upper99_8",
        "rii_lower99_8",
        "rii_upper99_8",
        "sii_mad95_0",
        "sii_mad99_8",
        "rii_mad95_0",
        "rii_mad99_8",
        "intercept",
        "indicator_type",
        "multiplier",
        "transform",
        "CI_confidence",
        "CI_method",
    ]
    assert out["area"].tolist() == ["a", "b"]
    assert out["transform"].tolist() == ["log", "log"]
    assert out["CI_confidence"].iloc[0] == "95%, 99.8%"
    assert out["CI_method"].iloc[0] == "simulation 1000 reps"


def test_sii_ungrouped_standard_has_one_row_and_no_metadata():
    one = QUINTILES[QUINTILES["area"] == "a"]
    out = frames.frame_sii(
        one, "q", "pop", "rate", se="low", confidence=99.8, seed=2, type="standard"
    )
    assert list(out.columns) == ["sii", "sii_lower99_8cl", "sii_upper99_8cl"]
    assert len(out) == 1
    assert out["sii_lower99_8cl"].iloc[0] < out["sii"].iloc[0] < out["sii_upper99_8cl"].iloc[0]


def test_sii_string_quantile_labels_and_default_method_text():
    data = QUINTILES.assign(q=QUINTILES["q"].map(lambda q: f"Q{q}"))
    out = frames.frame_sii(data, "q", "pop", "rate", group_by="area", se="low", seed=3)
    numeric = frames.frame_sii(QUINTILES, "q", "pop", "rate", group_by="area", se="low", seed=3)
    pd.testing.assert_frame_equal(out, numeric)
    assert out["CI_method"].iloc[0] == "simulation 1e+05 reps"
    assert out["multiplier"].iloc[0] == 1


@pytest.mark.parametrize(
    ("number", "text"),
    [(100_000, "1e+05"), (1000, "1000"), (250_000, "250000"), (1_000_000, "1e+06"), (10, "10")],
)
def test_r_number_formatting(number, text):
    assert frames._r_whole_number(number) == text


def test_sii_input_errors():
    with pytest.raises(StatsInputError, match=r"^type:"):
        frames.frame_sii(QUINTILES, "q", "pop", "rate", se="low", type="value")
    with pytest.raises(StatsInputError, match=r"^se_column: is not a column"):
        frames.frame_sii(QUINTILES, "q", "pop", "rate", se="se_column")
    with pytest.raises(StatsInputError, match="multiplier"):
        frames.frame_sii(QUINTILES, "q", "pop", "rate", se="low", multiplier=0.5)


# --- quantiles (phe_quantile) -----------------------------------------------------------------


def _run_quantile(case: dict) -> pd.DataFrame:
    args = case["args"]
    # The stored input is the table shared by every case; the reference only saw the ``inv``
    # column in the invert-field case, so keep only the columns its output carries.
    output_columns = list(case["output"][0])
    data = pd.DataFrame(case["input"])
    data = data[[column for column in data.columns if column in output_columns]]
    return frames.frame_quantile(
        data,
        args["values"],
        group_by=group_names(case) or None,
        nquantiles=args.get("nquantiles", 10),
        invert=args.get("invert", True),
        type=args.get("type", "full"),
    )


@pytest.mark.oracle
@pytest.mark.parametrize("case", QUANTILE_CASES, ids=[case["case"] for case in QUANTILE_CASES])
def test_quantile_oracle(case):
    expecting = pytest.warns(TooFewValuesWarning) if case["warnings"] else contextlib.nullcontext()
    with expecting:
        ours = _run_quantile(case)
    _assert_cells(case, ours, ["smallarea"])
    # Input rows keep their order and index (phe_quantile appends columns, it does not sort).
    assert ours["smallarea"].tolist() == [row["smallarea"] for row in case["input"]]
    assert list(ours.index) == list(range(len(case["input"])))


def test_quantile_frame_keeps_the_index_and_matches_the_array_function():
    data = pd.DataFrame(
        {
            "region": ["n", "n", "n", "n", "s", "s", "s", "s"],
            "score": [4.0, 1.0, None, 3.0, 9.0, 7.0, 8.0, 6.0],
            "high_is_bad": [True] * 4 + [False] * 4,
        },
        index=list("abcdefgh"),
    )
    out = frames.frame_quantile(
        data, "score", group_by="region", nquantiles=3, invert="high_is_bad"
    )
    assert list(out.index) == list("abcdefgh")
    expected = quantiles(
        data["score"].to_numpy(float),
        data["region"].to_numpy(),
        n=3,
        invert=data["high_is_bad"].to_numpy(),
    )
    np.testing.assert_array_equal(out["quantile"].to_numpy(), expected)
    assert (
        out["qinverted"].tolist()
        == ["lowest quantile represents highest values"] * 4
        + ["lowest quantile represents lowest values"] * 4
    )
    assert out["groupvars"].unique().tolist() == ["region"]
    two = frames.frame_quantile(data, "score", group_by=["region", "high_is_bad"], nquantiles=3)
    assert two["groupvars"].iloc[0] == "region, high_is_bad"


def test_quantile_nullable_invert_column_and_errors():
    data = pd.DataFrame(
        {"g": ["a", "a", "b", "b"], "v": [1.0, 2, 3, 4], "inv": pd.array([True, True, None, None])}
    )
    with pytest.raises(StatsInputError, match=r"^inv: row 2 is None; must be a column of True"):
        frames.frame_quantile(data, "v", group_by="g", nquantiles=2, invert="inv")
    data["inv"] = ["yes", "yes", "no", "no"]
    with pytest.raises(StatsInputError, match=r"^inv: row 0 is 'yes'"):
        frames.frame_quantile(data, "v", group_by="g", nquantiles=2, invert="inv")
    data["inv"] = [1, 1, 0, 0]  # 0/1 are read as False/True
    out = frames.frame_quantile(data, "v", group_by="g", nquantiles=2, invert="inv")
    assert out["quantile"].tolist() == [2, 1, 1, 2]
    data["inv"] = [True, False, False, False]
    with pytest.raises(StatsInputError, match="same value for every row"):
        frames.frame_quantile(data, "v", group_by="g", nquantiles=2, invert="inv")
    with pytest.raises(StatsInputError, match=r"^type:"):
        frames.frame_quantile(data, "v", type="lower")
    with pytest.raises(StatsInputError, match=r"^missing: is not a column"):
        frames.frame_quantile(data, "v", invert="missing")


# --- funnel plots -----------------------------------------------------------------------------


def _run_funnel(case: dict) -> pd.DataFrame:
    args = case["args"]
    data = pd.DataFrame(case["input"])
    function = case["function"]
    if function == "calculate_funnel_limits":
        return frames.frame_funnel_limits(
            data,
            args["numerator"],
            args.get("denominator"),
            args["statistic"],
            rate=args.get("rate"),
            multiplier=args.get("multiplier", 100),
            ratio_type=args.get("ratio_type"),
            rate_type=args.get("rate_type"),
            years_of_data=args.get("years_of_data"),
            type=args.get("type", "full"),
        )
    if function == "assign_funnel_significance":
        return frames.frame_funnel_significance(
            data,
            args["numerator"],
            args.get("denominator"),
            args["statistic"],
            rate=args.get("rate"),
            rate_type=args.get("rate_type"),
            multiplier=args.get("multiplier"),
        )
    if function == "calculate_funnel_points":
        return frames.frame_funnel_points(
            data,
            args["numerator"],
            args["rate"],
            args["rate_type"],
            args.get("denominator"),
            args["multiplier"],
            args["years_of_data"],
        )
    raise AssertionError(f"no frame function for {function}")


@pytest.mark.oracle
@pytest.mark.parametrize("case", FUNNEL_CASES, ids=[case["case"] for case in FUNNEL_CASES])
def test_funnel_oracle(case):
    ours = _run_funnel(case)
    if case["function"] == "calculate_funnel_limits":
        axis = next(iter(case["output"][0]))
        keys = [axis]
        # The axis values are exact, in the reference's order.
        assert ours[axis].tolist() == [row[axis] for row in case["output"]]
    else:
        keys = ["area"]
        assert list(ours.index) == list(range(len(case["input"])))
    _assert_cells(case, ours, keys)


def test_significance_is_a_categorical_with_the_reference_levels():
    case = next(c for c in FUNNEL_CASES if c["case"] == "significance_proportion")
    out = _run_funnel(case)
    assert list(out["significance"].cat.categories) == list(SIGNIFICANCE_LABELS[:5])
    rates = next(c for c in FUNNEL_CASES if c["case"] == "significance_rate_crude")
    assert list(_run_funnel(rates)["significance"].cat.categories) == list(SIGNIFICANCE_LABELS)


def test_funnel_limits_standard_drops_the_metadata():
    case = next(c for c in FUNNEL_CASES if c["case"] == "limits_ratio_isr")
    args = case["args"]
    out = frames.frame_funnel_limits(
        pd.DataFrame(case["input"]),
        args["numerator"],
        args["denominator"],
        "ratio",
        ratio_type="isr",
        type="standard",
    )
    assert list(out.columns) == [c for c in case["output"][0] if c not in ("statistic", "method")]
    assert len(out) == 100


def test_funnel_input_errors():
    data = pd.DataFrame({"events": [0, 5, 20], "rate": [0.0, 50.0, 100.0]})
    with pytest.raises(StatsInputError, match="denominator"):
        frames.frame_funnel_points(data, "events", "rate", "crude")
    with pytest.raises(StatsInputError, match=r"^pop: is not a column"):
        frames.frame_funnel_significance(data, "events", "pop")
    with pytest.raises(StatsInputError, match=r"^type:"):
        frames.frame_funnel_limits(data, "events", "rate", type="value")


# --- the package exports ----------------------------------------------------------------------

NEW_FRAMES = [
    "frame_sii",
    "frame_quantile",
    "frame_funnel_limits",
    "frame_funnel_significance",
    "frame_funnel_points",
]


@pytest.mark.parametrize("name", NEW_FRAMES)
def test_new_frames_are_reachable_from_the_package(name):
    import placematters.stats as stats

    assert getattr(stats, name) is getattr(frames, name)
    assert name in stats.__all__ and name in frames.__all__


def test_importing_the_package_does_not_load_pandas():
    code = "import sys, placematters.stats; sys.exit('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
