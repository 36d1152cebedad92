"""Snapshots without the database: the report and the plan written as JSON and read back, and
the comparison of what was committed with what happened."""

import datetime
import json

import pytest

from placematters.reports.builder import (
    Report,
    ReportChart,
    ReportHeading,
    ReportLink,
    ReportPart,
    ReportSection,
    ReportTable,
)
from placematters.reports.charts import Bar, bar_chart_svg
from placematters.reports.compare import (
    CHANGED,
    GONE,
    NEW,
    UNCHANGED,
    compare_plans,
    compare_reports,
    days_words,
    outcome_of,
)
from placematters.reports.frozen import (
    FrozenAction,
    FrozenMilestone,
    plan_from_list,
    plan_to_list,
    report_from_dict,
    report_to_dict,
)

MARCH = datetime.date(2026, 3, 3)
TODAY = datetime.date(2026, 11, 21)


def _table(caption: str, *rows: tuple[str, ...]) -> ReportTable:
    return ReportTable(caption=caption, headers=("What", "Status"), rows=tuple(rows))


def _report(actions_rows=(("Walking group", "On track"),), extra_heading: bool = False) -> Report:
    plan = ReportHeading(
        slug="action-plan",
        title="Action plan",
        sections=(
            ReportSection(
                title="",
                paragraphs=("The plan has some actions.", "Second paragraph & <b>not</b> HTML."),
                table=_table("Actions", *actions_rows),
            ),
            ReportSection(title="Milestones", paragraphs=("None due.",)),
        ),
        chart=ReportChart(
            title="Actions by status",
            svg=bar_chart_svg([Bar("On", 1)], label="Actions by status. On: 1."),
            table=ReportTable(caption="Figures", headers=("Status", "Number"), rows=(("On", "1"),)),
            description="Actions by status. On: 1.",
        ),
    )
    empty = ReportHeading(
        slug="community-assets",
        title="Community assets",
        links=(ReportLink(label="Map assets", path="/p/x/assets/#community"),),
    )
    headings = (empty, plan)
    if extra_heading:
        headings += (ReportHeading(slug="new-bit", title="A new heading"),)
    return Report(
        partnership_name="Seaside partnership",
        partnership_slug="seaside",
        illustrative=True,
        created_on=MARCH,
        introduction="An introduction.",
        parts=(ReportPart(number=1, slug="part-one", title="Part one", headings=headings),),
        annex=ReportPart(
            number=None,
            slug="annex",
            title="Annex",
            headings=(ReportHeading(slug="steps", title="Steps"),),
        ),
        content_version="2026-11-21",
        empty_headings=2,
    )


def test_a_report_written_as_json_and_read_back_is_equal_to_the_original():
    report = _report()
    raw = json.loads(json.dumps(report_to_dict(report)))
    again = report_from_dict(raw)
    assert again == report
    assert again.annex.numbered_title == "Annex"
    assert again.parts[0].headings[1].chart.table.rows == (("On", "1"),)
    assert again.completeness == report.completeness


def test_a_chart_is_drawn_again_from_its_figures_not_from_stored_markup():
    raw = report_to_dict(_report())
    chart = raw["parts"][0]["headings"][1]["chart"]
    assert "svg" not in chart
    chart["svg"] = "<script>alert(1)</script>"
    chart["table"]["rows"] = [["<b>On</b>", "3"], ["Off", "not a number"]]
    svg = report_from_dict(raw).parts[0].headings[1].chart.svg
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;On&lt;/b&gt;" in svg and ">3</text>" in svg and ">0</text>" in svg


def test_a_report_of_an_unknown_shape_is_refused():
    raw = report_to_dict(_report())
    raw["format"] = 99
    with pytest.raises(ValueError, match="Unknown snapshot format"):
        report_from_dict(raw)


def _action(
    id: int,
    title: str,
    *,
    due: datetime.date = datetime.date(2026, 6, 30),
    status: str = "on_track",
    owner: str = "Olive Owner",
) -> FrozenAction:
    labels = {"on_track": "On track", "done": "Done", "at_risk": "At risk",
              "not_started": "Not started", "off_track": "Off track"}  # fmt: skip
    return FrozenAction(
        id=id,
        title=title,
        why="Because",
        owner=owner,
        organisation="Council",
        start_date=datetime.date(2026, 1, 1),
        due_date=due,
        status=status,
        status_label=labels[status],
        intensity="targeted",
        intensity_label="Targeted",
        milestones=(
            FrozenMilestone(title="First", due_date=datetime.date(2026, 2, 1), done=True),
            FrozenMilestone(title="Second", due_date=datetime.date(2026, 4, 1), done=False),
        ),
    )


