"""Download a partnership's workspace file (owners) and create a partnership from one."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from placematters.partnerships.access import partnership_view, signed_in
from placematters.partnerships.permissions import Permission
from placematters.workspace import actions
from placematters.workspace.exporter import ExportProblem
from placematters.workspace.forms import ImportForm
from placematters.workspace.reader import WorkspaceRefused


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def workspace_export(request):
    if request.method != "POST":
        return render(request, "workspace/export.html", {"partnership": request.partnership})
    try:
        document = actions.workspace_export(by=request.user, partnership=request.partnership)
    except ExportProblem as problem:
        context = {"partnership": request.partnership, "problem": str(problem)}
        return render(request, "workspace/export.html", context, status=409)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"{request.partnership.slug}-workspace-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@signed_in
def workspace_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = actions.workspace_import(
                by=request.user,
                raw=form.cleaned_data["file"].read(),
                slug=form.cleaned_data["slug"],
            )
        except WorkspaceRefused as refusal:
            form.add_error("file", refusal.reasons)
        else:
            messages.success(request, f"{partnership.name} was created from the file.")
            return redirect("toolkit:dashboard", slug=partnership.slug)
    status = 400 if form.errors else 200
    return render(request, "workspace/import.html", {"form": form}, status=status)
