"""Every change to the asset register, connectors and segment assessments, each audited."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from placematters.asset_mapping import openreferral
from placematters.asset_mapping.content import load_determinants
from placematters.asset_mapping.models import (
    Asset,
    AssetType,
    Connector,
    ConnectorKind,
    Segment,
    SegmentAssessment,
)
from placematters.asset_mapping.presenters import normalise_postcode, within_uk
from placematters.audit.actions import audit_event_record, changed_fields
from placematters.partnerships.actions import require
from placematters.partnerships.models import (
    PartnerOrganisation,
    Partnership,
    gss_code_validator,
)
from placematters.partnerships.permissions import Permission

ASSET_FIELDS = frozenset(
    {
        "name", "description", "segment", "asset_type", "status", "owner_organisation",
        "owner_name", "contact_name", "contact_email", "contact_phone", "website",
        "location_name", "address", "town", "postcode", "latitude", "longitude", "area_code",
        "areas_served", "target_groups", "reach", "capacity", "eligibility", "minimum_age",
        "maximum_age", "cost", "cost_options", "opening_times", "schedules", "determinants",
        "evidence_links", "last_verified", "external_ids", "oruk_extra",
    }
)  # fmt: skip
SNAPSHOT_FIELDS = (
    "name", "description", "segment", "asset_type", "status", "owner_name", "contact_name",
    "contact_email", "contact_phone", "website", "location_name", "address", "town",
    "postcode", "latitude", "longitude", "area_code", "areas_served", "target_groups", "reach",
    "capacity", "eligibility", "minimum_age", "maximum_age", "cost", "opening_times",
    "determinants", "evidence_links", "last_verified",
)  # fmt: skip


def _snapshot(asset: Asset) -> dict:
    values = {field: getattr(asset, field) for field in SNAPSHOT_FIELDS}
    values["owner_organisation"] = asset.owner_organisation.name if asset.owner_organisation else ""
    return values


def _check_values(values: dict) -> None:
    unknown = set(values) - ASSET_FIELDS
    if unknown:
        raise TypeError(f"Unknown asset fields: {', '.join(sorted(unknown))}")


def _validate(asset: Asset) -> None:
    """Normalise and check an asset, raising every problem at once with a specific message."""
    errors: dict[str, str] = {}
    asset.name = (asset.name or "").strip()
    if not asset.name:
        errors["name"] = "Enter the name of the asset"
    postcode = normalise_postcode(asset.postcode)
    if postcode is None:
        errors["postcode"] = "Enter a real UK postcode, for example NR1 2DH"
    else:
        asset.postcode = postcode
    if (asset.latitude is None) != (asset.longitude is None):
        field = "longitude" if asset.longitude is None else "latitude"
        errors[field] = "Enter both the latitude and the longitude, or neither"
    elif asset.latitude is not None and not within_uk(asset.latitude, asset.longitude):
        errors["latitude"] = (
            "Enter a point in the UK: latitude between 49.8 and 60.9, longitude between "
            "-8.7 and 1.8"
        )
    asset.area_code = (asset.area_code or "").strip().upper()
    if asset.area_code:
        try:
            gss_code_validator(asset.area_code)
        except ValidationError:
            errors["area_code"] = "Enter a GSS code: a letter then 8 digits, for example E01026512"
    served = [str(code).strip().upper() for code in asset.areas_served or [] if str(code).strip()]
    bad = [code for code in served if not gss_code_validator.regex.match(code)]
    if bad:
        errors["areas_served"] = f"These are not GSS codes: {', '.join(bad)}"
    asset.areas_served = list(dict.fromkeys(served))
    known = {factor.key for factor in load_determinants().factors}
    unknown = [key for key in asset.determinants or [] if key not in known]
    if unknown:
        errors["determinants"] = "Choose factors from the list"
    asset.determinants = [factor.key for factor in load_determinants().factors
                          if factor.key in set(asset.determinants or [])]  # fmt: skip
    links = [str(link).strip() for link in asset.evidence_links or [] if str(link).strip()]
    validate_url = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate_url(link)
        except ValidationError:
            errors["evidence_links"] = f"'{link}' is not a web address starting with https://"
            break
    asset.evidence_links = links
    if (
        asset.minimum_age is not None
        and asset.maximum_age is not None
        and asset.minimum_age > asset.maximum_age
    ):
        errors["maximum_age"] = "The maximum age must be the same as or more than the minimum age"
    if asset.owner_organisation is not None and (
        asset.owner_organisation.partnership_id != asset.partnership_id
    ):
        errors["owner_organisation"] = "Choose one of the partnership's organisations"
    for field in ("cost_options", "schedules"):
        value = getattr(asset, field)
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            errors[field] = "Give a list of rows"
    for field in ("external_ids", "oruk_extra"):
        if not isinstance(getattr(asset, field), dict):
            errors[field] = "Give a mapping"
    if errors:
        raise ValidationError(errors)
    asset.full_clean(exclude=["partnership", "owner_organisation", "latitude", "longitude"])


@transaction.atomic
def asset_create(*, by, partnership: Partnership, **values) -> Asset:
    """Add an asset to the register. ``values`` are the asset's fields (see ASSET_FIELDS)."""
    require(partnership, by, Permission.EDIT_WORK)
    _check_values(values)
    asset = Asset(partnership=partnership, **values)
    _validate(asset)
    asset.save()
    audit_event_record(
        by=by, partnership=partnership, verb="asset.created", target=asset, after=_snapshot(asset)
    )
    return asset


