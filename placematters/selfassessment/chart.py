"""The self-assessment by part: counts of steps at each rating, and a stacked bar chart of them.

Plain inputs in, plain geometry out (no database): the template draws the bars as SVG without
JavaScript or inline styles, and the table beside the chart gives the same counts.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from placematters.analysis.presenters import Table

NOT_RATED = "not_rated"
#: The order of the bands, from least to most advanced: a step with no rating yet comes first.
BANDS: tuple[tuple[str, str], ...] = (
    (NOT_RATED, "Not rated yet"),
    ("not_started", "Not started"),
    ("developing", "Developing"),
    ("established", "Established"),
    ("embedded", "Embedded"),
)
#: Fills with at least 4.5:1 contrast against the white count drawn on them; "not rated" is an
#: outlined white box with a dark count.
FILLS = {
    NOT_RATED: "#ffffff",
    "not_started": "#505a5f",
    "developing": "#b4490b",
    "established": "#1d70b8",
    "embedded": "#00703c",
}
TEXT = "#0b0c0c"


@dataclass(frozen=True)
class PartCounts:
    """How many of a part's steps stand at each rating (``counts`` keyed as in BANDS)."""

    part: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def part_counts(
    parts: Sequence[tuple[str, Sequence[int]]], ratings: Mapping[int, str]
) -> list[PartCounts]:
    """For each part (its title and step numbers), the number of steps at each rating.

    ``ratings`` maps a step number to its current rating; a step missing from it is counted
    as not rated yet.
    """
    found = []
    for title, steps in parts:
        counts = dict.fromkeys((key for key, _label in BANDS), 0)
        for step in steps:
            counts[ratings.get(step, NOT_RATED)] += 1
        found.append(PartCounts(part=title, counts=counts))
    return found


def counts_table(counted: Sequence[PartCounts]) -> Table:
    """The chart's figures as a table: one row per part, a column per rating, then the total."""
    table = Table(headers=["Part", *(label for _key, label in BANDS), "Steps"])
    for part in counted:
        table.rows.append([part.part, *(part.counts[key] for key, _l in BANDS), part.total])
    return table


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    fill: str
    count: int
    text_x: int
    text_fill: str
    outlined: bool


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
    outlined: bool


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
    counted: Sequence[PartCounts],
    *,
    label_width: int = 200,
    step_width: int = 90,
    bar_height: int = 32,
    gap: int = 16,
) -> Chart:
    """Geometry of one horizontal bar per part, a segment per rating in BANDS order.

    Each step is ``step_width`` wide, so bars of parts with more steps are longer; a rating no
    step holds draws no segment.
    """
    bars = []
    for index, part in enumerate(counted):
        y = index * (bar_height + gap) + 8
        x = label_width
        segments = []
        for key, _label in BANDS:
            count = part.counts.get(key, 0)
            if not count:
                continue
            width = count * step_width
            segments.append(
                Segment(
                    x=x,
                    width=width,
                    fill=FILLS[key],
                    count=count,
                    text_x=x + width // 2,
                    text_fill=TEXT if key == NOT_RATED else "#ffffff",
                    outlined=key == NOT_RATED,
                )
            )
            x += width
        bars.append(
            Bar(label=part.part, y=y, text_y=y + bar_height // 2 + 5, segments=tuple(segments))
        )
    longest = max((part.total for part in counted), default=0)
    legend_y = len(counted) * (bar_height + gap) + 16
    legend_spacing = 130
    legend = tuple(
        LegendEntry(
            label=label, x=index * legend_spacing, fill=FILLS[key], outlined=key == NOT_RATED
        )
        for index, (key, label) in enumerate(BANDS)
    )
    return Chart(
        width=max(label_width + longest * step_width + 10, len(BANDS) * legend_spacing),
        height=legend_y + 28,
        label_width=label_width,
        bar_height=bar_height,
        bars=tuple(bars),
        legend=legend,
        legend_y=legend_y,
    )
