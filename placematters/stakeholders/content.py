"""The reviewed power/interest grid content, loaded once from ``content/grid.yaml``."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT_FILE = Path(__file__).parent / "content" / "grid.yaml"


@dataclass(frozen=True)
class Quadrant:
    key: str
    title: str
    power: str
    interest: str
    summary: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class GridContent:
    version: str
    review_date: str
    next_review: str
    source: str
    high_from: int
    scale: dict[str, str]
    quadrants: tuple[Quadrant, ...]

    def quadrant(self, key: str) -> Quadrant:
        return next(quadrant for quadrant in self.quadrants if quadrant.key == key)


def _parse(raw: dict) -> GridContent:
    return GridContent(
        version=str(raw["version"]),
        review_date=str(raw["review_date"]),
        next_review=str(raw["next_review"]),
        source=words(raw["source"]),
        high_from=int(raw["high_from"]),
        scale={key: words(value) for key, value in raw["scale"].items()},
        quadrants=tuple(
            Quadrant(
                key=quadrant["key"],
                title=quadrant["title"],
                power=quadrant["power"],
                interest=quadrant["interest"],
                summary=words(quadrant["summary"]),
                actions=tuple(words(action) for action in quadrant["actions"]),
            )
            for quadrant in raw["quadrants"]
        ),
    )


@cache
def load_grid() -> GridContent:
    return _parse(read_reviewed(CONTENT_FILE))
