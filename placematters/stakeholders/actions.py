"""Every change to stakeholders, the partnership's agreed infrastructure and the register of
partners' existing work.

Each action checks the acting member's role (editing the toolkit work), validates everything
before writing anything, runs in one transaction and records an audit event.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.partnerships.actions import require
from placematters.partnerships.models import Membership, PartnerOrganisation, Partnership, Sector
from placematters.partnerships.permissions import Permission
from placematters.stakeholders.models import (
    Approach,
    Commitment,
    ExistingWork,
    Infrastructure,
    Kind,
    Lead,
    Stakeholder,
    WorkKind,
)

STAKEHOLDER_FIELDS = (
    "name",
    "kind",
    "organisation",
    "role",
    "sector",
    "power",
    "interest",
    "influence_notes",
    "lived_experience",
    "contact",
    "approach",
    "owner",
    "last_reviewed",
)
INFRASTRUCTURE_FIELDS = (
    "decision_making",
    "decision_recording",
    "reports_to",
    "meeting_frequency",
    "next_meeting",
    "terms_of_reference_url",
)


def _score_error(score) -> str | None:
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        return "Choose a score from 1 (lowest) to 5 (highest)"
    return None


def _validate_stakeholder(partnership: Partnership, values: dict, *, exclude_pk=None) -> dict:
    """Cleaned values, or a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    values = dict(values)
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = "Enter the stakeholder's name"
    elif len(values["name"]) > 200:
        errors["name"] = "Name must be 200 characters or fewer"
    elif (
        Stakeholder.objects.filter(partnership=partnership, name__iexact=values["name"])
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["name"] = f"There is already a stakeholder called {values['name']}"
    if values.get("kind") not in Kind.values:
        errors["kind"] = "Choose whether this is a person or an organisation"
    if values.get("sector") and values["sector"] not in Sector.values:
        errors["sector"] = "Choose a sector from the list"
    if values.get("approach") not in Approach.values:
        errors["approach"] = "Choose how the partnership engages them now"
    for field in ("power", "interest"):
        problem = _score_error(values.get(field))
        if problem:
            errors[field] = problem
    organisation = values.get("organisation")
    if organisation is not None and organisation.partnership_id != partnership.pk:
        errors["organisation"] = "Choose one of this partnership's organisations"
    owner = values.get("owner")
    if owner is not None and owner.partnership_id != partnership.pk:
        errors["owner"] = "Choose a member of this partnership"
    reviewed = values.get("last_reviewed")
    if reviewed is not None and reviewed > timezone.localdate():
        errors["last_reviewed"] = "The date last reviewed must be today or in the past"
    for field, limit in (("role", 200), ("contact", 300)):
        values[field] = str(values.get(field) or "").strip()
        if len(values[field]) > limit:
            errors[field] = f"Must be {limit} characters or fewer"
    values["influence_notes"] = str(values.get("influence_notes") or "").strip()
    values["sector"] = values.get("sector") or ""
    values["lived_experience"] = bool(values.get("lived_experience"))
    if errors:
        raise ValidationError(errors)
    return values


def _described(stakeholder: Stakeholder) -> dict:
    return {
        "name": stakeholder.name,
        "kind": stakeholder.get_kind_display(),
        "organisation": stakeholder.organisation.name if stakeholder.organisation else "",
        "role": stakeholder.role,
        "sector": stakeholder.get_sector_display() if stakeholder.sector else "",
        "power": stakeholder.power,
        "interest": stakeholder.interest,
        "influence_notes": stakeholder.influence_notes,
        "lived_experience": "Yes" if stakeholder.lived_experience else "No",
        "contact": stakeholder.contact,
        "approach": stakeholder.get_approach_display(),
        "owner": stakeholder.owner.user.display_name if stakeholder.owner else "",
        "last_reviewed": stakeholder.last_reviewed,
    }


@transaction.atomic
def stakeholder_add(
    *,
    by,
    partnership: Partnership,
    name: str,
    power: int,
    interest: int,
    kind: str = Kind.ORGANISATION,
    organisation: PartnerOrganisation | None = None,
    role: str = "",
    sector: str = "",
    influence_notes: str = "",
    lived_experience: bool = False,
    contact: str = "",
    approach: str = Approach.NOT_ENGAGED,
    owner: Membership | None = None,
    last_reviewed: datetime.date | None = None,
) -> Stakeholder:
    require(partnership, by, Permission.EDIT_WORK)
    values = _validate_stakeholder(
        partnership,
        {
            "name": name,
            "kind": kind,
            "organisation": organisation,
            "role": role,
            "sector": sector,
            "power": power,
            "interest": interest,
            "influence_notes": influence_notes,
            "lived_experience": lived_experience,
            "contact": contact,
            "approach": approach,
            "owner": owner,
            "last_reviewed": last_reviewed,
        },
    )
    stakeholder = Stakeholder.objects.create(partnership=partnership, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="stakeholder.added",
        target=stakeholder,
        after=_described(stakeholder),
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, by, stakeholder: Stakeholder, **changes) -> Stakeholder:
    """Change any of the stakeholder's fields (those not given keep their value)."""
    require(stakeholder.partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"stakeholder_update() got unexpected fields: {sorted(unknown)}")
    current = {field: getattr(stakeholder, field) for field in STAKEHOLDER_FIELDS}
    values = _validate_stakeholder(
        stakeholder.partnership, {**current, **changes}, exclude_pk=stakeholder.pk
    )
    before = _described(stakeholder)
    for field, value in values.items():
        setattr(stakeholder, field, value)
    stakeholder.save()
    old, new = changed_fields(before, _described(stakeholder))
    if new:
        audit_event_record(
            by=by,
            partnership=stakeholder.partnership,
            verb="stakeholder.updated",
            target=stakeholder,
            before=old,
            after=new,
        )
    return stakeholder


def stakeholder_move(*, by, stakeholder: Stakeholder, power: int, interest: int) -> Stakeholder:
    """Move a stakeholder on the grid: new power and interest scores."""
    return stakeholder_update(by=by, stakeholder=stakeholder, power=power, interest=interest)


@transaction.atomic
def stakeholder_delete(*, by, stakeholder: Stakeholder) -> None:
    require(stakeholder.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=stakeholder.partnership,
        verb="stakeholder.deleted",
        target=stakeholder,
        before=_described(stakeholder),
    )
    stakeholder.delete()


# --- Agreed infrastructure ---------------------------------------------------------------------


def _validate_infrastructure(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = {}
    for field in INFRASTRUCTURE_FIELDS:
        value = values.get(field)
        cleaned[field] = value if field == "next_meeting" else str(value or "").strip()
    for field, limit in (("reports_to", 300), ("meeting_frequency", 200)):
        if len(cleaned[field]) > limit:
            errors[field] = f"Must be {limit} characters or fewer"
    url = cleaned["terms_of_reference_url"]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["terms_of_reference_url"] = (
                "Enter the web address of the terms of reference, starting with https://"
            )
        else:
            if len(url) > 500:
                errors["terms_of_reference_url"] = "The web address must be 500 characters or fewer"
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def infrastructure_update(*, by, partnership: Partnership, **values) -> Infrastructure:
    """Record how the partnership is governed and meets; fields not given keep their value."""
    require(partnership, by, Permission.EDIT_WORK)
    unknown = set(values) - set(INFRASTRUCTURE_FIELDS)
    if unknown:
        raise TypeError(f"infrastructure_update() got unexpected fields: {sorted(unknown)}")
    infrastructure = Infrastructure.objects.filter(partnership=partnership).first()
    current = {
        field: getattr(infrastructure, field) if infrastructure else None
        for field in INFRASTRUCTURE_FIELDS
    }
    cleaned = _validate_infrastructure({**current, **values})
    if infrastructure is None:
        infrastructure = Infrastructure(partnership=partnership)
    before = {field: current[field] or "" for field in INFRASTRUCTURE_FIELDS}
    for field, value in cleaned.items():
        setattr(infrastructure, field, value)
    infrastructure.save()
    old, new = changed_fields(before, {field: value or "" for field, value in cleaned.items()})
    if new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="infrastructure.updated",
            target=infrastructure,
            target_label="the partnership's governance and meetings",
            before=old,
            after=new,
        )
    return infrastructure


@transaction.atomic
def infrastructure_lead_add(
    *,
    by,
    partnership: Partnership,
    responsibility: str,
    member: Membership | None = None,
    stakeholder: Stakeholder | None = None,
) -> Lead:
    """Name a lead (a member or a stakeholder, not both) and what they are responsible for."""
    require(partnership, by, Permission.EDIT_WORK)
    errors: dict[str, str] = {}
    responsibility = " ".join((responsibility or "").split())
    if (member is None) == (stakeholder is None):
        errors["who"] = "Choose one member or one stakeholder as the lead"
    elif member is not None and member.partnership_id != partnership.pk:
        errors["who"] = "Choose a member of this partnership"
    elif stakeholder is not None and stakeholder.partnership_id != partnership.pk:
        errors["who"] = "Choose one of this partnership's stakeholders"
    if not responsibility:
        errors["responsibility"] = "Enter what this lead is responsible for"
    elif len(responsibility) > 300:
        errors["responsibility"] = "Responsibility must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    lead = Lead.objects.create(
        partnership=partnership,
        member=member,
        stakeholder=stakeholder,
        responsibility=responsibility,
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="infrastructure_lead.added",
        target=lead,
        after={"name": lead.name, "responsibility": responsibility},
    )
    return lead


