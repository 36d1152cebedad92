"""Access rules for views: who may open each page, checked before the view runs.

Every view in the project carries an ``access`` attribute (set by these decorators) which the
URL-walk test reads, so a new page cannot be added without declaring who may see it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from placematters.partnerships import queries
from placematters.partnerships.permissions import REFUSALS, NotAllowed, Permission, role_allows

PUBLIC = "public"
SIGNED_IN = "signed_in"
LAST_PARTNERSHIP_SESSION_KEY = "last_partnership"


def public(view: Callable) -> Callable:
    """Anyone may open this page, signed in or not."""
    view.access = PUBLIC
    return view


def signed_in(view: Callable) -> Callable:
    """Any signed-in person may open this page; others are sent to sign in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.access = SIGNED_IN
    return wrapped


def partnership_view(permission: Permission = Permission.VIEW) -> Callable:
    """Open only to members of the partnership in the URL whose role grants ``permission``.

    A non-member gets 404 (the partnership's existence is not revealed); a member whose role
    does not allow the permission gets 403 with a plain explanation. The view receives the
    membership as ``request.membership`` and the partnership as ``request.partnership``.
    Actions that refuse (:class:`NotAllowed`) are turned into the same 403.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = queries.membership_for(request.user, slug)
            if membership is None:
                raise Http404("No partnership found")
            if not role_allows(membership.role, permission):
                raise PermissionDenied(REFUSALS[permission])
            request.membership = membership
            request.partnership = membership.partnership
            request.session[LAST_PARTNERSHIP_SESSION_KEY] = slug
            try:
                return view(request, *args, **kwargs)
            except NotAllowed as refusal:
                raise PermissionDenied(str(refusal)) from refusal

        wrapped.access = permission
        return wrapped

    return decorator
