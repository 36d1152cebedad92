"""One of everything an action-plan URL can point at, for the URL walk."""

import datetime

from placematters.planning import actions


def planning_world(owner, partnership) -> dict:
    action = actions.plan_action_add(
        by=owner,
        partnership=partnership,
        title="World action",
        due_date=datetime.date(2027, 3, 31),
    )
    milestone = actions.plan_milestone_add(
        by=owner, action=action, title="World milestone", due_date=datetime.date(2027, 1, 31)
    )
    return {"action_id": action.pk, "milestone_id": milestone.pk}
