"""Reads of the OBA results, indicators, measures and their SPC charts. Each takes the
partnership first."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from placematters.analysis import queries as analysis_queries
from placematters.analysis.models import InequalitySummary
from placematters.analysis.presenters import Table
from placematters.indicators import queries as indicator_queries
from placematters.indicators.models import Indicator, Polarity
from placematters.measures import chart, presenters
from placematters.measures.models import (
    Category,
    Measure,
    MeasureValue,
    Result,
    ResultIndicator,
    SeriesKind,
)
from placematters.partnerships.models import Partnership
from placematters.partnerships.queries import areas
from placematters.planning import queries as planning_queries
from placematters.planning.models import PlanAction
from placematters.stats import StatsInputError, linear_forecast
from placematters.toolkit.summaries import SummarySection

STAGE_THREE = "evaluation-planning"
FORECAST_PERIODS = 3


def results(partnership: Partnership) -> QuerySet[Result]:
    return Result.objects.filter(partnership=partnership).prefetch_related(
        "indicators__indicator", "measures__action"
    )


def result(partnership: Partnership, result_id: int) -> Result | None:
    return results(partnership).filter(pk=result_id).first()


def measures(partnership: Partnership) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(partnership=partnership)
        .select_related("action", "result")
        .prefetch_related("values")
    )


def measures_for_action(partnership: Partnership, action) -> QuerySet[Measure]:
    """The performance measures that monitor one of the partnership's plan actions."""
    return measures(partnership).filter(action=action)


def measure(partnership: Partnership, measure_id: int) -> Measure | None:
    return measures(partnership).filter(pk=measure_id).first()


def measure_value(partnership: Partnership, value_id: int) -> MeasureValue | None:
    return (
        MeasureValue.objects.filter(measure__partnership=partnership, pk=value_id)
        .select_related("measure")
        .first()
    )


def result_indicator(partnership: Partnership, link_id: int) -> ResultIndicator | None:
    return (
        ResultIndicator.objects.filter(result__partnership=partnership, pk=link_id)
        .select_related("result", "indicator")
        .prefetch_related("result__measures__action")
        .first()
    )


def worksheet(partnership: Partnership, measure_id: int):
    found = measure(partnership, measure_id)
    return getattr(found, "worksheet", None) if found is not None else None


def indicator_choices(partnership: Partnership) -> QuerySet[Indicator]:
    return indicator_queries.indicators(partnership).order_by("name")


def area_choices(partnership: Partnership) -> list[tuple[str, str]]:
    return [(area.gss_code, f"{area.name} ({area.gss_code})") for area in areas(partnership)]


def action_choices(partnership: Partnership) -> QuerySet[PlanAction]:
    return planning_queries.plan_actions(partnership)


# --- indicators of a result ----------------------------------------------------------------


@dataclass
class IndicatorView:
    link: ResultIndicator
    name: str
    unit: str
    kind: str
    points: list[tuple[str, float]]
    baseline: tuple[str, float] | None
    latest: tuple[str, float] | None
    trend: str
    forecast: list[tuple[str, float, float, float]] = field(default_factory=list)
    forecast_note: str = ""
    spc: chart.Spc | None = None
    improvement: str | None = None
    forecast_picture: chart.ForecastLayout | None = None

    @property
    def change(self) -> str:
        if self.baseline is None or self.latest is None:
            return ""
        return presenters.change_text(self.baseline[1], self.latest[1], self.unit)

    @property
    def variation(self) -> str:
        """The latest SPC variation label, or why there is none."""
        if self.spc is None or not self.spc.has_limits:
            return "Too few values" if self.points else "No data"
        return presenters.variation_text(self.spc.latest_variation)

    @property
    def assurance(self) -> str:
        if self.link.target is None or self.spc is None or not self.spc.has_limits:
            return ""
        return presenters.assurance_text(self.spc.assurance)

    @property
    def direction(self) -> str:
        if self.link.kind == SeriesKind.SII:
            return "A narrower gap is better: improvement means moving towards zero"
        return IMPROVEMENT_WORDS.get(self.improvement, "No better direction is set")


IMPROVEMENT_WORDS = {"increase": "Higher is better", "decrease": "Lower is better"}


def indicator_improvement(link: ResultIndicator, values: list[float]) -> str | None:
    """The direction that counts as improvement on the SPC chart: the indicator's polarity
    for the area's value; for the gap (SII), towards zero, so "decrease" while the series
    sits above zero on average and "increase" below it (the SII's sign depends on which end
    of deprivation fares better)."""
    if link.kind == SeriesKind.SII:
        if not values:
            return None
        average = sum(values) / len(values)
        return "decrease" if average > 0 else "increase" if average < 0 else None
    return {
        Polarity.HIGHER_IS_BETTER: "increase",
        Polarity.LOWER_IS_BETTER: "decrease",
    }.get(link.indicator.polarity)


