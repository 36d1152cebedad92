"""Reviewed content of the asset register, loaded once from ``content/``: the "what drives
health" model (determinants.yaml) and the segment assessment questions (assessment.yaml)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class Factor:
    key: str
    title: str
    weight: int
    group: str


@dataclass(frozen=True)
class FactorGroup:
    key: str
    title: str
    weight: int
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Determinants:
    version: str
    review_date: str
    next_review: str
    source: str
    source_url: str
    caveat: str
    groups: tuple[FactorGroup, ...]

    @property
    def factors(self) -> tuple[Factor, ...]:
        return tuple(factor for group in self.groups for factor in group.factors)

    def factor(self, key: str) -> Factor | None:
        return next((factor for factor in self.factors if factor.key == key), None)


@dataclass(frozen=True)
class SegmentPrompts:
    segment: str
    checklist_item: str
    title: str
    description: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    version: str
    review_date: str
    next_review: str
    source: str
    segments: tuple[SegmentPrompts, ...]

    def for_segment(self, segment: str) -> SegmentPrompts | None:
        return next((item for item in self.segments if item.segment == segment), None)


def _read(name: str) -> dict:
    return read_reviewed(CONTENT_DIR / name)


@cache
def load_determinants() -> Determinants:
    raw = _read("determinants.yaml")
    groups = tuple(
        FactorGroup(
            key=group["key"],
            title=group["title"],
            weight=int(group["weight"]),
            factors=tuple(
                Factor(
                    key=factor["key"],
                    title=factor["title"],
                    weight=int(factor["weight"]),
                    group=group["key"],
                )
                for factor in group["factors"]
            ),
        )
        for group in raw["groups"]
    )
    return Determinants(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        source=words(raw["source"]),
        source_url=raw["source_url"],
        caveat=words(raw["caveat"]),
        groups=groups,
    )


@cache
def load_assessment() -> Assessment:
    raw = _read("assessment.yaml")
    return Assessment(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        source=words(raw["source"]),
        segments=tuple(
            SegmentPrompts(
                segment=item["segment"],
                checklist_item=item["checklist_item"],
                title=item["title"],
                description=words(item["description"]),
                prompts=tuple(words(prompt) for prompt in item["prompts"]),
            )
            for item in raw["segments"]
        ),
    )


def factor_choices() -> list[tuple[str, str]]:
    return [
        (factor.key, f"{factor.title} ({group.title.lower()})")
        for group in load_determinants().groups
        for factor in group.factors
    ]
