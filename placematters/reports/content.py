"""The summary report's layout, read from the reviewed content/report.yaml."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT = Path(__file__).parent / "content" / "report.yaml"


@dataclass(frozen=True)
class ChartLayout:
    """A bar chart counting the values in one column of an item's table ("Actions by status")."""

    item: str
    column: str
    title: str
    count_header: str


@dataclass(frozen=True)
class HeadingLayout:
    """One sub-heading of the leaflet's summary and the checklist items whose sections fill it."""

    slug: str
    title: str
    items: tuple[str, ...]
    empty_item: str
    chart: ChartLayout | None = None


@dataclass(frozen=True)
class PartLayout:
    number: int | None
    slug: str
    title: str
    headings: tuple[HeadingLayout, ...]


@dataclass(frozen=True)
class ReportLayout:
    version: str
    introduction: str
    parts: tuple[PartLayout, ...]
    annex: PartLayout
    #: Items whose sections the report leaves out on purpose, with the reason.
    not_shown: dict[str, str]

    def placed_items(self) -> set[str]:
        """Every item whose sections appear under one of the report's headings."""
        return {
            item
            for part in (*self.parts, self.annex)
            for heading in part.headings
            for item in heading.items
        }

    def item_keys(self) -> list[str]:
        """Every checklist item key the layout names, in report order."""
        keys = []
        for part in (*self.parts, self.annex):
            for heading in part.headings:
                keys += [*heading.items, heading.empty_item]
        return keys + list(self.not_shown)


def _part(raw: dict) -> PartLayout:
    return PartLayout(
        number=raw.get("number"),
        slug=raw["slug"],
        title=raw["title"],
        headings=tuple(
            HeadingLayout(
                slug=heading["slug"],
                title=heading["title"],
                items=tuple(heading["items"]),
                empty_item=heading["empty_item"],
                chart=ChartLayout(**heading["chart"]) if heading.get("chart") else None,
            )
            for heading in raw["headings"]
        ),
    )


@cache
def load_layout(path: Path = CONTENT) -> ReportLayout:
    raw = read_reviewed(path)
    return ReportLayout(
        version=str(raw["version"]),
        introduction=words(raw["introduction"]),
        parts=tuple(_part(part) for part in raw["parts"]),
        annex=_part(raw["annex"]),
        not_shown={key: words(reason) for key, reason in (raw.get("not_shown") or {}).items()},
    )
