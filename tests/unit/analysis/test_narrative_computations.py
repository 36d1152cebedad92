"""The wording of the generated narrative: careful about significance."""

from placematters.analysis import narrative


def test_a_value_similar_to_england():
    sentence = narrative.value_sentence(
        indicator_name="Life expectancy at birth", area_name="North Norfolk", period="2021-23",
        sex="Male", value=80.06, unit="years", compared_to_england="similar", england_value=79.3,
    )  # fmt: skip
    assert sentence == (
        "In 2021-23, life expectancy at birth for males in North Norfolk was 80.1 years, "
        "similar to England (79.3)."
    )


def test_significance_only_when_the_comparison_says_so():
    base = {
        "indicator_name": "NHS Health Check uptake", "area_name": "Norwich", "period": "2019",
        "sex": "Persons", "value": 12.34, "unit": "%", "england_value": 10.0,
    }  # fmt: skip
    worse = narrative.value_sentence(**base, compared_to_england="worse")
    assert worse == (
        "In 2019, NHS Health Check uptake in Norwich was 12.3%, significantly worse than "
        "England (10.0)."
    )
    two_level = narrative.value_sentence(**base, compared_to_england="better 95%")
    assert "significantly better than England (10.0) (at 95% confidence)" in two_level
    unjudged = narrative.value_sentence(**base, compared_to_england="not compared")
    assert "significantly" not in unjudged and "not compared for significance" in unjudged
    quintile = narrative.value_sentence(**base, compared_to_england="worst")
    assert "significantly" not in quintile and "worst fifth" in quintile
    missing = narrative.value_sentence(**{**base, "value": None}, compared_to_england="")
    assert missing == "In 2019, NHS Health Check uptake in Norwich is not available."


def test_inequality_with_a_significant_slope():
    sentence = narrative.inequality_sentence(
        n_quantiles=10, place="England", period="2021-23", most_deprived_value=73.5,
        least_deprived_value=82.9, sii=-10.2, sii_lower=-10.6, sii_upper=-9.8, unit="years",
    )  # fmt: skip
    assert sentence == (
        "In 2021-23, the value was lower in the most deprived tenth of England (73.5 years) "
        "than in the least deprived tenth (82.9 years), a gap of 9.4 years; the slope index "
        "of inequality was 10.2 years (95% CI 9.8 to 10.6): across all the tenths the value "
        "is significantly lower where deprivation is greater."
    )


def test_inequality_whose_slope_interval_includes_zero():
    sentence = narrative.inequality_sentence(
        n_quantiles=5, place="Norwich", period="2019", most_deprived_value=12.0,
        least_deprived_value=11.0, sii=1.5, sii_lower=-0.5, sii_upper=3.5, unit="%",
    )  # fmt: skip
    assert "most deprived fifth of Norwich" in sentence
    assert (
        "(95% CI -0.5 to 3.5), so across all the fifths there is no significant slope" in sentence
    )
    assert "significantly higher" not in sentence


def test_trend_sentences():
    assert narrative.trend_sentence("Increasing and getting better") == (
        "The recent trend is increasing and getting better."
    )
    assert narrative.trend_sentence("No significant change") == (
        "There has been no significant change in the recent trend."
    )
    assert narrative.trend_sentence("") is None


def test_formatting():
    assert narrative.format_value(1234.56, "per 100,000") == "1,234.6 per 100,000"
    assert narrative.format_value(float("nan")) == "not available"
    assert narrative.indicator_phrase("Life expectancy") == "life expectancy"
    assert narrative.indicator_phrase("IMD score") == "IMD score"


def _change(**changed):
    figures = {
        "n_quantiles": 10, "measure": "sii", "first_period": "2017", "latest_period": "2019",
        "first_value": 3.1, "latest_value": 5.2, "difference": 2.1, "lower": 0.8, "upper": 3.4,
        "significant": True, "unit": "%",
    }  # fmt: skip
    return narrative.gap_change_sentence(**{**figures, **changed})


def test_the_gap_widened_narrowed_or_did_not_change():
    assert _change() == (
        "The gap between the most and least deprived tenths (slope index of inequality) is "
        "5.2% in 2019 and has widened significantly since 2017, when it was 3.1% "
        "(change 2.1, 95% CI 0.8 to 3.4)."
    )
    narrowed = _change(first_value=5.2, latest_value=3.1, difference=-2.1, lower=-3.4, upper=-0.8)
    assert "has narrowed significantly since 2017, when it was 5.2%" in narrowed
    same = _change(difference=2.1, lower=-0.2, upper=4.4, significant=False)
    assert "has not changed significantly since 2017" in same
    assert "widened" not in same


def test_a_negative_gap_reads_by_its_size():
    sentence = _change(first_value=-38.9, latest_value=-49.0, difference=-10.1, lower=-14.4,
                       upper=-5.7, unit="per 100,000", n_quantiles=5)  # fmt: skip
    assert sentence == (
        "The gap between the most and least deprived fifths (slope index of inequality) is "
        "49.0 per 100,000 in 2019 and has widened significantly since 2017, when it was 38.9 "
        "per 100,000 (change 10.1, 95% CI 5.7 to 14.4)."
    )


def test_a_reversed_gap_and_the_plain_gap():
    assert "has reversed significantly" in _change(first_value=-1.0, difference=6.2)
    plain = _change(measure="gap")
    assert plain.startswith("The gap between the most and least deprived tenths is 5.2%")
