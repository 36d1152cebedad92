"""What was committed on a date and what happened since (pure: no database).

A snapshot's plan is compared with the plan now (or with a later snapshot's): each committed
action is found again by its id, or failing that by its title, and read as done, overdue,
removed or by its current status; actions that were not in the snapshot are listed as added.
The report is compared heading by heading on what it says (paragraphs and table rows).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from placematters.reports.builder import Report, ReportHeading
from placematters.reports.frozen import FrozenAction
from placematters.web.wording import count_phrase, join_words

DONE = "done"
OVERDUE = "overdue"
REMOVED = "removed"

#: Where each committed action stands now, in the order the summary names them, with the
#: words for one and for several ("1 is done", "3 are done").
OUTCOMES: dict[str, tuple[str, str]] = {
    DONE: ("is done", "are done"),
    "on_track": ("is on track", "are on track"),
    "at_risk": ("is at risk", "are at risk"),
    "off_track": ("is off track", "are off track"),
    "not_started": ("has not started", "have not started"),
    OVERDUE: ("is overdue", "are overdue"),
    REMOVED: ("was removed", "were removed"),
}

OUTCOME_LABELS = {
    DONE: "Done",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "not_started": "Not started",
    OVERDUE: "Overdue",
    REMOVED: "Removed from the plan",
}


def outcome_of(action: FrozenAction | None, today: datetime.date) -> str:
    """Where an action stands: removed (None), done, overdue (past due and not done), or its
    status."""
    if action is None:
        return REMOVED
    if action.status == DONE:
        return DONE
    if action.due_date < today:
        return OVERDUE
    return action.status if action.status in OUTCOMES else "not_started"


def days_words(days: int) -> str:
    """'Moved 14 days later', 'Moved 1 day earlier', 'Not moved'."""
    if days == 0:
        return "Not moved"
    return f"Moved {count_phrase(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"


@dataclass(frozen=True)
class ActionChange:
    """One committed action beside what became of it (``now`` is None when it was removed)."""

    committed: FrozenAction
    now: FrozenAction | None
    outcome: str
    matched_by_title: bool = False

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def due_moved_days(self) -> int | None:
        if self.now is None:
            return None
        return (self.now.due_date - self.committed.due_date).days

    @property
    def due_moved_words(self) -> str:
        days = self.due_moved_days
        return "" if days is None else days_words(days)

    @property
    def status_changed(self) -> bool:
        return self.now is not None and self.now.status != self.committed.status

    @property
    def owner_changed(self) -> bool:
        return self.now is not None and self.now.owner != self.committed.owner


@dataclass(frozen=True)
class PlanComparison:
    committed_on: datetime.date
    compared_on: datetime.date
    changes: tuple[ActionChange, ...]
    added: tuple[FrozenAction, ...]

    def counts(self) -> Counter:
        return Counter(change.outcome for change in self.changes)

    @property
    def summary(self) -> str:
        """'Of 8 actions committed on 3 March 2026, 3 are done, 1 is overdue and 2 were
        removed; 4 actions were added since.'"""
        on = f"{self.committed_on.day} {self.committed_on:%B %Y}"
        added = len(self.added)
        since = (
            f"{count_phrase(added, 'action')} {'was' if added == 1 else 'were'} added since"
            if added
            else "no actions were added since"
        )
        if not self.changes:
            return f"No actions were committed on {on}; {since}."
        counts = self.counts()
        parts = [
            f"{counts[key]} {words[0] if counts[key] == 1 else words[1]}"
            for key, words in OUTCOMES.items()
            if counts[key]
        ]
        committed = count_phrase(len(self.changes), "action")
        return f"Of {committed} committed on {on}, {join_words(parts)}; {since}."


def _key(title: str) -> str:
    return " ".join(title.split()).casefold()


def compare_plans(
    committed: list[FrozenAction],
    current: list[FrozenAction],
    *,
    committed_on: datetime.date,
    today: datetime.date,
) -> PlanComparison:
    """Each committed action beside its current self, and the actions added since.

    An action is found by its id; one whose id has gone (removed and added again, or copied
    from another plan) is found by its title, so long as that title is not already taken by a
    match on id.
    """
    by_id = {action.id: action for action in current}
    matched_ids = {action.id for action in committed if action.id in by_id}
    by_title = {_key(action.title): action for action in current if action.id not in matched_ids}
    changes = []
    used: set[int] = set()
    for action in committed:
        now = by_id.get(action.id)
        by_title_match = False
        if now is None:
            now = by_title.get(_key(action.title))
            by_title_match = now is not None
        if now is not None and now.id in used:
            now, by_title_match = None, False
        if now is not None:
            used.add(now.id)
        changes.append(
            ActionChange(
                committed=action,
                now=now,
                outcome=outcome_of(now, today),
                matched_by_title=by_title_match,
            )
        )
    added = tuple(action for action in current if action.id not in used)
    return PlanComparison(
        committed_on=committed_on, compared_on=today, changes=tuple(changes), added=added
    )


# --- The report --------------------------------------------------------------------------------

UNCHANGED = "unchanged"
CHANGED = "changed"
NEW = "new"
GONE = "gone"

HEADING_STATE_LABELS = {
    UNCHANGED: "No change",
    CHANGED: "Changed",
    NEW: "New heading",
    GONE: "Heading no longer in the report",
}


def heading_content(heading: ReportHeading) -> tuple:
    """What a heading says: its sections' titles, paragraphs and table rows, and its chart's
    figures. Links to tools are left out: they are directions, not content."""
    sections = tuple(
        (
            section.title,
            section.paragraphs,
            (section.table.headers, section.table.rows) if section.table else None,
        )
        for section in heading.sections
    )
    chart = (heading.chart.table.headers, heading.chart.table.rows) if heading.chart else None
    return (sections, chart)


@dataclass(frozen=True)
class HeadingChange:
    slug: str
    title: str
    part_title: str
    state: str

    @property
    def state_label(self) -> str:
        return HEADING_STATE_LABELS[self.state]


@dataclass(frozen=True)
class ReportComparison:
    headings: tuple[HeadingChange, ...]

    @property
    def changed(self) -> tuple[HeadingChange, ...]:
        return tuple(heading for heading in self.headings if heading.state != UNCHANGED)

    @property
    def summary(self) -> str:
        changed = self.changed
        if not changed:
            return "No heading of the report has changed."
        total = len(self.headings)
        verb = "has" if len(changed) == 1 else "have"
        return f"{len(changed)} of {count_phrase(total, 'heading')} {verb} changed."


def _headings(report: Report) -> dict[str, tuple[str, ReportHeading]]:
    return {
        heading.slug: (part.numbered_title, heading)
        for part in report.all_parts
        for heading in part.headings
    }


def compare_reports(before: Report, after: Report) -> ReportComparison:
    """Each heading of either report, in the later report's order (then any gone since), and
    whether what it says has changed."""
    old, new = _headings(before), _headings(after)
    changes = []
    for slug, (part_title, heading) in new.items():
        if slug not in old:
            state = NEW
        elif heading_content(old[slug][1]) != heading_content(heading):
            state = CHANGED
        else:
            state = UNCHANGED
        changes.append(HeadingChange(slug, heading.title, part_title, state))
    changes += [
        HeadingChange(slug, heading.title, part_title, GONE)
        for slug, (part_title, heading) in old.items()
        if slug not in new
    ]
    return ReportComparison(headings=tuple(changes))
