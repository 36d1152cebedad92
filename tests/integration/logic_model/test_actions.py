"""Every change to the logic model: role checks, the chain's direction, elements and indicators
within the partnership, audit events, and nothing half-saved when the input is wrong."""

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.indicators.models import Indicator
from placematters.logic_model import actions
from placematters.logic_model.models import LogicElement, LogicLink
from placematters.partnerships.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def _element(by, partnership, kind, title, **extra):
    return actions.logic_element_add(
        by=by, partnership=partnership, kind=kind, title=title, **extra
    )


def test_an_editor_adds_an_element_measured_by_an_indicator(owner, editor, partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, name="Smoking prevalence", value_type="proportion"
    )
    added = _element(
        editor,
        partnership,
        "outcome_short",
        "  Fewer   adults smoke ",
        description="In the coastal wards",
        indicator=indicator,
        measure="Quit rates at four weeks",
    )
    assert added.title == "Fewer adults smoke" and added.indicator == indicator
    event = AuditEvent.objects.get(verb="logic_element.added")
    assert event.after["kind"] == "Short-term outcome"
    assert event.after["indicator"] == "Smoking prevalence"


def test_every_verb_has_a_phrase():
    for verb in ("added", "updated", "removed"):
        assert f"logic_element.{verb}" in VERB_PHRASES
        assert f"logic_link.{verb}" in VERB_PHRASES


def test_a_viewer_cannot_change_anything(owner, viewer, partnership):
    element = _element(owner, partnership, "activity", "Clinics")
    other = _element(owner, partnership, "output", "Sessions")
    link = actions.logic_link_add(by=owner, partnership=partnership, source=element, target=other)
    with pytest.raises(NotAllowed):
        _element(viewer, partnership, "input", "Money")
    with pytest.raises(NotAllowed):
        actions.logic_element_update(by=viewer, element=element, title="New")
    with pytest.raises(NotAllowed):
        actions.logic_element_remove(by=viewer, element=element)
    with pytest.raises(NotAllowed):
        actions.logic_link_add(by=viewer, partnership=partnership, source=other, target=element)
    with pytest.raises(NotAllowed):
        actions.logic_link_update(by=viewer, link=link, evidence="x")
    with pytest.raises(NotAllowed):
        actions.logic_link_remove(by=viewer, link=link)
    assert LogicElement.objects.count() == 2 and LogicLink.objects.count() == 1


def test_a_bad_element_names_every_problem_and_saves_nothing(owner, partnership, make_user):
    _element(owner, partnership, "input", "Funding")
    foreign = Indicator.objects.create(
        partnership=None, name="Shared", value_type="proportion"
    )  # shared indicators are allowed; another partnership's are not
    from placematters.partnerships import actions as partnership_actions

    other = partnership_actions.partnership_create(by=make_user(), name="Elsewhere")
    theirs = Indicator.objects.create(partnership=other, name="Theirs", value_type="proportion")
    with pytest.raises(ValidationError) as caught:
        _element(owner, partnership, "nonsense", "funding", indicator=theirs, measure="x" * 301)
    errors = caught.value.message_dict
    assert errors["kind"] == ["Choose what kind of element this is"]
    assert errors["title"] == ["The logic model already has an element called funding"]
    assert errors["indicator"] == ["Choose one of the indicators this partnership holds"]
    assert errors["measure"] == ["The measure must be 300 characters or fewer"]
    with pytest.raises(ValidationError) as caught:
        _element(owner, partnership, "activity", "   ")
    assert caught.value.message_dict["title"] == ["Enter the element's title"]
    assert LogicElement.objects.count() == 1
    assert _element(owner, partnership, "outcome_long", "Shared works", indicator=foreign)


