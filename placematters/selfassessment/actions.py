"""Every change to the 12-step self-assessment.

A rating is recorded as a new dated row (the earlier ones stay as history), after checking the
acting member may edit the partnership's work and that the step, rating and evidence are valid;
each is written in one transaction with an audit event.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from placematters.audit.actions import audit_event_record
from placematters.partnerships.actions import require
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import Permission
from placematters.planning.content import load_steps
from placematters.selfassessment.models import Rating, StepRating

EVIDENCE_LIMIT = 5000


def _latest(partnership: Partnership, step: int) -> StepRating | None:
    return (
        StepRating.objects.filter(partnership=partnership, step=step)
        .order_by("-rated_at", "-id")
        .first()
    )


def _described(rating: StepRating | None) -> dict:
    if rating is None:
        return {}
    return {"rating": rating.get_rating_display(), "evidence": rating.evidence}


@transaction.atomic
def step_rating_record(
    *, by, partnership: Partnership, step: int, rating: str, evidence: str = ""
) -> StepRating:
    """Record the partnership's rating of one step, with the evidence for it.

    Any rating above "not started" needs evidence. When neither the rating nor the evidence
    differs from the current one nothing is written and the current row is returned, so the
    history holds only real changes.
    """
    require(partnership, by, Permission.EDIT_WORK)
    found = load_steps().step(step) if isinstance(step, int) else None
    if found is None:
        raise ValidationError({"step": "Choose one of the twelve steps"})
    errors: dict[str, str] = {}
    evidence = str(evidence or "").strip()
    if rating not in Rating.values:
        errors["rating"] = (
            f"Choose how far step {step} has got: not started, developing, established or embedded"
        )
    elif rating != Rating.NOT_STARTED and not evidence:
        errors["evidence"] = (
            f"Enter the evidence that step {step} is {Rating(rating).label.lower()}"
        )
    if len(evidence) > EVIDENCE_LIMIT:
        errors["evidence"] = f"The evidence must be {EVIDENCE_LIMIT:,} characters or fewer"
    if errors:
        raise ValidationError(errors)

    current = _latest(partnership, step)
    if current is not None and current.rating == rating and current.evidence == evidence:
        return current
    recorded = StepRating.objects.create(
        partnership=partnership, step=step, rating=rating, evidence=evidence, rated_by=by
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="step_rating.recorded",
        target=recorded,
        target_label=f"Step {found.number}: {found.title}",
        before=_described(current),
        after=_described(recorded),
    )
    return recorded
