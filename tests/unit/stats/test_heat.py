"""WHO HEAT summary measures (placematters.stats.heat).

Oracle: every (dataset, measure call) in ``heat-measures/heat_measures.json`` (WHO healthequal
v1.0.1 run in R). Tolerances, as the oracle README sets them:

* point estimates of every measure, and the analytic se/limits of d, r, par, paf, bgv, ti,
  mld, aci, rci: relative 1e-9;
* sii/rii se and limits: relative 1e-6 (WHO differentiates numerically in marginaleffects; we
  use the analytic gradient). WHO reports the SII's se divided by the scale, ours is on the
  estimate's scale, so we compare ours / scale;
* simulated limits (bgsd, cov, md*, idis*): the README allows a loose comparison or none. Our
  simulation replays R's own random stream (set.seed + Mersenne-Twister + inversion), so we
  check them at relative 1e-9 too, which is much stricter than "~5% of the interval width".
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from placematters.stats import StatsInputError
from placematters.stats import heat as H
from tests.unit.stats import oracle

HEAT = "heat-measures/heat_measures.json"
SIMULATED = {"bgsd", "covar", "mdmu", "mdmw", "mdbu", "mdbw", "mdru", "mdrw", "idisu", "idisw"}
REGRESSION = {"sii_logistic", "rii_logistic", "sii_linear", "rii_linear"}


def _datasets() -> list[dict]:
    return oracle.load(HEAT)["datasets"]


def _column(dataset: dict, name: str) -> np.ndarray | None:
    if name not in dataset["input"][0]:
        return None
    return np.array([row[name] for row in dataset["input"]], dtype=np.float64)


def _inputs(dataset: dict) -> dict:
    first = dataset["input"][0]
    return {
        "estimate": _column(dataset, "estimate"),
        "se": _column(dataset, "se"),
        "population": _column(dataset, "population"),
        "order": _column(dataset, "subgroup_order"),
        "reference": _column(dataset, "reference_subgroup"),
        "favourable": bool(first["favourable_indicator"]),
        "scale": first.get("indicator_scale", first.get("scaleval")),
    }


def _call(measure_call: str, data: dict) -> H.InequalityResult:
    """Our function for one healthequal call, given the arguments the oracle driver used."""
    y, se, pop, order = data["estimate"], data["se"], data["population"], data["order"]
    ref, fav, scale = data["reference"], data["favourable"], data["scale"]
    calls = {
        "d": lambda: H.heat_difference(y, se, favourable=fav, subgroup_order=order, reference=ref),
        "r": lambda: H.heat_ratio(y, se, favourable=fav, subgroup_order=order, reference=ref),
        "parisk": lambda: H.heat_par(
            y, favourable=fav, population=pop, subgroup_order=order, scale=scale
        ),
        "paf": lambda: H.heat_paf(
            y, favourable=fav, population=pop, subgroup_order=order, scale=scale
        ),
        "aci": lambda: H.heat_aci(y, subgroup_order=order, population=pop),
        "rci": lambda: H.heat_rci(y, subgroup_order=order, population=pop),
        # healthequal chose the SII/RII scale from the estimates (no scaleval was passed)
        "sii_logistic": lambda: H.heat_sii(y, subgroup_order=order, population=pop),
        "rii_logistic": lambda: H.heat_rii(y, subgroup_order=order, population=pop),
        "sii_linear": lambda: H.heat_sii(y, subgroup_order=order, population=pop, model="linear"),
        "rii_linear": lambda: H.heat_rii(y, subgroup_order=order, population=pop, model="linear"),
        "bgv": lambda: H.heat_bgv(y, se, population=pop),
        "bgsd": lambda: H.heat_bgsd(y, se, population=pop, scale=scale),
        "covar": lambda: H.heat_cov(y, se, population=pop, scale=scale),
        "mdmu": lambda: H.heat_mdm(y, se, population=pop, scale=scale),
        "mdmw": lambda: H.heat_mdm(y, se, population=pop, scale=scale, weighted=True),
        "mdbu": lambda: H.heat_mdb(y, se, favourable=fav, scale=scale),
        "mdbw": lambda: H.heat_mdb(
            y, se, favourable=fav, population=pop, scale=scale, weighted=True
        ),
        "mdru": lambda: H.heat_mdr(y, se, reference=ref, scale=scale),
        "mdrw": lambda: H.heat_mdr(
            y, se, reference=ref, population=pop, scale=scale, weighted=True
        ),
        "idisu": lambda: H.heat_idis(y, se, population=pop, scale=scale),
        "idisw": lambda: H.heat_idis(y, se, population=pop, scale=scale, weighted=True),
        "ti": lambda: H.heat_theil(y, se, population=pop),
        "mld": lambda: H.heat_mld(y, se, population=pop),
    }
    return calls[measure_call]()


def _oracle_cases() -> list:
    return [
        pytest.param(d, result, id=f"{d['dataset'].split()[0]}-{result['measure_call']}")
        for d in _datasets()
        for result in d["results"]
    ]


def _sii_scale(estimate: np.ndarray) -> float:
    """WHO's scale choice from the largest estimate, written out independently for the test."""
    largest = float(np.max(estimate))
    for step in (1.0, 100.0, 1e3, 1e4, 1e5):
        if largest <= step:
            return step
    return 1e6


