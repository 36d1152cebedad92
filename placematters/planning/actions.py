"""Every change to the local area action plan.

Each action checks the acting member's role (editing the toolkit work), validates everything
before writing anything (links must belong to the same partnership), runs in one transaction
and records an audit event.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from placematters.analysis.models import Priority
from placematters.asset_mapping.content import load_determinants
from placematters.asset_mapping.models import Asset, Segment
from placematters.audit.actions import audit_event_record, changed_fields
from placematters.engagement.models import TargetCommunity
from placematters.logic_model.chain import CHAIN
from placematters.logic_model.models import LogicElement
from placematters.partnerships.actions import require
from placematters.partnerships.models import Membership, PartnerOrganisation, Partnership
from placematters.partnerships.permissions import Permission
from placematters.planning.content import load_steps
from placematters.planning.models import (
    ActionAllocation,
    ActionStatus,
    Intensity,
    LifeStage,
    Milestone,
    PlanAction,
)

ACTION_FIELDS = (
    "title",
    "description",
    "why",
    "priority",
    "segment",
    "assets",
    "communities",
    "determinant",
    "ihe_step",
    "life_stages",
    "logic_elements",
    "start_date",
    "due_date",
    "owner",
    "organisation",
    "intensity",
    "intensity_note",
    "status",
)
MANY = ("assets", "communities", "logic_elements")


def _text(value, limit: int | None = None) -> str:
    return " ".join(str(value or "").split()) if limit else str(value or "").strip()


def _validate_action(partnership: Partnership, values: dict, *, exclude_pk=None) -> dict:
    """Cleaned values, or a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    values = dict(values)
    values["title"] = _text(values.get("title"), 200)
    if not values["title"]:
        errors["title"] = "Enter what will be done"
    elif len(values["title"]) > 200:
        errors["title"] = "What will be done must be 200 characters or fewer"
    elif (
        PlanAction.objects.filter(partnership=partnership, title__iexact=values["title"])
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["title"] = f"There is already an action called {values['title']}"
    for field in ("description", "why"):
        values[field] = _text(values.get(field))
    values["intensity_note"] = _text(values.get("intensity_note"), 300)
    if len(values["intensity_note"]) > 300:
        errors["intensity_note"] = "The note on intensity must be 300 characters or fewer"

    priority = values.get("priority")
    if priority is not None and (
        not isinstance(priority, Priority) or priority.partnership_id != partnership.pk
    ):
        errors["priority"] = "Choose one of this partnership's priority findings"
    values["segment"] = values.get("segment") or ""
    if values["segment"] and values["segment"] not in Segment.values:
        errors["segment"] = "Choose a segment of the triangle from the list"
    assets = list(values.get("assets") or [])
    if any(asset.partnership_id != partnership.pk for asset in assets):
        errors["assets"] = "Choose assets from this partnership's register"
    values["assets"] = assets
    communities = list(values.get("communities") or [])
    if any(community.partnership_id != partnership.pk for community in communities):
        errors["communities"] = "Choose target communities of this partnership"
    values["communities"] = communities
    elements = list(values.get("logic_elements") or [])
    if any(element.partnership_id != partnership.pk for element in elements):
        errors["logic_elements"] = "Choose elements of this partnership's logic model"
    elif any(element.kind not in CHAIN for element in elements):
        errors["logic_elements"] = (
            "Choose inputs, activities, outputs, outcomes or impact: an action does not "
            "deliver an assumption or an external factor"
        )
    values["logic_elements"] = elements
    values["determinant"] = values.get("determinant") or ""
    if values["determinant"] and load_determinants().factor(values["determinant"]) is None:
        errors["determinant"] = "Choose a factor from the list of what drives health"
    step = values.get("ihe_step")
    if step in ("", None):
        values["ihe_step"] = None
    elif not isinstance(step, int) or load_steps().step(step) is None:
        errors["ihe_step"] = "Choose one of the twelve steps"

    stages = values.get("life_stages") or []
    if isinstance(stages, str) or any(stage not in LifeStage.values for stage in stages):
        errors["life_stages"] = "Choose stages of life from the list"
    else:
        values["life_stages"] = [stage for stage in LifeStage.values if stage in set(stages)]

    start, due = values.get("start_date"), values.get("due_date")
    if not isinstance(due, datetime.date):
        errors["due_date"] = "Enter the date the action is due, for example 2027-03-31"
    elif start is not None and start > due:
        errors["start_date"] = "The start date must be on or before the due date"

    owner = values.get("owner")
    if owner is not None and owner.partnership_id != partnership.pk:
        errors["owner"] = "Choose a member of this partnership"
    organisation = values.get("organisation")
    if organisation is not None and organisation.partnership_id != partnership.pk:
        errors["organisation"] = "Choose one of this partnership's organisations"
    if values.get("intensity") not in Intensity.values:
        errors["intensity"] = "Choose universal, targeted or intensive"
    if values.get("status") not in ActionStatus.values:
        errors["status"] = "Choose the action's status"
    if errors:
        raise ValidationError(errors)
    return values


def _described(action: PlanAction) -> dict:
    step = load_steps().step(action.ihe_step)
    return {
        "title": action.title,
        "description": action.description,
        "why": action.why,
        "priority": str(action.priority) if action.priority_id else "",
        "segment": action.get_segment_display() if action.segment else "",
        "assets": ", ".join(sorted(asset.name for asset in action.assets.all())),
        "communities": ", ".join(sorted(c.name for c in action.communities.all())),
        "determinant": action.determinant,
        "ihe_step": f"{step.number}. {step.title}" if step else "",
        "life_stages": ", ".join(LifeStage(stage).label for stage in action.life_stages),
        "logic_elements": ", ".join(sorted(e.title for e in action.logic_elements.all())),
        "start_date": action.start_date,
        "due_date": action.due_date,
        "owner": action.owner.user.display_name if action.owner_id else "",
        "organisation": action.organisation.name if action.organisation_id else "",
        "intensity": action.get_intensity_display(),
        "intensity_note": action.intensity_note,
        "status": action.get_status_display(),
    }


@transaction.atomic
def plan_action_add(
    *,
    by,
    partnership: Partnership,
    title: str,
    due_date: datetime.date,
    description: str = "",
    why: str = "",
    priority: Priority | None = None,
    segment: str = "",
    assets: list[Asset] | tuple = (),
    communities: list[TargetCommunity] | tuple = (),
    determinant: str = "",
    ihe_step: int | None = None,
    life_stages: list[str] | tuple = (),
    logic_elements: list[LogicElement] | tuple = (),
    start_date: datetime.date | None = None,
    owner: Membership | None = None,
    organisation: PartnerOrganisation | None = None,
    intensity: str = Intensity.UNIVERSAL,
    intensity_note: str = "",
    status: str = ActionStatus.NOT_STARTED,
) -> PlanAction:
    require(partnership, by, Permission.EDIT_WORK)
    values = _validate_action(
        partnership,
        {
            "title": title,
            "description": description,
            "why": why,
            "priority": priority,
            "segment": segment,
            "assets": assets,
            "communities": communities,
            "determinant": determinant,
            "ihe_step": ihe_step,
            "life_stages": life_stages,
            "logic_elements": logic_elements,
            "start_date": start_date,
            "due_date": due_date,
            "owner": owner,
            "organisation": organisation,
            "intensity": intensity,
            "intensity_note": intensity_note,
            "status": status,
        },
    )
    many = {key: values.pop(key) for key in MANY}
    action = PlanAction.objects.create(partnership=partnership, **values)
    for field in MANY:
        getattr(action, field).set(many[field])
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="plan_action.added",
        target=action,
        after=_described(action),
    )
    return action


