"""Turn audit events into sentences and change lists for the Activity page."""

from dataclasses import dataclass

from placematters.audit.models import AuditEvent

VERB_PHRASES = {
    "partnership.created": "created the partnership",
    "partnership.updated": "changed the partnership's details",
    "area.added": "added an area of focus",
    "area.removed": "removed an area of focus",
    "organisation.added": "added a partner organisation",
    "organisation.updated": "changed a partner organisation",
    "organisation.removed": "removed a partner organisation",
    "invitation.sent": "invited",
    "invitation.revoked": "withdrew the invitation for",
    "membership.joined": "joined the partnership",
    "membership.role_changed": "changed the role of",
    "membership.organisation_changed": "changed the organisation of",
    "membership.removed": "removed",
    "membership.left": "left the partnership",
    "asset.created": "added the asset",
    "asset.updated": "updated the asset",
    "asset.verified": "checked the details of the asset",
    "asset.deleted": "deleted the asset",
    "assets.imported_openreferral": "imported assets from an Open Referral UK file:",
    "connector.created": "added the connector",
    "connector.updated": "updated the connector",
    "connector.deleted": "deleted the connector",
    "segment_assessment.updated": "updated the",
    "stakeholder.added": "added the stakeholder",
    "stakeholder.updated": "updated the stakeholder",
    "stakeholder.deleted": "deleted the stakeholder",
    "existing_work.added": "added to the register of existing work",
    "existing_work.updated": "changed in the register of existing work",
    "existing_work.removed": "removed from the register of existing work",
    "infrastructure.updated": "updated",
    "infrastructure_lead.added": "named a lead:",
    "infrastructure_lead.removed": "removed a lead:",
    "infrastructure_commitment.set": "recorded a partner's commitment:",
    "infrastructure_commitment.removed": "removed a partner's commitment:",
    "checklist.seeded": "added the toolkit's checklists:",
    "checklist_item.created": "added the checklist item",
    "checklist_item.updated": "updated the checklist item",
    "checklist_item.deleted": "deleted the checklist item",
    "evidence_link.added": "added evidence to",
    "evidence_link.removed": "removed evidence from",
    "indicators.import_queued": "uploaded a file to import:",
    "indicators.imported": "imported indicator data:",
    "indicators.derived": "derived an indicator:",
    "indicators.batch_deleted": "deleted an import:",
    "indicators.import_deleted": "deleted an import:",
    "priority.marked": "marked a priority:",
    "priority.updated": "updated a priority:",
    "priority.unmarked": "removed a priority:",
    "geography.imported": "imported geography:",
    "imd.imported": "imported deprivation data:",
    "population.imported": "imported population data:",
    "deaths.imported": "imported deaths data:",
    "population.import_deleted": "deleted a population import:",
    "deaths.import_deleted": "deleted a deaths import:",
    "target_community.added": "added the target community",
    "target_community.updated": "changed the target community",
    "target_community.removed": "removed the target community",
    "engagement_plan.added": "planned an engagement:",
    "engagement_plan.updated": "changed a planned engagement:",
    "engagement_plan.removed": "removed a planned engagement:",
    "engagement_log.added": "logged the engagement",
    "engagement_log.removed": "removed the engagement",
    "heard.added": "recorded what was heard at",
    "heard.removed": "removed something heard at",
    "decision.recorded": "recorded a decision on what was heard at",
    "capacity_activity.added": "added the capacity activity",
    "capacity_activity.updated": "changed the capacity activity",
    # Theory of change logic model
    "logic_element.added": "added to the logic model the element",
    "logic_element.updated": "changed the logic model element",
    "logic_element.removed": "removed from the logic model the element",
    "logic_link.added": "added the logic model link",
    "logic_link.updated": "changed the logic model link",
    "logic_link.removed": "removed the logic model link",
    # Good-practice bank and comparison of localities
    "publication.published": "published to the good-practice bank",
    "publication.withdrawn": "withdrew from the good-practice bank",
    "publication.used_as_template": "copied into the plan the actions of the published plan",
    "comparison.opted_in": "opted the partnership in to the comparison of localities",
    "comparison.opted_out": "opted the partnership out of the comparison of localities",
    # Local area action plan
    "plan_action.added": "added the action",
    "plan_action.updated": "changed the action",
    "plan_action.removed": "removed the action",
    "step_rating.recorded": "rated",
    "heat_assessment.started": "started the health equity assessment",
    "heat_assessment.completed": "completed the health equity assessment",
    "heat_step.saved": "saved a step of the health equity assessment",
    "heat_gap.added": "added a data-gap action from the health equity assessment",
    "heat_mitigation.added": "added an action to mitigate a likely widening from the health "
    "equity assessment",
    "heat_review.started": "started a review of a health equity assessment",
    "plan_milestone.added": "added a milestone to the action",
    "plan_milestone.updated": "changed a milestone of the action",
    "plan_milestone.removed": "removed a milestone from the action",
    "plan_allocation.attached": "attached an allocation by need to the action",
    "plan_allocation.removed": "removed an allocation by need from the action",
    # OBA results and performance measures
    "population_result.added": "added the population result",
    "result_indicator.added": "linked an indicator to the population result",
    "performance_measure.added": "added the performance measure",
    "performance_measure.rebased": "changed where the process limits of the measure restart",
    "measure_value.added": "added a value to the measure",
    "worksheet.saved": "saved the turn-the-curve worksheet of the measure",
    # Evaluation framework
    "evaluation_entry.added": "set out how to evaluate the outcome",
    "evaluation_entry.updated": "changed how to evaluate the outcome",
    "evaluation_entry.removed": "removed how to evaluate the outcome",
    "evaluation_framework.updated": "changed",
    "evaluation_framework.agreed": "agreed",
    "evaluation_framework.reopened": "reopened",
    "population_result.updated": "changed the population result",
    "population_result.removed": "removed the population result",
    "result_indicator.updated": "changed how an indicator of the population result is tracked",
    "result_indicator.removed": "unlinked an indicator from the population result",
    "performance_measure.updated": "changed the performance measure",
    "performance_measure.removed": "removed the performance measure",
    "measure_value.updated": "changed a value of the measure",
    "measure_value.removed": "removed a value from the measure",
    "report.render_requested": "asked for",
    "workspace.exported": "downloaded the whole workspace as a file:",
    "workspace.imported": "created this partnership from a workspace file:",
    "report_snapshot.taken": "froze",
    "report_snapshot.deleted": "deleted",
}

FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "gss_code": "GSS code",
    "sector": "Sector",
    "email": "E-mail address",
    "role": "Role",
    "organisation": "Organisation",
    "title": "Title",
    "status": "Status",
    "owner": "Owner",
    "due_date": "Due date",
    "notes": "Notes",
    "terms_of_reference_url": "Terms of reference link",
    "evidence": "Evidence",
    "source_file": "File",
    "format": "Format",
    "observations": "Rows",
    "indicators": "Indicators",
    "created_at": "Imported",
}

NO_SUBJECT = {"membership.joined", "membership.left", "partnership.created"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class PresentedEvent:
    event: AuditEvent
    actor: str
    phrase: str
    subject: str
    changes: list[Change]


def _show(value) -> str:
    if value in (None, ""):
        return "(blank)"
    return str(value)


def present_event(event: AuditEvent) -> PresentedEvent:
    fields = list(dict.fromkeys([*event.before.keys(), *event.after.keys()]))
    changes = [
        Change(
            field=FIELD_LABELS.get(field, field.replace("_", " ").capitalize()),
            before=_show(event.before.get(field)) if field in event.before else "",
            after=_show(event.after.get(field)) if field in event.after else "",
        )
        for field in fields
    ]
    return PresentedEvent(
        event=event,
        actor=event.actor.display_name if event.actor else "Someone no longer registered",
        phrase=VERB_PHRASES.get(event.verb, event.verb.replace(".", " ").replace("_", " ")),
        subject="" if event.verb in NO_SUBJECT else event.target_label,
        changes=changes,
    )


def present_events(events) -> list[PresentedEvent]:
    return [present_event(event) for event in events]
