"""Check a workspace document before anything is stored, in a fixed order: it is JSON, it
matches the schema, its version is one this instance reads, its local ids all resolve, and the
shared reference data it names is here. Each refusal says what is wrong in plain words."""

import json
from collections import Counter

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from placematters.workspace import queries
from placematters.workspace.document import FORMAT, VERSION, Kind, record_fields, stored_schema
from placematters.workspace.registry import INCLUDED

MOST_REASONS = 10


class WorkspaceRefused(Exception):
    """The document cannot be imported; ``reasons`` says why, one sentence each."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def parse(raw: bytes | str) -> object:
    """The JSON value in ``raw``, or a refusal saying where the JSON breaks."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkspaceRefused(
                ["The file is not a workspace file: it is not text saved as UTF-8."]
            ) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as problem:
        raise WorkspaceRefused(
            [
                "The file is not valid JSON: "
                f"{problem.msg.lower()} at line {problem.lineno}, column {problem.colno}."
            ]
        ) from None


def _where(error: SchemaError) -> str:
    return " / ".join(str(part) for part in error.absolute_path) or "the top level"


def _describe(error: SchemaError) -> str:
    if error.validator == "required":
        missing = error.message.replace(" is a required property", "")
        return f"At {_where(error)}, {missing} is missing."
    if error.validator == "additionalProperties":
        return f"At {_where(error)}, {error.message[0].lower()}{error.message[1:]}."
    return f"At {_where(error)}, the value is wrong: {error.message}."


def check_schema(document: object) -> None:
    """Refuse a document that does not match the JSON Schema kept in the repository."""
    if not isinstance(document, dict):
        raise WorkspaceRefused(
            ["The file is not a workspace file: it does not hold a JSON object."]
        )
    if "format" in document and document["format"] != FORMAT:
        raise WorkspaceRefused(
            [
                "The file is not a Place Matters workspace file: its format is "
                f"“{str(document['format'])[:80]}”, not “{FORMAT}”."
            ]
        )
    errors = sorted(
        Draft202012Validator(stored_schema()).iter_errors(document),
        key=lambda error: [str(part) for part in error.absolute_path],
    )
    if errors:
        reasons = [_describe(error) for error in errors[:MOST_REASONS]]
        if len(errors) > MOST_REASONS:
            reasons.append(f"There are {len(errors) - MOST_REASONS} more problems like these.")
        raise WorkspaceRefused(
            ["The file does not match the workspace format (nothing was imported).", *reasons]
        )


def check_version(document: dict) -> None:
    if document["version"] > VERSION:
        raise WorkspaceRefused(
            [
                "This file was written by a newer version of Place Matters "
                f"(format version {document['version']}); this instance reads version {VERSION}."
            ]
        )


def check_local_ids(document: dict) -> None:
    """Refuse repeated local ids and links to records the document does not hold."""
    records = document["records"]
    reasons = []
    ids: dict[str, set[int]] = {}
    for entry in INCLUDED:
        counted = Counter(record["id"] for record in records[entry.label])
        repeated = sorted(number for number, times in counted.items() if times > 1)
        if repeated:
            reasons.append(f"{entry.label} uses the id {repeated[0]} for more than one record.")
        ids[entry.label] = set(counted)
    for entry in INCLUDED:
        for record_field in record_fields(entry.label):
            if record_field.kind not in (Kind.RECORD, Kind.USER, Kind.INDICATOR, Kind.MANY):
                continue
            known = ids[record_field.target]
            for record in records[entry.label]:
                value = record[record_field.name]
                wanted = value if isinstance(value, list) else [value]
                for number in wanted:
                    if isinstance(number, int) and number not in known:
                        reasons.append(
                            f"{entry.label} record {record['id']} links through "
                            f"“{record_field.name}” to {record_field.target} record {number}, "
                            "which is not in the file."
                        )
    if reasons:
        shown = reasons[:MOST_REASONS]
        if len(reasons) > MOST_REASONS:
            shown.append(f"There are {len(reasons) - MOST_REASONS} more links like these.")
        raise WorkspaceRefused(["The file's records do not fit together.", *shown])


def shared_indicators_named(document: dict) -> set[str]:
    """External ids of every shared indicator the document names or links to."""
    named = set(document["references"]["indicators"])
    for entry in INCLUDED:
        for record_field in record_fields(entry.label):
            if record_field.kind == Kind.INDICATOR:
                named |= {
                    record[record_field.name]["external_id"]
                    for record in document["records"][entry.label]
                    if isinstance(record[record_field.name], dict)
                }
    return named


def check_references(document: dict) -> None:
    """Refuse when shared reference data the document relies on is not in this instance."""
    reasons = []
    indicators = sorted(shared_indicators_named(document))
    missing = [name for name in indicators if name not in queries.shared_indicators(indicators)]
    if missing:
        reasons.append(
            "These shared indicators are not in this instance (import them first, by their "
            f"external ids): {', '.join(missing)}."
        )
    areas = sorted(document["references"]["areas"])
    missing_areas = sorted(set(areas) - queries.held_area_codes(areas))
    if missing_areas:
        reasons.append(
            "These areas are not in this instance's geography (import the geography first): "
            f"{', '.join(missing_areas)}."
        )
    if reasons:
        raise WorkspaceRefused(
            ["This instance does not hold the reference data the file relies on.", *reasons]
        )


def read(raw: bytes | str) -> dict:
    """The document in ``raw`` once every check has passed; else :class:`WorkspaceRefused`."""
    document = parse(raw)
    check_schema(document)
    check_version(document)
    check_local_ids(document)
    check_references(document)
    return document
