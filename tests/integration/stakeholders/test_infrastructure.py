"""The agreed partnership infrastructure: actions, queries and pages on a real database."""

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

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(partnership, owner):
    return partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="District council", sector=Sector.LOCAL_AUTHORITY
    )


def test_governance_is_created_then_changed_and_audited(partnership, editor):
    assert queries.infrastructure(partnership) is None
    actions.infrastructure_update(
        by=editor,
        partnership=partnership,
        decision_making="By consensus",
        reports_to="Health and Wellbeing Board",
        meeting_frequency="every 6 weeks",
        next_meeting=datetime.date(2027, 1, 15),
        terms_of_reference_url="https://example.org/tor",
    )
    saved = queries.infrastructure(partnership)
    assert saved.reports_to == "Health and Wellbeing Board"
    event = AuditEvent.objects.get(verb="infrastructure.updated")
    assert event.after["next_meeting"] == "2027-01-15"
    assert event.target_label == "the partnership's governance and meetings"
    actions.infrastructure_update(by=editor, partnership=partnership, reports_to="ICB board")
    changed = AuditEvent.objects.filter(verb="infrastructure.updated").latest("pk")
    assert changed.before == {"reports_to": "Health and Wellbeing Board"}
    assert queries.infrastructure(partnership).decision_making == "By consensus"


def test_a_bad_terms_of_reference_link_saves_nothing(partnership, editor):
    with pytest.raises(ValidationError) as refusal:
        actions.infrastructure_update(
            by=editor,
            partnership=partnership,
            reports_to="Board",
            terms_of_reference_url="javascript:alert(1)",
        )
    assert "terms_of_reference_url" in refusal.value.message_dict
    assert queries.infrastructure(partnership) is None
    assert not AuditEvent.objects.filter(verb="infrastructure.updated").exists()


def test_leads_are_members_or_stakeholders_never_both_or_neither(partnership, owner, editor):
    member = membership_of(editor, partnership)
    stakeholder = actions.stakeholder_add(
        by=owner, partnership=partnership, name="Councillor Reed", power=5, interest=4
    )
    lead = actions.infrastructure_lead_add(
        by=owner, partnership=partnership, member=member, responsibility="Chairs the partnership"
    )
    assert lead.name == "Eddie Editor"
    actions.infrastructure_lead_add(
        by=owner, partnership=partnership, stakeholder=stakeholder, responsibility="Champion"
    )
    for who in ({}, {"member": member, "stakeholder": stakeholder}):
        with pytest.raises(ValidationError) as refusal:
            actions.infrastructure_lead_add(
                by=owner, partnership=partnership, responsibility="", **who
            )
        assert set(refusal.value.message_dict) == {"who", "responsibility"}
    assert [lead.name for lead in queries.leads(partnership)] == [
        "Eddie Editor",
        "Councillor Reed",
    ]
    actions.infrastructure_lead_remove(by=owner, lead=lead)
    assert queries.leads(partnership).count() == 1
    assert AuditEvent.objects.get(verb="infrastructure_lead.removed").before["name"] == (
        "Eddie Editor"
    )


def test_another_partnerships_people_cannot_be_leads(partnership, owner, outsider):
    other = outsider.memberships.get().partnership
    theirs = actions.stakeholder_add(by=outsider, partnership=other, name="X", power=1, interest=1)
    with pytest.raises(ValidationError):
        actions.infrastructure_lead_add(
            by=owner, partnership=partnership, stakeholder=theirs, responsibility="Chair"
        )
    with pytest.raises(ValidationError):
        actions.infrastructure_lead_add(
            by=owner,
            partnership=partnership,
            member=outsider.memberships.get(),
            responsibility="Chair",
        )
    assert not queries.leads(partnership).exists()


def test_commitments_are_set_replaced_and_removed(partnership, owner, council):
    first = actions.infrastructure_commitment_set(
        by=owner, partnership=partnership, organisation=council, commitment="An analyst, 1 day"
    )
    again = actions.infrastructure_commitment_set(
        by=owner, partnership=partnership, organisation=council, commitment="An analyst, 2 days"
    )
    assert first.pk == again.pk and queries.commitments(partnership).count() == 1
    events = AuditEvent.objects.filter(verb="infrastructure_commitment.set").order_by("pk")
    assert events[1].before == {"commitment": "An analyst, 1 day"}
    with pytest.raises(ValidationError) as refusal:
        actions.infrastructure_commitment_set(
            by=owner, partnership=partnership, organisation=council, commitment="   "
        )
    assert "commitment" in refusal.value.message_dict
    assert queries.commitments(partnership).get().commitment == "An analyst, 2 days"
    actions.infrastructure_commitment_remove(by=owner, commitment=again)
    assert not queries.commitments(partnership).exists()