@pytest.mark.oracle
@pytest.mark.parametrize(("dataset", "expected"), _oracle_cases())
def test_oracle(dataset: dict, expected: dict) -> None:
    oracle.record(HEAT)
    call = expected["measure_call"]
    assert expected["error"] is None
    want = expected["output"][0]
    data = _inputs(dataset)
    got = _call(call, data)
    assert got.measure == want["measure"]
    assert len(got) == 1
    assert oracle.close(got.estimate[0], want["estimate"], rel=1e-9), (got.estimate, want)
    rel = 1e-6 if call in REGRESSION else 1e-9
    se = got.se[0]
    if got.measure == "sii":
        se = se / _sii_scale(data["estimate"])  # WHO reports it on the scale-divided level
    assert oracle.close(se, want["se"], rel=rel), (se, want["se"])
    assert oracle.close(got.lower[0], want["lowerci"], rel=rel), (got.lower, want)
    assert oracle.close(got.upper[0], want["upperci"], rel=rel), (got.upper, want)
    expected_interval = (
        "simulation"
        if call in SIMULATED
        else "regression"
        if call in REGRESSION | {"aci", "rci"}
        else "log-normal"
        if call == "r"
        else "normal"
    )
    assert got.interval == expected_interval
    assert got.confidence == (0.95,)


def test_oracle_covers_every_case() -> None:
    datasets = _datasets()
    assert len(datasets) == 3
    assert sum(len(d["results"]) for d in datasets) == 37


# --- R's random stream --------------------------------------------------------------------------


def test_r_normal_stream_matches_r() -> None:
    # R >= 3.6 (Mersenne-Twister, Inversion): set.seed(42); rnorm(5)
    r_values = [1.37095844714667, -0.564698171396089, 0.363128411337339, 0.63286260496104]
    r_values.append(0.404268323140999)
    np.testing.assert_allclose(H._RNormals(42).take(5), r_values, rtol=1e-12)


def test_r_normal_stream_is_replayable() -> None:
    stream = H._RNormals(7)
    first = stream.take(3).copy()
    longer = stream.take(10_000)
    np.testing.assert_array_equal(longer[:3], first)
    np.testing.assert_array_equal(H._RNormals(7).take(10_000), longer)


# --- grouped calls equal separate calls ---------------------------------------------------------


def _stack(*tables: dict) -> tuple[dict, np.ndarray]:
    keys = np.concatenate([np.full(len(t["estimate"]), i) for i, t in enumerate(tables)])
    stacked = {}
    for name in ("estimate", "se", "population", "order", "reference"):
        columns = [t[name] for t in tables]
        stacked[name] = None if columns[0] is None else np.concatenate(columns)
    stacked["favourable"] = np.concatenate(
        [np.full(len(t["estimate"]), t["favourable"]) for t in tables]
    )
    stacked["scale"] = np.concatenate([np.full(len(t["estimate"]), t["scale"]) for t in tables])
    return stacked, keys


def _variant(data: dict, seed: int) -> dict:
    """A second group: the same subgroups with other estimates (shuffled within ±5)."""
    rng = np.random.default_rng(seed)
    out = dict(data)
    estimate = data["estimate"] + rng.uniform(-5, 5, len(data["estimate"]))
    out["estimate"] = np.clip(estimate, 1, data["scale"] - 1e-9)
    out["population"] = data["population"] * rng.uniform(0.5, 2, len(data["estimate"]))
    out["favourable"] = not data["favourable"]
    return out


def _one(result: H.InequalityResult, i: int) -> tuple:
    return (result.estimate[i], result.se[i], result.lower[i], result.upper[i])


@pytest.mark.parametrize("dataset_index", [0, 1])
def test_grouped_equals_separate(dataset_index: int) -> None:
    base = _inputs(_datasets()[dataset_index])
    other = _variant(base, 3)
    stacked, keys = _stack(base, other)
    calls = [r["measure_call"] for r in _datasets()[dataset_index]["results"]]
    for call in calls:
        grouped = _call_grouped(call, stacked, keys)
        np.testing.assert_array_equal(grouped.groups, [0, 1])
        for i, single in enumerate((base, other)):
            alone = _call(call, single)
            np.testing.assert_allclose(_one(grouped, i), _one(alone, 0), rtol=1e-12, err_msg=call)


