"""The web pages' behaviour on a real database: forms, errors, htmx and no-JavaScript paths."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.partnerships import queries as partnership_queries
from placematters.partnerships.models import Invitation, Role
from placematters.toolkit import queries
from placematters.toolkit.models import Status
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def stage_url(partnership, stage="mapping-the-system"):
    return reverse("toolkit:stage", args=[partnership.slug, stage])


def test_status_change_without_javascript_redirects_back_with_a_message(
    client, partnership, editor
):
    client.force_login(editor)
    item = queries.checklist_items(partnership, "mapping-the-system").first()
    response = client.post(
        reverse("toolkit:item_status", args=[partnership.slug, item.pk]),
        {f"item-{item.pk}-status": Status.IN_PROGRESS, "next": stage_url(partnership)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == stage_url(partnership) + f"#item-{item.pk}"
    assert "is now in progress" in response.text
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS


def test_status_change_with_htmx_returns_the_item_and_the_new_progress(client, partnership, editor):
    client.force_login(editor)
    item = queries.checklist_items(partnership, "mapping-the-system").first()
    response = client.post(
        reverse("toolkit:item_status", args=[partnership.slug, item.pk]),
        {f"item-{item.pk}-status": Status.DONE},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.text
    assert f'id="item-{item.pk}"' in html
    assert 'id="stage-progress"' in html and 'hx-swap-oob="true"' in html
    total = queries.checklist_items(partnership, "mapping-the-system").count()
    assert f"1 of {total} done or not applicable" in html
    assert "Saved: done" in html
    assert "<html" not in html


def test_an_invalid_status_changes_nothing(client, partnership, editor):
    client.force_login(editor)
    item = queries.checklist_items(partnership).first()
    client.post(
        reverse("toolkit:item_status", args=[partnership.slug, item.pk]),
        {f"item-{item.pk}-status": "finished-honest"},
    )
    item.refresh_from_db()
    assert item.status == Status.NOT_STARTED
    assert not AuditEvent.objects.filter(verb="checklist_item.updated").exists()


def test_the_edit_form_shows_specific_errors_and_saves_nothing(client, partnership, editor):
    client.force_login(editor)
    item = queries.checklist_items(partnership).first()
    response = client.post(
        reverse("toolkit:item_edit", args=[partnership.slug, item.pk]),
        {"status": "", "due_date": "31/13/2027", "notes": "x"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Choose a status" in response.text
    assert "Enter a real date" in response.text
    item.refresh_from_db()
    assert item.notes == ""


def test_notes_are_rendered_as_sanitised_markdown(client, partnership, editor):
    client.force_login(editor)
    item = queries.checklist_items(partnership).first()
    client.post(
        reverse("toolkit:item_edit", args=[partnership.slug, item.pk]),
        {
            "status": Status.IN_PROGRESS,
            "notes": "**Bold** <script>alert('x')</script> [link](javascript:alert(1))",
        },
    )
    page = client.get(reverse("toolkit:item_detail", args=[partnership.slug, item.pk])).text
    assert "<strong>Bold</strong>" in page
    assert "<script>alert" not in page
    assert "javascript:alert" not in page


def test_user_text_is_escaped_everywhere(client, owner):
    client.force_login(owner)
    client.post(reverse("partnerships:create"), {"name": "<img src=x onerror=alert(1)>"})
    membership = partnership_queries.memberships_for_user(owner).get()
    page = client.get(reverse("toolkit:dashboard", args=[membership.partnership.slug])).text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_creating_a_partnership_through_the_page(client, owner):
    client.force_login(owner)
    response = client.post(reverse("partnerships:create"), {"name": ""})
    assert "Enter the partnership&#x27;s name" in response.text
    response = client.post(
        reverse("partnerships:create"), {"name": "Riverside partnership", "description": "D"}
    )
    membership = partnership_queries.memberships_for_user(owner).get()
    assert response.url == reverse("partnerships:settings", args=[membership.partnership.slug])
    assert membership.role == Role.OWNER


def test_an_area_code_must_be_a_gss_code(client, partnership, owner):
    client.force_login(owner)
    url = reverse("partnerships:area_add", args=[partnership.slug])
    response = client.post(url, {"gss_code": "NR27", "name": "Cromer"})
    assert "Enter a GSS code" in response.text
    assert not partnership_queries.areas(partnership).exists()
    client.post(url, {"gss_code": "e05005843", "name": "Cromer Town"})
    response = client.post(url, {"gss_code": "E05005843", "name": "Cromer Town"})
    assert "already one of the partnership" in response.text
    assert partnership_queries.areas(partnership).count() == 1


def test_a_viewer_is_told_plainly_why_they_cannot_edit(client, partnership, viewer):
    client.force_login(viewer)
    item = queries.checklist_items(partnership).first()
    response = client.get(reverse("toolkit:item_edit", args=[partnership.slug, item.pk]))
    assert response.status_code == 403
    assert "your role is viewer" in response.text
    stage_page = client.get(stage_url(partnership)).text
    assert "Save status" not in stage_page


def test_invitation_journey_through_the_pages(
    client, partnership, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerships:invite", args=[partnership.slug]),
            {"email": "newcomer@example.org", "role": Role.EDITOR},
        )
    assert Invitation.objects.filter(email="newcomer@example.org").exists()
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/invitations/\S+/", body).group(0)
    path = link[link.index("/invitations/") :]
    client.logout()

    page = client.get(path)
    assert "Join Seaside locality partnership" in page.text
    response = client.post(
        path, {"full_name": "New Comer", "password": "short", "password_again": "short"}
    )
    assert "too short" in response.text
    response = client.post(
        path, {"full_name": "New Comer", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.url == reverse("toolkit:dashboard", args=[partnership.slug])
    dashboard = client.get(response.url)
    assert dashboard.status_code == 200
    assert "Your role: editor" in dashboard.text
    client.logout()
    again = client.get(path)
    assert "already been used" in again.text


def test_sign_in_and_lock_out_after_repeated_failures(client, owner, settings):
    url = reverse("accounts:sign_in")
    response = client.post(url, {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": owner.email, "password": "wrong password"})
        assert "is not right" in response.text
    response = client.post(url, {"username": owner.email, "password": "wrong password"})
    assert response.status_code == 429
    assert "Signing in is paused" in response.text
    response = client.post(url, {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 429, "the right password does not lift the lock-out early"


def test_password_reset_by_email(client, owner):
    client.post(reverse("accounts:password_reset"), {"email": owner.email})
    body = mail.outbox[-1].body
    path = re.search(r"(/accounts/password/reset/[^/\s]+/[^/\s]+/)", body).group(1)
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.text
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a brand new passphrase 42"
    response = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.url == reverse("accounts:password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password(new_password)


def test_change_password(client, owner):
    client.force_login(owner)
    new_password = "another long passphrase 7"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.url == reverse("accounts:password_change_done")
    owner.refresh_from_db()
    assert owner.check_password(new_password)


def test_switching_partnerships_and_home_remembers_the_last(client, owner, make_user):
    from placematters.partnerships.actions import partnership_create

    first = partnership_create(by=owner, name="First one")
    second = partnership_create(by=owner, name="Second one")
    client.force_login(owner)
    response = client.get(reverse("partnerships:switch"), {"to": second.slug})
    assert response.url == reverse("toolkit:dashboard", args=[second.slug])
    client.get(response.url)
    assert client.get(reverse("home")).url == reverse("toolkit:dashboard", args=[second.slug])
    stranger = make_user()
    theirs = partnership_create(by=stranger, name="Not mine")
    assert client.get(reverse("partnerships:switch"), {"to": theirs.slug}).status_code == 404
    assert first.slug in client.get(reverse("toolkit:dashboard", args=[second.slug])).text


def test_the_last_owner_sees_why_they_cannot_leave(client, partnership, owner):
    client.force_login(owner)
    response = client.post(reverse("partnerships:leave", args=[partnership.slug]))
    assert response.status_code == 400
    assert "only owner" in response.text


def test_activity_page_lists_changes_with_before_and_after(client, partnership, editor):
    client.force_login(editor)
    item = queries.checklist_items(partnership).first()
    client.post(
        reverse("toolkit:item_status", args=[partnership.slug, item.pk]),
        {f"item-{item.pk}-status": Status.DONE},
    )
    page = client.get(reverse("partnerships:activity", args=[partnership.slug])).text
    assert "Eddie Editor" in page and "updated the checklist item" in page
    assert "Not started" in page and "Done" in page


def test_pages_carry_a_strict_content_security_policy(client, partnership, owner):
    client.force_login(owner)
    response = client.get(reverse("toolkit:dashboard", args=[partnership.slug]))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_exactly_one_navigation_tab_is_current_on_each_partnership_page(client, partnership, owner):
    from placematters.web.context_processors import SECTIONS

    client.force_login(owner)
    pages = {
        "Dashboard": reverse("toolkit:dashboard", args=[partnership.slug]),
        "Stages": stage_url(partnership),
        "Data": reverse("analysis:area_profile", args=[partnership.slug, "E92000001"]),
        "Settings": reverse("partnerships:area_add", args=[partnership.slug]),
        "Members": reverse("partnerships:invite", args=[partnership.slug]),
    }
    assert {label for label, _name, _prefixes in SECTIONS} >= set(pages)
    for label, url in pages.items():
        html = client.get(url).text
        current = re.findall(r'aria-current="page"><strong[^>]*>([^<]+)</strong>', html)
        assert current == [label], (url, current)


def test_the_action_plan_section_links_its_tools_and_marks_the_one_open(client, partnership, owner):
    from placematters.web.context_processors import SUBSECTIONS

    client.force_login(owner)
    tools = SUBSECTIONS["Action plan"]
    for label, name, _prefixes in tools:
        html = client.get(reverse(name, args=[partnership.slug])).text
        nav = re.search(
            r'<nav class="pm-subnav[^"]*" aria-label="Action plan tools">(.*?)</nav>', html, re.S
        )
        assert nav, name
        assert re.findall(r'aria-current="page">([^<]+)</a>', nav.group(1)) == [label], name
        for _other, other_name, _ in tools:
            assert f'href="{reverse(other_name, args=[partnership.slug])}"' in nav.group(1)


def test_sections_without_several_tools_have_no_second_row(client, partnership, owner):
    client.force_login(owner)
    html = client.get(reverse("toolkit:dashboard", args=[partnership.slug])).text
    assert "pm-subnav" not in html
