"""What the footprint pages show and export: the footprint's value of each indicator, the
LSOA map shaded by deprivation, and the breakdown by deprivation within the footprint.

Small counts are suppressed here, in one place for the page and its downloads, with the
threshold the view passes (settings.SMALL_COUNT_THRESHOLD).
"""

from placematters.analysis import charts, queries
from placematters.analysis import presenters as present

#: Map shadings: key -> (number of groups, local?, description)
SHADINGS = {
    "national": (10, False, "national IMD 2019 deciles (1 = the most deprived tenth in England)"),
    "local10": (10, True, "deciles recomputed within the footprint (1 = its most deprived tenth)"),
    "local5": (5, True, "quintiles recomputed within the footprint (1 = its most deprived fifth)"),
}
FOOTPRINT_HEADERS = [
    "Indicator", "Indicator ID", "Period", "Sex", "Age", "Unit", "LSOAs in the footprint",
    "Areas with data", "Count", "Value", "Lower 95% limit", "Upper 95% limit",
    "Lower 99.8% limit", "Upper 99.8% limit", "England value", "Compared with England", "Method",
]  # fmt: skip


def footprint_lines(items, threshold: int) -> list[dict]:
    """The footprint's value of each indicator as shown, suppression applied."""
    lines = []
    for item in items:
        figures = item.figures
        if figures is None:
            continue
        count, value, interval, suppressed = present.value_cells(
            figures.count, figures.value, figures.lower_95, figures.upper_95, threshold=threshold
        )
        lines.append(
            {
                "indicator_id": item.indicator_id,
                "name": item.indicator_name,
                "unit": item.unit,
                "period": figures.period,
                "group": f"{figures.sex}, {figures.age}",
                "count": count,
                "value": value,
                "interval": interval,
                "england": present.format_number(figures.england_value),
                "comparison": present.comparison_text(figures.compared_to_england),
                "style": present.comparison_style(figures.compared_to_england),
                "suppressed": suppressed,
            }
        )
    return lines


def footprint_table(items, threshold: int) -> present.Table:
    """Every indicator's footprint value for download, suppression applied."""
    table = present.Table(headers=list(FOOTPRINT_HEADERS))
    for item in items:
        figures = item.figures
        if figures is None:
            continue
        numbers = present.export_values(
            figures.count, figures.value, figures.lower_95, figures.upper_95, threshold=threshold
        )
        hidden = numbers[0] == present.SUPPRESSED
        table.suppressed |= hidden
        outer = (
            [present.SUPPRESSED] * 2
            if hidden
            else [None if v is None else float(v) for v in (figures.lower_998, figures.upper_998)]
        )
        table.rows.append(
            [item.indicator_name, item.indicator_id, figures.period, figures.sex, figures.age,
             item.unit, figures.lsoas, figures.areas_with_data, *numbers, *outer,
             figures.england_value, present.comparison_text(figures.compared_to_england),
             figures.method]
        )  # fmt: skip
    if table.suppressed:
        table.note = present.suppression_note(threshold)
    return table


def shading_from(value: str | None) -> str:
    """The map shading asked for in the query string; national deciles when unknown."""
    return value if value in SHADINGS else "national"


def shading_groups(shading: str) -> int:
    """How many deprivation groups a shading has (10 or 5)."""
    return SHADINGS[shading][0]


