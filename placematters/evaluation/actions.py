"""Every change to the evaluation framework.

Each action checks the acting member's role (editors change entries and the framework record;
only owners agree it or reopen it), validates everything before writing anything (the outcome,
measure, indicator and responsible member must all belong to the partnership), runs in one
transaction and records an audit event.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.evaluation.checks import EVALUATED
from placematters.evaluation.models import (
    Design,
    EvaluationEntry,
    EvaluationFramework,
    Frequency,
    Resources,
    Status,
)
from placematters.logic_model.models import LogicElement
from placematters.measures.models import Measure, ResultIndicator
from placematters.partnerships.actions import require
from placematters.partnerships.models import Membership, Partnership
from placematters.partnerships.permissions import Permission

ENTRY_FIELDS = (
    "measure",
    "indicator",
    "data_source",
    "baseline",
    "target",
    "frequency",
    "responsible",
    "questions",
    "soft_outcomes",
    "breakdown_groups",
    "resources",
    "resources_note",
)
FRAMEWORK_FIELDS = ("design", "design_notes", "review_when", "review_by", "sharing")
LINES = {
    "data_source": "The data source",
    "baseline": "The baseline",
    "target": "The target",
    "breakdown_groups": "The groups",
    "review_when": "When results are reviewed",
    "review_by": "Who reviews the results",
}
TEXTS = ("questions", "soft_outcomes", "resources_note", "design_notes", "sharing")


def _one_line(value) -> str:
    return " ".join(str(value or "").split())


def _clean_texts(values: dict, errors: dict[str, str]) -> None:
    for field in values:
        if field in LINES:
            values[field] = _one_line(values[field])
            if len(values[field]) > 300:
                errors[field] = f"{LINES[field]} must be 300 characters or fewer"
        elif field in TEXTS:
            values[field] = str(values[field] or "").strip()


def _validate_entry(partnership: Partnership, outcome, values: dict) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    if (
        not isinstance(outcome, LogicElement)
        or outcome.partnership_id != partnership.pk
        or outcome.kind not in EVALUATED
    ):
        raise ValidationError(
            {"outcome": "Choose an outcome or impact from this partnership's logic model"}
        )
    measure = values.get("measure")
    if measure is not None and (
        not isinstance(measure, Measure) or measure.partnership_id != partnership.pk
    ):
        errors["measure"] = "Choose one of this partnership's performance measures"
    indicator = values.get("indicator")
    if indicator is not None and (
        not isinstance(indicator, ResultIndicator)
        or not ResultIndicator.objects.filter(
            pk=indicator.pk, result__partnership=partnership
        ).exists()
    ):
        errors["indicator"] = (
            "Choose one of the indicators of this partnership's population results"
        )
    responsible = values.get("responsible")
    if responsible is not None and (
        not isinstance(responsible, Membership) or responsible.partnership_id != partnership.pk
    ):
        errors["responsible"] = "Choose a member of this partnership as the person responsible"
    values["frequency"] = values.get("frequency") or ""
    if values["frequency"] and values["frequency"] not in Frequency.values:
        errors["frequency"] = "Choose how often the figure will be looked at"
    if values.get("resources") not in Resources.values:
        errors["resources"] = "Choose whether the resources named are enough"
    _clean_texts(values, errors)
    if errors:
        raise ValidationError(errors)
    return values


def _entry_described(entry: EvaluationEntry) -> dict:
    return {
        "outcome": entry.outcome.title,
        "measure": entry.measure.name if entry.measure_id else "",
        "indicator": str(entry.indicator) if entry.indicator_id else "",
        "data_source": entry.data_source,
        "baseline": entry.baseline,
        "target": entry.target,
        "frequency": entry.get_frequency_display() if entry.frequency else "",
        "responsible": entry.responsible.user.display_name if entry.responsible_id else "",
        "questions": entry.questions,
        "soft_outcomes": entry.soft_outcomes,
        "breakdown_groups": entry.breakdown_groups,
        "resources": entry.get_resources_display(),
        "resources_note": entry.resources_note,
    }


@transaction.atomic
def evaluation_entry_save(
    *, by, partnership: Partnership, outcome: LogicElement, **values
) -> EvaluationEntry:
    """Create the outcome's evaluation entry, or change it (fields not given keep their value)."""
    require(partnership, by, Permission.EDIT_WORK)
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"evaluation_entry_save() got unexpected fields: {sorted(unknown)}")
    entry = (
        EvaluationEntry.objects.filter(partnership=partnership, outcome=outcome).first()
        if isinstance(outcome, LogicElement)
        else None
    )
    if entry is None:
        current = dict.fromkeys(ENTRY_FIELDS, "")
        current.update(
            measure=None, indicator=None, responsible=None, resources=Resources.UNCHECKED
        )
    else:
        current = {field: getattr(entry, field) for field in ENTRY_FIELDS}
    cleaned = _validate_entry(partnership, outcome, {**current, **values})
    adding = entry is None
    before = {} if adding else _entry_described(entry)
    if adding:
        entry = EvaluationEntry(partnership=partnership, outcome=outcome)
    for field, value in cleaned.items():
        setattr(entry, field, value)
    entry.save()
    old, new = changed_fields(before, _entry_described(entry))
    if adding or new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="evaluation_entry.added" if adding else "evaluation_entry.updated",
            target=entry,
            target_label=outcome.title,
            before=old if not adding else None,
            after=_entry_described(entry) if adding else new,
        )
    return entry


