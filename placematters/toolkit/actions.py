"""Every change to checklist items, each audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.partnerships.actions import require
from placematters.partnerships.models import Membership, Partnership
from placematters.partnerships.permissions import Permission
from placematters.toolkit.content import load_content
from placematters.toolkit.models import ChecklistItem, EvidenceLink, Status


@transaction.atomic
def checklist_seed(*, by, partnership: Partnership) -> list[ChecklistItem]:
    """Give a partnership the reviewed checklist items it does not have yet (idempotent)."""
    content = load_content()
    existing = set(
        ChecklistItem.objects.filter(partnership=partnership)
        .exclude(content_key="")
        .values_list("content_key", flat=True)
    )
    new_items = [
        ChecklistItem(
            partnership=partnership,
            stage=stage.slug,
            position=(index + 1) * 10,
            content_key=item.key,
            content_version=content.version,
            title=item.title,
            description=item.description,
            source=f"{content.sources[item.source]} {item.cite}.",
        )
        for stage in content.stages
        for index, item in enumerate(stage.items)
        if item.key not in existing
    ]
    created = ChecklistItem.objects.bulk_create(new_items)
    if created:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="checklist.seeded",
            target_type="checklist",
            target_label=f"{len(created)} checklist items (content version {content.version})",
        )
    return created


def _snapshot(item: ChecklistItem) -> dict:
    return {
        "title": item.title,
        "description": item.description,
        "status": item.get_status_display(),
        "owner": item.owner.user.display_name if item.owner else None,
        "due_date": item.due_date,
        "notes": item.notes,
    }


def _check_owner(item_partnership: Partnership, owner: Membership | None) -> None:
    if owner is not None and owner.partnership_id != item_partnership.pk:
        raise ValidationError({"owner": "Choose an owner who is a member of this partnership"})


@transaction.atomic
def checklist_item_set_status(*, by, item: ChecklistItem, status: str) -> ChecklistItem:
    require(item.partnership, by, Permission.EDIT_WORK)
    if status not in Status.values:
        raise ValidationError({"status": "Choose one of the listed statuses"})
    before = item.get_status_display()
    if item.status != status:
        item.status = status
        item.save(update_fields=["status", "updated_at"])
        audit_event_record(
            by=by,
            partnership=item.partnership,
            verb="checklist_item.updated",
            target=item,
            before={"status": before},
            after={"status": item.get_status_display()},
        )
    return item


@transaction.atomic
def checklist_item_update(
    *,
    by,
    item: ChecklistItem,
    status: str,
    owner: Membership | None,
    due_date: datetime.date | None,
    notes: str,
    title: str | None = None,
    description: str | None = None,
) -> ChecklistItem:
    """Change an item's working fields; title and description only for the partnership's own."""
    require(item.partnership, by, Permission.EDIT_WORK)
    _check_owner(item.partnership, owner)
    before = _snapshot(item)
    item.status, item.owner, item.due_date, item.notes = status, owner, due_date, notes
    if item.is_custom:
        item.title = title if title is not None else item.title
        item.description = description if description is not None else item.description
    item.full_clean(exclude=["partnership", "owner"])
    item.save()
    old, new = changed_fields(before, _snapshot(item))
    if new:
        audit_event_record(
            by=by,
            partnership=item.partnership,
            verb="checklist_item.updated",
            target=item,
            before=old,
            after=new,
        )
    return item


@transaction.atomic
def checklist_item_create(
    *,
    by,
    partnership: Partnership,
    stage: str,
    title: str,
    description: str = "",
    owner: Membership | None = None,
    due_date: datetime.date | None = None,
) -> ChecklistItem:
    """Add the partnership's own item at the end of a stage's checklist."""
    require(partnership, by, Permission.EDIT_WORK)
    if load_content().stage(stage) is None:
        raise ValidationError({"stage": "Choose one of the four stages"})
    _check_owner(partnership, owner)
    last = ChecklistItem.objects.filter(partnership=partnership, stage=stage).aggregate(
        last=Max("position")
    )["last"]
    item = ChecklistItem(
        partnership=partnership,
        stage=stage,
        position=(last or 0) + 10,
        title=title,
        description=description,
        owner=owner,
        due_date=due_date,
    )
    item.full_clean(exclude=["partnership", "owner"])
    item.save()
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="checklist_item.created",
        target=item,
        after=_snapshot(item),
    )
    return item


@transaction.atomic
def checklist_item_delete(*, by, item: ChecklistItem) -> None:
    """Delete one of the partnership's own items (reviewed items can be marked not applicable)."""
    require(item.partnership, by, Permission.EDIT_WORK)
    if not item.is_custom:
        raise ValidationError(
            "Items from the toolkit cannot be deleted. Mark the item as not applicable instead."
        )
    audit_event_record(
        by=by,
        partnership=item.partnership,
        verb="checklist_item.deleted",
        target=item,
        before=_snapshot(item),
    )
    item.delete()


@transaction.atomic
def evidence_link_add(*, by, item: ChecklistItem, label: str, url: str) -> EvidenceLink:
    require(item.partnership, by, Permission.EDIT_WORK)
    link = EvidenceLink(item=item, label=label, url=url)
    link.full_clean(exclude=["item"])
    link.save()
    audit_event_record(
        by=by,
        partnership=item.partnership,
        verb="evidence_link.added",
        target=item,
        after={"evidence": f"{label} <{url}>"},
    )
    return link


@transaction.atomic
def evidence_link_remove(*, by, link: EvidenceLink) -> None:
    item = link.item
    require(item.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=item.partnership,
        verb="evidence_link.removed",
        target=item,
        before={"evidence": f"{link.label} <{link.url}>"},
    )
    link.delete()
