"""The comparison of localities: plain figures in, tables and chart geometry out (no database).

Each partnership that opted in is a :class:`LocalityFigures`; the page shows them side by side,
draws one stacked bar of actions by status per partnership (SVG drawn by the template, no
JavaScript, no inline styles) and gives the same counts as a table and a CSV download.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from placematters.analysis.presenters import Table

#: Action statuses in the order the bars stack them (planning's ActionStatus values).
STATUSES: tuple[tuple[str, str], ...] = (
    ("not_started", "Not started"),
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("off_track", "Off track"),
    ("done", "Done"),
)
#: Fills with at least 4.5:1 contrast against the white count drawn on them.
FILLS = {
    "not_started": "#505a5f",
    "on_track": "#1d70b8",
    "at_risk": "#8f4000",
    "off_track": "#b3261e",
    "done": "#00703c",
}


@dataclass(frozen=True)
class StageFigures:
    title: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class MeasureFigures:
    name: str
    latest: str
    latest_period: str
    variation: str


@dataclass(frozen=True)
class LocalityFigures:
    name: str
    slug: str
    stages: tuple[StageFigures, ...]
    priorities: int
    actions_by_status: dict[str, int]
    measures: tuple[MeasureFigures, ...]

    @property
    def actions(self) -> int:
        return sum(self.actions_by_status.values())

    def actions_with(self, status: str) -> int:
        return self.actions_by_status.get(status, 0)

    @property
    def stage_done(self) -> int:
        return sum(stage.done for stage in self.stages)

    @property
    def stage_total(self) -> int:
        return sum(stage.total for stage in self.stages)


def status_counts(statuses: Sequence[str]) -> dict[str, int]:
    """How many actions hold each status, every status present (zero when none holds it)."""
    counts = dict.fromkeys((key for key, _label in STATUSES), 0)
    for status in statuses:
        if status in counts:
            counts[status] += 1
    return counts


def stage_table(localities: Sequence[LocalityFigures]) -> Table:
    """One row per stage, a column per partnership: items done (or not applicable) of all."""
    titles = [stage.title for stage in localities[0].stages] if localities else []
    table = Table(headers=["Stage", *(locality.name for locality in localities)])
    for index, title in enumerate(titles):
        table.rows.append(
            [
                title,
                *(f"{loc.stages[index].done} of {loc.stages[index].total}" for loc in localities),
            ]
        )
    if localities:
        table.rows.append(
            ["All stages", *(f"{loc.stage_done} of {loc.stage_total}" for loc in localities)]
        )
    return table


def actions_table(localities: Sequence[LocalityFigures]) -> Table:
    """The chart's figures: one row per partnership, a column per status, then all actions,
    then the number of priorities."""
    table = Table(
        headers=["Partnership", *(label for _key, label in STATUSES), "All actions", "Priorities"]
    )
    for locality in localities:
        table.rows.append(
            [
                locality.name,
                *(locality.actions_with(key) for key, _label in STATUSES),
                locality.actions,
                locality.priorities,
            ]
        )
    return table


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    fill: str
    count: int
    text_x: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    text_y: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class LegendEntry:
    label: str
    x: int
    fill: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]
    legend: tuple[LegendEntry, ...]
    legend_y: int


def stacked_bars(
    localities: Sequence[LocalityFigures],
    *,
    label_width: int = 470,
    action_width: int = 48,
    bar_height: int = 32,
    gap: int = 16,
) -> Chart:
    """Geometry of one horizontal bar per partnership, a segment per status in STATUSES order.

    Each action is ``action_width`` wide, so a longer plan draws a longer bar; a status no
    action holds draws no segment.
    """
    bars = []
    for index, locality in enumerate(localities):
        y = index * (bar_height + gap) + 8
        x = label_width
        segments = []
        for key, _label in STATUSES:
            count = locality.actions_with(key)
            if not count:
                continue
            width = count * action_width
            segments.append(
                Segment(x=x, width=width, fill=FILLS[key], count=count, text_x=x + width // 2)
            )
            x += width
        bars.append(
            Bar(
                label=locality.name,
                y=y,
                text_y=y + bar_height // 2 + 5,
                segments=tuple(segments),
            )
        )
    longest = max((locality.actions for locality in localities), default=0)
    legend_y = len(localities) * (bar_height + gap) + 16
    spacing = 130
    legend = tuple(
        LegendEntry(label=label, x=index * spacing, fill=FILLS[key])
        for index, (key, label) in enumerate(STATUSES)
    )
    return Chart(
        width=max(label_width + longest * action_width + 10, len(STATUSES) * spacing),
        height=legend_y + 28,
        label_width=label_width,
        bar_height=bar_height,
        bars=tuple(bars),
        legend=legend,
        legend_y=legend_y,
    )
