"""The register of partners' existing work: actions, queries, report section and pages."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Sector
from placematters.partnerships.permissions import NotAllowed
from placematters.stakeholders import actions, queries
from placematters.stakeholders.models import ExistingWork

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(partnership, owner):
    return partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="District council", sector=Sector.LOCAL_AUTHORITY
    )


def jsna(by, partnership, **changes):
    values = {
        "title": "Coastal JSNA chapter",
        "kind": "needs_assessment",
        "year": 2024,
        "covers": "Health of the coastal wards",
    }
    return actions.existing_work_add(by=by, partnership=partnership, **{**values, **changes})


def test_an_editor_adds_changes_and_removes_work_and_each_is_audited(editor, partnership, council):
    work = jsna(
        editor,
        partnership,
        title="  Coastal   JSNA chapter ",
        organisation=council,
        url="https://example.org/jsna",
        reuse="Take its ward profiles",
    )
    assert work.title == "Coastal JSNA chapter" and work.organisation == council
    added = AuditEvent.objects.get(verb="existing_work.added")
    assert added.after["kind"] == "Needs assessment" and added.after["year"] == 2024
    actions.existing_work_update(by=editor, work=work, kind="asset_map", url="")
    work.refresh_from_db()
    assert work.kind == "asset_map" and work.url == "" and work.year == 2024
    updated = AuditEvent.objects.get(verb="existing_work.updated")
    assert updated.before == {"kind": "Needs assessment", "url": "https://example.org/jsna"}
    assert updated.after == {"kind": "Asset map", "url": ""}
    actions.existing_work_remove(by=editor, work=work)
    assert not ExistingWork.objects.exists()
    assert AuditEvent.objects.get(verb="existing_work.removed").before["title"] == work.title
    assert {"existing_work.added", "existing_work.updated", "existing_work.removed"} <= set(
        VERB_PHRASES
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter the title of the work"),
        ({"title": "x" * 201}, "title", "200 characters or fewer"),
        ({"kind": "novel"}, "kind", "Choose what kind of work it is"),
        ({"year": 1850}, "year", "The year must be between 1990 and"),
        ({"year": None}, "year", "Enter the year it was published or finished"),
        ({"url": "ftp://example.org/file"}, "url", "starting with https:// or http://"),
        ({"url": "javascript:alert(1)"}, "url", "starting with https:// or http://"),
        ({"url": "example.org"}, "url", "starting with https:// or http://"),
        ({"covers": ""}, "covers", "Enter what the work covers"),
    ],
)
def test_bad_input_is_refused_with_a_specific_message_and_nothing_saved(
    owner, partnership, changes, field, message
):
    with pytest.raises(ValidationError) as refused:
        jsna(owner, partnership, **changes)
    assert message in refused.value.message_dict[field][0]
    assert not ExistingWork.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="existing_work").exists()


def test_next_year_is_allowed_for_work_due_out_soon(owner, partnership):
    work = jsna(owner, partnership, year=timezone.localdate().year + 1)
    assert work.year == timezone.localdate().year + 1


def test_titles_are_unique_within_a_partnership_and_an_update_is_all_or_nothing(owner, partnership):
    first = jsna(owner, partnership)
    second = jsna(owner, partnership, title="Food strategy", kind="strategy")
    with pytest.raises(ValidationError) as refused:
        jsna(owner, partnership, title="coastal jsna CHAPTER")
    assert "already has work called" in refused.value.message_dict["title"][0]
    with pytest.raises(ValidationError):
        actions.existing_work_update(by=owner, work=second, title=first.title, year=2020)
    second.refresh_from_db()
    assert second.title == "Food strategy" and second.year == 2024


def test_another_partnerships_organisation_and_people_are_refused(
    owner, outsider, viewer, partnership
):
    other = outsider.memberships.get().partnership
    theirs = partnership_actions.organisation_add(
        by=outsider, partnership=other, name="Their council", sector=Sector.LOCAL_AUTHORITY
    )
    with pytest.raises(ValidationError) as refused:
        jsna(owner, partnership, organisation=theirs)
    assert refused.value.message_dict["organisation"] == [
        "Choose one of this partnership's organisations"
    ]
    with pytest.raises(NotAllowed):
        jsna(outsider, partnership)
    with pytest.raises(NotAllowed):
        jsna(viewer, partnership)
    their_work = jsna(outsider, other)
    assert queries.existing_work_item(partnership, their_work.pk) is None
    assert not queries.existing_work(partnership).exists()


def test_the_report_section_answers_reuse_existing_work(owner, partnership, council):
    (empty,) = [s for s in queries.summary_sections(partnership) if s.item == "reuse-existing-work"]
    assert empty.stage == "mapping-the-system"
    assert empty.paragraphs == (
        "No existing assessments, strategies or reports from partners are recorded yet.",
    )
    assert empty.rows == ()
    jsna(owner, partnership, organisation=council, reuse="Take its ward profiles")
    jsna(owner, partnership, title="Food strategy", kind="strategy", year=2023)
    (section,) = [
        s for s in queries.summary_sections(partnership) if s.item == "reuse-existing-work"
    ]
    assert section.paragraphs == (
        "The partnership builds on 2 pieces of work partners have already done "
        "(1 needs assessment and 1 strategy); how to reuse 1 piece is not decided yet.",
    )
    assert section.rows == (
        ("Work", "Kind", "Partner", "Year", "How the partnership will reuse it"),
        ("Coastal JSNA chapter", "Needs assessment", "District council", "2024",
         "Take its ward profiles"),
        ("Food strategy", "Strategy", "Not given", "2023", "Not decided yet"),
    )  # fmt: skip


# --- Pages -------------------------------------------------------------------------------------


def test_the_register_page_lists_work_with_a_safe_link_and_a_csv(
    client, owner, viewer, partnership, council
):
    jsna(owner, partnership, organisation=council, url="https://example.org/jsna?a=1&b=<2>")
    client.force_login(viewer)
    page = client.get(reverse("stakeholders:existing_work_list", args=[partnership.slug]))
    assert page.status_code == 200
    assert 'href="https://example.org/jsna?a=1&amp;b=&lt;2&gt;"' in page.text
    assert "Needs assessment, District council" in page.text
    assert "Not decided yet" in page.text
    assert reverse("stakeholders:existing_work_add", args=[partnership.slug]) not in page.text
    download = client.get(reverse("stakeholders:existing_work_download", args=[partnership.slug]))
    assert f"existing-work-{partnership.slug}.csv" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:4] == ["Title", "Kind", "Partner organisation", "Year"]
    assert rows[1][:4] == ["Coastal JSNA chapter", "Needs assessment", "District council", "2024"]


def test_the_empty_register_says_what_to_collect(client, viewer, partnership):
    client.force_login(viewer)
    page = client.get(reverse("stakeholders:existing_work_list", args=[partnership.slug]))
    assert 'id="existing-work-empty"' in page.text


def test_the_form_shows_errors_then_saves_and_the_remove_page_confirms(
    client, editor, partnership, council
):
    client.force_login(editor)
    add_url = reverse("stakeholders:existing_work_add", args=[partnership.slug])
    refused = client.post(
        add_url,
        {"title": "Asset map", "kind": "asset_map", "year": "2022", "url": "ftp://x.org/map",
         "covers": ""},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "There is a problem" in refused.text
    assert "Enter what the work covers" in refused.text
    assert "Enter a web address starting with https:// or http://" in refused.text
    assert not ExistingWork.objects.exists()
    saved = client.post(
        add_url,
        {"title": "Asset map", "kind": "asset_map", "year": "2022", "organisation": council.pk,
         "url": "https://example.org/map", "covers": "Village halls"},
    )  # fmt: skip
    assert saved.status_code == 302
    work = ExistingWork.objects.get()
    assert work.organisation == council and work.year == 2022
    edit_url = reverse("stakeholders:existing_work_edit", args=[partnership.slug, work.pk])
    form = client.get(edit_url)
    assert 'value="Asset map"' in form.text
    remove_url = reverse("stakeholders:existing_work_remove", args=[partnership.slug, work.pk])
    assert "Remove Asset map?" in client.get(remove_url).text
    client.post(remove_url)
    assert not ExistingWork.objects.exists()
