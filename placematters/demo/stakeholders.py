"""Illustrative stakeholders and agreed infrastructure for the demo partnership.

Every person and group here is invented for the demo (the partnership itself is labelled
illustrative on every page). The twelve stakeholders are spread over the four quadrants of the
power/interest grid, and three are engaged differently from what their quadrant suggests, so
the grid's flags have something to show. Two pieces of partners' earlier work go in the
register of existing work. Loading is idempotent: stakeholders and existing work are matched by
name, and the governance, leads and commitments are added only where none are recorded.
"""

import datetime

from django.utils import timezone

from placematters.partnerships.queries import members, organisations
from placematters.stakeholders import actions, queries

COUNCIL = "North Norfolk District Council (illustrative)"
ICB = "Norfolk and Waveney ICB place team (illustrative)"
VCSE = "Coastal Community Action (illustrative)"

# name, kind, partner organisation, role, sector, power, interest, approach, lived experience,
# owner e-mail, reviewed days ago (None = never), influence notes
STAKEHOLDERS = [
    (
        "Director of Public Health (illustrative)",
        "person",
        None,
        "Director of Public Health",
        "local_authority",
        5,
        5,
        "manage_closely",
        False,
        "owner@demo.example",
        20,
        "Holds the public health grant and chairs the health inequalities group.",
    ),
    (
        "District council cabinet member for health",
        "person",
        COUNCIL,
        "Cabinet member",
        "local_authority",
        5,
        4,
        "manage_closely",
        False,
        "owner@demo.example",
        45,
        "Can put health on the council's agenda and unlock housing and leisure budgets.",
    ),
    (
        "ICB place director",
        "person",
        ICB,
        "Place director",
        "nhs",
        4,
        4,
        "manage_closely",
        False,
        "editor@demo.example",
        60,
        "Decides where place-based NHS funding goes.",
    ),
    (
        "Coastal Community Action",
        "organisation",
        VCSE,
        "Voluntary sector infrastructure body",
        "vcse",
        3,
        5,
        "keep_informed",
        False,
        "editor@demo.example",
        30,
        "Trusted by small community groups; runs the volunteer network.",
    ),
    (
        "County council highways team",
        "organisation",
        None,
        "Transport and highways",
        "local_authority",
        4,
        1,
        "keep_satisfied",
        False,
        None,
        200,
        "Controls bus subsidies and road safety schemes.",
    ),
    (
        "Local hospital trust board",
        "organisation",
        None,
        "Acute hospital trust",
        "nhs",
        5,
        2,
        "keep_satisfied",
        False,
        "owner@demo.example",
        120,
        "Interested mainly in admissions; could share discharge data.",
    ),
    (
        "Chamber of commerce",
        "organisation",
        None,
        "Local employers",
        "business",
        2,
        2,
        "monitor",
        False,
        None,
        None,
        "Employers could offer work placements and healthy workplaces.",
    ),
    (
        "Seaside residents' panel",
        "organisation",
        None,
        "Residents with lived experience",
        "community_group",
        2,
        5,
        "keep_informed",
        True,
        "editor@demo.example",
        15,
        "Members live in the most deprived neighbourhoods and speak from experience.",
    ),
    (
        "Young carers' group",
        "organisation",
        None,
        "Young carers' peer support",
        "community_group",
        1,
        4,
        "not_engaged",
        True,
        None,
        None,
        "Not yet contacted; a youth worker has offered an introduction.",
    ),
    (
        "Primary care network clinical director",
        "person",
        None,
        "GP and PCN clinical director",
        "nhs",
        2,
        4,
        "keep_informed",
        False,
        "editor@demo.example",
        90,
        "Can shape how practices reach people who rarely see a GP.",
    ),
    (
        "Parish councils' association",
        "organisation",
        None,
        "Parish and town councils",
        "local_authority",
        2,
        2,
        "monitor",
        False,
        None,
        300,
        "Small budgets; useful for local halls and notice boards.",
    ),
    (
        "Local newspaper",
        "organisation",
        None,
        "Local media",
        "other",
        2,
        1,
        "keep_informed",
        False,
        None,
        None,
        "Can raise the profile of the work; little interest so far.",
    ),
]

