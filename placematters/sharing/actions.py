"""Every change to the good-practice bank and to the comparison choice.

Owners publish and withdraw (each audited in their partnership); anyone who may change a plan
may use a published plan as a template for it (audited in the partnership it is copied into).
Everything is validated before anything is written, in one transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from placematters.asset_mapping.content import load_determinants
from placematters.asset_mapping.models import Segment
from placematters.audit.actions import audit_event_record
from placematters.partnerships.actions import require
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import Permission
from placematters.planning import actions as planning_actions
from placematters.planning.content import load_steps
from placematters.planning.models import Intensity, LifeStage, PlanAction
from placematters.sharing import redaction
from placematters.sharing.models import AreaType, ComparisonChoice, Publication, PublicationKind

CASE_STUDY_FIELDS = ("problem", "approach", "actions_taken", "measures_used", "results")
CASE_STUDY_REQUIRED = {
    "problem": "Enter the problem the work set out to tackle",
    "approach": "Enter the approach the partnership took",
    "results": "Enter the results so far, or say that it is too early to tell",
}
MAX_TARGET_GROUPS = 10


def _text(value) -> str:
    return str(value or "").strip()


def target_group_labels(value) -> list[str]:
    """Target groups from a comma-separated string or a list: trimmed, blank ones dropped,
    repeats (in any case) dropped, in the order given."""
    parts = value.split(",") if isinstance(value, str) else list(value or [])
    labels: list[str] = []
    for part in parts:
        label = " ".join(str(part).split())
        if label and label.lower() not in {held.lower() for held in labels}:
            labels.append(label)
    return labels


def _validate(values: dict) -> dict:
    """Cleaned values of a publication, or a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    values = dict(values)
    kind = values.get("kind")
    if kind not in PublicationKind.values:
        errors["kind"] = "Choose a case study, the action plan or the logic model"
    values["title"] = " ".join(_text(values.get("title")).split())
    if not values["title"]:
        errors["title"] = "Enter a title"
    elif len(values["title"]) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    values["summary"] = _text(values.get("summary"))
    if not values["summary"]:
        errors["summary"] = "Enter a short summary of what others can learn from it"
    for name in CASE_STUDY_FIELDS:
        values[name] = _text(values.get(name)) if kind == PublicationKind.CASE_STUDY else ""
    values["contact"] = _text(values.get("contact")) if kind == PublicationKind.CASE_STUDY else ""
    if len(values["contact"]) > 300:
        errors["contact"] = "The contact must be 300 characters or fewer"
    if kind == PublicationKind.CASE_STUDY:
        for name, message in CASE_STUDY_REQUIRED.items():
            if not values[name]:
                errors[name] = message
    values["determinant"] = values.get("determinant") or ""
    if values["determinant"] and load_determinants().factor(values["determinant"]) is None:
        errors["determinant"] = "Choose a factor from the list of what drives health"
    values["segment"] = values.get("segment") or ""
    if values["segment"] and values["segment"] not in Segment.values:
        errors["segment"] = "Choose a segment of the triangle from the list"
    values["area_type"] = values.get("area_type") or ""
    if values["area_type"] and values["area_type"] not in AreaType.values:
        errors["area_type"] = "Choose rural district, coastal, urban or county"
    values["target_groups"] = target_group_labels(values.get("target_groups"))
    if len(values["target_groups"]) > MAX_TARGET_GROUPS:
        errors["target_groups"] = f"Enter {MAX_TARGET_GROUPS} target groups or fewer"
    elif any(len(label) > 100 for label in values["target_groups"]):
        errors["target_groups"] = "Each target group must be 100 characters or fewer"
    content = values.get("content") or {}
    if kind == PublicationKind.PLAN and not content.get("actions"):
        errors["kind"] = "The action plan has no actions yet, so there is nothing to publish"
    elif kind == PublicationKind.LOGIC_MODEL and not content.get("elements"):
        errors["kind"] = "The logic model has no elements yet, so there is nothing to publish"
    values["content"] = content if kind != PublicationKind.CASE_STUDY else {}
    if errors:
        raise ValidationError(errors)
    return values


def publication_check(*, by, partnership: Partnership, **values) -> dict:
    """Check a publication before its preview (owners only): the cleaned values, or a
    ValidationError. Nothing is written."""
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    return _validate(values)