def test_viewers_and_outsiders_cannot_change_the_infrastructure(
    partnership, owner, viewer, outsider, council
):
    commitment = actions.infrastructure_commitment_set(
        by=owner, partnership=partnership, organisation=council, commitment="Rooms"
    )
    lead = actions.infrastructure_lead_add(
        by=owner,
        partnership=partnership,
        member=membership_of(owner, partnership),
        responsibility="Chair",
    )
    for person in (viewer, outsider):
        with pytest.raises(NotAllowed):
            actions.infrastructure_update(by=person, partnership=partnership, reports_to="Me")
        with pytest.raises(NotAllowed):
            actions.infrastructure_lead_add(
                by=person, partnership=partnership, responsibility="x", stakeholder=None
            )
        with pytest.raises(NotAllowed):
            actions.infrastructure_lead_remove(by=person, lead=lead)
        with pytest.raises(NotAllowed):
            actions.infrastructure_commitment_set(
                by=person, partnership=partnership, organisation=council, commitment="x"
            )
        with pytest.raises(NotAllowed):
            actions.infrastructure_commitment_remove(by=person, commitment=commitment)
    assert queries.infrastructure(partnership) is None
    assert queries.leads(partnership).count() == 1
    assert queries.commitments(partnership).get().commitment == "Rooms"


def test_summary_section_names_what_is_missing_then_what_is_agreed(partnership, owner, council):
    section = next(s for s in queries.summary_sections(partnership) if s.item == "agree-governance")
    assert "How the partnership makes decisions is not yet agreed." in section.paragraphs
    assert "No leads are named yet." in section.paragraphs
    actions.infrastructure_update(
        by=owner,
        partnership=partnership,
        decision_making="By consensus",
        meeting_frequency="monthly",
        next_meeting=datetime.date(2027, 2, 3),
    )
    actions.infrastructure_commitment_set(
        by=owner, partnership=partnership, organisation=council, commitment="Rooms"
    )
    section = next(s for s in queries.summary_sections(partnership) if s.item == "agree-governance")
    assert "How decisions are made: By consensus" in section.paragraphs
    assert "The partnership meets monthly; the next meeting is on 3 February 2027." in (
        section.paragraphs
    )
    assert section.rows == (("Partner organisation", "Commitment"), ("District council", "Rooms"))


# --- Pages -------------------------------------------------------------------------------------


def test_the_page_shows_empty_states_then_the_agreed_infrastructure(client, partnership, editor):
    client.force_login(editor)
    url = reverse("stakeholders:infrastructure_overview", args=[partnership.slug])
    empty = client.get(url).text
    assert "has not yet recorded how it makes decisions" in empty
    assert "No leads are named yet" in empty
    assert "first add the partner organisations" in empty
    edit = reverse("stakeholders:infrastructure_edit", args=[partnership.slug])
    bad = client.post(edit, {"terms_of_reference_url": "not a link", "next_meeting": "soon"})
    assert "Enter the web address of the terms of reference" in bad.text
    assert "Enter a real date" in bad.text
    assert queries.infrastructure(partnership) is None
    good = client.post(
        edit,
        {"reports_to": "Health and Wellbeing Board", "terms_of_reference_url": "example.org/tor"},
    )
    assert good.status_code == 302
    assert queries.infrastructure(partnership).terms_of_reference_url == "https://example.org/tor"
    assert "Health and Wellbeing Board" in client.get(url).text


def test_leads_and_commitments_through_the_pages(client, partnership, editor, council):
    client.force_login(editor)
    member = membership_of(editor, partnership)
    add_lead = reverse("stakeholders:infrastructure_lead_add", args=[partnership.slug])
    missing = client.post(add_lead, {"who": "", "responsibility": ""})
    assert "Choose a member or a stakeholder as the lead" in missing.text
    assert client.post(
        add_lead, {"who": f"member-{member.pk}", "responsibility": "Chair"}
    ).status_code == 302  # fmt: skip
    lead = queries.leads(partnership).get()
    remove = reverse("stakeholders:infrastructure_lead_remove", args=[partnership.slug, lead.pk])
    assert "Remove Eddie Editor as a lead?" in client.get(remove).text
    client.post(remove)
    assert not queries.leads(partnership).exists()

    add_commitment = reverse("stakeholders:infrastructure_commitment_add", args=[partnership.slug])
    client.post(add_commitment, {"organisation": council.pk, "commitment": "Meeting rooms"})
    commitment = queries.commitments(partnership).get()
    edit = reverse(
        "stakeholders:infrastructure_commitment_edit", args=[partnership.slug, commitment.pk]
    )
    assert "Meeting rooms" in client.get(edit).text
    client.post(edit, {"organisation": council.pk, "commitment": "Rooms and an analyst"})
    assert queries.commitments(partnership).get().commitment == "Rooms and an analyst"
    remove = reverse(
        "stakeholders:infrastructure_commitment_remove", args=[partnership.slug, commitment.pk]
    )
    client.post(remove)
    assert not queries.commitments(partnership).exists()


def test_viewer_sees_no_change_buttons_and_outsider_gets_404(client, partnership, viewer, outsider):
    url = reverse("stakeholders:infrastructure_overview", args=[partnership.slug])
    client.force_login(viewer)
    page = client.get(url).text
    assert "Record the governance and meetings" not in page and "Add a lead" not in page
    assert client.post(reverse("stakeholders:infrastructure_edit", args=[partnership.slug]), {
        "reports_to": "x"
    }).status_code == 403  # fmt: skip
    client.force_login(outsider)
    assert client.get(url).status_code == 404
