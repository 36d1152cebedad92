"""The reviewed twelve steps of local action on health inequalities (``content/ihe_steps.yaml``)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT_FILE = Path(__file__).parent / "content" / "ihe_steps.yaml"


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    summary: str
    part: str


@dataclass(frozen=True)
class Steps:
    version: str
    review_date: str
    next_review: str
    source: str
    parts: tuple[tuple[str, tuple[Step, ...]], ...]

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for _title, steps in self.parts for step in steps)

    def step(self, number: int | None) -> Step | None:
        return next((step for step in self.steps if step.number == number), None)


@cache
def load_steps() -> Steps:
    raw = read_reviewed(CONTENT_FILE)
    return Steps(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        source=words(raw["source"]),
        parts=tuple(
            (
                part["title"],
                tuple(
                    Step(
                        number=int(step["number"]),
                        title=step["title"],
                        summary=words(step["summary"]),
                        part=part["title"],
                    )
                    for step in part["steps"]
                ),
            )
            for part in raw["parts"]
        ),
    )


def step_choices() -> list[tuple[int, str]]:
    return [(step.number, f"{step.number}. {step.title}") for step in load_steps().steps]
