"""Reads of the local area action plan. Each takes the partnership (or membership) first."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from placematters.analysis.models import Priority
from placematters.analysis.presenters import Table
from placematters.asset_mapping.content import load_determinants
from placematters.logic_model.chain import CHAIN
from placematters.logic_model.models import LogicElement
from placematters.partnerships.models import Membership, Partnership
from placematters.planning import presenters
from placematters.planning.content import load_steps
from placematters.planning.models import (
    ActionAllocation,
    ActionStatus,
    LifeStage,
    Milestone,
    PlanAction,
)
from placematters.planning.timeline import Layout, TimelineRow, layout
from placematters.toolkit.summaries import SummarySection

STAGE_ONE = "mapping-the-system"
STAGE_FOUR = "implementation"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def plan_actions(partnership: Partnership) -> QuerySet[PlanAction]:
    return (
        PlanAction.objects.filter(partnership=partnership)
        .select_related("owner__user", "organisation", "priority__indicator")
        .prefetch_related("assets", "communities", "logic_elements")
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            milestones_done=Count("milestones", filter=Q(milestones__done=True), distinct=True),
        )
        .order_by("due_date", "title", "id")
    )


def action_choices(partnership: Partnership) -> QuerySet[PlanAction]:
    """The plan's actions by title, for choosing one or several in another form (attaching an
    allocation, linking a HEAT mitigation)."""
    return PlanAction.objects.filter(partnership=partnership).order_by("title", "id")


def plan_action(partnership: Partnership, action_id: int) -> PlanAction | None:
    return plan_actions(partnership).filter(pk=action_id).first()


def milestone(partnership: Partnership, milestone_id: int) -> Milestone | None:
    return (
        Milestone.objects.filter(action__partnership=partnership, pk=milestone_id)
        .select_related("action__partnership")
        .first()
    )


def allocation(partnership: Partnership, allocation_id: int) -> ActionAllocation | None:
    return (
        ActionAllocation.objects.filter(action__partnership=partnership, pk=allocation_id)
        .select_related("action__partnership")
        .first()
    )


def allocation_table(attached: ActionAllocation) -> Table:
    """An attached allocation as a table, greatest need first, for its CSV download."""
    table = Table(headers=presenters.allocation_headers(attached.measure_label))
    table.rows.extend(list(row) for row in attached.rows)
    table.note = attached.basis
    return table


def allocations_shown(action: PlanAction) -> list[dict]:
    """The action's attached allocations with their rows formatted for the page."""
    return [
        {
            "allocation": attached,
            "rows": presenters.allocation_display(attached.rows),
        }
        for attached in action.allocations.all()
    ]


def _overdue_filter(today: datetime.date) -> Q:
    return Q(due_date__lt=today) & ~Q(status=ActionStatus.DONE)


def filtered_actions(
    partnership: Partnership,
    *,
    owner: Membership | None = None,
    status: str = "",
    overdue: bool = False,
    priority: Priority | None = None,
    today: datetime.date | None = None,
) -> QuerySet[PlanAction]:
    """The plan's actions narrowed by owner, status, overdue (past due, not done) and finding."""
    found = plan_actions(partnership)
    if owner is not None:
        found = found.filter(owner=owner)
    if status:
        found = found.filter(status=status)
    if overdue:
        found = found.filter(_overdue_filter(_today(today)))
    if priority is not None:
        found = found.filter(priority=priority)
    return found


def overdue_actions(
    partnership: Partnership, today: datetime.date | None = None
) -> QuerySet[PlanAction]:
    """Actions past their due date that are not done, most overdue first (the dashboard)."""
    return plan_actions(partnership).filter(_overdue_filter(_today(today)))


def my_actions(membership: Membership) -> QuerySet[PlanAction]:
    return plan_actions(membership.partnership).filter(owner=membership)


def finding_choices(partnership: Partnership) -> QuerySet[Priority]:
    """The partnership's priority findings, for linking an action to one."""
    return Priority.objects.filter(partnership=partnership).select_related("indicator")


def logic_element_choices(partnership: Partnership) -> QuerySet[LogicElement]:
    """The partnership's logic-model elements an action can deliver (the chain from inputs to
    impact, not assumptions or external factors), in chain order."""
    chain_order = Case(
        *(When(kind=kind, then=Value(n)) for n, kind in enumerate(CHAIN)),
        output_field=IntegerField(),
    )
    return (
        LogicElement.objects.filter(partnership=partnership, kind__in=CHAIN)
        .annotate(chain_order=chain_order)
        .order_by("chain_order", "title", "id")
    )


def rows(actions, today: datetime.date | None = None) -> list[dict]:
    """Each action with its RAG tag, overdue flag and due-date words, for lists and tables."""
    today = _today(today)
    return [
        {
            "action": action,
            "tag": presenters.status_tag(action.status),
            "overdue": presenters.is_overdue(action.due_date, action.status, today),
            "due_words": presenters.due_words(action.due_date, action.status, today),
            "milestones": presenters.milestones_words(
                getattr(action, "milestones_done", 0), getattr(action, "milestone_count", 0)
            ),
        }
        for action in actions
    ]


