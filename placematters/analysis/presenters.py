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

    Numbers pass through as numbers (a number is never a formula), and so does text that reads
    as a number ("-1.5"); other text starting with one of those characters gets a leading
    apostrophe, as OWASP advises for CSV injection.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not _reads_as_number(cell):
        return "'" + cell
    return cell


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


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


# --- The area profile ------------------------------------------------------------------------


@dataclass
class ProfileLine:
    """One indicator's line of the area profile table, as displayed."""

    indicator_id: int
    name: str
    period: str
    count: str
    value: str
    interval: str
    england: str
    parent: str
    parent_name: str
    comparison: str
    style: ComparisonStyle
    trend: str
    suppressed: bool


def common_parent_name(rows) -> str:
    """The parent (region) every row is compared with, or '' when they differ or none."""
    names = {row.parent_name for row in rows if row.parent_name}
    return names.pop() if len(names) == 1 else ""


def profile_display(rows, *, threshold: int | None = None) -> list[ProfileLine]:
    """The profile's rows (``analysis.queries.ProfileRow``) as table lines, suppression applied."""
    lines = []
    for row in rows:
        count, value, interval, suppressed = value_cells(
            row.count, row.value, row.lower_95, row.upper_95, threshold=threshold
        )
        lines.append(
            ProfileLine(
                indicator_id=row.indicator_id,
                name=row.indicator_name,
                period=row.period,
                count=count,
                value=value,
                interval=interval,
                england=format_number(row.england_value),
                parent=format_number(row.parent_value),
                parent_name=row.parent_name,
                comparison=comparison_text(row.compared_to_england),
                style=comparison_style(row.compared_to_england),
                trend=row.trend or "",
                suppressed=suppressed,
            )
        )
    return lines


PROFILE_HEADERS = [
    "Indicator", "Indicator ID", "Period", "Sex", "Age", "Unit", "Count", "Value",
    "Lower 95% limit", "Upper 95% limit", "England value", "Parent area", "Parent value",
    "Compared with England", "Compared with parent", "Recent trend", "England lowest",
    "England 25th percentile", "England 75th percentile", "England highest",
]  # fmt: skip


def profile_table(rows, *, threshold: int | None = None) -> Table:
    """The area profile for download: one row per indicator, every text cell as shown."""
    table = Table(headers=list(PROFILE_HEADERS))
    for row in rows:
        numbers = export_values(
            row.count, row.value, row.lower_95, row.upper_95, threshold=threshold
        )
        table.suppressed |= numbers[0] == SUPPRESSED
        table.rows.append(
            [
                row.indicator_name, row.indicator_id, row.period, row.sex, row.age, row.unit,
                *numbers,
                _number_or_none(row.england_value), row.parent_name,
                _number_or_none(row.parent_value),
                comparison_text(row.compared_to_england),
                comparison_text(row.compared_to_parent, against=row.parent_name or "parent"),
                row.trend,
                *(_number_or_none(n) for n in (
                    row.england_min, row.england_q1, row.england_q3, row.england_max)),
            ]
        )  # fmt: skip
    if table.suppressed:
        table.note = suppression_note(threshold)
    return table


# --- The indicator page ----------------------------------------------------------------------


@dataclass
class Section:
    """One chart of the indicator page with its data table and downloads."""

    key: str
    title: str
    label: str
    spec: dict | None
    table: Table
    display: list[list[str]]
    display_headers: list[str]
    notes: list[str] = field(default_factory=list)
    svg: str = ""
    empty: str = ""
    caption: str = ""


def headline_series(series) -> list:
    """The series points of the first sex and age group (Persons, All ages when held)."""
    if not series:
        return []
    first = (series[0].sex, series[0].age)
    return [point for point in series if (point.sex, point.age) == first]


def latest_period(data: dict) -> str:
    series = data.get("series") or []
    if series:
        return series[-1].period
    comparison = data.get("comparison") or []
    return comparison[0].period if comparison else ""


