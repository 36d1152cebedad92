"""The summary report and the action plan as plain JSON, for dated snapshots (pure: no database).

A snapshot keeps what the report said and what the plan committed to on the day it was taken,
so both are written out field by field here and read back into the same structures; a round
trip gives an equal :class:`~placematters.reports.builder.Report`.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from placematters.reports.builder import (
    Report,
    ReportChart,
    ReportHeading,
    ReportLink,
    ReportPart,
    ReportSection,
    ReportTable,
)
from placematters.reports.charts import Bar, bar_chart_svg

#: The shape of the JSON written below; a reader can refuse a shape it does not know.
FORMAT = 1


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _table_to_dict(table: ReportTable | None) -> dict | None:
    if table is None:
        return None
    return {
        "caption": table.caption,
        "headers": list(table.headers),
        "rows": [list(row) for row in table.rows],
    }


def _table_from_dict(raw: dict | None) -> ReportTable | None:
    if raw is None:
        return None
    return ReportTable(
        caption=raw["caption"],
        headers=tuple(raw["headers"]),
        rows=tuple(tuple(row) for row in raw["rows"]),
    )


def _heading_to_dict(heading: ReportHeading) -> dict:
    chart = heading.chart
    return {
        "slug": heading.slug,
        "title": heading.title,
        "sections": [
            {
                "title": section.title,
                "paragraphs": list(section.paragraphs),
                "table": _table_to_dict(section.table),
            }
            for section in heading.sections
        ],
        "links": [{"label": link.label, "path": link.path} for link in heading.links],
        # The chart's SVG is not kept: it is drawn again from its figures when read, so markup
        # from a stored (or imported) snapshot never reaches a page unescaped.
        "chart": None
        if chart is None
        else {
            "title": chart.title,
            "table": _table_to_dict(chart.table),
            "description": chart.description,
        },
    }


def _count(value: str) -> int:
    return int(value) if str(value).isdigit() else 0


def _chart_from_dict(raw: dict) -> ReportChart:
    """The chart drawn again from its figures, as the builder draws it."""
    table = _table_from_dict(raw["table"])
    description = raw.get("description", "")
    bars = [Bar(label=str(label), count=_count(count)) for label, count in table.rows]
    return ReportChart(
        title=raw["title"],
        svg=bar_chart_svg(bars, label=description),
        table=table,
        description=description,
    )


def _heading_from_dict(raw: dict) -> ReportHeading:
    chart = raw.get("chart")
    return ReportHeading(
        slug=raw["slug"],
        title=raw["title"],
        sections=tuple(
            ReportSection(
                title=section["title"],
                paragraphs=tuple(section["paragraphs"]),
                table=_table_from_dict(section.get("table")),
            )
            for section in raw["sections"]
        ),
        links=tuple(ReportLink(label=link["label"], path=link["path"]) for link in raw["links"]),
        chart=None if chart is None else _chart_from_dict(chart),
    )


def _part_to_dict(part: ReportPart) -> dict:
    return {
        "number": part.number,
        "slug": part.slug,
        "title": part.title,
        "headings": [_heading_to_dict(heading) for heading in part.headings],
    }


def _part_from_dict(raw: dict) -> ReportPart:
    return ReportPart(
        number=raw["number"],
        slug=raw["slug"],
        title=raw["title"],
        headings=tuple(_heading_from_dict(heading) for heading in raw["headings"]),
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready dicts, lists, strings and numbers."""
    return {
        "format": FORMAT,
        "partnership_name": report.partnership_name,
        "partnership_slug": report.partnership_slug,
        "illustrative": report.illustrative,
        "created_on": report.created_on.isoformat(),
        "introduction": report.introduction,
        "parts": [_part_to_dict(part) for part in report.parts],
        "annex": _part_to_dict(report.annex),
        "content_version": report.content_version,
        "empty_headings": report.empty_headings,
    }


def report_from_dict(raw: dict[str, Any]) -> Report:
    """The report written by :func:`report_to_dict`, as the builder's structure again."""
    if raw.get("format") != FORMAT:
        raise ValueError(f"Unknown snapshot format {raw.get('format')!r}")
    return Report(
        partnership_name=raw["partnership_name"],
        partnership_slug=raw["partnership_slug"],
        illustrative=raw["illustrative"],
        created_on=datetime.date.fromisoformat(raw["created_on"]),
        introduction=raw["introduction"],
        parts=tuple(_part_from_dict(part) for part in raw["parts"]),
        annex=_part_from_dict(raw["annex"]),
        content_version=raw["content_version"],
        empty_headings=raw["empty_headings"],
    )


@dataclass(frozen=True)
class FrozenMilestone:
    title: str
    due_date: datetime.date
    done: bool


@dataclass(frozen=True)
class FrozenAction:
    """One action of the plan as it stood: what, why, who by, when by and how it was going.

    ``status`` is the planning app's status key ("on_track"); ``status_label`` and
    ``intensity_label`` are its words on the day, kept so the snapshot reads as it did then.
    """

    id: int
    title: str
    why: str
    owner: str
    organisation: str
    start_date: datetime.date | None
    due_date: datetime.date
    status: str
    status_label: str
    intensity: str
    intensity_label: str
    milestones: tuple[FrozenMilestone, ...] = ()

    @property
    def milestones_done(self) -> int:
        return sum(milestone.done for milestone in self.milestones)


def action_to_dict(action: FrozenAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "why": action.why,
        "owner": action.owner,
        "organisation": action.organisation,
        "start_date": _iso(action.start_date),
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "status_label": action.status_label,
        "intensity": action.intensity,
        "intensity_label": action.intensity_label,
        "milestones": [
            {"title": m.title, "due_date": m.due_date.isoformat(), "done": m.done}
            for m in action.milestones
        ],
    }


def action_from_dict(raw: dict[str, Any]) -> FrozenAction:
    return FrozenAction(
        id=raw["id"],
        title=raw["title"],
        why=raw["why"],
        owner=raw["owner"],
        organisation=raw["organisation"],
        start_date=_date(raw["start_date"]),
        due_date=datetime.date.fromisoformat(raw["due_date"]),
        status=raw["status"],
        status_label=raw["status_label"],
        intensity=raw["intensity"],
        intensity_label=raw["intensity_label"],
        milestones=tuple(
            FrozenMilestone(
                title=item["title"],
                due_date=datetime.date.fromisoformat(item["due_date"]),
                done=item["done"],
            )
            for item in raw["milestones"]
        ),
    )


def plan_to_list(actions: list[FrozenAction]) -> list[dict[str, Any]]:
    return [action_to_dict(action) for action in actions]


def plan_from_list(raw: list[dict[str, Any]]) -> list[FrozenAction]:
    return [action_from_dict(item) for item in raw]
