"""Server-drawn SVG bar charts for the summary report (pure: no Django, no database).

The same SVG goes into the web page and the PDF, so it uses presentation attributes rather
than classes from the site's stylesheet, and system fonts only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
MIN_LABEL_WIDTH = 120
MAX_LABEL_WIDTH = 300
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


def label_width_for(labels: Sequence[str]) -> int:
    """Room for the longest label at 14px Arial (about 7.6px a character), within limits."""
    longest = max((len(text) for text in labels), default=0)
    return min(MAX_LABEL_WIDTH, max(MIN_LABEL_WIDTH, round(7.6 * longest) + 12))


def bar_chart_svg(bars: Sequence[Bar], *, label: str, width: int = 600) -> str:
    """A horizontal bar chart, one labelled bar per value with its count at the end.

    ``label`` is the chart's accessible name (``role="img"``); the data table beside the chart
    carries the same numbers for anyone who cannot see it.
    """
    label_width = label_width_for([bar.label for bar in bars])
    row_height, top, bar_height = 28, 8, 18
    height = top * 2 + row_height * max(len(bars), 1)
    plot_width = width - label_width - 40
    largest = max((bar.count for bar in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pm-report-chart" role="img" '
        f'aria-label="{escape(label)}" focusable="false" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{escape(FONT)}" font-size="14">',
        f'<line x1="{label_width}" x2="{label_width}" y1="{top - 4}" y2="{height - top + 4}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        length = round(plot_width * bar.count / largest, 1)
        middle = y + bar_height / 2 + 5
        parts += [
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(bar.label)}</text>',
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{label_width + length + 6}" y="{middle}" '
            f'fill="{TEXT_COLOUR}">{bar.count}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def column_counts(header: Sequence[str], rows: Sequence[Sequence[str]], column: str) -> list[Bar]:
    """How many rows hold each value of ``column``, in the order the values first appear."""
    if column not in header:
        return []
    index = list(header).index(column)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[index]] = counts.get(row[index], 0) + 1
    return [Bar(label=value, count=count) for value, count in counts.items()]
