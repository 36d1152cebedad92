"""Display helpers for the action plan: RAG tags with words, the overdue rule, due-date words."""

import datetime
from dataclasses import dataclass

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
