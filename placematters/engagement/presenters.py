"""Display helpers for the engagement pages and the summary: small pure functions.

Quotes are shown only when consent was recorded; everywhere else (pages for other members'
eyes included, exports and summaries) an unconsented quote reads :data:`QUOTE_WITHHELD`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from placematters.analysis.presenters import Table
from placematters.engagement.content import load_participation
from placematters.engagement.coverage import CoverageRow, Reach
from placematters.planning.presenters import DONE as PLAN_DONE
from placematters.planning.presenters import status_tag
from placematters.web.wording import count_phrase

QUOTE_WITHHELD = "Quote withheld: no consent"
NO_RESPONSE = "No response yet"


def format_date(day: datetime.date | None) -> str:
    """'3 March 2027'; empty for no date."""
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def date_range(starts_on: datetime.date | None, ends_on: datetime.date | None) -> str:
    if starts_on and ends_on and starts_on != ends_on:
        return f"{format_date(starts_on)} to {format_date(ends_on)}"
    if starts_on:
        return f"From {format_date(starts_on)}" if not ends_on else format_date(starts_on)
    if ends_on:
        return f"By {format_date(ends_on)}"
    return "No dates yet"


def format_amount(amount: Decimal | None) -> str:
    """'£1,250' or '£99.50'; empty when there is no amount."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def heard_text(heard) -> str:
    """What may be shown of a theme or quote: a quote without consent is withheld."""
    if heard.is_quote:
        return f"“{heard.text}”" if heard.consent else QUOTE_WITHHELD
    return heard.text


def trail_stage(decision, linked_statuses=()) -> str:
    """Where one thing heard has got to: heard, decided, or done.

    With plan actions linked, it is done when every linked action is done; without, the
    progress recorded by hand for the free-text action decides.
    """
    if decision is None:
        return "heard"
    linked_statuses = list(linked_statuses)
    if linked_statuses:
        return "done" if all(status == PLAN_DONE for status in linked_statuses) else "decided"
    if decision.action_status == "done":
        return "done"
    return "decided"


TRAIL_STAGE_NAMES = {"heard": NO_RESPONSE, "decided": "Decided", "done": "Done"}


def decision_text(decision) -> str:
    if decision is None:
        return NO_RESPONSE
    return f"{decision.text} ({decision.decided_by}, {format_date(decision.decided_on)})"


def plan_action_text(action) -> str:
    """A linked plan action with its RAG status in words: 'Title (at risk: amber)'."""
    return f"{action.title} ({status_tag(action.status).text.lower()})"


def action_text(decision, plan_actions=()) -> str:
    """What was done: the linked plan actions with their status, then any free-text action."""
    if decision is None:
        return "No action yet"
    parts = [plan_action_text(action) for action in plan_actions]
    if decision.action_reference:
        parts.append(
            f"{decision.action_reference} ({decision.get_action_status_display().lower()})"
        )
    return "; ".join(parts) or "No action yet"


def communities_sentence(total: int, priority: int) -> str:
    if not total:
        return "No target communities have been chosen yet."
    chosen = count_phrase(total, "target community", "target communities")
    return f"The partnership has chosen {chosen}, {priority} of them marked as a priority."


def plan_sentence(entries: int) -> str:
    if not entries:
        return "No engagement has been planned yet."
    return f"The engagement plan has {count_phrase(entries, 'entry', 'entries')}."


def log_sentence(log) -> str:
    if not log:
        return "No engagement has been recorded yet."
    people = sum(entry.participant_count or 0 for entry in log)
    heard = sum(len(entry.heard.all()) for entry in log)
    return (
        f"{count_phrase(len(log), 'engagement')} recorded, with "
        f"{count_phrase(people, 'person', 'people')} taking part and "
        f"{count_phrase(heard, 'theme or quote', 'themes and quotes')} heard."
    )


def trail_sentence(rows) -> str:
    if not rows:
        return "Nothing heard has been recorded yet."
    decided = sum(1 for row in rows if row.decision is not None)
    done = sum(1 for row in rows if row.stage == "done")
    waiting = len(rows) - decided
    return (
        f"Of {count_phrase(len(rows), 'thing heard', 'things heard')}, {decided} "
        f"{'has' if decided == 1 else 'have'} a decision and {done} "
        f"{'has' if done == 1 else 'have'} led to an action that is done; "
        f"{waiting} {'has' if waiting == 1 else 'have'} no response yet."
    )


