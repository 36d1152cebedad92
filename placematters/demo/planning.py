"""Illustrative actions in the demo partnership's local area action plan, through the real
actions.

Five invented actions: one answers a priority finding (the under-75 mortality rate in North
Norfolk, marked as a priority here through ``analysis.actions.priority_mark`` when the demo has
none), one is overdue and one is done, so the list, the timeline and the dashboard have
something to show. Loading is idempotent: the actions are added only to an empty plan.

Then, on every run, what the demo actions lack is added (and nothing else): the logic-model
elements they deliver (the demo logic model's clinics chain, when it is held), the stages of
life they serve (school age is left uncovered on purpose, so the plan page's life-course
warning has something to show), and an allocation by need attached to the stop-smoking clinics,
worked out by the calculator across the footprint's LSOAs by IMD 2019 score when LSOAs and IMD
are held (an administrator imports them; without them no allocation is attached).
"""

import datetime

from django.http import QueryDict
from django.utils import timezone

from placematters.analysis import actions as analysis_actions
from placematters.analysis import queries as analysis_queries
from placematters.analysis.allocation import allocation_context
from placematters.asset_mapping.queries import asset_choices
from placematters.demo.data import SPECS, external_id
from placematters.engagement.queries import communities
from placematters.indicators import queries as indicator_queries
from placematters.logic_model import queries as logic_queries
from placematters.partnerships.queries import members, organisations
from placematters.planning import actions, presenters, queries

COUNCIL = "North Norfolk District Council (illustrative)"
ICB = "Norfolk and Waveney ICB place team (illustrative)"
VCSE = "Coastal Community Action (illustrative)"
FINDING_AREA = "E07000147"
FINDING_SPEC = "under-75-mortality"


def _finding(partnership, by):
    """The demo's priority finding: the first priority held, else under-75 mortality marked."""
    held = analysis_queries.priorities(partnership)
    if held:
        return analysis_queries.priority_for(partnership, held[0].id)
    spec = next((spec for spec in SPECS if spec.key == FINDING_SPEC), None)
    if spec is None:
        return None
    found = indicator_queries.indicators_in_scope(partnership, external_ids=[external_id(spec)])
    if not found:
        return None
    return analysis_actions.priority_mark(
        by=by,
        partnership=partnership,
        indicator=found[0],
        area_code=FINDING_AREA,
        note="Illustrative: the district's under-75 mortality is highest in the coastal wards.",
    )


SMOKING = "Stop-smoking clinics in the coastal wards (illustrative)"
# action title: (logic-model element titles it delivers, stages of life it serves)
LINKS = {
    SMOKING: (
        ("Drop-in stop-smoking clinics", "Clinic sessions delivered", "More four-week quits"),
        ("working_age", "older_age"),
    ),
    "Health checks at the community food pantry (illustrative)": ((), ("working_age", "older_age")),
    "Map the district's walking and exercise groups (illustrative)": ((), ("working_age",)),
    "Health input to the housing standards review (illustrative)": (
        (),
        ("start_well", "older_age"),
    ),
}
# the calculator's query: IMD 2019 score across the footprint's LSOAs, half as a universal floor
ALLOCATION_QUERY = "areas=lsoa&measure=imd_score&total=20000&unit=100&floor=50&gradient=1&ratio=2"


def demo_planning_load(*, partnership, by, today: datetime.date | None = None) -> None:
    if not queries.plan_actions(partnership).exists():
        _add_actions(partnership=partnership, by=by, today=today)
    _add_missing_links(partnership=partnership, by=by)


def _add_missing_links(*, partnership, by) -> None:
    elements = {element.title: element for element in logic_queries.elements(partnership)}
    held = {action.title: action for action in queries.plan_actions(partnership)}
    for title, (element_titles, stages) in LINKS.items():
        action = held.get(title)
        if action is None:
            continue
        changes = {}
        linked = [elements[name] for name in element_titles if name in elements]
        if linked and not action.logic_elements.exists():
            changes["logic_elements"] = linked
        if not action.life_stages:
            changes["life_stages"] = list(stages)
        if changes:
            actions.plan_action_update(by=by, action=action, **changes)
    smoking = held.get(SMOKING)
    if smoking is not None and not smoking.allocations.exists():
        _attach_allocation(partnership=partnership, by=by, action=smoking)


