"""The reviewed engagement content: reference lists of communities, the participation ladder
and the community-centred approach families, loaded once from ``content/*.yaml``."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT_DIR = Path(__file__).parent / "content"
GEOGRAPHY = "geography"
OWN = "own"


@dataclass(frozen=True)
class Group:
    key: str
    name: str


@dataclass(frozen=True)
class ReferenceList:
    key: str
    title: str
    source: str
    groups: tuple[Group, ...]

    def group(self, key: str) -> Group | None:
        return next((group for group in self.groups if group.key == key), None)


@dataclass(frozen=True)
class Communities:
    version: str
    review_date: str
    next_review: str
    lists: tuple[ReferenceList, ...]

    def reference_list(self, key: str) -> ReferenceList | None:
        return next((item for item in self.lists if item.key == key), None)


@dataclass(frozen=True)
class Level:
    key: str
    rank: int
    name: str
    description: str


@dataclass(frozen=True)
class Approach:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Participation:
    version: str
    review_date: str
    next_review: str
    sources: dict[str, str]
    levels: tuple[Level, ...]
    approaches: tuple[Approach, ...]

    def level(self, key: str) -> Level | None:
        return next((level for level in self.levels if level.key == key), None)


def _load(name: str) -> dict:
    return read_reviewed(CONTENT_DIR / name)


@cache
def load_communities() -> Communities:
    raw = _load("communities.yaml")
    return Communities(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        lists=tuple(
            ReferenceList(
                key=item["key"],
                title=item["title"],
                source=words(item["source"]),
                groups=tuple(Group(key=g["key"], name=g["name"]) for g in item["groups"]),
            )
            for item in raw["lists"]
        ),
    )


@cache
def load_participation() -> Participation:
    raw = _load("participation.yaml")
    return Participation(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        sources={key: words(value) for key, value in raw["sources"].items()},
        levels=tuple(
            Level(
                key=item["key"],
                rank=int(item["rank"]),
                name=item["name"],
                description=words(item["description"]),
            )
            for item in raw["levels"]
        ),
        approaches=tuple(
            Approach(key=item["key"], name=item["name"], description=words(item["description"]))
            for item in raw["approaches"]
        ),
    )


def level_choices() -> list[tuple[str, str]]:
    return [(level.key, level.name) for level in load_participation().levels]


def approach_choices() -> list[tuple[str, str]]:
    return [(approach.key, approach.name) for approach in load_participation().approaches]


def level_rank(key: str) -> int:
    """1 (informing) to 5 (community-led); 0 for no level."""
    level = load_participation().level(key)
    return level.rank if level else 0


def level_name(key: str) -> str:
    level = load_participation().level(key)
    return level.name if level else ""
