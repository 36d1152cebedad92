"""Display helpers for the action plan: RAG tags with words, the overdue rule, due-date words."""

import datetime
from dataclasses import dataclass

from placematters.analysis import allocation_presenters as allocation_present

DONE = "done"

# status -> (words, GOV.UK tag colour). The words always show: colour is never the only signal.
RAG = {
    "not_started": ("Not started", "govuk-tag--grey"),
    "on_track": ("On track: green", "govuk-tag--green"),
    "at_risk": ("At risk: amber", "govuk-tag--yellow"),
    "off_track": ("Off track: red", "govuk-tag--red"),
    "done": ("Done", "govuk-tag--blue"),
}


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def status_tag(status: str) -> Tag:
    """The RAG tag for a status: its words (with the RAG colour named) and the tag class."""
    text, css = RAG.get(status, ("Unknown status", "govuk-tag--grey"))
    return Tag(text, f"govuk-tag {css}")


def is_overdue(due_date: datetime.date | None, status: str, today: datetime.date) -> bool:
    """An action (or milestone) is overdue when its due date has passed and it is not done."""
    return due_date is not None and due_date < today and status != DONE


def due_words(due_date: datetime.date, status: str, today: datetime.date) -> str:
    """'Overdue by 3 days', 'Due today', 'Due in 5 days', or 'Done' for finished actions."""
    if status == DONE:
        return "Done"
    days = (due_date - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def finding_label(priority) -> str:
    """A priority finding in words: its indicator, area and period."""
    label = f"{priority.indicator.name} in {priority.area_code}"
    return f"{label} ({priority.period})" if priority.period else label


def milestones_words(done: int, total: int) -> str:
    if total == 0:
        return "No milestones"
    return f"{done} of {total} milestone{'s' if total != 1 else ''} done"


def plan_summary(counts: dict[str, int], overdue: int) -> str:
    """One sentence about the plan for the final report."""
    total = sum(counts.values())
    if total == 0:
        return "The local area action plan has no actions yet."
    parts = [f"{counts[key]} {RAG[key][0].split(':')[0].lower()}" for key in RAG if counts.get(key)]
    sentence = (
        f"The local area action plan has {total} action{'s' if total != 1 else ''}: "
        + ", ".join(parts)
        + "."
    )
    if overdue:
        sentence += f" {overdue} {'is' if overdue == 1 else 'are'} overdue."
    return sentence


def short_title(title: str, limit: int = 34) -> str:
    """A title cut to fit the timeline's label column, with an ellipsis when cut."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


ALLOCATION_HEADERS = ["Area code", "Area", "Need", "Share of total (%)", "Amount"]


def allocation_headers(measure_label: str) -> list[str]:
    """The allocation table's headers, the need column named by its measure."""
    return [*ALLOCATION_HEADERS[:2], measure_label, *ALLOCATION_HEADERS[3:]]


def allocation_rows(allocation: allocation_present.Allocation) -> list[list]:
    """[area code, area name, need value, share (%), amount] for each area, greatest need
    first: the calculator's own order and rounding (the amounts add up to the total)."""
    result = allocation.result
    return [
        [
            allocation.rows[i].code,
            allocation.rows[i].name,
            round(allocation.rows[i].need, 3),
            round(float(result.share[i]) * 100, 2),
            float(result.amount[i]),
        ]
        for i in allocation_present.greatest_need_order(allocation.rows, allocation.measure)
    ]


def allocation_attachment(worked: dict) -> dict:
    """What an action stores of a worked allocation (the calculator's context, from
    ``placematters.analysis.allocation.allocation_context``): the arguments of
    ``plan_allocation_attach`` other than the action and the parameters."""
    allocation = worked["allocation"]
    geography = allocation_present.LEVEL_WORDS[worked["level"]]
    return {
        "basis": allocation_basis(allocation, worked["form"].cleaned_data, geography),
        "measure_label": allocation.measure_label,
        "geography": geography,
        "total": float(allocation.result.total),
        "rows": allocation_rows(allocation),
    }


def allocation_basis(allocation: allocation_present.Allocation, data: dict, geography: str) -> str:
    """The basis of an allocation in one sentence: the total, the areas, the need measure, the
    floor, the gradient (or the decile ratio) and the rounding."""
    result = allocation.result
    if allocation.measure == allocation_present.IMD_DECILE:
        slope = f"the most deprived decile weighted {data['ratio']:g} times the least"
    else:
        slope = f"need raised to the power {data['gradient']:g}"
    weighted = ", weighted by population" if allocation.population_used else ""
    return (
        f"{allocation_present.format_amount(result.total)} shared across "
        f"{len(allocation.rows)} {geography} by {allocation.measure_label}{weighted}: "
        f"a universal floor of {data['floor']:g}% of the total, {slope}, each share rounded "
        f"to the nearest {allocation_present.format_amount(result.unit)}."
    )


def number_words(value: float) -> str:
    """A need value for the page: three significant figures below 1,000, whole numbers above."""
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def allocation_display(rows: list[list]) -> list[list[str]]:
    """Stored allocation rows formatted for the page: need, share as %, amount with separators."""
    return [
        [code, name, number_words(need), f"{share:.1f}%", allocation_present.format_amount(amount)]
        for code, name, need, share, amount in rows
    ]


def life_course_summary(coverage: list[tuple[str, int]]) -> str:
    """One sentence on the plan's life-course coverage for the final report: the stages of
    life no action serves, or that every stage is served."""
    missing = [label.split(":")[0] for label, actions in coverage if actions == 0]
    if len(missing) == len(coverage):
        return "No action in the plan says which stages of life it serves yet."
    if missing:
        return (
            "The plan is thin for some stages of life: no action serves "
            + ", ".join(f"“{name}”" for name in missing)
            + "."
        )
    return "Every stage of life is served by at least one action in the plan."
