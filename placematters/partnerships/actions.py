"""Every change to partnerships, their areas, organisations, members and invitations.

Each action checks the acting user's role, runs in one transaction and records an audit event.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.partnerships import queries
from placematters.partnerships.models import (
    AreaOfFocus,
    Invitation,
    Membership,
    PartnerOrganisation,
    Partnership,
    Role,
)
from placematters.partnerships.permissions import NotAllowed, Permission, role_allows


def require(partnership: Partnership, by, permission: Permission) -> Membership:
    """The acting user's membership, if their role allows ``permission``; else raise."""
    membership = queries.membership_of(by, partnership)
    if membership is None:
        raise NotAllowed(Permission.VIEW)
    if not role_allows(membership.role, permission):
        raise NotAllowed(permission)
    return membership


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "partnership"
    slug, suffix = base, 2
    while Partnership.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def partnership_create(
    *, by, name: str, description: str = "", is_illustrative: bool = False
) -> Partnership:
    """Create a partnership with its creator as owner and the four stages' checklists."""
    from placematters.toolkit.actions import checklist_seed

    partnership = Partnership.objects.create(
        name=name, slug=_unique_slug(name), description=description, is_illustrative=is_illustrative
    )
    Membership.objects.create(partnership=partnership, user=by, role=Role.OWNER)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="partnership.created",
        target=partnership,
        after={"name": name, "description": description},
    )
    checklist_seed(by=by, partnership=partnership)
    return partnership


@transaction.atomic
def partnership_update(*, by, partnership: Partnership, name: str, description: str) -> Partnership:
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    before = {"name": partnership.name, "description": partnership.description}
    partnership.name, partnership.description = name, description
    partnership.save(update_fields=["name", "description", "updated_at"])
    old, new = changed_fields(before, {"name": name, "description": description})
    if new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="partnership.updated",
            target=partnership,
            before=old,
            after=new,
        )
    return partnership


@transaction.atomic
def area_add(*, by, partnership: Partnership, gss_code: str, name: str) -> AreaOfFocus:
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    area = AreaOfFocus.objects.create(partnership=partnership, gss_code=gss_code.upper(), name=name)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="area.added",
        target=area,
        after={"gss_code": area.gss_code, "name": name},
    )
    return area


@transaction.atomic
def area_remove(*, by, area: AreaOfFocus) -> None:
    require(area.partnership, by, Permission.MANAGE_PARTNERSHIP)
    audit_event_record(
        by=by,
        partnership=area.partnership,
        verb="area.removed",
        target=area,
        before={"gss_code": area.gss_code, "name": area.name},
    )
    area.delete()


@transaction.atomic
def organisation_add(
    *, by, partnership: Partnership, name: str, sector: str
) -> PartnerOrganisation:
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    organisation = PartnerOrganisation.objects.create(
        partnership=partnership, name=name, sector=sector
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="organisation.added",
        target=organisation,
        after={"name": name, "sector": organisation.get_sector_display()},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, by, organisation: PartnerOrganisation, name: str, sector: str
) -> PartnerOrganisation:
    require(organisation.partnership, by, Permission.MANAGE_PARTNERSHIP)
    before = {"name": organisation.name, "sector": organisation.get_sector_display()}
    organisation.name, organisation.sector = name, sector
    organisation.save(update_fields=["name", "sector"])
    old, new = changed_fields(before, {"name": name, "sector": organisation.get_sector_display()})
    if new:
        audit_event_record(
            by=by,
            partnership=organisation.partnership,
            verb="organisation.updated",
            target=organisation,
            before=old,
            after=new,
        )
    return organisation


@transaction.atomic
def organisation_remove(*, by, organisation: PartnerOrganisation) -> None:
    require(organisation.partnership, by, Permission.MANAGE_PARTNERSHIP)
    audit_event_record(
        by=by,
        partnership=organisation.partnership,
        verb="organisation.removed",
        target=organisation,
        before={"name": organisation.name, "sector": organisation.get_sector_display()},
    )
    organisation.delete()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, by, partnership: Partnership, email: str, role: str, send: bool = True
) -> tuple[Invitation, str]:
    """Invite an e-mail address; returns the invitation and the one-time token for the link.

    Raises ValidationError when the address already belongs to a member.
    """
    require(partnership, by, Permission.MANAGE_MEMBERS)
    email = email.strip().lower()
    if queries.members(partnership).filter(user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of this partnership"})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        partnership=partnership,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + settings.INVITATION_MAX_AGE,
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="invitation.sent",
        target=invitation,
        target_label=email,
        after={"email": email, "role": invitation.get_role_display()},
    )
    if send:
        link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
        context = {"invitation": invitation, "link": link, "inviter": by}
        transaction.on_commit(
            lambda: send_mail(
                subject=f"You are invited to join {partnership.name} on Place Matters",
                message=render_to_string("partnerships/email/invitation.txt", context),
                from_email=None,
                recipient_list=[email],
            )
        )
    return invitation, token


