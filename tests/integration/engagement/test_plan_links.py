"""The "you said, we did" trail linked to the local area action plan: a decision names the
plan actions that carry it out, the trail follows their status, and each action's page shows
what was heard that it answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from placematters.audit.models import AuditEvent
from placematters.engagement import actions, queries
from placematters.engagement.actions import OTHER_PARTNERSHIP_ACTION
from placematters.engagement.models import Decision
from placematters.engagement.presenters import QUOTE_WITHHELD
from placematters.partnerships.models import Partnership
from placematters.planning import actions as planning_actions

DAY = datetime.date(2027, 3, 1)


@pytest.fixture
def heard(owner, partnership):
    community = actions.target_community_add(
        by=owner, partnership=partnership, source="own", name="Fishing families"
    )
    entry = actions.log_entry_add(
        by=owner,
        partnership=partnership,
        title="Harbour coffee morning",
        happened_on=DAY,
        communities=[community],
        level_reached="consulting",
    )
    return {
        "theme": actions.heard_add(by=owner, entry=entry, kind="theme", text="Buses are rare"),
        "secret": actions.heard_add(
            by=owner, entry=entry, kind="quote", text="Secret words", consent=False
        ),
    }


def _action(by, partnership, title, status="on_track"):
    return planning_actions.plan_action_add(
        by=by, partnership=partnership, title=title, due_date=DAY.replace(year=2028), status=status
    )


@pytest.fixture
def plan(owner, partnership):
    return {
        "bus": _action(owner, partnership, "Community transport pilot"),
        "clinic": _action(owner, partnership, "Outreach clinic", status="done"),
    }


@pytest.fixture
def foreign_action(outsider):
    other = Partnership.objects.get(name="Another partnership")
    return _action(outsider, other, "Their own action")


def _decide(by, heard, **extra):
    return actions.decision_record(
        by=by,
        heard=heard,
        text="Fund a community bus",
        decided_on=DAY,
        decided_by="Partnership board",
        **extra,
    )


def test_a_decision_links_to_plan_actions_and_keeps_the_free_text(owner, partnership, heard, plan):
    decision = _decide(
        owner,
        heard["theme"],
        plan_actions=[plan["bus"], plan["clinic"]],
        action_reference="Letter to the bus company",
        action_status="done",
    )
    assert set(decision.plan_actions.all()) == {plan["bus"], plan["clinic"]}
    assert decision.action_reference == "Letter to the bus company"
    event = AuditEvent.objects.filter(verb="decision.recorded").latest("id")
    assert event.after["plan_actions"] == "Community transport pilot, Outreach clinic"

    _decide(owner, heard["theme"], plan_actions=[plan["clinic"]])
    assert list(decision.plan_actions.all()) == [plan["clinic"]]
    assert AuditEvent.objects.filter(verb="decision.recorded").count() == 2


def test_another_partnerships_action_is_refused_and_nothing_saved(
    owner, partnership, heard, plan, foreign_action
):
    with pytest.raises(ValidationError) as refused:
        _decide(owner, heard["theme"], plan_actions=[plan["bus"], foreign_action])
    assert refused.value.message_dict == {"plan_actions": [OTHER_PARTNERSHIP_ACTION]}
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(verb="decision.recorded").exists()

    _decide(owner, heard["theme"], plan_actions=[plan["bus"]])
    with pytest.raises(ValidationError):
        _decide(owner, heard["theme"], plan_actions=[foreign_action])
    decision = Decision.objects.get()
    assert list(decision.plan_actions.all()) == [plan["bus"]]


def test_the_form_offers_the_partnerships_actions_and_refuses_anothers(
    client, editor, partnership, heard, plan, foreign_action
):
    client.force_login(editor)
    url = reverse("engagement:engagement_decision", args=[partnership.slug, heard["theme"].pk])
    page = client.get(url)
    assert "Community transport pilot (On track: green)" in page.text
    assert "Their own action" not in page.text
    form = {"text": "Fund a bus", "decided_on": "2027-03-02", "decided_by": "Board"}
    refused = client.post(url, {**form, "plan_actions": [plan["bus"].pk, foreign_action.pk]})
    assert refused.status_code == 200
    assert escape(OTHER_PARTNERSHIP_ACTION) in refused.text
    assert not Decision.objects.exists()

    saved = client.post(url, {**form, "plan_actions": [plan["bus"].pk]})
    assert saved.status_code == 302
    assert list(Decision.objects.get().plan_actions.all()) == [plan["bus"]]
    again = client.get(url).text
    ticked = again[again.index(f'value="{plan["bus"].pk}"') :].split(">", 1)[0]
    assert "checked" in ticked, "the linked action is ticked when the decision is changed"


def test_trail_status_follows_the_linked_actions(owner, client, partnership, heard, plan):
    _decide(
        owner,
        heard["theme"],
        plan_actions=[plan["bus"], plan["clinic"]],
        action_status="",
    )
    row = next(r for r in queries.trail(partnership) if r.heard == heard["theme"])
    assert row.stage == "decided", "one linked action is not done yet"

    planning_actions.plan_action_update(by=owner, action=plan["bus"], status="done")
    row = next(r for r in queries.trail(partnership) if r.heard == heard["theme"])
    assert row.stage == "done", "every linked action is done"

    # The manual progress still decides for a free-text action with nothing linked...
    _decide(owner, heard["secret"], action_reference="Letter", action_status="under_way")
    assert {r.heard: r.stage for r in queries.trail(partnership)}[heard["secret"]] == "decided"
    # ...but not once plan actions are linked: they decide.
    planning_actions.plan_action_update(by=owner, action=plan["bus"], status="at_risk")
    _decide(owner, heard["theme"], plan_actions=[plan["bus"]], action_reference="Letter",
            action_status="done")  # fmt: skip
    assert {r.heard: r.stage for r in queries.trail(partnership)}[heard["theme"]] == "decided"

    client.force_login(owner)
    page = client.get(reverse("engagement:engagement_trail", args=[partnership.slug])).text
    detail = reverse("planning:plan_action_detail", args=[partnership.slug, plan["bus"].pk])
    assert f'href="{detail}"' in page
    assert "At risk: amber" in page
    summary = repr(queries.summary_sections(partnership))
    assert "Community transport pilot (at risk: amber); Letter (done)" in summary


def test_the_action_page_shows_what_was_heard_that_it_answers(
    client, viewer, owner, partnership, heard, plan
):
    _decide(owner, heard["theme"], plan_actions=[plan["bus"]])
    _decide(owner, heard["secret"], plan_actions=[plan["bus"]])
    client.force_login(viewer)
    page = client.get(
        reverse("planning:plan_action_detail", args=[partnership.slug, plan["bus"].pk])
    ).text
    assert "What was heard that this answers" in page
    assert "Buses are rare" in page
    assert "Harbour coffee morning" in page
    assert "Secret words" not in page and QUOTE_WITHHELD in page
    other = client.get(
        reverse("planning:plan_action_detail", args=[partnership.slug, plan["clinic"].pk])
    ).text
    assert "Nothing heard in community engagement is linked to this action yet" in other
    assert queries.heard_for_action(partnership, plan["bus"]) == [heard["theme"], heard["secret"]]


def test_heard_for_action_is_scoped_to_the_partnership(partnership, heard, foreign_action):
    assert queries.heard_for_action(partnership, foreign_action) == []
