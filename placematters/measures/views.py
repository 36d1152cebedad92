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
from placematters.measures import actions, presenters, queries
from placematters.measures.content import load_oba
from placematters.measures.forms import (
    MeasureForm,
    RebaseForm,
    ResultForm,
    ResultIndicatorEditForm,
    ResultIndicatorForm,
    ValueEditForm,
    ValueForm,
    WorksheetForm,
)
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.web.views import add_action_errors

REBASE_CLEARED = " The chart is no longer rebased: too few values were left on one side."


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


def _link_or_404(request, indicator_link_id: int):
    found = queries.result_indicator(request.partnership, indicator_link_id)
    if found is None:
        raise Http404("No such indicator link")
    return found


def _value_or_404(request, measure_id: int, value_id: int):
    found = queries.measure_value(request.partnership, value_id)
    if found is None or found.measure_id != measure_id:
        raise Http404("No such value")
    return found


def _result_url(request, found) -> str:
    return reverse("measures:measures_result_detail", args=[request.partnership.slug, found.pk])


def _confirm(request, *, title: str, body: str, button: str, cancel: str):
    return render(
        request,
        "web/confirm.html",
        {"title": title, "body": body, "button": button, "cancel": cancel},
    )


def _indicator_url(request, link) -> str:
    return reverse("measures:measures_indicator_detail", args=[request.partnership.slug, link.pk])


