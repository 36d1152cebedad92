"""The timeline's layout: bars scaled between the earliest start and the latest due date."""

import datetime

from placematters.planning.timeline import MIN_BAR, TOP, TimelineRow, layout

TODAY = datetime.date(2027, 1, 1)


def row(title, start, due, status="on_track", overdue=False):
    return TimelineRow(title, start, due, status, overdue)


def test_an_empty_plan_has_no_bars():
    picture = layout([], TODAY)
    assert picture.bars == () and picture.ticks == () and picture.today_x is None


def test_bars_span_start_to_due_on_one_scale():
    rows = [
        row("First", datetime.date(2027, 1, 1), datetime.date(2027, 3, 1)),
        row("Second", datetime.date(2027, 2, 1), datetime.date(2027, 5, 1)),
    ]
    picture = layout(rows, TODAY, width=120)
    first, second = picture.bars
    span = (datetime.date(2027, 5, 1) - TODAY).days
    assert first.x == 0.0
    assert first.width == round(59 / span * 120, 1)
    assert second.x + second.width == 120.0
    assert (first.y, second.y) == (TOP, TOP + 28)
    assert picture.today_x == 0.0
    assert [tick.label for tick in picture.ticks] == [
        "Jan 2027", "Feb 2027", "Mar 2027", "Apr 2027", "May 2027",
    ]  # fmt: skip
    assert first.label == "1. First"


def test_an_action_without_a_start_is_a_short_bar_ending_on_its_due_date():
    rows = [
        row("Long", datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
        row("No start", None, datetime.date(2027, 6, 1)),
    ]
    bar = layout(rows, TODAY).bars[1]
    assert bar.width == MIN_BAR


def test_overdue_and_status_classes_and_today_inside_the_window():
    rows = [
        row("Late", None, datetime.date(2026, 12, 1), status="at_risk", overdue=True),
        row("Done", None, datetime.date(2026, 11, 1), status="done"),
    ]
    picture = layout(rows, TODAY, width=100)
    assert [bar.css for bar in picture.bars] == ["pm-plan-bar--overdue", "pm-plan-bar--done"]
    assert picture.today_x == 100.0, "the window stretches to include today"


def test_long_plans_have_at_most_twelve_month_labels():
    rows = [row("Long", datetime.date(2025, 1, 1), datetime.date(2029, 12, 31))]
    assert len(layout(rows, TODAY).ticks) <= 12