def test_a_plan_written_as_json_and_read_back_is_equal_to_the_original():
    plan = [_action(1, "Walking group"), _action(2, "Smoke-free homes", status="done")]
    again = plan_from_list(json.loads(json.dumps(plan_to_list(plan))))
    assert again == plan
    assert again[0].milestones_done == 1


def test_outcome_is_removed_done_overdue_or_the_status():
    assert outcome_of(None, TODAY) == "removed"
    assert outcome_of(_action(1, "A", status="done", due=MARCH), TODAY) == "done"
    assert outcome_of(_action(1, "A", status="on_track", due=MARCH), TODAY) == "overdue"
    assert outcome_of(_action(1, "A", status="at_risk", due=TODAY), TODAY) == "at_risk"


def test_days_words_say_which_way_a_due_date_moved():
    assert days_words(0) == "Not moved"
    assert days_words(1) == "Moved 1 day later"
    assert days_words(-14) == "Moved 14 days earlier"


def test_the_summary_counts_eight_committed_actions_and_four_added_since():
    later = datetime.date(2027, 6, 30)
    committed = [_action(n, f"Action {n}", due=later) for n in range(1, 9)]
    current = [
        _action(1, "Action 1", status="done"),
        _action(2, "Action 2", status="done"),
        _action(3, "Action 3", status="done"),
        _action(4, "Action 4", due=later),
        _action(5, "Action 5", due=later),
        _action(6, "Action 6", due=datetime.date(2026, 10, 1)),  # brought forward, now overdue
        *[_action(n, f"New {n}", due=later) for n in range(20, 24)],
    ]
    comparison = compare_plans(committed, current, committed_on=MARCH, today=TODAY)
    assert comparison.summary == (
        "Of 8 actions committed on 3 March 2026, 3 are done, 2 are on track, 1 is overdue and "
        "2 were removed; 4 actions were added since."
    )
    sixth = comparison.changes[5]
    assert sixth.due_moved_days == (datetime.date(2026, 10, 1) - later).days
    assert sixth.due_moved_words == "Moved 272 days earlier"
    assert [change.outcome for change in comparison.changes[6:]] == ["removed", "removed"]
    assert comparison.changes[6].due_moved_days is None
    assert [action.title for action in comparison.added] == [f"New {n}" for n in range(20, 24)]


def test_an_action_whose_id_changed_is_found_again_by_its_title():
    committed = [_action(1, "Walking group", owner="Olive Owner")]
    current = [_action(7, "  walking   GROUP ", status="at_risk", owner="Eddie Editor")]
    comparison = compare_plans(committed, current, committed_on=MARCH, today=MARCH)
    change = comparison.changes[0]
    assert change.now == current[0] and change.matched_by_title
    assert change.outcome == "at_risk" and change.status_changed and change.owner_changed
    assert comparison.added == ()
    assert comparison.summary == (
        "Of 1 action committed on 3 March 2026, 1 is at risk; no actions were added since."
    )


def test_a_match_by_id_wins_over_a_match_by_title():
    committed = [_action(1, "Walking group"), _action(2, "Parkrun")]
    # action 1 was renamed "Parkrun"; the old Parkrun (id 2) has gone
    current = [_action(1, "Parkrun", status="done")]
    comparison = compare_plans(committed, current, committed_on=MARCH, today=MARCH)
    assert [change.outcome for change in comparison.changes] == ["done", "removed"]
    assert not comparison.changes[0].matched_by_title


def test_an_empty_snapshot_says_nothing_was_committed():
    comparison = compare_plans([], [_action(1, "Walking group")], committed_on=MARCH, today=TODAY)
    assert comparison.summary == (
        "No actions were committed on 3 March 2026; 1 action was added since."
    )


def test_headings_are_unchanged_when_only_their_tool_links_differ():
    before = _report()
    comparison = compare_reports(before, before)
    assert {heading.state for heading in comparison.headings} == {UNCHANGED}
    assert comparison.changed == ()
    assert comparison.summary == "No heading of the report has changed."


def test_a_changed_table_row_a_new_heading_and_a_gone_heading_are_listed():
    before = _report()
    after = _report(actions_rows=(("Walking group", "Done"),), extra_heading=True)
    comparison = compare_reports(before, after)
    states = {heading.slug: heading.state for heading in comparison.headings}
    assert states == {
        "community-assets": UNCHANGED,
        "action-plan": CHANGED,
        "new-bit": NEW,
        "steps": UNCHANGED,
    }
    assert [heading.title for heading in comparison.changed] == ["Action plan", "A new heading"]
    assert comparison.changed[0].part_title == "1. Part one"
    assert comparison.summary == "2 of 4 headings have changed."
    backwards = compare_reports(after, before)
    assert {h.slug: h.state for h in backwards.changed} == {"action-plan": CHANGED, "new-bit": GONE}
