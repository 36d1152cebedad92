"""The evaluation framework's checks: coverage, incomplete entries, the resources walk back
through the logic model, soft outcomes and equity."""

from placematters.evaluation.checks import Element, Entry, inputs_reaching, warnings

MODEL = [
    Element(1, "input", "Advisers"),
    Element(2, "input", "Venues"),
    Element(3, "input", "Unused grant"),
    Element(4, "activity", "Clinics"),
    Element(5, "output", "Sessions"),
    Element(6, "outcome_short", "More quits"),
    Element(7, "outcome_medium", "Fewer smokers"),
    Element(8, "impact", "Longer lives"),
    Element(9, "assumption", "People come"),
    Element(10, "outcome_medium", "Better wellbeing"),
    Element(11, "input", "Assumed input"),
]
LINKS = [(1, 4), (2, 4), (4, 5), (5, 6), (6, 7), (7, 8), (9, 4), (11, 9)]


def _entry(outcome_id: int, **overrides) -> Entry:
    values = {
        "outcome_id": outcome_id,
        "measured": True,
        "tracks_gap": False,
        "has_target": True,
        "has_responsible": True,
        "has_soft_outcomes": False,
        "has_breakdown": False,
        "resources": "enough",
    }
    values.update(overrides)
    return Entry(**values)


def _codes(found) -> list[tuple[str, int | None]]:
    return [(warning.code, warning.outcome_id) for warning in found]


def test_the_walk_back_finds_every_input_that_reaches_an_outcome():
    assert inputs_reaching(6, MODEL, LINKS) == [1, 2]
    assert inputs_reaching(8, MODEL, LINKS) == [1, 2]


def test_the_walk_does_not_pass_through_an_assumption_or_reach_unlinked_inputs():
    # 11 leads only to the assumption 9, which bears on the activity: not a resource path.
    assert 11 not in inputs_reaching(8, MODEL, LINKS)
    assert 3 not in inputs_reaching(8, MODEL, LINKS)
    assert inputs_reaching(10, MODEL, LINKS) == []


def test_the_walk_survives_a_cycle_in_stored_links():
    assert inputs_reaching(6, MODEL, [*LINKS, (6, 5)]) == [1, 2]


def test_outcomes_without_an_entry_and_without_inputs_are_named():
    found = warnings(MODEL, LINKS, [])
    assert _codes(found) == [
        ("outcome_no_entry", 6),
        ("outcome_no_entry", 7),
        ("outcome_no_entry", 8),
        ("outcome_no_entry", 10),
        ("outcome_no_inputs", 10),
    ]
    assert found[0].message == "The short-term outcome “More quits” has no evaluation entry yet"
    assert "No input leads to the medium-term outcome “Better wellbeing”" in found[4].message


def test_an_incomplete_entry_lists_everything_missing_in_one_warning():
    found = warnings(
        MODEL, LINKS, [_entry(6, measured=False, has_target=False, has_responsible=False)]
    )
    incomplete = [w.message for w in found if w.code == "entry_incomplete"]
    assert incomplete == [
        "The short-term outcome “More quits” needs a performance measure or population "
        "indicator, a target and a responsible member"
    ]
    only_target = warnings(MODEL, LINKS, [_entry(6, has_target=False)])
    assert [w.message for w in only_target if w.code == "entry_incomplete"] == [
        "The short-term outcome “More quits” needs a target"
    ]


def test_resources_judged_not_enough_or_unchecked_are_warned_but_stretched_is_not():
    entries = [
        _entry(6, resources="not_enough"),
        _entry(7, resources="unchecked"),
        _entry(8, resources="stretched"),
        _entry(10, resources="enough"),
    ]
    codes = _codes(warnings(MODEL, LINKS, entries))
    assert ("resources_not_enough", 6) in codes
    assert ("resources_unchecked", 7) in codes
    assert not [code for code, outcome in codes if outcome == 8 and code.startswith("resources")]
    assert ("outcome_no_inputs", 10) in codes


def test_soft_outcomes_gap_and_breakdown_are_each_warned_when_no_entry_records_them():
    entries = [_entry(pk) for pk in (6, 7, 8, 10)]
    codes = [code for code, _ in _codes(warnings(MODEL, LINKS, entries))]
    assert codes == ["outcome_no_inputs", "no_soft_outcomes", "no_gap_tracked", "no_breakdown"]
    entries[1] = _entry(7, has_soft_outcomes=True, tracks_gap=True, has_breakdown=True)
    assert [code for code, _ in _codes(warnings(MODEL, LINKS, entries))] == ["outcome_no_inputs"]


def test_no_framework_wide_warnings_before_any_entry_exists():
    codes = {code for code, _ in _codes(warnings(MODEL, LINKS, []))}
    assert not codes & {"no_soft_outcomes", "no_gap_tracked", "no_breakdown"}
