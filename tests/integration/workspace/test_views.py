"""The export page downloads the owner's workspace; the import page creates a partnership."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.partnerships.models import Membership, Partnership, Role
from placematters.workspace import actions
from tests.integration.workspace.helpers import count_every_table

pytestmark = pytest.mark.django_db


def test_owner_downloads_the_workspace_file(client, owner, partnership):
    client.force_login(owner)
    url = reverse("workspace:export", kwargs={"slug": partnership.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert "Download the workspace file" in page.text

    download = client.post(url)

    assert download.status_code == 200
    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert download["Content-Disposition"].startswith(
        f'attachment; filename="{partnership.slug}-workspace-'
    )
    document = json.loads(download.content)
    assert document["format"] == "place-matters-workspace"
    assert document["partnership"]["name"] == partnership.name
    assert AuditEvent.objects.filter(partnership=partnership, verb="workspace.exported").exists()


def test_an_editor_cannot_download_the_workspace(client, editor, partnership):
    client.force_login(editor)
    response = client.post(reverse("workspace:export", kwargs={"slug": partnership.slug}))
    assert response.status_code == 403


def test_a_signed_in_person_imports_a_file_and_owns_the_new_partnership(
    client, owner, partnership, outsider
):
    raw = json.dumps(actions.workspace_export(by=owner, partnership=partnership)).encode()
    client.force_login(outsider)
    response = client.post(
        reverse("workspace:import"),
        {"file": SimpleUploadedFile("w.json", raw, "application/json"), "slug": "our-copy"},
    )
    copy = Partnership.objects.get(slug="our-copy")
    assert response.status_code == 302
    assert response.url == reverse("toolkit:dashboard", kwargs={"slug": "our-copy"})
    assert Membership.objects.get(partnership=copy, user=outsider).role == Role.OWNER


def test_a_refused_file_shows_the_reason_and_stores_nothing(client, outsider):
    client.force_login(outsider)
    before = count_every_table()
    upload = SimpleUploadedFile("w.json", b'{"format": "place-matters-workspace", "version": 9}')
    response = client.post(reverse("workspace:import"), {"file": upload})
    assert response.status_code == 400
    assert "format version 9" in response.text
    assert "govuk-error-summary" in response.text
    assert count_every_table() == before


def test_a_badly_formed_web_address_name_is_refused_on_the_form(client, owner, partnership):
    client.force_login(owner)
    raw = json.dumps(actions.workspace_export(by=owner, partnership=partnership)).encode()
    response = client.post(
        reverse("workspace:import"),
        {"file": SimpleUploadedFile("w.json", raw), "slug": "Not A Slug!"},
    )
    assert response.status_code == 400
    assert "only lower-case letters, numbers and hyphens" in response.text