@transaction.atomic
def invitation_revoke(*, by, invitation: Invitation) -> None:
    require(invitation.partnership, by, Permission.MANAGE_MEMBERS)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_event_record(
        by=by,
        partnership=invitation.partnership,
        verb="invitation.revoked",
        target=invitation,
        target_label=invitation.email,
        before={"email": invitation.email},
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why an invitation link cannot be used, in plain words; None when it can."""
    if invitation is None:
        return "This invitation link is not valid. Check that you copied the whole link."
    if invitation.accepted_at:
        return "This invitation has already been used. Sign in to reach the partnership."
    if invitation.revoked_at:
        return "This invitation was withdrawn. Ask the partnership's owner for a new one."
    if invitation.expires_at <= timezone.now():
        return "This invitation has expired. Ask the partnership's owner to invite you again."
    return None


@transaction.atomic
def invitation_accept(
    *, token: str, user=None, full_name: str = "", password: str = ""
) -> Membership:
    """Redeem an invitation once. A new person sets their name and password here.

    Raises ValidationError with a plain message when the link cannot be used or the password is
    not acceptable; nothing is saved in that case.
    """
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    user_model = get_user_model()
    if user is None:
        if user_model.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                "An account with this e-mail address already exists: sign in, then open the "
                "invitation link again."
            )
        candidate = user_model(email=invitation.email, full_name=full_name)
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user = user_model.objects.create_user(
            email=invitation.email, password=password, full_name=full_name
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}, but you are signed in as {user.email}. "
            "Sign out and open the link again."
        )
    membership, _ = Membership.objects.get_or_create(
        partnership=invitation.partnership, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_event_record(
        by=user,
        partnership=invitation.partnership,
        verb="membership.joined",
        target=membership,
        target_label=user.display_name,
        after={"role": membership.get_role_display()},
    )
    return membership


def _would_leave_no_owner(membership: Membership) -> bool:
    return membership.role == Role.OWNER and queries.owner_count(membership.partnership) <= 1


LAST_OWNER = (
    "{name} is the partnership's only owner. Make another member an owner first, so that "
    "someone can still manage the partnership."
)


@transaction.atomic
def membership_change_role(*, by, membership: Membership, role: str) -> Membership:
    require(membership.partnership, by, Permission.MANAGE_MEMBERS)
    if role != Role.OWNER and _would_leave_no_owner(membership):
        raise ValidationError(LAST_OWNER.format(name=membership.user.display_name))
    before = {"role": membership.get_role_display()}
    membership.role = role
    membership.save(update_fields=["role"])
    audit_event_record(
        by=by,
        partnership=membership.partnership,
        verb="membership.role_changed",
        target=membership,
        target_label=membership.user.display_name,
        before=before,
        after={"role": membership.get_role_display()},
    )
    return membership


@transaction.atomic
def membership_remove(*, by, membership: Membership) -> None:
    require(membership.partnership, by, Permission.MANAGE_MEMBERS)
    if _would_leave_no_owner(membership):
        raise ValidationError(LAST_OWNER.format(name=membership.user.display_name))
    audit_event_record(
        by=by,
        partnership=membership.partnership,
        verb="membership.removed",
        target=membership,
        target_label=membership.user.display_name,
        before={"role": membership.get_role_display()},
    )
    membership.delete()


@transaction.atomic
def membership_leave(*, by, partnership: Partnership) -> None:
    membership = require(partnership, by, Permission.VIEW)
    if _would_leave_no_owner(membership):
        raise ValidationError(
            "You are the partnership's only owner, so you cannot leave it. Make another member "
            "an owner first."
        )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="membership.left",
        target=membership,
        target_label=by.display_name,
        before={"role": membership.get_role_display()},
    )
    membership.delete()


@transaction.atomic
def membership_set_organisation(
    *, by, membership: Membership, organisation: PartnerOrganisation | None
) -> Membership:
    require(membership.partnership, by, Permission.MANAGE_MEMBERS)
    before = {"organisation": membership.organisation}
    membership.organisation = organisation
    membership.save(update_fields=["organisation"])
    old, new = changed_fields(before, {"organisation": organisation})
    if new:
        audit_event_record(
            by=by,
            partnership=membership.partnership,
            verb="membership.organisation_changed",
            target=membership,
            target_label=membership.user.display_name,
            before=old,
            after=new,
        )
    return membership