def _call_grouped(call: str, data: dict, keys: np.ndarray) -> H.InequalityResult:
    y, se, pop, order = data["estimate"], data["se"], data["population"], data["order"]
    ref, fav, scale = data["reference"], data["favourable"], data["scale"]
    g = {"groups": keys}
    calls = {
        "d": lambda: H.heat_difference(
            y, se, favourable=fav, subgroup_order=order, reference=ref, **g
        ),
        "r": lambda: H.heat_ratio(y, se, favourable=fav, subgroup_order=order, reference=ref, **g),
        "parisk": lambda: H.heat_par(
            y, favourable=fav, population=pop, subgroup_order=order, scale=scale, **g
        ),
        "paf": lambda: H.heat_paf(
            y, favourable=fav, population=pop, subgroup_order=order, scale=scale, **g
        ),
        "aci": lambda: H.heat_aci(y, subgroup_order=order, population=pop, **g),
        "rci": lambda: H.heat_rci(y, subgroup_order=order, population=pop, **g),
        "sii_logistic": lambda: H.heat_sii(y, subgroup_order=order, population=pop, **g),
        "rii_logistic": lambda: H.heat_rii(y, subgroup_order=order, population=pop, **g),
        "sii_linear": lambda: H.heat_sii(
            y, subgroup_order=order, population=pop, model="linear", **g
        ),
        "rii_linear": lambda: H.heat_rii(
            y, subgroup_order=order, population=pop, model="linear", **g
        ),
        "bgv": lambda: H.heat_bgv(y, se, population=pop, **g),
        "bgsd": lambda: H.heat_bgsd(y, se, population=pop, scale=scale, **g),
        "covar": lambda: H.heat_cov(y, se, population=pop, scale=scale, **g),
        "mdmu": lambda: H.heat_mdm(y, se, population=pop, scale=scale, **g),
        "mdmw": lambda: H.heat_mdm(y, se, population=pop, scale=scale, weighted=True, **g),
        "mdbu": lambda: H.heat_mdb(y, se, favourable=fav, scale=scale, **g),
        "mdbw": lambda: H.heat_mdb(
            y, se, favourable=fav, population=pop, scale=scale, weighted=True, **g
        ),
        "mdru": lambda: H.heat_mdr(y, se, reference=ref, scale=scale, **g),
        "mdrw": lambda: H.heat_mdr(
            y, se, reference=ref, population=pop, scale=scale, weighted=True, **g
        ),
        "idisu": lambda: H.heat_idis(y, se, population=pop, scale=scale, **g),
        "idisw": lambda: H.heat_idis(y, se, population=pop, scale=scale, weighted=True, **g),
        "ti": lambda: H.heat_theil(y, se, population=pop, **g),
        "mld": lambda: H.heat_mld(y, se, population=pop, **g),
    }
    return calls[call]()


def test_groups_need_not_be_contiguous_and_may_have_several_columns() -> None:
    base = _inputs(_datasets()[0])
    other = _variant(base, 5)
    stacked, keys = _stack(base, other)
    shuffle = np.random.default_rng(1).permutation(len(keys))
    names = np.where(keys == 0, "wealth", "wealth-b")[shuffle]
    years = np.full(len(keys), 2024)
    result = H.heat_aci(
        stacked["estimate"][shuffle],
        subgroup_order=stacked["order"][shuffle],
        population=stacked["population"][shuffle],
        groups=[names, years],
    )
    assert [tuple(k) for k in result.groups] == [("wealth", 2024), ("wealth-b", 2024)]
    for i, single in enumerate((base, other)):
        alone = H.heat_aci(
            single["estimate"], subgroup_order=single["order"], population=single["population"]
        )
        np.testing.assert_allclose(_one(result, i), _one(alone, 0), rtol=1e-12)
    records = result.to_records()
    assert records[0]["measure"] == "aci"
    assert records[1]["estimate"] == pytest.approx(result.estimate[1])


# --- hand-worked examples -----------------------------------------------------------------------

# Five quintiles, 1 = most disadvantaged; equal populations of 100.
Y = np.array([60.0, 70.0, 75.0, 80.0, 90.0])
SE = np.array([3.0, 2.0, 2.0, 2.0, 4.0])
POP = np.full(5, 100.0)
ORDER = np.array([1.0, 2.0, 3.0, 4.0, 5.0])


