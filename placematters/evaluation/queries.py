"""Reads of the evaluation framework. Each takes the partnership first."""

from dataclasses import dataclass

from django.db.models import QuerySet

from placematters.analysis.presenters import Table
from placematters.evaluation import presenters
from placematters.evaluation.checks import EVALUATED, Element, Entry, Warning, inputs_reaching
from placematters.evaluation.checks import warnings as check_warnings
from placematters.evaluation.models import EvaluationEntry, EvaluationFramework, Status
from placematters.logic_model import queries as logic_queries
from placematters.logic_model.chain import CHAIN
from placematters.logic_model.models import LogicElement
from placematters.measures import presenters as measure_presenters
from placematters.measures import queries as measure_queries
from placematters.measures.models import Measure, ResultIndicator, SeriesKind
from placematters.partnerships import queries as partnership_queries
from placematters.partnerships.models import Membership, Partnership
from placematters.toolkit.summaries import SummarySection

STAGE_THREE = "evaluation-planning"


def outcomes(partnership: Partnership) -> list[LogicElement]:
    """The logic model's outcomes and impact, in chain order (then the order added)."""
    found = logic_queries.elements(partnership).filter(kind__in=EVALUATED)
    return sorted(found, key=lambda item: (CHAIN.index(item.kind), item.pk))


def outcome(partnership: Partnership, outcome_id: int) -> LogicElement | None:
    return (
        logic_queries.elements(partnership)
        .filter(pk=outcome_id, kind__in=EVALUATED)
        .select_related("partnership")
        .first()
    )


def entries(partnership: Partnership) -> QuerySet[EvaluationEntry]:
    return EvaluationEntry.objects.filter(partnership=partnership).select_related(
        "outcome",
        "measure",
        "indicator__indicator",
        "responsible__user",
        "responsible__organisation",
        "partnership",
    )


def entry(partnership: Partnership, outcome_id: int) -> EvaluationEntry | None:
    return entries(partnership).filter(outcome_id=outcome_id).first()


def framework(partnership: Partnership) -> EvaluationFramework | None:
    return (
        EvaluationFramework.objects.filter(partnership=partnership)
        .select_related("agreed_by__user")
        .first()
    )


def measure_choices(partnership: Partnership) -> QuerySet[Measure]:
    return measure_queries.measures(partnership).order_by("name", "id")


def indicator_choices(partnership: Partnership) -> QuerySet[ResultIndicator]:
    """The indicators linked to the partnership's population results."""
    return (
        ResultIndicator.objects.filter(result__partnership=partnership)
        .select_related("indicator", "result")
        .order_by("indicator__name", "kind", "area_code", "id")
    )


def suggested_indicator(partnership: Partnership, found: LogicElement) -> ResultIndicator | None:
    """For an outcome without an entry, the population indicator that tracks the indicator the
    logic model already names for it (the area's value before the gap), if there is one."""
    if not found.indicator_id:
        return None
    return (
        indicator_choices(partnership)
        .filter(indicator_id=found.indicator_id)
        .order_by("-kind", "area_code", "id")
        .first()
    )


def member_choices(partnership: Partnership) -> QuerySet[Membership]:
    return partnership_queries.members(partnership)


def indicator_text(link: ResultIndicator) -> str:
    return presenters.indicator_label(
        link.indicator.name, link.area_code, link.kind == SeriesKind.SII
    )


def member_text(membership: Membership) -> str:
    """The member as offered and shown: 'Olive Owner, North Norfolk District Council'."""
    name = membership.user.display_name
    return f"{name}, {membership.organisation.name}" if membership.organisation_id else name


def baseline_suggestion(
    partnership: Partnership, measure: Measure | None, indicator: ResultIndicator | None
) -> str:
    """A baseline to offer when none is written: the indicator's baseline (its chosen period,
    else its first) or else the measure's first value, with the period it is for."""
    if indicator is not None and indicator.result.partnership_id == partnership.pk:
        view = measure_queries.indicator_view(partnership, indicator)
        if view.baseline is not None:
            period, value = view.baseline
            return f"{measure_presenters.number_text(value, view.unit)} ({period})"
    if measure is not None and measure.partnership_id == partnership.pk:
        first = measure.values.order_by("period").first()
        if first is not None:
            return (
                f"{measure_presenters.number_text(first.value, measure.unit)} "
                f"({measure_presenters.period_text(first.period)})"
            )
    return ""


@dataclass(frozen=True)
class Row:
    outcome: LogicElement
    kind: str
    entry: EvaluationEntry | None
    measured_by: str
    responsible: str
    inputs: list[str]
    resources: str


@dataclass(frozen=True)
class Overview:
    rows: list[Row]
    warnings: list[Warning]
    framework: EvaluationFramework | None
    covered: int

    @property
    def agreed(self) -> bool:
        return self.framework is not None and self.framework.status == Status.AGREED


def _check_entry(found: EvaluationEntry) -> Entry:
    return Entry(
        outcome_id=found.outcome_id,
        measured=bool(found.measure_id or found.indicator_id),
        tracks_gap=bool(found.indicator_id and found.indicator.kind == SeriesKind.SII),
        has_target=bool(found.target),
        has_responsible=bool(found.responsible_id),
        has_soft_outcomes=bool(found.soft_outcomes),
        has_breakdown=bool(found.breakdown_groups),
        resources=found.resources,
    )