@transaction.atomic
def asset_update(*, by, asset: Asset, **values) -> Asset:
    """Change the given fields of an asset; the others keep their values."""
    require(asset.partnership, by, Permission.EDIT_WORK)
    _check_values(values)
    before = _snapshot(asset)
    for field, value in values.items():
        setattr(asset, field, value)
    _validate(asset)
    asset.save()
    old, new = changed_fields(before, _snapshot(asset))
    if new:
        audit_event_record(
            by=by,
            partnership=asset.partnership,
            verb="asset.updated",
            target=asset,
            before=old,
            after=new,
        )
    return asset


@transaction.atomic
def asset_verify(*, by, asset: Asset, on: datetime.date | None = None) -> Asset:
    """Record that someone checked the asset's details (today unless ``on`` is given)."""
    require(asset.partnership, by, Permission.EDIT_WORK)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"last_verified": "The date checked cannot be in the future"})
    before = asset.last_verified
    asset.last_verified = on
    asset.save(update_fields=["last_verified", "updated_at"])
    audit_event_record(
        by=by,
        partnership=asset.partnership,
        verb="asset.verified",
        target=asset,
        before={"last_verified": before},
        after={"last_verified": on},
    )
    return asset


@transaction.atomic
def asset_delete(*, by, asset: Asset) -> None:
    require(asset.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=asset.partnership,
        verb="asset.deleted",
        target=asset,
        before=_snapshot(asset),
    )
    asset.delete()


def _connector_snapshot(connector: Connector) -> dict:
    return {
        "kind": connector.get_kind_display(),
        "name": connector.name,
        "description": connector.description,
        "assets": sorted(asset.name for asset in connector.assets.all()),
    }


def _connector_validate(connector: Connector, assets) -> list[Asset]:
    errors = {}
    connector.name = (connector.name or "").strip()
    if not connector.name:
        errors["name"] = "Enter a name for the connector"
    if connector.kind not in ConnectorKind.values:
        errors["kind"] = "Choose which segments the connector joins"
    assets = list(assets or [])
    if any(asset.partnership_id != connector.partnership_id for asset in assets):
        errors["assets"] = "Choose assets from this partnership's register"
    if errors:
        raise ValidationError(errors)
    connector.full_clean(exclude=["partnership", "assets"])
    return assets


@transaction.atomic
def connector_create(
    *, by, partnership: Partnership, kind: str, name: str, description: str = "", assets=()
) -> Connector:
    require(partnership, by, Permission.EDIT_WORK)
    connector = Connector(partnership=partnership, kind=kind, name=name, description=description)
    linked = _connector_validate(connector, assets)
    connector.save()
    connector.assets.set(linked)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="connector.created",
        target=connector,
        after=_connector_snapshot(connector),
    )
    return connector


@transaction.atomic
def connector_update(
    *, by, connector: Connector, kind: str, name: str, description: str = "", assets=()
) -> Connector:
    require(connector.partnership, by, Permission.EDIT_WORK)
    before = _connector_snapshot(connector)
    connector.kind, connector.name, connector.description = kind, name, description
    linked = _connector_validate(connector, assets)
    connector.save()
    connector.assets.set(linked)
    old, new = changed_fields(before, _connector_snapshot(connector))
    if new:
        audit_event_record(
            by=by,
            partnership=connector.partnership,
            verb="connector.updated",
            target=connector,
            before=old,
            after=new,
        )
    return connector


@transaction.atomic
def connector_delete(*, by, connector: Connector) -> None:
    require(connector.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=connector.partnership,
        verb="connector.deleted",
        target=connector,
        before=_connector_snapshot(connector),
    )
    connector.delete()


@transaction.atomic
def segment_assessment_update(
    *, by, partnership: Partnership, segment: str, summary: str
) -> SegmentAssessment:
    """Write the partnership's summary assessment of one segment of the triangle."""
    require(partnership, by, Permission.EDIT_WORK)
    if segment not in Segment.values:
        raise ValidationError({"segment": "Choose civic-level, service-based or community-centred"})
    assessment, _ = SegmentAssessment.objects.get_or_create(
        partnership=partnership, segment=segment
    )
    before = assessment.summary
    summary = (summary or "").strip()
    if summary != before:
        assessment.summary = summary
        assessment.save()
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="segment_assessment.updated",
            target=assessment,
            target_label=f"{assessment.get_segment_display()} assessment",
            before={"summary": before},
            after={"summary": summary},
        )
    return assessment