def test_difference_and_ratio_by_hand() -> None:
    z = 1.959963984540054
    # ordered, favourable: most advantaged (90) minus most disadvantaged (60) = 30
    d = H.heat_difference(Y, SE, favourable=True, subgroup_order=ORDER)
    assert d.estimate[0] == 30.0
    assert d.se[0] == pytest.approx(5.0)  # sqrt(4^2 + 3^2)
    assert d.lower[0] == pytest.approx(30 - 5 * z)
    # adverse: most disadvantaged minus most advantaged = -30
    assert H.heat_difference(Y, SE, favourable=False, subgroup_order=ORDER).estimate[0] == -30.0
    # non-ordered without reference: max - min whatever the direction
    assert H.heat_difference(Y[::-1], favourable=False).estimate[0] == 30.0
    # non-ordered with reference (the 75 subgroup): favourable 75 - min 60 = 15;
    # adverse max 90 - 75 = 15
    ref = np.array([0, 0, 1, 0, 0])
    assert H.heat_difference(Y, favourable=True, reference=ref).estimate[0] == 15.0
    assert H.heat_difference(Y, favourable=False, reference=ref).estimate[0] == 15.0
    r = H.heat_ratio(Y, SE, favourable=True, subgroup_order=ORDER)
    assert r.estimate[0] == pytest.approx(1.5)  # 90 / 60
    # SE(ln R) = sqrt((4^2 + 1.5^2 * 3^2) / 60^2) / 1.5 = sqrt(36.25) / 90
    assert r.se[0] == pytest.approx(math.sqrt(36.25) / 90)
    assert r.lower[0] == pytest.approx(1.5 * math.exp(-z * math.sqrt(36.25) / 90))
    assert np.isnan(H.heat_ratio(Y, favourable=True).se[0])  # no se given


def test_par_paf_by_hand() -> None:
    # μ = mean of Y (equal populations) = 75; reference = quintile 5 (90): PAR = 15, PAF = 20%
    par = H.heat_par(Y, favourable=True, population=POP, subgroup_order=ORDER, scale=100)
    paf = H.heat_paf(Y, favourable=True, population=POP, subgroup_order=ORDER, scale=100)
    assert par.estimate[0] == pytest.approx(15.0)
    assert paf.estimate[0] == pytest.approx(20.0)
    # Walter: c = 0.9*100 = 90, d = 10, a = 0.75*500 - 90 = 285, b = 500 - 285 - 100 = 115,
    # n = 500; SE = sqrt(90*500*(285*10*410 + 115*8100) / (375^3 * 100^3))
    se = math.sqrt(90 * 500 * (285 * 10 * 410 + 115 * 8100) / (375**3 * 100**3))
    assert paf.se[0] == pytest.approx(se)
    assert par.se[0] == pytest.approx(75 * se)
    # A supplied setting average replaces the weighted mean: 15 vs 90 -> PAR 90 - 80 = 10
    assert H.heat_par(Y, favourable=True, setting_average=80, subgroup_order=ORDER).estimate[
        0
    ] == pytest.approx(10.0)
    assert np.isnan(H.heat_par(Y, favourable=True, setting_average=80).se[0])  # no population
    # Adverse, ordered: the reference is still the most advantaged (60 here, reversed data)
    adverse = H.heat_par(Y[::-1], favourable=False, population=POP, subgroup_order=ORDER)
    assert adverse.estimate[0] == pytest.approx(-15.0)
    # Zero rule: favourable, but the most advantaged subgroup is worse than average
    worse = H.heat_par(Y[::-1], favourable=True, population=POP, subgroup_order=ORDER)
    assert worse.estimate[0] == 0.0
    assert H.heat_paf(Y[::-1], favourable=True, population=POP, subgroup_order=ORDER).estimate[
        0
    ] == (0.0)


def test_variance_and_entropy_measures_by_hand() -> None:
    # Equal shares 0.2, μ = 75, deviations -15, -5, 0, 5, 15 -> BGV = (225+25+0+25+225)/5 = 100
    bgv = H.heat_bgv(Y, SE, population=POP)
    assert bgv.estimate[0] == pytest.approx(100.0)
    p2s2 = 0.04 * SE**2
    v = 4 * np.sum(p2s2 * (Y - 75) ** 2) + 2 * (
        np.sum(p2s2) ** 2 - np.sum(p2s2**2) + np.sum(0.04 * 0.64 * SE**4)
    )
    assert bgv.se[0] == pytest.approx(math.sqrt(v))
    assert H.heat_bgsd(Y, SE, population=POP).estimate[0] == pytest.approx(10.0)
    assert H.heat_cov(Y, SE, population=POP).estimate[0] == pytest.approx(100 * 10 / 75)
    r = Y / 75
    assert H.heat_theil(Y, population=POP).estimate[0] == pytest.approx(
        1000 * np.mean(r * np.log(r))
    )
    assert H.heat_mld(Y, population=POP).estimate[0] == pytest.approx(1000 * np.mean(-np.log(r)))
    # mean differences: |dev| = 15, 5, 0, 5, 15 -> 8 ; from best (90): 30, 20, 15, 10, 0 -> 15
    assert H.heat_mdm(Y, population=POP).estimate[0] == pytest.approx(8.0)
    assert H.heat_mdm(Y, population=POP, weighted=True).estimate[0] == pytest.approx(8.0)
    assert H.heat_mdb(Y, favourable=True).estimate[0] == pytest.approx(15.0)
    assert H.heat_mdb(Y, favourable=False).estimate[0] == pytest.approx(15.0)  # best = 60
    ref = np.array([0, 0, 1, 0, 0])
    assert H.heat_mdr(Y, reference=ref).estimate[0] == pytest.approx(8.0)  # reference 75
    assert H.heat_idis(Y, population=POP).estimate[0] == pytest.approx(100 * 8 / 75)
    assert H.heat_idis(Y, setting_average=80).estimate[0] == pytest.approx(
        100 * np.mean(np.abs(Y - 80)) / 80
    )
    # Zero estimates are replaced by 1e-6 in TI/MLD, so they stay finite
    with_zero = np.array([0.0, 10.0, 20.0])
    assert np.isfinite(H.heat_theil(with_zero, population=np.ones(3)).estimate[0])
    assert np.isfinite(H.heat_mld(with_zero, population=np.ones(3)).estimate[0])