@transaction.atomic
def infrastructure_lead_remove(*, by, lead: Lead) -> None:
    require(lead.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=lead.partnership,
        verb="infrastructure_lead.removed",
        target=lead,
        before={"name": lead.name, "responsibility": lead.responsibility},
    )
    lead.delete()


@transaction.atomic
def infrastructure_commitment_set(
    *, by, partnership: Partnership, organisation: PartnerOrganisation, commitment: str
) -> Commitment:
    """Record, or replace, what one partner organisation commits in time and resources."""
    require(partnership, by, Permission.EDIT_WORK)
    commitment = (commitment or "").strip()
    errors: dict[str, str] = {}
    if organisation is None or organisation.partnership_id != partnership.pk:
        errors["organisation"] = "Choose one of this partnership's organisations"
    if not commitment:
        errors["commitment"] = "Enter what the organisation commits, in time or resources"
    if errors:
        raise ValidationError(errors)
    existing = Commitment.objects.filter(partnership=partnership, organisation=organisation).first()
    before = {
        "organisation": organisation.name,
        "commitment": existing.commitment if existing else "",
    }
    if existing is None:
        existing = Commitment(partnership=partnership, organisation=organisation)
    existing.commitment = commitment
    existing.save()
    old, new = changed_fields(before, {"organisation": organisation.name, "commitment": commitment})
    if new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="infrastructure_commitment.set",
            target=existing,
            before=old,
            after=new,
        )
    return existing


