"""The summary report: the web page, the background PDF and Word files, and the action plan
as a spreadsheet."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from placematters.analysis.presenters import export_filename, to_xlsx
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission
from placematters.reports import actions, queries
from placematters.reports.builder import NOTHING_ENTERED, build_report
from placematters.reports.forms import RenderForm
from placematters.reports.models import ReportRender

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ReportRender.Kind.PDF: "application/pdf",
    ReportRender.Kind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


def _home(request, form: RenderForm, status: int = 200) -> HttpResponse:
    partnership = request.partnership
    context = {
        "report": build_report(partnership),
        "form": form,
        "renders": queries.recent_renders(partnership),
        "nothing_entered": NOTHING_ENTERED,
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