def test_concentration_and_slope_by_hand() -> None:
    # Equal populations: ranks 0.1, 0.3, 0.5, 0.7, 0.9; ACI = Σ 0.2 (2X - 1) y
    aci = H.heat_aci(Y, subgroup_order=ORDER, population=POP)
    x = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    assert aci.estimate[0] == pytest.approx(np.sum(0.2 * (2 * x - 1) * Y))  # = 5.6
    rci = H.heat_rci(Y, subgroup_order=ORDER, population=POP)
    assert rci.estimate[0] == pytest.approx(5.6 / 75)
    # Linear SII: least-squares slope of Y on X (equal weights): Σ(x-.5)(y-75) / Σ(x-.5)^2
    slope = np.sum((x - 0.5) * (Y - 75)) / np.sum((x - 0.5) ** 2)
    sii = H.heat_sii(Y, subgroup_order=ORDER, population=POP, model="linear")
    assert sii.estimate[0] == pytest.approx(slope)
    rii = H.heat_rii(Y, subgroup_order=ORDER, population=POP, model="linear")
    assert rii.estimate[0] == pytest.approx((75 + slope / 2) / (75 - slope / 2))
    # The order need not be the row order
    shuffled = H.heat_aci(Y[::-1], subgroup_order=ORDER[::-1], population=POP)
    assert shuffled.estimate[0] == pytest.approx(aci.estimate[0])


def test_rci_normalisations() -> None:
    proportions = np.array([0.2, 0.4, 0.5, 0.6, 0.7])
    plain = H.heat_rci(proportions, subgroup_order=ORDER, population=POP, bounds=(0, 1))
    mu = proportions.mean()
    wag = H.heat_rci(
        proportions, subgroup_order=ORDER, population=POP, bounds=(0, 1), normalisation="wagstaff"
    )
    err = H.heat_rci(
        proportions, subgroup_order=ORDER, population=POP, bounds=(0, 1), normalisation="erreygers"
    )
    assert wag.estimate[0] == pytest.approx(plain.estimate[0] / (1 - mu))
    assert err.estimate[0] == pytest.approx(plain.estimate[0] * 4 * mu)
    # bounds rescale: ACI of percentages with bounds (0, 100) = ACI of proportions
    aci_pct = H.heat_aci(100 * proportions, subgroup_order=ORDER, population=POP, bounds=(0, 100))
    aci = H.heat_aci(proportions, subgroup_order=ORDER, population=POP)
    assert aci_pct.estimate[0] == pytest.approx(aci.estimate[0])


def test_logistic_sii_out_of_range_counts_give_nan() -> None:
    # scale 100 but an estimate above 100: the count exceeds the population, WHO returns NA
    y, order, pop = [50.0, 60.0, 120.0], [1, 2, 3], [10, 10, 10]
    assert np.isnan(H.heat_sii(y, subgroup_order=order, population=pop, scale=100).estimate[0])
    # WHO's default scale is 1000 here (largest estimate 120), and the fit works
    assert np.isfinite(H.heat_sii(y, subgroup_order=order, population=pop).estimate[0])


def test_sii_of_equal_estimates_is_zero() -> None:
    result = H.heat_sii(np.full(5, 40.0), subgroup_order=ORDER, population=POP)
    assert result.estimate[0] == pytest.approx(0.0, abs=1e-9)
    assert H.heat_rii(np.full(5, 40.0), subgroup_order=ORDER, population=POP).estimate[
        0
    ] == pytest.approx(1.0)


# --- simulation -----------------------------------------------------------------------------


