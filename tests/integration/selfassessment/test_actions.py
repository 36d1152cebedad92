"""Rating a step: role checks, validation with nothing half-saved, history kept, audit."""

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.partnerships.permissions import NotAllowed
from placematters.selfassessment import actions
from placematters.selfassessment.models import StepRating

pytestmark = pytest.mark.django_db


def test_an_editor_rates_a_step_with_evidence_and_it_is_audited(editor, partnership):
    recorded = actions.step_rating_record(
        by=editor,
        partnership=partnership,
        step=8,
        rating="established",
        evidence="  Council, ICB and VCSE leads sign the partnership agreement.  ",
    )
    assert recorded.step == 8 and recorded.rating == "established"
    assert recorded.evidence == "Council, ICB and VCSE leads sign the partnership agreement."
    assert recorded.rated_by == editor and recorded.rated_at is not None
    event = AuditEvent.objects.get(verb="step_rating.recorded")
    assert event.partnership == partnership and event.actor == editor
    assert event.target_label == "Step 8: Partnerships across sectors"
    assert event.before == {} and event.after["rating"] == "Established"
    assert "step_rating.recorded" in VERB_PHRASES


def test_each_change_is_a_new_dated_row_and_the_earlier_ones_are_kept(owner, partnership):
    first = actions.step_rating_record(
        by=owner, partnership=partnership, step=2, rating="developing", evidence="JSNA chapter"
    )
    second = actions.step_rating_record(
        by=owner, partnership=partnership, step=2, rating="established", evidence="Ward profiles"
    )
    rows = list(StepRating.objects.filter(partnership=partnership, step=2))
    assert rows == [second, first]  # newest first
    assert second.rated_at >= first.rated_at
    event = AuditEvent.objects.filter(verb="step_rating.recorded").latest("id")
    assert event.before == {"rating": "Developing", "evidence": "JSNA chapter"}
    assert event.after == {"rating": "Established", "evidence": "Ward profiles"}


def test_saving_the_same_rating_and_evidence_again_adds_nothing(owner, partnership):
    first = actions.step_rating_record(
        by=owner, partnership=partnership, step=5, rating="developing", evidence="One policy"
    )
    again = actions.step_rating_record(
        by=owner, partnership=partnership, step=5, rating="developing", evidence="One policy "
    )
    assert again == first
    assert StepRating.objects.filter(partnership=partnership, step=5).count() == 1
    assert AuditEvent.objects.filter(verb="step_rating.recorded").count() == 1


@pytest.mark.parametrize(
    ("step", "rating", "evidence", "field", "message"),
    [
        (3, "brilliant", "x", "rating", "Choose how far step 3 has got"),
        (3, "", "x", "rating", "Choose how far step 3 has got"),
        (4, "embedded", "   ", "evidence", "Enter the evidence that step 4 is embedded"),
        (4, "developing", "x" * 5001, "evidence", "5,000 characters or fewer"),
        (13, "developing", "x", "step", "Choose one of the twelve steps"),
        (0, "developing", "x", "step", "Choose one of the twelve steps"),
    ],
)
def test_bad_input_is_refused_with_a_specific_message_and_nothing_saved(
    owner, partnership, step, rating, evidence, field, message
):
    with pytest.raises(ValidationError) as refused:
        actions.step_rating_record(
            by=owner, partnership=partnership, step=step, rating=rating, evidence=evidence
        )
    assert message in refused.value.message_dict[field][0]
    assert not StepRating.objects.exists()
    assert not AuditEvent.objects.filter(verb="step_rating.recorded").exists()


def test_not_started_needs_no_evidence(owner, partnership):
    recorded = actions.step_rating_record(
        by=owner, partnership=partnership, step=12, rating="not_started"
    )
    assert recorded.evidence == ""


def test_a_viewer_cannot_rate_a_step(viewer, partnership):
    with pytest.raises(NotAllowed):
        actions.step_rating_record(
            by=viewer, partnership=partnership, step=1, rating="developing", evidence="x"
        )
    assert not StepRating.objects.exists()


def test_a_member_of_another_partnership_cannot_rate_this_partnerships_steps(outsider, partnership):
    with pytest.raises(NotAllowed):
        actions.step_rating_record(
            by=outsider, partnership=partnership, step=1, rating="embedded", evidence="x"
        )
    assert not StepRating.objects.filter(partnership=partnership).exists()
