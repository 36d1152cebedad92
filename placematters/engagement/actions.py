"""Every change to community engagement: each checks the role, runs in one transaction and is
audited. Bad input raises ``ValidationError`` before anything is written."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.engagement.content import GEOGRAPHY, OWN, load_communities
from placematters.engagement.models import (
    ActionStatus,
    CapacityActivity,
    Decision,
    Heard,
    HeardKind,
    LogEntry,
    LogLink,
    PlanEntry,
    TargetCommunity,
)
from placematters.partnerships.actions import require
from placematters.partnerships.models import Membership, Partnership
from placematters.partnerships.permissions import Permission
from placematters.partnerships.queries import areas


def _clean(instance, exclude: list[str]) -> None:
    instance.full_clean(exclude=exclude, validate_constraints=False)


# --- Target communities ------------------------------------------------------------------------


def _reference_name(partnership: Partnership, source: str, reference_key: str, name: str) -> str:
    """The community's name: the reference list's name, the area's name, or the own name."""
    if source == OWN:
        if not name.strip():
            raise ValidationError({"name": "Enter the name of the community"})
        return name.strip()
    if source == GEOGRAPHY:
        area = next((a for a in areas(partnership) if a.gss_code == reference_key), None)
        if area is None:
            raise ValidationError({"reference_key": "Choose one of the partnership's areas"})
        return f"People living in {area.name}"
    reference = load_communities().reference_list(source)
    group = reference.group(reference_key) if reference else None
    if group is None:
        raise ValidationError({"reference_key": "Choose a community from the list"})
    return group.name


def _community_snapshot(community: TargetCommunity) -> dict:
    return {
        "name": community.name,
        "why": community.why,
        "priority": "Yes" if community.is_priority else "No",
    }


@transaction.atomic
def target_community_add(
    *,
    by,
    partnership: Partnership,
    source: str,
    reference_key: str = "",
    name: str = "",
    why: str = "",
    is_priority: bool = False,
) -> TargetCommunity:
    require(partnership, by, Permission.EDIT_WORK)
    name = _reference_name(partnership, source, reference_key, name)
    if TargetCommunity.objects.filter(partnership=partnership, name=name).exists():
        raise ValidationError({"name": f"'{name}' is already one of your target communities"})
    community = TargetCommunity(
        partnership=partnership,
        source=source,
        reference_key="" if source == OWN else reference_key,
        name=name,
        why=why.strip(),
        is_priority=is_priority,
    )
    _clean(community, ["partnership"])
    community.save()
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="target_community.added",
        target=community,
        after=_community_snapshot(community),
    )
    return community


@transaction.atomic
def target_community_update(
    *, by, community: TargetCommunity, why: str, is_priority: bool
) -> TargetCommunity:
    require(community.partnership, by, Permission.EDIT_WORK)
    before = _community_snapshot(community)
    community.why, community.is_priority = why.strip(), is_priority
    community.save(update_fields=["why", "is_priority"])
    old, new = changed_fields(before, _community_snapshot(community))
    if new:
        audit_event_record(
            by=by,
            partnership=community.partnership,
            verb="target_community.updated",
            target=community,
            before=old,
            after=new,
        )
    return community


@transaction.atomic
def target_community_remove(*, by, community: TargetCommunity) -> None:
    require(community.partnership, by, Permission.EDIT_WORK)
    if community.log_entries.exists():
        raise ValidationError(
            f"'{community.name}' appears in the engagement log, so it cannot be removed. "
            "Untick 'priority' instead if it is no longer a priority."
        )
    audit_event_record(
        by=by,
        partnership=community.partnership,
        verb="target_community.removed",
        target=community,
        before=_community_snapshot(community),
    )
    community.delete()


# --- Plan --------------------------------------------------------------------------------------


def _check_community(partnership: Partnership, community: TargetCommunity | None) -> None:
    if community is None or community.partnership_id != partnership.pk:
        raise ValidationError({"community": "Choose one of your target communities"})


def _check_lead(partnership: Partnership, lead: Membership | None) -> None:
    if lead is not None and lead.partnership_id != partnership.pk:
        raise ValidationError({"lead": "Choose a lead who is a member of this partnership"})


def _check_dates(starts_on, ends_on, field: str = "ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({field: "The end date must be the same as or after the start date"})


def _plan_snapshot(entry: PlanEntry) -> dict:
    return {
        "community": entry.community.name,
        "purpose": entry.purpose,
        "level": entry.get_level_display(),
        "method": entry.method,
        "approach": entry.get_approach_display(),
        "lead": entry.lead.user.display_name if entry.lead else None,
        "starts_on": entry.starts_on,
        "ends_on": entry.ends_on,
        "status": entry.get_status_display(),
    }


@transaction.atomic
def plan_entry_add(
    *,
    by,
    partnership: Partnership,
    community: TargetCommunity,
    purpose: str,
    level: str,
    method: str,
    approach: str,
    lead: Membership | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    status: str = "planned",
) -> PlanEntry:
    require(partnership, by, Permission.EDIT_WORK)
    _check_community(partnership, community)
    _check_lead(partnership, lead)
    _check_dates(starts_on, ends_on)
    entry = PlanEntry(
        partnership=partnership,
        community=community,
        purpose=purpose,
        level=level,
        method=method,
        approach=approach,
        lead=lead,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    )
    _clean(entry, ["partnership", "community", "lead"])
    entry.save()
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="engagement_plan.added",
        target=entry,
        after=_plan_snapshot(entry),
    )
    return entry