# --- Open Referral UK import ----------------------------------------------------------------


@dataclass
class OpenReferralImport:
    """What an Open Referral UK import did."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    warnings: list[str]


def _as_openreferral(asset: Asset) -> dict:
    """What the register says about an asset, as Open Referral UK: an import that leaves this
    the same changes nothing worth saving."""
    return openreferral.to_document([asset], partnership_key=asset.partnership_id, labels={})


def _keep_own_last_modified(asset: Asset, fields: dict) -> None:
    """A document we exported carries the asset's own ``updated_at`` as ``last_modified``;
    re-importing it (or an older copy) should not store that as a value received from
    elsewhere."""
    received = fields["oruk_extra"].get("records", {}).get("service", {})
    held = (asset.oruk_extra or {}).get("records", {}).get("service", {})
    if "last_modified" in held or not received.get("last_modified"):
        return
    try:
        stamp = datetime.datetime.fromisoformat(received["last_modified"])
        if stamp.tzinfo is not None and stamp <= asset.updated_at:
            received.pop("last_modified")
    except (TypeError, ValueError):
        return


@transaction.atomic
def assets_import_openreferral(
    *, by, partnership: Partnership, document, source_name: str
) -> OpenReferralImport:
    """Create or update assets from an Open Referral UK document (raw bytes, text or parsed
    JSON), matched by the service id each asset was imported or exported with. All or
    nothing: any problem raises ``openreferral.OpenReferralInvalid`` listing every problem
    with its JSON path, and nothing is stored. ``by`` None is the server operator (the
    management command)."""
    if by is not None:
        require(partnership, by, Permission.EDIT_WORK)
    if isinstance(document, (bytes, str)):
        document = openreferral.read_document(
            document,
            max_bytes=settings.OPENREFERRAL_MAX_BYTES,
        )
    parsed = openreferral.parse(
        document, segments=set(Segment.values), asset_types=set(AssetType.values)
    )
    existing = {
        openreferral.service_id(asset, partnership.pk): asset
        for asset in Asset.objects.filter(partnership=partnership).select_related(
            "owner_organisation"
        )
    }
    partners = {
        organisation.name.strip().lower(): organisation
        for organisation in PartnerOrganisation.objects.filter(partnership=partnership)
    }
    problems: list[openreferral.Problem] = []
    planned: list[tuple[Asset, tuple[dict, dict] | None]] = []
    for service in parsed.services:
        fields = dict(service.fields)
        partner = partners.get(service.owner_name.strip().lower())
        fields["owner_organisation"] = partner
        fields["owner_name"] = "" if partner else service.owner_name
        asset = existing.get(service.service_id)
        before = (_snapshot(asset), _as_openreferral(asset)) if asset is not None else None
        if asset is None:
            asset = Asset(partnership=partnership)
        else:
            _keep_own_last_modified(asset, fields)
            if "segment" not in service.classified:
                fields.pop("segment")
            if "asset-type" not in service.classified:
                fields.pop("asset_type")
            if not service.classified - {"segment", "asset-type"}:
                for name in ("determinants", "target_groups", "reach", "capacity",
                             "evidence_links"):  # fmt: skip
                    fields.pop(name)
        for name, value in fields.items():
            setattr(asset, name, value)
        try:
            _validate(asset)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                path = service.paths.get(name, service.paths["name"].rsplit(".", 1)[0])
                problems += [openreferral.Problem(path, message) for message in messages]
        planned.append((asset, before))
    if problems:
        raise openreferral.OpenReferralInvalid(problems)
    result = OpenReferralImport([], [], [], parsed.warnings)
    for asset, before in planned:
        if before is None:
            asset.save()
            result.added.append(asset.name)
            audit_event_record(by=by, partnership=partnership, verb="asset.created",
                               target=asset, after=_snapshot(asset))  # fmt: skip
            continue
        if before[1] == _as_openreferral(asset):
            result.unchanged.append(asset.name)
            continue
        asset.save()
        result.updated.append(asset.name)
        old, new = changed_fields(before[0], _snapshot(asset))
        if new:
            audit_event_record(by=by, partnership=partnership, verb="asset.updated",
                               target=asset, before=old, after=new)  # fmt: skip
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="assets.imported_openreferral",
        target_type="asset",
        target_label=source_name,
        after={"added": len(result.added), "updated": len(result.updated),
               "unchanged": len(result.unchanged)},
    )  # fmt: skip
    return result
