"""The illustrative engagement demo: a plan, a log, a partial trail, a gap, capacity."""

import datetime

from placematters.demo.engagement import engagement_demo_load
from placematters.engagement import queries
from placematters.engagement.presenters import QUOTE_WITHHELD


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
