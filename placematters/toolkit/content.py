"""The reviewed stage and checklist content, loaded once from ``content/stages.yaml``."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed

CONTENT_FILE = Path(__file__).parent / "content" / "stages.yaml"


@dataclass(frozen=True)
class ItemContent:
    key: str
    title: str
    description: str
    source: str
    cite: str


@dataclass(frozen=True)
class Stage:
    slug: str
    number: int
    title: str
    purpose: str
    outcomes: tuple[str, ...]
    items: tuple[ItemContent, ...]


@dataclass(frozen=True)
class Content:
    version: str
    review_date: str
    next_review: str
    sources: dict[str, str]
    stages: tuple[Stage, ...]

    def stage(self, slug: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.slug == slug), None)


def _parse(raw: dict) -> Content:
    stages = tuple(
        Stage(
            slug=stage["slug"],
            number=stage["number"],
            title=stage["title"],
            purpose=" ".join(stage["purpose"].split()),
            outcomes=tuple(" ".join(outcome.split()) for outcome in stage["outcomes"]),
            items=tuple(
                ItemContent(
                    key=item["key"],
                    title=item["title"],
                    description=" ".join(item["description"].split()),
                    source=item["source"],
                    cite=item["cite"],
                )
                for item in stage["items"]
            ),
        )
        for stage in raw["stages"]
    )
    return Content(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        sources={key: " ".join(value.split()) for key, value in raw["sources"].items()},
        stages=stages,
    )


@cache
def load_content() -> Content:
    return _parse(read_reviewed(CONTENT_FILE))


def stage_choices() -> list[tuple[str, str]]:
    return [(stage.slug, stage.title) for stage in load_content().stages]
