"""Population indicators as SPC charts (the area's value and the SII gap), with the linked
actions' starts marked, assurance against a link's target, the forecast chart, their CSV
downloads, and the scorecard's variation column."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from placematters.analysis.models import InequalitySummary
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.measures import actions, queries
from placematters.partnerships.models import Partnership
from placematters.planning import actions as planning_actions

pytestmark = pytest.mark.django_db
AREA = "E07000147"
# Twelve financial years of the gap: level at about 8, then six years narrowing to about 5.
GAP = [8.1, 7.9, 8.2, 8.0, 7.8, 8.1, 5.2, 5.0, 5.3, 4.9, 5.1, 5.0]
YEARS = [f"{2010 + i}/{(11 + i) % 100:02d}" for i in range(len(GAP))]


@pytest.fixture
def indicator(partnership) -> Indicator:
    found = Indicator.objects.create(
        partnership=partnership, name="Smoking prevalence", value_type="proportion",
        polarity="lower_is_better", unit="%",
    )  # fmt: skip
    computed = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for i, (period, sii) in enumerate(zip(YEARS, GAP, strict=True)):
        InequalitySummary.objects.create(
            indicator=found, area_code=AREA, period=period, period_sortable=(2010 + i) * 10000,
            category_type="IMD deciles", n_quantiles=10, sii=sii, computed_at=computed,
        )  # fmt: skip
    batch = ImportBatch.objects.create(kind="indicators", source_file="smoking.csv")
    for year, value in ((2020, 18.0),):
        Observation.objects.create(
            indicator=found, batch=batch, area_code=AREA, period=str(year),
            period_sortable=year * 10000, value=value,
        )  # fmt: skip
    return found


@pytest.fixture
def gap(owner, partnership, indicator):
    result = actions.result_add(by=owner, partnership=partnership, statement="Fairer health")
    clinics = planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Drop-in clinics",
        start_date=datetime.date(2016, 9, 1), due_date=datetime.date(2027, 3, 31),
    )  # fmt: skip
    actions.measure_add(
        by=owner, partnership=partnership, name="Quits", category="better_off", action=clinics,
        result=result,
    )  # fmt: skip
    return actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA, kind="sii", target=6
    )


def _view(partnership, link):
    return queries.indicator_view(partnership, queries.result_indicator(partnership, link.pk))


def _url(name, partnership, *args):
    return reverse(f"measures:{name}", args=[partnership.slug, *args])


def test_the_gap_is_an_spc_chart_with_the_action_start_marked(partnership, gap):
    view = _view(partnership, gap)
    drawn = view.spc
    assert [row.period for row in drawn.rows] == YEARS
    # The gap sits above zero, so narrower (lower) is better. Mean 6.55; the moving ranges
    # sum to 5.3 (2.9 of it the drop), MR-bar 0.4818, limits 6.55 -/+ 1.2816 = 5.27 to 7.83:
    # the last value (5.0) lies below the lower limit, special cause improvement.
    assert view.improvement == "decrease"
    assert drawn.rows[0].mean == pytest.approx(sum(GAP) / len(GAP))
    assert drawn.rows[0].lower == pytest.approx(6.55 - 2.66 * 5.3 / 11)
    assert drawn.latest_variation == "special_cause_improvement"
    assert drawn.rows[-1].rules.startswith("Beyond a process limit")
    # The target of 6 lies between the limits: hit and miss.
    assert drawn.assurance == "hit_and_miss"
    assert view.variation == "Special cause: improvement"
    assert view.assurance == "Target hit and miss"
    # Clinics began in September 2016: inside the financial year 2016/17 (the seventh).
    assert drawn.marks == [("1 September 2016", "Drop-in clinics started")]
    assert drawn.layout.marks[0].x == drawn.layout.points[6].x


def test_a_value_series_of_one_period_is_drawn_and_explained(owner, partnership, indicator,
                                                             gap):  # fmt: skip
    link = actions.result_indicator_add(
        by=owner, result=gap.result, indicator=indicator, area_code=AREA
    )
    view = _view(partnership, link)
    assert view.improvement == "decrease"  # lower is better for smoking
    assert len(view.spc.rows) == 1 and not view.spc.has_limits
    assert view.variation == "Too few values"
    assert view.forecast == [] and view.forecast_picture is None


def test_the_forecast_chart_and_its_csv(client, viewer, partnership, gap):
    view = _view(partnership, gap)
    assert len(view.forecast) == 3 and view.forecast_picture is not None
    assert len(view.forecast_picture.forecast_points) == 3
    client.force_login(viewer)
    response = client.get(_url("measures_indicator_forecast_download", partnership, gap.pk))
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Period", "Kind", "Value"]
    assert [row[1] for row in rows[1:]] == ["Recorded"] * 12 + ["If nothing changes"] * 3
    assert rows[-1][0] == "3 periods after 2021/22"
    lower, middle, upper = (float(rows[-1][i]) for i in (3, 2, 4))
    assert lower < middle < upper


def test_the_indicator_page_and_its_spc_csv(client, viewer, partnership, gap):
    client.force_login(viewer)
    page = client.get(_url("measures_indicator_detail", partnership, gap.pk)).text
    assert "SPC chart of Smoking prevalence" in page
    assert "If nothing changes: Smoking prevalence" in page
    assert "A narrower gap is better" in page
    assert "Against the target:</strong> Target hit and miss" in page
    assert "Drop-in clinics started on 1 September 2016" in page
    assert "Change how it is tracked" not in page  # a viewer cannot edit
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    _url("measures_indicator_spc_download", partnership, gap.pk)
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["Period", "Value", "Mean", "Lower process limit", "Upper process limit",
                       "Part", "Variation", "Special-cause rules met"]  # fmt: skip
    assert rows[-1][0] == "2021/22" and rows[-1][6] == "Special cause: improvement"


def test_the_result_page_has_the_forecast_chart_and_a_link_to_the_spc(client, viewer,
                                                                     partnership, gap):  # fmt: skip
    client.force_login(viewer)
    page = client.get(_url("measures_result_detail", partnership, gap.result_id)).text
    assert f'id="forecast-table-{gap.pk}"' in page
    assert "If nothing changes: Smoking prevalence" in page
    assert _url("measures_indicator_detail", partnership, gap.pk) in page
    assert "Latest variation: Special cause: improvement" in page


def test_the_scorecard_shows_each_indicators_latest_variation(client, viewer, partnership, gap):
    card = queries.scorecard(partnership)[0]
    assert card.indicators[0].variation == "Special cause: improvement"
    client.force_login(viewer)
    page = client.get(_url("measures_scorecard", partnership)).text
    assert "Variation (SPC)" in page and "Special cause: improvement" in page
    assert "Target hit and miss" in page


def test_another_partnerships_indicator_pages_are_not_found(client, outsider, partnership, gap):
    other = Partnership.objects.get(name="Another partnership")
    client.force_login(outsider)
    for name in ("measures_indicator_detail", "measures_indicator_spc_download",
                 "measures_indicator_forecast_download"):  # fmt: skip
        assert client.get(_url(name, other, gap.pk)).status_code == 404
        assert client.get(_url(name, partnership, gap.pk)).status_code == 404


def test_an_action_after_the_last_period_is_listed_not_drawn(owner, partnership, gap):
    later = planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Text reminders",
        start_date=datetime.date(2026, 5, 1), due_date=datetime.date(2027, 3, 31),
    )  # fmt: skip
    actions.measure_add(
        by=owner, partnership=partnership, name="Reminders sent", category="how_much",
        action=later, result=gap.result,
    )  # fmt: skip
    drawn = _view(partnership, gap).spc
    assert drawn.marks == [("1 September 2016", "Drop-in clinics started")]
    assert drawn.marks_off_chart == [("1 May 2026", "Text reminders started")]
    assert len(drawn.layout.marks) == 1
