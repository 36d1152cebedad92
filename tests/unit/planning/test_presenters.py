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
