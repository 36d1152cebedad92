"""The summary report as a plain structure: parts, sub-headings and the tools' sections.

Every tool writes its own ``summary_sections(partnership)``; this module gathers them and lays
them out in the Norfolk leaflet's final-summary order (content/report.yaml). The same structure
is drawn as the web page, the PDF and the Word document, so they always say the same thing.
"""

import datetime
import importlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from placematters.partnerships.models import Partnership
from placematters.reports.charts import bar_chart_svg, column_counts
from placematters.reports.content import HeadingLayout, PartLayout, load_layout
from placematters.toolkit.summaries import SummarySection
from placematters.toolkit.tools import tool_links_for
from placematters.web.wording import count_phrase

#: The modules offering ``summary_sections(partnership)``, in the order they are asked. An app
#: not yet in the code base is left out until it arrives; any other import error is raised.
SOURCE_MODULES: tuple[str, ...] = (
    "placematters.analysis.queries",
    "placematters.stakeholders.queries",
    "placematters.asset_mapping.queries",
    "placematters.engagement.queries",
    "placematters.planning.queries",
    "placematters.logic_model.queries",
    "placematters.heat.queries",
    "placematters.measures.queries",
    "placematters.evaluation.queries",
    "placematters.selfassessment.queries",
)

NOTHING_ENTERED = "Nothing entered yet."

SectionSource = Callable[[Partnership], list[SummarySection]]


def section_sources(modules: Sequence[str] = SOURCE_MODULES) -> list[SectionSource]:
    """Each named module's ``summary_sections``."""
    return [importlib.import_module(path).summary_sections for path in modules]


@dataclass(frozen=True)
class ReportTable:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ReportChart:
    """An SVG chart with the table of the numbers it draws."""

    title: str
    svg: str
    table: ReportTable
    description: str = ""


@dataclass(frozen=True)
class ReportSection:
    title: str
    paragraphs: tuple[str, ...]
    table: ReportTable | None = None


@dataclass(frozen=True)
class ReportLink:
    """A link to the tool that fills an empty heading; ``path`` is site-relative."""

    label: str
    path: str


@dataclass(frozen=True)
class ReportHeading:
    slug: str
    title: str
    sections: tuple[ReportSection, ...] = ()
    links: tuple[ReportLink, ...] = ()
    chart: ReportChart | None = None

    @property
    def is_empty(self) -> bool:
        return not self.sections


@dataclass(frozen=True)
class ReportPart:
    number: int | None
    slug: str
    title: str
    headings: tuple[ReportHeading, ...]

    @property
    def numbered_title(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Report:
    partnership_name: str
    partnership_slug: str
    illustrative: bool
    created_on: datetime.date
    introduction: str
    parts: tuple[ReportPart, ...]
    annex: ReportPart
    content_version: str = ""
    empty_headings: int = field(default=0)

    @property
    def all_parts(self) -> tuple[ReportPart, ...]:
        return (*self.parts, self.annex)

    @property
    def title(self) -> str:
        return f"Summary report: {self.partnership_name}"

    @property
    def completeness(self) -> str:
        """'9 of 13 headings have entries.'"""
        total = sum(len(part.headings) for part in self.all_parts)
        filled = total - self.empty_headings
        verb = "has" if filled == 1 else "have"
        return f"{filled} of {count_phrase(total, 'heading')} {verb} entries."


def _section(summary: SummarySection, heading_title: str) -> ReportSection:
    """The tool's section; its title is left out when it only repeats the heading's."""
    table = None
    if len(summary.rows) > 1:
        table = ReportTable(
            caption=summary.title,
            headers=tuple(summary.rows[0]),
            rows=tuple(tuple(str(cell) for cell in row) for row in summary.rows[1:]),
        )
    title = "" if summary.title.casefold() == heading_title.casefold() else summary.title
    return ReportSection(title=title, paragraphs=tuple(summary.paragraphs), table=table)


def _links(item: str, slug: str) -> tuple[ReportLink, ...]:
    return tuple(
        ReportLink(
            label=link.label,
            path=reverse(link.url_name, args=[slug])
            + (f"#{link.fragment}" if link.fragment else ""),
        )
        for link in tool_links_for(item)
        if not link.url_name.startswith("reports:")  # the report never points at itself
    )


def _chart(layout: HeadingLayout, sections: Sequence[SummarySection]) -> ReportChart | None:
    if layout.chart is None:
        return None
    source = next((s for s in sections if s.item == layout.chart.item and len(s.rows) > 1), None)
    if source is None:
        return None
    bars = column_counts(source.rows[0], source.rows[1:], layout.chart.column)
    if not bars:
        return None
    described = "; ".join(f"{bar.label}: {bar.count}" for bar in bars)
    description = f"{layout.chart.title}. {described}."
    return ReportChart(
        title=layout.chart.title,
        description=description,
        svg=bar_chart_svg(bars, label=description),
        table=ReportTable(
            caption=f"{layout.chart.title} (the chart's figures)",
            headers=(layout.chart.column, layout.chart.count_header),
            rows=tuple((bar.label, str(bar.count)) for bar in bars),
        ),
    )


def _heading(
    layout: HeadingLayout, by_item: dict[str, list[SummarySection]], slug: str
) -> ReportHeading:
    sections = [section for item in layout.items for section in by_item.get(item, [])]
    # A heading counts as entered once any of its sections lists something; the tools' own
    # "none yet" sentences are then replaced by one plain statement and the tool to use.
    if not any(len(section.rows) > 1 for section in sections):
        return ReportHeading(
            slug=layout.slug, title=layout.title, links=_links(layout.empty_item, slug)
        )
    return ReportHeading(
        slug=layout.slug,
        title=layout.title,
        sections=tuple(_section(section, layout.title) for section in sections),
        chart=_chart(layout, sections),
    )


def _part(layout: PartLayout, by_item: dict[str, list[SummarySection]], slug: str) -> ReportPart:
    return ReportPart(
        number=layout.number,
        slug=layout.slug,
        title=layout.title,
        headings=tuple(_heading(heading, by_item, slug) for heading in layout.headings),
    )


def build_report(
    partnership: Partnership,
    *,
    today: datetime.date | None = None,
    sources: Sequence[SectionSource] | None = None,
) -> Report:
    """The partnership's summary report, from what its members have entered in each tool."""
    layout = load_layout()
    by_item: dict[str, list[SummarySection]] = defaultdict(list)
    for summary_sections in section_sources() if sources is None else sources:
        for section in summary_sections(partnership):
            by_item[section.item].append(section)
    parts = tuple(_part(part, by_item, partnership.slug) for part in layout.parts)
    annex = _part(layout.annex, by_item, partnership.slug)
    empty = sum(heading.is_empty for part in (*parts, annex) for heading in part.headings)
    return Report(
        partnership_name=partnership.name,
        partnership_slug=partnership.slug,
        illustrative=partnership.is_illustrative,
        created_on=today or timezone.localdate(),
        introduction=layout.introduction,
        parts=parts,
        annex=annex,
        content_version=layout.version,
        empty_headings=empty,
    )