def test_simulation_is_seedable() -> None:
    a = H.heat_bgsd(Y, SE, population=POP, scale=100, seed=1)
    b = H.heat_bgsd(Y, SE, population=POP, scale=100, seed=1)
    c = H.heat_bgsd(Y, SE, population=POP, scale=100, seed=2)
    assert (a.lower[0], a.upper[0]) == (b.lower[0], b.upper[0])
    assert (a.lower[0], a.upper[0]) != (c.lower[0], c.upper[0])
    assert np.isnan(a.se[0])
    # more simulations narrow the Monte Carlo noise but stay around the estimate
    many = H.heat_bgsd(Y, SE, population=POP, scale=100, simulations=2000)
    assert many.lower[0] < many.estimate[0] < many.upper[0]


def test_simulation_needs_se_and_scale() -> None:
    assert np.isnan(H.heat_bgsd(Y, SE, population=POP).lower[0])  # no scale
    assert np.isnan(H.heat_bgsd(Y, population=POP, scale=100).lower[0])  # no se
    with_missing_se = SE.copy()
    with_missing_se[2] = np.nan
    assert np.isnan(H.heat_mdm(Y, with_missing_se, population=POP, scale=100).upper[0])


def test_simulation_truncates_and_redraws() -> None:
    # Estimates near 100 with large SEs: values are redrawn until they fall in [0, 100].
    near_top = np.array([99.0, 98.0, 97.0])
    result = H.heat_mdb(near_top, [5.0, 5.0, 5.0], favourable=True, scale=100, simulations=500)
    assert 0 <= result.lower[0] <= result.upper[0] <= 100
    # The same on another scale is only truncated at 0
    other = H.heat_mdb(near_top, [5.0, 5.0, 5.0], favourable=True, scale=1000, simulations=500)
    assert other.upper[0] > result.upper[0]


def test_simulation_refuses_an_estimate_it_could_never_draw() -> None:
    with pytest.raises(StatsInputError, match="estimate: row 2"):
        H.heat_bgsd([50.0, 60.0, 150.0], [1.0, 1.0, 0.0], population=[1, 1, 1], scale=100)
    with pytest.raises(StatsInputError, match="estimate: row 0"):
        H.heat_bgsd([-40.0, 60.0, 50.0], [1.0, 1.0, 1.0], population=[1, 1, 1], scale=1000)


# --- missing values and errors ------------------------------------------------------------------


def test_missing_values_propagate_or_are_dropped() -> None:
    y = Y.copy()
    y[1] = np.nan
    assert np.isnan(H.heat_bgv(y, SE, population=POP).estimate[0])
    assert np.isnan(H.heat_difference(y, favourable=True).estimate[0])
    dropped = H.heat_bgv(y, SE, population=POP, drop_missing=True)
    kept = np.arange(5) != 1
    alone = H.heat_bgv(Y[kept], SE[kept], population=POP[kept])
    np.testing.assert_allclose(_one(dropped, 0), _one(alone, 0))
    se = SE.copy()
    se[0] = np.nan
    d = H.heat_difference(Y, se, favourable=True, subgroup_order=ORDER)
    assert d.estimate[0] == 30.0 and np.isnan(d.se[0]) and np.isnan(d.lower[0])
    # one group missing everything after dropping: NaN for that group only
    groups = np.array(["a"] * 5 + ["b"] * 3)
    yy = np.r_[Y, np.nan, np.nan, np.nan]
    result = H.heat_mdm(yy, population=np.ones(8), groups=groups, drop_missing=True)
    assert np.isfinite(result.estimate[0]) and np.isnan(result.estimate[1])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: H.heat_difference(Y, favourable=None), "favourable: is required"),
        (lambda: H.heat_difference(Y, favourable=[1, 1, 0, 1, 1]), "favourable: row 2"),
        (lambda: H.heat_difference(Y, favourable=2), "favourable: row 0"),
        (lambda: H.heat_bgv(Y, population=[1, 1, -1, 1, 1]), "population: row 2"),
        (lambda: H.heat_bgv(Y, [1, 1, 1, -1, 1], population=POP), "se: row 3"),
        (lambda: H.heat_bgv(Y, population=POP[:4]), "all arrays must have the same length"),
        (lambda: H.heat_bgv(Y[:2], population=POP[:2]), "at least 3 subgroups"),
        (lambda: H.heat_difference(Y[:1], favourable=True), "at least 2 subgroups"),
        (lambda: H.heat_bgv([], population=[]), "estimate: give at least one subgroup"),
        (lambda: H.heat_bgv(Y, population=POP, confidence=0.5), "confidence"),
        (lambda: H.heat_bgv(Y, population=POP, confidence=[0.95, 0.998]), "one level"),
        (lambda: H.heat_mdr(Y, reference=[1, 0, 1, 0, 0]), "reference: row 2"),
        (lambda: H.heat_mdr(Y, reference=[0, 0, 0, 0, 0]), "mark one reference"),
        (lambda: H.heat_mdm(Y), "population or the setting average"),
        (lambda: H.heat_mdm(Y, population=POP, weighted=True, setting_average=5), "not used"),
        (lambda: H.heat_idis(Y, population=POP, weighted=True, setting_average=5), "not used"),
        (lambda: H.heat_mdb(Y, favourable=True, weighted=True), "population: is required"),
        (lambda: H.heat_bgv(Y, population=None), "population: is required for BGV"),
        (lambda: H.heat_cov(Y, population=None), "population: is required for COV"),
        (lambda: H.heat_mdr(Y, reference=None), "reference: is required for MDRU"),
        (lambda: H.heat_aci(Y, subgroup_order=[1, 2, np.nan, 4, 5]), "subgroup_order: row 2"),
        (lambda: H.heat_aci(Y, subgroup_order=[1, 2, 2, 4, 5]), "subgroup_order: row 2"),
        (lambda: H.heat_sii(Y, subgroup_order=ORDER, model="probit"), "model"),
        (lambda: H.heat_rci(Y, subgroup_order=ORDER, normalisation="wagstaff"), "bounds"),
        (lambda: H.heat_rci(Y, subgroup_order=ORDER, normalisation="x"), "normalisation"),
        (lambda: H.heat_aci(Y, subgroup_order=ORDER, bounds=(0, 50)), "estimate: row 0"),
        (lambda: H.heat_aci(Y, subgroup_order=ORDER, bounds=(5, 5)), "bounds"),
        (lambda: H.heat_bgsd(Y, SE, population=POP, scale=0), "scale: row 0"),
        (lambda: H.heat_bgsd(Y, SE, population=POP, scale=100, simulations=0), "simulations"),
        (
            lambda: H.heat_bgsd(
                np.r_[Y, 1],
                population=np.ones(6),
                scale=[100] * 4 + [1000] * 2,
                groups=[0, 0, 0, 1, 1, 1],
            ),
            "scale: row 4",
        ),
        (lambda: H.heat_bgv(Y, population=POP, groups=[0, 0, 0, 1, 1]), "at least 3 subgroups"),
    ],
)
def test_errors_name_argument_and_row(call, message: str) -> None:
    with pytest.raises(StatsInputError, match=message.replace("(", r"\(")):
        call()


