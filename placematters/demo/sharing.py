"""A second illustrative partnership, and the first demo sharing its work, through the real
actions.

The Great Yarmouth locality partnership (made up, like everything in the demo) has the same
three demo people in the same roles, a small plan, two performance measures with monthly values
and some checklist progress. Both demo partnerships opt in to the comparison of localities, and
the North Norfolk demo publishes a case study and a redacted copy of its plan to the
good-practice bank, so the comparison and the bank have something to show.

It runs after :func:`placematters.demo.builder.build_demo` (``load_demo`` calls both); the
single-partnership demo that the tool tests build is left as it is. Running it twice changes
nothing the second time: the partnership is built only when missing, the publications only when
the first demo has none of that title, and opting in is a no-op when already in.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from placematters.measures import actions as measure_actions
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Partnership, Role, Sector
from placematters.planning import actions as planning_actions
from placematters.sharing import actions as sharing_actions
from placematters.sharing import queries as sharing_queries
from placematters.sharing.models import PublicationKind
from placematters.toolkit import actions as toolkit_actions
from placematters.toolkit import queries as toolkit_queries
from placematters.toolkit.models import Status

LOCALITY_NAME = "Great Yarmouth locality partnership (illustrative demo)"
LOCALITY_DESCRIPTION = (
    "A second illustrative partnership, of the borough council, the NHS and the voluntary "
    "sector in Great Yarmouth, to show the comparison of localities and the good-practice bank. "
    "All people, organisations and progress here are made up."
)
LOCALITY_AREAS = [("E07000145", "Great Yarmouth")]
LOCALITY_ORGANISATIONS = [
    ("Great Yarmouth Borough Council (illustrative)", Sector.LOCAL_AUTHORITY),
    ("Yarmouth seafront primary care network (illustrative)", Sector.NHS),
    ("Seafront Neighbours Trust (illustrative)", Sector.VCSE),
]
# (content key, status, e-mail of the member who owns it)
LOCALITY_PROGRESS = [
    ("find-data", Status.DONE, "editor@demo.example"),
    ("agree-governance", Status.DONE, "owner@demo.example"),
    ("data-overview", Status.IN_PROGRESS, "editor@demo.example"),
    ("identify-stakeholders", Status.IN_PROGRESS, "owner@demo.example"),
    ("start-action-plan", Status.IN_PROGRESS, "owner@demo.example"),
]
# (title, what, why, segment, determinant, intensity, life stages, IHE step, status,
#  start in days from today, due in days from today)
LOCALITY_ACTIONS = [
    (
        "Warm home visits for older private renters (illustrative)",
        "Home visits that check heating, damp and benefits, with small repairs on the spot.",
        "Excess winter admissions are highest among older people renting privately.",
        "service", "housing-transit", "targeted", ["older_age"], 7, "on_track", -60, 120,
    ),
    (
        "Community cafe at the seafront library (illustrative)",
        "A weekly cafe run by volunteers where people can meet and find local help.",
        "Residents told us loneliness is the first thing they would change.",
        "community", "family-social-support", "universal", ["working_age", "older_age"], 8,
        "done", -150, -20,
    ),
    (
        "Healthy workplace pledge with seafront employers (illustrative)",
        "Ask the largest seasonal employers to sign a pledge on sick pay and health checks.",
        "Seasonal work on the seafront is insecure and poorly paid.",
        "civic", "employment", "universal", ["working_age"], 4, "not_started", 30, 240,
    ),
]  # fmt: skip
VISITS = [18, 22, 20, 25, 24, 27, 26, 30, 28, 31, 29, 33]
WARMER = [52, 55, 51, 58, 56, 60, 59, 61, 63, 62, 66, 65]

CASE_STUDY = {
    "title": "Drop-in stop-smoking clinics on the coast (illustrative)",
    "summary": "Weekly drop-in clinics close to home, with stop-smoking medicines on the day, "
    "raised four-week quits in the most deprived coastal wards. Illustrative.",
    "problem": "Quits were flat at about eleven a month. Most smokers in the coastal wards did "
    "not know the service existed or could not travel to it.",
    "approach": "Take the service to where people already are: community centres and "
    "pharmacies in the two most deprived wards, with no appointment needed.",
    "actions_taken": "Weekly drop-ins, a leaflet handed out with prescriptions, and a text "
    "reminder after the first session.",
    "measures_used": "Referrals to the service and people who quit at four weeks, each month, "
    "on a statistical process control chart.",
    "results": "Quits rose to about seventeen a month after the clinics began, a shift the "
    "chart shows as special-cause improvement. Illustrative figures.",
    "contact": "The partnership's shared mailbox (illustrative)",
    "determinant": "tobacco",
    "segment": "service",
    "target_groups": "Smokers in deprived areas, Seasonal workers",
    "area_type": "coastal",
}
PLAN_PUBLICATION = {
    "title": "A coastal district's health inequalities action plan (illustrative)",
    "summary": "The North Norfolk demo's action plan, redacted: clinics, health checks, "
    "walking groups and housing standards, with their timings. Illustrative.",
    "determinant": "tobacco",
    "segment": "service",
    "target_groups": "Smokers in deprived areas, Older people",
    "area_type": "rural_district",
}


def _users() -> dict:
    emails = ["owner@demo.example", "editor@demo.example", "viewer@demo.example"]
    return {user.email: user for user in get_user_model().objects.filter(email__in=emails)}


def _months(today: datetime.date, n: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for back in range(n, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(datetime.date(year, month + 1, 1))
    return months


def _build_locality(*, users: dict, today: datetime.date) -> Partnership:
    owner = users["owner@demo.example"]
    partnership = partnership_actions.partnership_create(
        by=owner, name=LOCALITY_NAME, description=LOCALITY_DESCRIPTION, is_illustrative=True
    )
    for code, name in LOCALITY_AREAS:
        partnership_actions.area_add(by=owner, partnership=partnership, gss_code=code, name=name)
    for name, sector in LOCALITY_ORGANISATIONS:
        partnership_actions.organisation_add(
            by=owner, partnership=partnership, name=name, sector=sector
        )
    members = {"owner@demo.example": partnership.memberships.get(user=owner)}
    for email, role in (("editor@demo.example", Role.EDITOR), ("viewer@demo.example", Role.VIEWER)):
        _invitation, token = partnership_actions.invitation_create(
            by=owner, partnership=partnership, email=email, role=role, send=False
        )
        members[email] = partnership_actions.invitation_accept(token=token, user=users[email])

    items = {item.content_key: item for item in toolkit_queries.checklist_items(partnership)}
    for key, status, email in LOCALITY_PROGRESS:
        toolkit_actions.checklist_item_update(
            by=owner, item=items[key], status=status, owner=members[email], due_date=None,
            notes="",
        )  # fmt: skip

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    plan = []
    for (title, what, why, segment, determinant, intensity, stages, step, status, start,
         due) in LOCALITY_ACTIONS:  # fmt: skip
        plan.append(
            planning_actions.plan_action_add(
                by=owner, partnership=partnership, title=title, description=what, why=why,
                segment=segment, determinant=determinant, intensity=intensity,
                life_stages=stages, ihe_step=step, status=status, start_date=day(start),
                due_date=day(due), owner=members["editor@demo.example"],
            )
        )  # fmt: skip
    planning_actions.plan_milestone_add(
        by=owner, action=plan[0], title="First hundred homes visited", due_date=day(30)
    )
    visits = measure_actions.measure_add(
        by=owner, partnership=partnership, name="Warm home visits completed (illustrative)",
        category="how_much", action=plan[0], unit="visits",
    )  # fmt: skip
    warmer = measure_actions.measure_add(
        by=owner, partnership=partnership,
        name="Visited households who say their home is warmer (illustrative)",
        category="better_off", action=plan[0], unit="%", target=60,
    )  # fmt: skip
    for period, visited, warmer_share in zip(_months(today, len(VISITS)), VISITS, WARMER,
                                             strict=True):  # fmt: skip
        measure_actions.measure_value_add(by=owner, measure=visits, period=period, value=visited)
        measure_actions.measure_value_add(
            by=owner, measure=warmer, period=period, value=warmer_share
        )
    return partnership


def _publish(*, first: Partnership, owner) -> None:
    titles = set(sharing_queries.publications_of(first).values_list("title", flat=True))
    if CASE_STUDY["title"] not in titles:
        sharing_actions.publication_publish(
            by=owner, partnership=first, confirmed=True, kind=PublicationKind.CASE_STUDY,
            **CASE_STUDY,
        )  # fmt: skip
    content = sharing_queries.redacted_plan(
        first, include_organisations=False, include_communities=False
    )
    if PLAN_PUBLICATION["title"] not in titles and content["actions"]:
        sharing_actions.publication_publish(
            by=owner, partnership=first, confirmed=True, kind=PublicationKind.PLAN,
            content=content, **PLAN_PUBLICATION,
        )  # fmt: skip


@transaction.atomic
def build_locality_demo(*, first: Partnership, today: datetime.date | None = None) -> Partnership:
    """The second demo partnership, both demos in the comparison, and the first demo's
    publications. ``first`` is the demo that :func:`build_demo` returned."""
    today = today or timezone.localdate()
    users = _users()
    owner = users["owner@demo.example"]
    locality = Partnership.objects.filter(name=LOCALITY_NAME, is_illustrative=True).first()
    if locality is None:
        locality = _build_locality(users=users, today=today)
    for partnership in (first, locality):
        sharing_actions.comparison_choice_set(by=owner, partnership=partnership, opted_in=True)
    _publish(first=first, owner=owner)
    return locality
