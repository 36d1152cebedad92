"""Reads for the summary report, always within one partnership."""

from django.db.models import Prefetch, QuerySet

from placematters.analysis.presenters import Table
from placematters.partnerships.models import Partnership
from placematters.planning import queries as planning
from placematters.planning.models import Milestone
from placematters.reports.frozen import FrozenAction, FrozenMilestone
from placematters.reports.models import ReportRender, Snapshot

RECENT_RENDERS = 5
ACTION_PLAN_ITEM = "complete-action-plan"
ACTION_PLAN_HEADERS = ["What", "Why", "When by", "Who by", "Status"]


def recent_renders(partnership: Partnership) -> QuerySet[ReportRender]:
    """The partnership's latest files of the live report, newest first."""
    return ReportRender.objects.filter(
        partnership=partnership, snapshot__isnull=True
    ).select_related("created_by")[:RECENT_RENDERS]


def snapshot_renders(snapshot: Snapshot) -> QuerySet[ReportRender]:
    """The latest files drawn from one frozen version, newest first."""
    return ReportRender.objects.filter(snapshot=snapshot).select_related("created_by")[
        :RECENT_RENDERS
    ]


def render_for(partnership: Partnership, render_id: int) -> ReportRender | None:
    """One of this partnership's report files, or None (another partnership's is not found)."""
    return (
        ReportRender.objects.filter(partnership=partnership, pk=render_id)
        .select_related("created_by", "snapshot")
        .first()
    )


def action_plan_table(partnership: Partnership) -> Table:
    """The action plan as the report's part 4 shows it (what, why, when by, who by, status).

    The columns are the planning app's own summary table, so the spreadsheet and the report
    can never disagree; a plan with no actions gives the header row alone.
    """
    section = next(s for s in planning.summary_sections(partnership) if s.item == ACTION_PLAN_ITEM)
    if not section.rows:
        return Table(headers=list(ACTION_PLAN_HEADERS))
    return Table(headers=list(section.rows[0]), rows=[list(row) for row in section.rows[1:]])


def snapshots(partnership: Partnership) -> QuerySet[Snapshot]:
    """The partnership's frozen versions, newest first (without their frozen content)."""
    return (
        Snapshot.objects.filter(partnership=partnership)
        .defer("report", "plan")
        .order_by("-taken_at", "-id")
    )


def snapshot_for(partnership: Partnership, snapshot_id: int) -> Snapshot | None:
    """One of this partnership's snapshots, or None (another partnership's is not found)."""
    return (
        Snapshot.objects.filter(partnership=partnership, pk=snapshot_id)
        .select_related("taken_by")
        .first()
    )


def frozen_plan(partnership: Partnership) -> list[FrozenAction]:
    """The action plan as it stands, in the plan's order, in the form a snapshot keeps."""
    actions = planning.plan_actions(partnership).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id"))
    )
    return [
        FrozenAction(
            id=action.pk,
            title=action.title,
            why=action.why,
            owner=action.owner.user.display_name if action.owner else "",
            organisation=action.organisation.name if action.organisation else "",
            start_date=action.start_date,
            due_date=action.due_date,
            status=action.status,
            status_label=action.get_status_display(),
            intensity=action.intensity,
            intensity_label=action.get_intensity_display(),
            milestones=tuple(
                FrozenMilestone(title=m.title, due_date=m.due_date, done=m.done)
                for m in action.milestones.all()
            ),
        )
        for action in actions
    ]


FROZEN_PLAN_HEADERS = [
    "What",
    "Why",
    "Who by",
    "Organisation",
    "Start",
    "When by",
    "Status",
    "How much (intensity)",
    "Milestones",
]


def _milestones_text(action: FrozenAction) -> str:
    return "; ".join(
        f"{m.title} ({m.due_date.isoformat()}, {'done' if m.done else 'not done'})"
        for m in action.milestones
    )


def frozen_plan_table(actions: list[FrozenAction]) -> Table:
    """A frozen plan as a table for the page and the downloads; dates as ISO dates."""
    return Table(
        headers=list(FROZEN_PLAN_HEADERS),
        rows=[
            [
                action.title,
                action.why,
                action.owner,
                action.organisation,
                action.start_date.isoformat() if action.start_date else "",
                action.due_date.isoformat(),
                action.status_label,
                action.intensity_label,
                _milestones_text(action),
            ]
            for action in actions
        ],
    )
