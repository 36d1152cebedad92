import datetime

from hypothesis import given
from hypothesis import strategies as st

from placematters.heat import presenters
from placematters.heat.content import load_heat


def test_review_dates_are_6_and_12_months_on_clamped_to_month_end():
    assert presenters.review_dates(datetime.date(2026, 8, 31)) == (
        datetime.date(2027, 2, 28),
        datetime.date(2027, 8, 31),
    )
    assert presenters.review_dates(None) == ()


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)))
def test_review_dates_always_fall_after_completion_in_order(day):
    six, twelve = presenters.review_dates(day)
    assert day < six < twelve
    assert (six.year * 12 + six.month) - (day.year * 12 + day.month) == 6


def test_only_an_unmitigated_widening_is_unresolved():
    assert presenters.is_unresolved("widen", "  ")
    assert not presenters.is_unresolved("widen", "Outreach vans")
    assert not presenters.is_unresolved("narrow", "")
    assert presenters.effect_tag("widen", "")[1] == "govuk-tag--red"


def test_step_tags():
    assert presenters.step_tag("done") == ("Completed", "")
    assert presenters.step_tag("draft")[0] == "In progress"
    assert presenters.step_tag("")[0] == "Not yet started"


def test_deprivation_and_sex_sentences():
    assert presenters.deprivation_sentence(
        "Under-75 mortality", period="2021-23", n_quantiles=10, ratio=2.14, sii=120.4,
        sii_lower=80.2, sii_upper=160.6,
    ) == (
        "Under-75 mortality is 2.1 times as high in the most deprived tenth as in the least "
        "(2021-23; SII 120.4, 95% CI 80.2 to 160.6)."
    )  # fmt: skip
    assert presenters.deprivation_sentence("X", period="", n_quantiles=5, ratio=None, sii=1) == ""
    assert presenters.sex_sentence("X", period="2023", male=420.1, female=300.2) == (
        "X in 2023: males 420.1, females 300.2 (1.4 times as high for males)."
    )
    assert presenters.sex_sentence("X", period="2023", male=None, female=3) == ""


def test_content_has_four_steps_in_order_with_sources():
    heat = load_heat()
    assert [s.title for s in heat.steps] == ["Prepare", "Assess", "Refine and apply", "Review"]
    assert heat.source and heat.review_date
    assert all(family.source for family in heat.families)
    assert len(heat.families[0].groups) == 9
    keys = [group.key for group in heat.groups]
    assert len(keys) == len(set(keys))
