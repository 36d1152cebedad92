"""Quantile assignment (phe_quantile): oracle, hand-made answers, properties, second oracle."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError
from placematters.stats.quantiles import TooFewValuesWarning, quantiles
from tests.unit.stats import oracle

FILE = "phe-methods/quantile.json"
CASES = oracle.cases(FILE)


def _number(value):
    return np.nan if value is None or (isinstance(value, float) and np.isnan(value)) else value


@pytest.mark.oracle
@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_oracle(case):
    oracle.record(FILE)
    args = case["args"]
    rows = case["input"]
    values = np.array([_number(row[args["values"]]) for row in rows], dtype=float)
    keys = case.get("group_by") or []
    keys = [keys] if isinstance(keys, str) else keys
    groups = [np.array([row[key] for row in rows]) for key in keys] or None
    invert = args.get("invert", True)
    if args.get("inverttype") == "field":
        invert = np.array([row[invert] for row in rows])
    call = lambda: quantiles(values, groups, n=args.get("nquantiles", 10), invert=invert)  # noqa: E731
    if case["warnings"]:
        with pytest.warns(TooFewValuesWarning):
            got = call()
    else:
        got = call()
    # Match rows by key (small area), not by position.
    expected = {row["smallarea"]: _number(row["quantile"]) for row in case["output"]}
    for row, ours in zip(rows, got, strict=True):
        assert oracle.close(float(ours), float(expected[row["smallarea"]]), rel=0, abs_=0), row


def test_deciles_of_twenty_distinct_values():
    values = np.arange(1.0, 21.0)
    assert quantiles(values, invert=False).tolist() == [q for q in range(1, 11) for _ in (0, 1)]
    # Inverted: the highest value is decile 1.
    assert quantiles(values).tolist() == [q for q in range(10, 0, -1) for _ in (0, 1)]


def test_ties_share_the_lowest_rank_and_never_split():
    # N = 10, quintiles, N/n = 2: rank r -> floor(6 - ceil((11 - r)/2)).
    values = np.array([1, 2, 2, 2, 5, 6, 7, 8, 9, 10], dtype=float)
    got = quantiles(values, n=5, invert=False)
    # the three 2s all take rank 2 -> quintile 1 (not 1, 2, 2)
    assert got.tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]


def test_missing_values_get_nan_and_are_not_counted():
    values = np.array([np.nan, 1, 2, 3, 4, 5, np.nan])
    got = quantiles(values, n=5, invert=False)
    assert np.isnan(got[[0, 6]]).all()
    assert got[1:6].tolist() == [1, 2, 3, 4, 5]


def test_group_with_too_few_values_gets_nan_and_a_warning():
    values = np.array([1, 2, 3, 4, 5, 1, 2, np.nan], dtype=float)
    groups = np.array(["a"] * 5 + ["b"] * 3)
    with pytest.warns(TooFewValuesWarning, match="too few"):
        got = quantiles(values, groups, n=5, invert=False)
    assert got[:5].tolist() == [1, 2, 3, 4, 5]
    assert np.isnan(got[5:]).all()


def test_per_group_invert():
    values = np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], dtype=float)
    groups = np.repeat(["a", "b"], 5)
    invert = np.repeat([True, False], 5)
    got = quantiles(values, groups, n=5, invert=invert)
    assert got.tolist() == [5, 4, 3, 2, 1, 1, 2, 3, 4, 5]


def test_zero_quantile_becomes_one():
    # N = 21, n = 10: N/n = 2.1 and (21 + 1 - 1)/2.1 rounds up to 11 in floating point, so the
    # formula gives 0 for the lowest value; the reference (and we) report 1.
    values = np.arange(21.0)
    got = quantiles(values, invert=False)
    assert got.min() == 1
    assert got[0] == 1


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"n": 0}, "n"),
        ({"n": 2.5}, "n"),
        ({"invert": "yes"}, "invert"),
        ({"invert": np.array([True, False, True])}, "invert"),
    ],
)
def test_bad_arguments(kwargs, argument):
    with pytest.raises(StatsInputError, match=argument):
        quantiles([1.0, 2.0, 3.0], np.array(["a", "a", "a"]), **kwargs)


def test_lengths_must_match():
    with pytest.raises(StatsInputError, match="groups"):
        quantiles([1.0, 2.0, 3.0], ["a", "b"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 40), min_size=0, max_size=60),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([4, 5, 10]),
    st.booleans(),
)
def test_property_balanced_within_groups(group_values, n, invert):
    """Distinct values fill quantiles evenly (within one); ties never split; order kept."""
    values = np.concatenate([np.asarray(v, dtype=float) for v in group_values])
    groups = np.concatenate([np.full(len(v), i) for i, v in enumerate(group_values)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TooFewValuesWarning)
        got = quantiles(values, groups, n=n, invert=invert)
    for i in range(len(group_values)):
        mine = groups == i
        v, q = values[mine], got[mine]
        if len(v) < n:
            assert np.isnan(q).all()
            continue
        assert ((q >= 1) & (q <= n)).all()
        # equal values share a quantile; order follows the values (reversed when inverted)
        order = np.argsort(-v if invert else v, kind="stable")
        assert (np.diff(q[order]) >= 0).all()
        for value in np.unique(v):
            assert len(np.unique(q[v == value])) == 1
        if len(np.unique(v)) == len(v):
            counts = np.bincount(q.astype(int), minlength=n + 1)[1:]
            assert counts.max() - counts.min() <= 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 30)), min_size=1, max_size=80),
    st.integers(1, 3),
    st.sampled_from([4, 5, 10]),
    st.booleans(),
)
def test_property_matches_phstatsmethods(raw, n_groups, n, invert):
    """Second oracle: PHStatsMethods' ph_quantile (the OHID Python port) on random data."""
    from PHStatsMethods import ph_quantile

    values = np.array([np.nan if v is None else v for v in raw], dtype=float)
    groups = np.arange(len(values)) % n_groups
    frame = pd.DataFrame({"area": np.arange(len(values)), "grp": groups, "vals": values})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ph_quantile(frame, "vals", group_cols="grp", nquantiles=n, invert=invert)
        ours = quantiles(values, groups, n=n, invert=invert)
    expected = theirs.set_index("area").loc[frame["area"], "quantile"].to_numpy(dtype=float)
    np.testing.assert_array_equal(ours, expected)


def test_a_missing_per_row_invert_flag_is_named_in_the_error():
    values = np.arange(20, dtype=float)
    invert = np.array([True] * 19 + [None], dtype=object)
    with pytest.raises(StatsInputError, match="invert: row 19 is None"):
        quantiles(values, n=4, invert=invert)