def _csv(table, partnership, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    filename = export_filename(kind, partnership.slug, name, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


@partnership_view()
def measures_indicator_detail(request, indicator_link_id: int):
    link = _link_or_404(request, indicator_link_id)
    view = queries.indicator_view(request.partnership, link)
    return render(
        request,
        "measures/indicator.html",
        {
            "view": view,
            "result": link.result,
            "spc": view.spc,
            "has_target": link.target is not None and view.improvement is not None,
            "oba": load_oba(),
            "can_edit": _can_edit(request),
        },
    )


def _link_file_name(link) -> str:
    return f"{link.indicator.name} {link.area_code} {link.kind}"


@partnership_view()
def measures_indicator_spc_download(request, indicator_link_id: int):
    link = _link_or_404(request, indicator_link_id)
    view = queries.indicator_view(request.partnership, link)
    return _csv(
        queries.indicator_spc_table(view), request.partnership, "spc", _link_file_name(link)
    )


@partnership_view()
def measures_indicator_forecast_download(request, indicator_link_id: int):
    link = _link_or_404(request, indicator_link_id)
    view = queries.indicator_view(request.partnership, link)
    table = queries.indicator_forecast_table(view)
    return _csv(table, request.partnership, "forecast", _link_file_name(link))


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
            "has_target": found.target is not None,
            "worksheet_parts": parts if sheet is not None else [],
            "oba": load_oba(),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view()
def measures_measure_download(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    return _csv(queries.spc_table(request.partnership, found), request.partnership, "measure",
                found.name)  # fmt: skip


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


@partnership_view(Permission.EDIT_WORK)
def measures_result_edit(request, result_id: int):
    found = _result_or_404(request, result_id)
    form = ResultForm(request.POST or None, initial={"statement": found.statement})
    if request.method == "POST" and form.is_valid():
        try:
            actions.result_update(by=request.user, result=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The result {found.statement} has been saved.")
            return redirect(_result_url(request, found))
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": "Change the population result", "button": "Save",
         "cancel": _result_url(request, found)},
    )  # fmt: skip


def _result_removal_text(found) -> str:
    links = len(found.indicators.all())
    kept = len(found.measures.all())
    return (
        f"Its {links} indicator link{'s' if links != 1 else ''} will be removed with it "
        "(the indicators and their data stay). "
        + (
            f"Its {kept} performance measure{'s' if kept != 1 else ''} will stay, with "
            "their values, but no longer be linked to a result. "
            if kept
            else "No performance measure is linked to it. "
        )
        + "The activity record keeps a note of what it said."
    )


@partnership_view(Permission.EDIT_WORK)
def measures_result_remove(request, result_id: int):
    found = _result_or_404(request, result_id)
    if request.method == "POST":
        actions.result_remove(by=request.user, result=found)
        messages.success(request, f"The result {found.statement} has been removed.")
        return redirect(_home(request))
    return _confirm(
        request,
        title=f"Remove the result {found.statement}?",
        body=_result_removal_text(found),
        button="Remove result",
        cancel=_result_url(request, found),
    )


def _area_choices_with(request, area_code: str) -> list[tuple[str, str]]:
    choices = queries.area_choices(request.partnership)
    if area_code not in {code for code, _name in choices}:
        choices.append((area_code, f"{area_code} (no longer an area of focus)"))
    return choices


@partnership_view(Permission.EDIT_WORK)
def measures_indicator_edit(request, indicator_link_id: int):
    link = _link_or_404(request, indicator_link_id)
    initial = {
        "area_code": link.area_code,
        "kind": link.kind,
        "baseline_period": link.baseline_period,
        "target": presenters.plain_number(link.target),
    }
    form = ResultIndicatorEditForm(
        request.POST or None, initial=initial, areas=_area_choices_with(request, link.area_code)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.result_indicator_update(by=request.user, link=link, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The link to {link.indicator.name} has been saved.")
            return redirect(_indicator_url(request, link))
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Change how {link.indicator.name} is tracked",
         "button": "Save", "cancel": _indicator_url(request, link)},
    )  # fmt: skip


@partnership_view(Permission.EDIT_WORK)
def measures_indicator_remove(request, indicator_link_id: int):
    link = _link_or_404(request, indicator_link_id)
    if request.method == "POST":
        actions.result_indicator_remove(by=request.user, link=link)
        messages.success(
            request, f"{link.indicator.name} is no longer linked to {link.result.statement}."
        )
        return redirect(_result_url(request, link.result))
    return _confirm(
        request,
        title=f"Unlink {link.indicator.name} ({link.area_code}) from the result?",
        body=f"It will no longer be tracked under {link.result.statement}. The indicator and "
        "its data stay, and you can link it again later.",
        button="Unlink indicator",
        cancel=_indicator_url(request, link),
    )


@partnership_view(Permission.EDIT_WORK)
def measures_measure_edit(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    initial = {
        "name": found.name, "category": found.category, "service": found.service,
        "action": found.action_id, "result": found.result_id,
        "improvement": found.improvement, "unit": found.unit,
        "target": presenters.plain_number(found.target),
    }  # fmt: skip
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        actions=queries.action_choices(request.partnership),
        results=queries.results(request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.measure_update(by=request.user, measure=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The measure {found.name} has been saved.")
            return _to_measure(request, found)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Change {found.name}", "button": "Save",
         "cancel": _measure_url(request, found), "categories": load_oba()["categories"]},
    )  # fmt: skip


@partnership_view(Permission.EDIT_WORK)
def measures_measure_remove(request, measure_id: int):
    found = _measure_or_404(request, measure_id)
    if request.method == "POST":
        actions.measure_remove(by=request.user, measure=found)
        messages.success(request, f"The measure {found.name} has been removed.")
        return redirect(_home(request))
    count = len(found.values.all())
    return _confirm(
        request,
        title=f"Remove the measure {found.name}?",
        body=f"Its {count} value{'s' if count != 1 else ''} and its turn-the-curve worksheet "
        "will be removed with it. The activity record keeps a note of what it said.",
        button="Remove measure",
        cancel=_measure_url(request, found),
    )


@partnership_view(Permission.EDIT_WORK)
def measures_value_edit(request, measure_id: int, value_id: int):
    found = _value_or_404(request, measure_id, value_id)
    measure = found.measure
    initial = {"value": presenters.plain_number(found.value), "note": found.note}
    form = ValueEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.measure_value_update(by=request.user, measure_value=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The value for {found.period:%B %Y} has been saved.")
            return _to_measure(request, measure)
    return render(
        request,
        "measures/form.html",
        {"form": form, "heading": f"Change the value for {found.period:%B %Y}",
         "caption": measure.name, "button": "Save", "cancel": _measure_url(request, measure)},
    )  # fmt: skip


@partnership_view(Permission.EDIT_WORK)
def measures_value_remove(request, measure_id: int, value_id: int):
    found = _value_or_404(request, measure_id, value_id)
    measure = found.measure
    if request.method == "POST":
        cleared = actions.measure_value_remove(by=request.user, measure_value=found)
        messages.success(
            request,
            f"The value for {found.period:%B %Y} has been removed."
            + (REBASE_CLEARED if cleared else ""),
        )
        return _to_measure(request, measure)
    return _confirm(
        request,
        title=f"Remove the value for {found.period:%B %Y}?",
        body=f"The value {presenters.number_text(found.value, measure.unit)} will be removed "
        f"from {measure.name} and the chart recalculated. If the chart is rebased and too few "
        "values would be left on one side, the rebase is removed too.",
        button="Remove value",
        cancel=_measure_url(request, measure),
    )
