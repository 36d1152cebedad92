"""Partnership pages: list, create, switch, settings, areas, organisations, members, activity."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placematters.accounts.queries import account_exists
from placematters.audit.presenters import present_events
from placematters.audit.queries import activity_for_partnership
from placematters.partnerships import actions, queries
from placematters.partnerships.access import (
    LAST_PARTNERSHIP_SESSION_KEY,
    partnership_view,
    public,
    signed_in,
)
from placematters.partnerships.forms import (
    AcceptInvitationForm,
    AreaForm,
    InviteForm,
    MemberForm,
    OrganisationForm,
    PartnershipForm,
)
from placematters.partnerships.permissions import Permission
from placematters.web.views import add_action_errors


@public
def home(request):
    """Send people where they most likely want to be."""
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    memberships = list(queries.memberships_for_user(request.user))
    last = request.session.get(LAST_PARTNERSHIP_SESSION_KEY)
    slugs = [m.partnership.slug for m in memberships]
    if last in slugs:
        return redirect("toolkit:dashboard", last)
    if len(slugs) == 1:
        return redirect("toolkit:dashboard", slugs[0])
    return redirect("partnerships:home")


@signed_in
def partnership_list(request):
    return render(
        request,
        "partnerships/list.html",
        {"memberships": queries.memberships_for_user(request.user)},
    )


@signed_in
def partnership_create(request):
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partnership = actions.partnership_create(by=request.user, **form.cleaned_data)
        messages.success(request, f"{partnership.name} has been created. You are its owner.")
        return redirect("partnerships:settings", partnership.slug)
    return render(request, "partnerships/create.html", {"form": form})


@signed_in
def switch(request):
    """Go to another of the user's partnerships (the dashboard checks membership)."""
    target = request.GET.get("to", "")
    if queries.membership_for(request.user, target) is None:
        raise Http404("No partnership found")
    return redirect("toolkit:dashboard", target)


