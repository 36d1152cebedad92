"""The web upload of indicator files: the imports list, upload, column mapping, batch, delete.

Upload → (a Fingertips or FingertipsNext file, or a tidy Fingertips series, goes straight on;
any other CSV or workbook gets the column-mapping step) → ``indicators_import_start`` queues
the import as a background task → the batch page, whose status box polls with htmx every
second while the import runs (and has a plain "Refresh" link without JavaScript).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from placematters.indicators import actions, queries
from placematters.indicators.forms import (
    FingertipsForm,
    MappingForm,
    UploadForm,
    display_name,
    is_upload_of,
)
from placematters.indicators.importers import detect_format, wide
from placematters.indicators.importers.base import STOP
from placematters.indicators.importers.generic import NAME as GENERIC
from placematters.indicators.importers.generic import is_la_series, suggest_mapping
from placematters.indicators.models import ImportBatch
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows

#: Errors shown on a failed batch's page (the count says how many there are in all).
ERRORS_SHOWN = 200
UPLOAD_SESSION_KEY = "indicator_upload:{}"

STATUS_TAG_CLASSES = {
    ImportBatch.Status.PENDING: "govuk-tag--grey",
    ImportBatch.Status.RUNNING: "govuk-tag--blue",
    ImportBatch.Status.DONE: "govuk-tag--green",
    ImportBatch.Status.FAILED: "govuk-tag--red",
}
FORMAT_LABELS = {
    "fingertips": "Fingertips data download",
    "fingertipsnext": "FingertipsNext",
    "csv": "CSV or Excel, with a column mapping",
    "la_series": "Fingertips series (tidy CSV)",
    "wide": "Wide table (one column per indicator)",
    "auto": "Not yet known",
}
STATUS_SENTENCES = {
    ImportBatch.Status.PENDING: (
        "Waiting to start. Imports run in the background; if this one does not start within "
        "a few minutes, ask your site administrator to check the background worker."
    ),
    ImportBatch.Status.RUNNING: "Importing: the rows are being checked and stored.",
    ImportBatch.Status.DONE: "Imported.",
    ImportBatch.Status.FAILED: "The file was not imported: nothing from it has been stored.",
}
_MORE_ERRORS = re.compile(r"and (\d+) more errors")


# --------------------------------------------------------------------------------------------
# Presenters (small, pure, unit-tested)


def status_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")


def format_label(format: str) -> str:
    return FORMAT_LABELS.get(format, format or "Not yet known")


def progress_percent(status: str, progress: int | None) -> int:
    """What the progress bar shows: 100 once done, else the stored percent within 0..100."""
    if status == ImportBatch.Status.DONE:
        return 100
    return max(0, min(100, int(progress or 0)))


def batch_errors(errors: list[dict], limit: int = ERRORS_SHOWN) -> tuple[list[dict], int]:
    """The first ``limit`` stored errors and how many errors there were in all.

    A failed batch keeps its first errors and a last entry "and N more errors"; that entry is
    counted, not shown as a row.
    """
    rows = [row for row in errors or [] if row.get("level") != "warning"]
    total = len(rows)
    if rows and rows[-1].get("line") is None:
        more = _MORE_ERRORS.fullmatch(str(rows[-1].get("reason", "")))
        if more:
            rows = rows[:-1]
            total = len(rows) + int(more[1])
    return rows[:limit], total


def batch_warnings(errors: list[dict]) -> list[str]:
    """The warnings a finished batch keeps (rows left out as duplicates: ADR 0005)."""
    return [str(row.get("reason", "")) for row in errors or [] if row.get("level") == "warning"]


def person_label(user) -> str:
    if user is None:
        return "An administrator (command line)"
    return user.display_name


def present_batch(batch: ImportBatch) -> dict:
    """What the list and the batch page show of a batch."""
    return {
        "batch": batch,
        "name": display_name(batch.source_file),
        "format": format_label(batch.format),
        "by": person_label(batch.created_by),
        "status_label": batch.get_status_display(),
        "status_class": status_tag_class(batch.status),
        "sentence": STATUS_SENTENCES.get(batch.status, ""),
        "percent": progress_percent(batch.status, batch.progress),
        "running": batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING),
    }


# --------------------------------------------------------------------------------------------
# Views


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _batch_or_404(request, batch_id: int) -> ImportBatch:
    batch = queries.batch_for(request.partnership, batch_id)
    if batch is None:
        raise Http404("No such import")
    return batch


def overview_url(slug: str) -> str | None:
    """The data overview, once it exists (another part of the app adds it)."""
    try:
        return reverse("analysis:overview", args=[slug])
    except NoReverseMatch:
        return None


@partnership_view()
def imports(request):
    partnership = request.partnership
    rows = [present_batch(batch) for batch in queries.batches(partnership)]
    return render(
        request,
        "indicators/imports.html",
        {
            "rows": rows,
            "can_edit": _can_edit(request),
            "overview_url": overview_url(partnership.slug),
        },
    )


def _start(
    request, path: Path | None, format: str, mapping: dict | None = None, **options
) -> object:
    batch = actions.indicators_import_start(
        by=request.user,
        partnership=request.partnership,
        path=path,
        format=format,
        mapping=mapping,
        **options,
    )
    return redirect("indicators:batch", request.partnership.slug, batch.pk)


@partnership_view(Permission.EDIT_WORK)
def upload(request):
    partnership = request.partnership
    posted = request.method == "POST"
    from_fingertips = posted and request.POST.get("source") == "fingertips"
    posted_file = posted and not from_fingertips
    form = UploadForm(
        request.POST if posted_file else None,
        request.FILES if posted_file else None,
        partnership=partnership,
    )
    fingertips = FingertipsForm(request.POST if from_fingertips else None)
    if from_fingertips and fingertips.is_valid():
        return _start(
            request,
            None,
            "fingertips",
            fingertips=fingertips.request(),
            duplicates=fingertips.cleaned_data["duplicates"],
        )
    if posted_file and form.is_valid():
        stored = form.stored
        duplicates = form.cleaned_data["duplicates"]
        detected = detect_format(stored.path)
        if detected == wide.NAME:
            # A wide table's period comes from its file name, and the stored copy is renamed.
            period = wide.period_from_name(Path(stored.original_name))
            if period:
                return _start(
                    request, stored.path, detected, {"period": period}, duplicates=duplicates
                )
            form.add_error(
                "file",
                f"{stored.original_name} has one column per indicator but its name does not say "
                "which period the values are for. Put the years in the file name, for example "
                "local_health_2015_19.csv, and upload it again.",
            )
        elif detected != GENERIC:
            return _start(request, stored.path, detected, duplicates=duplicates)
        elif stored.path.suffix == ".csv" and is_la_series(stored.headers):
            return _start(request, stored.path, GENERIC, duplicates=duplicates)
        else:
            return _ask_for_columns(request, stored, duplicates)
    return render(
        request,
        "indicators/upload.html",
        {"form": form, "fingertips_form": fingertips},
        status=400 if form.errors or fingertips.errors else 200,
    )


def _ask_for_columns(request, stored, duplicates: str):
    """Keep the upload in the session and go to the column-mapping step."""
    partnership = request.partnership
    request.session[UPLOAD_SESSION_KEY.format(partnership.pk)] = {
        "path": str(stored.path),
        "name": stored.original_name,
        "headers": stored.headers,
        "duplicates": duplicates,
    }
    return redirect("indicators:mapping", partnership.slug)


@partnership_view(Permission.EDIT_WORK)
def mapping(request):
    partnership = request.partnership
    key = UPLOAD_SESSION_KEY.format(partnership.pk)
    pending = request.session.get(key)
    if not pending or not is_upload_of(partnership, pending["path"]):
        messages.info(
            request, "Upload a file first: there is no uploaded file waiting for its columns."
        )
        return redirect("indicators:upload", partnership.slug)
    path = Path(pending["path"])
    if not path.is_file():
        del request.session[key]
        messages.info(request, "The uploaded file is no longer there. Upload it again.")
        return redirect("indicators:upload", partnership.slug)
    headers = pending["headers"]
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        headers=headers,
        suggested=suggest_mapping(headers),
    )
    if request.method == "POST" and form.is_valid():
        del request.session[key]
        duplicates = pending.get("duplicates", STOP)
        return _start(request, path, GENERIC, form.mapping(), duplicates=duplicates)
    return render(
        request,
        "indicators/mapping.html",
        {"form": form, "file_name": pending["name"], "headers": headers},
        status=400 if form.errors else 200,
    )


@partnership_view()
def batch(request, batch_id: int):
    """The batch's status; its status box alone for htmx's polling."""
    found = _batch_or_404(request, batch_id)
    partnership = request.partnership
    context = {
        **present_batch(found),
        "can_edit": _can_edit(request),
        "overview_url": overview_url(partnership.slug),
    }
    if found.status == ImportBatch.Status.FAILED:
        context["errors"], context["error_count"] = batch_errors(found.errors)
    if found.status == ImportBatch.Status.DONE:
        context["indicator_count"] = queries.batch_indicator_count(partnership, found)
        context["warnings"] = batch_warnings(found.errors)
    template = "indicators/partials/batch_status.html" if request.htmx else "indicators/batch.html"
    return render(request, template, context)


@partnership_view(Permission.EDIT_WORK)
def batch_delete(request, batch_id: int):
    found = _batch_or_404(request, batch_id)
    partnership = request.partnership
    name = display_name(found.source_file)
    error = None
    if found.status == ImportBatch.Status.RUNNING:
        error = "This import is still running. Wait for it to finish, then delete it."
    elif request.method == "POST":
        source = found.source_file
        count = actions.batch_delete(by=request.user, batch=found)
        if is_upload_of(partnership, source):
            Path(source).unlink(missing_ok=True)
        messages.success(
            request, f"The import of {name} and its {count:,} observations have been deleted."
        )
        return redirect("indicators:imports", partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Delete the import of {name}?",
            "body": "Every observation this import brought in will be deleted, and the "
            "uploaded file with it. Indicators stay, with their other imports. The activity "
            "record keeps a note of the deletion.",
            "button": "Delete import",
            "error": error,
            "cancel": reverse("indicators:batch", args=[partnership.slug, found.pk]),
        },
        status=400 if error else 200,
    )