def _attach_allocation(*, partnership, by, action) -> None:
    params = QueryDict(ALLOCATION_QUERY)
    worked = allocation_context(partnership, params)
    if worked["allocation"] is None:
        return
    actions.plan_allocation_attach(
        by=by, action=action, parameters=params.dict(), **presenters.allocation_attachment(worked)
    )


def _add_actions(*, partnership, by, today: datetime.date | None) -> None:
    today = today or timezone.localdate()

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    people = {member.user.email: member for member in members(partnership)}
    owner = people.get("owner@demo.example")
    editor = people.get("editor@demo.example", owner)
    orgs = {organisation.name: organisation for organisation in organisations(partnership)}
    assets = {asset.name: asset for asset in asset_choices(partnership)}
    groups = {community.name: community for community in communities(partnership)}

    def assets_named(*names):
        return [assets[name] for name in names if name in assets]

    def communities_like(word):
        return [group for name, group in groups.items() if word.lower() in name.lower()]

    smoking = actions.plan_action_add(
        by=by,
        partnership=partnership,
        title=SMOKING,
        description="Weekly drop-in clinics in community venues, with outreach through GPs.",
        why="Smoking is the biggest single driver of the gap in early deaths between the "
        "coastal wards and the rest of the district.",
        priority=_finding(partnership, by),
        segment="service",
        assets=assets_named("Stop smoking service", "Village hall network"),
        communities=communities_like("coastal"),
        determinant="tobacco",
        ihe_step=7,
        start_date=day(-60),
        due_date=day(120),
        owner=editor,
        organisation=orgs.get(ICB),
        intensity="targeted",
        intensity_note="Twice the clinic hours in the two most deprived coastal wards.",
        status="on_track",
    )
    actions.plan_milestone_add(
        by=by, action=smoking, title="Venues agreed", due_date=day(-30), done=True
    )
    actions.plan_milestone_add(
        by=by, action=smoking, title="First 100 quit attempts supported", due_date=day(60)
    )
    checks = actions.plan_action_add(
        by=by,
        partnership=partnership,
        title="Health checks at the community food pantry (illustrative)",
        description="Monthly NHS Health Checks alongside the pantry's opening hours.",
        why="People using the pantry are the least likely to take up an invitation to a check.",
        segment="community",
        assets=assets_named("Community food pantry", "NHS Health Checks outreach van"),
        determinant="access-to-care",
        ihe_step=9,
        start_date=day(-90),
        due_date=day(-14),
        owner=editor,
        organisation=orgs.get(VCSE),
        intensity="intensive",
        intensity_note="Offered only where the pantry runs: the areas of greatest need.",
        status="at_risk",
    )
    actions.plan_milestone_add(
        by=by, action=checks, title="Van booked for the year", due_date=day(-45), done=True
    )
    actions.plan_milestone_add(by=by, action=checks, title="First clinic held", due_date=day(-20))
    actions.plan_action_add(
        by=by,
        partnership=partnership,
        title="Map the district's walking and exercise groups (illustrative)",
        why="The asset map showed few physical activity assets inland.",
        segment="community",
        determinant="diet-exercise",
        ihe_step=2,
        start_date=day(-120),
        due_date=day(-30),
        owner=owner,
        organisation=orgs.get(VCSE),
        intensity="universal",
        status="done",
    )
    actions.plan_action_add(
        by=by,
        partnership=partnership,
        title="Health input to the housing standards review (illustrative)",
        why="Cold, damp homes are concentrated in the same wards as the early deaths.",
        segment="civic",
        assets=assets_named("Affordable warmth grants"),
        determinant="housing-transit",
        ihe_step=4,
        due_date=day(200),
        owner=owner,
        organisation=orgs.get(COUNCIL),
        intensity="targeted",
        status="not_started",
    )
    actions.plan_action_add(
        by=by,
        partnership=partnership,
        title="Equity report to every partnership board (illustrative)",
        why="The board asked to see each quarter whether the gaps are narrowing.",
        segment="civic",
        ihe_step=10,
        start_date=day(-30),
        due_date=day(330),
        owner=owner,
        organisation=orgs.get(COUNCIL),
        intensity="universal",
        status="on_track",
    )
