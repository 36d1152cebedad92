"""One of everything an evaluation URL can point at, for the URL walk."""

from placematters.evaluation import actions
from placematters.logic_model import actions as logic_actions


def evaluation_world(owner, partnership) -> dict:
    outcome = logic_actions.logic_element_add(
        by=owner, partnership=partnership, kind="outcome_medium", title="World evaluated outcome"
    )
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=outcome, target="Half as many by 2030"
    )
    return {"outcome_id": outcome.pk}
