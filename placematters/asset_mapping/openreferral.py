"""Open Referral UK (ORUK, the UK profile of HSDS 3.0): read, validate and map documents to asset
fields, and write the register as one document. Pure: no database, no models.

**The document we write** is one JSON object with an array per table (HSDS's tabular form, as
JSON): ``organization``, ``service``, ``location``, ``service_at_location``, ``address``,
``contact``, ``phone``, ``schedule``, ``cost_option``, ``service_area``, ``taxonomy``,
``taxonomy_term``, ``attribute`` (plus any other table an imported document carried, such as
``language`` or ``funding``). Each record appears once, so a location shared by several
services is written once. Keys are sorted so two exports of the same register are byte for
byte the same.

**Documents we read**: that tabular shape, or the HSDS 3.0 nested shape (a list of services, or
``{"services": [...]}``, or an API page ``{"contents": [...]}``, or one service), where each
service nests ``organization``, ``service_at_locations`` (each with its ``location`` and the
location's ``addresses``), ``contacts`` (with ``phones``), ``schedules``, ``cost_options``,
``service_areas``, ``attributes`` (with ``taxonomy_term`` and its ``taxonomy``) and so on.
Nested records are flattened to the tables first, filling in the link ids they imply.

**Validation** happens before anything is mapped: the file must be UTF-8 JSON no larger than the
cap, every record must match ``content/openreferral_uk_schema.json`` (required fields, enums,
numbers, dates, e-mail addresses and web addresses), ids must be unique in each table and
every link id must point at a record in the document. Each problem is reported with its JSON
path (``$.service[2].status``) and a plain reason.

**Mapping**: one service is one asset (see the ``Asset`` docstring for the field map). The
first service_at_location of a service gives the asset's location (its first address, physical
first, gives the address), the first contact (and its first phone) the asset's contact.
Segment, asset type, determinant factors, target groups, reach, capacity, evidence links and
free-text opening times travel as ``attribute`` records tagged with terms of the Place Matters
taxonomy (uri ``urn:placematters:oruk-taxonomy``; term uris ``urn:placematters:oruk-taxonomy:
segment:civic`` and so on; ids are uuid5 of the uri, the same everywhere). A service that
carries none of them is imported as a service-based institution. Everything else a service
owns in the document (fields we do not map, more locations and contacts, languages, funding,
accessibility, other taxonomies' attributes with their terms...) is kept in the asset's
``oruk_extra`` and written back on export, so nothing the standard carries is lost.

**Ids**: a record keeps the id it was imported with (``external_ids``). Records made in Place
Matters get uuid5 ids from the partnership and the asset (``urn:placematters:partnership:<pk>:
asset:<pk>:<kind>``): stable across exports, but scoped to the partnership, so the same asset
typed into two partnerships gets different ids. Exporting, importing the document into another
partnership and exporting again gives the same document, ids included.

**Known limits**: coordinates are kept to 5 decimal places (about 1 m); postcodes, GSS codes
and e-mail addresses are normalised; records linked to no service (an organisation with no
services, an unused taxonomy) cannot be held by the register and are reported as warnings;
``last_modified`` keeps the imported value until the source sends a new one.
"""

import datetime
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).parent / "content" / "openreferral_uk_schema.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

TAXONOMY_URI = "urn:placematters:oruk-taxonomy"
TAXONOMY_NAME = "Place Matters"
TAXONOMY_DESCRIPTION = (
    "How Place Matters classifies an asset: its Population Intervention Triangle segment, its "
    "kind of asset (asset-based community development), the determinants of health it "
    "addresses, and register fields with no ORUK equivalent."
)
TAXONOMY_VERSION = "1"

TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "contact",
    "phone",
    "schedule",
    "cost_option",
    "service_area",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)
ALWAYS_WRITTEN = ("organization", "service", "location")

# nested key -> table; and the link field a child gets from its parent's table
CHILD_TABLE = {
    "organization": "organization",
    "service_at_locations": "service_at_location",
    "location": "location",
    "locations": "location",
    "contacts": "contact",
    "phones": "phone",
    "schedules": "schedule",
    "cost_options": "cost_option",
    "service_areas": "service_area",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
    "taxonomy": "taxonomy",
    "addresses": "address",
    "physical_addresses": "address",
    "languages": "language",
    "funding": "funding",
    "fundings": "funding",
    "accessibility": "accessibility",
    "organization_identifiers": "organization_identifier",
    "services": "service",
}
PARENT_LINK = {
    "service": "service_id",
    "organization": "organization_id",
    "location": "location_id",
    "contact": "contact_id",
    "service_at_location": "service_at_location_id",
    "phone": "phone_id",
}
# a parent that holds a single child object links to it by these fields instead
FORWARD_LINK = {
    ("service", "organization"): "organization_id",
    ("service_at_location", "location"): "location_id",
    ("attribute", "taxonomy_term"): "taxonomy_term_id",
    ("taxonomy_term", "taxonomy"): "taxonomy_id",
}
REFERENCES = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "contact_id": "contact",
    "phone_id": "phone",
    "service_at_location_id": "service_at_location",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
    "parent_organization_id": "organization",
}
GENERIC_LINKS = (
    "service_id",
    "service_at_location_id",
    "contact_id",
    "phone_id",
    "location_id",
    "organization_id",
)