def priority_for(
    priorities,
    indicator_id: int,
    area_code: str,
    period: str,
    sex: str = "",
    age: str = "",
    *,
    is_default: bool = True,
):
    """The partnership's priority for this finding (indicator, area, period, sex and age), or
    None. A priority marked before sex and age were recorded (both blank) is the finding of
    the page's default choice (``is_default``)."""
    for item in priorities:
        if (item.indicator_id, item.area_code, item.period) != (indicator_id, area_code, period):
            continue
        recorded = (getattr(item, "sex", ""), getattr(item, "age", ""))
        if recorded == (sex, age) or (recorded == ("", "") and is_default):
            return item
    return None


def choice_query(sex: str, age: str, category_type: str = "") -> str:
    """The page's choice as a query string for its links and downloads: '?sex=Male&age=...'."""
    from urllib.parse import urlencode

    pairs = [("sex", sex), ("age", age)] + ([("category", category_type)] if category_type else [])
    return "?" + urlencode(pairs)


def choice_text(sex: str, age: str, category_type: str = "") -> str:
    """'Persons, All ages' or 'Female, 18+ yrs, by District & UA deprivation deciles'."""
    words = ", ".join(part for part in (sex, age) if part)
    return f"{words}, by {category_type}" if category_type else words


VALUE_HEADERS = ["Count", "Value", "Lower 95% limit", "Upper 95% limit"]


def _trend_section(data: dict, threshold) -> Section:
    from placematters.analysis import charts

    indicator, series = data["indicator"], data["series"]
    table = Table(headers=["Period", "Sex", "Age", *VALUE_HEADERS, "England value",
                           "Compared with England"])  # fmt: skip
    display, points = [], []
    for point in series:
        numbers = export_values(
            point.count, point.value, point.lower_95, point.upper_95, threshold=threshold
        )
        hidden = numbers[0] == SUPPRESSED
        table.suppressed |= hidden
        compared = comparison_text(point.compared_to_england)
        table.rows.append([point.period, point.sex, point.age, *numbers,
                           _number_or_none(point.england_value), compared])  # fmt: skip
        count, value, interval, _ = value_cells(
            point.count, point.value, point.lower_95, point.upper_95, threshold=threshold
        )
        display.append([point.period, count, value, interval,
                        format_number(point.england_value), compared])  # fmt: skip
        points.append(
            charts.TrendPoint(
                period=point.period,
                value=None if hidden else point.value,
                lower=None if hidden else point.lower_95,
                upper=None if hidden else point.upper_95,
                england=point.england_value,
                comparison=point.compared_to_england,
            )
        )
    if table.suppressed:
        table.note = suppression_note(threshold)
    marker = data.get("trend") or ""
    group = f" ({series[0].sex}, {series[0].age})" if series else ""
    title = f"{indicator.name}: {data['area_name']} over time{group}"
    return Section(
        key="trend",
        title="Trend over time",
        label=f"Line chart of {indicator.name} in {data['area_name']} by period, with 95% "
        "confidence intervals. The figures are in the table that follows.",
        spec=charts.trend_spec(points, title=title, unit=indicator.unit, marker=marker)
        if len(points) > 0
        else None,
        table=table,
        display=display,
        display_headers=[
            "Period",
            "Count",
            "Value",
            "95% confidence interval",
            "England",
            "Compared with England",
        ],
        notes=[f"Recent trend: {marker}."] if marker else [],
        empty=f"There is no time series for this area ({data['choice_text']})."
        if data.get("choice_text")
        else "There is no time series for this area.",
    )


