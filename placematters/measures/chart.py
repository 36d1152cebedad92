"""The pure layout of an SPC (XmR) chart drawn as server-side SVG.

Takes plain lists (one entry per value, in time order) and returns coordinates; the template
draws them. Points are marked by shape as well as colour (``presenters.SHAPES``); lines for
the mean and process limits are drawn per segment, so a rebased chart shows both segments.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 56


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    shape: str
    path: str
    label: str


@dataclass(frozen=True)
class Line:
    x1: float
    x2: float
    y1: float
    y2: float
    css: str


@dataclass(frozen=True)
class Mark:
    x: float
    label: str


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    points: tuple[Point, ...]
    lines: tuple[Line, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    marks: tuple[Mark, ...]
    series_path: str
    plot_top: float
    plot_bottom: float


def _marker(shape: str, x: float, y: float, size: float = 5) -> str:
    if shape == "square":
        return f"M{x - size:.1f},{y - size:.1f}h{2 * size:.1f}v{2 * size:.1f}h{-2 * size:.1f}Z"
    if shape == "triangle":
        top, side = y - size - 1, size + 1
        return f"M{x:.1f},{top:.1f}L{x + side:.1f},{y + size:.1f}L{x - side:.1f},{y + size:.1f}Z"
    if shape == "diamond":
        r = size + 1
        return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z"
    return f"M{x - 4:.1f},{y:.1f}a4,4 0 1,0 8,0a4,4 0 1,0 -8,0Z"  # a circle as a path


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    while magnitude > raw:
        magnitude /= 10
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = (low // step) * step
    ticks, tick = [], first
    while tick <= high + step / 2:
        if tick >= low - step / 2:
            ticks.append(round(tick, 10))
        tick += step
    return ticks


def layout(
    *,
    labels: list[str],
    values: list[float | None],
    mean: list[float],
    upper: list[float],
    lower: list[float],
    segment: list[int],
    shapes: list[str],
    target: float | None = None,
    marks: list[tuple[int, str]] = (),
    number=str,
) -> Layout:
    """Coordinates for a chart of ``values`` with per-point ``mean`` and process limits.

    ``marks`` are (position, label) pairs drawn as dashed verticals (the linked actions'
    starts); ``number`` formats the y-axis ticks.
    """
    n = len(values)
    seen = [v for v in values if v is not None]
    everything = seen + list(upper) + list(lower) + ([target] if target is not None else [])
    low, high = min(everything), max(everything)
    pad = (high - low) * 0.05 or 1.0
    ticks = _nice_ticks(low - pad, high + pad)
    low, high = min(ticks[0], low - pad), max(ticks[-1], high + pad)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(i: float) -> float:
        return LEFT + (plot_w * (i + 0.5) / n if n else 0)

    def y_of(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    points = tuple(
        Point(
            x=round(x_of(i), 1),
            y=round(y_of(v), 1),
            shape=shapes[i],
            path=_marker(shapes[i], x_of(i), y_of(v)),
            label=labels[i],
        )
        for i, v in enumerate(values)
        if v is not None
    )
    series_path = "M" + "L".join(f"{p.x},{p.y}" for p in points) if points else ""
    lines: list[Line] = []
    starts = [i for i in range(n) if i == 0 or segment[i] != segment[i - 1]]
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else n - 1
        x1, x2 = x_of(start) - plot_w / n / 2, x_of(end) + plot_w / n / 2
        for values_of, css in ((mean, "mean"), (upper, "limit"), (lower, "limit")):
            y = round(y_of(values_of[start]), 1)
            lines.append(Line(round(x1, 1), round(x2, 1), y, y, css))
    if target is not None:
        y = round(y_of(target), 1)
        lines.append(Line(LEFT, WIDTH - RIGHT, y, y, "target"))
    step = max(1, n // 8)
    x_ticks = tuple((round(x_of(i), 1), labels[i]) for i in range(0, n, step))
    return Layout(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        lines=tuple(lines),
        y_ticks=tuple((round(y_of(t), 1), number(t)) for t in ticks),
        x_ticks=x_ticks,
        marks=tuple(Mark(round(x_of(i), 1), label) for i, label in marks),
        series_path=series_path,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )
