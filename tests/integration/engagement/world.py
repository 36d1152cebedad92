"""One of everything an engagement URL can point at, for the URL walk."""

import datetime

from placematters.engagement import actions


def engagement_world(owner, partnership) -> dict:
    community = actions.target_community_add(
        by=owner, partnership=partnership, source="own", name="World community", is_priority=True
    )
    plan = actions.plan_entry_add(
        by=owner,
        partnership=partnership,
        community=community,
        purpose="Hear about access",
        level="consulting",
        method="Drop-in",
        approach="strengthening-communities",
    )
    entry = actions.log_entry_add(
        by=owner,
        partnership=partnership,
        title="World drop-in",
        happened_on=datetime.date(2026, 5, 1),
        communities=[community],
        level_reached="consulting",
    )
    heard = actions.heard_add(by=owner, entry=entry, kind="theme", text="Buses are rare")
    activity = actions.capacity_activity_add(
        by=owner, partnership=partnership, kind="training", title="World training", owner="Group"
    )
    return {
        "community_id": community.pk,
        "plan_entry_id": plan.pk,
        "log_entry_id": entry.pk,
        "heard_id": heard.pk,
        "capacity_id": activity.pk,
    }
