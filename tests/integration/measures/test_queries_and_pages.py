"""Reads and pages of the measures app: indicator baselines, trends and forecasts, SPC
signals on a known series, rebasing, the scorecard, the summary sections and the forms."""

import datetime

import pytest
from django.urls import reverse

from placematters.analysis.models import InequalitySummary
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.measures import actions, queries
from placematters.measures.models import MeasureValue
from placematters.partnerships import actions as partnership_actions
from placematters.planning import actions as planning_actions

pytestmark = pytest.mark.django_db
AREA = "E07000147"
SHIFT = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 14, 15, 14, 16, 15, 14, 15, 16, 15, 14]


def _url(name, partnership, *args):
    return reverse(f"measures:{name}", args=[partnership.slug, *args])


def _months(n):
    return [datetime.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(n)]


@pytest.fixture
def measure(owner, partnership):
    action = planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Drop-in clinics",
        start_date=datetime.date(2025, 11, 1), due_date=datetime.date(2027, 3, 31),
    )  # fmt: skip
    found = actions.measure_add(
        by=owner, partnership=partnership, name="People setting a quit date",
        category="better_off", action=action, target=11, unit="people",
    )  # fmt: skip
    for period, value in zip(_months(len(SHIFT)), SHIFT, strict=True):
        actions.measure_value_add(by=owner, measure=found, period=period, value=value)
    return queries.measure(partnership, found.pk)


@pytest.fixture
def indicator(owner, partnership):
    found = Indicator.objects.create(
        partnership=partnership, name="Smoking prevalence", value_type="proportion",
        polarity="lower_is_better", unit="%",
    )  # fmt: skip
    batch = ImportBatch.objects.create(kind="indicators", source_file="smoking.csv")
    for year, value in zip(range(2018, 2023), [20, 19, 19.5, 18, 17], strict=True):
        Observation.objects.create(
            indicator=found, batch=batch, area_code=AREA, period=str(year),
            period_sortable=year * 10000, value=value,
        )  # fmt: skip
    return found


def test_the_spc_of_a_shifted_series_shows_improvement_and_the_action_start(partnership, measure):
    drawn = queries.spc(partnership, measure)
    assert len(drawn.rows) == 20
    # Ten points above the mean in a row: a run, special cause improvement (higher is better).
    assert drawn.rows[-1].variation == "special_cause_improvement"
    assert "run" in drawn.rows[-1].rules
    assert drawn.latest_variation == "special_cause_improvement"
    assert drawn.assurance == "hit_and_miss"
    assert drawn.marks == [("1 November 2025", "Drop-in clinics started")]
    assert drawn.layout.marks[0].x == drawn.layout.points[10].x  # Nov 2025 is the 11th month
    assert {p.shape for p in drawn.layout.points} >= {"square"}


def test_rebasing_gives_two_segments_with_their_own_limits(owner, partnership, measure):
    actions.measure_rebase(by=owner, measure=measure, rebase_from=datetime.date(2025, 11, 1))
    drawn = queries.spc(partnership, queries.measure(partnership, measure.pk))
    assert {row.segment for row in drawn.rows[:10]} == {0}
    assert {row.segment for row in drawn.rows[10:]} == {1}
    assert drawn.rows[0].mean == pytest.approx(10.2)
    assert drawn.rows[-1].mean == pytest.approx(14.8)
    assert drawn.assurance == "consistently_passing"  # 11 lies below the new lower limit (11.84)
    assert sum(1 for line in drawn.layout.lines if line.css == "mean") == 2
    table = queries.spc_table(partnership, queries.measure(partnership, measure.pk))
    assert table.rows[-1][6] == 2


def test_the_indicator_view_has_baseline_trend_and_forecast(owner, partnership, indicator):
    result = actions.result_add(by=owner, partnership=partnership, statement="Everyone lives well")
    actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA, baseline_period="2019"
    )
    view = queries.indicator_views(partnership, queries.result(partnership, result.pk))[0]
    assert view.baseline == ("2019", 19) and view.latest == ("2022", 17)
    assert view.change == "Down 2% since the baseline"
    assert [step[0] for step in view.forecast] == [
        "1 period after 2022",
        "2 periods after 2022",
        "3 periods after 2022",
    ]
    # Least squares through 20, 19, 19.5, 18, 17 at x = 0..4: slope -7/10, intercept 20.1,
    # so at x = 5 (2023) the line gives 16.6.
    assert view.forecast[0][1] == pytest.approx(16.6)
    assert view.forecast[0][2] < 16.6 < view.forecast[0][3]


def test_an_sii_series_is_tracked_too(owner, partnership, indicator):
    for year, sii in ((2019, 8.0), (2020, 7.0), (2021, 7.5)):
        InequalitySummary.objects.create(
            indicator=indicator, area_code=AREA, period=str(year),
            period_sortable=year * 10000, category_type="IMD deciles", n_quantiles=10, sii=sii,
            computed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )  # fmt: skip
    result = actions.result_add(by=owner, partnership=partnership, statement="Fairer health")
    actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA, kind="sii"
    )
    view = queries.indicator_views(partnership, queries.result(partnership, result.pk))[0]
    assert view.points == [("2019", 8.0), ("2020", 7.0), ("2021", 7.5)]
    assert len(view.forecast) == 3