def action_marks(link: ResultIndicator, periods: list[str]) -> list[chart.ChartMark]:
    """The start dates of the plan actions linked to the result's measures, each placed at
    the first period that includes it (``presenters.mark_position``); an action that started
    outside the series is listed but not drawn (position -1)."""
    started = {}
    for measure in link.result.measures.all():  # uses the prefetch
        action = measure.action
        if action is not None and action.start_date:
            started[action.pk] = action
    marks = []
    for action in sorted(started.values(), key=lambda a: (a.start_date, a.title)):
        position = presenters.mark_position(periods, action.start_date)
        marks.append(
            chart.ChartMark(
                position=-1 if position is None else position,
                label=f"{action.title} started",
                when=f"{action.start_date:%-d %B %Y}",
                when_short=f"{action.start_date:%-d %b %Y}",
            )
        )
    return marks


def _pick(options: set[str], preferred: str) -> str | None:
    return preferred if preferred in options else (min(options) if options else None)


def _value_points(partnership, link: ResultIndicator) -> tuple[list[tuple[str, float]], str]:
    series = analysis_queries.indicator_series(partnership, link.indicator_id, link.area_code)
    sex = _pick({p.sex for p in series}, "Persons")
    age = _pick({p.age for p in series if p.sex == sex}, "All ages")
    points = [
        (p.period, p.value) for p in series if p.sex == sex and p.age == age and p.value is not None
    ]
    trend = (
        analysis_queries.indicator_trend(partnership, link.indicator_id, link.area_code, sex, age)
        if sex
        else ""
    )
    return points, trend


def _sii_points(partnership, link: ResultIndicator) -> list[tuple[str, float]]:
    if not indicator_queries.indicators(partnership).filter(pk=link.indicator_id).exists():
        return []
    rows = list(
        InequalitySummary.objects.filter(
            indicator_id=link.indicator_id, area_code=link.area_code, sii__isnull=False
        ).values("period", "period_sortable", "sex", "age", "category_type", "sii")
    )
    sex = _pick({r["sex"] for r in rows}, "Persons")
    age = _pick({r["age"] for r in rows if r["sex"] == sex}, "All ages")
    kinds = {r["category_type"] for r in rows if r["sex"] == sex and r["age"] == age}
    kind = min(kinds) if kinds else None
    chosen = sorted(
        (r for r in rows if (r["sex"], r["age"], r["category_type"]) == (sex, age, kind)),
        key=lambda r: r["period_sortable"],
    )
    return [(r["period"], r["sii"]) for r in chosen]


def series_points(partnership: Partnership, link: ResultIndicator) -> list[tuple[str, float]]:
    """The linked series in time order: (period, value) of the area's value or of the SII."""
    if link.kind == SeriesKind.SII:
        return _sii_points(partnership, link)
    return _value_points(partnership, link)[0]


def series_periods(
    partnership: Partnership, indicator: Indicator, area_code: str, kind: str
) -> list[str]:
    """The periods a series would hold, before any link is saved (for checking a baseline)."""
    unsaved = ResultIndicator(indicator=indicator, area_code=area_code, kind=kind)
    return [period for period, _value in series_points(partnership, unsaved)]