def test_results_are_read_only() -> None:
    result = H.heat_bgv(Y, population=POP)
    with pytest.raises(ValueError, match="read-only"):
        result.estimate[0] = 1.0


# --- properties ---------------------------------------------------------------------------------

estimates = st.lists(
    st.floats(min_value=1, max_value=99, allow_nan=False), min_size=3, max_size=8
).map(np.array)


def _populations(n: int) -> st.SearchStrategy:
    return st.lists(
        st.floats(min_value=1, max_value=1e6, allow_nan=False), min_size=n, max_size=n
    ).map(np.array)


@st.composite
def subgroup_tables(draw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = draw(estimates)
    pop = draw(_populations(len(y)))
    order = np.array(draw(st.permutations(range(1, len(y) + 1))), dtype=float)
    return y, pop, order


@settings(max_examples=60, deadline=None)
@given(subgroup_tables())
def test_difference_and_ratio_direction(table) -> None:
    y, _, order = table
    fav = H.heat_difference(y, favourable=True, subgroup_order=order).estimate[0]
    adv = H.heat_difference(y, favourable=False, subgroup_order=order).estimate[0]
    assert fav == -adv
    assert fav == y[order == order.max()][0] - y[order == 1][0]
    r_fav = H.heat_ratio(y, favourable=True, subgroup_order=order).estimate[0]
    r_adv = H.heat_ratio(y, favourable=False, subgroup_order=order).estimate[0]
    assert r_fav * r_adv == pytest.approx(1.0)
    # non-ordered without reference: D >= 0 and R >= 1 for either direction
    assert H.heat_difference(y, favourable=False).estimate[0] >= 0
    assert H.heat_ratio(y, favourable=True).estimate[0] >= 1


@settings(max_examples=60, deadline=None)
@given(subgroup_tables())
def test_dispersion_measures_are_non_negative(table) -> None:
    y, pop, _ = table
    bgv = H.heat_bgv(y, population=pop).estimate[0]
    assert bgv >= 0
    assert H.heat_bgsd(y, population=pop).estimate[0] == pytest.approx(math.sqrt(bgv))
    assert H.heat_theil(y, population=pop).estimate[0] >= -1e-9
    assert H.heat_mld(y, population=pop).estimate[0] >= -1e-9
    for weighted in (False, True):
        assert H.heat_mdm(y, population=pop, weighted=weighted).estimate[0] >= 0
        assert H.heat_mdb(y, favourable=True, population=pop, weighted=weighted).estimate[0] >= 0


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.5, max_value=1e4), st.integers(min_value=3, max_value=8))
def test_equal_estimates_show_no_inequality(value: float, n: int) -> None:
    y, pop = np.full(n, value), np.linspace(1, 2, n)
    assert H.heat_bgv(y, population=pop).estimate[0] == pytest.approx(0, abs=1e-9 * value**2)
    assert H.heat_theil(y, population=pop).estimate[0] == pytest.approx(0, abs=1e-9)
    assert H.heat_mld(y, population=pop).estimate[0] == pytest.approx(0, abs=1e-9)
    assert H.heat_idis(y, population=pop).estimate[0] == pytest.approx(0, abs=1e-9)
    assert H.heat_difference(y, favourable=True).estimate[0] == 0
    assert H.heat_ratio(y, favourable=True).estimate[0] == 1


