"""One of everything a sharing URL can point at, for the URL walk: a published plan."""

import datetime

from placematters.planning import actions as planning_actions
from placematters.sharing import actions, queries
from placematters.sharing.models import PublicationKind


def sharing_world(owner, partnership) -> dict:
    if not partnership.plan_actions.exists():
        planning_actions.plan_action_add(
            by=owner,
            partnership=partnership,
            title="Sharing world action",
            due_date=datetime.date(2027, 3, 31),
        )
    publication = actions.publication_publish(
        by=owner,
        partnership=partnership,
        confirmed=True,
        kind=PublicationKind.PLAN,
        title="World plan",
        summary="A plan for the URL walk.",
        content=queries.redacted_plan(
            partnership, include_organisations=False, include_communities=False
        ),
    )
    return {"publication_id": publication.pk, "publication_kind": "plan"}