def indicator_view(partnership: Partnership, link: ResultIndicator) -> IndicatorView:
    """The linked series with its baseline (the chosen period, else the first), latest value,
    stored trend, its XmR SPC chart (``chart.spc_chart``: each period one step in time order,
    improvement as ``indicator_improvement`` says, assurance against the link's target, the
    linked actions' starts marked by ``action_marks``) and a straight-line forecast "if
    nothing changes" for three periods with its 95% prediction interval
    (``stats.linear_forecast``: least squares, Montgomery & Runger 6th ed. eq. 11-33;
    docs/statistics.md section 14)."""
    indicator = link.indicator
    unit = analysis_queries.unit_of(indicator)
    if link.kind == SeriesKind.SII:
        points, trend = _sii_points(partnership, link), ""
    else:
        points, trend = _value_points(partnership, link)
    baseline = next((p for p in points if p[0] == link.baseline_period), None)
    if baseline is None and points:
        baseline = points[0]
    view = IndicatorView(
        link=link,
        name=indicator.name,
        unit=unit,
        kind=link.get_kind_display(),
        points=points,
        baseline=baseline,
        latest=points[-1] if points else None,
        trend=trend if link.kind == SeriesKind.VALUE else "No stored trend for the gap",
    )
    values = [v for _p, v in points]
    view.improvement = indicator_improvement(link, values)
    view.spc = chart.spc_chart(
        labels=[p for p, _v in points],
        values=values,
        improvement=view.improvement,
        target=link.target if view.improvement else None,
        marks=action_marks(link, [p for p, _v in points]),
        number=presenters.number_text,
    )
    try:
        forecast = linear_forecast(values, horizon=FORECAST_PERIODS)
    except StatsInputError:
        view.forecast_note = "A forecast needs at least three periods of data."
    else:
        view.forecast = [
            (f"{step} period{'s' if step > 1 else ''} after {points[-1][0]}", f, lo, hi)
            for step, f, lo, hi in zip(
                range(1, FORECAST_PERIODS + 1),
                forecast.forecast.tolist(),
                forecast.lower.tolist(),
                forecast.upper.tolist(),
                strict=True,
            )
        ]
        view.forecast_picture = chart.forecast_layout(
            labels=[p for p, _v in points],
            values=values,
            forecast_labels=[f"+{step}" for step in range(1, FORECAST_PERIODS + 1)],
            forecast=forecast.forecast.tolist(),
            lower=forecast.lower.tolist(),
            upper=forecast.upper.tolist(),
            number=presenters.number_text,
        )
    return view


def indicator_spc_table(view: IndicatorView) -> Table:
    return spc_rows_table(view.spc, notes=False)


def indicator_forecast_table(view: IndicatorView) -> Table:
    """The series and the straight-line forecast with its 95% prediction interval."""
    table = Table(
        headers=["Period", "Kind", "Value", "Lower 95% prediction limit",
                 "Upper 95% prediction limit"]
    )  # fmt: skip
    for period, value in view.points:
        table.rows.append([period, "Recorded", value, "", ""])
    for period, value, lower, upper in view.forecast:
        table.rows.append(
            [period, "If nothing changes", round(value, 4), round(lower, 4), round(upper, 4)]
        )
    return table


def indicator_views(partnership: Partnership, found: Result) -> list[IndicatorView]:
    return [indicator_view(partnership, link) for link in found.indicators.all()]


# --- SPC -----------------------------------------------------------------------------------


SpcRow, Spc = chart.SpcRow, chart.Spc


def spc(partnership: Partnership, found: Measure) -> Spc:
    """The measure's XmR chart (``chart.spc_chart``): limits per segment (rebased from
    ``rebase_from``), signals and icons, and the linked action's start marked at the first
    period starting on or after it."""
    values = sorted(found.values.all(), key=lambda v: v.period)  # uses the prefetch
    periods = [v.period for v in values]
    marks = []
    action = found.action
    if action is not None and action.partnership_id == partnership.pk and action.start_date:
        later = [i for i, period in enumerate(periods) if period >= action.start_date]
        marks.append(
            chart.ChartMark(
                position=later[0] if later else len(periods),
                label=f"{action.title} started",
                when=f"{action.start_date:%-d %B %Y}",
                when_short=f"{action.start_date:%-d %b %Y}",
            )
        )
    improvement = None if found.improvement == "neutral" else found.improvement
    return chart.spc_chart(
        labels=[presenters.period_text(p) for p in periods],
        values=[v.value for v in values],
        notes=[v.note for v in values],
        value_ids=[v.pk for v in values],
        rebase_at=periods.index(found.rebase_from) if found.rebase_from in periods else None,
        improvement=improvement,
        target=found.target if improvement else None,
        marks=marks,
        number=presenters.number_text,
    )


