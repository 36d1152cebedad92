"""The demo partnership's illustrative self-assessment against the twelve steps, through the
real actions.

Ten of the twelve steps are rated (steps 11 and 12 are left for the partnership to do, so the
overview shows what an unrated step looks like); step 2 is rated twice, so its page shows a
change of rating. Loading is idempotent: a step that already has any rating is left alone.
"""

from placematters.selfassessment import actions, queries

ILLUSTRATIVE = "Illustrative: "

#: step number -> ratings in the order they were given, each (rating, evidence).
DEMO_RATINGS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        (
            "established",
            "The council leader and the ICB place director co-chair the partnership and "
            "report on fairer health to the health and wellbeing board twice a year.",
        ),
    ),
    2: (
        (
            "developing",
            "District-level indicators only; no breakdown below district yet.",
        ),
        (
            "established",
            "Ward-level profiles broken down by deprivation fifth, with the coastal wards and "
            "seasonal workers named as the groups with the widest gaps.",
        ),
    ),
    3: (
        (
            "developing",
            "The stop-smoking clinics follow national guidance; other actions still need their "
            "evidence written down.",
        ),
    ),
    4: (
        (
            "developing",
            "Housing and the district's economic team have joined; work and income are not yet "
            "linked to the health findings.",
        ),
    ),
    5: (
        (
            "not_started",
            "",
        ),
    ),
    6: (
        (
            "developing",
            "Actions cover working age and older age; early years and school age are thin.",
        ),
    ),
    7: (
        (
            "established",
            "Clinic hours and outreach are weighted towards the most deprived coastal wards.",
        ),
    ),
    8: (
        (
            "embedded",
            "Council, NHS and voluntary sector partners each commit time in the terms of "
            "reference, and the commitments are in their own business plans.",
        ),
    ),
    9: (
        (
            "developing",
            "Two resident panels have met; community groups co-lead one action so far.",
        ),
    ),
    10: (
        (
            "developing",
            "Each measure has an owner; reporting by deprivation group starts next quarter.",
        ),
    ),
}


def demo_selfassessment_load(*, partnership, by) -> None:
    rated = queries.current_ratings(partnership)
    for step, ratings in DEMO_RATINGS.items():
        if step in rated:
            continue
        for rating, evidence in ratings:
            actions.step_rating_record(
                by=by,
                partnership=partnership,
                step=step,
                rating=rating,
                evidence=f"{ILLUSTRATIVE}{evidence}" if evidence else "",
            )