def footprint_map(rows: list[queries.FootprintLsoa], shading: str) -> dict:
    """The LSOA choropleth: its SVG (when boundaries and IMD are held), counts per group, the
    full list, the download table and the sentences explaining what is missing."""
    n, local, description = SHADINGS[shading]
    group_of = {row.code: (row.local_quantile if local else row.national_decile) for row in rows}
    word = "quintile" if n == 5 else "decile"
    table = present.Table(
        headers=[
            "LSOA code",
            "LSOA name",
            "IMD 2019 rank",
            "National IMD decile",
            f"Local {word} within the footprint",
            "Boundary held",
        ]
    )
    for row in rows:
        table.rows.append(
            [row.code, row.name, row.imd_rank, row.national_decile,
             row.local_quantile,
             "Yes" if row.geometry else "No"]
        )  # fmt: skip
    with_imd = [row for row in rows if row.national_decile is not None]
    with_boundary = [row for row in rows if row.geometry]
    notes = []
    if rows and not with_imd:
        notes.append(
            "No IMD 2019 figures are held for the footprint's LSOAs, so they cannot be shaded "
            "by deprivation. An administrator imports them with the import_imd command."
        )
    elif len(with_imd) < len(rows):
        notes.append(f"{len(rows) - len(with_imd)} of the {len(rows)} LSOAs have no IMD figures.")
    if rows and not with_boundary:
        notes.append(
            "No LSOA boundaries are held, so the map cannot be drawn; the table below gives "
            "each LSOA's deprivation. An administrator imports boundaries with the "
            "import_geography command."
        )
    elif len(with_boundary) < len(rows):
        notes.append(f"{len(rows) - len(with_boundary)} of the {len(rows)} LSOAs have no boundary.")
    groups = []
    for group in range(1, n + 1):
        members = sum(1 for value in group_of.values() if value == group)
        groups.append([charts.deprivation_group_label(group, n), members])
    svg = ""
    if with_imd and with_boundary:
        areas = [
            charts.DecileArea(
                code=row.code, name=row.name, geometry=row.geometry, group=group_of[row.code]
            )
            for row in with_boundary
        ]
        label = (
            f"Map of the footprint's {len(areas)} LSOAs shaded by {description}. The number of "
            "LSOAs in each group is in the table that follows, and every LSOA in the list below."
        )
        svg = charts.render_svg(
            charts.deprivation_map_spec(
                areas,
                n=n,
                title="The footprint's LSOAs by deprivation",
                subtitle=f"Shaded by {description}.",
            ),
            label=label,
            element_id="footprint-map-svg",
        )
    return {
        "svg": svg,
        "rows": rows,
        "groups": groups if with_imd else [],
        "table": table,
        "notes": notes,
        "word": word,
        "description": description,
        "shading": shading,
        "shadings": [(key, value[2]) for key, value in SHADINGS.items()],
    }


def groups_from(value: str | None) -> int:
    """Deciles when the query string asks for 10 groups, else quintiles."""
    return 10 if value == "10" else 5


def footprint_breakdown(breakdown: queries.Breakdown | None, unit: str, threshold: int):
    """The within-footprint breakdown as displayed and exported (suppression applied), the
    chart's bars and the SII/RII sentences."""
    table = present.Table(
        headers=["Deprivation group", "Category type", "Period", *present.VALUE_HEADERS]
    )
    display, bars = [], []
    for row in breakdown.rows if breakdown else []:
        numbers = present.export_values(
            row.count, row.value, row.lower_95, row.upper_95, threshold=threshold
        )
        hidden = numbers[0] == present.SUPPRESSED
        table.suppressed |= hidden
        table.rows.append([row.label, breakdown.category_type, breakdown.period, *numbers])
        count, value, interval, _ = present.value_cells(
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
    notes = present.inequality_text(breakdown.summary if breakdown else None, unit)
    if table.suppressed:
        table.note = present.suppression_note(threshold)
    for line in notes:
        table.rows.append([line, "", "", "", "", "", ""])
    return table, display, bars, notes


def footprint_breakdown_svg(
    bars: list[charts.BarValue], *, indicator_name: str, period: str, unit: str, n: int
) -> str:
    """The within-footprint deprivation bar chart as accessible SVG; empty without bars."""
    if not bars:
        return ""
    word = "quintile" if n == 5 else "decile"
    return charts.render_svg(
        charts.bars_spec(
            bars,
            title=f"{indicator_name} by deprivation {word} within the footprint, {period}",
            unit=unit,
            colour_by_comparison=False,
        ),
        label=f"Bar chart of {indicator_name} in the footprint by local deprivation {word}, "
        "most deprived first, with 95% confidence intervals. The figures are in the table "
        "that follows.",
        element_id="footprint-deprivation-svg",
    )
