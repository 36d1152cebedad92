"""The DataFrame face (placematters.stats.frames), and the oracle helpers the other files share.

The oracle tests themselves live beside each method (test_indicators.py, ...). Each runs the
reference case through the frames face, requires the reference's exact column names in the
reference's order, and compares every cell (rows matched by their keys); then it runs the array
function directly and compares its attributes with the same reference rows.
"""

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from placematters.stats import StatsInputError, frames
from placematters.stats.results import IndicatorResult, level_suffix
from tests.unit.stats import oracle

PROPORTION = "phe-methods/proportion.json"
RATE = "phe-methods/rate.json"
MEAN = "phe-methods/mean.json"
DSR = "phe-methods/dsr.json"
ISR = "phe-methods/isr.json"
LIFE_EXPECTANCY = "phe-methods/life_expectancy.json"

METADATA = ["confidence", "statistic", "method"]

#: Columns compared exactly (counts and totals), not within the numeric tolerance.
EXACT_COLUMNS = {"value_count", "total_count", "total_pop", "observed", "pops_used", "dths_used"}


# --- helpers shared by the oracle tests -------------------------------------------------------


def confidence_arg(case: dict) -> Any:
    """The case's confidence, with R's NA (decoded to NaN) as None."""
    level = case["args"].get("confidence", 0.95)
    if isinstance(level, float) and math.isnan(level):
        return None
    return level


def group_names(case: dict) -> list[str]:
    group_by = case.get("group_by") or []
    return [group_by] if isinstance(group_by, str) else list(group_by)


def group_arrays(case: dict) -> Any:
    """The case's group columns as numpy arrays (None, one array, or a list of arrays)."""
    names = group_names(case)
    if not names:
        return None
    columns = [np.array([row[name] for row in case["input"]]) for name in names]
    return columns[0] if len(columns) == 1 else columns


def column(case: dict, name: str) -> np.ndarray:
    return np.array([row[name] for row in case["input"]], dtype=np.float64)


def reference_vectors() -> tuple[list[float], list[float]]:
    reference = oracle.load(ISR)["meta"]["reference"]
    return [row["refcount"] for row in reference], [row["refpop"] for row in reference]


def run_frame(file: str, case: dict) -> pd.DataFrame:
    """Run one oracle case through the frames face, with the case's arguments."""
    args = case["args"]
    data = pd.DataFrame(case["input"])
    group_by = group_names(case) or None
    kind = args.get("type", "full")
    level = confidence_arg(case)
    if file == PROPORTION:
        return frames.frame_proportion(
            data, args["x"], args["n"], group_by, level, args.get("multiplier", 1), kind
        )
    if file == RATE:
        return frames.frame_rate(
            data, args["x"], args["n"], group_by, level, args.get("multiplier", 100_000), kind
        )
    if file == MEAN:
        return frames.frame_mean(data, args["x"], group_by, level, kind)
    if file == DSR:
        extra = {}
        if args.get("independent_events") is False:
            extra = {"age_band": args["ageband"], "event_frequency": args["eventfreq"]}
        standard = None if case["function"] == "phe_dsr" else args["stdpop"]
        multiplier = args.get("multiplier", 100_000)
        return frames.frame_dsr(
            data, args["x"], args["n"], standard, group_by, level, multiplier, kind, **extra
        )
    if file == ISR:
        if args.get("refpoptype") == "field":
            x_ref, n_ref = args["x_ref"], args["n_ref"]
        else:
            x_ref, n_ref = reference_vectors()
        totals, x = None, args["x"]
        if "observed_totals" in args:
            totals, x = pd.DataFrame(case["args_tables"]["observed_totals"]), "observed"
        if case["function"] == "calculate_ISRatio":
            return frames.frame_isr_ratio(
                data,
                x,
                args["n"],
                x_ref,
                n_ref,
                group_by,
                level,
                args.get("refvalue", 1),
                kind,
                observed_totals=totals,
            )
        return frames.frame_isr_rate(
            data,
            x,
            args["n"],
            x_ref,
            n_ref,
            group_by,
            level,
            args.get("multiplier", 100_000),
            kind,
            observed_totals=totals,
        )
    if file == LIFE_EXPECTANCY:
        extra = {"age_contents": args["age_contents"]} if "age_contents" in args else {}
        return frames.frame_life_expectancy(
            data,
            args["deaths"],
            args["population"],
            args["startage"],
            group_by,
            level,
            args.get("le_age", "all"),
            type=kind,
            **extra,
        )
    raise AssertionError(f"no runner for {file}")


def row_keys(file: str, case: dict) -> list[str]:
    """Columns identifying an output row: group columns, the age band, or the input id."""
    keys = group_names(case)
    if file == LIFE_EXPECTANCY:
        keys.append(case["args"]["startage"])
    if not keys and "id" in (case["output"] or [{}])[0]:
        keys.append("id")
    return keys


