"""Display formatting and the SPC chart layout of the measures app, and the signals the
statistics engine gives on known series."""

import datetime

import numpy as np
import pytest

from placematters.measures import chart, presenters
from placematters.measures.content import load_oba
from placematters.stats import xmr


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(1250.0, "", "1,250"), (3.5, "%", "3.5%"), (2.0, "people", "2 people"),
     (None, "", "No value"), (float("nan"), "", "No value"), (-0.001, "", "0"),
     (0.125, "", "0.12")],
)  # fmt: skip
def test_number_text(value, unit, text):
    assert presenters.number_text(value, unit) == text


def test_labels_and_meanings_cover_every_stats_code():
    oba = load_oba()
    for code in ("common_cause", "special_cause_improvement", "special_cause_concern",
                 "special_cause_neither"):  # fmt: skip
        assert presenters.variation_text(code) and presenters.variation_meaning(code)
        assert code in presenters.SHAPES
    for code in ("consistently_passing", "consistently_failing", "hit_and_miss"):
        assert presenters.assurance_text(code) and presenters.assurance_meaning(code)
    assert presenters.assurance_text(None) == "No target"
    assert oba["source"] and oba["review_date"] and len(oba["questions"]) == 7
    assert [c["key"] for c in oba["categories"]] == ["how_much", "how_well", "better_off"]


def test_shapes_differ_for_every_kind_of_point():
    assert len(set(presenters.SHAPES.values())) == len(presenters.SHAPES)


def test_rules_change_and_period_text():
    assert presenters.rules_text(beyond_limits=True, run=True, trend=False, two_of_three=False) == (
        "Beyond a process limit; part of a run on one side of the mean"
    )
    assert (
        presenters.rules_text(beyond_limits=False, run=False, trend=False, two_of_three=False) == ""
    )
    assert presenters.change_text(10, 12.5, "%") == "Up 2.5% since the baseline"
    assert presenters.change_text(10, 10) == "No change since the baseline"
    assert presenters.change_text(None, 3) == ""
    assert presenters.period_text(datetime.date(2026, 4, 1)) == "Apr 2026"
    assert presenters.trend_text("") == "No trend stored"


def test_spc_signals_on_known_series():
    # A shift: ten points around 10 then ten around 15 - the run rule flags the second half.
    shift = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 14, 15, 14, 16, 15, 14, 15, 16, 15, 14]
    result = xmr(shift, improvement="increase")
    assert result.run[10:].all() and result.variation[-1] == "special_cause_improvement"
    assert result.variation[0] == "special_cause_concern"  # the low run before the shift
    # One point far above stable values is beyond the upper limit; lower is better: concern.
    spike = xmr([5, 6, 5, 6, 5, 6, 30, 5, 6, 5], improvement="decrease")
    assert bool(spike.beyond_limits[6]) and spike.variation[6] == "special_cause_concern"
    # Rebasing at the shift puts each half in its own segment with its own mean.
    rebased = xmr(shift, rebase_at=[10], improvement="increase", target=11)
    assert rebased.mean[0] == pytest.approx(10.2) and rebased.mean[-1] == pytest.approx(14.8)
    assert rebased.assurance[0] == "consistently_passing"


def test_chart_layout_draws_each_segment_and_marks():
    n = 6
    picture = chart.layout(
        labels=[f"M{i}" for i in range(n)], values=[1, 2, 3, 10, 11, 12],
        mean=[2, 2, 2, 11, 11, 11], upper=[4, 4, 4, 13, 13, 13], lower=[0, 0, 0, 9, 9, 9],
        segment=[0, 0, 0, 1, 1, 1], shapes=["circle"] * 3 + ["square"] * 3, target=5,
        marks=[(3, "Clinics started")],
    )  # fmt: skip
    assert len(picture.points) == n
    assert [line.css for line in picture.lines].count("mean") == 2
    assert [line.css for line in picture.lines].count("target") == 1
    assert picture.marks[0].x == picture.points[3].x
    ys = [p.y for p in picture.points]
    assert ys == sorted(ys, reverse=True)  # higher values sit higher (smaller y)
    assert all(picture.plot_top <= y <= picture.plot_bottom for y in ys)
    assert picture.points[3].path.startswith("M") and picture.series_path.count("L") == n - 1


def test_chart_layout_of_a_constant_series():
    picture = chart.layout(
        labels=["a", "b"], values=[3, 3], mean=[3, 3], upper=[3, 3], lower=[3, 3],
        segment=[0, 0], shapes=["circle", "circle"],
    )  # fmt: skip
    assert not any(np.isnan(p.y) for p in picture.points)
