"""The reviewed HEAT steps, questions and reference groups (``content/heat.yaml``)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT_FILE = Path(__file__).parent / "content" / "heat.yaml"


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    title: str
    summary: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    family: str


@dataclass(frozen=True)
class Family:
    key: str
    title: str
    source: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Heat:
    version: str
    review_date: str
    next_review: str
    source: str
    steps: tuple[Step, ...]
    dimensions: tuple[tuple[str, str], ...]
    families: tuple[Family, ...]

    def step(self, key: str) -> Step | None:
        return next((step for step in self.steps if step.key == key), None)

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(group for family in self.families for group in family.groups)


@cache
def load_heat() -> Heat:
    raw = read_reviewed(CONTENT_FILE)
    return Heat(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        source=words(raw["source"]),
        steps=tuple(
            Step(
                key=step["key"],
                number=int(step["number"]),
                title=step["title"],
                summary=words(step["summary"]),
                questions=tuple(words(q) for q in step["questions"]),
            )
            for step in raw["steps"]
        ),
        dimensions=tuple((d["key"], d["title"]) for d in raw["dimensions"]),
        families=tuple(
            Family(
                key=family["key"],
                title=family["title"],
                source=words(family["source"]),
                groups=tuple(
                    Group(key=g["key"], title=g["title"], family=family["key"])
                    for g in family["groups"]
                ),
            )
            for family in raw["families"]
        ),
    )
