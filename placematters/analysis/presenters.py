"""Display helpers for the data overview: numbers, comparison colours, suppression and exports.

Small pure functions, unit-tested in ``tests/unit/analysis/test_presenters.py``. They never
compute a statistic (those come from :mod:`placematters.stats` through the analysis layer);
they only decide how a figure is shown, hidden or exported.

Statistical disclosure control: a count below ``SMALL_COUNT_THRESHOLD`` (setting, default 5)
is shown as ``*``, and so are the value and interval computed from it (for a proportion the
value and a Wilson interval give the count back). The suppression applies to everything
displayed and exported, and every suppressed table carries :data:`SUPPRESSION_NOTE`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from django.conf import settings

SUPPRESSED = "*"
MISSING = "\u2013"  # an en dash
DEFAULT_THRESHOLD = 5
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def small_count_threshold() -> int:
    """The threshold from settings (``SMALL_COUNT_THRESHOLD``), 5 when it is not set."""
    return int(getattr(settings, "SMALL_COUNT_THRESHOLD", DEFAULT_THRESHOLD))


def suppression_note(threshold: int | None = None) -> str:
    threshold = small_count_threshold() if threshold is None else threshold
    return (
        f"* Suppressed: fewer than {threshold} events. The count, value and interval are not "
        "shown, to protect the people they describe."
    )


def is_small(count: float | None, threshold: int | None = None) -> bool:
    """True when a known count is below the threshold (a missing count is never small)."""
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return False
    threshold = small_count_threshold() if threshold is None else threshold
    return count < threshold


# --- Numbers ---------------------------------------------------------------------------------


def _missing(number) -> bool:
    return number is None or (isinstance(number, float) and not math.isfinite(number))


def format_number(number: float | None, decimals: int = 1) -> str:
    """'12.3' with thousands separators; a dash for a missing number."""
    if _missing(number):
        return MISSING
    return f"{number:,.{decimals}f}"


def format_count(count: float | None, threshold: int | None = None) -> str:
    """A count as shown: whole numbers without decimals, '*' when below the threshold."""
    if _missing(count):
        return MISSING
    if is_small(count, threshold):
        return SUPPRESSED
    return f"{count:,.0f}" if float(count).is_integer() else f"{count:,.1f}"


def format_interval(lower: float | None, upper: float | None, decimals: int = 1) -> str:
    """'11.2 to 13.4'; a dash when either limit is missing."""
    if _missing(lower) or _missing(upper):
        return MISSING
    return f"{format_number(lower, decimals)} to {format_number(upper, decimals)}"


# --- Comparisons and their colours ------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonStyle:
    """How one comparison category looks: Fingertips' colours, with text that stays readable."""

    key: str
    label: str
    fill: str
    text: str
    shape: str


#: Fingertips' benchmarking colours. Tag text on each fill has at least 4.5:1 contrast; chart
#: marks carry a near-black outline, so every mark has at least 3:1 against the white page,
#: and the category is also given in words (the table) and by the mark's shape.
COMPARISON_STYLES: dict[str, ComparisonStyle] = {
    "better": ComparisonStyle("better", "Better", "#92D050", "#0b0c0c", "triangle-up"),
    "similar": ComparisonStyle("similar", "Similar", "#FFC000", "#0b0c0c", "circle"),
    "worse": ComparisonStyle("worse", "Worse", "#C00000", "#ffffff", "triangle-down"),
    "higher": ComparisonStyle("higher", "Higher", "#5555E6", "#ffffff", "triangle-right"),
    "lower": ComparisonStyle("lower", "Lower", "#BED2FF", "#0b0c0c", "triangle-left"),
    "not-compared": ComparisonStyle("not-compared", "Not compared", "#C9C9C9", "#0b0c0c", "cross"),
}
OUTLINE = "#0b0c0c"
BACKGROUND = "#ffffff"

_CATEGORY_OF = {
    "better": "better",
    "best": "better",
    "similar": "similar",
    "middle": "similar",
    "same": "similar",
    "worse": "worse",
    "worst": "worse",
    "higher": "higher",
    "high": "higher",
    "highest": "higher",
    "lower": "lower",
    "low": "lower",
    "lowest": "lower",
}


def comparison_style(label: str | None) -> ComparisonStyle:
    """The style of a stored comparison label ("better", "worse 99.8%", "highest", "")."""
    words = (label or "").strip().lower().split()
    key = _CATEGORY_OF.get(words[0], "not-compared") if words else "not-compared"
    return COMPARISON_STYLES[key]


def comparison_text(label: str | None, against: str = "England") -> str:
    """Words for a comparison label: 'Worse than England (99.8%)', 'Not compared'."""
    style = comparison_style(label)
    if style.key == "not-compared":
        return "Not compared"
    words = (label or "").strip().split()
    level = f" ({words[1]})" if len(words) > 1 else ""
    if words[0].lower() in ("best", "worst", "highest", "lowest", "middle", "high", "low"):
        return f"{words[0].capitalize()} fifth of areas{level}"
    return (
        f"{style.label} than {against}{level}"
        if style.key != "similar"
        else (f"Similar to {against}{level}")
    )


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- Tables and exports -----------------------------------------------------------------------


@dataclass
class Table:
    """A data table as shown beside a chart and as exported (CSV and XLSX)."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    suppressed: bool = False
    note: str = ""


def neutralise(cell):
    """Stop a spreadsheet reading a text cell as a formula (= + - @, tab, return first).

    Numbers pass through as numbers (a number is never a formula); text starting with one of
    those characters gets a leading apostrophe, as OWASP advises for CSV injection.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def export_rows(table: Table) -> list[list]:
    """Header, rows and (when anything was suppressed) the note, every text cell neutralised."""
    rows = [table.headers, *table.rows]
    if table.note:
        rows += [[], [table.note]]
    return [[neutralise(cell) for cell in row] for row in rows]


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in export_rows(table):
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def to_xlsx(table: Table, title: str = "Data") -> bytes:
    """One worksheet with the table (openpyxl, write-only); text cells neutralised."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    for row in export_rows(table):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = " ".join("".join(" " if ch in "[]:*?/\\" else ch for ch in title).split())
    return (cleaned or "Data")[:31]


def export_filename(*parts: str, extension: str) -> str:
    """A safe download name from words: 'area-profile-e07000147.csv'."""
    words = []
    for part in parts:
        word = "".join(ch if ch.isalnum() else "-" for ch in str(part).lower())
        words.append("-".join(filter(None, word.split("-"))))
    return "-".join(filter(None, words))[:120] + "." + extension


def value_cells(
    count: float | None,
    value: float | None,
    lower: float | None,
    upper: float | None,
    *,
    decimals: int = 1,
    threshold: int | None = None,
) -> tuple[str, str, str, bool]:
    """(count, value, interval, suppressed) as displayed, suppression applied."""
    if is_small(count, threshold):
        return SUPPRESSED, SUPPRESSED, SUPPRESSED, True
    return (
        format_count(count, threshold),
        format_number(value, decimals),
        format_interval(lower, upper, decimals),
        False,
    )


def export_values(
    count: float | None,
    value: float | None,
    lower: float | None,
    upper: float | None,
    *,
    threshold: int | None = None,
) -> list:
    """[count, value, lower, upper] for a file: numbers, or '*' for each when suppressed."""
    if is_small(count, threshold):
        return [SUPPRESSED] * 4
    return [_number_or_none(number) for number in (count, value, lower, upper)]


def _number_or_none(number):
    return None if _missing(number) else number