@transaction.atomic
def plan_action_update(*, by, action: PlanAction, **changes) -> PlanAction:
    """Change any of the action's fields (those not given keep their value)."""
    require(action.partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"plan_action_update() got unexpected fields: {sorted(unknown)}")
    current = {
        field: list(getattr(action, field).all()) if field in MANY else getattr(action, field)
        for field in ACTION_FIELDS
    }
    values = _validate_action(action.partnership, {**current, **changes}, exclude_pk=action.pk)
    before = _described(action)
    many = {key: values.pop(key) for key in MANY}
    for field, value in values.items():
        setattr(action, field, value)
    action.save()
    for field in MANY:
        getattr(action, field).set(many[field])
    old, new = changed_fields(before, _described(action))
    if new:
        audit_event_record(
            by=by,
            partnership=action.partnership,
            verb="plan_action.updated",
            target=action,
            before=old,
            after=new,
        )
    return action


@transaction.atomic
def plan_action_remove(*, by, action: PlanAction) -> None:
    require(action.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=action.partnership,
        verb="plan_action.removed",
        target=action,
        before=_described(action),
    )
    action.delete()


# --- Milestones --------------------------------------------------------------------------------


@transaction.atomic
def plan_milestone_add(
    *, by, action: PlanAction, title: str, due_date: datetime.date, done: bool = False
) -> Milestone:
    require(action.partnership, by, Permission.EDIT_WORK)
    errors = {}
    title = _text(title, 200)
    if not title:
        errors["title"] = "Enter the milestone"
    elif len(title) > 200:
        errors["title"] = "The milestone must be 200 characters or fewer"
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = "Enter the date of the milestone, for example 2027-01-31"
    if errors:
        raise ValidationError(errors)
    milestone = Milestone.objects.create(
        action=action, title=title, due_date=due_date, done=bool(done)
    )
    audit_event_record(
        by=by,
        partnership=action.partnership,
        verb="plan_milestone.added",
        target=action,
        after={"milestone": title, "due_date": due_date, "done": "Yes" if done else "No"},
    )
    return milestone


