"""Stakeholder actions, queries and pages on a real database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Sector
from placematters.partnerships.permissions import NotAllowed
from placematters.partnerships.queries import membership_of
from placematters.stakeholders import actions, queries
from placematters.stakeholders.models import Approach, Kind, Stakeholder

pytestmark = pytest.mark.django_db


def add(partnership, by, name="Director of Public Health", **fields):
    values = {"power": 5, "interest": 5, **fields}
    return actions.stakeholder_add(by=by, partnership=partnership, name=name, **values)


def test_adding_a_stakeholder_stores_every_field_and_is_audited(partnership, owner, editor):
    organisation = partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="County council", sector=Sector.LOCAL_AUTHORITY
    )
    owner_member = membership_of(editor, partnership)
    stakeholder = add(
        partnership,
        editor,
        name="  Dr   Ada Lovell ",
        kind=Kind.PERSON,
        organisation=organisation,
        role="Director of Public Health",
        sector=Sector.LOCAL_AUTHORITY,
        power=5,
        interest=4,
        influence_notes="Sets the public health budget",
        lived_experience=True,
        contact="ada@example.org",
        approach=Approach.MANAGE_CLOSELY,
        owner=owner_member,
        last_reviewed=datetime.date(2026, 1, 5),
    )
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Dr Ada Lovell"
    assert stakeholder.organisation == organisation and stakeholder.owner == owner_member
    event = AuditEvent.objects.get(verb="stakeholder.added")
    assert event.actor == editor
    assert event.after["power"] == 5 and event.after["approach"] == "Manage closely"
    assert event.after["owner"] == "Eddie Editor"


def test_bad_input_names_each_problem_and_saves_nothing(partnership, owner, make_user):
    other = partnership_actions.partnership_create(by=make_user(), name="Elsewhere")
    stranger_org = partnership_actions.organisation_add(
        by=other.memberships.get().user, partnership=other, name="Theirs", sector=Sector.NHS
    )
    add(partnership, owner, name="Council")
    with pytest.raises(ValidationError) as refusal:
        add(
            partnership,
            owner,
            name="council",
            power=0,
            interest=6,
            kind="robot",
            approach="shout",
            organisation=stranger_org,
            sector="space",
            last_reviewed=datetime.date.today() + datetime.timedelta(days=1),
        )
    errors = refusal.value.message_dict
    assert set(errors) == {
        "name", "power", "interest", "kind", "approach", "organisation", "sector",
        "last_reviewed",
    }  # fmt: skip
    assert errors["name"] == ["There is already a stakeholder called council"]
    assert errors["power"] == ["Choose a score from 1 (lowest) to 5 (highest)"]
    assert Stakeholder.objects.filter(partnership=partnership).count() == 1
    assert AuditEvent.objects.filter(verb="stakeholder.added").count() == 1


def test_update_records_only_what_changed_and_move_changes_the_quadrant(partnership, owner):
    stakeholder = add(partnership, owner, name="Residents' forum", power=2, interest=5)
    assert queries.grid_entries(partnership)[0].quadrant == "keep_informed"
    actions.stakeholder_update(by=owner, stakeholder=stakeholder, contact="forum@example.org")
    event = AuditEvent.objects.get(verb="stakeholder.updated")
    assert event.before == {"contact": ""} and event.after == {"contact": "forum@example.org"}
    actions.stakeholder_move(by=owner, stakeholder=stakeholder, power=4, interest=5)
    assert queries.grid_entries(partnership)[0].quadrant == "manage_closely"
    moved = AuditEvent.objects.filter(verb="stakeholder.updated").latest("pk")
    assert moved.before == {"power": 2} and moved.after == {"power": 4}
    actions.stakeholder_update(by=owner, stakeholder=stakeholder, power=4)
    assert AuditEvent.objects.filter(verb="stakeholder.updated").count() == 2


def test_a_bad_move_changes_nothing(partnership, owner):
    stakeholder = add(partnership, owner, power=3, interest=3)
    with pytest.raises(ValidationError):
        actions.stakeholder_move(by=owner, stakeholder=stakeholder, power=9, interest=1)
    stakeholder.refresh_from_db()
    assert (stakeholder.power, stakeholder.interest) == (3, 3)


def test_delete_is_audited_with_what_was_recorded(partnership, owner):
    stakeholder = add(partnership, owner, name="Local MP", power=4, interest=1)
    actions.stakeholder_delete(by=owner, stakeholder=stakeholder)
    assert not queries.stakeholders(partnership).exists()
    event = AuditEvent.objects.get(verb="stakeholder.deleted")
    assert event.before["name"] == "Local MP" and event.target_label == "Local MP"


def test_viewers_and_outsiders_are_refused_every_change(partnership, owner, viewer, outsider):
    stakeholder = add(partnership, owner)
    for person in (viewer, outsider):
        with pytest.raises(NotAllowed):
            add(partnership, person, name="Someone else")
        with pytest.raises(NotAllowed):
            actions.stakeholder_update(by=person, stakeholder=stakeholder, name="Renamed")
        with pytest.raises(NotAllowed):
            actions.stakeholder_move(by=person, stakeholder=stakeholder, power=1, interest=1)
        with pytest.raises(NotAllowed):
            actions.stakeholder_delete(by=person, stakeholder=stakeholder)
    assert queries.stakeholders(partnership).get().name == "Director of Public Health"


def test_grid_entries_number_by_quadrant_and_flag_mismatches(partnership, owner):
    add(partnership, owner, name="Monitor me", power=1, interest=1, approach=Approach.MONITOR)
    add(partnership, owner, name="Key player", power=5, interest=5)
    add(partnership, owner, name="Keen resident", power=1, interest=5, lived_experience=True)
    add(partnership, owner, name="Busy board", power=5, interest=1, approach="keep_satisfied")
    entries = queries.grid_entries(partnership)
    assert [e.stakeholder.name for e in entries] == [
        "Key player", "Busy board", "Keen resident", "Monitor me",
    ]  # fmt: skip
    assert [e.number for e in entries] == [1, 2, 3, 4]
    assert [e.mismatch for e in entries] == [True, False, True, False]
    assert entries[0].note == "Not engaged yet; the grid suggests: manage closely"
    assert queries.grid_summary(partnership) == (
        "4 stakeholders are mapped: 1 to manage closely, 1 to keep satisfied, 1 to keep "
        "informed and 1 to monitor. 1 has lived experience of the issues. 2 are not yet "
        "engaged in the way their quadrant suggests."
    )


def test_queries_never_return_another_partnerships_stakeholders(partnership, owner, outsider):
    other = outsider.memberships.get().partnership
    theirs = add(other, outsider, name="Theirs")
    assert queries.stakeholder(partnership, theirs.pk) is None
    assert not queries.stakeholders(partnership).exists()
    assert queries.grid_entries(partnership) == []


def test_summary_sections_describe_the_grid(partnership, owner):
    add(partnership, owner, name="Key player")
    sections = queries.summary_sections(partnership)
    grid = next(s for s in sections if s.item == "identify-stakeholders")
    assert grid.stage == "mapping-the-system"
    assert grid.paragraphs[0].startswith("1 stakeholder is mapped: 1 to manage closely")
    assert grid.rows[0] == ("Number", "Stakeholder", "Quadrant", "Current approach")
    assert grid.rows[1] == ("1", "Key player", "Manage closely", "Not engaged yet")


# --- Pages -------------------------------------------------------------------------------------


def list_url(partnership):
    return reverse("stakeholders:stakeholder_list", args=[partnership.slug])


def test_the_grid_page_draws_every_stakeholder_with_a_table_and_empty_state(
    client, partnership, owner, viewer
):
    client.force_login(viewer)
    empty = client.get(list_url(partnership))
    assert "No stakeholders are on the grid yet" in empty.text
    assert "<svg" not in empty.text
    add(partnership, owner, name="Key <player>")
    page = client.get(list_url(partnership))
    assert page.status_code == 200
    assert 'role="img"' in page.text and '<title id="grid-title">' in page.text
    assert "Key &lt;player&gt;" in page.text and "Key <player>" not in page.text
    assert "Check approach" in page.text
    assert "Add a stakeholder" not in page.text  # a viewer cannot add


def test_csv_download_lists_every_stakeholder_and_neutralises_formulas(client, partnership, owner):
    add(partnership, owner, name="=HYPERLINK(1)", power=2, interest=2)
    client.force_login(owner)
    response = client.get(reverse("stakeholders:stakeholder_download", args=[partnership.slug]))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Number,Name,Kind")
    assert lines[1].startswith("1,'=HYPERLINK(1),Organisation")
    assert ",Monitor,Not engaged yet,No," in lines[1]


def form_data(**changes):
    data = {"name": "Parish council", "kind": "organisation", "power": "2", "interest": "4"}
    data.update({"approach": "keep_informed", "sector": "", "organisation": "", "owner": ""})
    data.update(changes)
    return data


def test_adding_through_the_page_and_errors_on_bad_input(client, partnership, editor):
    client.force_login(editor)
    url = reverse("stakeholders:stakeholder_add", args=[partnership.slug])
    bad = client.post(url, form_data(name="", power="7", last_reviewed="31/02/2026"))
    assert bad.status_code == 200
    assert "Enter the stakeholder&#x27;s name" in bad.text
    assert "Choose a score from 1 (lowest) to 5 (highest)" in bad.text
    assert "Enter a real date" in bad.text
    assert not queries.stakeholders(partnership).exists()
    good = client.post(url, form_data())
    assert good.status_code == 302
    assert queries.stakeholders(partnership).get().interest == 4
    duplicate = client.post(url, form_data(name="PARISH COUNCIL"))
    assert "There is already a stakeholder called PARISH COUNCIL" in duplicate.text


def test_editing_and_deleting_through_the_pages(client, partnership, editor):
    stakeholder = add(partnership, editor, name="Parish council")
    client.force_login(editor)
    edit = reverse("stakeholders:stakeholder_edit", args=[partnership.slug, stakeholder.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, form_data(power="1", interest="1")).status_code == 302
    stakeholder.refresh_from_db()
    assert (stakeholder.power, stakeholder.interest) == (1, 1)
    delete = reverse("stakeholders:stakeholder_delete", args=[partnership.slug, stakeholder.pk])
    assert "Delete Parish council?" in client.get(delete).text
    assert client.post(delete).status_code == 302
    assert not queries.stakeholders(partnership).exists()


def test_move_in_place_with_htmx_and_by_redirect_without(client, partnership, editor):
    stakeholder = add(partnership, editor, name="Parish council", power=1, interest=1)
    client.force_login(editor)
    url = reverse("stakeholders:stakeholder_move", args=[partnership.slug, stakeholder.pk])
    prefix = f"move-{stakeholder.pk}"
    swapped = client.post(
        url, {f"{prefix}-power": "4", f"{prefix}-interest": "2"}, headers={"HX-Request": "true"}
    )
    assert swapped.status_code == 200
    assert 'id="stakeholder-map"' in swapped.text and "<html" not in swapped.text
    assert "Parish council moved to power 4, interest 2: keep satisfied." in swapped.text
    redirected = client.post(url, {f"{prefix}-power": "2", f"{prefix}-interest": "5"})
    assert redirected.status_code == 302
    assert redirected.url.endswith(f"#stakeholder-{stakeholder.pk}")
    stakeholder.refresh_from_db()
    assert (stakeholder.power, stakeholder.interest) == (2, 5)
    refused = client.post(url, {f"{prefix}-power": "0", f"{prefix}-interest": "5"}, follow=True)
    assert "Choose a power and an interest score from 1 to 5" in refused.text
    stakeholder.refresh_from_db()
    assert stakeholder.power == 2


def test_viewer_is_refused_and_outsider_gets_404(client, partnership, owner, viewer, outsider):
    stakeholder = add(partnership, owner)
    url = reverse("stakeholders:stakeholder_move", args=[partnership.slug, stakeholder.pk])
    data = {f"move-{stakeholder.pk}-power": "1", f"move-{stakeholder.pk}-interest": "1"}
    client.force_login(viewer)
    assert client.post(url, data).status_code == 403
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    assert client.get(list_url(partnership)).status_code == 404
    stakeholder.refresh_from_db()
    assert stakeholder.power == 5


def test_summary_sections_answer_real_checklist_items(partnership):
    from placematters.toolkit.content import load_content

    stage = load_content().stage("mapping-the-system")
    keys = {item.key for item in stage.items}
    sections = queries.summary_sections(partnership)
    assert [s.item for s in sections] == [
        "identify-stakeholders",
        "reuse-existing-work",
        "agree-governance",
    ]
    assert all(s.stage == stage.slug and s.item in keys for s in sections)
    assert sections[0].paragraphs == ("No stakeholders are mapped yet.",)
    assert sections[0].rows == ()
