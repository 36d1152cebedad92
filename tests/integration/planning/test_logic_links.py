"""Actions linked to the logic-model elements they deliver: the action, the form, the detail
page, the CSV export and the logic model page's reverse view."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.logic_model import actions as logic_actions
from placematters.partnerships import actions as partnership_actions
from placematters.planning import actions, queries
from placematters.planning.models import PlanAction

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 31)


def _element(owner, partnership, title, kind="activity"):
    return logic_actions.logic_element_add(
        by=owner, partnership=partnership, kind=kind, title=title
    )


def test_an_action_links_to_elements_and_the_audit_names_them(owner, editor, partnership):
    clinics = _element(owner, partnership, "Run stop-smoking clinics")
    quitters = _element(owner, partnership, "More people quit", kind="outcome_short")
    added = actions.plan_action_add(
        by=editor, partnership=partnership, title="Clinics", due_date=DUE,
        logic_elements=[clinics, quitters],
    )  # fmt: skip
    assert set(added.logic_elements.all()) == {clinics, quitters}
    assert list(clinics.plan_actions.all()) == [added]
    event = AuditEvent.objects.get(verb="plan_action.added")
    assert event.after["logic_elements"] == "More people quit, Run stop-smoking clinics"
    actions.plan_action_update(by=editor, action=added, logic_elements=[quitters])
    assert list(added.logic_elements.all()) == [quitters]
    changed = AuditEvent.objects.get(verb="plan_action.updated")
    assert changed.after == {"logic_elements": "More people quit"}


def test_another_partnerships_element_is_refused_and_nothing_is_saved(
    owner, partnership, make_user
):
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    foreign = _element(someone, elsewhere, "Their activity")
    before = AuditEvent.objects.filter(partnership=partnership).count()
    with pytest.raises(ValidationError) as refused:
        actions.plan_action_add(
            by=owner, partnership=partnership, title="A", due_date=DUE, logic_elements=[foreign]
        )
    assert refused.value.message_dict["logic_elements"] == [
        "Choose elements of this partnership's logic model"
    ]
    assert not PlanAction.objects.filter(partnership=partnership).exists()
    assert AuditEvent.objects.filter(partnership=partnership).count() == before


def test_an_assumption_is_not_something_an_action_delivers(owner, partnership):
    assumption = _element(owner, partnership, "People want to quit", kind="assumption")
    action = actions.plan_action_add(by=owner, partnership=partnership, title="A", due_date=DUE)
    with pytest.raises(ValidationError) as refused:
        actions.plan_action_update(by=owner, action=action, logic_elements=[assumption])
    assert "does not deliver an assumption" in refused.value.message_dict["logic_elements"][0]
    assert not action.logic_elements.exists()
    choices = list(queries.logic_element_choices(partnership))
    assert assumption not in choices


def test_choices_follow_the_chain(owner, partnership):
    impact = _element(owner, partnership, "Longer healthy lives", kind="impact")
    activity = _element(owner, partnership, "Clinics")
    an_input = _element(owner, partnership, "Funding", kind="input")
    assert list(queries.logic_element_choices(partnership)) == [an_input, activity, impact]


def test_the_form_detail_csv_and_logic_model_page_show_the_link(
    client, owner, editor, partnership, make_user
):
    activity = _element(owner, partnership, "Run stop-smoking clinics")
    idle = _element(owner, partnership, "Home visits")
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    foreign = _element(someone, elsewhere, "Their activity")
    client.force_login(editor)
    url = reverse("planning:plan_action_add", args=[partnership.slug])
    form = client.get(url).text
    assert "Activity: Run stop-smoking clinics" in form and "Their activity" not in form
    data = {"title": "Clinics", "due_date": "2027-03-31", "intensity": "universal",
            "status": "not_started", "logic_elements": [str(foreign.pk)]}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Choose elements of this partnership&#x27;s logic model" in refused.text
    assert not PlanAction.objects.exists()
    data["logic_elements"] = [str(activity.pk)]
    assert client.post(url, data).status_code == 302
    added = PlanAction.objects.get()
    assert list(added.logic_elements.all()) == [activity]
    detail = client.get(reverse("planning:plan_action_detail", args=[partnership.slug, added.pk]))
    linked = detail.text.split('id="action-logic-elements"')[1].split("</dd>")[0]
    assert "Activity: " in linked and "Run stop-smoking clinics" in linked
    csv = client.get(reverse("planning:plan_timeline_download", args=[partnership.slug]))
    assert "Activity: Run stop-smoking clinics" in csv.content.decode()
    page = client.get(reverse("logic_model:logic_model", args=[partnership.slug])).text
    assert "Delivered by 1 action in the plan" in page
    assert reverse("planning:plan_action_detail", args=[partnership.slug, added.pk]) in page
    assert f"{idle.title}</strong>" in page
    assert "No action in the plan delivers this activity yet." in page
    checks = page.split('id="logic-warnings"')[1].split("</ul>")[0]
    assert "No action in the plan delivers the activity “Home visits”" in checks
    assert "delivers the activity “Run stop-smoking clinics”" not in checks
