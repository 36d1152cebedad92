"""The stakeholder grid and register, and the partnership's agreed infrastructure."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placematters.analysis.presenters import export_filename, to_csv
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import members, organisations
from placematters.stakeholders import actions, presenters, queries
from placematters.stakeholders.content import load_grid
from placematters.stakeholders.forms import (
    CommitmentForm,
    ExistingWorkForm,
    InfrastructureForm,
    LeadForm,
    MoveForm,
    StakeholderForm,
)
from placematters.stakeholders.grid import grid_picture, quadrant_for
from placematters.web.views import add_action_errors


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _stakeholder_or_404(request, stakeholder_id: int):
    found = queries.stakeholder(request.partnership, stakeholder_id)
    if found is None:
        raise Http404("No such stakeholder")
    return found


def _map_context(request, status: str = "") -> dict:
    entries = queries.grid_entries(request.partnership)

    def move_form(entry) -> MoveForm:
        found = entry.stakeholder
        return MoveForm(
            initial={"power": found.power, "interest": found.interest}, prefix=f"move-{found.pk}"
        )

    return {
        "entries": entries,
        "groups": [
            {"quadrant": group.quadrant, "rows": [(e, move_form(e)) for e in group.entries]}
            for group in presenters.group_by_quadrant(entries)
        ],
        "picture": grid_picture(queries.markers(entries)),
        "description": presenters.grid_description(entries),
        "summary": queries.grid_summary(request.partnership, entries),
        "can_edit": _can_edit(request),
        "status": status,
    }


@partnership_view()
def stakeholder_list(request):
    context = _map_context(request)
    context["grid"] = load_grid()
    return render(request, "stakeholders/list.html", context)


@partnership_view()
def stakeholder_download(request):
    table = presenters.stakeholder_table(queries.grid_entries(request.partnership))
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("stakeholders", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stakeholder_form(request, **kwargs) -> StakeholderForm:
    return StakeholderForm(
        request.POST or None,
        organisations=organisations(request.partnership),
        members=members(request.partnership),
        **kwargs,
    )


@partnership_view(Permission.EDIT_WORK)
def stakeholder_add(request):
    form = _stakeholder_form(request, initial={"kind": "organisation", "approach": "not_engaged"})
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.stakeholder_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{added.name} has been added to the grid.")
            return redirect(
                reverse("stakeholders:stakeholder_list", args=[request.partnership.slug])
                + f"#stakeholder-{added.pk}"
            )
    return render(request, "stakeholders/form.html", {"form": form, "adding": True})


@partnership_view(Permission.EDIT_WORK)
def stakeholder_edit(request, stakeholder_id: int):
    found = _stakeholder_or_404(request, stakeholder_id)
    form = _stakeholder_form(
        request,
        initial={
            "name": found.name,
            "kind": found.kind,
            "organisation": found.organisation_id,
            "role": found.role,
            "sector": found.sector,
            "power": found.power,
            "interest": found.interest,
            "influence_notes": found.influence_notes,
            "lived_experience": found.lived_experience,
            "contact": found.contact,
            "approach": found.approach,
            "owner": found.owner_id,
            "last_reviewed": found.last_reviewed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.stakeholder_update(by=request.user, stakeholder=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{found.name} has been saved.")
            return redirect(
                reverse("stakeholders:stakeholder_list", args=[request.partnership.slug])
                + f"#stakeholder-{found.pk}"
            )
    return render(
        request, "stakeholders/form.html", {"form": form, "adding": False, "stakeholder": found}
    )


@require_POST
@partnership_view(Permission.EDIT_WORK)
def stakeholder_move(request, stakeholder_id: int):
    """New scores for one stakeholder: in place with htmx, or a post and redirect without it."""
    found = _stakeholder_or_404(request, stakeholder_id)
    form = MoveForm(request.POST, prefix=f"move-{found.pk}")
    status, problem = "", False
    if form.is_valid():
        try:
            actions.stakeholder_move(by=request.user, stakeholder=found, **form.cleaned_data)
        except ValidationError as error:
            status, problem = " ".join(error.messages), True
        else:
            quadrant = quadrant_for(found.power, found.interest)
            status = (
                f"{found.name} moved to power {found.power}, interest {found.interest}: "
                f"{presenters.quadrant_title(quadrant).lower()}."
            )
    else:
        status, problem = (
            f"Choose a power and an interest score from 1 to 5 for {found.name}.",
            True,
        )
    if request.htmx:
        return render(
            request, "stakeholders/partials/move.htmx.html", _map_context(request, status)
        )
    (messages.error if problem else messages.success)(request, status)
    return redirect(
        reverse("stakeholders:stakeholder_list", args=[request.partnership.slug])
        + f"#stakeholder-{found.pk}"
    )


@partnership_view(Permission.EDIT_WORK)
def stakeholder_delete(request, stakeholder_id: int):
    found = _stakeholder_or_404(request, stakeholder_id)
    if request.method == "POST":
        actions.stakeholder_delete(by=request.user, stakeholder=found)
        messages.success(request, f"{found.name} has been deleted.")
        return redirect("stakeholders:stakeholder_list", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Delete {found.name}?",
            "body": "They will be removed from the grid, and from the partnership's leads if "
            "they are one. The activity record keeps a note of what was recorded about them.",
            "button": "Delete stakeholder",
            "cancel": reverse("stakeholders:stakeholder_list", args=[request.partnership.slug]),
        },
    )


# --- Agreed infrastructure ---------------------------------------------------------------------


@partnership_view()
def infrastructure_overview(request):
    partnership = request.partnership
    return render(
        request,
        "stakeholders/infrastructure.html",
        {
            "infrastructure": queries.infrastructure(partnership),
            "leads": queries.leads(partnership),
            "commitments": queries.commitments(partnership),
            "has_organisations": organisations(partnership).exists(),
            "can_edit": _can_edit(request),
        },
    )


def _back_to_infrastructure(request, fragment: str = ""):
    url = reverse("stakeholders:infrastructure_overview", args=[request.partnership.slug])
    return redirect(url + (f"#{fragment}" if fragment else ""))


@partnership_view(Permission.EDIT_WORK)
def infrastructure_edit(request):
    current = queries.infrastructure(request.partnership)
    initial = (
        {field: getattr(current, field) for field in actions.INFRASTRUCTURE_FIELDS}
        if current
        else {}
    )
    form = InfrastructureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.infrastructure_update(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The governance and meetings have been saved.")
            return _back_to_infrastructure(request, "governance")
    return render(request, "stakeholders/infrastructure_form.html", {"form": form})


@partnership_view(Permission.EDIT_WORK)
def infrastructure_lead_add(request):
    form = LeadForm(
        request.POST or None,
        members=members(request.partnership),
        stakeholders=queries.stakeholders(request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            lead = actions.infrastructure_lead_add(
                by=request.user,
                partnership=request.partnership,
                responsibility=form.cleaned_data["responsibility"],
                **form.lead(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{lead.name} has been added as a lead.")
            return _back_to_infrastructure(request, "leads")
    return render(request, "stakeholders/lead_form.html", {"form": form})


@partnership_view(Permission.EDIT_WORK)
def infrastructure_lead_remove(request, lead_id: int):
    lead = queries.lead(request.partnership, lead_id)
    if lead is None:
        raise Http404("No such lead")
    if request.method == "POST":
        actions.infrastructure_lead_remove(by=request.user, lead=lead)
        messages.success(request, f"{lead.name} is no longer listed as a lead.")
        return _back_to_infrastructure(request, "leads")
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {lead.name} as a lead?",
            "body": f"They will no longer be listed as responsible for: {lead.responsibility}",
            "button": "Remove lead",
            "cancel": reverse(
                "stakeholders:infrastructure_overview", args=[request.partnership.slug]
            ),
        },
    )


def _commitment_page(request, form, commitment=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.infrastructure_commitment_set(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{saved.organisation.name}'s commitment has been saved.")
            return _back_to_infrastructure(request, "commitments")
    return render(
        request, "stakeholders/commitment_form.html", {"form": form, "commitment": commitment}
    )


@partnership_view(Permission.EDIT_WORK)
def infrastructure_commitment_add(request):
    form = CommitmentForm(request.POST or None, organisations=organisations(request.partnership))
    return _commitment_page(request, form)


@partnership_view(Permission.EDIT_WORK)
def infrastructure_commitment_edit(request, commitment_id: int):
    commitment = queries.commitment(request.partnership, commitment_id)
    if commitment is None:
        raise Http404("No such commitment")
    form = CommitmentForm(
        request.POST or None,
        organisations=organisations(request.partnership),
        initial={"organisation": commitment.organisation_id, "commitment": commitment.commitment},
    )
    return _commitment_page(request, form, commitment)


@partnership_view(Permission.EDIT_WORK)
def infrastructure_commitment_remove(request, commitment_id: int):
    commitment = queries.commitment(request.partnership, commitment_id)
    if commitment is None:
        raise Http404("No such commitment")
    if request.method == "POST":
        actions.infrastructure_commitment_remove(by=request.user, commitment=commitment)
        messages.success(request, f"{commitment.organisation.name}'s commitment has been removed.")
        return _back_to_infrastructure(request, "commitments")
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {commitment.organisation.name}'s commitment?",
            "body": "The commitment will no longer be shown. "
            "The activity record keeps a note of it.",
            "button": "Remove commitment",
            "cancel": reverse(
                "stakeholders:infrastructure_overview", args=[request.partnership.slug]
            ),
        },
    )


# --- Partners' existing work -------------------------------------------------------------------


@partnership_view()
def existing_work_list(request):
    return render(
        request,
        "stakeholders/existing_work.html",
        {
            "register": queries.existing_work(request.partnership),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view()
def existing_work_download(request):
    table = queries.existing_work_table(request.partnership)
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("existing-work", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _work_or_404(request, work_id: int):
    found = queries.existing_work_item(request.partnership, work_id)
    if found is None:
        raise Http404("No such entry in the register of existing work")
    return found


def _existing_work_page(request, work=None):
    initial = (
        {field: getattr(work, field) for field in actions.EXISTING_WORK_FIELDS} if work else {}
    )
    if work is not None:
        initial["organisation"] = work.organisation_id
    form = ExistingWorkForm(
        request.POST or None, organisations=organisations(request.partnership), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            if work is None:
                saved = actions.existing_work_add(
                    by=request.user, partnership=request.partnership, **form.cleaned_data
                )
            else:
                saved = actions.existing_work_update(
                    by=request.user, work=work, **form.cleaned_data
                )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{saved.title} has been saved in the register.")
            return redirect("stakeholders:existing_work_list", request.partnership.slug)
    return render(request, "stakeholders/existing_work_form.html", {"form": form, "work": work})


@partnership_view(Permission.EDIT_WORK)
def existing_work_add(request):
    return _existing_work_page(request)


@partnership_view(Permission.EDIT_WORK)
def existing_work_edit(request, work_id: int):
    return _existing_work_page(request, _work_or_404(request, work_id))


@partnership_view(Permission.EDIT_WORK)
def existing_work_remove(request, work_id: int):
    work = _work_or_404(request, work_id)
    if request.method == "POST":
        actions.existing_work_remove(by=request.user, work=work)
        messages.success(request, f"{work.title} has been removed from the register.")
        return redirect("stakeholders:existing_work_list", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {work.title}?",
            "body": "It will no longer be listed as work the partnership builds on. "
            "The activity record keeps a note of it.",
            "button": "Remove from the register",
            "cancel": reverse("stakeholders:existing_work_list", args=[request.partnership.slug]),
        },
    )