def same(ours: Any, expected: Any, exact: bool = False) -> bool:
    """Reference comparison: strings exactly, missing as missing, numbers within tolerance."""
    if isinstance(expected, str):
        return ours == expected
    if exact and not (isinstance(expected, float) and math.isnan(expected)):
        return ours is not None and float(ours) == float(expected)
    if ours is None or isinstance(ours, str):
        return ours is None and isinstance(expected, float) and math.isnan(expected)
    return oracle.close(float(ours), expected)


def assert_rows_match(
    file: str, case: dict, ours: Iterable[dict[str, Any]], keys: list[str], partial: bool = False
) -> None:
    """Every reference row has one row of ours with the same keys and the same cells.

    ``partial``: compare only the columns ours has (the array face does not carry every
    input column); otherwise every reference column must be present.
    """
    expected_rows = case["output"]
    mine: dict[tuple, dict[str, Any]] = {}
    for row in ours:
        key = tuple(row[name] for name in keys)
        assert key not in mine, f"{case['case']}: our output repeats the key {key}"
        mine[key] = row
    assert len(mine) == len(expected_rows), (
        f"{case['case']}: {len(mine)} rows, reference has {len(expected_rows)}"
    )
    for expected in expected_rows:
        key = tuple(expected[name] for name in keys)
        assert key in mine, f"{case['case']}: no row for {key}"
        row = mine[key]
        for name, value in expected.items():
            if partial and name not in row:
                continue
            assert name in row, f"{case['case']} {key}: no column {name}"
            assert same(row[name], value, exact=name in EXACT_COLUMNS), (
                f"{file} {case['case']} {key} {name}: ours {row[name]!r}, reference {value!r}"
            )


def assert_frame_matches(file: str, case: dict, ours: pd.DataFrame) -> None:
    """Same columns in the same order as the reference, and every row equal."""
    expected_columns = list(case["output"][0])
    assert list(ours.columns) == expected_columns, case["case"]
    assert_rows_match(file, case, ours.to_dict("records"), row_keys(file, case))


def result_rows(
    result: IndicatorResult,
    keys: Callable[[int], dict[str, Any]],
    extra: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """An array result as reference-named rows (value, limits, extras, metadata)."""
    columns: dict[str, Any] = {"value": result.value}
    if isinstance(result.lower, dict) and isinstance(result.upper, dict):
        for level in result.lower:
            columns[f"lower{level_suffix(level)}cl"] = result.lower[level]
            columns[f"upper{level_suffix(level)}cl"] = result.upper[level]
    elif result.lower is not None:
        columns["lowercl"], columns["uppercl"] = result.lower, result.upper
    for attribute, name in (extra or {}).items():
        columns[name] = getattr(result, attribute)
    columns["statistic"] = result.statistic
    if result.confidence:
        columns["method"] = result.method
        columns["confidence"] = np.full(len(result), result.confidence_label, dtype=object)
    return [
        {**keys(i), **{name: values[i] for name, values in columns.items()}}
        for i in range(len(result))
    ]


def group_key_columns(case: dict, result: IndicatorResult) -> Callable[[int], dict[str, Any]]:
    """Map result row i to the reference's key columns (group keys, or the input id)."""
    names = group_names(case)
    if not names:
        if "id" in case["output"][0]:
            return lambda i: {"id": case["input"][int(result.groups[i])]["id"]}
        return lambda i: {}
    if len(names) == 1:
        return lambda i: {names[0]: result.groups[i]}
    return lambda i: {name: result.groups[i][f"f{j}"] for j, name in enumerate(names)}


# --- the frames face itself ---------------------------------------------------------------


@pytest.fixture
def areas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": ["b", "a", "a", "b", "c"],
            "year": [2020, 2020, 2021, 2021, 2020],
            "x": [5, 1, 2, 20, 0],
            "n": [100, 10, 20, 200, 50],
        },
        index=[10, 11, 12, 13, 14],
    )


def test_ungrouped_proportion_keeps_input_rows_index_and_columns(areas):
    before = areas.copy()
    out = frames.frame_proportion(areas)
    pd.testing.assert_frame_equal(areas, before)  # the caller's frame is not changed
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert list(out.columns) == [
        *areas.columns,
        "value",
        "lowercl",
        "uppercl",
        "confidence",
        "statistic",
        "method",
    ]
    assert out["value"].tolist() == [0.05, 0.1, 0.1, 0.1, 0.0]


def test_grouped_rate_has_sorted_groups_and_summed_columns(areas):
    out = frames.frame_rate(areas, group_by="area", multiplier=1000)
    assert out["area"].tolist() == ["a", "b", "c"]
    assert out["x"].tolist() == [3, 25, 0]
    assert out["n"].tolist() == [30, 300, 50]
    assert out["method"].tolist() == ["Exact", "Byars", "Exact"]
    assert out["statistic"].unique().tolist() == ["rate per 1000"]


def test_several_group_columns_decode_to_their_own_values(areas):
    out = frames.frame_proportion(areas, group_by=["year", "area"], multiplier=100)
    assert list(out.columns[:2]) == ["year", "area"]
    assert out[["year", "area"]].values.tolist() == [
        [2020, "a"],
        [2020, "b"],
        [2020, "c"],
        [2021, "a"],
        [2021, "b"],
    ]
    assert out["value"].tolist() == pytest.approx([10.0, 5.0, 0.0, 10.0, 10.0])