@transaction.atomic
def plan_milestone_set_done(*, by, milestone: Milestone, done: bool) -> Milestone:
    action = milestone.action
    require(action.partnership, by, Permission.EDIT_WORK)
    if milestone.done != bool(done):
        before = {"milestone": milestone.title, "done": "Yes" if milestone.done else "No"}
        milestone.done = bool(done)
        milestone.save(update_fields=["done"])
        audit_event_record(
            by=by,
            partnership=action.partnership,
            verb="plan_milestone.updated",
            target=action,
            before=before,
            after={"milestone": milestone.title, "done": "Yes" if done else "No"},
        )
    return milestone


@transaction.atomic
def plan_milestone_remove(*, by, milestone: Milestone) -> None:
    action = milestone.action
    require(action.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=action.partnership,
        verb="plan_milestone.removed",
        target=action,
        before={"milestone": milestone.title, "due_date": milestone.due_date},
    )
    milestone.delete()


# --- Allocations (proportionate universalism) ---------------------------------------------------


def _allocation_errors(
    action, basis: str, measure_label: str, geography: str, total, rows, parameters
) -> dict:
    errors = {}
    if not isinstance(action, PlanAction):
        errors["action"] = "Choose the action to attach the allocation to"
    if not basis or not measure_label or not geography:
        errors["__all__"] = "The allocation has no basis: work it out again in the calculator"
    if not isinstance(total, int | float) or total <= 0:
        errors["__all__"] = "The allocation has no total: work it out again in the calculator"
    well_formed = isinstance(rows, list) and all(
        isinstance(row, list | tuple)
        and len(row) == 5
        and all(isinstance(cell, str) for cell in row[:2])
        and all(isinstance(cell, int | float) for cell in row[2:])
        for row in rows
    )
    if not rows or not well_formed:
        errors["__all__"] = "The allocation has no areas: work it out again in the calculator"
    if not isinstance(parameters, dict):
        errors["__all__"] = "The allocation's settings are missing: work it out again"
    if not errors and action.allocations.filter(parameters=parameters).exists():
        errors["action"] = f"This allocation is already attached to {action.title}"
    return errors


@transaction.atomic
def plan_allocation_attach(
    *,
    by,
    action: PlanAction,
    basis: str,
    measure_label: str,
    geography: str,
    total: float,
    rows: list[list],
    parameters: dict,
) -> ActionAllocation:
    """Attach a proportionate-universalism allocation (worked out by the calculator in
    ``placematters.analysis``) to an action, as it stands now."""
    if isinstance(action, PlanAction):
        require(action.partnership, by, Permission.EDIT_WORK)
    basis, measure_label, geography = _text(basis), _text(measure_label), _text(geography)
    errors = _allocation_errors(action, basis, measure_label, geography, total, rows, parameters)
    if errors:
        raise ValidationError(errors)
    attached = ActionAllocation.objects.create(
        action=action,
        basis=basis,
        measure_label=measure_label[:300],
        geography=geography[:60],
        total=float(total),
        parameters=parameters,
        rows=[list(row) for row in rows],
        created_by=by,
    )
    audit_event_record(
        by=by,
        partnership=action.partnership,
        verb="plan_allocation.attached",
        target=action,
        after={"allocation": basis, "areas": len(rows)},
    )
    return attached


@transaction.atomic
def plan_allocation_remove(*, by, allocation: ActionAllocation) -> None:
    action = allocation.action
    require(action.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=action.partnership,
        verb="plan_allocation.removed",
        target=action,
        before={"allocation": allocation.basis},
    )
    allocation.delete()
