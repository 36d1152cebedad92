"""The illustrative engagement demo: a plan, a log, a partial trail, a gap, capacity."""

import datetime

from placematters.audit.models import AuditEvent
from placematters.demo.engagement import (
    LINKED_PLAN_ACTION,
    engagement_demo_link_plan,
    engagement_demo_load,
)
from placematters.demo.planning import demo_planning_load
from placematters.engagement import queries
from placematters.engagement.presenters import QUOTE_WITHHELD
from placematters.partnerships import actions as partnership_actions


def test_demo_engagement_is_illustrative_partial_and_idempotent(owner, editor, partnership):
    today = datetime.date(2027, 1, 15)
    engagement_demo_load(partnership=partnership, by=owner, today=today)
    communities = list(queries.communities(partnership))
    assert len(communities) == 5 and sum(c.is_priority for c in communities) == 4
    assert queries.plan_entries(partnership).count() == 4
    assert queries.log_entries(partnership).count() == 3
    stages = {row.stage for row in queries.trail(partnership)}
    assert stages == {"heard", "decided", "done"}, "a partial trail with gaps"
    gaps = [row.name for row in queries.coverage_gaps(partnership)]
    assert gaps, "the demo shows a coverage gap"
    assert queries.capacity_activities(partnership).count() == 4
    assert QUOTE_WITHHELD in repr(queries.summary_sections(partnership))
    assert all("(illustrative)" in entry.title for entry in queries.log_entries(partnership))

    engagement_demo_load(partnership=partnership, by=owner, today=today)
    assert queries.communities(partnership).count() == 5
    assert queries.log_entries(partnership).count() == 3


def _linked(partnership) -> list[str]:
    return [
        action.title
        for row in queries.trail(partnership)
        if row.decision is not None
        for action in row.plan_actions
    ]


def test_demo_links_one_decision_to_the_plan_whichever_loads_first(owner, partnership, make_user):
    today = datetime.date(2027, 1, 15)
    # Engagement first (the builder's order): linked by the link step after the plan loads.
    engagement_demo_load(partnership=partnership, by=owner, today=today)
    assert _linked(partnership) == []
    demo_planning_load(partnership=partnership, by=owner, today=today)
    engagement_demo_load(partnership=partnership, by=owner, today=today)
    assert _linked(partnership) == [], "reloading an existing demo writes nothing"
    engagement_demo_link_plan(partnership=partnership, by=owner)
    assert _linked(partnership) == [LINKED_PLAN_ACTION]
    stages = {row.stage for row in queries.trail(partnership)}
    assert stages == {"heard", "decided", "done"}, "still a partial trail"
    events = AuditEvent.objects.filter(partnership=partnership).count()
    engagement_demo_link_plan(partnership=partnership, by=owner)
    assert _linked(partnership) == [LINKED_PLAN_ACTION], "idempotent"
    assert AuditEvent.objects.filter(partnership=partnership).count() == events

    # Planning first: linked by the engagement loader itself.
    other_owner = make_user()
    other = partnership_actions.partnership_create(by=other_owner, name="Second demo")
    demo_planning_load(partnership=other, by=other_owner, today=today)
    engagement_demo_load(partnership=other, by=other_owner, today=today)
    assert _linked(other) == [LINKED_PLAN_ACTION]
