"""PHStatsMethods (OHID's Python port, test-only) as a second oracle on small random inputs.

The R reference vectors (../shared/oracle) stay the primary reference; this checks many random
inputs at the oracle tolerance (rel 1e-9). Known PHStatsMethods bugs and gaps, documented in
../shared/phstatsmethods.md, are kept out of the generated inputs rather than asserted:

- any zero count makes ``ph_rate``, ``ph_ISRatio`` and ``ph_ISRate`` raise (R and we give a
  lower limit of 0 and the exact upper limit), so counts here are at least 1;
- ``ph_mean`` rejects negative values (R allows them), so values here are not negative;
- ``byars()`` passes 1 - confidence and ``exact_lower(0)`` gives NaN: never called here;
- ``ph_dsr`` prints to stdout and adds a column to the caller's frame: called on a copy with
  stdout captured; it has no non-independent-events option, and life expectancy is absent;
- confidence must be a Python float and the multiplier a Python int.
"""

import contextlib
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placematters.stats import dsr, isr_rate, isr_ratio, mean, proportion, rate
from placematters.stats.results import IndicatorResult

PHStatsMethods = pytest.importorskip("PHStatsMethods")

LEVELS = st.sampled_from([0.95, 0.998, [0.95, 0.998], 0.9])
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _theirs_confidence(level):
    return [float(value) for value in level] if isinstance(level, list) else float(level)


def _assert_same(ours: IndicatorResult, theirs: pd.DataFrame, level, extra=None) -> None:
    """Compare value and limits (and extra columns) row by row at rel 1e-9."""
    columns = {"Value": ours.value}
    if isinstance(level, list):
        for fraction in level:
            tag = f"{fraction * 100:g}".replace(".", "_")
            columns[f"lower_{tag}_ci"] = ours.lower[fraction]
            columns[f"upper_{tag}_ci"] = ours.upper[fraction]
    else:
        tag = f"{level * 100:g}".replace(".", "_")
        columns[f"lower_{tag}_ci"], columns[f"upper_{tag}_ci"] = ours.lower, ours.upper
    for name, values in {**columns, **(extra or {})}.items():
        np.testing.assert_allclose(
            np.asarray(values, dtype=float),
            theirs[name].to_numpy(dtype=float),
            rtol=1e-9,
            atol=1e-12,
            equal_nan=True,
            err_msg=name,
        )


def _counts(rng, size, low=1, high=5000):
    n = rng.integers(max(low, 1), high, size)
    x = rng.binomial(n, rng.uniform(0, 1, size))
    return x, n


@SETTINGS
@given(SEEDS, LEVELS, st.sampled_from([1, 100, 1000]), st.booleans())
def test_proportion(seed, level, multiplier, grouped):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 40))
    x, n = _counts(rng, size, low=1)
    groups = rng.integers(0, 5, size) if grouped else None
    frame = pd.DataFrame({"g": groups if grouped else 0, "x": x, "n": n})
    theirs = PHStatsMethods.ph_proportion(
        frame,
        "x",
        "n",
        group_cols="g" if grouped else None,
        confidence=_theirs_confidence(level),
        multiplier=multiplier,
    )
    ours = proportion(x, n, groups, level, multiplier)
    _assert_same(ours, theirs, level)


@SETTINGS
@given(SEEDS, LEVELS, st.sampled_from([100, 1000, 100_000]), st.booleans())
def test_rate(seed, level, multiplier, grouped):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 40))
    n = rng.integers(10, 100_000, size)
    x = 1 + rng.poisson(rng.choice([3, 30, 3000], size))  # >= 1: PHStatsMethods raises on 0
    groups = rng.integers(0, 5, size) if grouped else None
    frame = pd.DataFrame({"g": groups if grouped else 0, "x": x, "n": n})
    theirs = PHStatsMethods.ph_rate(
        frame,
        "x",
        "n",
        group_cols="g" if grouped else None,
        confidence=_theirs_confidence(level),
        multiplier=multiplier,
    )
    ours = rate(x, n, groups, level, multiplier)
    _assert_same(ours, theirs, level)
    assert ours.method.tolist() == theirs["Method"].tolist()


@SETTINGS
@given(SEEDS, LEVELS)
def test_mean(seed, level):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 60))
    values = rng.gamma(2.0, 10.0, size)  # not negative: PHStatsMethods rejects negatives
    groups = rng.integers(0, 6, size)
    theirs = PHStatsMethods.ph_mean(
        pd.DataFrame({"g": groups, "x": values}), "x", "g", confidence=_theirs_confidence(level)
    )
    ours = mean(values, groups, level)
    extra = {"value_sum": ours.value_sum, "value_count": ours.value_count, "stdev": ours.stdev}
    _assert_same(ours, theirs, level, extra)


@SETTINGS
@given(SEEDS, LEVELS, st.sampled_from([1000, 100_000]))
def test_dsr(seed, level, multiplier):
    rng = np.random.default_rng(seed)
    areas = int(rng.integers(1, 6))
    n = rng.integers(100, 20_000, 19 * areas)
    x = rng.poisson(n * rng.choice([0.0002, 0.002, 0.02], 19 * areas))  # some totals < 10
    standard = np.tile(rng.integers(100, 8000, 19), areas)
    groups = np.repeat(np.arange(areas), 19)
    frame = pd.DataFrame({"area": groups, "x": x, "n": n, "std": standard})
    with contextlib.redirect_stdout(io.StringIO()):  # ph_dsr prints its band join
        theirs = PHStatsMethods.ph_dsr(
            frame.copy(),
            "x",
            "n",
            "std",
            group_cols="area",
            euro_standard_pops=False,
            confidence=_theirs_confidence(level),
            multiplier=multiplier,
        )
    ours = dsr(x, n, standard, groups, level, multiplier)
    extra = {"Total Count": ours.total_count, "Total Pop": ours.total_pop}
    _assert_same(ours, theirs, level, extra)


@SETTINGS
@given(SEEDS, LEVELS, st.sampled_from([1, 100]), st.sampled_from([1000, 100_000]))
def test_indirect_standardisation(seed, level, refvalue, multiplier):
    rng = np.random.default_rng(seed)
    areas, bands = int(rng.integers(1, 6)), int(rng.integers(1, 19))
    n = rng.integers(100, 20_000, bands * areas)
    x = rng.poisson(n * rng.choice([0.0005, 0.005, 0.05], bands * areas))
    x[::bands] += 1  # every area observes at least 1: PHStatsMethods raises on O = 0
    x_ref = np.tile(rng.integers(0, 5000, bands), areas)
    n_ref = np.tile(rng.integers(50_000, 500_000, bands), areas)
    groups = np.repeat(np.arange(areas), bands)
    frame = pd.DataFrame({"area": groups, "x": x, "n": n, "xr": x_ref, "nr": n_ref})
    confidence = _theirs_confidence(level)
    their_ratio = PHStatsMethods.ph_ISRatio(
        frame, "x", "n", "xr", "nr", group_cols="area", confidence=confidence, refvalue=refvalue
    )
    their_rate = PHStatsMethods.ph_ISRate(
        frame,
        "x",
        "n",
        "xr",
        "nr",
        group_cols="area",
        confidence=confidence,
        multiplier=multiplier,
    )
    ours = isr_ratio(x, n, x_ref, n_ref, groups, level, refvalue)
    extra = {"Observed": ours.observed, "Expected": ours.expected}
    _assert_same(ours, their_ratio, level, extra)
    ours_rate = isr_rate(x, n, x_ref, n_ref, groups, level, multiplier)
    _assert_same(ours_rate, their_rate, level, {"ref_rate": ours_rate.ref_rate})
