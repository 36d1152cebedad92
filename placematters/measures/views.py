"""OBA measures: the scorecard, population results with their indicators, performance
measures with their values, SPC chart (SVG, table, CSV), rebasing and the turn-the-curve
worksheet."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from placematters.analysis.presenters import export_filename, to_csv
from placematters.measures import actions, queries
from placematters.measures.content import load_oba
from placematters.measures.forms import (
    MeasureForm,
    RebaseForm,
    ResultForm,
    ResultIndicatorForm,
    ValueForm,
    WorksheetForm,
)
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.web.views import add_action_errors


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _result_or_404(request, result_id: int):
    found = queries.result(request.partnership, result_id)
    if found is None:
        raise Http404("No such result")
    return found


def _measure_or_404(request, measure_id: int):
    found = queries.measure(request.partnership, measure_id)
    if found is None:
        raise Http404("No such measure")
    return found


def _home(request) -> str:
    return reverse("measures:measures_scorecard", args=[request.partnership.slug])


def _measure_url(request, found) -> str:
    return reverse("measures:measures_measure_detail", args=[request.partnership.slug, found.pk])


def _to_measure(request, found):
    return redirect("measures:measures_measure_detail", request.partnership.slug, found.pk)


@partnership_view()
def measures_scorecard(request):
    return render(
        request,
        "measures/scorecard.html",
        {
            "cards": queries.scorecard(request.partnership),
            "oba": load_oba(),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def measures_result_add(request):
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.result_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The result {added.statement} has been added.")
            return redirect("measures:measures_result_detail", request.partnership.slug, added.pk)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": "Add a population result", "button": "Add result",
         "cancel": _home(request)},
    )  # fmt: skip


@partnership_view()
def measures_result_detail(request, result_id: int):
    found = _result_or_404(request, result_id)
    return render(
        request,
        "measures/result.html",
        {
            "result": found,
            "views": queries.indicator_views(request.partnership, found),
            "measures": [
                queries.measure_line(request.partnership, m)
                for m in queries.measures(request.partnership).filter(result=found)
            ],
            "can_edit": _can_edit(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def measures_indicator_add(request, result_id: int):
    found = _result_or_404(request, result_id)
    form = ResultIndicatorForm(
        request.POST or None,
        indicators=queries.indicator_choices(request.partnership),
        areas=queries.area_choices(request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.result_indicator_add(by=request.user, result=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The indicator has been linked to the result.")
            return redirect("measures:measures_result_detail", request.partnership.slug, found.pk)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Link an indicator to {found.statement}",
         "button": "Link indicator", "cancel": _home(request)},
    )  # fmt: skip


@partnership_view(Permission.EDIT_WORK)
def measures_measure_add(request):
    initial = {}
    if request.GET.get("result", "").isdigit():
        initial["result"] = int(request.GET["result"])
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        actions=queries.action_choices(request.partnership),
        results=queries.results(request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.measure_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The measure {added.name} has been added.")
            return _to_measure(request, added)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": "Add a performance measure", "button": "Add measure",
         "cancel": _home(request), "categories": load_oba()["categories"]},
    )  # fmt: skip


@partnership_view()
def measures_measure_detail(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    drawn = queries.spc(request.partnership, found)
    sheet = queries.worksheet(request.partnership, found.pk)
    parts = [(part["title"], getattr(sheet, part["key"], "")) for part in load_oba()["worksheet"]]
    return render(
        request,
        "measures/measure.html",
        {
            "measure": found,
            "spc": drawn,
            "worksheet_parts": parts if sheet is not None else [],
            "oba": load_oba(),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view()
def measures_measure_download(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    table = queries.spc_table(request.partnership, found)
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("measure", request.partnership.slug, found.name, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(Permission.EDIT_WORK)
def measures_value_add(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.measure_value_add(by=request.user, measure=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The value for {added.period:%B %Y} has been added.")
            if request.POST.get("another") == "yes":
                return redirect("measures:measures_value_add", request.partnership.slug, found.pk)
            return _to_measure(request, found)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Add a value to {found.name}", "button": "Add value",
         "another": True, "cancel": _measure_url(request, found)},
    )  # fmt: skip


@partnership_view(Permission.EDIT_WORK)
def measures_rebase(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    periods = [value.period for value in sorted(found.values.all(), key=lambda v: v.period)]
    initial = {"rebase_from": found.rebase_from.isoformat() if found.rebase_from else ""}
    form = RebaseForm(request.POST or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["rebase_from"]
        try:
            actions.measure_rebase(
                by=request.user,
                measure=found,
                rebase_from=datetime.date.fromisoformat(chosen) if chosen else None,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                "The process limits have been recalculated." if chosen else "Rebasing removed.",
            )
            return _to_measure(request, found)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Rebase the chart of {found.name}", "button": "Save",
         "cancel": _measure_url(request, found)},
    )  # fmt: skip


@partnership_view(Permission.EDIT_WORK)
def measures_worksheet(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    sheet = queries.worksheet(request.partnership, found.pk)
    initial = {key: getattr(sheet, key) for key in actions.WORKSHEET_FIELDS} if sheet else {}
    form = WorksheetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.worksheet_save(by=request.user, measure=found, **form.cleaned_data)
        messages.success(request, "The turn-the-curve worksheet has been saved as a draft.")
        return _to_measure(request, found)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Turn the curve: {found.name}", "button": "Save draft",
         "cancel": _measure_url(request, found), "questions": load_oba()["questions"]},
    )  # fmt: skip
