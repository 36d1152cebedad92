"""The analysis computations (no database): deprivation labels, trends, gap/ratio/SII/RII."""

import numpy as np
import pandas as pd
import pytest

from placematters import stats
from placematters.analysis import compute

DECILES = [
    "Most deprived decile (IMD2019)", "Second most deprived decile (IMD2019)",
    "Third more deprived decile (IMD2019)", "Fourth more deprived decile (IMD2019)",
    "Fifth more deprived decile (IMD2019)", "Fifth less deprived decile (IMD2019)",
    "Fourth less deprived decile (IMD2019)", "Third less deprived decile (IMD2019)",
    "Second least deprived decile (IMD2019)", "Least deprived decile (IMD2019)",
]  # fmt: skip
QUINTILES = [
    "Most deprived quintile", "Second most deprived quintile", "Average deprived quintile",
    "Second least deprived quintile", "Least deprived quintile",
]  # fmt: skip
DECILE_TYPE = "County & UA deprivation deciles in England (IMD2019)"


def test_fingertips_deprivation_labels_read_in_order():
    assert [compute.deprivation_quantile(label, 10) for label in DECILES] == list(range(1, 11))
    assert [compute.deprivation_quantile(label, 5) for label in QUINTILES] == [1, 2, 3, 4, 5]
    assert compute.deprivation_quantile("Quintile 4", 5) == 4
    assert compute.deprivation_quantile("Decile 11", 10) is None
    assert compute.deprivation_quantile("White British", 10) is None


def test_category_types():
    assert compute.quantile_count(DECILE_TYPE) == 10
    assert compute.quantile_count("LSOA11 deprivation quintiles within area (IMD  trend)") == 5
    assert compute.quantile_count("Ethnic groups") is None
    assert compute.quantile_count("Age deciles") is None


def test_sii_value_types():
    assert [compute.sii_value_type(t) for t in ("crude_rate", "dsr", "proportion")] == [1, 1, 2]
    assert compute.sii_value_type("life_expectancy") == 0


def _deciles(values, lower, upper, denominators=None, **keys):
    rows = {
        "indicator_id": 1, "area_code": "E92000001", "period": "2019",
        "period_sortable": 20190000, "sex": "Persons", "age": "All ages",
        "category_type": DECILE_TYPE, "category": DECILES, "count": np.nan,
        "denominator": denominators if denominators is not None else np.nan,
        "value": values, "lower_95": lower, "upper_95": upper,
    }  # fmt: skip
    rows.update(keys)
    return pd.DataFrame(rows)


def test_gap_ratio_and_sii_of_life_expectancy_read_most_minus_least():
    values = np.linspace(74.0, 84.0, 10)  # most deprived first
    frame = _deciles(values, values - 0.3, values + 0.3, denominators=np.full(10, 1000.0))
    result = compute.inequality_frame(
        frame, {1: {"value_type": "life_expectancy", "multiplier": 1}}, repetitions=10_000
    )
    row = result.iloc[0]
    assert (row["most_deprived_value"], row["least_deprived_value"]) == (74.0, 84.0)
    assert row["gap"] == pytest.approx(-10.0) and row["ratio"] == pytest.approx(74 / 84)
    # A straight line with equal populations: the SII is the full range of the fitted line
    assert row["sii"] == pytest.approx(-100 / 9, rel=1e-9)
    assert row["sii_lower"] < row["sii"] < row["sii_upper"]
    # the fitted line's ends (relative ranks 0 and 1) lie beyond the end deciles' mid-points
    assert row["rii"] == pytest.approx((74 - 5 / 9) / (84 + 5 / 9))
    assert "untransformed" in row["method"] and "denominators" in row["method"]
    engine = stats.sii(np.arange(1, 11), np.full(10, 1000.0), values, se=np.full(10, 0.1))
    assert row["sii"] == pytest.approx(-engine.sii[0])