def reach_text(row: CoverageRow) -> str:
    if row.reach == Reach.NOT_ENGAGED:
        return "Not yet engaged"
    if row.reach == Reach.INFORMED_ONLY:
        return "Informed only"
    return f"Reached {row.highest_name.lower()}"


def gap_paragraphs(gap_rows: list[CoverageRow]) -> list[str]:
    if not gap_rows:
        return ["Every priority community has been engaged beyond being informed."]
    missing = [row.name for row in gap_rows if row.reach == Reach.NOT_ENGAGED]
    informed = [row.name for row in gap_rows if row.reach == Reach.INFORMED_ONLY]
    paragraphs = []
    if missing:
        paragraphs.append("Priority communities not yet engaged: " + "; ".join(missing) + ".")
    if informed:
        paragraphs.append(
            "Priority communities only informed so far, not yet asked: " + "; ".join(informed) + "."
        )
    return paragraphs


def level_paragraphs(rows: list[CoverageRow]) -> list[str]:
    if not rows:
        return ["No target communities have been chosen yet."]
    beyond = sum(1 for row in rows if row.rank >= 3)
    return [
        f"{beyond} of {count_phrase(len(rows), 'community', 'communities')} have been involved "
        "at least to the level of shaping options (involving, collaborating or community-led)."
    ]


def activities_sentence(activities, noun: str) -> str:
    if not activities:
        return f"No {noun} has been recorded yet."
    total = sum((a.amount or Decimal(0)) for a in activities)
    people = sum(a.people or 0 for a in activities)
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    parts = [count_phrase(len(activities), noun, plural) + " recorded"]
    if total:
        parts.append(f"{format_amount(total)} in funding")
    if people:
        parts.append(f"{count_phrase(people, 'person', 'people')} taking part or volunteering")
    return ", ".join(parts) + "."


def activity_rows(activities) -> list[tuple[str, ...]]:
    header = ("Activity", "Type", "Owner", "Community", "Status", "Dates", "Amount", "People")
    return [header] + [
        (
            a.title,
            a.get_kind_display(),
            a.owner,
            a.community.name if a.community else "",
            a.get_status_display(),
            date_range(a.starts_on, a.ends_on),
            format_amount(a.amount),
            "" if a.people is None else str(a.people),
        )
        for a in activities
    ]


# --- Coverage table, CSV and chart --------------------------------------------------------------


def coverage_table(rows: list[CoverageRow]) -> Table:
    return Table(
        headers=[
            "Community",
            "Priority",
            "Engagements recorded",
            "Highest level reached",
            "Highest level planned",
            "Coverage",
        ],
        rows=[
            [
                row.name,
                "Yes" if row.is_priority else "No",
                row.engagements,
                row.highest_name,
                row.planned_name,
                ("Gap: " if row.is_gap else "") + reach_text(row),
            ]
            for row in rows
        ],
    )


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: int
    text_y: int
    value: str
    value_x: int
    is_gap: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[int, str], ...]
    axis_y: int


def coverage_chart(
    rows: list[CoverageRow], *, label_width: int = 320, step: int = 80, bar_height: int = 22
) -> Chart:
    """Geometry for a horizontal bar chart of the highest level reached per community.

    Drawn as SVG by the template (no JavaScript, no inline styles); the table beside it holds
    the same figures.
    """
    levels = load_participation().levels
    row_height = bar_height + 12
    bars = tuple(
        Bar(
            label=row.name if len(row.name) <= 44 else row.name[:43] + "…",
            y=index * row_height + 8,
            width=row.rank * step,
            text_y=index * row_height + 8 + bar_height // 2 + 5,
            value=row.highest_name,
            value_x=label_width + row.rank * step + 6,
            is_gap=row.is_gap,
        )
        for index, row in enumerate(rows)
    )
    axis_y = len(rows) * row_height + 12
    ticks = tuple((label_width + level.rank * step, level.name) for level in levels)
    return Chart(
        width=label_width + len(levels) * step + 140,
        height=axis_y + 40,
        label_width=label_width,
        bars=bars,
        ticks=ticks,
        axis_y=axis_y,
    )
