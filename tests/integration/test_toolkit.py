"""Checklist actions and queries on a real database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.partnerships.permissions import NotAllowed
from placematters.partnerships.queries import membership_of
from placematters.toolkit import actions, queries
from placematters.toolkit.content import load_content
from placematters.toolkit.models import ChecklistItem, EvidenceLink, Status

pytestmark = pytest.mark.django_db


def first_item(partnership, stage="mapping-the-system") -> ChecklistItem:
    return queries.checklist_items(partnership, stage).first()


def test_seeding_is_idempotent_and_matches_the_content(partnership, owner):
    expected = sum(len(stage.items) for stage in load_content().stages)
    assert queries.checklist_items(partnership).count() == expected
    assert actions.checklist_seed(by=owner, partnership=partnership) == []
    assert queries.checklist_items(partnership).count() == expected
    item = first_item(partnership)
    assert item.content_version == load_content().version
    assert "Norfolk" in item.source


def test_stage_progress_counts_done_and_not_applicable(partnership, editor):
    items = list(queries.checklist_items(partnership, "implementation"))
    actions.checklist_item_set_status(by=editor, item=items[0], status=Status.DONE)
    actions.checklist_item_set_status(by=editor, item=items[1], status=Status.NOT_APPLICABLE)
    actions.checklist_item_set_status(by=editor, item=items[2], status=Status.IN_PROGRESS)
    progress = {p.stage.slug: p for p in queries.stage_progress(partnership)}
    implementation = progress["implementation"]
    assert implementation.total == len(items)
    assert implementation.closed == 2
    assert implementation.count(Status.IN_PROGRESS) == 1
    assert implementation.percent == round(100 * 2 / len(items))
    assert progress["mapping-the-system"].closed == 0


def test_status_change_is_audited_with_before_and_after(partnership, editor):
    item = first_item(partnership)
    actions.checklist_item_set_status(by=editor, item=item, status=Status.IN_PROGRESS)
    event = AuditEvent.objects.get(verb="checklist_item.updated")
    assert event.actor == editor
    assert event.before == {"status": "Not started"}
    assert event.after == {"status": "In progress"}
    actions.checklist_item_set_status(by=editor, item=item, status=Status.IN_PROGRESS)
    assert AuditEvent.objects.filter(verb="checklist_item.updated").count() == 1


def test_viewers_and_outsiders_cannot_change_items(partnership, viewer, outsider):
    item = first_item(partnership)
    for person in (viewer, outsider):
        with pytest.raises(NotAllowed):
            actions.checklist_item_set_status(by=person, item=item, status=Status.DONE)
    item.refresh_from_db()
    assert item.status == Status.NOT_STARTED


def test_update_sets_owner_due_date_and_notes(partnership, owner, editor):
    item = first_item(partnership)
    editor_membership = membership_of(editor, partnership)
    due = datetime.date(2027, 3, 31)
    actions.checklist_item_update(
        by=owner,
        item=item,
        status=Status.IN_PROGRESS,
        owner=editor_membership,
        due_date=due,
        notes="**Started**",
    )
    item.refresh_from_db()
    assert (item.owner, item.due_date, item.notes) == (editor_membership, due, "**Started**")
    event = AuditEvent.objects.get(verb="checklist_item.updated")
    assert event.after == {
        "status": "In progress",
        "owner": "Eddie Editor",
        "due_date": "2027-03-31",
        "notes": "**Started**",
    }


def test_owner_must_belong_to_the_same_partnership(partnership, owner, outsider):
    from placematters.partnerships.queries import memberships_for_user

    foreign = memberships_for_user(outsider).first()
    with pytest.raises(ValidationError):
        actions.checklist_item_update(
            by=owner,
            item=first_item(partnership),
            status=Status.DONE,
            owner=foreign,
            due_date=None,
            notes="",
        )


def test_custom_items_can_be_added_edited_and_deleted_but_toolkit_items_cannot(partnership, editor):
    custom = actions.checklist_item_create(
        by=editor, partnership=partnership, stage="evaluation-planning", title="Our own step"
    )
    assert custom.is_custom
    last = queries.checklist_items(partnership, "evaluation-planning").last()
    assert last == custom
    actions.checklist_item_update(
        by=editor,
        item=custom,
        status=Status.DONE,
        owner=None,
        due_date=None,
        notes="",
        title="Renamed step",
        description="Why",
    )
    custom.refresh_from_db()
    assert custom.title == "Renamed step"
    actions.checklist_item_delete(by=editor, item=custom)
    assert not ChecklistItem.objects.filter(pk=custom.pk).exists()
    with pytest.raises(ValidationError, match="not applicable"):
        actions.checklist_item_delete(by=editor, item=first_item(partnership))


def test_unknown_stage_is_refused(partnership, editor):
    with pytest.raises(ValidationError):
        actions.checklist_item_create(by=editor, partnership=partnership, stage="nope", title="x")


def test_overdue_items_exclude_closed_ones(partnership, editor):
    items = list(queries.checklist_items(partnership, "mapping-the-system")[:3])
    yesterday = datetime.date(2026, 11, 20)
    for item, status in zip(
        items, [Status.IN_PROGRESS, Status.DONE, Status.NOT_STARTED], strict=True
    ):
        actions.checklist_item_update(
            by=editor, item=item, status=status, owner=None, due_date=yesterday, notes=""
        )
    overdue = list(queries.overdue_items(partnership, today=datetime.date(2026, 11, 21)))
    assert overdue == [items[0], items[2]]


def test_evidence_links_are_validated_and_audited(partnership, editor):
    item = first_item(partnership)
    link = actions.evidence_link_add(
        by=editor, item=item, label="JSNA", url="https://example.org/jsna"
    )
    with pytest.raises(ValidationError):
        actions.evidence_link_add(by=editor, item=item, label="Bad", url="javascript:alert(1)")
    assert EvidenceLink.objects.filter(item=item).count() == 1
    actions.evidence_link_remove(by=editor, link=link)
    assert not EvidenceLink.objects.filter(item=item).exists()
    assert AuditEvent.objects.filter(verb__startswith="evidence_link").count() == 2


def test_queries_never_cross_tenants(partnership, outsider):
    from placematters.partnerships.queries import memberships_for_user

    theirs = memberships_for_user(outsider).first().partnership
    their_item = first_item(theirs)
    assert queries.checklist_item(partnership, their_item.pk) is None
    assert all(i.partnership_id == partnership.pk for i in queries.checklist_items(partnership))