def test_links_run_forward_only(owner, partnership):
    activity = _element(owner, partnership, "activity", "Clinics")
    output = _element(owner, partnership, "output", "Sessions run")
    assumption = _element(owner, partnership, "assumption", "People will come")
    cases = [
        (output, activity, "A link must run forward along the chain: an output can lead only"),
        (activity, activity, "An element cannot lead to itself"),
        (activity, assumption, "Nothing can lead to an assumption"),
    ]
    for source, target, start in cases:
        with pytest.raises(ValidationError) as caught:
            actions.logic_link_add(by=owner, partnership=partnership, source=source, target=target)
        assert caught.value.message_dict["target"][0].startswith(start)
    assert (
        not LogicLink.objects.exists()
        and not AuditEvent.objects.filter(verb="logic_link.added").exists()
    )
    # an assumption may bear on any chain element
    actions.logic_link_add(by=owner, partnership=partnership, source=assumption, target=activity)
    actions.logic_link_add(by=owner, partnership=partnership, source=activity, target=output)
    with pytest.raises(ValidationError) as caught:
        actions.logic_link_add(by=owner, partnership=partnership, source=activity, target=output)
    assert caught.value.message_dict["target"] == ["Clinics already leads to Sessions run"]


def test_a_link_with_a_bad_address_or_foreign_element_saves_nothing(owner, partnership, make_user):
    from placematters.partnerships import actions as partnership_actions

    stranger = make_user()
    other = partnership_actions.partnership_create(by=stranger, name="Elsewhere")
    theirs = actions.logic_element_add(
        by=stranger, partnership=other, kind="output", title="Their output"
    )
    activity = _element(owner, partnership, "activity", "Clinics")
    with pytest.raises(ValidationError) as caught:
        actions.logic_link_add(
            by=owner,
            partnership=partnership,
            source=activity,
            target=theirs,
            evidence_url="javascript:alert(1)",
            confidence="certain",
        )
    errors = caught.value.message_dict
    assert errors["target"] == ["Choose the element it leads to from this logic model"]
    assert errors["evidence_url"][0].startswith("Enter the evidence's web address in full")
    assert errors["confidence"] == ["Choose how confident the partnership is in this link"]
    assert not LogicLink.objects.exists()


def test_update_and_remove_a_link_are_audited(owner, partnership):
    activity = _element(owner, partnership, "activity", "Clinics")
    outcome = _element(owner, partnership, "outcome_short", "Quits")
    link = actions.logic_link_add(
        by=owner, partnership=partnership, source=activity, target=outcome
    )
    actions.logic_link_update(
        by=owner,
        link=link,
        evidence="NICE NG209",
        evidence_url="https://www.nice.org.uk/guidance/ng209",
        confidence="high",
    )
    event = AuditEvent.objects.get(verb="logic_link.updated")
    assert event.before["confidence"] == "Assumption untested"
    assert event.after["confidence"] == "High"
    with pytest.raises(ValidationError):
        actions.logic_link_update(by=owner, link=link, target=activity)
    link.refresh_from_db()
    assert link.target == outcome and link.confidence == "high"
    actions.logic_link_remove(by=owner, link=link)
    assert not LogicLink.objects.exists()
    assert AuditEvent.objects.get(verb="logic_link.removed").before["to"] == "Quits"


def test_changing_a_kind_that_would_reverse_a_link_is_refused(owner, partnership):
    activity = _element(owner, partnership, "activity", "Clinics")
    outcome = _element(owner, partnership, "outcome_short", "Quits")
    actions.logic_link_add(by=owner, partnership=partnership, source=activity, target=outcome)
    with pytest.raises(ValidationError) as caught:
        actions.logic_element_update(by=owner, element=activity, kind="impact", title="Renamed")
    assert caught.value.message_dict["kind"][0].startswith(
        "It cannot become an impact while it leads to Quits"
    )
    activity.refresh_from_db()
    assert activity.kind == "activity" and activity.title == "Clinics"
    actions.logic_element_update(by=owner, element=activity, kind="input")
    assert AuditEvent.objects.get(verb="logic_element.updated").after == {"kind": "Input"}


def test_removing_an_element_removes_its_links(owner, partnership):
    activity = _element(owner, partnership, "activity", "Clinics")
    outcome = _element(owner, partnership, "outcome_short", "Quits")
    actions.logic_link_add(by=owner, partnership=partnership, source=activity, target=outcome)
    actions.logic_element_remove(by=owner, element=outcome)
    assert not LogicLink.objects.exists()
    assert AuditEvent.objects.get(verb="logic_element.removed").before["links removed"] == 1
