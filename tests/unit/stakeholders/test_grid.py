"""The quadrant rule and the grid picture's layout, over every score (no database)."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from placematters.stakeholders.grid import (
    CELL,
    LEFT,
    RADIUS,
    SLOTS_PER_CELL,
    TOP,
    Marker,
    approach_matches,
    grid_picture,
    quadrant_for,
)

scores = st.integers(min_value=1, max_value=5)


def test_the_four_corners_are_mendelows_four_quadrants():
    assert quadrant_for(5, 5) == "manage_closely"
    assert quadrant_for(5, 1) == "keep_satisfied"
    assert quadrant_for(1, 5) == "keep_informed"
    assert quadrant_for(1, 1) == "monitor"


def test_the_middle_score_counts_as_high():
    assert quadrant_for(3, 3) == "manage_closely"
    assert quadrant_for(2, 3) == "keep_informed"
    assert quadrant_for(3, 2) == "keep_satisfied"


@given(power=scores, interest=scores)
def test_the_quadrant_depends_only_on_which_side_of_the_line_each_score_is(power, interest):
    quadrant = quadrant_for(power, interest)
    assert quadrant in {"manage_closely", "keep_satisfied", "keep_informed", "monitor"}
    assert (quadrant in {"manage_closely", "keep_satisfied"}) == (power >= 3)
    assert (quadrant in {"manage_closely", "keep_informed"}) == (interest >= 3)
    assert approach_matches(quadrant, power, interest)
    assert not approach_matches("not_engaged", power, interest)


@given(power=st.integers(), interest=st.integers())
def test_scores_outside_1_to_5_are_refused(power, interest):
    if power in range(1, 6) and interest in range(1, 6):
        return
    try:
        quadrant_for(power, interest)
    except ValueError as error:
        assert "1 to 5" in str(error)
    else:
        raise AssertionError("a score outside 1 to 5 was accepted")


@given(positions=st.lists(st.tuples(scores, scores), max_size=60))
def test_markers_never_overlap_and_stay_in_their_square(positions):
    markers = [
        Marker(number=n, name=f"S{n}", power=p, interest=i, mismatch=n % 2 == 0)
        for n, (p, i) in enumerate(positions, start=1)
    ]
    picture = grid_picture(markers)
    shown = {m.number for m in picture.markers}
    hidden = sum(int(o.text[1:]) for o in picture.overflows)
    assert len(shown) + hidden == len(markers)
    for marker in picture.markers:
        source = markers[marker.number - 1]
        left = LEFT + (source.interest - 1) * CELL
        top = TOP + (5 - source.power) * CELL
        assert left + RADIUS <= marker.x <= left + CELL - RADIUS
        assert top + RADIUS <= marker.y <= top + CELL - RADIUS
    points = [(m.x, m.y) for m in picture.markers] + [(o.x, o.y) for o in picture.overflows]
    for (x1, y1), (x2, y2) in itertools.combinations(points, 2):
        assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (2 * RADIUS) ** 2


def test_a_crowded_square_lists_the_rest_as_more():
    markers = [Marker(n, f"S{n}", 4, 4, False) for n in range(1, 13)]
    picture = grid_picture(markers)
    assert len(picture.markers) == SLOTS_PER_CELL - 1
    (overflow,) = picture.overflows
    assert overflow.text == "+4"
    assert overflow.label == "4 more: 9. S9, 10. S10, 11. S11, 12. S12"


def test_the_same_data_draws_the_same_picture():
    markers = [Marker(1, "A", 2, 5, True), Marker(2, "B", 2, 5, False)]
    assert grid_picture(markers) == grid_picture(list(markers))
    first = grid_picture(markers).markers[0]
    assert first.label == "1. A: power 2, interest 5, approach does not match its quadrant"