def test_rates_use_the_log_transform_and_equal_weights_without_denominators():
    values = np.linspace(200.0, 100.0, 10)
    frame = _deciles(values, values * 0.9, values * 1.1)
    result = compute.inequality_frame(
        frame, {1: {"value_type": "dsr", "multiplier": 100_000}}, repetitions=10_000
    ).iloc[0]
    assert result["sii"] > 0 and result["rii"] > 1  # higher in the most deprived
    assert "log-transformed rates" in result["method"] and "equal weights" in result["method"]


def test_proportions_are_fitted_on_the_logit_scale_in_their_own_units():
    values = np.linspace(30.0, 10.0, 10)  # percentages
    frame = _deciles(values, values - 1, values + 1, denominators=np.full(10, 5000.0))
    result = compute.inequality_frame(
        frame, {1: {"value_type": "proportion", "multiplier": 100}}, repetitions=10_000
    ).iloc[0]
    assert 15 < result["sii"] < 30  # percentage points, most minus least
    assert "logit" in result["method"]


def test_a_group_missing_a_decile_gets_the_gap_but_no_sii():
    values = np.linspace(74.0, 84.0, 10)
    frame = _deciles(values, values - 0.3, values + 0.3).iloc[1:]
    result = compute.inequality_frame(
        frame, {1: {"value_type": "life_expectancy", "multiplier": 1}}
    ).iloc[0]
    assert np.isnan(result["sii"]) and np.isnan(result["most_deprived_value"])
    assert result["method"].startswith("SII not computed")


def test_the_sii_is_seeded():
    values = np.linspace(74.0, 84.0, 10)
    frame = _deciles(values, values - 0.3, values + 0.3)
    meta = {1: {"value_type": "mean", "multiplier": 1}}
    first = compute.inequality_frame(frame, meta, repetitions=5_000)
    again = compute.inequality_frame(frame, meta, repetitions=5_000)
    assert first["sii_lower"].iloc[0] == again["sii_lower"].iloc[0]


def test_trends_need_two_periods_and_five_for_a_label():
    years = np.arange(2012, 2019)
    values = 50.0 + 2.0 * np.arange(len(years))
    rising = pd.DataFrame(
        {
            "indicator_id": 1, "area_code": "E06000001", "period": years.astype(str),
            "period_sortable": years * 10_000, "sex": "Persons", "age": "All ages",
            "category_type": "", "category": "", "count": np.nan, "denominator": np.nan,
            "value": values, "lower_95": values - 0.5, "upper_95": values + 0.5,
        }
    )  # fmt: skip
    single = rising.iloc[:1].assign(area_code="E06000002")
    short = rising.iloc[:3].assign(area_code="E06000003")
    frame = pd.concat([rising, single, short], ignore_index=True)
    result = compute.trend_frame(frame, {1: {"value_type": "mean", "polarity": "higher_is_better"}})
    labels = dict(zip(result["area_code"], result["label"], strict=True))
    assert labels == {
        "E06000001": "Increasing and getting better",
        "E06000003": "Cannot be calculated",
    }
    points = result.set_index("area_code").loc["E06000001", "points"]
    assert [point["period"] for point in points] == ["2014", "2015", "2016", "2017", "2018"]


def test_proportion_trends_use_counts():
    years = np.arange(2014, 2019)
    count = np.array([100.0, 120, 140, 160, 180])
    frame = pd.DataFrame(
        {
            "indicator_id": 2, "area_code": "E06000001", "period": years.astype(str),
            "period_sortable": years * 10_000, "sex": "Persons", "age": "All ages",
            "category_type": "", "category": "", "count": count, "denominator": 1000.0,
            "value": count / 10, "lower_95": count / 10 - 2, "upper_95": count / 10 + 2,
        }
    )  # fmt: skip
    result = compute.trend_frame(
        frame, {2: {"value_type": "proportion", "polarity": "lower_is_better"}}
    )
    assert result["label"].tolist() == ["Increasing and getting worse"]