@dataclass(frozen=True)
class Timeline:
    layout: Layout
    rows: list[dict]


def timeline(partnership: Partnership, today: datetime.date | None = None) -> Timeline:
    today = _today(today)
    actions = list(plan_actions(partnership))
    listed = rows(actions, today)
    picture = layout(
        [
            TimelineRow(
                title=row["action"].title,
                start=row["action"].start_date,
                due=row["action"].due_date,
                status=row["action"].status,
                overdue=row["overdue"],
            )
            for row in listed
        ],
        today,
    )
    return Timeline(picture, listed)


def timeline_table(partnership: Partnership, today: datetime.date | None = None) -> Table:
    """The timeline as a table for the CSV download."""
    today = _today(today)
    table = Table(
        headers=["Action", "Start", "Due", "Status", "Overdue", "Owner", "Organisation",
                 "Logic model elements", "Stages of life"]
    )  # fmt: skip
    for row in rows(plan_actions(partnership), today):
        action = row["action"]
        table.rows.append(
            [
                action.title,
                action.start_date.isoformat() if action.start_date else "",
                action.due_date.isoformat(),
                action.get_status_display(),
                "Yes" if row["overdue"] else "No",
                action.owner.user.display_name if action.owner_id else "",
                action.organisation.name if action.organisation_id else "",
                "; ".join(
                    f"{element.get_kind_display()}: {element.title}"
                    for element in action.logic_elements.all()
                ),
                "; ".join(LifeStage(stage).label for stage in action.life_stages),
            ]
        )
    return table


@dataclass(frozen=True)
class LifeStageCoverage:
    stage: str
    label: str
    actions: int


def life_course_coverage(partnership: Partnership) -> list[LifeStageCoverage]:
    """How many of the plan's actions serve each stage of life (an action serving several
    counts under each), in life order; a stage with none is where the plan is thin (IHE/PHE
    step 6, a life course approach)."""
    counts = dict.fromkeys(LifeStage.values, 0)
    for stages in PlanAction.objects.filter(partnership=partnership).values_list(
        "life_stages", flat=True
    ):
        for stage in set(stages or []):
            if stage in counts:
                counts[stage] += 1
    return [LifeStageCoverage(stage, LifeStage(stage).label, counts[stage]) for stage in counts]


def actions_by_determinant(partnership: Partnership) -> dict[str, int]:
    """How many of the partnership's actions address each determinant factor (by factor key)."""
    counted = (
        plan_actions(partnership)
        .exclude(determinant="")
        .order_by()  # the list's ordering would otherwise split the groups
        .values("determinant")
        .annotate(actions=Count("id"))
    )
    return {row["determinant"]: row["actions"] for row in counted}


def determinant_title(key: str) -> str:
    factor = load_determinants().factor(key) if key else None
    return factor.title if factor else ""


def step_title(number: int | None) -> str:
    step = load_steps().step(number)
    return f"Step {step.number}: {step.title}" if step else ""


def summary_sections(
    partnership: Partnership, today: datetime.date | None = None
) -> list[SummarySection]:
    """What the action plan writes into the final report: the plan with What, Why, When by and
    Who by (stage 4, 'complete-action-plan'; stage 1, 'start-action-plan')."""
    today = _today(today)
    actions = list(plan_actions(partnership))
    counts = dict.fromkeys(ActionStatus.values, 0)
    overdue = 0
    for action in actions:
        counts[action.status] += 1
        overdue += presenters.is_overdue(action.due_date, action.status, today)
    table = (
        tuple(
            [("What", "Why", "When by", "Who by", "Status")]
            + [
                (
                    action.title,
                    "; ".join(
                        part
                        for part in (
                            action.why,
                            f"Finding: {presenters.finding_label(action.priority)}"
                            if action.priority_id
                            else "",
                            step_title(action.ihe_step),
                        )
                        if part
                    ),
                    action.due_date.strftime("%-d %B %Y"),
                    ", ".join(
                        part
                        for part in (
                            action.owner.user.display_name if action.owner_id else "",
                            action.organisation.name if action.organisation_id else "",
                        )
                        if part
                    )
                    or "Not yet named",
                    action.get_status_display(),
                )
                for action in actions
            ]
        )
        if actions
        else ()
    )
    paragraph = (presenters.plan_summary(counts, overdue),)
    coverage = life_course_coverage(partnership)
    return [
        SummarySection(
            stage=STAGE_ONE,
            item="start-action-plan",
            title="The local area action plan (started)",
            paragraphs=paragraph,
        ),
        SummarySection(
            stage=STAGE_FOUR,
            item="complete-action-plan",
            title="The local area action plan: what, why, when by, who by",
            paragraphs=paragraph,
            rows=table,
        ),
        SummarySection(
            stage=STAGE_FOUR,
            item="life-course",
            title="The action plan across the life course",
            paragraphs=(presenters.life_course_summary([(c.label, c.actions) for c in coverage]),),
            rows=tuple(
                [("Stage of life", "Actions")] + [(c.label, str(c.actions)) for c in coverage]
            )
            if actions
            else (),
        ),
    ]
