"""The good-practice bank, publishing to it, and the comparison of localities.

Publishing is two steps: the form, then a preview of exactly what would be published (kept in
the session, nothing stored) with a confirmation. The bank itself is open to every signed-in
person; the comparison to members of partnerships that opted in.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from placematters.analysis.presenters import export_filename, to_csv
from placematters.partnerships.access import partnership_view, signed_in
from placematters.partnerships.permissions import Permission, role_allows
from placematters.sharing import actions, comparison, presenters, queries
from placematters.sharing.forms import (
    BankFilterForm,
    ComparisonChoiceForm,
    ConfirmForm,
    PublicationForm,
    TemplateTargetForm,
)
from placematters.sharing.models import Publication, PublicationKind
from placematters.web.views import add_action_errors
from placematters.web.wording import count_phrase

PENDING_KEY = "sharing_pending"


def _kind_or_404(publication_kind: str) -> str:
    kind = presenters.KIND_SLUGS.get(publication_kind)
    if kind is None:
        raise Http404("No such kind of publication")
    return kind


def _pending_key(slug: str, kind: str) -> str:
    return f"{PENDING_KEY}:{slug}:{kind}"


@partnership_view()
def sharing_home(request):
    """This partnership's publications, and its part in the comparison."""
    partnership = request.partnership
    return render(
        request,
        "sharing/home.html",
        {
            "publications": queries.publications_of(partnership),
            "opted_in": queries.is_opted_in(partnership),
            "is_owner": role_allows(request.membership.role, Permission.MANAGE_PARTNERSHIP),
            "kind_slugs": presenters.KIND_SLUGS,
        },
    )


def _redacted(partnership, kind: str, choices: dict) -> dict:
    if kind == PublicationKind.PLAN:
        return queries.redacted_plan(
            partnership,
            include_organisations=choices.get("include_organisations", False),
            include_communities=choices.get("include_communities", False),
        )
    if kind == PublicationKind.LOGIC_MODEL:
        return queries.redacted_logic_model(
            partnership,
            include_organisations=choices.get("include_organisations", False),
            include_evidence_links=choices.get("include_evidence_links", False),
        )
    return {}


