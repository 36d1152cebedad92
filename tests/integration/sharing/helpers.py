"""A plan worth publishing: owner, organisation and community named, a milestone."""

import datetime

from placematters.engagement import actions as engagement_actions
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Sector
from placematters.partnerships.queries import membership_of
from placematters.planning import actions as planning_actions

DUE = datetime.date(2027, 3, 31)


def plan_with_private_details(owner, partnership):
    organisation = partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="Harbour Health Trust", sector=Sector.NHS
    )
    community = engagement_actions.target_community_add(
        by=owner, partnership=partnership, source="own", name="Fisher families of Wells"
    )
    action = planning_actions.plan_action_add(
        by=owner,
        partnership=partnership,
        title="Walking groups for Fisher families of Wells",
        description="Led by Harbour Health Trust. Contact owner@example.org.",
        why="Olive Owner heard that families want to walk together.",
        segment="community",
        determinant="diet-exercise",
        intensity="targeted",
        life_stages=["working_age"],
        ihe_step=5,
        start_date=DUE - datetime.timedelta(days=100),
        due_date=DUE,
        owner=membership_of(owner, partnership),
        organisation=organisation,
        communities=[community],
    )
    planning_actions.plan_milestone_add(
        by=owner, action=action, title="First walk", due_date=DUE - datetime.timedelta(days=70)
    )
    return action
