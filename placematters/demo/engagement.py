"""Illustrative community engagement for the demo partnership, through the real actions.

Everything here is invented and labelled illustrative. Loading is idempotent: nothing is added
when the demo partnership already has target communities.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from placematters.engagement import actions
from placematters.engagement import queries as engagement_queries
from placematters.partnerships.models import Partnership, Role
from placematters.partnerships.queries import members
from placematters.planning import queries as planning_queries

BUS_HEARD = "The bus to the surgery runs twice a day."
LINKED_PLAN_ACTION = "Health checks at the community food pantry (illustrative)"


def engagement_demo_link_plan(*, partnership: Partnership, by) -> None:
    """Link the demo's outreach decision to the demo action plan's health checks action.

    Nothing happens until both the engagement and the planning demos exist, and nothing changes
    once the decision has any plan action linked, so calling it again writes nothing.
    ``builder._load_tools`` calls it after the planning loader; the engagement loader also
    calls it at the end of a fresh load, for when the planning demo was loaded first.
    """
    action = planning_queries.plan_actions(partnership).filter(title=LINKED_PLAN_ACTION).first()
    heard = (
        engagement_queries.heard_items(partnership).filter(text=BUS_HEARD).first()
        if action is not None
        else None
    )
    decision = engagement_queries.decision_for(partnership, heard) if heard else None
    if decision is None or decision.plan_actions.exists():
        return
    actions.decision_record(
        by=by,
        heard=heard,
        text=decision.text,
        decided_on=decision.decided_on,
        decided_by=decision.decided_by,
        action_reference=decision.action_reference,
        action_status=decision.action_status,
        plan_actions=[action],
    )


def engagement_demo_load(*, partnership: Partnership, by, today: datetime.date | None = None):
    if engagement_queries.communities(partnership).exists():
        return
    today = today or timezone.localdate()

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    editor = members(partnership).filter(role=Role.EDITOR).first()
    communities = [
        ("core20plus5-adults", "coastal", "",
         "Illustrative: coastal wards have the lowest life expectancy in the district.", True),
        ("own", "", "Seasonal and holiday-park workers (illustrative)",
         "Illustrative: not registered with a GP locally and missing from most data.", True),
        ("core20plus5-cyp", "young-carers", "",
         "Illustrative: schools report young carers missing health checks.", True),
        ("inclusion-health", "gypsy-roma-traveller", "",
         "Illustrative: a site on the edge of the district with poor access to services.", True),
        ("protected", "age", "",
         "Illustrative: an older population than England's, many living alone.", False),
    ]  # fmt: skip
    coastal, seasonal, carers, traveller, older = (
        actions.target_community_add(
            by=by,
            partnership=partnership,
            source=source,
            reference_key=reference_key,
            name=name,
            why=why,
            is_priority=is_priority,
        )
        for source, reference_key, name, why, is_priority in communities
    )

    plan = [
        (coastal, "Hear what makes it hard to see a GP or dentist", "involving",
         "Drop-in sessions at the community larder and the lifeboat station",
         "collaborations-partnerships", -40, 20, "under_way"),
        (seasonal, "Find out which services seasonal workers use and trust", "consulting",
         "Short conversations at holiday parks with the parks' welfare staff",
         "access-community-resources", 10, 60, "planned"),
        (carers, "Let young carers shape a health check that fits around school", "collaborating",
         "Workshops with the young carers' group, in school time", "volunteer-peer-roles",
         30, 90, "planned"),
        (traveller, "Share the new outreach clinic dates", "informing",
         "Leaflets and a visit from the liaison officer", "access-community-resources",
         -20, -20, "done"),
    ]  # fmt: skip
    for community, purpose, level, method, approach, start, end, status in plan:
        actions.plan_entry_add(
            by=by,
            partnership=partnership,
            community=community,
            purpose=purpose,
            level=level,
            method=method,
            approach=approach,
            lead=editor,
            starts_on=day(start),
            ends_on=day(end),
            status=status,
        )

    larder = actions.log_entry_add(
        by=by,
        partnership=partnership,
        title="Drop-in at the community larder (illustrative)",
        happened_on=day(-30),
        communities=[coastal, older],
        participants="Larder users, two volunteers, a social prescriber",
        participant_count=23,
        level_reached="involving",
        notes="Illustrative notes: most people came for food and stayed to talk.",
        links=["https://example.org/illustrative/larder-notes"],
    )
    bus = actions.heard_add(by=by, entry=larder, kind="theme", text=BUS_HEARD)
    actions.heard_add(
        by=by,
        entry=larder,
        kind="quote",
        text="By the time I can get an appointment I've given up.",
        consent=True,
    )
    actions.heard_add(
        by=by,
        entry=larder,
        kind="quote",
        text="I don't want my neighbours knowing I come here.",
        consent=False,
    )
    dentist = actions.heard_add(
        by=by, entry=larder, kind="theme", text="No NHS dentist taking new patients nearby."
    )
    lifeboat = actions.log_entry_add(
        by=by,
        partnership=partnership,
        title="Coffee morning at the lifeboat station (illustrative)",
        happened_on=day(-12),
        communities=[coastal],
        participants="Fishing families and retired residents",
        participant_count=14,
        level_reached="consulting",
    )
    actions.heard_add(
        by=by, entry=lifeboat, kind="theme", text="People want health checks where they already go."
    )
    site = actions.log_entry_add(
        by=by,
        partnership=partnership,
        title="Liaison visit to the Traveller site (illustrative)",
        happened_on=day(-20),
        communities=[traveller],
        participants="Families on the site",
        participant_count=9,
        level_reached="informing",
    )
    actions.heard_add(by=by, entry=site, kind="theme", text="Clinic letters do not arrive.")

    actions.decision_record(
        by=by,
        heard=bus,
        text="Run a monthly outreach clinic in the coastal village hall.",
        decided_on=day(-10),
        decided_by="Partnership board (illustrative)",
        action_reference="Outreach clinic pilot (illustrative)",
        action_status="under_way",
    )
    actions.decision_record(
        by=by,
        heard=dentist,
        text="Ask the ICB dental team for a community dental session each quarter.",
        decided_on=day(-8),
        decided_by="Partnership board (illustrative)",
        action_reference="Letter to the ICB dental commissioning team (illustrative)",
        action_status="done",
    )

    engagement_demo_link_plan(partnership=partnership, by=by)

    activities = [
        ("community_action", "Larder health corner (illustrative)",
         "Volunteers run a weekly blood-pressure check at the larder.",
         "Coastal Community Action (illustrative)", coastal, "under_way", -25, None, None, 6),
        ("training", "Health champion training (illustrative)", "",
         "Coastal Community Action (illustrative)", coastal, "done", -60, -45, Decimal("1200"), 8),
        ("small_grant", "Young carers' group small grant (illustrative)",
         "For transport to workshops.", "Young carers' group (illustrative)", carers, "planned",
         30, 365, Decimal("2500"), None),
        ("volunteer_role", "Holiday-park health buddies (illustrative)", "",
         "Holiday-park welfare staff (illustrative)", seasonal, "planned", 15, None, None, 4),
    ]  # fmt: skip
    for (
        kind,
        title,
        description,
        owner,
        community,
        status,
        start,
        end,
        amount,
        people,
    ) in activities:
        actions.capacity_activity_add(
            by=by,
            partnership=partnership,
            kind=kind,
            title=title,
            description=description,
            owner=owner,
            community=community,
            status=status,
            starts_on=day(start),
            ends_on=day(end) if end is not None else None,
            amount=amount,
            people=people,
        )
