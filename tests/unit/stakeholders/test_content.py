"""The reviewed grid content is complete, cited and consistent with the quadrant rule."""

import datetime

from placematters.stakeholders.content import load_grid
from placematters.stakeholders.grid import QUADRANT_KEYS, quadrant_for
from placematters.stakeholders.models import Approach


def test_source_and_review_dates():
    grid = load_grid()
    assert "Mendelow" in grid.source and "1981" in grid.source
    reviewed = datetime.date.fromisoformat(grid.review_date)
    assert datetime.date.fromisoformat(grid.next_review) > reviewed
    assert set(grid.scale) == {"power", "interest"}


def test_four_quadrants_each_with_an_approach_and_actions():
    grid = load_grid()
    assert tuple(q.key for q in grid.quadrants) == QUADRANT_KEYS
    assert {(q.power, q.interest) for q in grid.quadrants} == {
        ("high", "high"), ("high", "low"), ("low", "high"), ("low", "low"),
    }  # fmt: skip
    for quadrant in grid.quadrants:
        assert quadrant.summary.endswith(".") and quadrant.actions
        assert all(action.endswith(".") for action in quadrant.actions)
        assert quadrant.title == Approach(quadrant.key).label
        power = 5 if quadrant.power == "high" else 1
        interest = 5 if quadrant.interest == "high" else 1
        assert quadrant_for(power, interest) == quadrant.key


def test_the_line_between_low_and_high_is_a_score_from_2_to_5():
    assert 2 <= load_grid().high_from <= 5
