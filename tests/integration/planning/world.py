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
    allocation = actions.plan_allocation_attach(
        by=owner,
        action=action,
        basis="100 shared across 2 LSOAs by IMD 2019 score",
        measure_label="IMD 2019 score",
        geography="LSOAs",
        total=100.0,
        rows=[["E01000001", "World north", 40.0, 60.0, 60.0],
              ["E01000002", "World south", 20.0, 40.0, 40.0]],
        parameters={"areas": "lsoa", "measure": "imd_score", "total": "100"},
    )  # fmt: skip
    return {"action_id": action.pk, "milestone_id": milestone.pk, "allocation_id": allocation.pk}
