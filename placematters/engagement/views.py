"""Community engagement pages: thin views over engagement queries and actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from placematters.analysis.presenters import export_filename, to_csv
from placematters.engagement import actions, presenters, queries
from placematters.engagement.content import load_communities, load_participation
from placematters.engagement.coverage import gaps
from placematters.engagement.forms import (
    CapacityActivityForm,
    CommunityAddForm,
    CommunityEditForm,
    DecisionForm,
    HeardForm,
    LogEntryForm,
    PlanEntryForm,
)
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import areas, members
from placematters.planning import presenters as planning_presenters
from placematters.planning import queries as planning_queries
from placematters.web.views import add_action_errors


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _or_404(found, what: str):
    if found is None:
        raise Http404(f"No such {what}")
    return found


def _home(request):
    return redirect("engagement:engagement_home", request.partnership.slug)


def _confirm(request, *, title: str, body: str, button: str, cancel: str, error=None):
    return render(
        request,
        "web/confirm.html",
        {"title": title, "body": body, "button": button, "cancel": cancel, "error": error},
        status=400 if error else 200,
    )


@partnership_view()
def engagement_home(request):
    partnership = request.partnership
    rows = queries.coverage(partnership)
    return render(
        request,
        "engagement/home.html",
        {
            "communities": queries.communities(partnership),
            "plan": queries.plan_entries(partnership),
            "gaps": gaps(rows),
            "unanswered": len(queries.unanswered(partnership)),
            "participation": load_participation(),
            "can_edit": _can_edit(request),
        },
    )


# --- Target communities ------------------------------------------------------------------------


@partnership_view(Permission.EDIT_WORK)
def engagement_community_add(request):
    partnership = request.partnership
    form = CommunityAddForm(request.POST or None, areas=list(areas(partnership)))
    if request.method == "POST" and form.is_valid():
        try:
            community = actions.target_community_add(
                by=request.user, partnership=partnership, **form.action_fields()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "reference_key" in error.error_dict:
                error = ValidationError({"community": error.error_dict["reference_key"]})
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{community.name}' is now a target community.")
            return _home(request)
    return render(
        request,
        "engagement/community_form.html",
        {"form": form, "title": "Add a target community", "lists": load_communities().lists},
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_community_edit(request, community_id: int):
    community = _or_404(queries.community(request.partnership, community_id), "community")
    form = CommunityEditForm(
        request.POST or None, initial={"why": community.why, "is_priority": community.is_priority}
    )
    if request.method == "POST" and form.is_valid():
        actions.target_community_update(by=request.user, community=community, **form.cleaned_data)
        messages.success(request, f"'{community.name}' has been saved.")
        return _home(request)
    return render(
        request,
        "engagement/community_form.html",
        {"form": form, "title": f"Change '{community.name}'", "community": community},
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_community_remove(request, community_id: int):
    community = _or_404(queries.community(request.partnership, community_id), "community")
    error = None
    if request.method == "POST":
        try:
            actions.target_community_remove(by=request.user, community=community)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"'{community.name}' has been removed.")
            return _home(request)
    return _confirm(
        request,
        title=f"Remove '{community.name}'?",
        body="The community and its entries in the engagement plan will be removed.",
        button="Remove community",
        cancel=reverse("engagement:engagement_home", args=[request.partnership.slug]),
        error=error,
    )


# --- Plan --------------------------------------------------------------------------------------


def _plan_form(request, initial=None):
    return PlanEntryForm(
        request.POST or None,
        communities=queries.communities(request.partnership),
        members=members(request.partnership),
        initial=initial,
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_plan_add(request):
    form = _plan_form(request, initial={"community": request.GET.get("community")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.plan_entry_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The engagement has been added to the plan.")
            return _home(request)
    return render(
        request,
        "engagement/plan_form.html",
        {"form": form, "title": "Plan an engagement", "participation": load_participation()},
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_plan_edit(request, plan_entry_id: int):
    entry = _or_404(queries.plan_entry(request.partnership, plan_entry_id), "plan entry")
    form = _plan_form(
        request,
        initial={
            "community": entry.community_id,
            "purpose": entry.purpose,
            "level": entry.level,
            "method": entry.method,
            "approach": entry.approach,
            "lead": entry.lead_id,
            "starts_on": entry.starts_on,
            "ends_on": entry.ends_on,
            "status": entry.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.plan_entry_update(by=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The plan entry has been saved.")
            return _home(request)
    return render(
        request,
        "engagement/plan_form.html",
        {
            "form": form,
            "title": "Change a planned engagement",
            "entry": entry,
            "participation": load_participation(),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_plan_remove(request, plan_entry_id: int):
    entry = _or_404(queries.plan_entry(request.partnership, plan_entry_id), "plan entry")
    if request.method == "POST":
        actions.plan_entry_remove(by=request.user, entry=entry)
        messages.success(request, "The plan entry has been removed.")
        return _home(request)
    return _confirm(
        request,
        title="Remove this planned engagement?",
        body=f"'{entry.method}' with {entry.community.name} will be removed from the plan.",
        button="Remove from plan",
        cancel=reverse("engagement:engagement_home", args=[request.partnership.slug]),
    )


# --- Log ---------------------------------------------------------------------------------------


@partnership_view()
def engagement_log(request):
    return render(
        request,
        "engagement/log.html",
        {"entries": queries.log_entries(request.partnership), "can_edit": _can_edit(request)},
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_log_add(request):
    form = LogEntryForm(request.POST or None, communities=queries.communities(request.partnership))
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.log_entry_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, f"'{entry.title}' has been logged. Add the themes and quotes you heard."
            )
            return redirect("engagement:engagement_log_detail", request.partnership.slug, entry.pk)
    return render(
        request,
        "engagement/log_form.html",
        {"form": form, "has_communities": queries.communities(request.partnership).exists()},
    )


@partnership_view()
def engagement_log_detail(request, log_entry_id: int):
    entry = _or_404(queries.log_entry(request.partnership, log_entry_id), "log entry")
    return render(
        request,
        "engagement/log_detail.html",
        {
            "entry": entry,
            "heard_form": HeardForm(),
            "can_edit": _can_edit(request),
            "withheld": presenters.QUOTE_WITHHELD,
        },
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_log_remove(request, log_entry_id: int):
    entry = _or_404(queries.log_entry(request.partnership, log_entry_id), "log entry")
    if request.method == "POST":
        actions.log_entry_remove(by=request.user, entry=entry)
        messages.success(request, f"'{entry.title}' has been removed from the log.")
        return redirect("engagement:engagement_log", request.partnership.slug)
    return _confirm(
        request,
        title=f"Remove '{entry.title}'?",
        body="The engagement, what was heard there and any decisions recorded on it will be "
        "removed. The activity record keeps a note that it happened.",
        button="Remove engagement",
        cancel=reverse(
            "engagement:engagement_log_detail", args=[request.partnership.slug, entry.pk]
        ),
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_heard_add(request, log_entry_id: int):
    entry = _or_404(queries.log_entry(request.partnership, log_entry_id), "log entry")
    form = HeardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            heard = actions.heard_add(by=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The {heard.get_kind_display().lower()} has been added.")
            return redirect(
                reverse(
                    "engagement:engagement_log_detail", args=[request.partnership.slug, entry.pk]
                )
                + "#heard"
            )
    return render(request, "engagement/heard_form.html", {"form": form, "entry": entry})


@partnership_view(Permission.EDIT_WORK)
def engagement_heard_remove(request, heard_id: int):
    heard = _or_404(queries.heard_item(request.partnership, heard_id), "theme or quote")
    back = reverse(
        "engagement:engagement_log_detail", args=[request.partnership.slug, heard.entry_id]
    )
    if request.method == "POST":
        actions.heard_remove(by=request.user, heard=heard)
        messages.success(request, f"The {heard.get_kind_display().lower()} has been removed.")
        return redirect(back)
    return _confirm(
        request,
        title=f"Remove this {heard.get_kind_display().lower()}?",
        body="It will be removed with any decision recorded on it.",
        button="Remove",
        cancel=back,
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_decision(request, heard_id: int):
    heard = _or_404(queries.heard_item(request.partnership, heard_id), "theme or quote")
    decision = queries.decision_for(request.partnership, heard)
    initial = {}
    if decision is not None:
        initial = {
            "text": decision.text,
            "decided_on": decision.decided_on,
            "decided_by": decision.decided_by,
            "action_reference": decision.action_reference,
            "action_status": decision.action_status,
            "plan_actions": list(decision.plan_actions.all()),
        }
    form = DecisionForm(
        request.POST or None,
        initial=initial,
        plan_actions=planning_queries.plan_actions(request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.decision_record(by=request.user, heard=heard, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The decision has been recorded.")
            return redirect("engagement:engagement_trail", request.partnership.slug)
    return render(
        request,
        "engagement/decision_form.html",
        {"form": form, "heard": heard, "shown": presenters.heard_text(heard)},
    )


@partnership_view()
def engagement_trail(request):
    rows = queries.trail(request.partnership)
    return render(
        request,
        "engagement/trail.html",
        {
            "rows": [
                {
                    "row": row,
                    "heard": presenters.heard_text(row.heard),
                    "decision": presenters.decision_text(row.decision),
                    "action": presenters.action_text(row.decision),
                    "plan_actions": [
                        {"action": action, "tag": planning_presenters.status_tag(action.status)}
                        for action in row.plan_actions
                    ],
                    "stage": presenters.TRAIL_STAGE_NAMES[row.stage],
                    "stage_key": row.stage,
                }
                for row in rows
            ],
            "summary": presenters.trail_sentence(rows),
            "can_edit": _can_edit(request),
        },
    )


# --- Coverage ----------------------------------------------------------------------------------


@partnership_view()
def engagement_coverage(request):
    rows = queries.coverage(request.partnership)
    gap_rows = gaps(rows)
    return render(
        request,
        "engagement/coverage.html",
        {
            "rows": rows,
            "table": presenters.coverage_table(rows),
            "chart": presenters.coverage_chart(rows),
            "gap_paragraphs": presenters.gap_paragraphs(gap_rows) if rows else [],
            "gaps": gap_rows,
            "participation": load_participation(),
        },
    )


@partnership_view()
def engagement_coverage_download(request):
    table = presenters.coverage_table(queries.coverage(request.partnership))
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("engagement-coverage", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Capacity and sustainability ----------------------------------------------------------------


@partnership_view()
def engagement_capacity(request):
    activities = list(queries.capacity_activities(request.partnership))
    return render(
        request,
        "engagement/capacity.html",
        {
            "activities": [
                {
                    "activity": activity,
                    "dates": presenters.date_range(activity.starts_on, activity.ends_on),
                    "amount": presenters.format_amount(activity.amount),
                }
                for activity in activities
            ],
            "can_edit": _can_edit(request),
        },
    )


def _capacity_form(request, initial=None):
    return CapacityActivityForm(
        request.POST or None, communities=queries.communities(request.partnership), initial=initial
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_capacity_add(request):
    form = _capacity_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            activity = actions.capacity_activity_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{activity.title}' has been added.")
            return redirect("engagement:engagement_capacity", request.partnership.slug)
    return render(
        request, "engagement/capacity_form.html", {"form": form, "title": "Add an activity"}
    )


@partnership_view(Permission.EDIT_WORK)
def engagement_capacity_edit(request, capacity_id: int):
    activity = _or_404(queries.capacity_activity(request.partnership, capacity_id), "activity")
    form = _capacity_form(
        request,
        initial={
            "kind": activity.kind,
            "title": activity.title,
            "description": activity.description,
            "owner": activity.owner,
            "community": activity.community_id,
            "status": activity.status,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "amount": activity.amount,
            "people": activity.people,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.capacity_activity_update(
                by=request.user, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{activity.title}' has been saved.")
            return redirect("engagement:engagement_capacity", request.partnership.slug)
    return render(
        request,
        "engagement/capacity_form.html",
        {"form": form, "title": f"Change '{activity.title}'"},
    )
