"""The action plan's display rules: RAG tags always carry words, the overdue rule, due words."""

import datetime

import pytest

from placematters.planning import presenters
from placematters.planning.models import ActionStatus

TODAY = datetime.date(2027, 1, 15)


@pytest.mark.parametrize(
    ("status", "text", "colour"),
    [
        ("not_started", "Not started", "govuk-tag--grey"),
        ("on_track", "On track: green", "govuk-tag--green"),
        ("at_risk", "At risk: amber", "govuk-tag--yellow"),
        ("off_track", "Off track: red", "govuk-tag--red"),
        ("done", "Done", "govuk-tag--blue"),
    ],
)
def test_rag_tags_carry_words_not_colour_alone(status, text, colour):
    tag = presenters.status_tag(status)
    assert tag.text == text
    assert tag.css == f"govuk-tag {colour}"


def test_every_status_has_a_tag_and_unknown_ones_still_have_words():
    assert set(presenters.RAG) == set(ActionStatus.values)
    assert presenters.status_tag("mystery").text == "Unknown status"


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (TODAY - datetime.timedelta(days=1), "on_track", True),
        (TODAY - datetime.timedelta(days=1), "done", False),
        (TODAY, "at_risk", False),
        (TODAY + datetime.timedelta(days=1), "off_track", False),
        (None, "not_started", False),
    ],
)
def test_overdue_means_past_due_and_not_done(due, status, overdue):
    assert presenters.is_overdue(due, status, TODAY) is overdue


def test_due_words():
    day = datetime.timedelta(days=1)
    assert presenters.due_words(TODAY - day, "on_track", TODAY) == "Overdue by 1 day"
    assert presenters.due_words(TODAY - 3 * day, "on_track", TODAY) == "Overdue by 3 days"
    assert presenters.due_words(TODAY, "on_track", TODAY) == "Due today"
    assert presenters.due_words(TODAY + day, "on_track", TODAY) == "Due in 1 day"
    assert presenters.due_words(TODAY - day, "done", TODAY) == "Done"


def test_milestones_and_summary_words():
    assert presenters.milestones_words(0, 0) == "No milestones"
    assert presenters.milestones_words(1, 1) == "1 of 1 milestone done"
    assert presenters.milestones_words(1, 3) == "1 of 3 milestones done"
    counts = {"not_started": 1, "on_track": 2, "at_risk": 0, "off_track": 0, "done": 1}
    assert presenters.plan_summary(counts, 1) == (
        "The local area action plan has 4 actions: 1 not started, 2 on track, 1 done. 1 is overdue."
    )
    assert presenters.plan_summary(dict.fromkeys(counts, 0), 0).endswith("no actions yet.")


def test_short_title():
    assert presenters.short_title("Short") == "Short"
    cut = presenters.short_title("A" * 50, 10)
    assert len(cut) == 10 and cut.endswith("…")


def _decile_allocation():
    from placematters.analysis import allocation_presenters as allocation_present

    rows = [
        allocation_present.NeedRow("E01000003", "Inland", 10.0, 10.0, None),
        allocation_present.NeedRow("E01000001", "Harbour", 1.0, 1.0, None),
    ]
    result = allocation_present.compute(
        rows, measure="imd_decile", total=300, unit=1, floor_share=0, gradient=1, ratio=2,
        population=False,
    )  # fmt: skip
    return allocation_present.Allocation(
        rows=rows, left_out=[], result=result, measure="imd_decile",
        measure_label="IMD 2019 national decile", population_used=False,
    )  # fmt: skip


def test_an_attached_allocation_keeps_the_calculators_order_and_amounts():
    # decile 1 weighs 2, decile 10 weighs 1: 200 and 100 of 300, decile 1 first
    allocation = _decile_allocation()
    assert presenters.allocation_rows(allocation) == [
        ["E01000001", "Harbour", 1.0, 66.67, 200.0],
        ["E01000003", "Inland", 10.0, 33.33, 100.0],
    ]
    basis = presenters.allocation_basis(
        allocation, {"floor": 0, "gradient": 1, "ratio": 2}, "LSOAs"
    )
    assert basis == (
        "300 shared across 2 LSOAs by IMD 2019 national decile: a universal floor of 0% of the "
        "total, the most deprived decile weighted 2 times the least, each share rounded to the "
        "nearest 1."
    )
    assert presenters.allocation_display([["E01", "Harbour", 1234.4, 66.666, 2000.0]]) == [
        ["E01", "Harbour", "1,234", "66.7%", "2,000"]
    ]


def test_life_course_summary_names_the_stages_no_action_serves():
    stages = [("Start well: early years", 2), ("Age well: older people", 0)]
    assert presenters.life_course_summary(stages) == (
        "The plan is thin for some stages of life: no action serves “Age well”."
    )
    assert presenters.life_course_summary([(label, 1) for label, _n in stages]) == (
        "Every stage of life is served by at least one action in the plan."
    )
    assert presenters.life_course_summary([(label, 0) for label, _n in stages]) == (
        "No action in the plan says which stages of life it serves yet."
    )
