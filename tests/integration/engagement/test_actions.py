"""Every engagement action: the role check, the audit event, and nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.engagement import actions, queries
from placematters.engagement.models import Decision, Heard, LogEntry, LogLink, PlanEntry
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from placematters.partnerships.queries import membership_of

DAY = datetime.date(2027, 3, 1)


@pytest.fixture
def community(owner, partnership):
    return actions.target_community_add(
        by=owner,
        partnership=partnership,
        source="inclusion-health",
        reference_key="homelessness",
        why="Rough sleeping has doubled",
        is_priority=True,
    )


@pytest.fixture
def entry(owner, partnership, community):
    return actions.log_entry_add(
        by=owner,
        partnership=partnership,
        title="Drop-in at the day centre",
        happened_on=DAY,
        communities=[community],
        level_reached="consulting",
        participant_count=12,
        links=["https://example.org/notes"],
    )


def _verbs(partnership) -> list[str]:
    return list(AuditEvent.objects.filter(partnership=partnership).values_list("verb", flat=True))


def test_community_from_a_reference_list_takes_its_name_and_is_audited(owner, partnership):
    community = actions.target_community_add(
        by=owner, partnership=partnership, source="protected", reference_key="disability"
    )
    assert community.name == "Disability"
    assert "target_community.added" in _verbs(partnership)


def test_community_from_an_area_of_focus(owner, partnership):
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000147", name="North Norfolk"
    )
    community = actions.target_community_add(
        by=owner, partnership=partnership, source="geography", reference_key="E07000147"
    )
    assert community.name == "People living in North Norfolk"
    with pytest.raises(ValidationError) as error:
        actions.target_community_add(
            by=owner, partnership=partnership, source="geography", reference_key="E07000148"
        )
    assert "areas" in str(error.value)


def test_unknown_reference_duplicate_and_nameless_own_are_refused(owner, partnership, community):
    with pytest.raises(ValidationError):
        actions.target_community_add(
            by=owner, partnership=partnership, source="protected", reference_key="height"
        )
    with pytest.raises(ValidationError) as duplicate:
        actions.target_community_add(
            by=owner,
            partnership=partnership,
            source="inclusion-health",
            reference_key="homelessness",
        )
    assert "already" in str(duplicate.value)
    with pytest.raises(ValidationError):
        actions.target_community_add(by=owner, partnership=partnership, source="own", name=" ")
    assert queries.communities(partnership).count() == 1


def test_viewer_is_refused_every_change(viewer, partnership, community, entry):
    with pytest.raises(NotAllowed):
        actions.target_community_add(by=viewer, partnership=partnership, source="own", name="X")
    with pytest.raises(NotAllowed):
        actions.target_community_update(by=viewer, community=community, why="", is_priority=False)
    with pytest.raises(NotAllowed):
        actions.heard_add(by=viewer, entry=entry, kind="theme", text="Something")
    with pytest.raises(NotAllowed):
        actions.capacity_activity_add(
            by=viewer, partnership=partnership, kind="training", title="T", owner="O"
        )
    assert not Heard.objects.exists()


def test_outsider_cannot_touch_the_partnership(outsider, partnership, community):
    with pytest.raises(NotAllowed):
        actions.target_community_remove(by=outsider, community=community)
    assert queries.community(partnership, community.pk) is not None


def test_update_and_remove_community(editor, partnership, community):
    actions.target_community_update(
        by=editor, community=community, why="New reason", is_priority=False
    )
    community.refresh_from_db()
    assert (community.why, community.is_priority) == ("New reason", False)
    actions.target_community_remove(by=editor, community=community)
    assert not queries.communities(partnership).exists()
    assert {"target_community.updated", "target_community.removed"} <= set(_verbs(partnership))


def test_a_logged_community_cannot_be_removed(owner, partnership, community, entry):
    with pytest.raises(ValidationError):
        actions.target_community_remove(by=owner, community=community)
    assert queries.community(partnership, community.pk) is not None


def test_plan_entry_add_update_remove(owner, editor, partnership, community):
    lead = membership_of(editor, partnership)
    entry = actions.plan_entry_add(
        by=owner,
        partnership=partnership,
        community=community,
        purpose="Hear about access",
        level="involving",
        method="Drop-ins",
        approach="strengthening-communities",
        lead=lead,
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=30),
    )
    actions.plan_entry_update(
        by=editor,
        entry=entry,
        community=community,
        purpose="Hear about access",
        level="collaborating",
        method="Drop-ins",
        approach="volunteer-peer-roles",
        lead=None,
        starts_on=DAY,
        ends_on=None,
        status="under_way",
    )
    entry.refresh_from_db()
    assert (entry.level, entry.status, entry.lead) == ("collaborating", "under_way", None)
    actions.plan_entry_remove(by=owner, entry=entry)
    assert not PlanEntry.objects.exists()
    assert {"engagement_plan.added", "engagement_plan.updated", "engagement_plan.removed"} <= set(
        _verbs(partnership)
    )


def test_plan_entry_bad_input_saves_nothing(owner, partnership, community, outsider):
    other = actions.target_community_add(
        by=outsider,
        partnership=membership_of_outsider(outsider).partnership,
        source="own",
        name="Elsewhere",
    )
    base = {
        "by": owner,
        "partnership": partnership,
        "purpose": "P",
        "method": "M",
        "approach": "strengthening-communities",
    }
    with pytest.raises(ValidationError):
        actions.plan_entry_add(**base, community=community, level="shouting")
    with pytest.raises(ValidationError):
        actions.plan_entry_add(**base, community=other, level="informing")
    with pytest.raises(ValidationError) as dates:
        actions.plan_entry_add(
            **base,
            community=community,
            level="informing",
            starts_on=DAY,
            ends_on=DAY - datetime.timedelta(days=1),
        )
    assert "end date" in str(dates.value)
    assert not PlanEntry.objects.exists()


def membership_of_outsider(outsider):
    return outsider.memberships.get()


def test_log_entry_with_links_and_removal(owner, partnership, entry):
    assert [link.url for link in entry.links.all()] == ["https://example.org/notes"]
    actions.log_entry_remove(by=owner, entry=entry)
    assert not LogEntry.objects.exists() and not LogLink.objects.exists()
    assert {"engagement_log.added", "engagement_log.removed"} <= set(_verbs(partnership))


def test_log_entry_bad_link_or_no_community_saves_nothing(owner, partnership, community):
    with pytest.raises(ValidationError) as bad_link:
        actions.log_entry_add(
            by=owner,
            partnership=partnership,
            title="T",
            happened_on=DAY,
            communities=[community],
            level_reached="informing",
            links=["https://example.org/ok", "not a link"],
        )
    assert "not a web address" in str(bad_link.value)
    with pytest.raises(ValidationError):
        actions.log_entry_add(
            by=owner,
            partnership=partnership,
            title="T",
            happened_on=DAY,
            communities=[],
            level_reached="informing",
        )
    with pytest.raises(ValidationError):
        actions.log_entry_add(
            by=owner,
            partnership=partnership,
            title="",
            happened_on=DAY,
            communities=[community],
            level_reached="informing",
        )
    assert not LogEntry.objects.exists() and not LogLink.objects.exists()


def test_heard_add_keeps_quote_text_out_of_the_audit(owner, partnership, entry):
    quote = actions.heard_add(
        by=owner, entry=entry, kind="quote", text="Private words", consent=False
    )
    theme = actions.heard_add(by=owner, entry=entry, kind="theme", text="Buses", consent=True)
    assert quote.is_quote and not quote.consent
    assert not theme.consent, "consent is only recorded for quotes"
    events = AuditEvent.objects.filter(verb="heard.added")
    assert events.count() == 2
    assert all("Private words" not in str(e.after) + e.target_label for e in events)
    with pytest.raises(ValidationError):
        actions.heard_add(by=owner, entry=entry, kind="rumour", text="x")
    with pytest.raises(ValidationError):
        actions.heard_add(by=owner, entry=entry, kind="theme", text="  ")
    actions.heard_remove(by=owner, heard=theme)
    assert list(Heard.objects.values_list("text", flat=True)) == ["Private words"]


def test_decision_record_creates_then_updates_and_checks_the_action(owner, partnership, entry):
    heard = actions.heard_add(by=owner, entry=entry, kind="theme", text="Buses")
    actions.decision_record(
        by=owner, heard=heard, text="Ask for a bus", decided_on=DAY, decided_by="Board"
    )
    actions.decision_record(
        by=owner,
        heard=heard,
        text="Ask for a bus",
        decided_on=DAY,
        decided_by="Board",
        action_reference="Letter to the bus company",
        action_status="done",
    )
    assert Decision.objects.get().action_status == "done"
    with pytest.raises(ValidationError):
        actions.decision_record(
            by=owner, heard=heard, text="x", decided_on=DAY, decided_by="B", action_status="done"
        )
    assert Decision.objects.get().text == "Ask for a bus"
    assert _verbs(partnership).count("decision.recorded") == 2


def test_capacity_activity_add_update_and_bad_amount(owner, partnership, community):
    activity = actions.capacity_activity_add(
        by=owner,
        partnership=partnership,
        kind="small_grant",
        title="Grant",
        owner="Group",
        community=community,
        amount=Decimal("500"),
    )
    fields = {
        "kind": "small_grant",
        "title": "Grant",
        "owner": "Group",
        "description": "",
        "community": community,
        "status": "done",
        "starts_on": None,
        "ends_on": None,
        "people": 3,
    }
    actions.capacity_activity_update(by=owner, activity=activity, amount=Decimal("750"), **fields)
    activity.refresh_from_db()
    assert (activity.amount, activity.status) == (Decimal("750.00"), "done")
    with pytest.raises(ValidationError):
        actions.capacity_activity_update(
            by=owner, activity=activity, amount=Decimal("-1"), **fields
        )
    activity.refresh_from_db()
    assert activity.amount == Decimal("750.00")
    assert {"capacity_activity.added", "capacity_activity.updated"} <= set(_verbs(partnership))


def test_every_engagement_verb_has_a_phrase(owner, partnership, entry):
    for verb in _verbs(partnership):
        assert verb in VERB_PHRASES, verb