def _compare_section(data: dict, threshold) -> Section:
    from placematters.analysis import charts

    indicator, values = data["indicator"], data["comparison"]
    ordered = sorted(
        values, key=lambda item: (item.value is None, -(item.value or 0), item.area_name)
    )
    table = Table(headers=["Area code", "Area", "Period", *VALUE_HEADERS,
                           "Compared with England"])  # fmt: skip
    display, bars = [], []
    for item in ordered:
        numbers = export_values(
            item.count, item.value, item.lower_95, item.upper_95, threshold=threshold
        )
        hidden = numbers[0] == SUPPRESSED
        table.suppressed |= hidden
        compared = comparison_text(item.compared_to_england)
        table.rows.append([item.area_code, item.area_name, item.period, *numbers, compared])
        count, value, interval, _ = value_cells(
            item.count, item.value, item.lower_95, item.upper_95, threshold=threshold
        )
        name = item.area_name + (" (selected)" if item.selected else "")
        display.append([name, count, value, interval, compared])
        bars.append(
            charts.BarValue(
                label=item.area_name,
                value=None if hidden else item.value,
                lower=None if hidden else item.lower_95,
                upper=None if hidden else item.upper_95,
                comparison=item.compared_to_england,
                highlight=item.selected,
            )
        )
    if table.suppressed:
        table.note = suppression_note(threshold)
    period = values[0].period if values else ""
    england = next((p.england_value for p in data["series"] if p.period == period), None)
    return Section(
        key="compare",
        title="Compared with other areas",
        label=f"Bar chart of {indicator.name} in {len(bars)} areas, {period}, with 95% "
        "confidence intervals and England's value. The figures are in the table that follows.",
        spec=charts.bars_spec(
            bars, title=f"{indicator.name}, {period}", unit=indicator.unit, benchmark=england
        )
        if len(bars) > 1
        else None,
        table=table,
        display=display,
        display_headers=[
            "Area",
            "Count",
            "Value",
            "95% confidence interval",
            "Compared with England",
        ],
        empty="There are no other areas of the same type to compare with.",
    )


def inequality_text(summary, unit: str = "") -> list[str]:
    """Sentences giving the gap, ratio, SII and RII of a deprivation breakdown."""
    if summary is None:
        return []
    level = f"{summary.confidence:.0%}"
    suffix = f" {unit}" if unit else ""
    lines = []
    if not _missing(summary.gap):
        lines.append(
            f"Gap between the most and least deprived: {format_number(summary.gap)}{suffix} "
            f"(most deprived {format_number(summary.most_deprived_value)}, least deprived "
            f"{format_number(summary.least_deprived_value)})."
        )
    if not _missing(summary.ratio):
        lines.append(f"Ratio of the most to the least deprived: {format_number(summary.ratio, 2)}.")
    if not _missing(summary.sii):
        lines.append(
            f"Slope index of inequality (SII): {format_number(summary.sii)}{suffix} "
            f"({level} confidence interval {format_interval(summary.sii_lower, summary.sii_upper)})"
            ": the modelled difference between the most and the least deprived ends of the area."
        )
    if not _missing(summary.rii):
        lines.append(
            f"Relative index of inequality (RII): {format_number(summary.rii, 2)} "
            f"({level} confidence interval "
            f"{format_interval(summary.rii_lower, summary.rii_upper, 2)}): the SII as a ratio."
        )
    return lines


def _deprivation_section(data: dict, threshold) -> Section:
    from placematters.analysis import charts

    indicator, breakdown = data["indicator"], data["breakdown"]
    table = Table(headers=["Deprivation group", "Category type", "Period", *VALUE_HEADERS])
    display, bars = [], []
    rows = breakdown.rows if breakdown else []
    for row in rows:
        numbers = export_values(
            row.count, row.value, row.lower_95, row.upper_95, threshold=threshold
        )
        hidden = numbers[0] == SUPPRESSED
        table.suppressed |= hidden
        table.rows.append([row.label, breakdown.category_type, breakdown.period, *numbers])
        count, value, interval, _ = value_cells(
            row.count, row.value, row.lower_95, row.upper_95, threshold=threshold
        )
        display.append([row.label, count, value, interval])
        bars.append(
            charts.BarValue(
                label=row.label,
                value=None if hidden else row.value,
                lower=None if hidden else row.lower_95,
                upper=None if hidden else row.upper_95,
            )
        )
    notes = inequality_text(breakdown.summary if breakdown else None, indicator.unit)
    if table.suppressed:
        table.note = suppression_note(threshold)
    for line in notes:
        table.rows.append([line, "", "", "", "", "", ""])
    place = data["breakdown_place"]
    period = breakdown.period if breakdown else ""
    if breakdown and place != data["area_name"]:
        notes.insert(0, f"{data['area_name']} has no breakdown by deprivation: {place}'s is shown.")
    title = "Inequality by deprivation"
    if breakdown and breakdown.summary is None:
        title = f"Breakdown by {breakdown.category_type}"
    return Section(
        key="deprivation",
        title=title,
        label=f"Bar chart of {indicator.name} by deprivation group in {place}, {period}, most "
        "deprived first, with 95% confidence intervals. The figures are in the table that "
        "follows.",
        spec=charts.bars_spec(
            bars,
            title=f"{indicator.name} by deprivation, {place} {period}",
            unit=indicator.unit,
            colour_by_comparison=False,
        )
        if bars
        else None,
        table=table,
        display=display,
        display_headers=["Deprivation group", "Count", "Value", "95% confidence interval"],
        notes=notes,
        empty=f"There is no breakdown by deprivation for this indicator ({data['choice_text']})."
        if data.get("choice_text")
        else "There is no breakdown by deprivation for this indicator.",
    )


