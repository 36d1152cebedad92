"""The illustrative action plan: five actions, one answering a priority finding, one overdue,
one done; loading twice adds nothing."""

import datetime

from placematters.demo.planning import demo_planning_load
from placematters.planning import queries
from tests.integration.planning.helpers import finding


def test_demo_plan_is_illustrative_and_idempotent(owner, editor, partnership):
    today = datetime.date(2027, 1, 15)
    priority = finding(owner, partnership)
    demo_planning_load(partnership=partnership, by=owner, today=today)
    found = list(queries.plan_actions(partnership))
    assert len(found) == 5
    assert all("(illustrative)" in action.title for action in found)
    assert [action.priority for action in found if action.priority_id] == [priority]
    assert queries.overdue_actions(partnership, today).count() == 1
    assert sum(action.status == "done" for action in found) == 1
    demo_planning_load(partnership=partnership, by=owner, today=today)
    assert queries.plan_actions(partnership).count() == 5


def test_demo_marks_a_finding_from_the_demo_indicator_when_none_is_held(owner, partnership):
    from placematters.demo.data import SPECS, external_id
    from placematters.indicators.models import Indicator

    spec = next(spec for spec in SPECS if spec.key == "under-75-mortality")
    Indicator.objects.create(
        partnership=partnership, name=spec.name, external_id=external_id(spec),
        value_type="dsr", polarity="lower_is_better",
    )  # fmt: skip
    demo_planning_load(partnership=partnership, by=owner)
    linked = [action for action in queries.plan_actions(partnership) if action.priority_id]
    assert len(linked) == 1 and linked[0].priority.area_code == "E07000147"
