"""An illustrative health equity assessment (HEAT) for the demo partnership, through the real
actions.

Invented for illustration (its title and every finding say so): a completed assessment of the
demo's drop-in stop-smoking clinics with a few findings in the grid (one a HEAT priority), one
cell with no data whose data-gap action goes into the action plan, one likely widening with a
mitigation carried out by the clinics' own action and by an action added to the plan from the
assessment (so it is resolved, and the chain from the priority finding through the clinics to
their monitored measure passes through this check), and one without (so the action plan's
unresolved-impact warning has something to show). It completes 30 days before ``today``, so its
review reminders lie ahead. Loading is idempotent: nothing is added when the partnership already
holds an assessment. Load it after the action plan: the plan's demo actions are added only to
an empty plan.
"""

import datetime

from django.utils import timezone

from placematters.demo.planning import SMOKING
from placematters.heat import actions, queries
from placematters.planning import queries as planning_queries

TITLE = "Drop-in stop-smoking clinics: equity check (illustrative)"
FINDINGS = {
    # (group, dimension): (finding, HEAT priority)
    ("age", "access"): ("Illustrative: few people over 75 come to the drop-ins; most live alone "
                        "and do not drive.", True),
    ("disability", "experience"): ("Illustrative: two of the three halls have no hearing loop.",
                                   False),
    ("coastal", "outcomes"): ("Illustrative: smoking is more common, and early deaths higher, in "
                              "the coastal wards than across the district.", True),
    ("deprivation", "access"): ("Illustrative: clinic users come evenly from every deprivation "
                                "fifth, though smoking is most common in the most deprived.",
                                False),
}  # fmt: skip
GAP = ("sexual-orientation", "access")
IMPACTS = {
    "age": ("widen", "Illustrative: a home visit by an adviser for anyone over 75 who asks."),
    "disability": ("widen", ""),
    "coastal": ("narrow", ""),
}


def demo_heat_load(*, partnership, by, today: datetime.date | None = None) -> None:
    if queries.assessments(partnership).exists():
        return
    day = (today or timezone.localdate()) - datetime.timedelta(days=30)
    found = actions.heat_assessment_start(
        by=by, partnership=partnership, title=TITLE, programme="Drop-in stop-smoking clinics"
    )
    actions.heat_prepare_save(
        by=by,
        assessment=found,
        title=TITLE,
        programme="Drop-in stop-smoking clinics",
        description="Illustrative: weekly drop-in stop-smoking clinics in community halls in "
        "the coastal wards, in their first year.",
        involved="Illustrative: the public health lead, the clinic advisers, the ICB place team "
        "and Coastal Community Action.",
        evidence="Illustrative: clinic records, the district's smoking prevalence and under-75 "
        "mortality; little is recorded about sexual orientation.",
        finished=True,
    )
    actions.heat_gap_action_add(by=by, assessment=found, group=GAP[0], dimension=GAP[1], today=day)
    actions.heat_grid_save(by=by, assessment=found, cells=FINDINGS, finished=True)
    clinics = list(planning_queries.plan_actions(partnership).filter(title=SMOKING))
    effect, mitigation = IMPACTS["age"]
    actions.heat_refine_save(
        by=by,
        assessment=found,
        impacts={**IMPACTS, "age": (effect, mitigation, clinics)},
        changes="Illustrative: move two clinics to halls with hearing loops and add an evening "
        "session.",
        measures="Illustrative: four-week quits by age band, disability and ward, each quarter.",
        finished=True,
    )
    actions.heat_mitigation_action_add(by=by, assessment=found, group="age", today=day)
    actions.heat_review_save(
        by=by,
        assessment=found,
        reviewer="Public health lead (illustrative)",
        review_notes="Illustrative: check the disability widening first.",
        finished=True,
        today=day,
    )
