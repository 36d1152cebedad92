"""Changes for the summary report: asking for it as a file, and drawing that file."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from placematters.audit.actions import audit_event_record
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import NotAllowed, Permission, role_allows
from placematters.partnerships.queries import membership_for
from placematters.reports.models import ReportRender


class UnknownKind(ValueError):
    """The file type asked for is not one the report is drawn as."""


def _check_member(by, partnership: Partnership) -> None:
    membership = membership_for(by, partnership.slug)
    if membership is None or not role_allows(membership.role, Permission.VIEW):
        raise NotAllowed(Permission.VIEW)


@transaction.atomic
def report_render_request(*, by, partnership: Partnership, kind: str) -> ReportRender:
    """Record a waiting report file and queue it for the background worker.

    Any member may ask for one: reading the report is all it does. Raises :class:`UnknownKind`
    for a file type other than PDF or Word.
    """
    from placematters.reports.tasks import render_report_task

    if kind not in ReportRender.Kind.values:
        raise UnknownKind(kind)
    _check_member(by, partnership)
    render = ReportRender.objects.create(partnership=partnership, kind=kind, created_by=by)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="report.render_requested",
        target=render,
        target_label=f"the summary report as a {render.get_kind_display()}",
        after={"kind": kind},
    )
    transaction.on_commit(lambda: render_report_task.enqueue(render_id=render.pk))
    return render


def _progress(render: ReportRender, status: str, percent: int) -> None:
    ReportRender.objects.filter(pk=render.pk).update(status=status, progress=percent)


def report_render_run(render: ReportRender) -> ReportRender:
    """Draw the waiting file: build the report, render it and store it under a generated name.

    Progress is written as each step finishes, so the status page can show it. A failure is
    recorded on the render (with its reason) and raised again for the task runner.
    """
    from placematters.reports.builder import build_report

    _progress(render, ReportRender.Status.RUNNING, 5)
    try:
        report = build_report(render.partnership)
        _progress(render, ReportRender.Status.RUNNING, 40)
        if render.kind == ReportRender.Kind.PDF:
            from placematters.reports.pdf import report_pdf

            content = report_pdf(report)
        else:
            from placematters.reports.word import report_docx

            content = report_docx(report)
        _progress(render, ReportRender.Status.RUNNING, 90)
        with transaction.atomic():
            render.file.save(f"{uuid.uuid4().hex}.{render.kind}", ContentFile(content), save=False)
            render.status = ReportRender.Status.DONE
            render.progress = 100
            render.finished_at = timezone.now()
            render.error = ""
            render.save(update_fields=["file", "status", "progress", "finished_at", "error"])
    except Exception as error:
        ReportRender.objects.filter(pk=render.pk).update(
            status=ReportRender.Status.FAILED,
            error=f"The report could not be drawn ({type(error).__name__}: {error}).",
            finished_at=timezone.now(),
        )
        raise
    return render
