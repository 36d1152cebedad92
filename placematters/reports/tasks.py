"""Background work: drawing the summary report as a PDF or Word file (run by ``make worker``)."""

from django.tasks import task

from placematters.reports.actions import report_render_run
from placematters.reports.models import ReportRender


@task()
def render_report_task(render_id: int) -> dict:
    """Draw the waiting report file ``render_id``; returns its status (the task result)."""
    render = ReportRender.objects.select_related("partnership").get(pk=render_id)
    if render.status != ReportRender.Status.PENDING:
        return {"status": render.status}
    report_render_run(render)
    return {"status": ReportRender.Status.DONE, "bytes": render.file.size}