def indicator_sections(data: dict, *, threshold: int | None = None) -> dict[str, Section]:
    """The trend, compare-areas and deprivation sections of an indicator page."""
    threshold = small_count_threshold() if threshold is None else threshold
    return {
        "trend": _trend_section(data, threshold),
        "compare": _compare_section(data, threshold),
        "deprivation": _deprivation_section(data, threshold),
    }


POPULATION_NOTE = "These are population counts, not events, so small numbers are not suppressed."


def population_section(pyramid, area_name: str) -> Section:
    """The population pyramid of the area (``analysis.queries.Pyramid`` or None) with its
    table: counts of people, never suppressed (see :data:`POPULATION_NOTE`)."""
    from placematters.analysis import charts

    table = Table(headers=["Age band", "Males", "Females"])
    display, bands = [], []
    rows = pyramid.rows if pyramid else []
    for row in rows:
        table.rows.append([row.band, _number_or_none(row.male), _number_or_none(row.female)])
        display.append([row.band, format_count(row.male, 0), format_count(row.female, 0)])
        bands.append(charts.PyramidBand(band=row.band, males=row.male, females=row.female))
    year = pyramid.year if pyramid else ""
    if rows:
        table.note = f"Population of {area_name}, {year}. {POPULATION_NOTE}"
    return Section(
        key="population",
        title="Population by age and sex",
        label=f"Population pyramid of {area_name} in {year}: males to the left and females to "
        "the right of the centre line, by age band, youngest at the bottom. The figures are in "
        "the table that follows.",
        spec=charts.pyramid_spec(bands, title=f"Population of {area_name}, {year}")
        if rows
        else None,
        table=table,
        display=display,
        display_headers=["Age band", "Males", "Females"],
        notes=[f"Population of {area_name} in {year}, from the imported estimates."]
        if rows
        else [],
        empty=f"No population by sex and age is held for {area_name}.",
        caption=f"Data: population by age and sex, {year}. {POPULATION_NOTE}" if rows else "",
    )


def map_section(areas, parent_name: str, *, threshold: int | None = None) -> Section:
    """The choropleth of the selected area and its neighbours, with its table."""
    from placematters.analysis import charts

    table = Table(headers=["Area code", "Area", "Value", "Compared with England"])
    display = []
    for area in areas:
        table.rows.append(
            [area.code, area.name, _number_or_none(area.value), comparison_text(area.comparison)]
        )
        display.append([area.name, format_number(area.value), comparison_text(area.comparison)])
    return Section(
        key="map",
        title=f"Map of the areas in {parent_name}",
        label=f"Map of {len(areas)} areas in {parent_name}, each filled by its comparison with "
        "England. The figures are in the table that follows.",
        spec=charts.map_spec(areas, title=f"Areas in {parent_name}"),
        table=table,
        display=display,
        display_headers=["Area", "Value", "Compared with England"],
    )
