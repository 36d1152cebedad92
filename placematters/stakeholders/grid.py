"""The power/interest grid as pure functions: the quadrant rule and the picture's layout.

Nothing here touches the database, so the rule and the layout can be tested over every score.
The picture is drawn on the server as SVG from :func:`grid_picture` (template
``stakeholders/partials/grid_svg.html``): interest runs left to right, power bottom to top,
one square per pair of scores. Several stakeholders with the same scores share a square in a
small fixed arrangement (up to :data:`SLOTS_PER_CELL`, then "+N more"), so markers never
overlap and the same data always draws the same picture.
"""

import math
from dataclasses import dataclass

from placematters.stakeholders.content import load_grid

SCORES = (1, 2, 3, 4, 5)
CELL = 90
RADIUS = 13
SLOT = 30
SLOTS_PER_ROW = 3
SLOTS_PER_CELL = 9
LEFT, TOP, RIGHT, BOTTOM = 80, 40, 20, 80
QUADRANT_KEYS = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")


def is_high(score: int, high_from: int | None = None) -> bool:
    return score >= (load_grid().high_from if high_from is None else high_from)


def quadrant_for(power: int, interest: int, high_from: int | None = None) -> str:
    """The quadrant key for a pair of scores from 1 to 5 (Mendelow's four ways of handling)."""
    if power not in SCORES or interest not in SCORES:
        raise ValueError(f"scores run from 1 to 5, not power {power} and interest {interest}")
    high_power, high_interest = is_high(power, high_from), is_high(interest, high_from)
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


def approach_matches(approach: str, power: int, interest: int) -> bool:
    """Whether the recorded engagement approach is the one the quadrant suggests."""
    return approach == quadrant_for(power, interest)


@dataclass(frozen=True)
class Marker:
    number: int
    name: str
    power: int
    interest: int
    mismatch: bool


@dataclass(frozen=True)
class PlacedMarker:
    number: int
    label: str
    x: float
    y: float
    mismatch: bool

    @property
    def corner(self) -> tuple[float, float]:
        """Top-left of the square drawn for a stakeholder whose approach does not match."""
        return round(self.x - RADIUS + 1, 1), round(self.y - RADIUS + 1, 1)


@dataclass(frozen=True)
class Overflow:
    x: float
    y: float
    text: str
    label: str


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class GridPicture:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_size: int
    areas: tuple[Area, ...]
    lines: tuple[tuple[float, float, float, float], ...]
    ticks: tuple[Tick, ...]
    markers: tuple[PlacedMarker, ...]
    overflows: tuple[Overflow, ...]
    axis_x: tuple[float, float]
    axis_y: tuple[float, float]


def cell_origin(power: int, interest: int) -> tuple[float, float]:
    """Top-left corner of the square for these scores (power 5 at the top)."""
    return LEFT + (interest - 1) * CELL, TOP + (5 - power) * CELL


def slot_offsets(count: int) -> list[tuple[float, float]]:
    """Centres, relative to the square's centre, for ``count`` markers sharing a square."""
    shown = min(count, SLOTS_PER_CELL)
    rows = math.ceil(shown / SLOTS_PER_ROW)
    offsets = []
    for index in range(shown):
        row, column = divmod(index, SLOTS_PER_ROW)
        in_row = min(SLOTS_PER_ROW, shown - row * SLOTS_PER_ROW)
        offsets.append(
            (
                (column - (in_row - 1) / 2) * SLOT,
                (row - (rows - 1) / 2) * SLOT,
            )
        )
    return offsets


def _areas(high_from: int) -> tuple[Area, ...]:
    content = load_grid()
    low_cells = high_from - 1
    size = CELL * 5
    spans = {
        "low": (0, low_cells * CELL),
        "high": (low_cells * CELL, size - low_cells * CELL),
    }
    areas = []
    for key in QUADRANT_KEYS:
        quadrant = content.quadrant(key)
        x_start, x_width = spans[quadrant.interest]
        high_power = quadrant.power == "high"
        # power runs upwards, so high power is the top of the plot
        y_start = 0 if high_power else size - low_cells * CELL
        y_height = size - low_cells * CELL if high_power else low_cells * CELL
        areas.append(
            Area(
                key=key,
                title=quadrant.title,
                x=LEFT + x_start,
                y=TOP + y_start,
                width=x_width,
                height=y_height,
                label_x=LEFT + x_start + x_width / 2,
                label_y=TOP - 12 if high_power else TOP + size + 44,
            )
        )
    return tuple(areas)


def grid_picture(markers: list[Marker], high_from: int | None = None) -> GridPicture:
    """Where everything goes on the grid; markers are placed in the order given."""
    high_from = load_grid().high_from if high_from is None else high_from
    size = CELL * 5
    by_cell: dict[tuple[int, int], list[Marker]] = {}
    for marker in markers:
        by_cell.setdefault((marker.power, marker.interest), []).append(marker)
    placed, overflows = [], []
    for (power, interest), group in sorted(by_cell.items()):
        x0, y0 = cell_origin(power, interest)
        centre_x, centre_y = x0 + CELL / 2, y0 + CELL / 2
        offsets = slot_offsets(len(group))
        visible = group if len(group) <= SLOTS_PER_CELL else group[: SLOTS_PER_CELL - 1]
        for marker, (dx, dy) in zip(visible, offsets, strict=False):
            placed.append(
                PlacedMarker(
                    number=marker.number,
                    label=f"{marker.number}. {marker.name}: power {power}, interest {interest}"
                    + (", approach does not match its quadrant" if marker.mismatch else ""),
                    x=round(centre_x + dx, 1),
                    y=round(centre_y + dy, 1),
                    mismatch=marker.mismatch,
                )
            )
        if len(group) > SLOTS_PER_CELL:
            hidden = group[SLOTS_PER_CELL - 1 :]
            dx, dy = offsets[-1]
            overflows.append(
                Overflow(
                    x=centre_x + dx,
                    y=centre_y + dy,
                    text=f"+{len(hidden)}",
                    label=f"{len(hidden)} more: "
                    + ", ".join(f"{m.number}. {m.name}" for m in hidden),
                )
            )
    ticks = [
        Tick(x=LEFT + (score - 0.5) * CELL, y=TOP + size + 20, text=str(score)) for score in SCORES
    ] + [Tick(x=LEFT - 14, y=TOP + (5.5 - score) * CELL + 5, text=str(score)) for score in SCORES]
    return GridPicture(
        width=LEFT + size + RIGHT,
        height=TOP + size + BOTTOM,
        plot_left=LEFT,
        plot_top=TOP,
        plot_size=size,
        areas=_areas(high_from),
        lines=tuple(
            [(LEFT + CELL * step, TOP, LEFT + CELL * step, TOP + size) for step in range(1, 5)]
            + [(LEFT, TOP + CELL * step, LEFT + size, TOP + CELL * step) for step in range(1, 5)]
        ),
        ticks=tuple(ticks),
        markers=tuple(placed),
        overflows=tuple(overflows),
        axis_x=(LEFT + size / 2, TOP + size + 68),
        axis_y=(24, TOP + size / 2),
    )
