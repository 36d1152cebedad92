"""The dashboard, the four stages and their checklist items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placematters.audit.presenters import present_events
from placematters.audit.queries import activity_for_partnership
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import members
from placematters.planning import queries as planning_queries
from placematters.toolkit import actions, queries
from placematters.toolkit.content import load_content
from placematters.toolkit.forms import EvidenceForm, ItemForm, NewItemForm, StatusForm
from placematters.web.views import add_action_errors, safe_next


def _stage_or_404(stage_slug: str):
    stage = load_content().stage(stage_slug)
    if stage is None:
        raise Http404("No such stage")
    return stage


def _item_or_404(request, item_id: int):
    item = queries.checklist_item(request.partnership, item_id)
    if item is None:
        raise Http404("No such item")
    return item


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


@partnership_view()
def dashboard(request):
    partnership = request.partnership
    return render(
        request,
        "toolkit/dashboard.html",
        {
            "progress": queries.stage_progress(partnership),
            "overdue": queries.overdue_items(partnership)[:20],
            "my_items": queries.items_owned_by(request.membership)[:10],
            "overdue_actions": planning_queries.rows(
                planning_queries.overdue_actions(partnership)[:20]
            ),
            "events": present_events(activity_for_partnership(partnership, limit=8)),
        },
    )


@partnership_view()
def stages(request):
    return render(
        request, "toolkit/stages.html", {"progress": queries.stage_progress(request.partnership)}
    )


def _stage_context(request, stage) -> dict:
    items = queries.checklist_items(request.partnership, stage.slug)
    return {
        "stage": stage,
        "stage_progress": queries.progress_of_stage(request.partnership, stage),
        "rows": [
            (item, StatusForm(initial={"status": item.status}, prefix=f"item-{item.pk}"))
            for item in items
        ],
        "can_edit": _can_edit(request),
        "content": load_content(),
    }


@partnership_view()
def stage(request, stage_slug: str):
    stage = _stage_or_404(stage_slug)
    return render(request, "toolkit/stage.html", _stage_context(request, stage))


@require_POST
@partnership_view(Permission.EDIT_WORK)
def item_status(request, item_id: int):
    """Change an item's status: in place with htmx, or by a full post and redirect without it."""
    item = _item_or_404(request, item_id)
    form = StatusForm(request.POST, prefix=f"item-{item.pk}")
    if form.is_valid():
        actions.checklist_item_set_status(
            by=request.user, item=item, status=form.cleaned_data["status"]
        )
    stage = _stage_or_404(item.stage)
    if request.htmx:
        context = {
            "item": queries.checklist_item(request.partnership, item.pk),
            "status_form": form,
            "saved": form.is_valid(),
            "stage_progress": queries.progress_of_stage(request.partnership, stage),
            "can_edit": True,
        }
        return render(request, "toolkit/partials/item_status.htmx.html", context)
    if form.is_valid():
        messages.success(request, f"'{item.title}' is now {item.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose one of the listed statuses.")
    fallback = reverse("toolkit:stage", args=[request.partnership.slug, stage.slug])
    return redirect(safe_next(request, fallback) + f"#item-{item.pk}")


@partnership_view()
def item_detail(request, item_id: int):
    item = _item_or_404(request, item_id)
    return render(
        request,
        "toolkit/item_detail.html",
        {"item": item, "stage": _stage_or_404(item.stage), "can_edit": _can_edit(request)},
    )


@partnership_view(Permission.EDIT_WORK)
def item_edit(request, item_id: int):
    item = _item_or_404(request, item_id)
    form = ItemForm(
        request.POST or None,
        members=members(request.partnership),
        custom=item.is_custom,
        initial={
            "title": item.title,
            "description": item.description,
            "status": item.status,
            "owner": item.owner_id,
            "due_date": item.due_date,
            "notes": item.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.checklist_item_update(by=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{item.title}' has been saved.")
            return redirect("toolkit:item_detail", request.partnership.slug, item.pk)
    return render(
        request,
        "toolkit/item_edit.html",
        {"item": item, "form": form, "stage": _stage_or_404(item.stage)},
    )


@partnership_view(Permission.EDIT_WORK)
def item_create(request, stage_slug: str):
    stage = _stage_or_404(stage_slug)
    form = NewItemForm(request.POST or None, members=members(request.partnership))
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.checklist_item_create(
                by=request.user,
                partnership=request.partnership,
                stage=stage.slug,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{item.title}' has been added to {stage.title}.")
            return redirect("toolkit:stage", request.partnership.slug, stage.slug)
    return render(request, "toolkit/item_create.html", {"form": form, "stage": stage})


@partnership_view(Permission.EDIT_WORK)
def item_delete(request, item_id: int):
    item = _item_or_404(request, item_id)
    stage = _stage_or_404(item.stage)
    error = None
    if request.method == "POST":
        try:
            actions.checklist_item_delete(by=request.user, item=item)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"'{item.title}' has been deleted.")
            return redirect("toolkit:stage", request.partnership.slug, stage.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Delete '{item.title}'?",
            "body": "The item and its evidence links will be deleted. The activity record keeps "
            "a note of what it said.",
            "button": "Delete item",
            "error": error,
            "cancel": reverse("toolkit:item_detail", args=[request.partnership.slug, item.pk]),
        },
        status=400 if error else 200,
    )


@partnership_view(Permission.EDIT_WORK)
def evidence_add(request, item_id: int):
    item = _item_or_404(request, item_id)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.evidence_link_add(by=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The evidence link has been added.")
            return redirect("toolkit:item_detail", request.partnership.slug, item.pk)
    return render(
        request,
        "toolkit/evidence_add.html",
        {"item": item, "form": form, "stage": _stage_or_404(item.stage)},
    )


@require_POST
@partnership_view(Permission.EDIT_WORK)
def evidence_remove(request, link_id: int):
    link = queries.evidence_link(request.partnership, link_id)
    if link is None:
        raise Http404("No such evidence link")
    item = link.item
    actions.evidence_link_remove(by=request.user, link=link)
    messages.success(request, f"'{link.label}' has been removed.")
    return redirect("toolkit:item_detail", request.partnership.slug, item.pk)
