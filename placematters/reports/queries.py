"""Reads for the summary report, always within one partnership."""

from django.db.models import QuerySet

from placematters.analysis.presenters import Table
from placematters.partnerships.models import Partnership
from placematters.planning import queries as planning
from placematters.reports.models import ReportRender

RECENT_RENDERS = 5
ACTION_PLAN_ITEM = "complete-action-plan"
ACTION_PLAN_HEADERS = ["What", "Why", "When by", "Who by", "Status"]


def recent_renders(partnership: Partnership) -> QuerySet[ReportRender]:
    """The partnership's latest report files, newest first."""
    return ReportRender.objects.filter(partnership=partnership).select_related("created_by")[
        :RECENT_RENDERS
    ]


def render_for(partnership: Partnership, render_id: int) -> ReportRender | None:
    """One of this partnership's report files, or None (another partnership's is not found)."""
    return (
        ReportRender.objects.filter(partnership=partnership, pk=render_id)
        .select_related("created_by")
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
