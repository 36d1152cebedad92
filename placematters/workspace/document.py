"""The workspace document: how each record's fields are written and read, and its JSON Schema.

A record is one row of an INCLUDED model, written as a JSON object: ``id`` (a number local to
the document, counted from 1 per record type in database order), then every concrete field but
the database id and the link to the partnership (which is implied). Links to other records in
the document are their local ids; links to people are local ids of ``accounts.user`` records;
links to a shared indicator (one with no partnership) are ``{"external_id": ...}``. Dates and
times are ISO 8601 strings, decimals are strings (so no digit is lost), JSON fields are as-is.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models

from placematters.workspace.registry import INCLUDED, INDICATOR, PARTNERSHIP, USER, label_of

FORMAT = "place-matters-workspace"
VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schema" / "workspace-v1.schema.json"
USER_FIELDS = ("email", "full_name")

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"


class Kind(StrEnum):
    PLAIN = "plain"
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    JSON = "json"
    RECORD = "record"  # a link to another record in the document, by local id
    USER = "user"  # a link to a person, by the local id of an accounts.user record
    INDICATOR = "indicator"  # a local id, or {"external_id": ...} for a shared indicator
    MANY = "many"  # a many-to-many link: a list of local ids


@dataclass(frozen=True)
class RecordField:
    field: models.Field
    kind: Kind
    target: str = ""  # label of the linked record type, for links

    @property
    def name(self) -> str:
        return self.field.name


class UnsupportedField(Exception):
    """A model field this format does not know how to write (a new kind of link)."""


def _kind(model: type[models.Model], field: models.Field) -> RecordField:
    included = {entry.label for entry in INCLUDED}
    if field.many_to_many:
        target = label_of(field.related_model)
        if target not in included:
            raise UnsupportedField(f"{label_of(model)}.{field.name} links to {target}")
        return RecordField(field, Kind.MANY, target)
    if field.is_relation:
        target = label_of(field.related_model)
        if target == USER:
            return RecordField(field, Kind.USER, USER)
        if target == INDICATOR:
            return RecordField(field, Kind.INDICATOR, INDICATOR)
        if target not in included:
            raise UnsupportedField(f"{label_of(model)}.{field.name} links to {target}")
        return RecordField(field, Kind.RECORD, target)
    if isinstance(field, models.DateTimeField):
        return RecordField(field, Kind.DATETIME)
    if isinstance(field, models.DateField):
        return RecordField(field, Kind.DATE)
    if isinstance(field, models.DecimalField):
        return RecordField(field, Kind.DECIMAL)
    if isinstance(field, models.JSONField):
        return RecordField(field, Kind.JSON)
    if isinstance(field, (models.FileField, models.BinaryField)):
        raise UnsupportedField(f"{label_of(model)}.{field.name} holds a file")
    return RecordField(field, Kind.PLAIN)


@cache
def record_fields(label: str) -> tuple[RecordField, ...]:
    """The fields written for each record of ``label``, in the order they are written."""
    from django.apps import apps

    model = apps.get_model(label)
    if label == USER:
        return tuple(RecordField(model._meta.get_field(name), Kind.PLAIN) for name in USER_FIELDS)
    concrete = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not (field.is_relation and label_of(field.related_model) == PARTNERSHIP)
    ]
    return tuple(_kind(model, field) for field in [*concrete, *model._meta.many_to_many])


def partnership_field(model: type[models.Model]) -> models.Field | None:
    """The model's own link to the partnership, if it has one (set on import, not written)."""
    for field in model._meta.concrete_fields:
        if field.is_relation and label_of(field.related_model) == PARTNERSHIP:
            return field
    return None


def write_value(record_field: RecordField, value: Any) -> Any:
    """A plain field's value as JSON (links are written by the exporter, which knows the ids)."""
    if value is None:
        return None
    if record_field.kind in (Kind.DATE, Kind.DATETIME):
        return value.isoformat()
    if record_field.kind == Kind.DECIMAL:
        return str(value)
    return value


def read_value(record_field: RecordField, value: Any) -> Any:
    """A plain field's value from JSON, as the model stores it."""
    if value is None:
        return None
    if record_field.kind == Kind.DATE:
        return datetime.date.fromisoformat(value)
    if record_field.kind == Kind.DATETIME:
        return datetime.datetime.fromisoformat(value)
    if record_field.kind == Kind.DECIMAL:
        return Decimal(value)
    return value


# --- JSON Schema ----------------------------------------------------------------------------