def _rounded(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


def spc_rows_table(drawn: Spc, *, notes: bool = True) -> Table:
    """An SPC chart's points as a table for the CSV download (limits blank when the series
    is too short to have them)."""
    headers = ["Period", "Value", "Note", "Mean", "Lower process limit", "Upper process limit",
               "Part", "Variation", "Special-cause rules met"]  # fmt: skip
    if not notes:
        headers.remove("Note")
    table = Table(headers=headers)
    for row in drawn.rows:
        cells = [row.period, row.value, row.note, _rounded(row.mean), _rounded(row.lower),
                 _rounded(row.upper), row.segment + 1, presenters.variation_text(row.variation),
                 row.rules]  # fmt: skip
        if not notes:
            del cells[2]
        table.rows.append(cells)
    return table


def spc_table(partnership: Partnership, found: Measure) -> Table:
    return spc_rows_table(spc(partnership, found))


# --- the scorecard -------------------------------------------------------------------------


@dataclass
class MeasureLine:
    measure: Measure
    latest: str
    latest_period: str
    variation: str
    assurance: str


@dataclass
class ScorecardResult:
    result: Result | None
    indicators: list[IndicatorView]
    measures: list[MeasureLine]


def measure_line(partnership: Partnership, found: Measure) -> MeasureLine:
    values = sorted(found.values.all(), key=lambda v: v.period)
    drawn = spc(partnership, found)
    return MeasureLine(
        measure=found,
        latest=presenters.number_text(values[-1].value, found.unit) if values else "No value",
        latest_period=presenters.period_text(values[-1].period) if values else "",
        variation=presenters.variation_text(drawn.latest_variation) or "Too few values",
        assurance=presenters.assurance_text(drawn.assurance) if found.target is not None else "",
    )


def scorecard(partnership: Partnership) -> list[ScorecardResult]:
    """Results → indicators → measures; measures with no result come last (result None)."""
    all_measures = list(measures(partnership))
    cards = [
        ScorecardResult(
            result=found,
            indicators=indicator_views(partnership, found),
            measures=[
                measure_line(partnership, m) for m in all_measures if m.result_id == found.pk
            ],
        )
        for found in results(partnership)
    ]
    loose = [measure_line(partnership, m) for m in all_measures if m.result_id is None]
    if loose:
        cards.append(ScorecardResult(result=None, indicators=[], measures=loose))
    return cards


# --- the final report ----------------------------------------------------------------------


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    found = list(results(partnership))
    found_measures = list(measures(partnership))
    result_rows = [("Population result", "Indicator", "Series", "Area")]
    baseline_rows = [("Indicator", "Baseline", "Latest", "Trend", "If nothing changes")]
    for item in found:
        for view in indicator_views(partnership, item):
            result_rows.append((item.statement, view.name, view.kind, view.link.area_code))
            baseline_rows.append(
                (
                    view.name,
                    f"{presenters.number_text(view.baseline[1], view.unit)} ({view.baseline[0]})"
                    if view.baseline
                    else "No data",
                    f"{presenters.number_text(view.latest[1], view.unit)} ({view.latest[0]})"
                    if view.latest
                    else "No data",
                    view.trend,
                    f"{presenters.number_text(view.forecast[-1][1], view.unit)} "
                    f"({view.forecast[-1][0]})"
                    if view.forecast
                    else view.forecast_note,
                )
            )
        if not item.indicators.all():
            result_rows.append((item.statement, "No indicator chosen yet", "", ""))
    measure_rows = [("Measure", "Category", "For", "Values", "Target")]
    for m in found_measures:
        measure_rows.append(
            (
                m.name,
                Category(m.category).label,
                m.action.title if m.action_id else m.service,
                str(len(m.values.all())),
                presenters.number_text(m.target, m.unit) if m.target is not None else "None",
            )
        )
    counts = {c: sum(1 for m in found_measures if m.category == c) for c in Category.values}
    return [
        SummarySection(
            stage=STAGE_THREE,
            item="population-results",
            title="Population results and their headline indicators",
            paragraphs=(
                f"The partnership has chosen {len(found)} population "
                f"result{'s' if len(found) != 1 else ''} with "
                f"{len(result_rows) - 1} headline indicator row"
                f"{'s' if len(result_rows) != 2 else ''}."
                if found
                else "No population results have been chosen yet.",
            ),
            rows=tuple(result_rows) if found else (),
        ),
        SummarySection(
            stage=STAGE_THREE,
            item="performance-measures",
            title="Performance measures",
            paragraphs=(
                f"{len(found_measures)} performance measure"
                f"{'s' if len(found_measures) != 1 else ''}: "
                f"{counts['how_much']} how much, {counts['how_well']} how well and "
                f"{counts['better_off']} is anyone better off."
                if found_measures
                else "No performance measures have been set yet.",
            ),
            rows=tuple(measure_rows) if found_measures else (),
        ),
        SummarySection(
            stage=STAGE_THREE,
            item="baselines",
            title="Baselines and what happens if nothing changes",
            paragraphs=(
                "Each headline indicator's baseline, latest value, trend and a straight-line "
                "forecast three periods ahead if nothing changes."
                if len(baseline_rows) > 1
                else "No baselines have been recorded yet.",
            ),
            rows=tuple(baseline_rows) if len(baseline_rows) > 1 else (),
        ),
    ]