INFRASTRUCTURE = {
    "decision_making": "Decisions are made by consensus at the partnership meeting. Between "
    "meetings the chair and vice-chair decide urgent matters and report them at the next one.",
    "decision_recording": "A decision log kept by the public health team, shared with papers "
    "after each meeting.",
    "reports_to": "Norfolk Health and Wellbeing Board (illustrative)",
    "meeting_frequency": "every 6 weeks",
    "terms_of_reference_url": "https://example.org/illustrative/terms-of-reference",
}

COMMITMENTS = {
    COUNCIL: "A project officer 2 days a week; meeting rooms; the communications team for "
    "campaigns.",
    ICB: "An analyst 1 day a week for data; £10,000 towards community engagement.",
    VCSE: "Links to 40 community groups; volunteers to run listening events.",
}


# title, kind, partner organisation, years before today, link, what it covers, how it is reused
EXISTING_WORK = [
    (
        "Coastal communities chapter of the joint strategic needs assessment (illustrative)",
        "needs_assessment",
        COUNCIL,
        2,
        "https://example.org/illustrative/jsna-coastal-chapter",
        "Health, housing and income in the coastal wards, with ward profiles by deprivation.",
        "Take its ward profiles as the starting point for the data overview instead of "
        "collecting the same figures again.",
    ),
    (
        "Listening events with seasonal workers (illustrative)",
        "engagement_report",
        VCSE,
        1,
        "",
        "What seasonal and holiday-park workers said about getting to a GP and to dentists.",
        "Use what was heard to plan the engagement with seasonal workers, so the same people "
        "are not asked the same questions twice.",
    ),
]


def demo_stakeholders_load(*, partnership, by, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    orgs = {organisation.name: organisation for organisation in organisations(partnership)}
    people = {membership.user.email: membership for membership in members(partnership)}
    existing = set(queries.stakeholders(partnership).values_list("name", flat=True))
    for (
        name, kind, organisation, role, sector, power, interest, approach, lived, owner,
        reviewed, notes,
    ) in STAKEHOLDERS:  # fmt: skip
        if name in existing:
            continue
        actions.stakeholder_add(
            by=by,
            partnership=partnership,
            name=name,
            kind=kind,
            organisation=orgs.get(organisation),
            role=role,
            sector=sector,
            power=power,
            interest=interest,
            approach=approach,
            lived_experience=lived,
            owner=people.get(owner),
            last_reviewed=today - datetime.timedelta(days=reviewed) if reviewed else None,
            influence_notes=notes,
        )
    if queries.infrastructure(partnership) is None:
        actions.infrastructure_update(
            by=by,
            partnership=partnership,
            next_meeting=today + datetime.timedelta(days=18),
            **INFRASTRUCTURE,
        )
    if not queries.leads(partnership).exists():
        by_name = {s.name: s for s in queries.stakeholders(partnership)}
        for responsibility, member, stakeholder in (
            ("Chairs the partnership and signs off its decisions", None,
             "Director of Public Health (illustrative)"),
            ("Champions health equity in the district council", None,
             "District council cabinet member for health"),
            ("Runs the partnership's work day to day", "owner@demo.example", None),
            ("Leads on data and the evidence base", "editor@demo.example", None),
        ):  # fmt: skip
            who = {
                "member": people.get(member) if member else None,
                "stakeholder": by_name.get(stakeholder) if stakeholder else None,
            }
            if any(who.values()):
                actions.infrastructure_lead_add(
                    by=by, partnership=partnership, responsibility=responsibility, **who
                )
    recorded = {c.organisation_id for c in queries.commitments(partnership)}
    for name, commitment in COMMITMENTS.items():
        organisation = orgs.get(name)
        if organisation is not None and organisation.pk not in recorded:
            actions.infrastructure_commitment_set(
                by=by, partnership=partnership, organisation=organisation, commitment=commitment
            )
    listed = set(queries.existing_work(partnership).values_list("title", flat=True))
    for title, kind, organisation, years_ago, url, covers, reuse in EXISTING_WORK:
        if title not in listed:
            actions.existing_work_add(
                by=by,
                partnership=partnership,
                title=title,
                kind=kind,
                organisation=orgs.get(organisation),
                year=today.year - years_ago,
                url=url,
                covers=covers,
                reuse=reuse,
            )
