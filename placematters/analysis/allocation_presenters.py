"""What the proportionate allocation page shows and exports: the need of each area, the result
table, the bar chart's bars and the plain-English sentence. Pure functions over the query
results and :func:`placematters.stats.allocate`; no database access."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from placematters import stats
from placematters.analysis import charts
from placematters.analysis.presenters import Table

IMD_SCORE, IMD_DECILE, INDICATOR = "imd_score", "imd_decile", "indicator-"
LEVEL_WORDS = {"lsoa": "LSOAs", "focus": "districts and wards"}


@dataclass(frozen=True)
class NeedRow:
    code: str
    name: str
    need: float
    weight_input: float
    population: float | None


@dataclass
class Allocation:
    """A computed allocation: the areas used, the areas left out, the result and its wording."""

    rows: list[NeedRow]
    left_out: list[str]
    result: stats.AllocationResult
    measure: str
    measure_label: str
    population_used: bool


def measure_choices(indicators: list[tuple[int, str]], level: str) -> list[tuple[str, str]]:
    """The need measures offered: IMD score, IMD decile (LSOAs only) and each indicator."""
    choices = [(IMD_SCORE, "IMD 2019 score")]
    if level == "lsoa":
        choices.append((IMD_DECILE, "IMD 2019 national decile"))
    return choices + [(f"{INDICATOR}{pk}", f"Indicator: {name}") for pk, name in indicators]


def indicator_id(measure: str) -> int | None:
    """The indicator id in an ``indicator-<id>`` measure, else None."""
    if measure.startswith(INDICATOR) and measure[len(INDICATOR) :].isdigit():
        return int(measure[len(INDICATOR) :])
    return None


def need_rows(areas, measure: str, values: dict[str, float] | None = None):
    """(rows with a need, names of areas left out) for the chosen measure.

    IMD score: the score. IMD decile: the decile is shown as the need and its ramp weight is
    computed later. An indicator: its value from ``values``. Areas without one are left out.
    """
    rows, left_out = [], []
    for area in areas:
        if measure == IMD_SCORE:
            need = area.imd_score
        elif measure == IMD_DECILE:
            need = area.imd_decile
        else:
            need = (values or {}).get(area.code)
        if need is None or (isinstance(need, float) and math.isnan(need)):
            left_out.append(area.name)
            continue
        rows.append(NeedRow(area.code, area.name, float(need), float(need), area.population))
    return rows, left_out


def compute(
    rows: list[NeedRow],
    *,
    measure: str,
    total: float,
    unit: float,
    floor_share: float,
    gradient: float,
    ratio: float,
    population: bool,
) -> stats.AllocationResult:
    """Run :func:`placematters.stats.allocate` for the rows (raises StatsInputError)."""
    need = np.array([row.need for row in rows], dtype=float)
    if measure == IMD_DECILE:
        need, gradient = stats.deprivation_ramp(need, n=10, ratio=ratio), 1.0
    people = [row.population for row in rows] if population else None
    return stats.allocate(
        total, need, population=people, floor_share=floor_share, gradient=gradient, unit=unit
    )


def greatest_need_order(rows: list[NeedRow], measure: str) -> list[int]:
    """Row indexes from the greatest need first (IMD decile 1 first; ties by code)."""
    sign = 1 if measure == IMD_DECILE else -1
    return sorted(range(len(rows)), key=lambda i: (sign * rows[i].need, rows[i].code))


def format_amount(amount: float, unit: float = 1) -> str:
    """Thousands separators; decimals only when the amount is not whole (e.g. exact parts)."""
    if amount == round(amount):
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def format_share(share: float) -> str:
    """A share of the total as a percentage to 1 decimal place."""
    return f"{share * 100:.1f}%"


def fifth_sentence(
    rows: list[NeedRow], result: stats.AllocationResult, measure: str, level: str
) -> str:
    """'The fifth of LSOAs with the greatest need (17 of 83) receives 34.0% of the total,
    against 20.5% under an equal split.' The fifth is rounded to the nearest whole area (at
    least 1); under "per head" when populations are used."""
    k = len(rows)
    top = max(1, round(k / 5))
    order = greatest_need_order(rows, measure)[:top]
    total = result.total or 1
    got = float(result.amount[order].sum()) / total
    flat = float(result.equal[order].sum()) / total
    words = LEVEL_WORDS.get(level, "areas")
    who = "most deprived" if measure in (IMD_SCORE, IMD_DECILE) else "greatest-need"
    split = "an equal split" if np.ptp(result.equal) == 0 else "a split per head"
    return (
        f"The {who} fifth of {words} ({top} of {k}) receives {format_share(got)} of the "
        f"total, against {format_share(flat)} under {split}."
    )


def allocation_table(allocation: Allocation) -> Table:
    """The result as shown and exported, greatest need first."""
    headers = ["Area code", "Area", allocation.measure_label]
    if allocation.population_used:
        headers.append("Population (mid-2015)")
    headers += ["Floor part", "Need part", "Total (rounded)", "Share of total (%)"]
    result = allocation.result
    table = Table(headers=headers)
    for i in greatest_need_order(allocation.rows, allocation.measure):
        row = allocation.rows[i]
        cells = [row.code, row.name, round(row.need, 3)]
        if allocation.population_used:
            cells.append(row.population)
        cells += [
            round(float(result.floor[i]), 2),
            round(float(result.need_part[i]), 2),
            float(result.amount[i]),
            round(float(result.share[i]) * 100, 2),
        ]
        table.rows.append(cells)
    table.note = (
        "Floor and need parts are exact; the total is rounded to the nearest "
        f"{format_amount(result.unit)} by largest remainder, so the totals add up to "
        f"{format_amount(result.total)}."
    )
    return table


def display_rows(table: Table, population_used: bool) -> list[list[str]]:
    """The table's cells formatted for the page (numbers with separators, shares as %)."""
    lines = []
    for cells in table.rows:
        code, name, need, *rest = cells
        shown = [code, name, f"{need:,.3g}" if abs(need) < 1000 else f"{need:,.0f}"]
        if population_used:
            shown.append(format_amount(rest.pop(0)))
        floor, need_part, amount, share = rest
        shown += [format_amount(round(floor, 2)), format_amount(round(need_part, 2)),
                  format_amount(amount), f"{share:.1f}%"]  # fmt: skip
        lines.append(shown)
    return lines


def chart_svg(allocation: Allocation, *, title: str) -> str:
    """The stacked bar chart (floor part and need part per area, greatest need first)."""
    result = allocation.result
    bars = [
        charts.AllocationBar(
            label=allocation.rows[i].name,
            floor=round(float(result.floor[i]), 2),
            need=round(float(result.need_part[i]), 2),
        )
        for i in greatest_need_order(allocation.rows, allocation.measure)
    ]
    if not bars:
        return ""
    return charts.render_svg(
        charts.allocation_spec(bars, title=title),
        label=f"Stacked bar chart of the allocation across {len(bars)} areas, greatest need "
        "first: each bar is the area's floor part and need part. The figures are in the table "
        "that follows.",
        element_id="allocation-svg",
    )
