"""The shared SPC chart (measures and population indicators alike) on known series, the
forecast chart's layout, and how indicator periods map to dates for marking action starts."""

import datetime

import pytest

from placematters.measures import chart, presenters

SHIFT = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 14, 15, 14, 16, 15, 14, 15, 16, 15, 14]
SPIKE = [5, 6, 5, 6, 5, 6, 30, 5, 6, 5]


def _labels(n):
    return [str(2000 + i) for i in range(n)]


def test_a_run_above_the_mean_is_special_cause_improvement():
    drawn = chart.spc_chart(labels=_labels(20), values=SHIFT, improvement="increase")
    # Mean 12.5; the last ten points all lie above it: a run of ten (seven or more).
    assert drawn.rows[0].mean == pytest.approx(12.5)
    assert all("run" in row.rules for row in drawn.rows[10:])
    assert drawn.latest_variation == "special_cause_improvement"
    assert [p.shape for p in drawn.layout.points[10:]] == ["square"] * 10
    assert drawn.has_limits and drawn.note == ""
    # The same run when lower is better is a concern, drawn as triangles.
    worse = chart.spc_chart(labels=_labels(20), values=SHIFT, improvement="decrease")
    assert worse.latest_variation == "special_cause_concern"
    assert worse.layout.points[-1].shape == "triangle"


def test_a_point_beyond_the_upper_limit():
    drawn = chart.spc_chart(labels=_labels(10), values=SPIKE, improvement="decrease")
    # Mean 7.9; moving ranges 1,1,1,1,1,24,25,1,1 average 6.222..., so the upper limit is
    # 7.9 + 2.66 * 6.222 = 24.45 and 30 lies beyond it.
    assert drawn.rows[6].upper == pytest.approx(7.9 + 2.66 * 56 / 9)
    assert drawn.rows[6].rules.startswith("Beyond a process limit")
    assert drawn.rows[6].variation == "special_cause_concern"
    assert drawn.layout.points[6].shape == "triangle"
    assert drawn.rows[5].variation == "common_cause"
    # With no direction the same point is special cause of neither kind (a diamond).
    neutral = chart.spc_chart(labels=_labels(10), values=SPIKE)
    assert neutral.rows[6].variation == "special_cause_neither"
    assert neutral.layout.points[6].shape == "diamond"


def test_assurance_against_a_target_only_with_a_direction():
    drawn = chart.spc_chart(
        labels=_labels(10), values=[5, 6, 5, 6, 5, 6, 5, 6, 5, 6], improvement="increase",
        target=2,
    )  # fmt: skip
    # Mean 5.5, MR-bar 1, lower limit 5.5 - 2.66 = 2.84: a target of 2 is always met.
    assert drawn.assurance == "consistently_passing"
    assert [line.css for line in drawn.layout.lines].count("target") == 1
    undirected = chart.spc_chart(labels=_labels(10), values=[5, 6] * 5, target=2)
    assert undirected.assurance is None


def test_a_single_value_is_drawn_without_limits_and_says_why():
    drawn = chart.spc_chart(labels=["2021/22"], values=[7.5])
    assert len(drawn.rows) == 1 and drawn.rows[0].mean is None and not drawn.has_limits
    assert "at least two values" in drawn.note
    assert len(drawn.layout.points) == 1
    assert not [line for line in drawn.layout.lines if line.css in ("mean", "limit")]
    empty = chart.spc_chart(labels=[], values=[])
    assert empty.rows == [] and empty.layout is None and "at least two values" in empty.note


def test_a_short_series_has_limits_and_a_caution():
    drawn = chart.spc_chart(labels=_labels(5), values=[20, 19, 19.5, 18, 17])
    assert drawn.has_limits and drawn.latest_variation == "common_cause"
    assert drawn.note == (
        "With 5 values the limits are rough, and a run (7 points in a row on one side of the "
        "mean) cannot show yet."
    )


def test_a_rebase_too_near_an_end_is_ignored_with_a_note():
    drawn = chart.spc_chart(labels=_labels(20), values=SHIFT, rebase_at=19)
    assert {row.segment for row in drawn.rows} == {0}
    assert drawn.note.startswith("The rebase is ignored")
    rebased = chart.spc_chart(labels=_labels(20), values=SHIFT, rebase_at=10)
    assert rebased.rows[0].mean == pytest.approx(10.2)
    assert rebased.rows[-1].mean == pytest.approx(14.8)


