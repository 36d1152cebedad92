"""Display text for stakeholders and the agreed infrastructure: small, pure and unit-tested."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from placematters.analysis.presenters import Table
from placematters.stakeholders.content import Quadrant, load_grid
from placematters.stakeholders.grid import QUADRANT_KEYS
from placematters.web.wording import count_phrase, join_words


@dataclass(frozen=True)
class Entry:
    """One stakeholder as shown on the grid: its number there, quadrant and whether it fits."""

    number: int
    stakeholder: object
    quadrant: str
    mismatch: bool
    note: str = ""


@dataclass(frozen=True)
class QuadrantGroup:
    quadrant: Quadrant
    entries: tuple[Entry, ...]


def quadrant_title(key: str) -> str:
    return load_grid().quadrant(key).title


def approach_note(approach: str, approach_label: str, quadrant: str) -> str:
    """Why a stakeholder is flagged: the approach recorded against the one its quadrant suggests."""
    suggested = quadrant_title(quadrant).lower()
    if approach == "not_engaged":
        return f"Not engaged yet; the grid suggests: {suggested}"
    return f"Engaged as '{approach_label.lower()}'; the grid suggests: {suggested}"


def stakeholders_summary(
    quadrant_counts: dict[str, int], lived_experience: int, mismatched: int
) -> str:
    """The plain-English summary of the grid, for the page and the final report."""
    total = sum(quadrant_counts.values())
    if total == 0:
        return "No stakeholders are mapped yet."
    verb = "is" if total == 1 else "are"
    spread = join_words(
        [f"{quadrant_counts.get(key, 0)} to {quadrant_title(key).lower()}" for key in QUADRANT_KEYS]
    )
    sentences = [f"{count_phrase(total, 'stakeholder')} {verb} mapped: {spread}."]
    if lived_experience:
        has = "has" if lived_experience == 1 else "have"
        sentences.append(f"{lived_experience} {has} lived experience of the issues.")
    else:
        sentences.append("None is recorded as having lived experience of the issues.")
    if mismatched:
        verb = "is" if mismatched == 1 else "are"
        sentences.append(f"{mismatched} {verb} not yet engaged in the way their quadrant suggests.")
    else:
        sentences.append("Each is engaged in the way its quadrant suggests.")
    return " ".join(sentences)


def group_by_quadrant(entries: Sequence[Entry]) -> list[QuadrantGroup]:
    content = load_grid()
    return [
        QuadrantGroup(
            quadrant=content.quadrant(key),
            entries=tuple(entry for entry in entries if entry.quadrant == key),
        )
        for key in QUADRANT_KEYS
    ]


def grid_description(entries: Sequence[Entry]) -> str:
    """The text equivalent of the grid picture, for its SVG ``desc``."""
    if not entries:
        return "The grid is empty: no stakeholders are mapped yet."
    parts = []
    for group in group_by_quadrant(entries):
        names = [f"{entry.number}. {entry.stakeholder.name}" for entry in group.entries]
        parts.append(f"{group.quadrant.title}: " + (join_words(names) if names else "nobody") + ".")
    return (
        "Power runs from 1 at the bottom to 5 at the top, interest from 1 on the left to 5 "
        "on the right. " + " ".join(parts)
    )


def date_text(value: datetime.date | None, empty: str = "Not recorded") -> str:
    return f"{value.day} {value:%B %Y}" if value else empty


def stakeholder_table(entries: Sequence[Entry]) -> Table:
    """Every stakeholder as a row, for the CSV download beside the grid."""
    headers = [
        "Number", "Name", "Kind", "Partner organisation", "Role", "Sector", "Power",
        "Interest", "Quadrant", "Current approach", "Approach matches quadrant",
        "Lived experience", "Contact", "Owner", "Last reviewed", "Influence notes",
    ]  # fmt: skip
    rows = []
    for entry in entries:
        s = entry.stakeholder
        rows.append(
            [
                entry.number,
                s.name,
                s.get_kind_display(),
                s.organisation.name if s.organisation else "",
                s.role,
                s.get_sector_display() if s.sector else "",
                s.power,
                s.interest,
                quadrant_title(entry.quadrant),
                s.get_approach_display(),
                "No" if entry.mismatch else "Yes",
                "Yes" if s.lived_experience else "No",
                s.contact,
                s.owner.user.display_name if s.owner else "",
                s.last_reviewed.isoformat() if s.last_reviewed else "",
                s.influence_notes,
            ]
        )
    return Table(headers=headers, rows=rows)


def infrastructure_paragraphs(infrastructure, leads: Sequence, commitments: Sequence) -> list[str]:
    """The agreed infrastructure in sentences, for the final report; empty parts are named."""
    paragraphs = []
    info = infrastructure
    if info and info.decision_making:
        paragraphs.append(f"How decisions are made: {info.decision_making}")
    else:
        paragraphs.append("How the partnership makes decisions is not yet agreed.")
    if info and info.decision_recording:
        paragraphs.append(f"How decisions are recorded: {info.decision_recording}")
    if info and info.reports_to:
        paragraphs.append(f"The partnership reports to {info.reports_to}.")
    else:
        paragraphs.append("The board the partnership reports to is not yet recorded.")
    if info and info.meeting_frequency:
        meeting = f"The partnership meets {info.meeting_frequency}"
        if info.next_meeting:
            meeting += f"; the next meeting is on {date_text(info.next_meeting)}"
        paragraphs.append(meeting + ".")
    else:
        paragraphs.append("How often the partnership meets is not yet agreed.")
    if leads:
        paragraphs.append(
            f"{count_phrase(len(leads), 'lead')} named: "
            + join_words([f"{lead.name} ({lead.responsibility})" for lead in leads])
            + "."
        )
    else:
        paragraphs.append("No leads are named yet.")
    if commitments:
        paragraphs.append(
            f"{count_phrase(len(commitments), 'partner organisation')} "
            + ("has" if len(commitments) == 1 else "have")
            + " recorded what they commit in time and resources."
        )
    else:
        paragraphs.append("No partner has yet recorded what it commits in time and resources.")
    if info and info.terms_of_reference_url:
        paragraphs.append(f"Terms of reference: {info.terms_of_reference_url}")
    else:
        paragraphs.append("The terms of reference are not yet linked.")
    return paragraphs


def existing_work_summary(register: Sequence) -> str:
    """One sentence on the register of partners' existing work for the report."""
    if not register:
        return "No existing assessments, strategies or reports from partners are recorded yet."
    kinds: dict[str, int] = {}
    for work in register:
        label = work.get_kind_display().lower()
        kinds[label] = kinds.get(label, 0) + 1
    listed = join_words([f"{count} {kind}" for kind, count in kinds.items()])
    planned = sum(1 for work in register if work.reuse)
    sentence = (
        f"The partnership builds on {count_phrase(len(register), 'piece')} of work partners "
        f"have already done ({listed})"
    )
    if planned == len(register):
        return sentence + ", and has said how it will reuse each."
    waiting = count_phrase(len(register) - planned, "piece")
    return sentence + f"; how to reuse {waiting} is not decided yet."
