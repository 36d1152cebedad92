"""The summary report: the web page, the background PDF and Word files, the action plan as a
spreadsheet, and dated snapshots of the report and plan (list, freeze, open, compare, delete)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placematters.analysis.presenters import export_filename, to_csv, to_xlsx
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.planning.presenters import status_tag
from placematters.reports import actions, queries
from placematters.reports.builder import NOTHING_ENTERED, build_report
from placematters.reports.compare import compare_plans, compare_reports
from placematters.reports.forms import CompareForm, RenderForm, SnapshotForm
from placematters.reports.frozen import plan_from_list, report_from_dict
from placematters.reports.models import ReportRender, Snapshot
from placematters.web.views import add_action_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ReportRender.Kind.PDF: "application/pdf",
    ReportRender.Kind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


def _is_owner(request) -> bool:
    return role_allows(request.membership.role, Permission.MANAGE_PARTNERSHIP)


def _home(request, form: RenderForm, status: int = 200) -> HttpResponse:
    partnership = request.partnership
    context = {
        "report": build_report(partnership),
        "form": form,
        "renders": queries.recent_renders(partnership),
        "nothing_entered": NOTHING_ENTERED,
        "snapshot_form": SnapshotForm() if _is_owner(request) else None,
        "snapshot_count": queries.snapshots(partnership).count(),
    }
    return render(request, "reports/report.html", context, status=status)


@partnership_view(Permission.VIEW)
def report_home(request):
    return _home(request, RenderForm())


@require_POST
@partnership_view(Permission.VIEW)
def report_render_create(request):
    form = RenderForm(request.POST)
    if not form.is_valid():
        return _home(request, form, status=400)
    made = actions.report_render_request(
        by=request.user, partnership=request.partnership, kind=form.cleaned_data["kind"]
    )
    return redirect("reports:report_render_status", request.partnership.slug, made.pk)


def _render_or_404(request, render_id: int) -> ReportRender:
    found = queries.render_for(request.partnership, render_id)
    if found is None:
        raise Http404("No such report file")
    return found


@partnership_view(Permission.VIEW)
def report_render_status(request, render_id: int):
    """The file's progress; its status box alone for htmx's polling."""
    found = _render_or_404(request, render_id)
    template = (
        "reports/partials/render_status.html" if request.htmx else "reports/render_status.html"
    )
    return render(request, template, {"render": found})


def download_name(found: ReportRender) -> str:
    if found.snapshot_id:
        return export_filename(
            "summary-report",
            found.partnership.slug,
            "frozen",
            found.snapshot.label,
            f"{found.snapshot.taken_on:%Y-%m-%d}",
            extension=found.kind,
        )
    return export_filename(
        "summary-report",
        found.partnership.slug,
        f"{found.created_at:%Y-%m-%d}",
        extension=found.kind,
    )


@partnership_view(Permission.VIEW)
def report_render_download(request, render_id: int):
    """The finished file; one still being made (or failed) sends the visitor to its status."""
    found = _render_or_404(request, render_id)
    if found.status != ReportRender.Status.DONE or not found.file:
        return redirect("reports:report_render_status", request.partnership.slug, found.pk)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=download_name(found),
        content_type=CONTENT_TYPES[found.kind],
    )


@partnership_view(Permission.VIEW)
def report_action_plan_xlsx(request):
    table = queries.action_plan_table(request.partnership)
    response = HttpResponse(to_xlsx(table, title="Action plan"), content_type=XLSX)
    name = export_filename("action-plan", request.partnership.slug, extension="xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Snapshots ---------------------------------------------------------------------------------


def _snapshot_or_404(request, snapshot_id: int) -> Snapshot:
    found = queries.snapshot_for(request.partnership, snapshot_id)
    if found is None:
        raise Http404("No such snapshot")
    return found


@partnership_view(Permission.VIEW)
def snapshot_list(request):
    return render(
        request,
        "reports/snapshot_list.html",
        {
            "snapshots": queries.snapshots(request.partnership).select_related("taken_by"),
            "can_freeze": _is_owner(request),
        },
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def snapshot_take(request):
    """Freeze the report and plan under a name; the form sits on the report page as well."""
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            taken = actions.report_snapshot_take(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The report and action plan are frozen as {taken.label}.")
            return redirect("reports:snapshot_detail", request.partnership.slug, taken.pk)
    status = 400 if form.errors else 200
    return render(request, "reports/snapshot_form.html", {"form": form}, status=status)


def _plan_rows(plan) -> list[dict]:
    return [{"action": action, "tag": status_tag(action.status)} for action in plan]


def _snapshot_page(request, found: Snapshot, form: RenderForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "reports/snapshot_detail.html",
        {
            "snapshot": found,
            "report": report_from_dict(found.report),
            "plan_rows": _plan_rows(plan_from_list(found.plan)),
            "nothing_entered": NOTHING_ENTERED,
            "can_delete": _is_owner(request),
            "form": form,
            "renders": queries.snapshot_renders(found),
        },
        status=status,
    )


@partnership_view(Permission.VIEW)
def snapshot_detail(request, snapshot_id: int):
    """A frozen version: the plan as committed, then the report as it read, with no controls."""
    return _snapshot_page(request, _snapshot_or_404(request, snapshot_id), RenderForm())


@require_POST
@partnership_view(Permission.VIEW)
def snapshot_render_create(request, snapshot_id: int):
    """Ask for the frozen report as a PDF or Word file, drawn in the background."""
    found = _snapshot_or_404(request, snapshot_id)
    form = RenderForm(request.POST)
    if not form.is_valid():
        return _snapshot_page(request, found, form, status=400)
    made = actions.report_render_request(
        by=request.user,
        partnership=request.partnership,
        kind=form.cleaned_data["kind"],
        snapshot=found,
    )
    return redirect("reports:report_render_status", request.partnership.slug, made.pk)


CSV = "text/csv; charset=utf-8"


@partnership_view(Permission.VIEW)
def snapshot_plan_download(request, snapshot_id: int, fmt: str):
    """The frozen plan as CSV or XLSX."""
    found = _snapshot_or_404(request, snapshot_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    table = queries.frozen_plan_table(plan_from_list(found.plan))
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type=CSV)
    else:
        response = HttpResponse(to_xlsx(table, title="Action plan"), content_type=XLSX)
    name = export_filename(
        "action-plan", request.partnership.slug, found.label, f"{found.taken_on:%Y-%m-%d}",
        extension=fmt,
    )  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _later_snapshots(request, found: Snapshot) -> list[Snapshot]:
    return [
        other
        for other in queries.snapshots(request.partnership)
        if (other.taken_at, other.pk) > (found.taken_at, found.pk)
    ]


@partnership_view(Permission.VIEW)
def snapshot_compare(request, snapshot_id: int):
    """What was committed in the snapshot beside the plan and report now, or a later
    snapshot's."""
    found = _snapshot_or_404(request, snapshot_id)
    later = {str(other.pk): other for other in _later_snapshots(request, found)}
    form = CompareForm(
        request.GET or None,
        choices=[(key, f"{o.label} ({o.taken_on:%-d %B %Y})") for key, o in later.items()],
    )
    against = None
    if form.is_bound and form.is_valid() and form.cleaned_data["against"]:
        against = later[form.cleaned_data["against"]]
    if against is None:
        current_plan = queries.frozen_plan(request.partnership)
        current_report = build_report(request.partnership)
        compared_on = timezone.localdate()
    else:
        current_plan = plan_from_list(against.plan)
        current_report = report_from_dict(against.report)
        compared_on = against.taken_on
    plan = compare_plans(
        plan_from_list(found.plan),
        current_plan,
        committed_on=found.taken_on,
        today=compared_on,
    )
    report = compare_reports(report_from_dict(found.report), current_report)
    return render(
        request,
        "reports/snapshot_compare.html",
        {
            "snapshot": found,
            "against": against,
            "form": form,
            "plan": plan,
            "report_changes": report,
            "compared_on": compared_on,
        },
        status=400 if form.errors else 200,
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def snapshot_delete(request, snapshot_id: int):
    found = _snapshot_or_404(request, snapshot_id)
    if request.method == "POST":
        actions.report_snapshot_delete(by=request.user, snapshot=found)
        messages.success(request, f"The frozen version {found.label} has been deleted.")
        return redirect("reports:snapshot_list", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Delete the frozen version {found.label}?",
            "body": "The frozen report and action plan kept under this name will be deleted. "
            "The live report and plan are not changed. The activity record keeps a note of "
            "its name and date.",
            "button": "Delete frozen version",
            "cancel": reverse("reports:snapshot_detail", args=[request.partnership.slug, found.pk]),
        },
    )
