"""The timeline's layout: one bar per action from its start to its due date (pure, no Django).

The page draws the layout as server-side SVG and shows the same rows as a table, so the
picture is never the only way to read the plan.
"""

import datetime
from dataclasses import dataclass

from placematters.planning.presenters import short_title

WIDTH = 600
LABEL_WIDTH = 260
ROW_HEIGHT = 28
BAR_HEIGHT = 16
TOP = 30
MIN_BAR = 4


@dataclass(frozen=True)
class TimelineRow:
    title: str
    start: datetime.date | None
    due: datetime.date
    status: str
    overdue: bool


@dataclass(frozen=True)
class Bar:
    number: int
    title: str
    label: str
    x: float
    y: float
    width: float
    css: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 3


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Layout:
    width: int
    label_width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    today_x: float | None
    first: datetime.date | None
    last: datetime.date | None

    @property
    def total_width(self) -> int:
        return self.label_width + self.width + 20

    @property
    def axis_y(self) -> int:
        return self.height - 10


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, current = [], datetime.date(first.year, first.month, 1)
    if current < first:
        current = datetime.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    while current <= last:
        months.append(current)
        current = datetime.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def layout(rows: list[TimelineRow], today: datetime.date, width: int = WIDTH) -> Layout:
    """Bars in the order given, scaled between the earliest start (or due date) and the latest
    due date; an action without a start is drawn as a short bar ending on its due date; month
    ticks (at most twelve labels) and a line for today when it falls inside the window."""
    if not rows:
        return Layout(width, LABEL_WIDTH, TOP, (), (), None, None, None)
    first = min(min(row.start or row.due, row.due) for row in rows)
    last = max(row.due for row in rows)
    first, last = min(first, today), max(last, today)
    span = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        return round((day - first).days / span * width, 1)

    bars = []
    for number, row in enumerate(rows, start=1):
        start = row.start or row.due
        left, right = x(start), x(row.due)
        if right - left < MIN_BAR:
            left = max(0.0, right - MIN_BAR)
            right = left + MIN_BAR
        css = "pm-plan-bar--overdue" if row.overdue else f"pm-plan-bar--{row.status}"
        bars.append(
            Bar(
                number=number,
                title=row.title,
                label=short_title(f"{number}. {row.title}"),
                x=left,
                y=TOP + (number - 1) * ROW_HEIGHT,
                width=round(right - left, 1),
                css=css,
            )
        )
    months = _month_starts(first, last)
    step = max(1, -(-len(months) // 12))
    ticks = tuple(Tick(x(month), month.strftime("%b %Y")) for month in months[::step])
    height = TOP + len(rows) * ROW_HEIGHT + 10
    return Layout(width, LABEL_WIDTH, height, tuple(bars), ticks, x(today), first, last)