@transaction.atomic
def plan_entry_update(
    *,
    by,
    entry: PlanEntry,
    community: TargetCommunity,
    purpose: str,
    level: str,
    method: str,
    approach: str,
    lead: Membership | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    status: str,
) -> PlanEntry:
    require(entry.partnership, by, Permission.EDIT_WORK)
    _check_community(entry.partnership, community)
    _check_lead(entry.partnership, lead)
    _check_dates(starts_on, ends_on)
    before = _plan_snapshot(entry)
    entry.community, entry.purpose, entry.level, entry.method = community, purpose, level, method
    entry.approach, entry.lead, entry.starts_on, entry.ends_on = approach, lead, starts_on, ends_on
    entry.status = status
    _clean(entry, ["partnership", "community", "lead"])
    entry.save()
    old, new = changed_fields(before, _plan_snapshot(entry))
    if new:
        audit_event_record(
            by=by,
            partnership=entry.partnership,
            verb="engagement_plan.updated",
            target=entry,
            before=old,
            after=new,
        )
    return entry


@transaction.atomic
def plan_entry_remove(*, by, entry: PlanEntry) -> None:
    require(entry.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=entry.partnership,
        verb="engagement_plan.removed",
        target=entry,
        before=_plan_snapshot(entry),
    )
    entry.delete()


# --- Log ---------------------------------------------------------------------------------------


def _check_links(links: list[str]) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    cleaned = [link.strip() for link in links if link.strip()]
    for link in cleaned:
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                {"links": f"'{link[:80]}' is not a web address: start each link with https://"}
            ) from None
        if len(link) > 500:
            raise ValidationError({"links": "Each web address must be 500 characters or fewer"})
    return cleaned


@transaction.atomic
def log_entry_add(
    *,
    by,
    partnership: Partnership,
    title: str,
    happened_on: datetime.date,
    communities: list[TargetCommunity],
    level_reached: str,
    participants: str = "",
    participant_count: int | None = None,
    notes: str = "",
    links: list[str] | None = None,
) -> LogEntry:
    """Record an engagement that happened, with the communities it reached and its links."""
    require(partnership, by, Permission.EDIT_WORK)
    communities = list(communities)
    if not communities:
        raise ValidationError({"communities": "Choose at least one community that took part"})
    for community in communities:
        _check_community(partnership, community)
    cleaned_links = _check_links(links or [])
    entry = LogEntry(
        partnership=partnership,
        title=title,
        happened_on=happened_on,
        participants=participants,
        participant_count=participant_count,
        level_reached=level_reached,
        notes=notes,
    )
    _clean(entry, ["partnership"])
    entry.save()
    entry.communities.set(communities)
    LogLink.objects.bulk_create(LogLink(entry=entry, url=url) for url in cleaned_links)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="engagement_log.added",
        target=entry,
        after={
            "happened_on": happened_on,
            "communities": ", ".join(c.name for c in communities),
            "level": entry.get_level_reached_display(),
            "participant_count": participant_count,
        },
    )
    return entry


@transaction.atomic
def log_entry_remove(*, by, entry: LogEntry) -> None:
    require(entry.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=entry.partnership,
        verb="engagement_log.removed",
        target=entry,
        before={"happened_on": entry.happened_on, "heard": entry.heard.count()},
    )
    entry.delete()


@transaction.atomic
def heard_add(*, by, entry: LogEntry, kind: str, text: str, consent: bool = False) -> Heard:
    """Add a theme or a quote heard at an engagement; consent only means something for quotes."""
    require(entry.partnership, by, Permission.EDIT_WORK)
    heard = Heard(
        entry=entry, kind=kind, text=text.strip(), consent=consent and kind == HeardKind.QUOTE
    )
    _clean(heard, ["entry"])
    heard.save()
    audit_event_record(
        by=by,
        partnership=entry.partnership,
        verb="heard.added",
        target=entry,
        # The audit keeps no quote text: a quote without consent must not spread.
        after={
            "heard": heard.get_kind_display()
            + (" (consent given)" if heard.consent else " (no consent)" if heard.is_quote else "")
        },
    )
    return heard


