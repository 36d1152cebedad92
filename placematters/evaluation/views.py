"""The evaluation framework: the overview (every outcome, the checks, the framework record),
the CSV download, an entry per outcome, the framework record, and agreeing or reopening it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from placematters.analysis.presenters import export_filename, to_csv
from placematters.evaluation import actions, queries
from placematters.evaluation.forms import AgreeForm, EntryForm, FrameworkForm
from placematters.evaluation.models import Status
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.web.views import add_action_errors


def _home_url(request, fragment: str = "") -> str:
    url = reverse("evaluation:evaluation_home", args=[request.partnership.slug])
    return f"{url}#{fragment}" if fragment else url


@partnership_view()
def evaluation_home(request):
    role = request.membership.role
    return render(
        request,
        "evaluation/home.html",
        {
            "overview": queries.overview(request.partnership),
            "can_edit": role_allows(role, Permission.EDIT_WORK),
            "can_agree": role_allows(role, Permission.MANAGE_PARTNERSHIP),
        },
    )


@partnership_view()
def evaluation_download(request):
    table = queries.framework_table(request.partnership)
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("evaluation-framework", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _outcome_or_404(request, outcome_id: int):
    found = queries.outcome(request.partnership, outcome_id)
    if found is None:
        raise Http404("No such outcome")
    return found


@partnership_view(Permission.EDIT_WORK)
def evaluation_entry_edit(request, outcome_id: int):
    outcome = _outcome_or_404(request, outcome_id)
    current = queries.entry(request.partnership, outcome.pk)
    if current is not None:
        initial = {field: getattr(current, field) for field in actions.ENTRY_FIELDS}
        for field in ("measure", "indicator", "responsible"):
            initial[field] = getattr(current, f"{field}_id")
        measure, indicator = current.measure, current.indicator
    else:
        measure, indicator = None, queries.suggested_indicator(request.partnership, outcome)
        initial = {"resources": "unchecked", "indicator": indicator.pk if indicator else None}
    suggestion = queries.baseline_suggestion(request.partnership, measure, indicator)
    if not initial.get("baseline") and suggestion:
        initial["baseline"] = suggestion
    form = EntryForm(
        request.POST or None,
        initial=initial,
        measures=queries.measure_choices(request.partnership),
        indicators=queries.indicator_choices(request.partnership),
        members=queries.member_choices(request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.evaluation_entry_save(
                by=request.user,
                partnership=request.partnership,
                outcome=outcome,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The evaluation of {outcome.title} has been saved.")
            return redirect(_home_url(request, f"outcome-{outcome.pk}"))
    rows = queries.overview(request.partnership).rows
    inputs = next((row.inputs for row in rows if row.outcome.pk == outcome.pk), [])
    return render(
        request,
        "evaluation/entry_form.html",
        {
            "form": form,
            "outcome": outcome,
            "kind": queries.presenters.kind_label(outcome.kind),
            "adding": current is None,
            "inputs": inputs,
            "suggestion": suggestion,
            "cancel": _home_url(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def evaluation_entry_remove(request, outcome_id: int):
    found = queries.entry(request.partnership, outcome_id)
    if found is None:
        raise Http404("No evaluation entry for this outcome")
    if request.method == "POST":
        actions.evaluation_entry_remove(by=request.user, entry=found)
        messages.success(request, f"The evaluation of {found.outcome.title} has been removed.")
        return redirect(_home_url(request))
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove the evaluation of {found.outcome.title}?",
            "body": "The outcome stays in the logic model; only how it will be evaluated is "
            "removed. The activity record keeps a note of what the entry said.",
            "button": "Remove evaluation entry",
            "cancel": _home_url(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def evaluation_framework_edit(request):
    current = queries.framework(request.partnership)
    initial = (
        {field: getattr(current, field) for field in actions.FRAMEWORK_FIELDS} if current else {}
    )
    form = FrameworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.evaluation_framework_update(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The evaluation design and arrangements have been saved.")
            return redirect(_home_url(request, "framework"))
    return render(
        request,
        "evaluation/framework_form.html",
        {"form": form, "cancel": _home_url(request, "framework")},
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def evaluation_agree(request):
    current = queries.framework(request.partnership)
    if current is not None and current.status == Status.AGREED:
        messages.success(request, "The evaluation framework is already agreed.")
        return redirect(_home_url(request, "framework"))
    form = AgreeForm(request.POST or None, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.evaluation_framework_agree(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The evaluation framework is agreed.")
            return redirect(_home_url(request, "framework"))
    overview = queries.overview(request.partnership)
    return render(
        request,
        "evaluation/agree_form.html",
        {"form": form, "overview": overview, "cancel": _home_url(request, "framework")},
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def evaluation_reopen(request):
    current = queries.framework(request.partnership)
    if current is None or current.status != Status.AGREED:
        messages.success(request, "The evaluation framework is a draft already.")
        return redirect(_home_url(request, "framework"))
    if request.method == "POST":
        actions.evaluation_framework_reopen(by=request.user, partnership=request.partnership)
        messages.success(request, "The evaluation framework is a draft again.")
        return redirect(_home_url(request, "framework"))
    return render(
        request,
        "web/confirm.html",
        {
            "title": "Reopen the evaluation framework?",
            "body": "The framework goes back to draft and the date it was agreed is cleared, so "
            "the partnership can change it and agree it again.",
            "button": "Reopen the framework",
            "cancel": _home_url(request, "framework"),
        },
    )
