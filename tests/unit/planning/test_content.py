"""The twelve steps are reviewed content: complete, numbered 1-12 in three parts, dated."""

import re

from placematters.planning.content import load_steps, step_choices


def test_twelve_steps_in_three_parts_with_source_and_review_dates():
    steps = load_steps()
    assert [title for title, _ in steps.parts] == [
        "Prioritising", "Principles", "Impact and continuity",
    ]  # fmt: skip
    assert [step.number for step in steps.steps] == list(range(1, 13))
    assert all(step.title and step.summary for step in steps.steps)
    assert "Institute of Health Equity" in steps.source
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", steps.review_date)
    assert steps.review_date <= steps.next_review
    assert steps.step(7).title == "Proportionate universalism"
    assert steps.step(13) is None
    assert step_choices()[0] == (1, "1. Strong leadership for health equity")
