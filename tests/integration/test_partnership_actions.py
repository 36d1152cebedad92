"""Partnership actions on a real database: roles, last-owner rules, invitations, audit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from placematters.audit.models import AuditEvent
from placematters.partnerships import actions, queries
from placematters.partnerships.models import Invitation, Membership, Role, Sector
from placematters.partnerships.permissions import NotAllowed
from placematters.toolkit.models import ChecklistItem
from tests.conftest import PASSWORD, add_member

pytestmark = pytest.mark.django_db


def test_creating_a_partnership_makes_the_creator_owner_and_seeds_every_stage(owner):
    partnership = actions.partnership_create(by=owner, name="Coastal partnership")
    membership = queries.membership_of(owner, partnership)
    assert membership.role == Role.OWNER
    stages = set(
        ChecklistItem.objects.filter(partnership=partnership).values_list("stage", flat=True)
    )
    assert stages == {
        "mapping-the-system",
        "strengthen-community-action",
        "evaluation-planning",
        "implementation",
    }
    verbs = list(AuditEvent.objects.filter(partnership=partnership).values_list("verb", flat=True))
    assert "partnership.created" in verbs and "checklist.seeded" in verbs


def test_slugs_stay_unique_for_the_same_name(owner):
    first = actions.partnership_create(by=owner, name="Same name")
    second = actions.partnership_create(by=owner, name="Same name")
    assert first.slug == "same-name" and second.slug == "same-name-2"


def test_update_records_before_and_after(partnership, owner):
    actions.partnership_update(
        by=owner, partnership=partnership, name="Renamed", description="Test partnership"
    )
    event = AuditEvent.objects.filter(verb="partnership.updated").get()
    assert event.before == {"name": "Seaside locality partnership"}
    assert event.after == {"name": "Renamed"}
    assert event.actor == owner


def test_editors_and_viewers_cannot_manage_the_partnership(partnership, editor, viewer):
    for person in (editor, viewer):
        with pytest.raises(NotAllowed):
            actions.partnership_update(by=person, partnership=partnership, name="x", description="")
        with pytest.raises(NotAllowed):
            actions.organisation_add(
                by=person, partnership=partnership, name="Org", sector=Sector.NHS
            )


def test_non_members_cannot_change_anything(partnership, outsider):
    with pytest.raises(NotAllowed):
        actions.area_add(by=outsider, partnership=partnership, gss_code="E07000147", name="N")


def test_areas_and_organisations_are_added_and_removed_with_audit(partnership, owner):
    area = actions.area_add(
        by=owner, partnership=partnership, gss_code="e07000147", name="North Norfolk"
    )
    assert area.gss_code == "E07000147"
    organisation = actions.organisation_add(
        by=owner, partnership=partnership, name="District council", sector=Sector.LOCAL_AUTHORITY
    )
    actions.organisation_update(
        by=owner, organisation=organisation, name="District council", sector=Sector.HOUSING
    )
    updated = AuditEvent.objects.get(verb="organisation.updated")
    assert updated.before == {"sector": "Local authority"}
    assert updated.after == {"sector": "Housing"}
    actions.area_remove(by=owner, area=area)
    actions.organisation_remove(by=owner, organisation=organisation)
    assert not queries.areas(partnership).exists()
    assert not queries.organisations(partnership).exists()


def test_invitation_is_single_use_and_creates_the_account(partnership, owner):
    invitation, token = actions.invitation_create(
        by=owner, partnership=partnership, email="New.Person@Example.org", role=Role.EDITOR
    )
    assert invitation.email == "new.person@example.org"
    assert invitation.token_hash == actions.hash_token(token) != token

    membership = actions.invitation_accept(token=token, full_name="New Person", password=PASSWORD)
    assert membership.role == Role.EDITOR
    assert membership.user.check_password(PASSWORD)
    with pytest.raises(ValidationError, match="already been used"):
        actions.invitation_accept(token=token, full_name="Again", password=PASSWORD)


def test_invitation_email_contains_a_working_link(
    partnership, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = actions.invitation_create(
            by=owner, partnership=partnership, email="someone@example.org", role=Role.VIEWER
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["someone@example.org"]
    assert f"/invitations/{token}/" in message.body
    assert partnership.name in message.subject


def test_expired_and_revoked_invitations_cannot_be_used(partnership, owner):
    expired, expired_token = actions.invitation_create(
        by=owner, partnership=partnership, email="late@example.org", role=Role.VIEWER, send=False
    )
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        actions.invitation_accept(token=expired_token, full_name="Late", password=PASSWORD)

    revoked, revoked_token = actions.invitation_create(
        by=owner, partnership=partnership, email="gone@example.org", role=Role.VIEWER, send=False
    )
    actions.invitation_revoke(by=owner, invitation=revoked)
    with pytest.raises(ValidationError, match="withdrawn"):
        actions.invitation_accept(token=revoked_token, full_name="Gone", password=PASSWORD)
    with pytest.raises(ValidationError, match="not valid"):
        actions.invitation_accept(token="made-up", full_name="Nobody", password=PASSWORD)


def test_a_weak_password_saves_nothing(partnership, owner):
    _invitation, token = actions.invitation_create(
        by=owner, partnership=partnership, email="weak@example.org", role=Role.VIEWER, send=False
    )
    with pytest.raises(ValidationError) as refusal:
        actions.invitation_accept(token=token, full_name="Weak", password="password")
    assert "password" in refusal.value.message_dict
    assert not Membership.objects.filter(user__email="weak@example.org").exists()
    assert Invitation.objects.get(email="weak@example.org").accepted_at is None


def test_an_invitation_for_someone_else_is_refused(partnership, owner, make_user):
    stranger = make_user("stranger@example.org")
    _invitation, token = actions.invitation_create(
        by=owner,
        partnership=partnership,
        email="intended@example.org",
        role=Role.VIEWER,
        send=False,
    )
    with pytest.raises(ValidationError, match=r"intended@example\.org"):
        actions.invitation_accept(token=token, user=stranger)


def test_members_cannot_be_invited_twice(partnership, owner, editor):
    with pytest.raises(ValidationError, match="already a member"):
        actions.invitation_create(
            by=owner, partnership=partnership, email=editor.email, role=Role.VIEWER
        )


def test_the_last_owner_cannot_leave_be_demoted_or_removed(partnership, owner):
    membership = queries.membership_of(owner, partnership)
    with pytest.raises(ValidationError, match="only owner"):
        actions.membership_leave(by=owner, partnership=partnership)
    with pytest.raises(ValidationError, match="only owner"):
        actions.membership_change_role(by=owner, membership=membership, role=Role.EDITOR)
    with pytest.raises(ValidationError, match="only owner"):
        actions.membership_remove(by=owner, membership=membership)
    assert queries.owner_count(partnership) == 1


def test_with_a_second_owner_the_first_may_leave(partnership, owner, editor):
    editor_membership = queries.membership_of(editor, partnership)
    actions.membership_change_role(by=owner, membership=editor_membership, role=Role.OWNER)
    actions.membership_leave(by=owner, partnership=partnership)
    assert queries.membership_of(owner, partnership) is None
    assert AuditEvent.objects.filter(verb="membership.left", actor=owner).exists()


def test_owner_changes_role_and_removes_a_member(partnership, owner, viewer):
    membership = queries.membership_of(viewer, partnership)
    actions.membership_change_role(by=owner, membership=membership, role=Role.EDITOR)
    event = AuditEvent.objects.get(verb="membership.role_changed")
    assert (event.before, event.after) == ({"role": "Viewer"}, {"role": "Editor"})
    actions.membership_remove(by=owner, membership=membership)
    assert queries.membership_of(viewer, partnership) is None


def test_a_user_can_belong_to_several_partnerships(owner, make_user):
    first = actions.partnership_create(by=owner, name="First")
    second_owner = make_user()
    second = actions.partnership_create(by=second_owner, name="Second")
    add_member(second, second_owner, owner, Role.VIEWER)
    names = [m.partnership.name for m in queries.memberships_for_user(owner)]
    assert names == ["First", "Second"]
    assert queries.membership_for(owner, second.slug).role == Role.VIEWER
    assert queries.membership_for(owner, first.slug).role == Role.OWNER
