"""HEAT actions, queries and pages on a real database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.heat import actions, queries
from placematters.heat.models import Assessment, Finding, Impact
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from placematters.planning import actions as planning_actions
from placematters.planning.models import PlanAction
from tests.integration.planning.helpers import community

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 21)


def _start(by, partnership, title="Plan check"):
    return actions.heat_assessment_start(by=by, partnership=partnership, title=title)


def _complete(by, assessment):
    actions.heat_prepare_save(
        by=by, assessment=assessment, title=assessment.title, description="The plan", finished=True
    )
    actions.heat_grid_save(
        by=by, assessment=assessment, cells={("age", "access"): ("Older people", True)},
        finished=True,
    )  # fmt: skip
    actions.heat_refine_save(
        by=by, assessment=assessment, impacts={"rural": ("widen", "")}, changes="Outreach",
        finished=True,
    )  # fmt: skip
    return actions.heat_review_save(
        by=by, assessment=assessment, reviewer="Public health lead", finished=True, today=DAY
    )


def test_a_viewer_is_refused_and_nothing_is_stored(viewer, partnership):
    with pytest.raises(NotAllowed):
        _start(viewer, partnership)
    assert not Assessment.objects.exists()


def test_steps_save_drafts_one_by_one(editor, partnership):
    found = _start(editor, partnership)
    actions.heat_prepare_save(by=editor, assessment=found, title="Plan check", involved="Us")
    found.refresh_from_db()
    assert found.steps == {"prepare": "draft"} and found.involved == "Us"
    actions.heat_grid_save(by=editor, assessment=found, cells={("sex", "outcomes"): ("Men", False)})
    found.refresh_from_db()
    assert found.steps == {"prepare": "draft", "assess": "draft"}
    assert Finding.objects.get(assessment=found).text == "Men"
    task = {row["step"].key: row["status"] for row in queries.task_list(found)}
    assert task == {
        "prepare": "In progress",
        "assess": "In progress",
        "refine": "Not yet started",
        "review": "Not yet started",
    }
    assert {e.verb for e in AuditEvent.objects.all()} <= set(VERB_PHRASES)


def test_continuing_needs_the_step_complete_and_nothing_is_half_saved(editor, partnership):
    found = _start(editor, partnership)
    with pytest.raises(ValidationError) as error:
        actions.heat_prepare_save(by=editor, assessment=found, title="", finished=True)
    assert set(error.value.message_dict) == {"title", "description"}
    with pytest.raises(ValidationError) as error:
        actions.heat_grid_save(
            by=editor, assessment=found,
            cells={("age", "access"): ("Fine", False), ("race", "access"): ("", True)},
        )  # fmt: skip
    assert "race__access" in error.value.message_dict
    assert not Finding.objects.exists()
    with pytest.raises(ValidationError):
        actions.heat_review_save(by=editor, assessment=found, reviewer="Me", finished=True)
    found.refresh_from_db()
    assert found.status == "draft" and found.steps == {}


def test_completing_sets_reminders_and_a_review_is_compared(owner, partnership):
    found = _complete(owner, _start(owner, partnership))
    assert found.status == "complete" and found.completed_on == DAY
    with pytest.raises(ValidationError):
        actions.heat_prepare_save(by=owner, assessment=found, title="Changed")
    assert queries.reviews_due(partnership, today=DAY) == []
    due = queries.reviews_due(partnership, today=datetime.date(2027, 5, 21))
    assert [(d["months"], d["date"]) for d in due] == [(6, datetime.date(2027, 5, 21))]
    review = actions.heat_review_start(by=owner, assessment=found, today=DAY)
    actions.heat_grid_save(
        by=owner, assessment=review, cells={("age", "access"): ("Better now", True)}
    )
    rows = queries.comparison(partnership, review)
    assert rows == [
        {"group": "Age", "dimension": "Access", "before": "Older people",
         "after": "Better now", "changed": True},
    ]  # fmt: skip
    assert queries.reviews_due(partnership, today=datetime.date(2027, 5, 21)) == []


def _plan_action(by, partnership, title):
    return planning_actions.plan_action_add(
        by=by, partnership=partnership, title=title, due_date=datetime.date(2027, 3, 31)
    )


def test_a_widening_is_unresolved_until_mitigated_by_text_and_an_action(owner, partnership):
    found = _start(owner, partnership)
    buses = _plan_action(owner, partnership, "Community buses")
    vans = _plan_action(owner, partnership, "Outreach vans")
    actions.heat_refine_save(
        by=owner, assessment=found,
        impacts={"rural": ("widen", "", []), "coastal": ("widen", "Bus", [buses])},
    )  # fmt: skip
    unresolved = queries.unresolved_impacts(partnership)
    assert [i.group_title for i in unresolved] == ["Rural communities"]
    assert unresolved[0].missing == "No mitigation written and no action in the plan"
    # a mitigation written but no action to carry it out is still unresolved
    actions.heat_refine_save(by=owner, assessment=found, impacts={"rural": ("widen", "Vans")})
    unresolved = queries.unresolved_impacts(partnership)
    assert [i.missing for i in unresolved] == ["No action in the plan carries out the mitigation"]
    # a two-part impact keeps its links: the coastal widening stays mitigated
    assert list(Impact.objects.get(group="coastal").mitigating_actions.all()) == [buses]
    actions.heat_refine_save(
        by=owner, assessment=found, impacts={"rural": ("widen", "Vans", [vans])}
    )
    assert queries.unresolved_impacts(partnership) == []
    saved = AuditEvent.objects.filter(verb="heat_step.saved").order_by("id").last()
    assert saved.after["mitigating_actions"] == "Rural communities: Outreach vans"
    # removing the action from the plan drops the link: unresolved again
    planning_actions.plan_action_remove(by=owner, action=vans)
    assert [i.group for i in queries.unresolved_impacts(partnership)] == ["rural"]
    # re-assessing the effect ends the flag
    actions.heat_refine_save(by=owner, assessment=found, impacts={"rural": ("no_change", "")})
    assert queries.unresolved_impacts(partnership) == []
    with pytest.raises(ValidationError):
        actions.heat_refine_save(by=owner, assessment=found, impacts={"rural": ("worse", "")})
    assert Impact.objects.get(group="rural").effect == "no_change"


def test_another_partnerships_action_cannot_mitigate_and_nothing_is_saved(
    owner, partnership, make_user
):
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    foreign = _plan_action(someone, elsewhere, "Their action")
    found = _start(owner, partnership)
    before = AuditEvent.objects.filter(partnership=partnership).count()
    with pytest.raises(ValidationError) as refused:
        actions.heat_refine_save(
            by=owner, assessment=found, impacts={"rural": ("widen", "Vans", [foreign])}
        )
    assert refused.value.message_dict["rural__actions"] == [
        "Choose actions from this partnership's action plan"
    ]
    assert not Impact.objects.filter(assessment=found).exists()
    assert AuditEvent.objects.filter(partnership=partnership).count() == before


def test_add_an_action_to_mitigate_a_widening(owner, editor, viewer, partnership):
    own = community(owner, partnership)
    key = f"community-{own.pk}"
    found = _start(owner, partnership)
    with pytest.raises(ValidationError) as refused:
        actions.heat_mitigation_action_add(by=editor, assessment=found, group=key, today=DAY)
    assert "before adding an action to mitigate it" in refused.value.messages[0]
    assert not PlanAction.objects.exists()
    actions.heat_refine_save(
        by=owner, assessment=found, impacts={key: ("widen", "Evening sessions")}
    )
    with pytest.raises(NotAllowed):
        actions.heat_mitigation_action_add(by=viewer, assessment=found, group=key, today=DAY)
    added = actions.heat_mitigation_action_add(by=editor, assessment=found, group=key, today=DAY)
    assert added.title == f"Mitigate the likely widening of the gap for {own.name}"
    assert "Plan check" in added.why and "Mitigation: Evening sessions" in added.why
    assert list(added.communities.all()) == [own]
    assert added.due_date == DAY + datetime.timedelta(days=90)
    impact = Impact.objects.get(group=key)
    assert list(impact.mitigating_actions.all()) == [added]
    assert list(added.heat_mitigations.all()) == [impact]
    assert queries.unresolved_impacts(partnership) == []
    again = actions.heat_mitigation_action_add(by=editor, assessment=found, group=key, today=DAY)
    assert again.title.endswith("(Plan check)")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert "heat_mitigation.added" in verbs and "heat_mitigation.added" in VERB_PHRASES
    with pytest.raises(ValidationError):
        actions.heat_mitigation_action_add(by=editor, assessment=found, group="nobody", today=DAY)


def test_a_review_keeps_the_mitigating_actions(owner, partnership):
    found = _start(owner, partnership)
    vans = _plan_action(owner, partnership, "Outreach vans")
    _complete(owner, found)
    found.refresh_from_db()
    assert [i.group for i in queries.unresolved_impacts(partnership)] == ["rural"]
    with pytest.raises(ValidationError):
        actions.heat_mitigation_action_add(by=owner, assessment=found, group="rural")
    review = actions.heat_review_start(by=owner, assessment=found, today=DAY)
    actions.heat_refine_save(
        by=owner, assessment=review, impacts={"rural": ("widen", "Vans", [vans])}
    )
    assert queries.unresolved_impacts(partnership) == []
    second = actions.heat_review_start(by=owner, assessment=_complete(owner, review), today=DAY)
    assert list(second.impacts.get().mitigating_actions.all()) == [vans]


def test_no_data_adds_a_data_gap_action_to_the_plan(owner, partnership):
    own = community(owner, partnership)
    found = _start(owner, partnership)
    key = f"community-{own.pk}"
    action = actions.heat_gap_action_add(
        by=owner, assessment=found, group=key, dimension="outcomes", today=DAY
    )
    assert PlanAction.objects.get(partnership=partnership) == action
    assert "HEAT gap" in action.why and "Coastal wards" in action.why
    cell = Finding.objects.get(assessment=found, group=key)
    assert cell.no_data and cell.gap_action == action
    with pytest.raises(ValidationError):
        actions.heat_gap_action_add(by=owner, assessment=found, group=key, dimension="outcomes")
    with pytest.raises(ValidationError):
        actions.heat_gap_action_add(by=owner, assessment=found, group="nope", dimension="access")
    assert PlanAction.objects.count() == 1
    sections = queries.summary_sections(partnership)
    assert [s.item for s in sections] == ["run-heat", "heat-actions"]
    assert sections[1].rows[1][1] == action.title


def test_pages_for_members_and_404_for_outsiders(client, owner, viewer, outsider, partnership):
    found = _complete(owner, _start(owner, partnership))
    client.force_login(viewer)
    url = reverse("heat:heat_overview", args=[partnership.slug, found.pk])
    page = client.get(url).content.decode()
    assert "Older people" in page and "Review reminders" in page
    assert (
        client.get(reverse("heat:heat_prepare", args=[partnership.slug, found.pk])).status_code
        == 403
    )
    home = client.get(reverse("heat:heat_home", args=[partnership.slug])).content.decode()
    assert "Rural communities" in home
    csv = client.get(reverse("heat:heat_download", args=[partnership.slug, found.pk]))
    assert b"Older people" in csv.content
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_step_pages_save_through_the_browser_form(client, editor, partnership):
    found = _start(editor, partnership)
    client.force_login(editor)
    url = reverse("heat:heat_prepare", args=[partnership.slug, found.pk])
    response = client.post(url, {"title": "Plan check", "description": "", "finish": "yes"})
    assert "Describe the work being assessed" in response.content.decode()
    response = client.post(url, {"title": "Plan check", "description": "It", "finish": "yes"})
    assert response.url == reverse("heat:heat_assess", args=[partnership.slug, found.pk])
    assert client.get(response.url).status_code == 200


def test_step_3_links_mitigating_actions_and_the_pages_show_them(
    client, owner, editor, partnership, make_user
):
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    foreign = _plan_action(someone, elsewhere, "Their action")
    vans = _plan_action(owner, partnership, "Outreach vans")
    found = _start(owner, partnership)
    client.force_login(editor)
    url = reverse("heat:heat_refine", args=[partnership.slug, found.pk])
    page = client.get(url).content.decode()
    assert "Actions in the plan that carry out the mitigation for Rural communities" in page
    assert "Outreach vans" in page and "Their action" not in page
    data = {"rural__effect": "widen", "rural__mitigation": "Vans", "finish": "no",
            "rural__actions": [str(foreign.pk)]}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Choose actions from this partnership&#x27;s action plan" in refused.content.decode()
    assert not Impact.objects.filter(assessment=found).exists()
    data["rural__actions"] = [str(vans.pk)]
    assert client.post(url, data).status_code == 302
    impact = Impact.objects.get(assessment=found, group="rural")
    assert list(impact.mitigating_actions.all()) == [vans]
    detail = client.get(reverse("planning:plan_action_detail", args=[partnership.slug, vans.pk]))
    mitigates = detail.content.decode().split('id="action-heat-mitigations"')[1]
    assert "Widen the gap for Rural communities" in mitigates.split("</ul>")[0]
    overview = client.get(reverse("heat:heat_overview", args=[partnership.slug, found.pk]))
    assert "Widens the gap: mitigated" in overview.content.decode()
    plan = client.get(reverse("planning:plan_home", args=[partnership.slug])).content.decode()
    assert 'id="heat-unresolved"' not in plan

    # the button on step 3 adds an action and links it; the flag on the plan goes for good
    data |= {"coastal__effect": "widen", "coastal__mitigation": ""}
    assert client.post(url, data).status_code == 302
    plan = client.get(reverse("planning:plan_home", args=[partnership.slug])).content.decode()
    flag = plan.split('id="heat-unresolved"')[1].split("</section>")[0]
    assert "Coastal communities" in flag and "No mitigation written and no action" in flag
    page = client.get(url).content.decode()
    assert 'form="mitigate-coastal"' in page and 'form="mitigate-rural"' in page
    mitigate = reverse("heat:heat_mitigation_action", args=[partnership.slug, found.pk])
    response = client.post(mitigate, {"group": "coastal"})
    assert response.status_code == 302 and response.url == url
    added = PlanAction.objects.get(title__startswith="Mitigate the likely widening")
    assert list(added.heat_mitigations.all()) == [Impact.objects.get(group="coastal")]
    plan = client.get(reverse("planning:plan_home", args=[partnership.slug])).content.decode()
    flag = plan.split('id="heat-unresolved"')[1].split("</section>")[0]
    assert "No mitigation written" in flag and "Coastal communities" in flag
    bad = client.post(mitigate, {"group": "age"}, follow=True).content.decode()
    assert "Save the likely impact on this group as widening the gap" in bad
    assert PlanAction.objects.filter(partnership=partnership).count() == 2