@partnership_view()
def settings_page(request):
    partnership = request.partnership
    return render(
        request,
        "partnerships/settings.html",
        {
            "areas": queries.areas(partnership),
            "organisations": queries.organisations(partnership),
            "can_manage": request.membership.role == "owner",
        },
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def partnership_edit(request):
    partnership = request.partnership
    form = PartnershipForm(
        request.POST or None,
        initial={"name": partnership.name, "description": partnership.description},
    )
    if request.method == "POST" and form.is_valid():
        actions.partnership_update(by=request.user, partnership=partnership, **form.cleaned_data)
        messages.success(request, "The partnership's details have been saved.")
        return redirect("partnerships:settings", partnership.slug)
    return render(request, "partnerships/edit.html", {"form": form})


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def area_add(request):
    partnership = request.partnership
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if queries.areas(partnership).filter(gss_code=form.cleaned_data["gss_code"]).exists():
            form.add_error("gss_code", "This area is already one of the partnership's areas")
        else:
            area = actions.area_add(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, f"{area} has been added to the areas of focus.")
            return redirect("partnerships:settings", partnership.slug)
    return render(request, "partnerships/area_form.html", {"form": form})


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def area_remove(request, area_id: int):
    area = queries.area(request.partnership, area_id) or _not_found()
    if request.method == "POST":
        actions.area_remove(by=request.user, area=area)
        messages.success(request, f"{area} has been removed from the areas of focus.")
        return redirect("partnerships:settings", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {area} from the areas of focus?",
            "body": "The area's data stays in Place Matters; only this partnership's link to it "
            "is removed.",
            "button": "Remove area",
            "cancel": reverse("partnerships:settings", args=[request.partnership.slug]),
        },
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def organisation_add(request):
    partnership = request.partnership
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if queries.organisations(partnership).filter(name__iexact=form.cleaned_data["name"]):
            form.add_error("name", "An organisation with this name is already in the partnership")
        else:
            organisation = actions.organisation_add(
                by=request.user, partnership=partnership, **form.cleaned_data
            )
            messages.success(request, f"{organisation} has been added.")
            return redirect("partnerships:settings", partnership.slug)
    return render(request, "partnerships/organisation_form.html", {"form": form, "adding": True})


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def organisation_edit(request, organisation_id: int):
    organisation = queries.organisation(request.partnership, organisation_id) or _not_found()
    form = OrganisationForm(
        request.POST or None, initial={"name": organisation.name, "sector": organisation.sector}
    )
    if request.method == "POST" and form.is_valid():
        clash = (
            queries.organisations(request.partnership)
            .filter(name__iexact=form.cleaned_data["name"])
            .exclude(pk=organisation.pk)
        )
        if clash.exists():
            form.add_error("name", "An organisation with this name is already in the partnership")
        else:
            actions.organisation_update(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
            messages.success(request, f"{organisation} has been saved.")
            return redirect("partnerships:settings", request.partnership.slug)
    return render(
        request,
        "partnerships/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def organisation_remove(request, organisation_id: int):
    organisation = queries.organisation(request.partnership, organisation_id) or _not_found()
    if request.method == "POST":
        actions.organisation_remove(by=request.user, organisation=organisation)
        messages.success(request, f"{organisation} has been removed.")
        return redirect("partnerships:settings", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {organisation} from the partnership?",
            "body": "Members who work for it stay members; they will no longer show an "
            "organisation.",
            "button": "Remove organisation",
            "cancel": reverse("partnerships:settings", args=[request.partnership.slug]),
        },
    )


@partnership_view()
def members(request):
    is_owner = request.membership.role == "owner"
    return render(
        request,
        "partnerships/members.html",
        {
            "members": queries.members(request.partnership),
            "invitations": queries.pending_invitations(request.partnership) if is_owner else [],
            "can_manage": is_owner,
        },
    )


@partnership_view(Permission.MANAGE_MEMBERS)
def invite(request):
    partnership = request.partnership
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = actions.invitation_create(
                by=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                f"An invitation has been sent to {invitation.email}. The link works once and "
                f"expires on {invitation.expires_at:%d %B %Y}.",
            )
            return redirect("partnerships:members", partnership.slug)
    return render(request, "partnerships/invite.html", {"form": form})


@require_POST
@partnership_view(Permission.MANAGE_MEMBERS)
def invitation_revoke(request, invitation_id: int):
    invitation = queries.invitation(request.partnership, invitation_id) or _not_found()
    actions.invitation_revoke(by=request.user, invitation=invitation)
    messages.success(request, f"The invitation for {invitation.email} has been withdrawn.")
    return redirect("partnerships:members", request.partnership.slug)


@partnership_view(Permission.MANAGE_MEMBERS)
def member_edit(request, membership_id: int):
    member = queries.member(request.partnership, membership_id) or _not_found()
    form = MemberForm(
        request.POST or None,
        organisations=queries.organisations(request.partnership),
        initial={"role": member.role, "organisation": member.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.membership_change_role(
                by=request.user, membership=member, role=form.cleaned_data["role"]
            )
            actions.membership_set_organisation(
                by=request.user, membership=member, organisation=form.cleaned_data["organisation"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{member.user.display_name}'s membership has been saved.")
            return redirect("partnerships:members", request.partnership.slug)
    return render(request, "partnerships/member_edit.html", {"form": form, "member": member})


@partnership_view(Permission.MANAGE_MEMBERS)
def member_remove(request, membership_id: int):
    member = queries.member(request.partnership, membership_id) or _not_found()
    error = None
    if request.method == "POST":
        try:
            actions.membership_remove(by=request.user, membership=member)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"{member.user.display_name} has been removed.")
            return redirect("partnerships:members", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {member.user.display_name} from the partnership?",
            "body": "They will no longer be able to open the partnership. Their past changes "
            "stay in the activity record.",
            "button": "Remove member",
            "error": error,
            "cancel": reverse("partnerships:members", args=[request.partnership.slug]),
        },
        status=400 if error else 200,
    )


@partnership_view()
def leave(request):
    partnership = request.partnership
    error = None
    if request.method == "POST":
        try:
            actions.membership_leave(by=request.user, partnership=partnership)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            request.session.pop(LAST_PARTNERSHIP_SESSION_KEY, None)
            messages.success(request, f"You have left {partnership.name}.")
            return redirect("partnerships:home")
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Leave {partnership.name}?",
            "body": "You will no longer be able to open this partnership unless an owner "
            "invites you again.",
            "button": "Leave partnership",
            "error": error,
            "cancel": reverse("partnerships:members", args=[partnership.slug]),
        },
        status=400 if error else 200,
    )


@partnership_view()
def activity(request):
    events = activity_for_partnership(request.partnership, limit=200)
    return render(request, "partnerships/activity.html", {"events": present_events(events)})


@public
def invitation_accept(request, token: str):
    invitation = queries.invitation_by_token_hash(actions.hash_token(token))
    problem = actions.invitation_problem(invitation)
    if problem:
        return render(request, "partnerships/invitation_problem.html", {"problem": problem})
    existing_account = not request.user.is_authenticated and account_exists(invitation.email)
    form = None
    if not request.user.is_authenticated and not existing_account:
        form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = actions.invitation_accept(token=token, user=request.user)
            elif form is not None and form.is_valid():
                membership = actions.invitation_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password"],
                )
                login(
                    request,
                    membership.user,
                    backend="django.contrib.auth.backends.ModelBackend",
                )
            else:
                membership = None
        except ValidationError as error:
            if form is not None:
                add_action_errors(form, error)
            else:
                return render(
                    request,
                    "partnerships/invitation_problem.html",
                    {"problem": " ".join(error.messages)},
                )
        else:
            if membership is not None:
                messages.success(request, f"Welcome to {membership.partnership.name}.")
                return HttpResponseRedirect(
                    reverse("toolkit:dashboard", args=[membership.partnership.slug])
                )
    return render(
        request,
        "partnerships/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing_account": existing_account},
    )


def _not_found():
    raise Http404("Not found")
