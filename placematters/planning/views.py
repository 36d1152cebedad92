"""The local area action plan: the list with filters, my actions, one action with its
milestones, the add/change forms and the timeline (SVG, table and CSV)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placematters.analysis.allocation import ALLOCATION_FIELDS, allocation_context
from placematters.analysis.presenters import export_filename, to_csv
from placematters.asset_mapping.queries import asset_choices
from placematters.engagement.queries import communities
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import members, organisations
from placematters.planning import actions, presenters, queries
from placematters.planning.content import load_steps
from placematters.planning.forms import (
    AttachAllocationForm,
    FilterForm,
    MilestoneForm,
    PlanActionForm,
)
from placematters.planning.models import LifeStage
from placematters.web.views import add_action_errors


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _action_or_404(request, action_id: int):
    found = queries.plan_action(request.partnership, action_id)
    if found is None:
        raise Http404("No such action")
    return found


def _list_page(request, *, mine: bool):
    partnership = request.partnership
    member_list = list(members(partnership))
    finding_list = list(queries.finding_choices(partnership))
    form = FilterForm(request.GET or None, members=member_list, findings=finding_list)
    found = queries.plan_actions(partnership)
    if mine:
        found = queries.my_actions(request.membership)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = queries.filtered_actions(
            partnership,
            owner=next((m for m in member_list if str(m.pk) == data["owner"]), None),
            status=data["status"],
            overdue=data["overdue"],
            priority=next((p for p in finding_list if str(p.pk) == data["finding"]), None),
        )
    return render(
        request,
        "planning/list.html",
        {
            "form": form,
            "rows": queries.rows(found),
            "mine": mine,
            "filtered": form.is_bound and not mine,
            "life_course": None if mine else queries.life_course_coverage(partnership),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view()
def plan_home(request):
    return _list_page(request, mine=False)


@partnership_view()
def plan_mine(request):
    return _list_page(request, mine=True)


def _action_form(request, **kwargs) -> PlanActionForm:
    partnership = request.partnership
    return PlanActionForm(
        request.POST or None,
        findings=queries.finding_choices(partnership),
        assets=asset_choices(partnership),
        communities=communities(partnership),
        members=members(partnership),
        organisations=organisations(partnership),
        logic_elements=queries.logic_element_choices(partnership),
        **kwargs,
    )


def _to_detail(request, action):
    return redirect("planning:plan_action_detail", request.partnership.slug, action.pk)


@partnership_view(Permission.EDIT_WORK)
def plan_action_add(request):
    initial = {"intensity": "universal", "status": "not_started", "owner": request.membership.pk}
    if request.GET.get("finding", "").isdigit():
        initial["priority"] = int(request.GET["finding"])
    form = _action_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.plan_action_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{added.title} has been added to the action plan.")
            return _to_detail(request, added)
    return render(request, "planning/form.html", {"form": form, "adding": True})


@partnership_view(Permission.EDIT_WORK)
def plan_action_edit(request, action_id: int):
    found = _action_or_404(request, action_id)
    initial = {field: getattr(found, field) for field in actions.ACTION_FIELDS}
    for field in ("priority", "owner", "organisation"):
        initial[field] = getattr(found, f"{field}_id")
    for field in actions.MANY:
        initial[field] = [item.pk for item in getattr(found, field).all()]
    form = _action_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.plan_action_update(by=request.user, action=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{found.title} has been saved.")
            return _to_detail(request, found)
    return render(request, "planning/form.html", {"form": form, "adding": False, "action": found})


@partnership_view()
def plan_action_detail(request, action_id: int):
    found = _action_or_404(request, action_id)
    row = queries.rows([found])[0]
    today = timezone.localdate()
    return render(
        request,
        "planning/detail.html",
        {
            "row": row,
            "action": found,
            "milestones": [
                (item, item.due_date < today and not item.done) for item in found.milestones.all()
            ],
            "determinant": queries.determinant_title(found.determinant),
            "step": queries.step_title(found.ihe_step),
            "life_stages": [LifeStage(stage).label for stage in found.life_stages],
            "milestone_form": MilestoneForm(),
            "allocations": queries.allocations_shown(found),
            "allocation_headers": presenters.ALLOCATION_HEADERS,
            "can_edit": _can_edit(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def plan_action_remove(request, action_id: int):
    found = _action_or_404(request, action_id)
    if request.method == "POST":
        actions.plan_action_remove(by=request.user, action=found)
        messages.success(request, f"{found.title} has been removed from the action plan.")
        return redirect("planning:plan_home", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {found.title}?",
            "body": "The action and its milestones will be removed from the plan. "
            "The activity record keeps a note of what it said.",
            "button": "Remove action",
            "cancel": reverse(
                "planning:plan_action_detail", args=[request.partnership.slug, found.pk]
            ),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def plan_milestone_add(request, action_id: int):
    found = _action_or_404(request, action_id)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.plan_milestone_add(by=request.user, action=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The milestone {added.title} has been added.")
            return _to_detail(request, found)
    return render(request, "planning/milestone_form.html", {"form": form, "action": found})


def _milestone_or_404(request, milestone_id: int):
    found = queries.milestone(request.partnership, milestone_id)
    if found is None:
        raise Http404("No such milestone")
    return found


@require_POST
@partnership_view(Permission.EDIT_WORK)
def plan_milestone_done(request, milestone_id: int):
    found = _milestone_or_404(request, milestone_id)
    done = request.POST.get("done") == "yes"
    actions.plan_milestone_set_done(by=request.user, milestone=found, done=done)
    messages.success(
        request,
        f"The milestone {found.title} is marked as {'done' if done else 'not done'}.",
    )
    return _to_detail(request, found.action)


@partnership_view(Permission.EDIT_WORK)
def plan_milestone_remove(request, milestone_id: int):
    found = _milestone_or_404(request, milestone_id)
    if request.method == "POST":
        actions.plan_milestone_remove(by=request.user, milestone=found)
        messages.success(request, f"The milestone {found.title} has been removed.")
        return _to_detail(request, found.action)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove the milestone {found.title}?",
            "body": "It will no longer show on the action.",
            "button": "Remove milestone",
            "cancel": reverse(
                "planning:plan_action_detail", args=[request.partnership.slug, found.action_id]
            ),
        },
    )


@partnership_view()
def plan_timeline(request):
    return render(
        request,
        "planning/timeline.html",
        {"timeline": queries.timeline(request.partnership), "steps": load_steps()},
    )


@partnership_view()
def plan_timeline_download(request):
    table = queries.timeline_table(request.partnership)
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("action-plan", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Allocations by need (proportionate universalism) ---------------------------------------


def _csv_response(table, stem: str, slug: str) -> HttpResponse:
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename(stem, slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(Permission.EDIT_WORK)
def plan_allocation_attach(request):
    """Attach the allocation the calculator works out from this query string to an action: the
    figures are worked out again here by the calculator's own code, shown, then stored."""
    partnership = request.partnership
    calculator = reverse("analysis:allocation", args=[partnership.slug])
    worked = allocation_context(partnership, request.GET)
    if worked["allocation"] is None:
        messages.error(request, "Work out an allocation first, then attach it to an action.")
        query = worked["query"]
        return redirect(f"{calculator}?{query}" if query else calculator)
    attachment = presenters.allocation_attachment(worked)
    parameters = {
        name: request.GET[name]
        for name in (*ALLOCATION_FIELDS, "population")
        if name in request.GET
    }
    plan = queries.action_choices(partnership)
    form = AttachAllocationForm(request.POST or None, actions=plan)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["action"]
        try:
            actions.plan_allocation_attach(
                by=request.user, action=chosen, parameters=parameters, **attachment
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The allocation has been attached to {chosen.title}.")
            return redirect(
                reverse("planning:plan_action_detail", args=[partnership.slug, chosen.pk])
                + "#allocations"
            )
    return render(
        request,
        "planning/allocation_attach.html",
        {
            "form": form,
            "basis": attachment["basis"],
            "headers": presenters.allocation_headers(attachment["measure_label"]),
            "rows": presenters.allocation_display(attachment["rows"]),
            "has_actions": plan.exists(),
            "query": worked["query"],
            "calculator": f"{calculator}?{worked['query']}",
        },
    )


def _allocation_or_404(request, allocation_id: int):
    found = queries.allocation(request.partnership, allocation_id)
    if found is None:
        raise Http404("No such allocation")
    return found


@partnership_view()
def plan_allocation_download(request, allocation_id: int):
    found = _allocation_or_404(request, allocation_id)
    return _csv_response(
        queries.allocation_table(found),
        f"allocation-{found.pk}-action-{found.action_id}",
        request.partnership.slug,
    )


@partnership_view(Permission.EDIT_WORK)
def plan_allocation_remove(request, allocation_id: int):
    found = _allocation_or_404(request, allocation_id)
    if request.method == "POST":
        actions.plan_allocation_remove(by=request.user, allocation=found)
        messages.success(request, f"The allocation has been removed from {found.action.title}.")
        return _to_detail(request, found.action)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove this allocation from {found.action.title}?",
            "body": f"{found.basis} The calculator can work it out again at any time.",
            "button": "Remove allocation",
            "cancel": reverse(
                "planning:plan_action_detail", args=[request.partnership.slug, found.action_id]
            ),
        },
    )