@transaction.atomic
def infrastructure_commitment_remove(*, by, commitment: Commitment) -> None:
    require(commitment.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=commitment.partnership,
        verb="infrastructure_commitment.removed",
        target=commitment,
        before={"organisation": commitment.organisation.name, "commitment": commitment.commitment},
    )
    commitment.delete()


# --- Partners' existing work -------------------------------------------------------------------

EXISTING_WORK_FIELDS = ("title", "kind", "organisation", "year", "url", "covers", "reuse")
EARLIEST_YEAR = 1990


def web_address_error(url: str) -> str | None:
    """Why a link cannot be kept (only http and https web addresses can), or None."""
    if not url:
        return None
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return "Enter a web address starting with https:// or http://"
    if len(url) > 500:
        return "The web address must be 500 characters or fewer"
    return None


def _validate_existing_work(partnership: Partnership, values: dict, *, exclude_pk=None) -> dict:
    """Cleaned values, or a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    cleaned = dict(values)
    cleaned["title"] = " ".join(str(values.get("title") or "").split())
    if not cleaned["title"]:
        errors["title"] = "Enter the title of the work"
    elif len(cleaned["title"]) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    elif (
        ExistingWork.objects.filter(partnership=partnership, title__iexact=cleaned["title"])
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["title"] = f"The register already has work called {cleaned['title']}"
    if values.get("kind") not in WorkKind.values:
        errors["kind"] = "Choose what kind of work it is"
    organisation = values.get("organisation")
    if organisation is not None and (
        not isinstance(organisation, PartnerOrganisation)
        or organisation.partnership_id != partnership.pk
    ):
        errors["organisation"] = "Choose one of this partnership's organisations"
    year = values.get("year")
    latest = timezone.localdate().year + 1
    if not isinstance(year, int) or isinstance(year, bool):
        errors["year"] = "Enter the year it was published or finished, for example 2024"
    elif not EARLIEST_YEAR <= year <= latest:
        errors["year"] = f"The year must be between {EARLIEST_YEAR} and {latest}"
    cleaned["url"] = str(values.get("url") or "").strip()
    url_error = web_address_error(cleaned["url"])
    if url_error:
        errors["url"] = url_error
    cleaned["covers"] = str(values.get("covers") or "").strip()
    if not cleaned["covers"]:
        errors["covers"] = "Enter what the work covers"
    cleaned["reuse"] = str(values.get("reuse") or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def _described_work(work: ExistingWork) -> dict:
    return {
        "title": work.title,
        "kind": work.get_kind_display(),
        "organisation": work.organisation.name if work.organisation_id else "",
        "year": work.year,
        "url": work.url,
        "covers": work.covers,
        "reuse": work.reuse,
    }


@transaction.atomic
def existing_work_add(
    *,
    by,
    partnership: Partnership,
    title: str,
    kind: str,
    year: int,
    covers: str,
    organisation: PartnerOrganisation | None = None,
    url: str = "",
    reuse: str = "",
) -> ExistingWork:
    """Add an assessment, strategy or report a partner has already done to the register."""
    require(partnership, by, Permission.EDIT_WORK)
    values = _validate_existing_work(
        partnership,
        {
            "title": title,
            "kind": kind,
            "organisation": organisation,
            "year": year,
            "url": url,
            "covers": covers,
            "reuse": reuse,
        },
    )
    work = ExistingWork.objects.create(partnership=partnership, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="existing_work.added",
        target=work,
        after=_described_work(work),
    )
    return work


@transaction.atomic
def existing_work_update(*, by, work: ExistingWork, **changes) -> ExistingWork:
    """Change any of the entry's fields (those not given keep their value)."""
    require(work.partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(EXISTING_WORK_FIELDS)
    if unknown:
        raise TypeError(f"existing_work_update() got unexpected fields: {sorted(unknown)}")
    current = {field: getattr(work, field) for field in EXISTING_WORK_FIELDS}
    values = _validate_existing_work(work.partnership, {**current, **changes}, exclude_pk=work.pk)
    before = _described_work(work)
    for field, value in values.items():
        setattr(work, field, value)
    work.save()
    old, new = changed_fields(before, _described_work(work))
    if new:
        audit_event_record(
            by=by,
            partnership=work.partnership,
            verb="existing_work.updated",
            target=work,
            before=old,
            after=new,
        )
    return work


@transaction.atomic
def existing_work_remove(*, by, work: ExistingWork) -> None:
    require(work.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=work.partnership,
        verb="existing_work.removed",
        target=work,
        before=_described_work(work),
    )
    work.delete()
