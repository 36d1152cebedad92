"""Shared view helpers and the error pages."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def add_action_errors(form: Form, error: ValidationError) -> None:
    """Show an action's refusal on the form: field errors by field, the rest at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def safe_next(request, fallback: str) -> str:
    """The ``next`` URL from the request if it is on this site, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def permission_denied(request, exception):
    reason = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception):
    return render(request, "400.html", status=400)
