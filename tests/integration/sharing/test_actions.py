"""Publishing, withdrawing, using a plan as a template and the comparison choice."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Role
from placematters.partnerships.permissions import NotAllowed
from placematters.planning.models import ActionStatus, PlanAction
from placematters.sharing import actions, queries
from placematters.sharing.models import ComparisonChoice, Publication, PublicationKind
from tests.conftest import add_member
from tests.integration.sharing.helpers import plan_with_private_details

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


def _publish_plan(owner, partnership, **choices):
    plan_with_private_details(owner, partnership)
    return actions.publication_publish(
        by=owner,
        partnership=partnership,
        confirmed=True,
        kind=PublicationKind.PLAN,
        title="Family walking groups",
        summary="Walking together, led by families.",
        determinant="diet-exercise",
        segment="community",
        target_groups="Families, fishing communities, families",
        area_type="coastal",
        content=queries.redacted_plan(
            partnership,
            include_organisations=choices.get("organisations", False),
            include_communities=choices.get("communities", False),
        ),
    )


def test_a_published_plan_leaks_no_owner_email_organisation_or_community(owner, partnership):
    publication = _publish_plan(owner, partnership)
    text = json.dumps(publication.content)
    for private in ("Olive Owner", "owner@example.org", "Harbour Health Trust",
                    "Fisher families of Wells"):  # fmt: skip
        assert private not in text, private
    assert publication.content["actions"][0]["communities"] == ["target community 1"]
    assert publication.target_groups == ["Families", "fishing communities"]
    event = AuditEvent.objects.get(verb="publication.published")
    assert event.partnership == partnership and event.target_label == "Family walking groups"


def test_names_are_published_only_when_chosen(owner, partnership):
    publication = _publish_plan(owner, partnership, organisations=True, communities=True)
    text = json.dumps(publication.content)
    assert "Harbour Health Trust" in text and "Fisher families of Wells" in text
    assert "Olive Owner" not in text and "owner@example.org" not in text


def test_only_owners_publish_and_withdraw(owner, partnership, editor, outsider):
    plan_with_private_details(owner, partnership)
    values = {"kind": PublicationKind.CASE_STUDY, "title": "T", "summary": "S", "problem": "P",
              "approach": "A", "results": "R", "confirmed": True}  # fmt: skip
    for person in (editor, outsider):
        with pytest.raises(NotAllowed):
            actions.publication_publish(by=person, partnership=partnership, **values)
    publication = actions.publication_publish(by=owner, partnership=partnership, **values)
    with pytest.raises(NotAllowed):
        actions.publication_withdraw(by=editor, publication=publication)
    assert not Publication.objects.get().withdrawn


def test_nothing_is_published_without_confirmation_or_with_bad_input(owner, partnership):
    with pytest.raises(ValidationError) as refused:
        actions.publication_publish(
            by=owner, partnership=partnership, confirmed=False, kind=PublicationKind.CASE_STUDY,
            title="T", summary="S", problem="P", approach="A", results="R",
        )  # fmt: skip
    assert "Confirm that you have checked" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        actions.publication_publish(
            by=owner, partnership=partnership, confirmed=True, kind=PublicationKind.CASE_STUDY,
            title="", summary="", determinant="nonsense", area_type="moon",
        )  # fmt: skip
    errors = refused.value.message_dict
    assert errors["title"] == ["Enter a title"]
    assert errors["problem"] == ["Enter the problem the work set out to tackle"]
    assert errors["determinant"] == ["Choose a factor from the list of what drives health"]
    assert errors["area_type"] == ["Choose rural district, coastal, urban or county"]
    with pytest.raises(ValidationError) as refused:
        actions.publication_publish(
            by=owner, partnership=partnership, confirmed=True, kind=PublicationKind.PLAN,
            title="Empty plan", summary="S", content=queries.redacted_plan(
                partnership, include_organisations=False, include_communities=False),
        )  # fmt: skip
    assert "no actions yet" in str(refused.value)
    assert not Publication.objects.exists()
    assert not AuditEvent.objects.filter(verb="publication.published").exists()


def test_template_copy_goes_only_where_the_user_may_edit(owner, partnership, make_user):
    publication = _publish_plan(owner, partnership)
    reader = make_user("reader@example.org", "Rita Reader")
    other = partnership_actions.partnership_create(by=reader, name="Inland partnership")
    watched = partnership_actions.partnership_create(by=owner, name="Watched partnership")
    add_member(watched, owner, reader, Role.VIEWER)
    with pytest.raises(NotAllowed):
        actions.publication_use_as_template(by=reader, publication=publication, partnership=watched)
    assert not PlanAction.objects.filter(partnership=watched).exists()

    created = actions.publication_use_as_template(
        by=reader, publication=publication, partnership=other, today=TODAY
    )
    assert [a.title for a in created] == ["Walking groups for target community 1"]
    copied = created[0]
    assert copied.partnership == other and copied.owner is None and copied.organisation is None
    assert copied.status == ActionStatus.NOT_STARTED
    assert copied.due_date == TODAY + datetime.timedelta(days=100)
    assert copied.start_date == TODAY
    assert copied.segment == "community" and copied.determinant == "diet-exercise"
    assert copied.life_stages == ["working_age"] and copied.ihe_step == 5
    assert [(m.title, m.due_date) for m in copied.milestones.all()] == [
        ("First walk", TODAY + datetime.timedelta(days=30))
    ]
    event = AuditEvent.objects.get(verb="publication.used_as_template")
    assert event.partnership == other and event.after["actions added"] == 1
    # a second copy gets a numbered title
    again = actions.publication_use_as_template(
        by=reader, publication=publication, partnership=other, today=TODAY
    )
    assert again[0].title == "Walking groups for target community 1 (2)"
    assert PlanAction.objects.filter(partnership=partnership).count() == 1


def test_a_withdrawn_plan_is_not_listed_or_copyable(owner, partnership, outsider):
    publication = _publish_plan(owner, partnership)
    actions.publication_withdraw(by=owner, publication=publication)
    assert queries.publication(publication.pk) is None
    assert publication not in queries.search()
    other = outsider.memberships.get().partnership
    with pytest.raises(ValidationError, match="withdrawn"):
        actions.publication_use_as_template(by=outsider, publication=publication, partnership=other)
    with pytest.raises(ValidationError, match="already been withdrawn"):
        actions.publication_withdraw(by=owner, publication=publication)
    assert AuditEvent.objects.filter(verb="publication.withdrawn").count() == 1
    assert not PlanAction.objects.filter(partnership=other).exists()


def test_a_case_study_cannot_be_copied(owner, partnership, outsider):
    study = actions.publication_publish(
        by=owner, partnership=partnership, confirmed=True, kind=PublicationKind.CASE_STUDY,
        title="T", summary="S", problem="P", approach="A", results="R",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Only a published action plan"):
        actions.publication_use_as_template(
            by=outsider, publication=study, partnership=outsider.memberships.get().partnership
        )


def test_search_and_filters(owner, partnership):
    plan = _publish_plan(owner, partnership)
    study = actions.publication_publish(
        by=owner, partnership=partnership, confirmed=True, kind=PublicationKind.CASE_STUDY,
        title="Warm homes", summary="Insulation", problem="Cold damp flats", approach="A",
        results="R", area_type="urban", target_groups="Older people",
    )  # fmt: skip
    assert list(queries.search(text="damp")) == [study]
    assert list(queries.search(text="walking families")) == [plan]
    assert list(queries.search(area_type="coastal")) == [plan]
    assert list(queries.search(determinant="diet-exercise", segment="community")) == [plan]
    assert list(queries.search(target_group="older people")) == [study]
    assert list(queries.search(kind=PublicationKind.CASE_STUDY)) == [study]
    assert queries.target_group_choices() == ["Families", "fishing communities", "Older people"]


def test_comparison_choice_is_owners_only_and_audited(owner, partnership, editor):
    with pytest.raises(NotAllowed):
        actions.comparison_choice_set(by=editor, partnership=partnership, opted_in=True)
    assert not queries.is_opted_in(partnership)
    actions.comparison_choice_set(by=owner, partnership=partnership, opted_in=True)
    actions.comparison_choice_set(by=owner, partnership=partnership, opted_in=True)
    assert queries.is_opted_in(partnership)
    assert list(queries.opted_in_partnerships()) == [partnership]
    assert AuditEvent.objects.filter(verb="comparison.opted_in").count() == 1
    actions.comparison_choice_set(by=owner, partnership=partnership, opted_in=False)
    assert not queries.opted_in_partnerships().exists()
    assert ComparisonChoice.objects.get().opted_in is False


def test_locality_figures_count_the_partnership_own_work(owner, partnership):
    plan_with_private_details(owner, partnership)
    figures = queries.locality_figures(partnership)
    assert figures.actions == 1 and figures.actions_with("not_started") == 1
    assert figures.priorities == 0
    assert len(figures.stages) == 4 and figures.stage_total > 0
    assert figures.measures == ()
