"""Rows that share an observation's key (ADR 0005): repeats, other precisions, conflicts."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.indicators.importers import fingertips
from placematters.indicators.importers.base import (
    KEEP_LAST,
    NUMBER_FIELDS,
    TEXT_FIELDS,
    precision,
    resolve_duplicates,
    same_figures,
    same_figures_rows,
)
from tests.unit.indicators.samples import SUFFOLK, smoking_rows, write_fingertips


def frame(*records: dict) -> pd.DataFrame:
    """Canonical rows: Norfolk, 2019, persons, all ages unless a record says otherwise."""
    rows = []
    for line, record in enumerate(records, start=2):
        row = dict.fromkeys(TEXT_FIELDS, "")
        row.update(indicator_id="1", area_code="E10000020", period="2019")
        row.update(sex="Persons", age="All ages")
        row.update(dict.fromkeys(NUMBER_FIELDS, np.nan), period_sortable=20190000.0)
        row.update(record, line=line)
        rows.append(row)
    table = pd.DataFrame(rows)
    table["indicator_key"] = table["indicator_id"]
    return table


def test_a_file_without_shared_keys_has_nothing_to_resolve():
    found = resolve_duplicates(frame({"value": 1.0}, {"value": 1.0, "period": "2020"}))
    assert (len(found.drop), found.errors, found.warnings) == (0, [], [])


def test_rule_a_an_exact_repeat_is_left_out_with_a_warning():
    found = resolve_duplicates(frame({"value": 1.5}, {"value": 2.5, "area_code": "E10000029"},
                                     {"value": 1.5}, {"value": 1.5}))  # fmt: skip
    assert list(found.drop) == [2, 3]
    assert (found.repeats, found.same_figure, found.replaced, found.errors) == (2, 0, 0, [])
    assert found.warnings == [
        "2 rows repeated an earlier row exactly and were left out: line 4 repeats line 2; "
        "line 5 repeats line 2."
    ]


def test_rule_b_the_same_figure_at_another_precision_keeps_the_more_precise_row():
    precise = {"value": 23.1029888049197, "count": 494.066636234, "denominator": 2138.53991103}
    coarse = {"value": 23.103, "count": 494.0666362, "denominator": 2138.539911}
    for records, kept, left_out in (((precise, coarse), 0, 3), ((coarse, precise), 1, 2)):
        table = frame(*records)
        found = resolve_duplicates(table)
        assert list(found.drop) == [1 - kept]
        assert (found.same_figure, found.errors) == (1, [])
        assert found.warnings == [
            "1 row gave the same figures as another row at a different precision, and the "
            f"more precise row was kept: line {left_out} left out for line {5 - left_out}."
        ]


def test_rule_b_floating_point_noise_is_the_same_figure_and_the_earlier_row_is_kept():
    found = resolve_duplicates(
        frame({"lower_95": 68.8026723730733}, {"lower_95": 68.8026723732273})
    )
    assert (list(found.drop), found.same_figure, found.errors) == ([1], 1, [])


def test_rule_c_different_figures_are_an_error_naming_both_lines():
    found = resolve_duplicates(frame({"value": 31.2903791117009}, {"value": 31.2817}))
    assert found.warnings == [] and found.replaced == 0
    assert [str(error) for error in found.errors] == [
        "line 3: duplicate row: has different numbers from line 2 (the same indicator, area, "
        "period, sex, age and category); fix the file, or choose to keep the later of such rows"
    ]


def test_rule_c_keep_last_keeps_the_latest_of_a_chain_and_counts_the_replacements():
    table = frame({"value": 1.0}, {"value": 2.0}, {"value": 3.0}, {"value": 3.0})
    found = resolve_duplicates(table, KEEP_LAST)
    assert found.errors == []
    assert list(found.drop) == [0, 1, 3]  # the exact repeat of line 4 goes too
    assert (found.repeats, found.replaced) == (1, 2)
    assert found.warnings[1] == (
        "2 rows had different figures from a later row (the same indicator, area, period, sex, "
        "age and category); as chosen, the later row was kept: line 2 replaced by line 3; "
        "line 3 replaced by line 4."
    )


def test_a_warning_quotes_five_pairs_and_counts_the_rest():
    found = resolve_duplicates(frame(*[{"value": 1.0}] * 8))
    assert found.warnings[0].endswith("line 6 repeats line 2; line 7 repeats line 2; and 2 more.")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ([23.1029888049197], [23.103], True),
        ([2764.28935193], [2764.289352], True),  # rounds up in the last place
        ([31.2903791117009], [31.2817], False),
        ([1.25], [1.2], True),  # half a unit either way: either rounding convention
        ([1.26], [1.2], False),
        ([np.nan], [np.nan], True),
        ([1.0], [np.nan], False),  # a number given in one row only is a difference
        ([1.0, 5.0], [1.0, 6.0], False),  # every number must agree
        ([1e-05], [1.0000000001e-05], True),
    ],
)
def test_same_figures(first, second, same):
    assert same_figures(np.array(first), np.array(second)) is same
    assert same_figures(np.array(second), np.array(first)) is same


def test_precision_adds_up_the_decimals_as_written():
    assert precision(np.array([23.103, np.nan, 494.0666362, 2.0])) == 3 + 7 + 1


def test_through_the_fingertips_importer_the_default_stops_and_keep_last_goes_on(tmp_path):
    rows = smoking_rows()
    changed = {**rows[3], "Count": "120"}
    path = write_fingertips(tmp_path / "twice.csv", [*rows, rows[3], changed])
    read = fingertips.read(path)
    errors = fingertips.validate(read)
    assert [str(e) for e in errors] == [
        "line 12: duplicate row: has different numbers from line 8 (the same indicator, area, "
        "period, sex, age and category); fix the file, or choose to keep the later of such rows"
    ]
    read.duplicates = KEEP_LAST
    assert fingertips.validate(read) == []
    assert (read.resolution.repeats, read.resolution.replaced) == (1, 1)
    assert list(read.frame["area_code"].iloc[read.resolution.drop]) == [SUFFOLK, SUFFOLK]


# The property: which rows are exact repeats does not depend on the order of the rows.

record = st.fixed_dictionaries(
    {
        "area_code": st.sampled_from(["E10000020", "E10000029", "E06000001"]),
        "period": st.sampled_from(["2019", "2020"]),
        "sex": st.sampled_from(["Persons", "Male"]),
        "value": st.sampled_from([1.0, 2.5, np.nan]),
        "count": st.sampled_from([10.0, 11.0]),
    }
)


@settings(max_examples=150, deadline=None)
@given(records=st.lists(record, min_size=1, max_size=25), seed=st.integers(0, 2**32 - 1))
def test_exact_repeat_detection_does_not_depend_on_row_order(records, seed):
    table = frame(*records)
    shuffled = table.sample(frac=1, random_state=np.random.RandomState(seed))
    shuffled = shuffled.reset_index(drop=True)

    def kept_rows(found, rows):
        keep = np.ones(len(rows), dtype=bool)
        keep[found.drop] = False
        kept = rows.loc[keep].drop(columns="line").astype(str)
        return sorted(map(tuple, kept.to_numpy()))

    first = resolve_duplicates(table, KEEP_LAST)
    second = resolve_duplicates(shuffled, KEEP_LAST)
    assert first.repeats == second.repeats
    assert first.repeats == len(table) - len(
        table.drop(columns="line").astype(str).drop_duplicates()
    )
    # Without conflicting figures, the rows kept are the same set whatever the order.
    if first.replaced == 0 and second.replaced == 0:
        assert kept_rows(first, table) == kept_rows(second, shuffled)


def test_same_figures_rows_settles_each_row_as_same_figures_does():
    """The vectorised rule used against rows already held (ADR 0005): row by row, the same
    answers as the parametrised cases above, in either order."""
    first = np.array([[23.1029888049197, 494.066636234], [31.2903791117009, 1.0],
                      [1.25, np.nan], [1.26, np.nan], [1.0, 5.0], [1e-05, np.nan],
                      [np.nan, np.nan], [2.0, 3.0]])  # fmt: skip
    second = np.array([[23.103, 494.0666362], [31.2817, 1.0], [1.2, np.nan], [1.2, np.nan],
                       [1.0, 6.0], [1.0000000001e-05, np.nan], [np.nan, np.nan],
                       [2.0, np.nan]])  # fmt: skip
    expected = [True, False, True, False, False, True, True, False]
    assert same_figures_rows(first, second).tolist() == expected
    assert same_figures_rows(second, first).tolist() == expected
    with pytest.raises(ValueError):
        same_figures_rows(first, second[:, :1])


figure = st.one_of(
    st.just(np.nan),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=0, max_value=10_000).map(lambda n: n / 100),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(figure, min_size=3, max_size=3),
                          st.lists(figure, min_size=3, max_size=3),
                          st.sampled_from(["as is", "rounded", "noise"])),
                min_size=1, max_size=20))  # fmt: skip
def test_same_figures_rows_agrees_with_same_figures(pairs):
    first, second = [], []
    for a, b, how in pairs:
        if how == "rounded":
            b = [round(x, 2) if np.isfinite(x) else x for x in a]
        elif how == "noise":
            b = [x * (1 + 1e-12) if np.isfinite(x) else x for x in a]
        first.append(a)
        second.append(b)
    first, second = np.array(first, dtype=np.float64), np.array(second, dtype=np.float64)
    found = same_figures_rows(first, second)
    assert found.tolist() == [same_figures(a, b) for a, b in zip(first, second, strict=True)]
    assert (found == same_figures_rows(second, first)).all()
