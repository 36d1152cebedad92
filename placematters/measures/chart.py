"""The SPC (XmR) charts of measures and population indicators, and the "if nothing
changes" forecast chart, drawn as server-side SVG (pure: no database).

``spc_chart`` is the one place a series becomes an SPC chart: it runs ``stats.xmr`` and
returns the table rows, icons and the layout; the measure page and the indicator page both
call it. ``layout`` and ``forecast_layout`` take plain lists (one entry per value, in time
order) and return coordinates; the templates draw them. Points are marked by shape as well as
colour (``presenters.SHAPES``); lines for the mean and process limits are drawn per segment,
so a rebased chart shows both segments.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from placematters.measures import presenters
from placematters.stats import StatsInputError, xmr

RUN_LENGTH = 7
"""Points in a row on one side of the mean that make a run (``stats.xmr``'s default)."""

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
    mean: list[float | None],
    upper: list[float | None],
    lower: list[float | None],
    segment: list[int],
    shapes: list[str],
    target: float | None = None,
    marks: Sequence[tuple[int, str]] = (),
    number=str,
) -> Layout:
    """Coordinates for a chart of ``values`` with per-point ``mean`` and process limits.

    A segment whose mean is None (too few values for limits) is drawn as the line alone.
    ``marks`` are (position, label) pairs drawn as dashed verticals (the linked actions'
    starts); ``number`` formats the y-axis ticks.
    """
    n = len(values)
    seen = [v for v in values if v is not None]
    limits = [v for v in list(upper) + list(lower) if v is not None]
    everything = seen + limits + ([target] if target is not None else [])
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
            if values_of[start] is None:
                continue
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


# --- one SPC chart from one series ---------------------------------------------------------


@dataclass
class SpcRow:
    period: str
    value: float
    note: str
    mean: float | None
    lower: float | None
    upper: float | None
    variation: str
    rules: str
    segment: int
    value_id: int | None = None


@dataclass(frozen=True)
class ChartMark:
    """Something marked on the chart (a linked action's start) at a point's position."""

    position: int
    label: str
    when: str
    when_short: str


@dataclass
class Spc:
    rows: list[SpcRow]
    layout: Layout | None
    latest_variation: str | None
    assurance: str | None
    marks: list[tuple[str, str]]
    note: str = ""
    marks_off_chart: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_limits(self) -> bool:
        return bool(self.rows) and self.rows[0].mean is not None


def _too_few_note(count: int) -> str:
    if count < RUN_LENGTH:
        return (
            f"With {count} values the limits are rough, and a run ({RUN_LENGTH} points in a "
            "row on one side of the mean) cannot show yet."
        )
    return ""


def spc_chart(
    *,
    labels: Sequence[str],
    values: Sequence[float],
    notes: Sequence[str] | None = None,
    value_ids: Sequence[int | None] | None = None,
    rebase_at: int | None = None,
    improvement: str | None = None,
    target: float | None = None,
    marks: Sequence[ChartMark] = (),
    number: Callable[[float], str] = presenters.number_text,
) -> Spc:
    """The XmR chart of one series in time order: rows for the table, the latest Making Data
    Count variation icon, assurance against ``target`` (only with an ``improvement``
    direction) and the SVG layout, with ``marks`` drawn at their positions.

    Mean, process limits (mean ± 2.66 times the mean moving range), the four special-cause rules and
    the icons come from ``stats.xmr`` (NHS England, Making Data Count; docs/statistics.md
    section 11). ``xmr`` needs at least two values in each segment: with fewer, the values
    are still drawn and tabled without limits and ``note`` says why; a rebase that would
    leave a segment short is ignored with a note.
    """
    count = len(values)
    notes = list(notes) if notes is not None else [""] * count
    value_ids = list(value_ids) if value_ids is not None else [None] * count
    on_chart = [mark for mark in marks if 0 <= mark.position < count]
    shown_marks = [(mark.when, mark.label) for mark in on_chart]
    off_chart = [(mark.when, mark.label) for mark in marks if mark not in on_chart]
    placed = [(mark.position, f"{mark.label} ({mark.when_short})") for mark in on_chart]
    if count == 0:
        return Spc(
            [], None, None, None, shown_marks, marks_off_chart=off_chart,
            note="The chart needs at least two values. There are none yet.",
        )  # fmt: skip
    if count < 2:
        rows = [
            SpcRow(labels[0], float(values[0]), notes[0], None, None, None, "", "", 0, value_ids[0])
        ]
        picture = layout(
            labels=list(labels), values=[float(values[0])], mean=[None], upper=[None],
            lower=[None], segment=[0], shapes=["circle"], target=target, marks=placed,
            number=number,
        )  # fmt: skip
        return Spc(
            rows, picture, None, None, shown_marks, marks_off_chart=off_chart,
            note="The chart needs at least two values for its mean and process limits: only "
            "the value is shown.",
        )  # fmt: skip
    note = ""
    if rebase_at is not None and not (2 <= rebase_at <= count - 2):
        rebase_at, note = None, "The rebase is ignored: each part needs at least two values."
    try:
        result = xmr(
            list(values),
            rebase_at=[rebase_at] if rebase_at is not None else None,
            improvement=improvement,
            target=target if improvement else None,
        )
    except StatsInputError as error:
        return Spc(
            [], None, None, None, shown_marks, marks_off_chart=off_chart,
            note=f"The chart cannot be drawn ({error.rule}).",
        )  # fmt: skip
    rows = [
        SpcRow(
            period=labels[i],
            value=float(values[i]),
            note=notes[i],
            mean=float(result.mean[i]),
            lower=float(result.lower_limit[i]),
            upper=float(result.upper_limit[i]),
            variation=str(result.variation[i]),
            rules=presenters.rules_text(
                beyond_limits=bool(result.beyond_limits[i]),
                run=bool(result.run[i]),
                trend=bool(result.trend[i]),
                two_of_three=bool(result.two_of_three[i]),
            ),
            segment=int(result.segment[i]),
            value_id=value_ids[i],
        )
        for i in range(count)
    ]
    picture = layout(
        labels=[r.period for r in rows],
        values=[r.value for r in rows],
        mean=[r.mean for r in rows],
        upper=[r.upper for r in rows],
        lower=[r.lower for r in rows],
        segment=[r.segment for r in rows],
        shapes=[presenters.SHAPES.get(r.variation, "circle") for r in rows],
        target=target,
        marks=placed,
        number=number,
    )
    segment_size = count - rebase_at if rebase_at is not None else count
    return Spc(
        rows=rows,
        layout=picture,
        latest_variation=(
            None if result.latest_variation[0] is None else str(result.latest_variation[0])
        ),
        assurance=None if result.assurance[0] is None else str(result.assurance[0]),
        marks=shown_marks,
        marks_off_chart=off_chart,
        note=" ".join(part for part in (note, _too_few_note(segment_size)) if part),
    )


