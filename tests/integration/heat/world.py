"""One of everything a HEAT URL can point at, for the URL walk (a draft assessment)."""

from placematters.heat import actions


def heat_world(owner, partnership) -> dict:
    assessment = actions.heat_assessment_start(
        by=owner, partnership=partnership, title="World assessment"
    )
    return {"assessment_id": assessment.pk}