def overview(partnership: Partnership) -> Overview:
    """Every outcome in chain order with its entry, the inputs that reach it through the
    logic model, the checks and the framework record."""
    model = list(logic_queries.elements(partnership))
    elements = [Element(item.pk, item.kind, item.title) for item in model]
    titles = {item.pk: item.title for item in model}
    links = [(line.source_id, line.target_id) for line in logic_queries.links(partnership)]
    found = {item.outcome_id: item for item in entries(partnership)}
    rows = []
    for item in outcomes(partnership):
        current = found.get(item.pk)
        inputs = [titles[pk] for pk in inputs_reaching(item.pk, elements, links)]
        rows.append(
            Row(
                outcome=item,
                kind=presenters.kind_label(item.kind),
                entry=current,
                measured_by=presenters.measured_by(
                    current.measure.name if current and current.measure_id else "",
                    indicator_text(current.indicator) if current and current.indicator_id else "",
                ),
                responsible=member_text(current.responsible)
                if current and current.responsible_id
                else "",
                inputs=inputs,
                resources=presenters.resources_words(
                    current.resources if current else "unchecked", inputs
                ),
            )
        )
    return Overview(
        rows=rows,
        warnings=check_warnings(elements, links, [_check_entry(item) for item in found.values()]),
        framework=framework(partnership),
        covered=sum(row.entry is not None for row in rows),
    )


def framework_table(partnership: Partnership) -> Table:
    """The framework for the CSV download: a row per outcome, with its entry."""
    table = Table(
        headers=["Outcome", "Kind", "Performance measure", "Population indicator",
                 "Data source", "Baseline", "Target", "Frequency", "Responsible member",
                 "Evaluation questions", "Soft outcomes", "Broken down by",
                 "Inputs that lead to it", "Resources", "Resources note"]
    )  # fmt: skip
    for row in overview(partnership).rows:
        found = row.entry
        table.rows.append(
            [
                row.outcome.title,
                row.kind,
                found.measure.name if found and found.measure_id else "",
                indicator_text(found.indicator) if found and found.indicator_id else "",
                found.data_source if found else "",
                found.baseline if found else "",
                found.target if found else "",
                found.get_frequency_display() if found and found.frequency else "",
                row.responsible,
                found.questions if found else "",
                found.soft_outcomes if found else "",
                found.breakdown_groups if found else "",
                "; ".join(row.inputs),
                found.get_resources_display() if found else "No entry",
                found.resources_note if found else "",
            ]
        )
    return table


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """What the framework writes into the final report's "Agreed evaluation framework": the
    framework itself ('evaluation-framework'), the resources check ('check-resources'), soft
    outcomes ('soft-outcomes') and who reports each outcome by group
    ('accountability-for-equity')."""
    found = overview(partnership)
    record = found.framework
    status = presenters.status_sentence(
        found.agreed,
        f"{record.agreed_on:%-d %B %Y}" if found.agreed and record.agreed_on else "",
        record.agreed_by.user.display_name if found.agreed and record.agreed_by_id else "",
    )
    paragraphs = [status, presenters.coverage_sentence(found.covered, len(found.rows))]
    if record is not None and record.design:
        paragraphs.append(f"Evaluation design: {record.get_design_display().lower()}.")
    if record is not None and (record.review_when or record.review_by):
        paragraphs.append(
            "Results are reviewed "
            + " ".join(
                part
                for part in (
                    record.review_when,
                    f"by {record.review_by}" if record.review_by else "",
                )
                if part
            )
            + "."
        )
    if record is not None and record.sharing:
        paragraphs.append(f"Findings are shared: {record.sharing}")
    rows: tuple = ()
    if found.rows:
        rows = tuple(
            [("Outcome", "Measured by", "Target", "Responsible", "Resources")]
            + [
                (
                    row.outcome.title,
                    row.measured_by if row.entry else "No evaluation entry yet",
                    row.entry.target if row.entry else "",
                    row.responsible or "Nobody named",
                    row.resources,
                )
                for row in found.rows
            ]
        )
    counts: dict[str, int] = {}
    for row in found.rows:
        if row.entry is not None:
            counts[row.entry.resources] = counts.get(row.entry.resources, 0) + 1
    no_inputs = sum(not row.inputs for row in found.rows)
    entered = [row for row in found.rows if row.entry is not None]
    soft = [row for row in entered if row.entry.soft_outcomes]
    gaps = [row for row in entered if _check_entry(row.entry).tracks_gap]
    broken_down = [row for row in entered if row.entry.breakdown_groups]
    return [
        SummarySection(
            stage=STAGE_THREE,
            item="evaluation-framework",
            title="How each outcome will be evaluated",
            paragraphs=tuple(paragraphs),
            rows=rows,
        ),
        SummarySection(
            stage=STAGE_THREE,
            item="check-resources",
            title="Outcomes checked against the resources available",
            paragraphs=(presenters.resources_sentence(counts, no_inputs),),
        ),
        SummarySection(
            stage=STAGE_THREE,
            item="soft-outcomes",
            title="Soft outcomes",
            paragraphs=(presenters.soft_outcomes_sentence(len(soft), len(entered)),),
            rows=tuple(
                [("Outcome", "Soft outcomes")]
                + [(row.outcome.title, row.entry.soft_outcomes) for row in soft]
            )
            if soft
            else (),
        ),
        SummarySection(
            stage=STAGE_THREE,
            item="accountability-for-equity",
            title="Accountability for equity in each outcome",
            paragraphs=(presenters.equity_sentence(len(gaps), len(broken_down), len(entered)),),
            rows=tuple(
                [("Outcome", "Responsible", "Broken down by", "Tracks the gap by deprivation")]
                + [
                    (
                        row.outcome.title,
                        row.responsible or "Nobody named",
                        row.entry.breakdown_groups or "No groups named",
                        "Yes" if row in gaps else "No",
                    )
                    for row in entered
                ]
            )
            if entered
            else (),
        ),
    ]