SEGMENT_DEFAULT = "service"
ASSET_TYPE_DEFAULT = "institutions"
FIELD_TERMS = {
    "target-groups": ("target_groups", "Target groups", "Who the asset is for"),
    "reach": ("reach", "Reach", "People reached in a year"),
    "capacity": ("capacity", "Capacity", "How much more the asset can take on"),
    "evidence-link": ("evidence_links", "Evidence", "A web address with evidence about the asset"),
    "opening-times": ("opening_times", "Opening times", "Opening times in words"),
}

MAPPED = {
    "service": {
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "fees_description",
        "assured_date",
    },
    "organization": {"id", "name"},
    "location": {"id", "name", "latitude", "longitude"},
    "address": {"id", "location_id", "address_1", "city", "postal_code"},
    "service_at_location": {"id", "service_id", "location_id"},
    "contact": {"id", "service_id", "name"},
    "phone": {"id", "contact_id", "number"},
}
GSS = re.compile(r"^[A-Z]\d{8}$")
COORDINATE = Decimal("0.00001")


@dataclass(frozen=True)
class Problem:
    """One reason a document is refused: where (a JSON path) and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class OpenReferralInvalid(Exception):
    """The document was refused; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems[:5]))


@dataclass
class Record:
    table: str
    data: dict
    path: str


@dataclass
class Tables:
    """A document as tables of records, each remembering where it was in the document."""

    rows: dict[str, list[Record]] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.rows.setdefault(record.table, []).append(record)

    def of(self, table: str) -> list[Record]:
        return self.rows.get(table, [])

    def index(self) -> dict[tuple[str, str], Record]:
        return {
            (record.table, str(record.data["id"])): record
            for table in self.rows
            for record in self.rows[table]
            if "id" in record.data
        }


@dataclass
class ServiceImport:
    """One service mapped to asset fields, with the JSON path of each field's source."""

    service_id: str
    fields: dict[str, Any]
    paths: dict[str, str]
    classified: set[str]  # which Place Matters fields the document gave (segment, asset_type...)
    owner_name: str


@dataclass
class Parsed:
    services: list[ServiceImport]
    warnings: list[str]


# --- reading ---------------------------------------------------------------------------------


