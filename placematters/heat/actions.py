"""Every change to a health equity assessment (HEAT).

Each action checks the acting member's role (editing the toolkit work), validates everything
before writing anything, runs in one transaction and records an audit event. A step saved with
``finished=False`` is a draft; ``finished=True`` also checks the step is complete enough to move
on. A complete assessment is not changed again: a review (a copy linked to it) is started
instead, so the before-and-after comparison holds.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from placematters.audit.actions import audit_event_record
from placematters.engagement.queries import communities
from placematters.heat import queries
from placematters.heat.content import load_heat
from placematters.heat.models import Assessment, AssessmentStatus, Effect, Finding, Impact
from placematters.partnerships.actions import require
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import Permission
from placematters.planning import actions as planning_actions
from placematters.planning import queries as planning_queries

TEXT_LIMIT = 2000
GAP_ACTION_DAYS = 90
DIMENSIONS = dict(load_heat().dimensions)


def _line(value) -> str:
    return " ".join(str(value or "").split())


def _text(value) -> str:
    return str(value or "").strip()


def _check_title(partnership, title: str, errors: dict, exclude_pk=None) -> str:
    title = _line(title)
    if not title:
        errors["title"] = "Enter a title for the assessment"
    elif len(title) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    elif (
        Assessment.objects.filter(partnership=partnership, title__iexact=title)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["title"] = f"There is already an assessment called {title}"
    return title


def _check_long(values: dict, errors: dict, labels: dict) -> dict:
    cleaned = {}
    for field, label in labels.items():
        cleaned[field] = _text(values.get(field))
        if len(cleaned[field]) > TEXT_LIMIT:
            errors[field] = f"{label} must be {TEXT_LIMIT} characters or fewer"
    return cleaned


def _editable(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.COMPLETE:
        raise ValidationError(
            "This assessment is complete. Start a review to record what has changed."
        )


def _mark(assessment: Assessment, step: str, finished: bool) -> None:
    assessment.steps = {**assessment.steps, step: "done" if finished else "draft"}


def _audit(by, assessment: Assessment, verb: str, after: dict) -> None:
    audit_event_record(
        by=by, partnership=assessment.partnership, verb=verb, target=assessment, after=after
    )


@transaction.atomic
def heat_assessment_start(
    *, by, partnership: Partnership, title: str, programme: str = ""
) -> Assessment:
    require(partnership, by, Permission.EDIT_WORK)
    errors: dict[str, str] = {}
    title = _check_title(partnership, title, errors)
    programme = _line(programme)
    if len(programme) > 200:
        errors["programme"] = "The programme's name must be 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        partnership=partnership, title=title, programme=programme
    )
    _audit(
        by, assessment, "heat_assessment.started",
        {"title": title, "assesses": programme or "The action plan"},
    )  # fmt: skip
    return assessment


PREPARE_LABELS = {
    "description": "The description of the work",
    "involved": "Who is involved",
    "evidence": "The data and evidence",
}


@transaction.atomic
def heat_prepare_save(
    *,
    by,
    assessment: Assessment,
    title: str,
    programme: str = "",
    description: str = "",
    involved: str = "",
    evidence: str = "",
    finished: bool = False,
) -> Assessment:
    """Step 1, Prepare: the work assessed and who is assessing it."""
    require(assessment.partnership, by, Permission.EDIT_WORK)
    _editable(assessment)
    errors: dict[str, str] = {}
    title = _check_title(assessment.partnership, title, errors, exclude_pk=assessment.pk)
    programme = _line(programme)
    if len(programme) > 200:
        errors["programme"] = "The programme's name must be 200 characters or fewer"
    values = _check_long(
        {"description": description, "involved": involved, "evidence": evidence},
        errors,
        PREPARE_LABELS,
    )
    if finished and not values["description"] and "description" not in errors:
        errors["description"] = "Describe the work being assessed before you continue"
    if errors:
        raise ValidationError(errors)
    assessment.title, assessment.programme = title, programme
    for field, value in values.items():
        setattr(assessment, field, value)
    _mark(assessment, "prepare", finished)
    assessment.save()
    _audit(by, assessment, "heat_step.saved", {"step": "Prepare", "finished": _yes(finished)})
    return assessment


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


@transaction.atomic
def heat_grid_save(
    *, by, assessment: Assessment, cells: dict, finished: bool = False
) -> Assessment:
    """Step 2, Assess: ``cells`` maps (group key, dimension) to (finding text, HEAT priority).

    Cells not given keep what they hold; an empty cell that is not a priority is removed (a
    cell marked "no data" keeps its flag and its data-gap action)."""
    require(assessment.partnership, by, Permission.EDIT_WORK)
    _editable(assessment)
    titles = queries.group_titles(assessment.partnership, assessment)
    errors: dict[str, str] = {}
    cleaned = {}
    for (group, dimension), (text, is_priority) in cells.items():
        field = f"{group}__{dimension}"
        if group not in titles or dimension not in DIMENSIONS:
            errors[field] = "Choose a group and a dimension from the grid"
            continue
        text = _text(text)
        label = f"{titles[group]}, {DIMENSIONS[dimension].lower()}"
        if len(text) > TEXT_LIMIT:
            errors[field] = f"The finding for {label} must be {TEXT_LIMIT} characters or fewer"
        elif is_priority and not text:
            errors[field] = f"Write the finding for {label} before marking it as a HEAT priority"
        cleaned[(group, dimension)] = (text, bool(is_priority))
    held = queries.grid(assessment.partnership, assessment)
    if finished and not errors:
        filled = {key for key, (text, _p) in cleaned.items() if text}
        filled |= {key for key, cell in held.items() if key not in cleaned and cell.text}
        if not filled:
            errors["__all__"] = "Write at least one finding in the grid before you continue"
    if errors:
        raise ValidationError(errors)
    for key, (text, is_priority) in cleaned.items():
        cell = held.get(key)
        if cell is None:
            if text:
                Finding.objects.create(
                    assessment=assessment, group=key[0], group_title=titles[key[0]],
                    dimension=key[1], text=text, is_priority=is_priority,
                )  # fmt: skip
        elif not text and not cell.no_data:
            cell.delete()
        elif (cell.text, cell.is_priority) != (text, is_priority):
            cell.text, cell.is_priority = text, is_priority
            cell.save(update_fields=["text", "is_priority"])
    _mark(assessment, "assess", finished)
    assessment.save()
    _audit(by, assessment, "heat_step.saved", {"step": "Assess", "finished": _yes(finished)})
    return assessment


@transaction.atomic
def heat_refine_save(
    *,
    by,
    assessment: Assessment,
    impacts: dict,
    changes: str = "",
    measures: str = "",
    finished: bool = False,
) -> Assessment:
    """Step 3, Refine and apply: ``impacts`` maps a group key to (effect, mitigation) or to
    (effect, mitigation, mitigating actions); actions not given keep the links they have."""
    require(assessment.partnership, by, Permission.EDIT_WORK)
    _editable(assessment)
    titles = queries.group_titles(assessment.partnership, assessment)
    errors: dict[str, str] = {}
    values = _check_long(
        {"changes": changes, "measures": measures},
        errors,
        {"changes": "What you will change", "measures": "How you will measure it"},
    )
    cleaned = {}
    for group, given in impacts.items():
        effect, mitigation = given[0], given[1]
        linked = list(given[2]) if len(given) > 2 else None
        if group not in titles:
            errors[f"{group}__effect"] = "Choose a group from the list"
            continue
        effect = effect or Effect.UNKNOWN
        if effect not in Effect.values:
            errors[f"{group}__effect"] = (
                f"Choose widen, narrow, no change or unknown for {titles[group]}"
            )
        mitigation = _text(mitigation)
        if len(mitigation) > TEXT_LIMIT:
            errors[f"{group}__mitigation"] = (
                f"The mitigation for {titles[group]} must be {TEXT_LIMIT} characters or fewer"
            )
        if linked and any(a.partnership_id != assessment.partnership_id for a in linked):
            errors[f"{group}__actions"] = "Choose actions from this partnership's action plan"
        cleaned[group] = (effect, mitigation, linked)
    if finished and not values["changes"] and "changes" not in errors:
        errors["changes"] = (
            "Say what you will change to reduce the inequalities before you continue"
        )
    if errors:
        raise ValidationError(errors)
    held = queries.impacts(assessment.partnership, assessment)
    relinked = []
    for group, (effect, mitigation, linked) in cleaned.items():
        impact = held.get(group)
        kept = list(impact.mitigating_actions.all()) if impact is not None else []
        linked = kept if linked is None else linked
        if {a.pk for a in kept} != {a.pk for a in linked}:
            names = ", ".join(sorted(a.title for a in linked)) or "none"
            relinked.append(f"{titles[group]}: {names}")
        if impact is None:
            if effect != Effect.UNKNOWN or mitigation or linked:
                impact = Impact.objects.create(
                    assessment=assessment, group=group, group_title=titles[group],
                    effect=effect, mitigation=mitigation,
                )  # fmt: skip
                impact.mitigating_actions.set(linked)
        elif effect == Effect.UNKNOWN and not mitigation and not linked:
            impact.delete()
        else:
            if (impact.effect, impact.mitigation) != (effect, mitigation):
                impact.effect, impact.mitigation = effect, mitigation
                impact.save(update_fields=["effect", "mitigation"])
            if {a.pk for a in kept} != {a.pk for a in linked}:
                impact.mitigating_actions.set(linked)
    assessment.changes, assessment.measures = values["changes"], values["measures"]
    _mark(assessment, "refine", finished)
    assessment.save()
    after = {"step": "Refine and apply", "finished": _yes(finished)}
    if relinked:
        after["mitigating_actions"] = "; ".join(relinked)
    _audit(by, assessment, "heat_step.saved", after)
    return assessment


@transaction.atomic
def heat_review_save(
    *,
    by,
    assessment: Assessment,
    reviewer: str = "",
    review_notes: str = "",
    finished: bool = False,
    today: datetime.date | None = None,
) -> Assessment:
    """Step 4, Review: who reviews it and the notes; finishing completes the assessment (every
    earlier step must be finished) and sets the 6- and 12-month review reminders."""
    require(assessment.partnership, by, Permission.EDIT_WORK)
    _editable(assessment)
    errors: dict[str, str] = {}
    reviewer = _line(reviewer)
    if len(reviewer) > 200:
        errors["reviewer"] = "The reviewer's name must be 200 characters or fewer"
    values = _check_long({"review_notes": review_notes}, errors, {"review_notes": "The notes"})
    if finished:
        if not reviewer and "reviewer" not in errors:
            errors["reviewer"] = "Enter who will review the assessment"
        missing = [
            step.title
            for step in load_heat().steps
            if step.key != "review" and assessment.steps.get(step.key) != "done"
        ]
        if missing:
            errors["__all__"] = (
                f"Finish these steps before completing the assessment: {', '.join(missing)}"
            )
    if errors:
        raise ValidationError(errors)
    assessment.reviewer, assessment.review_notes = reviewer, values["review_notes"]
    _mark(assessment, "review", finished)
    if finished:
        assessment.status = AssessmentStatus.COMPLETE
        assessment.completed_on = today or timezone.localdate()
    assessment.save()
    if finished:
        _audit(
            by, assessment, "heat_assessment.completed",
            {"title": assessment.title, "completed_on": assessment.completed_on},
        )  # fmt: skip
    else:
        _audit(by, assessment, "heat_step.saved", {"step": "Review", "finished": "No"})
    return assessment


@transaction.atomic
def heat_gap_action_add(
    *, by, assessment: Assessment, group: str, dimension: str, today: datetime.date | None = None
):
    """Mark a cell "no data" and add an action to the plan to fill the gap; its Why names the
    HEAT gap. Returns the plan action."""
    partnership = assessment.partnership
    require(partnership, by, Permission.EDIT_WORK)
    _editable(assessment)
    titles = queries.group_titles(partnership, assessment)
    if group not in titles or dimension not in DIMENSIONS:
        raise ValidationError("Choose a group and a dimension from the grid")
    cell = queries.grid(partnership, assessment).get((group, dimension))
    label = f"{titles[group]}, {DIMENSIONS[dimension].lower()}"
    if cell is not None and cell.gap_action_id:
        raise ValidationError(f"A data-gap action for {label} is already in the plan")
    if cell is not None and cell.text:
        raise ValidationError(f"The grid already holds a finding for {label}")
    title = f"Find data on {DIMENSIONS[dimension].lower()} for {titles[group]}"
    if planning_queries.plan_actions(partnership).filter(title__iexact=title).exists():
        # another assessment found the same gap: the plan's titles are unique
        title = f"{title} ({assessment.title})"
    action = planning_actions.plan_action_add(
        by=by,
        partnership=partnership,
        title=title[:200],
        why=(
            f"HEAT gap in the assessment {assessment.title}: no data on "
            f"{DIMENSIONS[dimension].lower()} for {titles[group]}."
        ),
        due_date=(today or timezone.localdate()) + datetime.timedelta(days=GAP_ACTION_DAYS),
    )
    if cell is None:
        cell = Finding(assessment=assessment, group=group, group_title=titles[group],
                       dimension=dimension)  # fmt: skip
    cell.no_data, cell.gap_action = True, action
    cell.save()
    _audit(by, assessment, "heat_gap.added", {"gap": label, "action": action.title})
    return action


MITIGATION_ACTION_DAYS = 90


@transaction.atomic
def heat_mitigation_action_add(
    *, by, assessment: Assessment, group: str, today: datetime.date | None = None
):
    """Add an action to the plan that carries out the mitigation of a likely widening, and
    link it to the impact. Its Why names the assessment, the group and the mitigation written;
    when the group is one of the partnership's target communities the action targets it.
    Returns the plan action."""
    partnership = assessment.partnership
    require(partnership, by, Permission.EDIT_WORK)
    _editable(assessment)
    impact = queries.impacts(partnership, assessment).get(group)
    if impact is None or impact.effect != Effect.WIDEN:
        raise ValidationError(
            "Save the likely impact on this group as widening the gap before adding an action "
            "to mitigate it"
        )
    title = f"Mitigate the likely widening of the gap for {impact.group_title}"
    if planning_queries.plan_actions(partnership).filter(title__iexact=title[:200]).exists():
        title = f"{title} ({assessment.title})"
    why = (
        f"The health equity assessment {assessment.title} found the work is likely to widen "
        f"the gap for {impact.group_title}."
    )
    if impact.mitigation.strip():
        why += f" Mitigation: {impact.mitigation.strip()}"
    targeted = []
    if group.startswith(queries.COMMUNITY) and group[len(queries.COMMUNITY) :].isdigit():
        targeted = list(communities(partnership).filter(pk=int(group[len(queries.COMMUNITY) :])))
    action = planning_actions.plan_action_add(
        by=by,
        partnership=partnership,
        title=title[:200],
        why=why,
        communities=targeted,
        due_date=(today or timezone.localdate()) + datetime.timedelta(days=MITIGATION_ACTION_DAYS),
    )
    impact.mitigating_actions.add(action)
    _audit(
        by, assessment, "heat_mitigation.added",
        {"group": impact.group_title, "action": action.title},
    )  # fmt: skip
    return action


@transaction.atomic
def heat_review_start(
    *, by, assessment: Assessment, today: datetime.date | None = None
) -> Assessment:
    """Start the review of a complete assessment: a draft copy of it, linked to it, whose grid
    is compared with the original's."""
    partnership = assessment.partnership
    require(partnership, by, Permission.EDIT_WORK)
    if assessment.status != AssessmentStatus.COMPLETE:
        raise ValidationError("Complete the assessment before starting its review")
    day = today or timezone.localdate()
    base = f"Review of {assessment.title} ({day:%-d %B %Y})"[:190]
    title, number = base, 1
    while Assessment.objects.filter(partnership=partnership, title__iexact=title).exists():
        number += 1
        title = f"{base} {number}"
    review = Assessment.objects.create(
        partnership=partnership,
        title=title,
        programme=assessment.programme,
        description=assessment.description,
        involved=assessment.involved,
        evidence=assessment.evidence,
        changes=assessment.changes,
        measures=assessment.measures,
        reviewer=assessment.reviewer,
        review_of=assessment,
    )
    Finding.objects.bulk_create(
        Finding(assessment=review, group=f.group, group_title=f.group_title,
                dimension=f.dimension, text=f.text, no_data=f.no_data,
                is_priority=f.is_priority, gap_action=f.gap_action)
        for f in assessment.findings.all()
    )  # fmt: skip
    for held in assessment.impacts.prefetch_related("mitigating_actions"):
        copied = Impact.objects.create(
            assessment=review, group=held.group, group_title=held.group_title,
            effect=held.effect, mitigation=held.mitigation,
        )  # fmt: skip
        copied.mitigating_actions.set(held.mitigating_actions.all())
    _audit(by, review, "heat_review.started", {"title": title, "reviews": assessment.title})
    return review