@transaction.atomic
def heard_remove(*, by, heard: Heard) -> None:
    entry = heard.entry
    require(entry.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=entry.partnership,
        verb="heard.removed",
        target=entry,
        before={"heard": heard.get_kind_display()},
    )
    heard.delete()


def _decision_snapshot(decision: Decision) -> dict:
    return {
        "decision": decision.text,
        "decided_on": decision.decided_on,
        "decided_by": decision.decided_by,
        "action_reference": decision.action_reference,
        "action_status": decision.get_action_status_display(),
        "plan_actions": ", ".join(sorted(a.title for a in decision.plan_actions.all()))
        if decision.pk
        else "",
    }


OTHER_PARTNERSHIP_ACTION = "Choose actions from this partnership's action plan only"


def _check_plan_actions(partnership: Partnership, plan_actions) -> list:
    chosen = list(plan_actions)
    if any(action.partnership_id != partnership.pk for action in chosen):
        raise ValidationError({"plan_actions": OTHER_PARTNERSHIP_ACTION})
    return chosen


@transaction.atomic
def decision_record(
    *,
    by,
    heard: Heard,
    text: str,
    decided_on: datetime.date,
    decided_by: str,
    action_reference: str = "",
    action_status: str = ActionStatus.NONE,
    plan_actions=(),
) -> Decision:
    """Record (or change) the decision taken on something heard and the action it led to.

    ``plan_actions`` are the partnership's plan actions that carry it out (replacing any linked
    before); an action from another partnership is refused and nothing is saved. The free-text
    reference and its progress stay for an action outside the plan.
    """
    partnership = heard.entry.partnership
    require(partnership, by, Permission.EDIT_WORK)
    chosen = _check_plan_actions(partnership, plan_actions)
    if action_status and not action_reference.strip():
        raise ValidationError(
            {"action_reference": "Say which action this is before giving its progress"}
        )
    decision = Decision.objects.filter(heard=heard).first() or Decision(heard=heard)
    before = _decision_snapshot(decision) if decision.pk else {}
    decision.text, decision.decided_on, decision.decided_by = text, decided_on, decided_by
    decision.action_reference, decision.action_status = action_reference.strip(), action_status
    _clean(decision, ["heard"])
    decision.save()
    decision.plan_actions.set(chosen)
    old, new = changed_fields(before, _decision_snapshot(decision))
    if new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="decision.recorded",
            target=heard.entry,
            before=old,
            after=new,
        )
    return decision


# --- Capacity and sustainability ----------------------------------------------------------------


def _activity_snapshot(activity: CapacityActivity) -> dict:
    return {
        "kind": activity.get_kind_display(),
        "title": activity.title,
        "description": activity.description,
        "owner": activity.owner,
        "community": activity.community.name if activity.community else None,
        "status": activity.get_status_display(),
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "amount": activity.amount,
        "people": activity.people,
    }


def _fill_activity(activity: CapacityActivity, partnership: Partnership, **fields) -> None:
    community = fields["community"]
    if community is not None:
        _check_community(partnership, community)
    _check_dates(fields["starts_on"], fields["ends_on"])
    amount = fields["amount"]
    if amount is not None and Decimal(amount) < 0:
        raise ValidationError({"amount": "Enter an amount of £0 or more"})
    for name, value in fields.items():
        setattr(activity, name, value)
    _clean(activity, ["partnership", "community"])


@transaction.atomic
def capacity_activity_add(
    *,
    by,
    partnership: Partnership,
    kind: str,
    title: str,
    owner: str,
    description: str = "",
    community: TargetCommunity | None = None,
    status: str = "planned",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    amount: Decimal | None = None,
    people: int | None = None,
) -> CapacityActivity:
    require(partnership, by, Permission.EDIT_WORK)
    activity = CapacityActivity(partnership=partnership)
    _fill_activity(
        activity,
        partnership,
        kind=kind,
        title=title,
        owner=owner,
        description=description,
        community=community,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
        people=people,
    )
    activity.save()
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="capacity_activity.added",
        target=activity,
        after=_activity_snapshot(activity),
    )
    return activity


@transaction.atomic
def capacity_activity_update(
    *,
    by,
    activity: CapacityActivity,
    kind: str,
    title: str,
    owner: str,
    description: str,
    community: TargetCommunity | None,
    status: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    amount: Decimal | None,
    people: int | None,
) -> CapacityActivity:
    require(activity.partnership, by, Permission.EDIT_WORK)
    before = _activity_snapshot(activity)
    _fill_activity(
        activity,
        activity.partnership,
        kind=kind,
        title=title,
        owner=owner,
        description=description,
        community=community,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
        people=people,
    )
    activity.save()
    old, new = changed_fields(before, _activity_snapshot(activity))
    if new:
        audit_event_record(
            by=by,
            partnership=activity.partnership,
            verb="capacity_activity.updated",
            target=activity,
            before=old,
            after=new,
        )
    return activity