# --- the forecast "if nothing changes" -----------------------------------------------------


@dataclass(frozen=True)
class ForecastLayout:
    width: int
    height: int
    series_path: str
    points: tuple[tuple[float, float], ...]
    forecast_path: str
    forecast_points: tuple[tuple[float, float], ...]
    band_path: str
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    divider_x: float
    plot_top: float
    plot_bottom: float


def forecast_layout(
    *,
    labels: Sequence[str],
    values: Sequence[float],
    forecast_labels: Sequence[str],
    forecast: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    number: Callable[[float], str] = str,
) -> ForecastLayout:
    """Coordinates for the observed series followed by the straight-line forecast: a dashed
    line from the last value through the forecast periods, inside a band from ``lower`` to
    ``upper`` (the prediction interval). Each period, observed or forecast, is one equal step
    along the x-axis, as ``stats.linear_forecast`` assumes."""
    n, h = len(values), len(forecast)
    total = n + h
    everything = [v for v in list(values) + list(lower) + list(upper) if not math.isnan(v)]
    low, high = min(everything), max(everything)
    pad = (high - low) * 0.05 or 1.0
    ticks = _nice_ticks(low - pad, high + pad)
    low, high = min(ticks[0], low - pad), max(ticks[-1], high + pad)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(i: float) -> float:
        return round(LEFT + plot_w * (i + 0.5) / total, 1)

    def y_of(v: float) -> float:
        return round(TOP + plot_h * (high - v) / (high - low), 1)

    points = tuple((x_of(i), y_of(v)) for i, v in enumerate(values))
    ahead = tuple((x_of(n + k), y_of(v)) for k, v in enumerate(forecast))
    joined = (points[-1:] if points else ()) + ahead
    upper_edge = [(x_of(n + k), y_of(v)) for k, v in enumerate(upper)]
    lower_edge = [(x_of(n + k), y_of(v)) for k, v in reversed(list(enumerate(lower)))]
    band = upper_edge + lower_edge
    all_labels = list(labels) + list(forecast_labels)
    step = max(1, total // 8)
    return ForecastLayout(
        width=WIDTH,
        height=HEIGHT,
        series_path="M" + "L".join(f"{x},{y}" for x, y in points) if points else "",
        points=points,
        forecast_path="M" + "L".join(f"{x},{y}" for x, y in joined) if joined else "",
        forecast_points=ahead,
        band_path="M" + "L".join(f"{x},{y}" for x, y in band) + "Z" if band else "",
        y_ticks=tuple((y_of(t), number(t)) for t in ticks),
        x_ticks=tuple((x_of(i), all_labels[i]) for i in range(0, total, step)),
        divider_x=round(LEFT + plot_w * n / total, 1),
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )
