"""HEAT: the list of assessments (with unresolved impacts and reviews due), the task list of one
assessment, its four step pages, the data-gap and review buttons, the before-and-after
comparison and the CSV download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from placematters.analysis.presenters import export_filename, to_csv
from placematters.heat import actions, presenters, queries
from placematters.heat.content import load_heat
from placematters.heat.forms import GridForm, PrepareForm, RefineForm, ReviewForm, StartForm
from placematters.heat.models import AssessmentStatus
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.web.views import add_action_errors

NEXT = {"prepare": "heat_assess", "assess": "heat_refine", "refine": "heat_review"}


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _assessment_or_404(request, assessment_id: int):
    found = queries.assessment(request.partnership, assessment_id)
    if found is None:
        raise Http404("No such assessment")
    return found


def _to(request, name: str, found):
    return redirect(f"heat:{name}", request.partnership.slug, found.pk)


@partnership_view()
def heat_home(request):
    partnership = request.partnership
    return render(
        request,
        "heat/home.html",
        {
            "assessments": queries.assessments(partnership),
            "unresolved": queries.unresolved_impacts(partnership),
            "due": queries.reviews_due(partnership),
            "content": load_heat(),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def heat_start(request):
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = actions.heat_assessment_start(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{found.title} has been started.")
            return _to(request, "heat_overview", found)
    return render(request, "heat/start.html", {"form": form})


@partnership_view()
def heat_overview(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    partnership = request.partnership
    cells = queries.grid(partnership, found)
    effects = queries.impacts(partnership, found)
    rows = []
    for group in queries.groups(partnership):
        findings = [cells.get((group.key, key)) for key, _title in load_heat().dimensions]
        impact = effects.get(group.key)
        if any(findings) or impact:
            tag = (
                presenters.effect_tag(
                    impact.effect, impact.mitigation, len(impact.mitigating_actions.all())
                )
                if impact
                else None
            )
            rows.append({"group": group, "findings": findings, "impact": impact, "tag": tag})
    return render(
        request,
        "heat/overview.html",
        {
            "assessment": found,
            "tasks": queries.task_list(found),
            "rows": rows,
            "dimensions": load_heat().dimensions,
            "review_dates": presenters.review_dates(found.completed_on),
            "complete": found.status == AssessmentStatus.COMPLETE,
            "can_edit": _can_edit(request),
        },
    )


def _step_page(request, found, step: str, form, template: str, save, extra=None):
    if found.status == AssessmentStatus.COMPLETE:
        messages.info(request, f"{found.title} is complete. Start a review to change it.")
        return _to(request, "heat_overview", found)
    if request.method == "POST" and form.is_valid():
        finished = request.POST.get("finish") == "yes"
        try:
            save(finished)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            content = load_heat().step(step)
            if finished and step in NEXT:
                messages.success(request, f"{content.title} has been saved.")
                return _to(request, NEXT[step], found)
            messages.success(
                request,
                f"{found.title} is complete."
                if finished
                else f"{content.title} has been saved as a draft.",
            )
            return _to(request, "heat_overview", found)
    return render(
        request,
        template,
        {"assessment": found, "form": form, "step": load_heat().step(step), **(extra or {})},
    )


@partnership_view(Permission.EDIT_WORK)
def heat_prepare(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    initial = {f: getattr(found, f) for f in ("title", "programme", "description", "involved",
                                              "evidence")}  # fmt: skip
    form = PrepareForm(request.POST or None, initial=initial)

    def save(finished):
        actions.heat_prepare_save(
            by=request.user, assessment=found, finished=finished, **form.cleaned_data
        )

    return _step_page(request, found, "prepare", form, "heat/prepare.html", save)


@partnership_view(Permission.EDIT_WORK)
def heat_assess(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    partnership = request.partnership
    group_list = queries.groups(partnership)
    dimensions = load_heat().dimensions
    cells = queries.grid(partnership, found)
    suggested = queries.suggestions(partnership)
    initial = {}
    for group in group_list:
        for key, _title in dimensions:
            cell = cells.get((group.key, key))
            name = f"{group.key}__{key}"
            if cell is not None:
                initial[name] = cell.text
                initial[f"{name}__priority"] = cell.is_priority
            elif (group.key, key) in suggested:
                initial[name] = suggested[(group.key, key)]
    form = GridForm(request.POST or None, groups=group_list, dimensions=dimensions, initial=initial)

    def save(finished):
        actions.heat_grid_save(
            by=request.user, assessment=found, cells=form.cell_values(), finished=finished
        )

    families = []
    for group in group_list:
        if not families or families[-1]["title"] != group.family:
            families.append({"title": group.family, "groups": []})
        families[-1]["groups"].append(
            {
                "group": group,
                "cells": [
                    {
                        "title": title,
                        "key": key,
                        "text": form[f"{group.key}__{key}"],
                        "priority": form[f"{group.key}__{key}__priority"],
                        "finding": cells.get((group.key, key)),
                        "suggested": (group.key, key) in suggested
                        and (group.key, key) not in cells,
                    }
                    for key, title in dimensions
                ],
            }
        )
    return _step_page(
        request, found, "assess", form, "heat/assess.html", save, {"families": families}
    )


@partnership_view(Permission.EDIT_WORK)
def heat_refine(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    partnership = request.partnership
    group_list = queries.groups(partnership)
    effects = queries.impacts(partnership, found)
    initial = {"changes": found.changes, "measures": found.measures}
    for key, impact in effects.items():
        initial[f"{key}__effect"] = impact.effect
        initial[f"{key}__mitigation"] = impact.mitigation
        initial[f"{key}__actions"] = [action.pk for action in impact.mitigating_actions.all()]
    form = RefineForm(
        request.POST or None,
        groups=group_list,
        actions=queries.action_choices(partnership),
        initial=initial,
    )

    def save(finished):
        actions.heat_refine_save(
            by=request.user,
            assessment=found,
            impacts=form.impact_values(),
            changes=form.cleaned_data["changes"],
            measures=form.cleaned_data["measures"],
            finished=finished,
        )

    rows = [
        {
            "group": g,
            "effect": form[f"{g.key}__effect"],
            "mitigation": form[f"{g.key}__mitigation"],
            "actions": form[f"{g.key}__actions"] if form.with_actions else None,
            "widening": g.key in effects and effects[g.key].effect == "widen",
        }
        for g in group_list
    ]
    return _step_page(request, found, "refine", form, "heat/refine.html", save, {"rows": rows})


@partnership_view(Permission.EDIT_WORK)
def heat_review(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    form = ReviewForm(
        request.POST or None,
        initial={"reviewer": found.reviewer, "review_notes": found.review_notes},
    )

    def save(finished):
        actions.heat_review_save(
            by=request.user, assessment=found, finished=finished, **form.cleaned_data
        )

    return _step_page(request, found, "review", form, "heat/review.html", save)


@require_POST
@partnership_view(Permission.EDIT_WORK)
def heat_gap_action(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    try:
        added = actions.heat_gap_action_add(
            by=request.user,
            assessment=found,
            group=request.POST.get("group", ""),
            dimension=request.POST.get("dimension", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{added.title} has been added to the action plan.")
    return _to(request, "heat_assess", found)


@require_POST
@partnership_view(Permission.EDIT_WORK)
def heat_mitigation_action(request, assessment_id: int):
    """Add an action to the plan to carry out the mitigation of a likely widening (step 3)."""
    found = _assessment_or_404(request, assessment_id)
    try:
        added = actions.heat_mitigation_action_add(
            by=request.user, assessment=found, group=request.POST.get("group", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{added.title} has been added to the action plan and linked as a mitigation.",
        )
    return _to(request, "heat_refine", found)


@require_POST
@partnership_view(Permission.EDIT_WORK)
def heat_review_start(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    try:
        review = actions.heat_review_start(by=request.user, assessment=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to(request, "heat_overview", found)
    messages.success(request, f"{review.title} has been started from {found.title}.")
    return _to(request, "heat_overview", review)


@partnership_view()
def heat_compare(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    return render(
        request,
        "heat/compare.html",
        {"assessment": found, "rows": queries.comparison(request.partnership, found)},
    )


@partnership_view()
def heat_download(request, assessment_id: int):
    found = _assessment_or_404(request, assessment_id)
    table = queries.grid_table(request.partnership, found)
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename(f"heat-{found.pk}", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
