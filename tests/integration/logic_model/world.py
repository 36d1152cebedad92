"""One of everything a logic-model URL can point at, for the URL walk."""

from placematters.logic_model import actions


def logic_model_world(owner, partnership) -> dict:
    activity = actions.logic_element_add(
        by=owner, partnership=partnership, kind="activity", title="World activity"
    )
    outcome = actions.logic_element_add(
        by=owner, partnership=partnership, kind="outcome_short", title="World outcome"
    )
    link = actions.logic_link_add(
        by=owner, partnership=partnership, source=activity, target=outcome, confidence="high"
    )
    return {"logic_element_id": activity.pk, "logic_link_id": link.pk}
