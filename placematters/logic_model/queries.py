"""Reads of the logic model. Each takes the partnership first."""

from dataclasses import dataclass

from django.db.models import QuerySet

from placematters.analysis.presenters import Table
from placematters.indicators.models import Indicator
from placematters.indicators.queries import indicators
from placematters.logic_model import presenters
from placematters.logic_model.chain import BAND, CHAIN, COLUMN_HEADINGS, OUTCOMES, Edge, Node
from placematters.logic_model.checks import Warning, warnings
from placematters.logic_model.layout import LINE_STYLES, Layout, layout
from placematters.logic_model.models import LogicElement, LogicLink
from placematters.partnerships.models import Partnership
from placematters.toolkit.summaries import SummarySection

STAGE_ONE = "mapping-the-system"
STAGE_FOUR = "implementation"


def elements(partnership: Partnership) -> QuerySet[LogicElement]:
    return LogicElement.objects.filter(partnership=partnership).select_related("indicator")


def element(partnership: Partnership, element_id: int) -> LogicElement | None:
    return elements(partnership).filter(pk=element_id).select_related("partnership").first()


def links(partnership: Partnership) -> QuerySet[LogicLink]:
    return LogicLink.objects.filter(partnership=partnership).select_related("source", "target")


def link(partnership: Partnership, link_id: int) -> LogicLink | None:
    return links(partnership).filter(pk=link_id).select_related("partnership").first()


def indicator_choices(partnership: Partnership) -> QuerySet[Indicator]:
    """The indicators the partnership holds (shared and its own), for an element's measure."""
    return indicators(partnership).order_by("name", "id")


def _ordered(found) -> list[LogicElement]:
    order = {kind: n for n, kind in enumerate(CHAIN + BAND)}
    return sorted(found, key=lambda item: (order.get(item.kind, 99), item.pk))


def _measured(item: LogicElement) -> bool:
    return bool(item.indicator_id or item.measure)


@dataclass(frozen=True)
class Column:
    kind: str
    heading: str
    entries: list[dict]


@dataclass(frozen=True)
class Model:
    elements: list[LogicElement]
    links: list[LogicLink]
    layout: Layout
    warnings: list[Warning]
    columns: list[Column]
    legend: dict[str, str]


def model(partnership: Partnership) -> Model:
    """The whole model: elements in chain order, links, the diagram layout, the checks and the
    structured text equivalent (each element with what it leads to and, through the reverse
    relation ``plan_actions`` that the action plan declares, the actions that deliver it)."""
    found = _ordered(elements(partnership).prefetch_related("plan_actions"))
    joined = list(links(partnership).order_by("id"))
    picture = layout(
        [(item.pk, item.kind, item.title) for item in found],
        [(line.pk, line.source_id, line.target_id, line.confidence) for line in joined],
    )
    checks = warnings(
        [
            Node(item.pk, item.kind, item.title, _measured(item), bool(item.plan_actions.all()))
            for item in found
        ],
        [
            Edge(line.pk, line.source_id, line.target_id, bool(line.evidence or line.evidence_url))
            for line in joined
        ],
    )
    flagged = {w.element_id for w in checks if w.element_id}
    columns = []
    for kind in CHAIN + BAND:
        entries = [
            {
                "element": item,
                "kind": presenters.kind_label(item.kind),
                "measure": presenters.measure_words(
                    item.indicator.name if item.indicator_id else "", item.measure
                )
                if item.kind in OUTCOMES or _measured(item)
                else "",
                "leads_to": [line for line in joined if line.source_id == item.pk],
                "flagged": item.pk in flagged,
            }
            for item in found
            if item.kind == kind
        ]
        if entries:
            columns.append(Column(kind, COLUMN_HEADINGS[kind], entries))
    return Model(found, joined, picture, checks, columns, LINE_STYLES)


def model_table(partnership: Partnership) -> Table:
    """Elements and links in one table for the CSV download: a row per element, then a row
    per link."""
    table = Table(
        headers=[
            "Row",
            "Kind",
            "Title",
            "Description",
            "Indicator",
            "Measure",
            "From",
            "To",
            "Confidence",
            "Evidence",
            "Evidence web address",
        ]
    )
    for item in _ordered(elements(partnership)):
        table.rows.append(
            [
                "Element",
                presenters.kind_label(item.kind),
                item.title,
                item.description,
                item.indicator.name if item.indicator_id else "",
                item.measure,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    for line in links(partnership).order_by("id"):
        table.rows.append(
            [
                "Link",
                "",
                "",
                "",
                "",
                "",
                line.source.title,
                line.target.title,
                presenters.confidence_words(line.confidence),
                line.evidence,
                line.evidence_url,
            ]
        )
    return table


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """What the logic model writes into the final report: the drafted model (stage 1,
    'draft-logic-model') and how actions and outcomes link (stage 4, 'link-actions-outcomes')."""
    found = model(partnership)
    paragraph = presenters.model_summary(len(found.elements), len(found.links), len(found.warnings))
    rows = ()
    if found.elements:
        rows = tuple(
            [("Element", "Kind", "Leads to", "Measure")]
            + [
                (
                    entry["element"].title,
                    entry["kind"],
                    "; ".join(line.target.title for line in entry["leads_to"]) or "Nothing yet",
                    entry["measure"],
                )
                for column in found.columns
                for entry in column.entries
            ]
        )
    unlinked = [w.message for w in found.warnings if w.code == "activity_no_outcome"]
    activities = sum(item.kind == "activity" for item in found.elements)
    if not activities:
        linked_words = "The logic model has no activities yet."
    elif unlinked:
        linked_words = (
            f"{len(unlinked)} of {activities} activit{'ies' if activities != 1 else 'y'} in "
            "the logic model lead to no outcome yet."
        )
    else:
        linked_words = "Every activity in the logic model leads to at least one outcome."
    return [
        SummarySection(
            stage=STAGE_ONE,
            item="draft-logic-model",
            title="The theory of change logic model",
            paragraphs=(paragraph,),
            rows=rows,
        ),
        SummarySection(
            stage=STAGE_FOUR,
            item="link-actions-outcomes",
            title="Activities linked to outcomes in the logic model",
            paragraphs=(linked_words,),
        ),
    ]
