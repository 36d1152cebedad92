"""Reads of a partnership's checklists and stage progress."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from placematters.partnerships.models import Partnership
from placematters.toolkit.content import Stage, load_content
from placematters.toolkit.models import CLOSED_STATUSES, ChecklistItem, EvidenceLink


def checklist_items(partnership: Partnership, stage: str | None = None) -> QuerySet[ChecklistItem]:
    items = ChecklistItem.objects.filter(partnership=partnership).select_related("owner__user")
    if stage is not None:
        items = items.filter(stage=stage)
    return items.prefetch_related(Prefetch("evidence", queryset=EvidenceLink.objects.all()))


def checklist_item(partnership: Partnership, item_id: int) -> ChecklistItem | None:
    return checklist_items(partnership).filter(pk=item_id).first()


def evidence_link(partnership: Partnership, link_id: int) -> EvidenceLink | None:
    return (
        EvidenceLink.objects.filter(item__partnership=partnership, pk=link_id)
        .select_related("item__partnership")
        .first()
    )


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def closed(self) -> int:
        return sum(self.counts.get(status, 0) for status in CLOSED_STATUSES)

    @property
    def percent(self) -> int:
        """Share of items done or not applicable, as a whole percentage."""
        return round(100 * self.closed / self.total) if self.total else 0

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


def progress_of_stage(partnership: Partnership, stage: Stage) -> StageProgress:
    """Item counts by status for one stage."""
    return next(p for p in stage_progress(partnership) if p.stage == stage)


def stage_progress(partnership: Partnership) -> list[StageProgress]:
    """Item counts by status for each of the four stages, in stage order (one query)."""
    rows = (
        ChecklistItem.objects.filter(partnership=partnership)
        .values("stage", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["stage"], {})[row["status"]] = row["n"]
    return [
        StageProgress(stage=stage, counts=counts.get(stage.slug, {}))
        for stage in load_content().stages
    ]


def overdue_items(
    partnership: Partnership, today: datetime.date | None = None
) -> QuerySet[ChecklistItem]:
    """Open items whose due date has passed, oldest first."""
    today = today or timezone.localdate()
    return (
        ChecklistItem.objects.filter(partnership=partnership, due_date__lt=today)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("owner__user")
        .order_by("due_date", "id")
    )


def items_owned_by(membership) -> QuerySet[ChecklistItem]:
    return (
        ChecklistItem.objects.filter(partnership=membership.partnership, owner=membership)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("due_date", "id")
    )
