"""The logic model diagram's layout (pure, no Django).

Chain elements stand in seven columns, left to right from inputs to impact, stacked in the
order given; assumptions and external factors fill a band underneath, in rows on the same
grid. Titles are wrapped to the box width. A link is a curve from the right edge of its source
to the left edge of its target (from the top of a band element to the bottom of the element it
bears on); when a box has several links their ends are spread along its edge so each curve can
be told apart. Line style, not colour, shows confidence (see LINE_STYLES and the legend).
"""

import textwrap
from dataclasses import dataclass

from placematters.logic_model.chain import BAND, CHAIN, COLUMN_HEADINGS, LABELS

BOX_WIDTH = 140
GAP = 44
MARGIN = 10
TOP = 56
LINE = 15
PAD = 8
STACK_GAP = 16
WRAP = 19
MAX_LINES = 4
BAND_GAP = 56
LEGEND_ROW = 22
LINE_STYLES = {
    "high": "Solid line: high confidence",
    "medium": "Long dashes: medium confidence",
    "low": "Dots: low confidence",
    "untested": "Dash and dot: assumption untested",
}


@dataclass(frozen=True)
class Box:
    id: int
    kind: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    label: str = ""

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def text_x(self) -> float:
        return self.x + PAD

    @property
    def text_rows(self) -> list[tuple[float, str, bool]]:
        """(baseline y, text, is the kind label) for each line inside the box."""
        rows = [(self.label, True)] if self.label else []
        rows += [(line, False) for line in self.lines]
        return [
            (self.y + PAD + LINE * (i + 1) - 3, text, flag) for i, (text, flag) in enumerate(rows)
        ]


@dataclass(frozen=True)
class Heading:
    x: float
    lines: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class Arrow:
    id: int
    path: str
    confidence: str


@dataclass(frozen=True)
class LegendItem:
    y: float
    confidence: str
    text: str


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    headings: tuple[Heading, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    band_y: float | None
    legend_y: float
    legend: tuple[LegendItem, ...]


def wrap(title: str, width: int = WRAP, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """The title in lines of at most ``width`` characters; an overlong title ends in '…'."""
    lines = textwrap.wrap(" ".join(title.split()), width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return tuple(lines)


def _height(lines: int) -> float:
    return PAD * 2 + LINE * lines


def column_x(index: int) -> float:
    return MARGIN + index * (BOX_WIDTH + GAP)


def _spread(start: float, length: float, index: int, count: int) -> float:
    return round(start + length * (index + 1) / (count + 1), 1)


def layout(nodes: list[tuple[int, str, str]], edges: list[tuple[int, int, int, str]]) -> Layout:
    """Lay out nodes ``(id, kind, title)`` and edges ``(id, source, target, confidence)``."""
    width = column_x(len(CHAIN)) - GAP + MARGIN
    headings = tuple(
        Heading(
            column_x(i),
            tuple(
                (18 + LINE * n, line) for n, line in enumerate(wrap(COLUMN_HEADINGS[kind], WRAP, 2))
            ),
        )
        for i, kind in enumerate(CHAIN)
    )
    boxes: dict[int, Box] = {}
    bottom = TOP
    for i, kind in enumerate(CHAIN):
        y = TOP
        for node_id, node_kind, title in nodes:
            if node_kind != kind:
                continue
            lines = wrap(title)
            box = Box(node_id, kind, column_x(i), y, BOX_WIDTH, _height(len(lines)), lines)
            boxes[node_id] = box
            y = box.bottom + STACK_GAP
            bottom = max(bottom, box.bottom)
    band = [node for kind in BAND for node in nodes if node[1] == kind]
    band_y = None
    if band:
        band_y = bottom + BAND_GAP
        row_y, row_height = band_y + 28, 0.0
        for n, (node_id, kind, title) in enumerate(band):
            slot = n % len(CHAIN)
            if n and slot == 0:
                row_y += row_height + STACK_GAP
                row_height = 0.0
            lines = wrap(title)
            box = Box(
                node_id,
                kind,
                column_x(slot),
                row_y,
                BOX_WIDTH,
                _height(len(lines) + 1),
                lines,
                label=LABELS[kind] + ":",
            )
            boxes[node_id] = box
            row_height = max(row_height, box.height)
        bottom = row_y + row_height

    usable = [edge for edge in edges if edge[1] in boxes and edge[2] in boxes]
    leaving: dict[int, list[int]] = {}
    arriving: dict[int, list[int]] = {}
    for edge_id, source, target, _confidence in usable:
        leaving.setdefault(source, []).append(edge_id)
        arriving.setdefault(target, []).append(edge_id)
    arrows = []
    for edge_id, source, target, confidence in usable:
        a, b = boxes[source], boxes[target]
        out_i, out_n = leaving[source].index(edge_id), len(leaving[source])
        in_i, in_n = arriving[target].index(edge_id), len(arriving[target])
        if a.kind in BAND:
            x1, y1 = _spread(a.x, a.width, out_i, out_n), a.y
            x2, y2 = _spread(b.x, b.width, in_i, in_n), b.bottom
            bend = max(30.0, (y1 - y2) / 2)
            path = f"M{x1},{y1} C{x1},{y1 - bend} {x2},{y2 + bend} {x2},{y2}"
        else:
            x1, y1 = a.right, _spread(a.y, a.height, out_i, out_n)
            x2, y2 = b.x, _spread(b.y, b.height, in_i, in_n)
            bend = max(20.0, (x2 - x1) / 2)
            path = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
        arrows.append(Arrow(edge_id, path, confidence))

    legend_y = bottom + 36
    legend = tuple(
        LegendItem(legend_y + 22 + n * LEGEND_ROW, key, text)
        for n, (key, text) in enumerate(LINE_STYLES.items())
    )
    height = legend_y + 22 + len(LINE_STYLES) * LEGEND_ROW + 10
    return Layout(
        width=width,
        height=height,
        headings=headings,
        boxes=tuple(boxes[node[0]] for node in nodes if node[0] in boxes),
        arrows=tuple(arrows),
        band_y=band_y,
        legend_y=legend_y,
        legend=legend,
    )
