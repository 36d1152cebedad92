"""Changes for the summary report: asking for it as a file, drawing that file, and freezing
the report and the action plan as a dated, read-only snapshot."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from placematters.audit.actions import audit_event_record
from placematters.partnerships.actions import require
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import NotAllowed, Permission, role_allows
from placematters.partnerships.queries import membership_for
from placematters.reports.models import ReportRender, Snapshot


class UnknownKind(ValueError):
    """The file type asked for is not one the report is drawn as."""


def _check_member(by, partnership: Partnership) -> None:
    membership = membership_for(by, partnership.slug)
    if membership is None or not role_allows(membership.role, Permission.VIEW):
        raise NotAllowed(Permission.VIEW)


@transaction.atomic
def report_render_request(
    *, by, partnership: Partnership, kind: str, snapshot: Snapshot | None = None
) -> ReportRender:
    """Record a waiting report file and queue it for the background worker.

    Any member may ask for one: reading the report is all it does. With ``snapshot`` the file
    is drawn from that frozen version (which must be the partnership's own) instead of the
    live report. Raises :class:`UnknownKind` for a file type other than PDF or Word.
    """
    from placematters.reports.tasks import render_report_task

    if kind not in ReportRender.Kind.values:
        raise UnknownKind(kind)
    _check_member(by, partnership)
    if snapshot is not None and snapshot.partnership_id != partnership.pk:
        raise NotAllowed(Permission.VIEW)
    render = ReportRender.objects.create(
        partnership=partnership, kind=kind, created_by=by, snapshot=snapshot
    )
    what = "the summary report" if snapshot is None else f"the frozen version {snapshot.label}"
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="report.render_requested",
        target=render,
        target_label=f"{what} as a {render.get_kind_display()}",
        after={"kind": kind} if snapshot is None else {"kind": kind, "snapshot": snapshot.label},
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
        if render.snapshot_id:
            from placematters.reports.frozen import report_from_dict

            report = report_from_dict(render.snapshot.report)
        else:
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


LABEL_LIMIT = 120
NOTE_LIMIT = 1000


def _snapshot_errors(partnership: Partnership, label: str, note: str) -> dict[str, str]:
    errors = {}
    if not label:
        errors["label"] = "Enter a name for this version, for example the meeting it is for"
    elif len(label) > LABEL_LIMIT:
        errors["label"] = f"The name must be {LABEL_LIMIT} characters or fewer"
    elif Snapshot.objects.filter(partnership=partnership, label__iexact=label).exists():
        errors["label"] = f"There is already a version called {label}: choose a different name"
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"The note must be {NOTE_LIMIT} characters or fewer"
    return errors


@transaction.atomic
def report_snapshot_take(
    *,
    by,
    partnership: Partnership,
    label: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Snapshot:
    """Freeze the summary report and the action plan as they stand today, under a name.

    Only owners may: a snapshot is the partnership's record of what it committed to. Raises
    :class:`ValidationError` (by field) for an empty, over-long or already used name, or an
    over-long note; nothing is written then. A snapshot is never changed once taken.
    """
    from placematters.reports import queries
    from placematters.reports.builder import build_report
    from placematters.reports.frozen import plan_to_list, report_to_dict

    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    label = " ".join(str(label or "").split())
    note = str(note or "").strip()
    errors = _snapshot_errors(partnership, label, note)
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    report = build_report(partnership, today=today)
    plan = queries.frozen_plan(partnership)
    snapshot = Snapshot.objects.create(
        partnership=partnership,
        label=label,
        note=note,
        taken_on=today,
        taken_by=by,
        taken_by_name=by.display_name,
        content_version=report.content_version,
        report=report_to_dict(report),
        plan=plan_to_list(plan),
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="report_snapshot.taken",
        target=snapshot,
        target_label=f"the report and action plan as {label}",
        after={"label": label, "taken_on": today.isoformat(), "actions": len(plan)},
    )
    return snapshot


@transaction.atomic
def report_snapshot_delete(*, by, snapshot: Snapshot) -> None:
    """Delete a snapshot and the files drawn from it (owners only); the activity record keeps
    its name and date."""
    require(snapshot.partnership, by, Permission.MANAGE_PARTNERSHIP)
    files = [render.file for render in snapshot.renders.all() if render.file]
    audit_event_record(
        by=by,
        partnership=snapshot.partnership,
        verb="report_snapshot.deleted",
        target=snapshot,
        target_label=f"the frozen version {snapshot.label}",
        before={"label": snapshot.label, "taken_on": snapshot.taken_on.isoformat()},
    )
    snapshot.delete()
    # The stored files go only once the deletion is committed, so a rollback leaves them whole.
    transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])
