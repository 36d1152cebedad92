"""The theory of change logic model: the model page (diagram, checks, text equivalent), the
CSV download, and the forms to add, change and remove elements and links."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from placematters.analysis.presenters import export_filename, to_csv
from placematters.logic_model import actions, queries
from placematters.logic_model.forms import ElementForm, LinkForm
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.web.views import add_action_errors


def _home(request):
    return redirect("logic_model:logic_model", request.partnership.slug)


def _cancel(request) -> str:
    return reverse("logic_model:logic_model", args=[request.partnership.slug])


@partnership_view()
def logic_model(request):
    return render(
        request,
        "logic_model/model.html",
        {
            "model": queries.model(request.partnership),
            "can_edit": role_allows(request.membership.role, Permission.EDIT_WORK),
        },
    )


@partnership_view()
def logic_model_download(request):
    table = queries.model_table(request.partnership)
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename("logic-model", request.partnership.slug, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _element_or_404(request, element_id: int):
    found = queries.element(request.partnership, element_id)
    if found is None:
        raise Http404("No such element")
    return found


def _link_or_404(request, link_id: int):
    found = queries.link(request.partnership, link_id)
    if found is None:
        raise Http404("No such link")
    return found


def _element_form(request, **kwargs) -> ElementForm:
    return ElementForm(
        request.POST or None,
        indicators=queries.indicator_choices(request.partnership),
        **kwargs,
    )


@partnership_view(Permission.EDIT_WORK)
def logic_element_add(request):
    initial = {"kind": request.GET.get("kind", "")}
    form = _element_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.logic_element_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{added.title} has been added to the logic model.")
            return _home(request)
    return render(
        request,
        "logic_model/element_form.html",
        {"form": form, "adding": True, "cancel": _cancel(request)},
    )


@partnership_view(Permission.EDIT_WORK)
def logic_element_edit(request, logic_element_id: int):
    found = _element_or_404(request, logic_element_id)
    initial = {field: getattr(found, field) for field in actions.ELEMENT_FIELDS}
    initial["indicator"] = found.indicator_id
    form = _element_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.logic_element_update(by=request.user, element=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{found.title} has been saved.")
            return _home(request)
    return render(
        request,
        "logic_model/element_form.html",
        {"form": form, "adding": False, "element": found, "cancel": _cancel(request)},
    )


@partnership_view(Permission.EDIT_WORK)
def logic_element_remove(request, logic_element_id: int):
    found = _element_or_404(request, logic_element_id)
    if request.method == "POST":
        actions.logic_element_remove(by=request.user, element=found)
        messages.success(request, f"{found.title} has been removed from the logic model.")
        return _home(request)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove {found.title}?",
            "body": "The element and every link to or from it will be removed from the logic "
            "model. The activity record keeps a note of what it said.",
            "button": "Remove element",
            "cancel": _cancel(request),
        },
    )


def _link_form(request, **kwargs) -> LinkForm:
    return LinkForm(request.POST or None, elements=queries.elements(request.partnership), **kwargs)


@partnership_view(Permission.EDIT_WORK)
def logic_link_add(request):
    initial = {"confidence": "untested"}
    if request.GET.get("from", "").isdigit():
        initial["source"] = int(request.GET["from"])
    form = _link_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.logic_link_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{added.source.title} now leads to {added.target.title}.")
            return _home(request)
    return render(
        request,
        "logic_model/link_form.html",
        {"form": form, "adding": True, "cancel": _cancel(request)},
    )


@partnership_view(Permission.EDIT_WORK)
def logic_link_edit(request, logic_link_id: int):
    found = _link_or_404(request, logic_link_id)
    initial = {field: getattr(found, field) for field in actions.LINK_FIELDS}
    initial["source"], initial["target"] = found.source_id, found.target_id
    form = _link_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.logic_link_update(by=request.user, link=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The link has been saved.")
            return _home(request)
    return render(
        request,
        "logic_model/link_form.html",
        {"form": form, "adding": False, "link": found, "cancel": _cancel(request)},
    )


@partnership_view(Permission.EDIT_WORK)
def logic_link_remove(request, logic_link_id: int):
    found = _link_or_404(request, logic_link_id)
    if request.method == "POST":
        actions.logic_link_remove(by=request.user, link=found)
        messages.success(
            request, f"The link from {found.source.title} to {found.target.title} is removed."
        )
        return _home(request)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Remove the link from {found.source.title} to {found.target.title}?",
            "body": "The elements stay; only the arrow between them and its evidence go.",
            "button": "Remove link",
            "cancel": _cancel(request),
        },
    )