@transaction.atomic
def evaluation_entry_remove(*, by, entry: EvaluationEntry) -> None:
    require(entry.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=entry.partnership,
        verb="evaluation_entry.removed",
        target=entry,
        target_label=entry.outcome.title,
        before=_entry_described(entry),
    )
    entry.delete()


# --- The framework record ------------------------------------------------------------------


def _framework_described(framework: EvaluationFramework) -> dict:
    return {
        "design": framework.get_design_display() if framework.design else "",
        "design_notes": framework.design_notes,
        "review_when": framework.review_when,
        "review_by": framework.review_by,
        "sharing": framework.sharing,
        "status": framework.get_status_display(),
        "agreed_on": framework.agreed_on,
        "agreed_by": framework.agreed_by.user.display_name if framework.agreed_by_id else "",
    }


def _framework(partnership: Partnership) -> EvaluationFramework:
    found = EvaluationFramework.objects.filter(partnership=partnership).first()
    return found or EvaluationFramework(partnership=partnership)


@transaction.atomic
def evaluation_framework_update(*, by, partnership: Partnership, **values) -> EvaluationFramework:
    """Record the design and the review and sharing arrangements; fields not given keep their
    value. An agreed framework stays agreed: the activity record shows what changed after."""
    require(partnership, by, Permission.EDIT_WORK)
    unknown = set(values) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise TypeError(f"evaluation_framework_update() got unexpected fields: {sorted(unknown)}")
    framework = _framework(partnership)
    cleaned = {**{field: getattr(framework, field) for field in FRAMEWORK_FIELDS}, **values}
    errors: dict[str, str] = {}
    cleaned["design"] = cleaned.get("design") or ""
    if cleaned["design"] and cleaned["design"] not in Design.values:
        errors["design"] = "Choose how the partnership will tell whether the plan made a difference"
    _clean_texts(cleaned, errors)
    if errors:
        raise ValidationError(errors)
    before = _framework_described(framework) if framework.pk else {}
    for field, value in cleaned.items():
        setattr(framework, field, value)
    framework.save()
    old, new = changed_fields(before, _framework_described(framework))
    if new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="evaluation_framework.updated",
            target=framework,
            target_label="the evaluation framework",
            before=old,
            after=new,
        )
    return framework


@transaction.atomic
def evaluation_framework_agree(
    *, by, partnership: Partnership, agreed_on: datetime.date
) -> EvaluationFramework:
    """Mark the framework agreed on a date (owners only). It needs at least one entry."""
    membership = require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    framework = _framework(partnership)
    errors: dict[str, str] = {}
    if not isinstance(agreed_on, datetime.date):
        errors["agreed_on"] = "Enter the date the partnership agreed the framework"
    elif agreed_on > timezone.localdate():
        errors["agreed_on"] = "The date the framework was agreed must be today or in the past"
    if framework.status == Status.AGREED:
        errors["__all__"] = "The evaluation framework is already agreed"
    elif not EvaluationEntry.objects.filter(partnership=partnership).exists():
        errors["__all__"] = (
            "Add an evaluation entry for at least one outcome before agreeing the framework"
        )
    if errors:
        raise ValidationError(errors)
    before = _framework_described(framework) if framework.pk else {}
    framework.status, framework.agreed_on, framework.agreed_by = (
        Status.AGREED,
        agreed_on,
        membership,
    )
    framework.save()
    old, new = changed_fields(before, _framework_described(framework))
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="evaluation_framework.agreed",
        target=framework,
        target_label="the evaluation framework",
        before=old,
        after=new,
    )
    return framework


@transaction.atomic
def evaluation_framework_reopen(*, by, partnership: Partnership) -> EvaluationFramework:
    """Return an agreed framework to draft (owners only), clearing who agreed it and when."""
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    framework = _framework(partnership)
    if framework.status != Status.AGREED:
        raise ValidationError(
            "The evaluation framework is not agreed, so there is nothing to reopen"
        )
    before = _framework_described(framework)
    framework.status, framework.agreed_on, framework.agreed_by = Status.DRAFT, None, None
    framework.save()
    old, new = changed_fields(before, _framework_described(framework))
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="evaluation_framework.reopened",
        target=framework,
        target_label="the evaluation framework",
        before=old,
        after=new,
    )
    return framework
