"""One of everything a self-assessment URL can point at, for the URL walk (a rated step)."""

from placematters.selfassessment import actions


def selfassessment_world(owner, partnership) -> dict:
    rating = actions.step_rating_record(
        by=owner, partnership=partnership, step=2, rating="developing", evidence="A JSNA chapter"
    )
    return {"step_number": rating.step}
