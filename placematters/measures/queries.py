"""Reads of the OBA results, indicators, measures and their SPC charts. Each takes the
partnership first."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from placematters.analysis import queries as analysis_queries
from placematters.analysis.models import InequalitySummary
from placematters.analysis.presenters import Table
from placematters.indicators import queries as indicator_queries
from placematters.indicators.models import Indicator
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
from placematters.stats import StatsInputError, linear_forecast, xmr
from placematters.toolkit.summaries import SummarySection

STAGE_THREE = "evaluation-planning"
FORECAST_PERIODS = 3


def results(partnership: Partnership) -> QuerySet[Result]:
    return Result.objects.filter(partnership=partnership).prefetch_related(
        "indicators__indicator", "measures"
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

    @property
    def change(self) -> str:
        if self.baseline is None or self.latest is None:
            return ""
        return presenters.change_text(self.baseline[1], self.latest[1], self.unit)


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
    stored trend and a straight-line forecast "if nothing changes" for three periods."""
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
    try:
        forecast = linear_forecast([v for _p, v in points], horizon=FORECAST_PERIODS)
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
    return view


def indicator_views(partnership: Partnership, found: Result) -> list[IndicatorView]:
    return [indicator_view(partnership, link) for link in found.indicators.all()]


# --- SPC -----------------------------------------------------------------------------------


@dataclass
class SpcRow:
    period: str
    value: float
    note: str
    mean: float
    lower: float
    upper: float
    variation: str
    rules: str
    segment: int
    value_id: int | None = None


@dataclass
class Spc:
    rows: list[SpcRow]
    layout: chart.Layout | None
    latest_variation: str | None
    assurance: str | None
    marks: list[tuple[str, str]]
    note: str = ""


def spc(partnership: Partnership, found: Measure) -> Spc:
    """The measure's XmR chart: limits per segment (rebased from ``rebase_from``), signals
    and icons from ``stats.xmr``, and the start dates of the linked action as marks."""
    values = sorted(found.values.all(), key=lambda v: v.period)  # uses the prefetch
    marks = []
    action = found.action
    if action is not None and action.partnership_id == partnership.pk and action.start_date:
        marks.append((action.start_date, f"{action.title} started"))
    if len(values) < 2:
        return Spc([], None, None, None, [], note="The chart needs at least two values.")
    periods = [v.period for v in values]
    rebase = [periods.index(found.rebase_from)] if found.rebase_from in periods else None
    improvement = None if found.improvement == "neutral" else found.improvement
    try:
        result = xmr(
            [v.value for v in values],
            rebase_at=rebase,
            improvement=improvement,
            target=found.target if improvement else None,
        )
    except StatsInputError as error:
        return Spc([], None, None, None, [], note=f"The chart cannot be drawn ({error.rule}).")
    rows = [
        SpcRow(
            period=presenters.period_text(v.period),
            value=v.value,
            note=v.note,
            mean=float(result.mean[i]),
            lower=float(result.lower_limit[i]),
            upper=float(result.upper_limit[i]),
            variation=str(result.variation[i]),
            rules=presenters.rules_text(
                beyond_limits=bool(result.beyond_limits[i]),
                run=bool(result.run[i]),
                trend=bool(result.trend[i]),
                two_of_three=bool(result.two_of_three[i]),
            ),
            segment=int(result.segment[i]),
            value_id=v.pk,
        )
        for i, v in enumerate(values)
    ]
    positions = []
    for day, label in marks:
        later = [i for i, p in enumerate(periods) if p >= day]
        if later:
            positions.append((later[0], f"{label} ({day:%-d %b %Y})"))
    layout = chart.layout(
        labels=[r.period for r in rows],
        values=[r.value for r in rows],
        mean=[r.mean for r in rows],
        upper=[r.upper for r in rows],
        lower=[r.lower for r in rows],
        segment=[r.segment for r in rows],
        shapes=[presenters.SHAPES.get(r.variation, "circle") for r in rows],
        target=found.target,
        marks=positions,
        number=presenters.number_text,
    )
    return Spc(
        rows=rows,
        layout=layout,
        latest_variation=result.latest_variation[0],
        assurance=result.assurance[0],
        marks=[(f"{day:%-d %B %Y}", label) for day, label in marks],
    )


def spc_table(partnership: Partnership, found: Measure) -> Table:
    drawn = spc(partnership, found)
    table = Table(
        headers=["Period", "Value", "Note", "Mean", "Lower process limit",
                 "Upper process limit", "Part", "Variation", "Special-cause rules met"]
    )  # fmt: skip
    for row in drawn.rows:
        table.rows.append(
            [row.period, row.value, row.note, round(row.mean, 4), round(row.lower, 4),
             round(row.upper, 4), row.segment + 1, presenters.variation_text(row.variation),
             row.rules]
        )  # fmt: skip
    return table


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
