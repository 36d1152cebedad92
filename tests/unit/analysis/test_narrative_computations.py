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