def test_marks_inside_the_series_are_drawn_and_all_are_listed():
    marks = [
        chart.ChartMark(3, "Clinics started", "1 May 2003", "1 May 2003"),
        chart.ChartMark(-1, "Walks started", "1 May 1990", "1 May 1990"),
    ]
    drawn = chart.spc_chart(labels=_labels(6), values=[1, 2, 1, 2, 1, 2], marks=marks)
    assert [m.label for m in drawn.layout.marks] == ["Clinics started (1 May 2003)"]
    assert drawn.layout.marks[0].x == drawn.layout.points[3].x
    assert drawn.marks == [("1 May 2003", "Clinics started")]
    assert drawn.marks_off_chart == [("1 May 1990", "Walks started")]


def test_the_forecast_layout_continues_the_line_inside_its_band():
    picture = chart.forecast_layout(
        labels=["2018", "2019", "2020", "2021", "2022"], values=[20, 19, 19.5, 18, 17],
        forecast_labels=["+1", "+2", "+3"], forecast=[16.6, 16.0, 15.3],
        lower=[14.6, 13.7, 12.7], upper=[18.6, 18.3, 17.9],
    )  # fmt: skip
    assert len(picture.points) == 5 and len(picture.forecast_points) == 3
    # The dashed line starts at the last recorded value.
    assert picture.forecast_path.startswith(f"M{picture.points[-1][0]},{picture.points[-1][1]}")
    assert picture.points[-1][0] < picture.divider_x < picture.forecast_points[0][0]
    # The band is a closed shape through the three upper then the three lower edges.
    assert picture.band_path.endswith("Z") and picture.band_path.count("L") == 5
    # Each forecast point sits between its band's edges (smaller y is higher).
    top = picture.y_ticks[-1][0]
    assert all(top <= y <= picture.plot_bottom for _x, y in picture.forecast_points)
    assert [label for _x, label in picture.x_ticks][-3:] == ["+1", "+2", "+3"]


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [("2019", (2019, 1, 1), (2019, 12, 31)),
     ("2019/20", (2019, 4, 1), (2020, 3, 31)),
     ("2017 - 19", (2017, 1, 1), (2019, 12, 31)),
     ("2018-20", (2018, 1, 1), (2020, 12, 31)),
     ("1998 - 2000", (1998, 1, 1), (2000, 12, 31)),
     ("2016/17 - 18/19", (2016, 4, 1), (2019, 3, 31)),
     ("2019/20 Q1", (2019, 4, 1), (2019, 6, 30)),
     ("2019/20 Q4", (2020, 1, 1), (2020, 3, 31)),
     ("2019/20 Q3", (2019, 10, 1), (2019, 12, 31)),
     ("Autumn 2021", (2021, 1, 1), (2021, 12, 31))],
)  # fmt: skip
def test_period_span(period, start, end):
    assert presenters.period_span(period) == (datetime.date(*start), datetime.date(*end))


def test_period_span_without_a_year():
    assert presenters.period_span("Latest") is None


def test_mark_position_is_the_first_period_including_the_day():
    years = ["2018/19", "2019/20", "2020/21"]
    assert presenters.mark_position(years, datetime.date(2019, 11, 1)) == 1
    assert presenters.mark_position(years, datetime.date(2019, 3, 31)) == 0
    assert presenters.mark_position(years, datetime.date(2018, 1, 1)) is None  # before
    assert presenters.mark_position(years, datetime.date(2021, 4, 1)) is None  # after
    rolling = ["2016 - 18", "2017 - 19", "2018 - 20"]
    # A rolling period first includes a start in 2018 at its earliest window.
    assert presenters.mark_position(rolling, datetime.date(2018, 6, 1)) == 0
    assert presenters.mark_position(["Latest"], datetime.date(2018, 6, 1)) is None


def test_plain_number_keeps_every_digit():
    assert presenters.plain_number(1250.0) == "1250"
    assert presenters.plain_number(0.1) == "0.1"
    assert presenters.plain_number(12345678901.5) == "12345678901.5"
    assert presenters.plain_number(None) == ""
