"""The coverage rule: which communities have been reached, and how far up the ladder.

Pure functions over plain values so the rule can be tested on its own. A community counts as
engaged only by what the log records as having happened, never by what is planned; being only
informed is a gap, because nobody has yet been asked what they think (Arnstein's tokenism).
"""

from dataclasses import dataclass
from enum import StrEnum

from placematters.engagement.content import level_name, level_rank


class Reach(StrEnum):
    NOT_ENGAGED = "not_engaged"
    INFORMED_ONLY = "informed_only"
    ENGAGED = "engaged"


GAPS = (Reach.NOT_ENGAGED, Reach.INFORMED_ONLY)


def highest_level(levels: list[str]) -> str:
    """The highest level on the ladder among ``levels``; "" when there are none."""
    known = [level for level in levels if level_rank(level)]
    return max(known, key=level_rank, default="")


def reach_of(levels_reached: list[str]) -> Reach:
    highest = highest_level(levels_reached)
    if not highest:
        return Reach.NOT_ENGAGED
    if level_rank(highest) == 1:
        return Reach.INFORMED_ONLY
    return Reach.ENGAGED


@dataclass(frozen=True)
class CoverageRow:
    community_id: int
    name: str
    is_priority: bool
    engagements: int
    highest: str
    planned: str
    reach: Reach

    @property
    def rank(self) -> int:
        return level_rank(self.highest)

    @property
    def highest_name(self) -> str:
        return level_name(self.highest) or "Not yet engaged"

    @property
    def planned_name(self) -> str:
        return level_name(self.planned) or "Nothing planned"

    @property
    def is_gap(self) -> bool:
        return self.is_priority and self.reach in GAPS


def coverage_row(
    *,
    community_id: int,
    name: str,
    is_priority: bool,
    levels_reached: list[str],
    levels_planned: list[str],
) -> CoverageRow:
    return CoverageRow(
        community_id=community_id,
        name=name,
        is_priority=is_priority,
        engagements=len(levels_reached),
        highest=highest_level(levels_reached),
        planned=highest_level(levels_planned),
        reach=reach_of(levels_reached),
    )


def gaps(rows: list[CoverageRow]) -> list[CoverageRow]:
    """Priority communities not yet engaged, or engaged only by informing."""
    return [row for row in rows if row.is_gap]
