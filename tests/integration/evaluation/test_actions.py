"""Every change to the evaluation framework: role checks, objects from the partnership only,
audit events, nothing half-saved when the input is wrong, and only owners agree or reopen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.evaluation import actions
from placematters.evaluation.models import EvaluationEntry, EvaluationFramework
from placematters.partnerships.permissions import NotAllowed
from placematters.partnerships.queries import membership_of

pytestmark = pytest.mark.django_db


def test_an_editor_sets_out_how_an_outcome_is_evaluated(
    owner, editor, partnership, model, measure, indicators
):
    entry = actions.evaluation_entry_save(
        by=editor,
        partnership=partnership,
        outcome=model["smokers"],
        measure=measure,
        indicator=indicators["gap"],
        data_source="  OHID   Fingertips ",
        baseline="19% (2019)",
        target="15% by 2030",
        frequency="yearly",
        responsible=membership_of(owner, partnership),
        questions="Who has benefited?",
        soft_outcomes="Confidence to quit",
        breakdown_groups="Deprivation quintile, ward",
        resources="stretched",
        resources_note="  Two advisers only ",
    )
    entry.refresh_from_db()
    assert entry.data_source == "OHID Fingertips"
    assert entry.resources_note == "Two advisers only"
    assert entry.indicator == indicators["gap"] and entry.measure == measure
    event = AuditEvent.objects.get(verb="evaluation_entry.added")
    assert event.target_label == "Fewer adults smoke"
    assert event.after["responsible"] == "Olive Owner"
    assert event.after["frequency"] == "Yearly"
    assert event.after["resources"] == "Stretched"


def test_saving_again_changes_the_same_entry_and_audits_only_what_changed(
    owner, partnership, model
):
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["quits"], target="20 a month"
    )
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["quits"], target="25 a month"
    )
    assert EvaluationEntry.objects.filter(outcome=model["quits"]).count() == 1
    assert EvaluationEntry.objects.get(outcome=model["quits"]).target == "25 a month"
    event = AuditEvent.objects.get(verb="evaluation_entry.updated")
    assert event.before == {"target": "20 a month"} and event.after == {"target": "25 a month"}
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["quits"], target="25 a month"
    )
    assert AuditEvent.objects.filter(verb="evaluation_entry.updated").count() == 1


def test_every_verb_has_a_phrase():
    for verb in (
        "evaluation_entry.added", "evaluation_entry.updated", "evaluation_entry.removed",
        "evaluation_framework.updated", "evaluation_framework.agreed",
        "evaluation_framework.reopened",
    ):  # fmt: skip
        assert verb in VERB_PHRASES


def test_only_outcomes_and_impact_can_have_an_entry(owner, partnership, model):
    for kind in ("clinics", "sessions", "advisers", "assume"):
        with pytest.raises(ValidationError) as refused:
            actions.evaluation_entry_save(by=owner, partnership=partnership, outcome=model[kind])
        assert refused.value.message_dict["outcome"] == [
            "Choose an outcome or impact from this partnership's logic model"
        ]
    assert not EvaluationEntry.objects.exists()


def test_objects_from_another_partnership_are_refused_and_nothing_is_saved(
    owner, partnership, model, elsewhere
):
    with pytest.raises(ValidationError):
        actions.evaluation_entry_save(
            by=owner, partnership=partnership, outcome=elsewhere["outcome"]
        )
    with pytest.raises(ValidationError) as refused:
        actions.evaluation_entry_save(
            by=owner,
            partnership=partnership,
            outcome=model["quits"],
            measure=elsewhere["measure"],
            indicator=elsewhere["indicator"],
            responsible=elsewhere["member"],
            target="Anything",
        )
    assert refused.value.message_dict == {
        "measure": ["Choose one of this partnership's performance measures"],
        "indicator": ["Choose one of the indicators of this partnership's population results"],
        "responsible": ["Choose a member of this partnership as the person responsible"],
    }
    assert not EvaluationEntry.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="evaluation_").exists()


def test_bad_choices_and_long_text_are_refused_with_clear_messages(owner, partnership, model):
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["quits"], target="Kept"
    )
    with pytest.raises(ValidationError) as refused:
        actions.evaluation_entry_save(
            by=owner,
            partnership=partnership,
            outcome=model["quits"],
            frequency="fortnightly",
            resources="plenty",
            target="x" * 301,
            data_source="y" * 301,
        )
    assert refused.value.message_dict == {
        "frequency": ["Choose how often the figure will be looked at"],
        "resources": ["Choose whether the resources named are enough"],
        "target": ["The target must be 300 characters or fewer"],
        "data_source": ["The data source must be 300 characters or fewer"],
    }
    assert EvaluationEntry.objects.get(outcome=model["quits"]).target == "Kept"
    with pytest.raises(TypeError):
        actions.evaluation_entry_save(
            by=owner, partnership=partnership, outcome=model["quits"], colour="red"
        )


def test_a_viewer_and_an_outsider_cannot_change_anything(
    owner, viewer, outsider, partnership, model
):
    entry = actions.evaluation_entry_save(by=owner, partnership=partnership, outcome=model["quits"])
    for person in (viewer, outsider):
        with pytest.raises(NotAllowed):
            actions.evaluation_entry_save(
                by=person, partnership=partnership, outcome=model["smokers"]
            )
        with pytest.raises(NotAllowed):
            actions.evaluation_entry_remove(by=person, entry=entry)
        with pytest.raises(NotAllowed):
            actions.evaluation_framework_update(by=person, partnership=partnership, sharing="x")
    assert EvaluationEntry.objects.count() == 1
    assert not EvaluationFramework.objects.exists()


def test_removing_an_entry_keeps_the_outcome_and_a_note_of_what_it_said(
    owner, editor, partnership, model
):
    entry = actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["quits"], target="25 a month"
    )
    actions.evaluation_entry_remove(by=editor, entry=entry)
    assert not EvaluationEntry.objects.exists()
    model["quits"].refresh_from_db()
    event = AuditEvent.objects.get(verb="evaluation_entry.removed")
    assert event.before["target"] == "25 a month" and event.target_label == "More four-week quits"


def test_the_framework_record_is_created_then_changed(owner, editor, partnership):
    framework = actions.evaluation_framework_update(
        by=editor, partnership=partnership, design="contribution",
        review_when=" Every quarter ", review_by="The partnership board",
        sharing="A newsletter to residents",
    )  # fmt: skip
    assert framework.review_when == "Every quarter" and framework.status == "draft"
    actions.evaluation_framework_update(by=editor, partnership=partnership, design="comparison")
    assert EvaluationFramework.objects.get().design == "comparison"
    assert EvaluationFramework.objects.get().sharing == "A newsletter to residents"
    changed = AuditEvent.objects.filter(verb="evaluation_framework.updated").order_by("pk")
    assert changed[1].before == {"design": "Contribution analysis"}
    assert changed[1].after == {"design": "Comparison with similar areas"}


def test_a_bad_design_is_refused_and_nothing_is_saved(owner, partnership):
    with pytest.raises(ValidationError) as refused:
        actions.evaluation_framework_update(
            by=owner, partnership=partnership, design="guesswork", review_by="z" * 301
        )
    assert refused.value.message_dict == {
        "design": ["Choose how the partnership will tell whether the plan made a difference"],
        "review_by": ["Who reviews the results must be 300 characters or fewer"],
    }
    assert not EvaluationFramework.objects.exists()


def test_only_an_owner_agrees_and_reopens_the_framework(owner, editor, partnership, model):
    actions.evaluation_entry_save(by=editor, partnership=partnership, outcome=model["quits"])
    today = timezone.localdate()
    with pytest.raises(NotAllowed):
        actions.evaluation_framework_agree(by=editor, partnership=partnership, agreed_on=today)
    assert not EvaluationFramework.objects.exists()
    framework = actions.evaluation_framework_agree(
        by=owner, partnership=partnership, agreed_on=today
    )
    assert framework.status == "agreed" and framework.agreed_on == today
    assert framework.agreed_by == membership_of(owner, partnership)
    event = AuditEvent.objects.get(verb="evaluation_framework.agreed")
    assert event.after["status"] == "Agreed" and event.after["agreed_by"] == "Olive Owner"
    with pytest.raises(ValidationError) as refused:
        actions.evaluation_framework_agree(by=owner, partnership=partnership, agreed_on=today)
    assert refused.value.messages == ["The evaluation framework is already agreed"]
    with pytest.raises(NotAllowed):
        actions.evaluation_framework_reopen(by=editor, partnership=partnership)
    reopened = actions.evaluation_framework_reopen(by=owner, partnership=partnership)
    assert reopened.status == "draft" and reopened.agreed_on is None
    assert reopened.agreed_by is None
    with pytest.raises(ValidationError):
        actions.evaluation_framework_reopen(by=owner, partnership=partnership)
    assert AuditEvent.objects.filter(verb="evaluation_framework.reopened").count() == 1


def test_agreeing_needs_an_entry_and_a_date_not_in_the_future(owner, partnership, model):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        actions.evaluation_framework_agree(by=owner, partnership=partnership, agreed_on=tomorrow)
    assert refused.value.message_dict == {
        "agreed_on": ["The date the framework was agreed must be today or in the past"],
        "__all__": [
            "Add an evaluation entry for at least one outcome before agreeing the framework"
        ],
    }
    with pytest.raises(ValidationError) as refused:
        actions.evaluation_framework_agree(by=owner, partnership=partnership, agreed_on=None)
    assert "Enter the date the partnership agreed the framework" in refused.value.messages
    assert not EvaluationFramework.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="evaluation_").exists()