@transaction.atomic
def publication_publish(*, by, partnership: Partnership, confirmed: bool, **values) -> Publication:
    """Publish to the bank what the owner saw in the preview, once they confirm it."""
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    values = _validate(values)
    if not confirmed:
        raise ValidationError({"confirm": "Confirm that you have checked what will be published"})
    publication = Publication.objects.create(partnership=partnership, published_by=by, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="publication.published",
        target=publication,
        after={"kind": publication.get_kind_display(), "title": publication.title},
    )
    return publication


@transaction.atomic
def publication_withdraw(*, by, publication: Publication) -> Publication:
    """Take a publication out of the bank (it stays in the partnership's own list)."""
    require(publication.partnership, by, Permission.MANAGE_PARTNERSHIP)
    if publication.withdrawn:
        raise ValidationError("This publication has already been withdrawn from the bank")
    publication.withdrawn, publication.withdrawn_on = True, timezone.now()
    publication.save(update_fields=["withdrawn", "withdrawn_on"])
    audit_event_record(
        by=by,
        partnership=publication.partnership,
        verb="publication.withdrawn",
        target=publication,
        before={"in the bank": "Yes"},
        after={"in the bank": "No"},
    )
    return publication


def _copied_values(item: dict) -> dict:
    """A published action's fields that still make sense here (unknown keys are dropped)."""
    determinant = item.get("determinant") or ""
    if determinant and load_determinants().factor(determinant) is None:
        determinant = ""
    step = item.get("ihe_step")
    if not isinstance(step, int) or load_steps().step(step) is None:
        step = None
    intensity = item.get("intensity")
    return {
        "description": _text(item.get("description")),
        "why": _text(item.get("why")),
        "segment": item.get("segment") if item.get("segment") in Segment.values else "",
        "determinant": determinant,
        "intensity": intensity if intensity in Intensity.values else Intensity.UNIVERSAL,
        "life_stages": [s for s in item.get("life_stages") or [] if s in LifeStage.values],
        "ihe_step": step,
    }


@transaction.atomic
def publication_use_as_template(
    *, by, publication: Publication, partnership: Partnership, today: datetime.date | None = None
) -> list[PlanAction]:
    """Copy a published plan's actions into ``partnership``'s plan as new actions: not started,
    no owner, due dates counted from today, titles made unique in the plan."""
    require(partnership, by, Permission.EDIT_WORK)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.withdrawn:
        raise ValidationError("This publication has been withdrawn, so it cannot be copied")
    if publication.kind != PublicationKind.PLAN:
        raise ValidationError("Only a published action plan can be used as a template")
    today = today or timezone.localdate()
    taken = set(PlanAction.objects.filter(partnership=partnership).values_list("title", flat=True))
    created = []
    for item in publication.content.get("actions", []):
        title = redaction.unique_title(" ".join(_text(item.get("title")).split()), taken)
        taken.add(title)
        due = redaction.dated(item.get("due_after_days"), today) or today
        start = redaction.dated(item.get("starts_after_days"), today)
        action = planning_actions.plan_action_add(
            by=by,
            partnership=partnership,
            title=title,
            due_date=due,
            start_date=start if start is None or start <= due else None,
            **_copied_values(item),
        )
        for milestone in item.get("milestones", []):
            planning_actions.plan_milestone_add(
                by=by,
                action=action,
                title=_text(milestone.get("title")) or "Milestone",
                due_date=redaction.dated(milestone.get("due_after_days"), today) or due,
            )
        created.append(action)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="publication.used_as_template",
        target=publication,
        after={
            "copied from": publication.partnership.name,
            "actions added": len(created),
        },
    )
    return created


@transaction.atomic
def comparison_choice_set(*, by, partnership: Partnership, opted_in: bool) -> ComparisonChoice:
    """Opt the partnership in to the comparison of localities, or out of it (owners only)."""
    require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    choice, _created = ComparisonChoice.objects.get_or_create(partnership=partnership)
    if choice.opted_in != bool(opted_in):
        before = {"in the comparison": "Yes" if choice.opted_in else "No"}
        choice.opted_in = bool(opted_in)
        choice.save(update_fields=["opted_in", "updated_at"])
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="comparison.opted_in" if opted_in else "comparison.opted_out",
            target_type="comparison_choice",
            before=before,
            after={"in the comparison": "Yes" if opted_in else "No"},
        )
    return choice