def _nullable(schema: dict, field: models.Field) -> dict:
    if not field.null:
        return schema
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "type" in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _plain_schema(field: models.Field) -> dict:
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, (models.IntegerField, models.AutoField)):
        schema: dict = {"type": "integer"}
        if isinstance(
            field,
            (
                models.PositiveIntegerField,
                models.PositiveSmallIntegerField,
                models.PositiveBigIntegerField,
            ),
        ):
            schema["minimum"] = 0
        return schema
    if isinstance(field, models.FloatField):
        return {"type": "number"}
    schema = {"type": "string"}
    if field.choices:
        values = [value for value, _label in field.flatchoices]
        return {"enum": [*values, ""] if field.blank and "" not in values else values}
    if field.max_length:
        schema["maxLength"] = field.max_length
    return schema


def _field_schema(record_field: RecordField) -> dict:
    field, kind = record_field.field, record_field.kind
    local_id = {"type": "integer", "minimum": 1}
    description = str(field.help_text or field.verbose_name)
    if kind == Kind.MANY:
        return {
            "description": f"{description}: local ids of {record_field.target} records",
            "type": "array",
            "items": local_id,
            "uniqueItems": True,
        }
    if kind in (Kind.RECORD, Kind.USER):
        schema = {
            **local_id,
            "description": f"local id of the {record_field.target} record it links to",
        }
    elif kind == Kind.INDICATOR:
        schema = {
            "description": "local id of an indicators.indicator record, or a shared indicator "
            "named by its external id",
            "oneOf": [local_id, {"$ref": "#/$defs/sharedIndicator"}],
        }
    elif kind == Kind.DATE:
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif kind == Kind.DATETIME:
        schema = {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    elif kind == Kind.DECIMAL:
        schema = {"type": "string", "pattern": DECIMAL_PATTERN}
    elif kind == Kind.JSON:
        schema = {}
    else:
        schema = _plain_schema(field)
    schema = _nullable(schema, field)
    return {"description": description, **schema} if "description" not in schema else schema


def _record_schema(label: str) -> dict:
    fields = record_fields(label)
    properties = {record_field.name: _field_schema(record_field) for record_field in fields}
    if label == USER:
        # People are matched by e-mail address on import, so it must at least look like one.
        properties["email"]["pattern"] = EMAIL_PATTERN
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", *[record_field.name for record_field in fields]],
        "properties": {
            "id": {"type": "integer", "minimum": 1, "description": "local id in this document"},
            **properties,
        },
    }


def build_schema() -> dict:
    """The JSON Schema (draft 2020-12) of version 1 documents, built from the models."""
    labels = [entry.label for entry in INCLUDED]
    strict = {
        "required": [
            "exported_at",
            "application_version",
            "partnership",
            "references",
            "records",
        ],
        "properties": {
            "exported_at": {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN},
            "application_version": {"type": "string"},
            "partnership": {"$ref": "#/$defs/partnership"},
            "references": {"$ref": "#/$defs/references"},
            "records": {
                "type": "object",
                "additionalProperties": False,
                "required": labels,
                "properties": {
                    label: {"type": "array", "items": {"$ref": f"#/$defs/{label}"}}
                    for label in labels
                },
            },
        },
    }
    text = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://placematters.example/schema/workspace-v1.schema.json",
        "title": "Place Matters workspace, format version 1",
        "description": "One partnership's whole workspace. See docs/workspace-format.md.",
        "type": "object",
        "required": ["format", "version"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"type": "integer", "minimum": 1},
        },
        "if": {"properties": {"version": {"const": VERSION}}},
        "then": strict,
        "$defs": {
            "partnership": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "name",
                    "slug",
                    "description",
                    "is_illustrative",
                    "created_at",
                    "updated_at",
                ],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "slug": {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 80},
                    "description": text,
                    "is_illustrative": {"type": "boolean"},
                    "created_at": {"type": "string", "pattern": DATETIME_PATTERN},
                    "updated_at": {"type": "string", "pattern": DATETIME_PATTERN},
                },
            },
            "references": {
                "type": "object",
                "additionalProperties": False,
                "required": ["indicators", "areas"],
                "properties": {
                    "indicators": {
                        "description": "external ids of the shared indicators the records use",
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "uniqueItems": True,
                    },
                    "areas": {
                        "description": "GSS codes of the areas of focus, held in the geography",
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "uniqueItems": True,
                    },
                },
            },
            "sharedIndicator": {
                "type": "object",
                "additionalProperties": False,
                "required": ["external_id"],
                "properties": {"external_id": {"type": "string", "minLength": 1}},
            },
            **{label: _record_schema(label) for label in labels},
        },
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def stored_schema() -> dict:
    """The schema file kept in the repository (tests check it matches :func:`build_schema`)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