REDACTION_CHOICES = ("include_organisations", "include_communities", "include_evidence_links")


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def sharing_publish(request, publication_kind: str):
    """Step 1: what to publish and how to describe it. Checked, then kept for the preview."""
    kind = _kind_or_404(publication_kind)
    partnership = request.partnership
    key = _pending_key(partnership.slug, kind)
    pending = request.session.get(key) or {}
    initial = {**pending.get("values", {}), **pending.get("choices", {})}
    if isinstance(initial.get("target_groups"), list):
        initial["target_groups"] = ", ".join(initial["target_groups"])
    form = PublicationForm(
        request.POST if request.method == "POST" else None, kind=kind, initial=initial or None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        choices = {name: bool(data.pop(name, False)) for name in REDACTION_CHOICES}
        try:
            values = actions.publication_check(
                by=request.user,
                partnership=partnership,
                kind=kind,
                content=_redacted(partnership, kind, choices),
                **data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            request.session[key] = {"values": values, "choices": choices}
            return redirect("sharing:sharing_preview", partnership.slug, publication_kind)
    return render(
        request,
        "sharing/publish.html",
        {"form": form, "kind": kind, "kind_label": PublicationKind(kind).label},
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def sharing_preview(request, publication_kind: str):
    """Step 2: exactly what would be published, and a confirmation. Only confirming stores it."""
    kind = _kind_or_404(publication_kind)
    partnership = request.partnership
    key = _pending_key(partnership.slug, kind)
    pending = request.session.get(key)
    if not pending:
        messages.info(request, "Start again: there is nothing waiting to be published.")
        return redirect("sharing:sharing_publish", partnership.slug, publication_kind)
    values = pending["values"]
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = actions.publication_publish(
                by=request.user, partnership=partnership, confirmed=True, **values
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            del request.session[key]
            messages.success(request, f"{publication.title} is now in the good-practice bank.")
            return redirect("sharing:bank_publication", publication.pk)
    preview = Publication(partnership=partnership, **values)
    elements, links = presenters.logic_model_rows(values.get("content", {}))
    return render(
        request,
        "sharing/preview.html",
        {
            "form": form,
            "publication": preview,
            "facets": presenters.facets(preview),
            "plan_rows": presenters.plan_rows(values.get("content", {})),
            "elements": elements,
            "links": links,
            "choices": pending["choices"],
            "publication_kind": publication_kind,
        },
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def sharing_withdraw(request, publication_id: int):
    partnership = request.partnership
    publication = queries.own_publication(partnership, publication_id)
    if publication is None:
        raise Http404("No such publication")
    if request.method == "POST":
        try:
            actions.publication_withdraw(by=request.user, publication=publication)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, f"{publication.title} has been withdrawn from the bank.")
        return redirect("sharing:sharing_home", partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Withdraw {publication.title} from the good-practice bank?",
            "body": "People in other partnerships will no longer find it or be able to copy it. "
            "Plans already copied from it stay as they are.",
            "button": "Withdraw it",
            "cancel": reverse("sharing:sharing_home", args=[partnership.slug]),
        },
    )


@partnership_view(Permission.MANAGE_PARTNERSHIP)
def sharing_comparison_choice(request):
    partnership = request.partnership
    opted_in = queries.is_opted_in(partnership)
    form = ComparisonChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"opted_in": "yes" if opted_in else "no"},
    )
    if request.method == "POST" and form.is_valid():
        actions.comparison_choice_set(
            by=request.user, partnership=partnership, opted_in=form.cleaned_data["opted_in"]
        )
        if form.cleaned_data["opted_in"]:
            messages.success(request, "The partnership is now in the comparison of localities.")
            return redirect("sharing:sharing_compare", partnership.slug)
        messages.success(request, "The partnership is no longer in the comparison of localities.")
        return redirect("sharing:sharing_home", partnership.slug)
    return render(request, "sharing/comparison_choice.html", {"form": form})


@partnership_view()
def sharing_compare(request):
    """The opted-in partnerships side by side; an explanation for a partnership not in it."""
    partnership = request.partnership
    is_owner = role_allows(request.membership.role, Permission.MANAGE_PARTNERSHIP)
    if not queries.is_opted_in(partnership):
        return render(request, "sharing/compare_closed.html", {"is_owner": is_owner})
    localities = queries.localities()
    return render(
        request,
        "sharing/compare.html",
        {
            "localities": localities,
            "stage_table": comparison.stage_table(localities),
            "actions_table": comparison.actions_table(localities),
            "chart": comparison.stacked_bars(localities),
            "is_owner": is_owner,
        },
    )


@partnership_view()
def sharing_compare_download(request):
    partnership = request.partnership
    if not queries.is_opted_in(partnership):
        return redirect("sharing:sharing_compare", partnership.slug)
    localities = queries.localities()
    table = comparison.actions_table(localities)
    stages = comparison.stage_table(localities)
    table.rows += [[], stages.headers, *stages.rows]
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("comparison-of-localities", extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the bank, for every signed-in person ---------------------------------------------------


@signed_in
def bank_list(request):
    form = BankFilterForm(request.GET or None, target_groups=queries.target_group_choices())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = list(
        queries.search(
            text=filters.get("q", ""),
            kind=filters.get("kind", ""),
            determinant=filters.get("determinant", ""),
            segment=filters.get("segment", ""),
            target_group=filters.get("target_group", ""),
            area_type=filters.get("area_type", ""),
        )
    )
    return render(
        request,
        "sharing/bank.html",
        {
            "form": form,
            "results": [(p, presenters.facets(p)) for p in found],
            "count": count_phrase(len(found), "publication"),
            "filtered": bool(any(filters.values())) if filters else False,
        },
    )


def _live_or_404(publication_id: int) -> Publication:
    publication = queries.publication(publication_id)
    if publication is None:
        raise Http404("This publication is not in the bank")
    return publication


@signed_in
def bank_publication(request, publication_id: int):
    publication = _live_or_404(publication_id)
    elements, links = presenters.logic_model_rows(publication.content)
    return render(
        request,
        "sharing/publication.html",
        {
            "publication": publication,
            "facets": presenters.facets(publication),
            "plan_rows": presenters.plan_rows(publication.content),
            "elements": elements,
            "links": links,
        },
    )


@signed_in
def bank_use_template(request, publication_id: int):
    """Copy a published plan's actions into a plan the person may change."""
    publication = _live_or_404(publication_id)
    if publication.kind != PublicationKind.PLAN:
        raise Http404("Only a published action plan can be used as a template")
    targets = list(queries.template_targets(request.user))
    form = TemplateTargetForm(
        request.POST if request.method == "POST" else None, memberships=targets
    )
    if request.method == "POST" and targets and form.is_valid():
        target = next(m for m in targets if m.partnership.slug == form.cleaned_data["partnership"])
        try:
            created = actions.publication_use_as_template(
                by=request.user, publication=publication, partnership=target.partnership
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                f"{count_phrase(len(created), 'action')} from {publication.title} "
                f"{'was' if len(created) == 1 else 'were'} added to the plan, not started and "
                "with no owner yet.",
            )
            return redirect("planning:plan_home", target.partnership.slug)
    return render(
        request,
        "sharing/use_template.html",
        {
            "publication": publication,
            "form": form,
            "targets": targets,
            "action_count": len(publication.content.get("actions", [])),
        },
    )
