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


def test_a_widening_is_resolved_only_by_a_written_mitigation_and_a_linked_action():
    assert presenters.is_unresolved("widen", "  ")
    assert presenters.is_unresolved("widen", "  ", mitigating_actions=2)
    assert presenters.is_unresolved("widen", "Outreach vans")
    assert presenters.is_unresolved("widen", "Outreach vans", mitigating_actions=0)
    assert not presenters.is_unresolved("widen", "Outreach vans", mitigating_actions=1)
    assert not presenters.is_unresolved("narrow", "")
    assert not presenters.is_unresolved("no_change", "")
    assert not presenters.is_unresolved("unknown", "")
    assert presenters.effect_tag("widen", "") == ("Widens the gap: no mitigation", "govuk-tag--red")
    assert presenters.effect_tag("widen", "Vans") == (
        "Widens the gap: no action in the plan",
        "govuk-tag--red",
    )
    assert presenters.effect_tag("widen", "Vans", 1) == (
        "Widens the gap: mitigated",
        "govuk-tag--orange",
    )


def test_what_a_widening_still_lacks_in_words():
    assert presenters.missing_for_mitigation("", 0) == (
        "No mitigation written and no action in the plan"
    )
    assert presenters.missing_for_mitigation(" ", 1) == "No mitigation written"
    assert presenters.missing_for_mitigation("Vans", 0) == (
        "No action in the plan carries out the mitigation"
    )
    assert presenters.missing_for_mitigation("Vans", 1) == ""


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