def read_document(raw: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Parse raw bytes (or text) as JSON, refusing files that are too large, not UTF-8 or not
    JSON."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > max_bytes:
        raise OpenReferralInvalid(
            [
                Problem(
                    "$",
                    f"The file is {size_text(len(raw))}; the largest allowed is "
                    f"{size_text(max_bytes)}",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise OpenReferralInvalid(
            [Problem("$", f"The file is not UTF-8 text (byte {error.start + 1} is not valid)")]
        ) from None

    def refuse_constant(name: str):
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise OpenReferralInvalid(
            [
                Problem(
                    "$",
                    f"The file is not JSON: {error.msg} at line {error.lineno}, column "
                    f"{error.colno}",
                )
            ]
        ) from None
    except (ValueError, RecursionError) as error:
        raise OpenReferralInvalid([Problem("$", f"The file is not valid JSON: {error}")]) from None


def size_text(n: int) -> str:
    """A file size in words, for messages."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


_formats = FormatChecker(formats=["date"])


@_formats.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if isinstance(value, str):
        datetime.datetime.fromisoformat(value)
    return True


@_formats.checks("email", raises=ValidationError)
def _is_email(value) -> bool:
    if isinstance(value, str):
        validate_email(value)
    return True


@_formats.checks("uri", raises=ValidationError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    if value.lower().startswith(("http://", "https://")):
        URLValidator(schemes=["http", "https"])(value)
        return True
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value):
        raise ValidationError("not a URI")
    return True


@cache
def _validator(table: str | None) -> Draft202012Validator:
    whole = schema()
    target = whole if table is None else {"$defs": whole["$defs"], **whole["$defs"][table]}
    return Draft202012Validator(target, format_checker=_formats)


def _join(path: str, parts) -> str:
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _reason(error) -> tuple[list, str]:
    """A plain reason for one schema error, and extra path parts that point at the field."""
    value = error.instance
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return [name], "This required field is missing"
    if error.validator == "enum":
        allowed = ", ".join(str(option) for option in error.validator_value if option is not None)
        return [], f"{shown} is not allowed here: use one of {allowed}"
    if error.validator == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = {
            "string": "text",
            "number": "a number",
            "integer": "a whole number",
            "object": "an object",
            "array": "a list",
            "null": "empty",
            "boolean": "true or false",
        }
        kinds = " or ".join(names.get(kind, kind) for kind in wanted if kind != "null")
        return [], f"Expected {kinds}, found {shown}"
    if error.validator == "format":
        kind = {
            "email": "an e-mail address",
            "uri": "a web address (https://...) or URI",
            "date": "a date such as 2025-03-31",
            "date-time": "a date and time such as 2025-03-31T09:00:00Z",
        }[error.validator_value]
        return [], f"{shown} is not {kind}"
    if error.validator in ("minimum", "maximum"):
        side = "at least" if error.validator == "minimum" else "at most"
        return [], f"{shown} is out of range: it must be {side} {error.validator_value}"
    if error.validator == "minLength":
        return [], "This must not be empty"
    if error.validator == "pattern":
        if "0-9]{2}" in error.validator_value:
            return [], f"{shown} is not a time such as 09:00 or 17:30:00"
        return [], f"{shown} is not a two-letter country code such as GB"
    return [], error.message


def _schema_problems(validator, instance, path: str) -> list[Problem]:
    problems = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        extra, reason = _reason(error)
        problems.append(Problem(_join(path, list(error.absolute_path) + extra), reason))
    return problems


def _flatten_into(tables: Tables, table: str, data: dict, path: str, problems) -> str | None:
    """Add a nested record and its children to ``tables``; return its id."""
    own = {}
    children = []
    for key, value in data.items():
        child_table = CHILD_TABLE.get(key)
        if child_table is None or child_table == table:
            own[key] = value
        elif isinstance(value, dict) and key in (
            "organization",
            "location",
            "taxonomy_term",
            "taxonomy",
        ):
            children.append((child_table, key, value, f"{path}.{key}", True))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                item_path = f"{path}.{key}[{number}]"
                if isinstance(item, dict):
                    children.append((child_table, key, item, item_path, False))
                elif key == "languages" and isinstance(item, str):
                    own.setdefault(key, []).append(item)
                else:
                    problems.append(Problem(item_path, "Expected an object"))
        elif value is None:
            continue
        else:
            problems.append(Problem(f"{path}.{key}", "Expected a list of objects"))
    tables.add(Record(table, own, path))
    own_id = own.get("id")
    for child_table, _key, item, item_path, single in children:
        item = dict(item)
        if own_id is not None:
            if single and (table, child_table) in FORWARD_LINK:
                pass
            elif child_table == "attribute":
                item.setdefault("link_id", own_id)
                item.setdefault("link_type", table)
            elif table in PARENT_LINK:
                item.setdefault(PARENT_LINK[table], own_id)
        child_id = _flatten_into(tables, child_table, item, item_path, problems)
        if single and (table, child_table) in FORWARD_LINK and child_id is not None:
            own.setdefault(FORWARD_LINK[(table, child_table)], child_id)
    return own_id


def _dedupe(tables: Tables, problems: list[Problem], nested: bool) -> Tables:
    """Refuse duplicate ids in a table; in nested documents the same record may repeat (a
    location shared by services) if every copy says the same."""
    result = Tables()
    for table, records in tables.rows.items():
        seen: dict[str, Record] = {}
        for record in records:
            key = record.data.get("id")
            if not isinstance(key, str) or not key:
                result.add(record)  # the schema reports it
                continue
            if key in seen:
                if nested and _comparable(seen[key].data) == _comparable(record.data):
                    continue
                how = "with different details " if nested else ""
                problems.append(
                    Problem(
                        f"{record.path}.id",
                        f"The id '{key}' is used {how}by another {table} too (at {seen[key].path})",
                    )
                )
                continue
            seen[key] = record
            result.add(record)
    return result


def _comparable(data: dict) -> dict:
    return {key: value for key, value in data.items() if not key.endswith("_id")}


def to_tables(document: Any) -> Tables:
    """Validate a parsed document of either shape and return its records as tables, or raise
    OpenReferralInvalid listing every problem."""
    problems: list[Problem] = []
    tables = Tables()
    nested = True
    if (
        isinstance(document, dict)
        and "id" not in document
        and any(name in document for name in TABLES)
    ):
        nested = False
        problems += _schema_problems(_validator(None), document, "$")
        if not problems:
            for table, rows in document.items():
                if isinstance(rows, list):
                    for number, row in enumerate(rows):
                        tables.add(Record(table, dict(row), f"$.{table}[{number}]"))
    else:
        if isinstance(document, list):
            services, base = document, "$"
        elif isinstance(document, dict) and isinstance(document.get("services"), list):
            services, base = document["services"], "$.services"
        elif isinstance(document, dict) and isinstance(document.get("contents"), list):
            services, base = document["contents"], "$.contents"
        elif isinstance(document, dict) and "id" in document:
            services, base = [document], None
        else:
            raise OpenReferralInvalid(
                [
                    Problem(
                        "$",
                        "This is not an Open Referral UK document: "
                        "expected an object with a 'service' list "
                        "(one list per table), or a list of "
                        "services",
                    )
                ]
            )
        if not services:
            problems.append(Problem(base or "$", "The document has no services"))
        for number, service in enumerate(services):
            path = "$" if base is None else f"{base}[{number}]"
            if not isinstance(service, dict):
                problems.append(Problem(path, "Expected a service (an object)"))
                continue
            _flatten_into(tables, "service", service, path, problems)
        for table, records in tables.rows.items():
            if table not in schema()["$defs"]:
                continue
            for record in records:
                problems += _schema_problems(_validator(table), record.data, record.path)
    if problems:
        raise OpenReferralInvalid(problems)
    tables = _dedupe(tables, problems, nested)
    problems += _reference_problems(tables)
    if problems:
        raise OpenReferralInvalid(problems)
    return tables


def _reference_problems(tables: Tables) -> list[Problem]:
    problems = []
    known = tables.index()
    for records in tables.rows.values():
        for record in records:
            for link, target in REFERENCES.items():
                value = record.data.get(link)
                if value in (None, ""):
                    continue
                if (target, str(value)) not in known:
                    problems.append(
                        Problem(
                            f"{record.path}.{link}",
                            f"Points at {target} '{value}', which is not in the document",
                        )
                    )
            if record.table == "attribute" and record.data.get("link_id") not in (None, ""):
                link_type = record.data.get("link_type")
                link_id = str(record.data["link_id"])
                if link_type in TABLES and (link_type, link_id) not in known:
                    problems.append(
                        Problem(
                            f"{record.path}.link_id",
                            f"Points at {link_type} '{link_id}', which is not in the document",
                        )
                    )
            parent = record.data.get("parent_id") if record.table == "taxonomy_term" else None
            if parent not in (None, "") and ("taxonomy_term", str(parent)) not in known:
                problems.append(
                    Problem(
                        f"{record.path}.parent_id",
                        f"Points at taxonomy_term '{parent}', which is not in the document",
                    )
                )
    return problems


# --- from tables to assets -------------------------------------------------------------------


def _owners(tables: Tables) -> dict[tuple[str, str], list[str]]:
    """Which services own each record (the service it describes, or the services that use
    the location, organisation or term it belongs to), in document order."""
    owners: dict[tuple[str, str], list[str]] = {}

    def add(key, service_ids):
        held = owners.setdefault(key, [])
        for service_id in service_ids:
            if service_id not in held:
                held.append(service_id)

    for record in tables.of("service"):
        sid = str(record.data["id"])
        add(("service", sid), [sid])
        if record.data.get("organization_id"):
            add(("organization", str(record.data["organization_id"])), [sid])
    for record in tables.of("service_at_location"):
        sid = str(record.data["service_id"])
        add(("service_at_location", str(record.data["id"])), [sid])
        add(("location", str(record.data["location_id"])), [sid])
    special = {"service", "service_at_location", "attribute", "taxonomy_term", "taxonomy"}
    generic = [table for table in tables.rows if table not in special]
    for _pass in range(4):
        for table in generic:
            for record in tables.of(table):
                for link in GENERIC_LINKS:
                    value = record.data.get(link)
                    if value not in (None, "") and (REFERENCES[link], str(value)) in owners:
                        add((table, str(record.data["id"])), owners[(REFERENCES[link], str(value))])
                        break
    known = tables.index()
    for record in tables.of("attribute"):
        link_id = record.data.get("link_id")
        link_type = record.data.get("link_type")
        targets = [link_type] if link_type in tables.rows else list(tables.rows)
        for table in targets:
            if (table, str(link_id)) in owners and (table, str(link_id)) in known:
                add(("attribute", str(record.data["id"])), owners[(table, str(link_id))])
                break
        term = ("taxonomy_term", str(record.data["taxonomy_term_id"]))
        add(term, owners.get(("attribute", str(record.data["id"])), []))
    for _depth in range(10):
        for record in tables.of("taxonomy_term"):
            parent = record.data.get("parent_id")
            if parent not in (None, ""):
                add(
                    ("taxonomy_term", str(parent)),
                    owners.get(("taxonomy_term", str(record.data["id"])), []),
                )
    for record in tables.of("taxonomy_term"):
        if record.data.get("taxonomy_id"):
            add(
                ("taxonomy", str(record.data["taxonomy_id"])),
                owners.get(("taxonomy_term", str(record.data["id"])), []),
            )
    return owners


def _is_ours(term: Record, known) -> bool:
    uri = term.data.get("term_uri") or ""
    if uri.startswith(TAXONOMY_URI + ":"):
        return True
    taxonomy = known.get(("taxonomy", str(term.data.get("taxonomy_id"))))
    return taxonomy is not None and taxonomy.data.get("uri") == TAXONOMY_URI


def _our_code(term: Record) -> str:
    uri = term.data.get("term_uri") or ""
    if uri.startswith(TAXONOMY_URI + ":"):
        return uri[len(TAXONOMY_URI) + 1 :]
    return str(term.data.get("term") or term.data.get("code") or "")


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _remainder(table: str, data: dict, mapped: set[str] | None = None) -> dict:
    """What a mapped record carries beyond the fields the asset holds: kept as received,
    including mapped fields that were empty (so null stays null)."""
    mapped = MAPPED.get(table, set()) if mapped is None else mapped
    return {key: value for key, value in data.items() if key not in mapped or _empty(value)}


def _text(value) -> str:
    return "" if value is None else str(value)


def _coordinate(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(COORDINATE)
    except InvalidOperation:
        return None


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse(document: Any, *, segments, asset_types) -> Parsed:
    """Validate a parsed document and map each service to asset fields (raising
    OpenReferralInvalid on any problem found so far)."""
    tables = to_tables(document)
    known = tables.index()
    owners = _owners(tables)
    problems: list[Problem] = []
    warnings: list[str] = []
    for table, records in tables.rows.items():
        for record in records:
            if table != "service" and not owners.get((table, str(record.data.get("id")))):
                warnings.append(
                    f"{table} '{record.data.get('id')}' ({record.path}) is linked to "
                    "no service, so the register cannot keep it"
                )
    owned: dict[str, list[Record]] = {}
    for table, records in tables.rows.items():
        for record in records:
            for sid in owners.get((table, str(record.data.get("id"))), []):
                owned.setdefault(sid, []).append(record)
    services = []
    for record in tables.of("service"):
        services.append(
            _map_service(
                record,
                owned.get(str(record.data["id"]), []),
                known,
                problems,
                segments=segments,
                asset_types=asset_types,
            )
        )
    if problems:
        raise OpenReferralInvalid(problems)
    return Parsed(services, warnings)


def _map_service(
    service: Record, records: list[Record], known, problems, *, segments, asset_types
) -> ServiceImport:
    sid = str(service.data["id"])
    data = service.data
    used: set[int] = {id(service)}
    paths = {"name": f"{service.path}.name"}
    fields: dict[str, Any] = {
        "name": _text(data.get("name")),
        "description": _text(data.get("description")),
        "status": data.get("status"),
        "website": _text(data.get("url")),
        "contact_email": _text(data.get("email")),
        "eligibility": _text(data.get("eligibility_description")),
        "minimum_age": data.get("minimum_age"),
        "maximum_age": data.get("maximum_age"),
        "cost": _text(data.get("fees_description")),
        "last_verified": _date(data.get("assured_date")),
    }
    for name, source in (
        ("description", "description"),
        ("status", "status"),
        ("website", "url"),
        ("contact_email", "email"),
        ("eligibility", "eligibility_description"),
        ("minimum_age", "minimum_age"),
        ("maximum_age", "maximum_age"),
        ("cost", "fees_description"),
        ("last_verified", "assured_date"),
    ):
        paths[name] = f"{service.path}.{source}"
    external = {"service": sid}
    extra: dict[str, Any] = {"records": {"service": _remainder("service", data)}}
    owner_name = ""
    organization = known.get(("organization", str(data.get("organization_id"))))
    if data.get("organization_id") and organization is not None:
        used.add(id(organization))
        owner_name = _text(organization.data.get("name"))
        external["organization"] = str(organization.data["id"])
        extra["records"]["organization"] = _remainder("organization", organization.data)
        paths["owner_name"] = f"{organization.path}.name"
    # location: the service's first service_at_location
    sal = next(
        (
            r
            for r in records
            if r.table == "service_at_location" and str(r.data.get("service_id")) == sid
        ),
        None,
    )
    location_fields = dict.fromkeys(
        ("location_name", "address", "town", "postcode", "area_code"), ""
    )
    location_fields |= {"latitude": None, "longitude": None}
    if sal is not None:
        used.add(id(sal))
        external["service_at_location"] = str(sal.data["id"])
        extra["records"]["service_at_location"] = _remainder("service_at_location", sal.data)
        location = known[("location", str(sal.data["location_id"]))]
        used.add(id(location))
        external["location"] = str(location.data["id"])
        mapped = set(MAPPED["location"])
        if str(location.data.get("external_identifier_type") or "").upper() == "GSS":
            mapped |= {"external_identifier", "external_identifier_type"}
            location_fields["area_code"] = _text(location.data.get("external_identifier"))
            paths["area_code"] = f"{location.path}.external_identifier"
        extra["records"]["location"] = _remainder("location", location.data, mapped)
        location_fields["location_name"] = _text(location.data.get("name"))
        location_fields["latitude"] = _coordinate(location.data.get("latitude"))
        location_fields["longitude"] = _coordinate(location.data.get("longitude"))
        paths |= {
            "location_name": f"{location.path}.name",
            "latitude": f"{location.path}.latitude",
            "longitude": f"{location.path}.longitude",
        }
        addresses = [
            r
            for r in records
            if r.table == "address" and str(r.data.get("location_id")) == external["location"]
        ]
        addresses.sort(key=lambda r: r.data.get("address_type") != "physical")
        if addresses:
            address = addresses[0]
            used.add(id(address))
            external["address"] = str(address.data["id"])
            extra["records"]["address"] = _remainder("address", address.data)
            location_fields["address"] = _text(address.data.get("address_1"))
            location_fields["town"] = _text(address.data.get("city"))
            location_fields["postcode"] = _text(address.data.get("postal_code"))
            paths |= {
                "address": f"{address.path}.address_1",
                "town": f"{address.path}.city",
                "postcode": f"{address.path}.postal_code",
            }
    fields |= location_fields
    contact = next(
        (r for r in records if r.table == "contact" and str(r.data.get("service_id")) == sid), None
    )
    fields["contact_name"], fields["contact_phone"] = "", ""
    if contact is not None:
        used.add(id(contact))
        external["contact"] = str(contact.data["id"])
        extra["records"]["contact"] = _remainder("contact", contact.data)
        fields["contact_name"] = _text(contact.data.get("name"))
        paths["contact_name"] = f"{contact.path}.name"
        phone = next(
            (
                r
                for r in records
                if r.table == "phone" and str(r.data.get("contact_id")) == external["contact"]
            ),
            None,
        )
        if phone is not None:
            used.add(id(phone))
            external["phone"] = str(phone.data["id"])
            extra["records"]["phone"] = _remainder("phone", phone.data)
            fields["contact_phone"] = _text(phone.data.get("number"))
            paths["contact_phone"] = f"{phone.path}.number"
    # rows of the service itself
    fields["schedules"], fields["cost_options"], fields["areas_served"] = [], [], []
    area_extra: dict[str, dict] = {}
    for record in records:
        if str(record.data.get("service_id")) != sid or id(record) in used:
            continue
        row = {key: value for key, value in record.data.items() if key != "service_id"}
        if record.table == "schedule":
            fields["schedules"].append(row)
        elif record.table == "cost_option":
            fields["cost_options"].append(row)
        elif record.table == "service_area":
            code = str(record.data.get("name") or "").strip().upper()
            if not GSS.match(code) or code in area_extra:
                continue
            fields["areas_served"].append(code)
            area_extra[code] = {key: value for key, value in row.items() if key != "name"}
            paths.setdefault("areas_served", f"{record.path}.name")
        else:
            continue
        used.add(id(record))
    # attributes of our taxonomy
    classified: set[str] = set()
    values: dict[str, Any] = {"determinants": [], "evidence_links": []}
    our_terms = set()
    for record in records:
        if record.table != "attribute" or str(record.data.get("link_id")) != sid:
            continue
        term = known.get(("taxonomy_term", str(record.data.get("taxonomy_term_id"))))
        if term is None or not _is_ours(term, known):
            continue
        used.add(id(record))
        our_terms.add(id(term))
        code = _our_code(term)
        kind, _, key = code.partition(":")
        value = record.data.get("value")
        where = f"{record.path}.taxonomy_term_id"
        if kind == "segment" and key in segments:
            values["segment"] = key
        elif kind == "asset-type" and key in asset_types:
            values["asset_type"] = key
        elif kind == "determinant":
            values["determinants"].append(key)
            paths.setdefault("determinants", where)
        elif kind == "field" and key in FIELD_TERMS:
            name = FIELD_TERMS[key][0]
            paths[name] = f"{record.path}.value"
            if name == "evidence_links":
                values[name].append(_text(value))
            elif name == "reach":
                try:
                    values[name] = None if _empty(value) else int(str(value))
                except ValueError:
                    problems.append(
                        Problem(
                            f"{record.path}.value",
                            f"The reach must be a whole number, not '{value}'",
                        )
                    )
            else:
                values[name] = _text(value)
        else:
            problems.append(Problem(where, f"'{code}' is not a term of the Place Matters taxonomy"))
            continue
        classified.add(kind if kind != "field" else FIELD_TERMS[key][0])
    for record in records:
        if record.table in ("taxonomy_term", "taxonomy") and (
            id(record) in our_terms
            or (record.table == "taxonomy" and record.data.get("uri") == TAXONOMY_URI)
            or (record.table == "taxonomy_term" and _is_ours(record, known))
        ):
            used.add(id(record))
    fields["segment"] = values.get("segment", SEGMENT_DEFAULT)
    fields["asset_type"] = values.get("asset_type", ASSET_TYPE_DEFAULT)
    fields["determinants"] = values["determinants"]
    fields["evidence_links"] = values["evidence_links"]
    fields["target_groups"] = values.get("target_groups", "")
    fields["reach"] = values.get("reach")
    fields["capacity"] = values.get("capacity", "")
    schedule_text = next(
        (_text(row.get("description")) for row in fields["schedules"] if row.get("description")), ""
    )
    fields["opening_times"] = values.get("opening_times", schedule_text)
    paths["segment"] = paths["asset_type"] = service.path
    more: dict[str, list] = {}
    for record in records:
        if id(record) not in used:
            more.setdefault(record.table, []).append(record.data)
    for rows in more.values():
        rows.sort(key=lambda row: str(row.get("id")))
    if more:
        extra["more"] = more
    if area_extra:
        extra["service_areas"] = area_extra
    fields["external_ids"] = external
    fields["oruk_extra"] = extra
    return ServiceImport(sid, fields, paths, classified, owner_name)


# --- from assets to a document ---------------------------------------------------------------


def _uuid(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(str(part) for part in parts)))


def term_uri(code: str) -> str:
    return f"{TAXONOMY_URI}:{code}"


def _set(record: dict, key: str, value) -> None:
    if not _empty(value):
        record[key] = value


class _Writer:
    def __init__(self):
        self.rows: dict[str, dict[str, dict]] = {}
        self.weak: set[tuple[str, str]] = set()

    def add(self, table: str, record: dict, *, weak: bool = False) -> None:
        """Keep the first record with each id, except that a record the register maps
        replaces one only kept as received (from another asset's ``more``)."""
        rows = self.rows.setdefault(table, {})
        key = str(record["id"])
        if key not in rows:
            rows[key] = record
            if weak:
                self.weak.add((table, key))
        elif not weak and (table, key) in self.weak:
            rows[key] = record
            self.weak.discard((table, key))

    def document(self) -> dict:
        out = {table: list(self.rows.get(table, {}).values()) for table in ALWAYS_WRITTEN}
        for table in TABLES:
            if self.rows.get(table):
                out[table] = list(self.rows[table].values())
        for table in sorted(self.rows):
            if table not in out and self.rows[table]:
                out[table] = list(self.rows[table].values())
        return out


def to_document(assets, *, partnership_key, labels: dict[str, dict[str, str]]) -> dict:
    """The register as one ORUK document of tables. ``assets`` are Asset-like objects in a
    stable order; ``partnership_key`` scopes the ids of records made here; ``labels`` gives
    the display names of segments, asset types and determinant factors
    (``{"segment": {...}, "asset_type": {...}, "determinant": {...}}``)."""
    writer = _Writer()
    used_terms: dict[str, tuple[str, str]] = {}
    for asset in assets:
        _write_asset(writer, asset, partnership_key, labels, used_terms)
    if used_terms:
        taxonomy_id = _uuid(TAXONOMY_URI)
        writer.add(
            "taxonomy",
            {
                "id": taxonomy_id,
                "name": TAXONOMY_NAME,
                "description": TAXONOMY_DESCRIPTION,
                "uri": TAXONOMY_URI,
                "version": TAXONOMY_VERSION,
            },
        )
        for code, (name, description) in sorted(used_terms.items()):
            writer.add(
                "taxonomy_term",
                {
                    "id": _uuid(term_uri(code)),
                    "name": name,
                    "description": description,
                    "taxonomy_id": taxonomy_id,
                    "term_uri": term_uri(code),
                    "term": code,
                },
            )
    return writer.document()


def made_id(asset, partnership_key, kind: str) -> str:
    """The id of one of an asset's records: the one it was imported with, else a uuid5 of the
    partnership and the asset."""
    external = asset.external_ids if isinstance(asset.external_ids, dict) else {}
    return external.get(kind) or _uuid(
        "urn:placematters:partnership", partnership_key, "asset", asset.pk, kind
    )


def service_id(asset, partnership_key) -> str:
    return made_id(asset, partnership_key, "service")


def _write_asset(writer: _Writer, asset, partnership_key, labels, used_terms) -> None:
    external = asset.external_ids if isinstance(asset.external_ids, dict) else {}
    extra = asset.oruk_extra if isinstance(asset.oruk_extra, dict) else {}
    kept = extra.get("records", {}) if isinstance(extra.get("records"), dict) else {}

    def made(kind: str) -> str:
        return made_id(asset, partnership_key, kind)

    sid = made("service")
    service = dict(kept.get("service", {}))
    if "last_modified" not in service and getattr(asset, "updated_at", None):
        service["last_modified"] = asset.updated_at.isoformat()
    service |= {"id": sid, "name": asset.name, "status": asset.status}
    for key, value in (
        ("description", asset.description),
        ("url", asset.website),
        ("email", asset.contact_email),
        ("eligibility_description", asset.eligibility),
        ("minimum_age", asset.minimum_age),
        ("maximum_age", asset.maximum_age),
        ("fees_description", asset.cost),
        ("assured_date", asset.last_verified.isoformat() if asset.last_verified else None),
    ):
        _set(service, key, value)
    owner = asset.owner
    if owner:
        if external.get("organization"):
            org_id = external["organization"]
        elif getattr(asset, "owner_organisation_id", None):
            org_id = _uuid(
                "urn:placematters:partnership",
                partnership_key,
                "organisation",
                asset.owner_organisation_id,
            )
        else:
            org_id = _uuid(
                "urn:placematters:partnership",
                partnership_key,
                "organisation-name",
                owner.strip().lower(),
            )
        organization = {"description": ""} | dict(kept.get("organization", {}))
        organization |= {"id": org_id, "name": owner}
        writer.add("organization", organization)
        service["organization_id"] = org_id
    writer.add("service", service)
    has_location = any(
        (
            asset.location_name,
            asset.address,
            asset.town,
            asset.postcode,
            asset.area_code,
            asset.latitude is not None,
            "location" in kept,
        )
    )
    if has_location:
        location_id = made("location")
        location = {"location_type": "physical"} | dict(kept.get("location", {}))
        location["id"] = location_id
        _set(location, "name", asset.location_name)
        if asset.latitude is not None and asset.longitude is not None:
            location["latitude"] = float(asset.latitude)
            location["longitude"] = float(asset.longitude)
        if asset.area_code:
            location["external_identifier"] = asset.area_code
            location["external_identifier_type"] = "GSS"
        writer.add("location", location)
        sal = dict(kept.get("service_at_location", {}))
        sal |= {"id": made("service_at_location"), "service_id": sid, "location_id": location_id}
        writer.add("service_at_location", sal)
        if asset.address or asset.town or asset.postcode or "address" in kept:
            address = {
                "address_1": "",
                "city": "",
                "state_province": "",
                "postal_code": "",
                "country": "GB",
                "address_type": "physical",
            }
            address |= dict(kept.get("address", {}))
            address |= {"id": made("address"), "location_id": location_id}
            _set(address, "address_1", asset.address)
            _set(address, "city", asset.town)
            _set(address, "postal_code", asset.postcode)
            writer.add("address", address)
    if asset.contact_name or asset.contact_phone or "contact" in kept:
        contact = dict(kept.get("contact", {})) | {"id": made("contact"), "service_id": sid}
        _set(contact, "name", asset.contact_name)
        writer.add("contact", contact)
        if asset.contact_phone:
            phone = dict(kept.get("phone", {}))
            phone |= {
                "id": made("phone"),
                "contact_id": contact["id"],
                "number": asset.contact_phone,
            }
            writer.add("phone", phone)
    schedules = [row for row in asset.schedules or [] if isinstance(row, dict)]
    if not schedules and asset.opening_times:
        schedules = [{"id": _uuid(sid, "schedule", 0), "description": asset.opening_times}]
    for number, row in enumerate(schedules):
        writer.add("schedule", {"id": _uuid(sid, "schedule", number)} | row | {"service_id": sid})
    for number, row in enumerate(asset.cost_options or []):
        if isinstance(row, dict):
            writer.add(
                "cost_option", {"id": _uuid(sid, "cost_option", number)} | row | {"service_id": sid}
            )
    areas = extra.get("service_areas", {}) if isinstance(extra.get("service_areas"), dict) else {}
    for code in asset.areas_served or []:
        base = areas.get(code) or {"extent_type": "GSS"}
        writer.add(
            "service_area",
            {"id": _uuid(sid, "service_area", code)} | base | {"name": code, "service_id": sid},
        )
    # Place Matters classification as attributes
    tags: list[tuple[str, Any]] = [
        (f"segment:{asset.segment}", None),
        (f"asset-type:{asset.asset_type}", None),
    ]
    tags += [(f"determinant:{key}", None) for key in asset.determinants or []]
    if asset.target_groups:
        tags.append(("field:target-groups", asset.target_groups))
    if asset.reach is not None:
        tags.append(("field:reach", str(asset.reach)))
    if asset.capacity:
        tags.append(("field:capacity", asset.capacity))
    tags += [("field:evidence-link", link) for link in asset.evidence_links or []]
    first_schedule_text = next(
        (_text(row.get("description")) for row in schedules if row.get("description")), ""
    )
    if asset.opening_times and asset.opening_times != first_schedule_text:
        tags.append(("field:opening-times", asset.opening_times))
    for number, (code, value) in enumerate(tags):
        kind, _, key = code.partition(":")
        if kind == "field":
            _field, name, description = FIELD_TERMS[key]
        else:
            name = labels.get(kind.replace("-", "_"), {}).get(key, key)
            description = {
                "segment": "Population Intervention Triangle segment",
                "asset-type": "Kind of asset (asset-based community development)",
                "determinant": "Determinant of health addressed",
            }[kind]
        used_terms.setdefault(code, (name, description))
        attribute = {
            "id": _uuid(sid, "attribute", number, code),
            "link_id": sid,
            "link_type": "service",
            "taxonomy_term_id": _uuid(term_uri(code)),
        }
        if value is not None:
            attribute["value"] = value
        writer.add("attribute", attribute)
    more = extra.get("more", {}) if isinstance(extra.get("more"), dict) else {}
    for table, rows in more.items():
        for row in rows or []:
            if isinstance(row, dict) and "id" in row:
                writer.add(table, row, weak=True)


def dumps(document: dict) -> str:
    """The document as stable, readable JSON text."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def validate_document(document: dict) -> list[Problem]:
    """Schema problems of a tables document (used to check our own export)."""
    try:
        to_tables(document)
    except OpenReferralInvalid as invalid:
        return invalid.problems
    return []