@settings(max_examples=60, deadline=None)
@given(subgroup_tables(), st.floats(min_value=-50, max_value=50))
def test_aci_is_the_direct_formula_and_shift_invariant(table, shift: float) -> None:
    y, pop, order = table
    aci = H.heat_aci(y, subgroup_order=order, population=pop).estimate[0]
    ranked = np.argsort(order)
    p = pop[ranked] / pop.sum()
    x = np.cumsum(p) - p / 2
    assert aci == pytest.approx(np.sum(p * (2 * x - 1) * y[ranked]), rel=1e-9, abs=1e-9)
    shifted = H.heat_aci(y + shift, subgroup_order=order, population=pop).estimate[0]
    assert shifted == pytest.approx(aci, rel=1e-7, abs=1e-7)
    rci = H.heat_rci(3 * y, subgroup_order=order, population=pop).estimate[0]
    assert rci == pytest.approx(aci / np.sum(p * y[ranked]), rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(subgroup_tables())
def test_sii_sign_follows_a_monotone_gradient(table) -> None:
    y, pop, order = table
    rising = np.sort(y)[np.argsort(np.argsort(order))]  # larger estimates at higher orders
    pop = pop + 1000  # enough people that the rounded counts keep the gradient
    # A strictly rising gradient: tied estimates stop being tied once HEAT rounds them to counts
    # (1.125% of 158,712 and of 86,405 people round to 1.1253% and 1.1249%), so a tie can tip
    # the sign of a near-zero slope.
    assume(np.min(np.diff(np.sort(y))) >= 0.01)
    if np.ptp(rising) < 1:
        return
    for model in ("logistic", "linear"):
        sii = H.heat_sii(rising, subgroup_order=order, population=pop, model=model)
        rii = H.heat_rii(rising, subgroup_order=order, population=pop, model=model)
        assert sii.estimate[0] > 0
        # the linear fit may predict a value <= 0 at rank 0: no log ratio then (NaN, as WHO)
        assert rii.estimate[0] > 1 or (model == "linear" and np.isnan(rii.estimate[0]))
        falling = H.heat_sii(rising[::-1], subgroup_order=order[::-1], population=pop[::-1])
        assert falling.estimate[0] > 0  # the same table, rows listed the other way round


@settings(max_examples=25, deadline=None)
@given(st.lists(subgroup_tables(), min_size=1, max_size=4))
def test_grouped_matches_one_call_per_group(tables) -> None:
    keys = np.concatenate([np.full(len(t[0]), i) for i, t in enumerate(tables)])
    y = np.concatenate([t[0] for t in tables])
    pop = np.concatenate([t[1] for t in tables])
    order = np.concatenate([t[2] for t in tables])
    se = np.full(len(y), 2.0)
    grouped = {
        "sii": H.heat_sii(y, subgroup_order=order, population=pop, groups=keys),
        "rci": H.heat_rci(y, subgroup_order=order, population=pop, groups=keys),
        "mdbw": H.heat_mdb(
            y, se, favourable=True, population=pop, weighted=True, scale=100, groups=keys,
            simulations=20,
        ),
        "par": H.heat_par(
            y, favourable=True, population=pop, subgroup_order=order, scale=100, groups=keys
        ),
    }  # fmt: skip
    for i, (yi, pi, oi) in enumerate(tables):
        alone = {
            "sii": H.heat_sii(yi, subgroup_order=oi, population=pi),
            "rci": H.heat_rci(yi, subgroup_order=oi, population=pi),
            "mdbw": H.heat_mdb(
                yi, np.full(len(yi), 2.0), favourable=True, population=pi, weighted=True,
                scale=100, simulations=20,
            ),
            "par": H.heat_par(yi, favourable=True, population=pi, subgroup_order=oi, scale=100),
        }  # fmt: skip
        for name, result in grouped.items():
            np.testing.assert_allclose(
                _one(result, i), _one(alone[name], 0), rtol=1e-7, atol=1e-9, err_msg=name
            )
