"""Display text for stakeholders and the agreed infrastructure (no database)."""

import datetime
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from placematters.stakeholders.content import load_grid
from placematters.stakeholders.presenters import (
    approach_note,
    date_text,
    infrastructure_paragraphs,
    stakeholders_summary,
)

counts = st.integers(min_value=0, max_value=50)


def test_the_summary_in_the_words_of_the_issue():
    text = stakeholders_summary(
        {"manage_closely": 4, "keep_satisfied": 3, "keep_informed": 3, "monitor": 2}, 2, 3
    )
    assert text == (
        "12 stakeholders are mapped: 4 to manage closely, 3 to keep satisfied, 3 to keep "
        "informed and 2 to monitor. 2 have lived experience of the issues. 3 are not yet "
        "engaged in the way their quadrant suggests."
    )


def test_the_summary_of_an_empty_grid_and_of_one_stakeholder():
    assert stakeholders_summary({}, 0, 0) == "No stakeholders are mapped yet."
    one = stakeholders_summary({"monitor": 1}, 1, 0)
    assert one.startswith("1 stakeholder is mapped: 0 to manage closely")
    assert "1 has lived experience" in one
    assert one.endswith("Each is engaged in the way its quadrant suggests.")


@given(
    quadrants=st.fixed_dictionaries(
        {"manage_closely": counts, "keep_satisfied": counts, "keep_informed": counts,
         "monitor": counts}
    ),
    data=st.data(),
)  # fmt: skip
def test_the_summary_always_adds_up(quadrants, data):
    total = sum(quadrants.values())
    lived = data.draw(st.integers(min_value=0, max_value=total))
    mismatched = data.draw(st.integers(min_value=0, max_value=total))
    text = stakeholders_summary(quadrants, lived, mismatched)
    if total == 0:
        assert text == "No stakeholders are mapped yet."
        return
    assert text.startswith(f"{total} stakeholder")
    for key, count in quadrants.items():
        assert f"{count} to {load_grid().quadrant(key).title.lower()}" in text
    assert (f"{mismatched} " in text) or mismatched == 0
    assert text.endswith(".") and "  " not in text


def test_approach_note_says_what_the_grid_suggests():
    assert approach_note("not_engaged", "Not engaged yet", "keep_informed") == (
        "Not engaged yet; the grid suggests: keep informed"
    )
    assert approach_note("monitor", "Monitor", "manage_closely") == (
        "Engaged as 'monitor'; the grid suggests: manage closely"
    )


def test_date_text():
    assert date_text(datetime.date(2027, 1, 5)) == "5 January 2027"
    assert date_text(None) == "Not recorded"


def test_infrastructure_paragraphs_name_the_gaps_when_nothing_is_recorded():
    text = infrastructure_paragraphs(None, [], [])
    assert text == [
        "How the partnership makes decisions is not yet agreed.",
        "The board the partnership reports to is not yet recorded.",
        "How often the partnership meets is not yet agreed.",
        "No leads are named yet.",
        "No partner has yet recorded what it commits in time and resources.",
        "The terms of reference are not yet linked.",
    ]


def test_infrastructure_paragraphs_when_agreed():
    info = SimpleNamespace(
        decision_making="By consensus",
        decision_recording="A decision log",
        reports_to="the Health and Wellbeing Board",
        meeting_frequency="every 6 weeks",
        next_meeting=datetime.date(2027, 3, 1),
        terms_of_reference_url="https://example.org/tor",
    )
    leads = [SimpleNamespace(name="Ada", responsibility="chair")]
    text = infrastructure_paragraphs(info, leads, [object(), object()])
    assert "The partnership reports to the Health and Wellbeing Board." in text
    assert "The partnership meets every 6 weeks; the next meeting is on 1 March 2027." in text
    assert "1 lead named: Ada (chair)." in text
    assert "2 partner organisations have recorded what they commit in time and resources." in text
