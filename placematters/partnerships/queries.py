"""Reads of partnership data. Each takes the user or the partnership first."""

from django.db.models import Count, QuerySet
from django.utils import timezone

from placematters.partnerships.models import (
    AreaOfFocus,
    Invitation,
    Membership,
    PartnerOrganisation,
    Partnership,
    Role,
)


def memberships_for_user(user) -> QuerySet[Membership]:
    """The user's memberships, with their partnerships, by partnership name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("partnership")
        .order_by("partnership__name")
    )


def membership_for(user, slug: str) -> Membership | None:
    """The user's membership of the partnership with this slug, or None (not a member)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, partnership__slug=slug)
        .select_related("partnership", "user")
        .first()
    )


def membership_of(user, partnership: Partnership) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, partnership=partnership).first()


def members(partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email")
    )


def member(partnership: Partnership, membership_id: int) -> Membership | None:
    return (
        Membership.objects.filter(partnership=partnership, pk=membership_id)
        .select_related("user")
        .first()
    )


def owner_count(partnership: Partnership) -> int:
    return Membership.objects.filter(partnership=partnership, role=Role.OWNER).count()


def areas(partnership: Partnership) -> QuerySet[AreaOfFocus]:
    return AreaOfFocus.objects.filter(partnership=partnership)


def area(partnership: Partnership, area_id: int) -> AreaOfFocus | None:
    return AreaOfFocus.objects.filter(partnership=partnership, pk=area_id).first()


def organisations(partnership: Partnership) -> QuerySet[PartnerOrganisation]:
    return PartnerOrganisation.objects.filter(partnership=partnership).annotate(
        member_count=Count("membership")
    )


def organisation(partnership: Partnership, organisation_id: int) -> PartnerOrganisation | None:
    return PartnerOrganisation.objects.filter(partnership=partnership, pk=organisation_id).first()


def pending_invitations(partnership: Partnership) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        partnership=partnership,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def invitation(partnership: Partnership, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(partnership=partnership, pk=invitation_id).first()


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """Any invitation with this token hash, whatever its state (the caller explains the state)."""
    return Invitation.objects.filter(token_hash=token_hash).select_related("partnership").first()