def test_missing_group_key_is_a_group_of_its_own():
    data = pd.DataFrame({"g": ["a", None, "a", None], "x": [1, 2, 3, 4], "n": [10, 10, 10, 10]})
    out = frames.frame_rate(data, group_by="g")
    assert out["g"].iloc[0] == "a"
    assert pd.isna(out["g"].iloc[1])
    assert out["x"].tolist() == [4, 6]


def test_nullable_integer_columns_with_missing_values():
    data = pd.DataFrame(
        {"x": pd.array([1, None, 3], dtype="Int64"), "n": pd.array([10, 10, 10], dtype="Int64")}
    )
    out = frames.frame_proportion(data)
    assert out["value"].iloc[0] == 0.1
    assert np.isnan(out["value"].iloc[1])
    assert np.isnan(out["lowercl"].iloc[1])


@pytest.mark.parametrize(
    ("kind", "columns"),
    [
        ("full", ["area", "x", "n", "value", "lowercl", "uppercl", *METADATA]),
        ("standard", ["area", "x", "n", "value", "lowercl", "uppercl"]),
        ("value", ["area", "value"]),
        ("lower", ["area", "lowercl"]),
        ("upper", ["area", "uppercl"]),
    ],
)
def test_type_chooses_the_reference_columns(areas, kind, columns):
    assert list(frames.frame_proportion(areas, group_by="area", type=kind).columns) == columns


def test_two_levels_name_columns_like_the_reference():
    out = frames.frame_dsr(
        pd.DataFrame({"x": np.arange(19) + 5, "n": np.full(19, 1000)}),
        confidence=[95, 99.8],
    )
    assert list(out.columns) == [
        "total_count",
        "total_pop",
        "value",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
        "confidence",
        "statistic",
        "method",
    ]
    assert out["confidence"].iloc[0] == "95%, 99.8%"


def test_life_expectancy_lists_lower_limits_before_upper_ones():
    case = oracle.cases(LIFE_EXPECTANCY)[0]
    data = pd.DataFrame(case["input"])
    out = frames.frame_life_expectancy(data, population="pops", confidence=[0.9, 0.95, 0.99])
    assert list(out.columns) == [
        "startage",
        "value",
        "lower90_0cl",
        "lower95_0cl",
        "lower99_0cl",
        "upper90_0cl",
        "upper95_0cl",
        "upper99_0cl",
        "pops_used",
        "dths_used",
        "confidence",
        "statistic",
        "method",
    ]
    assert out["confidence"].iloc[0] == "90%, 95%, 99%"
    standard = frames.frame_life_expectancy(data, population="pops", type="standard", le_age=0)
    assert list(standard.columns) == ["startage", "value", "lowercl", "uppercl"]
    assert len(standard) == 1


def test_dsr_standard_by_band_label_mapping():
    bands = [f"b{i}" for i in range(4)]
    data = pd.DataFrame(
        {"band": bands * 2, "area": ["p"] * 4 + ["q"] * 4, "x": [5] * 8, "n": [100] * 8}
    )
    by_label = frames.frame_dsr(
        data, standard={"b0": 1, "b1": 2, "b2": 3, "b3": 4}, group_by="area", age_band="band"
    )
    by_position = frames.frame_dsr(data, standard=[1, 2, 3, 4], group_by="area")
    pd.testing.assert_frame_equal(by_label, by_position)


def test_isr_observed_totals_join_on_group_columns():
    data = pd.DataFrame(
        {
            "area": ["a", "a", "b", "b"],
            "n": [100, 200, 100, 200],
            "x_ref": [1, 2, 1, 2],
            "n_ref": [1000, 1000, 1000, 1000],
        }
    )
    totals = pd.DataFrame({"area": ["z", "a"], "observed": [9, 12]})
    out = frames.frame_isr_ratio(data, x="observed", observed_totals=totals, group_by="area")
    assert out["area"].tolist() == ["a", "b"]
    assert out["observed"].iloc[0] == 12
    assert np.isnan(out["observed"].iloc[1])  # no total for b: missing, as R's left join
    assert np.isnan(out["value"].iloc[1])
    assert out["expected"].tolist() == pytest.approx([0.5, 0.5])


def test_unknown_column_and_type_are_input_errors(areas):
    with pytest.raises(StatsInputError, match=r"^denominator: is not a column"):
        frames.frame_proportion(areas, n="denominator")
    with pytest.raises(StatsInputError, match=r"^type:"):
        frames.frame_rate(areas, type="combined")
    with pytest.raises(StatsInputError, match=r"^area: must be a column of numbers"):
        frames.frame_mean(areas, x="area")


def test_frames_are_reachable_from_the_package():
    import placematters.stats as stats

    assert stats.frame_proportion is frames.frame_proportion
    with pytest.raises(AttributeError):
        _ = stats.frame_nothing