def test_scorecard_and_summary_sections(owner, partnership, indicator, measure):
    result = actions.result_add(by=owner, partnership=partnership, statement="Everyone lives well")
    actions.result_indicator_add(by=owner, result=result, indicator=indicator, area_code=AREA)
    cards = queries.scorecard(partnership)
    assert cards[0].result == result and cards[0].indicators[0].name == "Smoking prevalence"
    assert cards[-1].result is None
    assert cards[-1].measures[0].variation == "Special cause: improvement"
    sections = {s.item: s for s in queries.summary_sections(partnership)}
    assert set(sections) == {"population-results", "performance-measures", "baselines"}
    assert (
        "1 performance measure: 0 how much, 0 how well and 1 is anyone better off"
        in (sections["performance-measures"].paragraphs[0])
    )
    assert sections["baselines"].rows[1][0] == "Smoking prevalence"


def test_pages_for_a_viewer_and_a_non_member(client, owner, viewer, outsider, partnership, measure):
    client.force_login(viewer)
    page = client.get(_url("measures_measure_detail", partnership, measure.pk)).text
    assert "SPC chart of People setting a quit date" in page
    assert "Special cause: improvement" in page and "Download the chart" in page
    assert "Add a value" not in page
    csv = client.get(_url("measures_measure_download", partnership, measure.pk)).text
    assert csv.startswith("Period,Value,Note,Mean")
    assert client.get(_url("measures_scorecard", partnership)).status_code == 200
    posted = client.post(
        _url("measures_value_add", partnership, measure.pk), {"period": "2027-01-01", "value": 3}
    )
    assert posted.status_code == 403
    client.force_login(outsider)
    assert client.get(_url("measures_measure_detail", partnership, measure.pk)).status_code == 404


def test_the_value_form_refuses_a_word_and_saves_nothing(client, editor, partnership, measure):
    client.force_login(editor)
    before = MeasureValue.objects.count()
    page = client.post(
        _url("measures_value_add", partnership, measure.pk),
        {"period": "2027-01-01", "value": "about ten"},
    ).text
    assert "Enter the value as a number, for example 42 or 3.5" in page
    assert "govuk-error-summary" in page
    assert MeasureValue.objects.count() == before
    done = client.post(
        _url("measures_value_add", partnership, measure.pk),
        {"period": "2027-01-01", "value": "11", "note": "After the relaunch"},
    )
    assert done.status_code == 302 and MeasureValue.objects.count() == before + 1


def test_the_forms_add_a_result_a_measure_and_a_worksheet(client, owner, editor, partnership):
    partnership_actions.area_add(by=owner, partnership=partnership, gss_code=AREA, name="Seaside")
    client.force_login(editor)
    client.post(_url("measures_result_add", partnership), {"statement": "All thrive"})
    result = queries.results(partnership).get()
    added = client.post(
        _url("measures_measure_add", partnership),
        {"name": "Sessions run", "category": "how_much", "service": "Walks",
         "improvement": "increase", "result": result.pk, "target": ""},
    )  # fmt: skip
    measure = queries.measures(partnership).get()
    assert added.url == _url("measures_measure_detail", partnership, measure.pk)
    client.post(_url("measures_worksheet", partnership, measure.pk), {"story": "Few walks"})
    page = client.get(_url("measures_measure_detail", partnership, measure.pk)).text
    assert "Few walks" in page and "The chart needs at least two values." in page
    result_page = client.get(_url("measures_result_detail", partnership, result.pk)).text
    assert "Sessions run" in result_page


def test_an_action_page_lists_the_measures_that_monitor_it(client, owner, partnership):
    import datetime

    from django.urls import reverse

    from placematters.measures.actions import measure_add
    from placematters.planning.actions import plan_action_add

    action = plan_action_add(
        by=owner, partnership=partnership, title="Quit clinics", due_date=datetime.date(2027, 6, 1)
    )
    other = plan_action_add(
        by=owner, partnership=partnership, title="Walks", due_date=datetime.date(2027, 6, 1)
    )
    measure_add(
        by=owner, partnership=partnership, name="Four-week quits", category="better_off",
        action=action,
    )  # fmt: skip
    client.force_login(owner)
    page = client.get(
        reverse("planning:plan_action_detail", args=[partnership.slug, action.pk])
    ).text
    assert "How this action is measured" in page and "Four-week quits" in page
    unmonitored = client.get(
        reverse("planning:plan_action_detail", args=[partnership.slug, other.pk])
    ).text
    assert "No performance measure monitors this action yet." in unmonitored
    assert "Four-week quits" not in unmonitored


def _pages_queries(client, partnership, result):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as scorecard:
        assert client.get(_url("measures_scorecard", partnership)).status_code == 200
    with CaptureQueriesContext(connection) as detail:
        assert client.get(_url("measures_result_detail", partnership, result.pk)).status_code == 200
    return len(scorecard), len(detail)


def test_the_scorecard_and_result_pages_do_not_query_once_per_measure(client, owner, partnership):
    result = actions.result_add(by=owner, partnership=partnership, statement="All thrive")
    action = planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Walks", due_date=datetime.date(2027, 6, 1)
    )

    def add_measure(name):
        found = actions.measure_add(
            by=owner, partnership=partnership, name=name, category="how_much",
            action=action, result=result,
        )  # fmt: skip
        for period, value in zip(_months(4), [3, 5, 4, 6], strict=True):
            actions.measure_value_add(by=owner, measure=found, period=period, value=value)

    add_measure("Walks run")
    client.force_login(owner)
    one = _pages_queries(client, partnership, result)
    add_measure("Walkers")
    add_measure("Walk leaders")
    assert _pages_queries(client, partnership, result) == one
