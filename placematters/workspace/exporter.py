"""Write one partnership's workspace as a version 1 document (a JSON-ready dict)."""

import datetime
from importlib.metadata import PackageNotFoundError, version

from django.utils import timezone

from placematters.partnerships.models import Partnership
from placematters.workspace import queries
from placematters.workspace.document import (
    FORMAT,
    VERSION,
    Kind,
    record_fields,
    write_value,
)
from placematters.workspace.registry import INCLUDED, USER


class ExportProblem(Exception):
    """The partnership holds something the format cannot write (explained in the message)."""


def application_version() -> str:
    try:
        return version("placematters")
    except PackageNotFoundError:
        return "unknown"


def build_document(
    partnership: Partnership, *, exported_at: datetime.datetime | None = None
) -> dict:
    """The whole workspace of ``partnership`` as a version 1 document."""
    rows = queries.workspace_rows(partnership)
    local_ids = {
        label: {row.pk: number for number, row in enumerate(records, start=1)}
        for label, records in rows.items()
    }
    user_ids: set[int] = set()
    indicator_ids: set[int] = set()
    for label, records in rows.items():
        for record_field in record_fields(label):
            if record_field.kind not in (Kind.USER, Kind.INDICATOR):
                continue
            values = {getattr(row, record_field.field.attname) for row in records} - {None}
            if record_field.kind == Kind.USER:
                user_ids |= values
            else:
                indicator_ids |= values
    users = queries.users_by_id(user_ids)
    local_ids[USER] = {user.pk: number for number, user in enumerate(users, start=1)}
    indicators = queries.indicators_by_id(indicator_ids)
    shared_used: set[str] = set()

    def indicator_reference(indicator_id: int) -> int | dict:
        if indicator_id in local_ids["indicators.indicator"]:
            return local_ids["indicators.indicator"][indicator_id]
        indicator = indicators[indicator_id]
        if indicator.partnership_id is not None or not indicator.external_id:
            raise ExportProblem(
                f"The indicator “{indicator.name}” is neither this partnership's own nor a "
                "shared indicator with an external id, so the document cannot refer to it."
            )
        shared_used.add(indicator.external_id)
        return {"external_id": indicator.external_id}

    def link(label: str, record_field, target_id: int) -> int:
        try:
            return local_ids[record_field.target][target_id]
        except KeyError:
            raise ExportProblem(
                f"A {label} record links through “{record_field.name}” to a "
                f"{record_field.target} record that belongs to another partnership."
            ) from None

    records: dict[str, list[dict]] = {
        USER: [
            {"id": number, "email": user.email, "full_name": user.full_name}
            for number, user in enumerate(users, start=1)
        ]
    }
    for entry in INCLUDED:
        if entry.label == USER:
            continue
        label, fields = entry.label, record_fields(entry.label)
        many = {
            record_field.name: _many_links(record_field, rows[label], local_ids)
            for record_field in fields
            if record_field.kind == Kind.MANY
        }
        written = []
        for row in rows[label]:
            record: dict = {"id": local_ids[label][row.pk]}
            for record_field in fields:
                if record_field.kind == Kind.MANY:
                    record[record_field.name] = many[record_field.name].get(row.pk, [])
                    continue
                value = getattr(row, record_field.field.attname)
                if value is None:
                    record[record_field.name] = None
                elif record_field.kind == Kind.INDICATOR:
                    record[record_field.name] = indicator_reference(value)
                elif record_field.kind in (Kind.RECORD, Kind.USER):
                    record[record_field.name] = link(label, record_field, value)
                else:
                    record[record_field.name] = write_value(record_field, value)
            written.append(record)
        records[label] = written

    area_codes = sorted({area.gss_code for area in rows["partnerships.areaoffocus"]})
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (exported_at or timezone.now()).isoformat(),
        "application_version": application_version(),
        "partnership": {
            "name": partnership.name,
            "slug": partnership.slug,
            "description": partnership.description,
            "is_illustrative": partnership.is_illustrative,
            "created_at": partnership.created_at.isoformat(),
            "updated_at": partnership.updated_at.isoformat(),
        },
        "references": {
            "indicators": sorted(shared_used),
            "areas": sorted(queries.held_area_codes(area_codes)),
        },
        "records": records,
    }


def _many_links(record_field, rows: list, local_ids: dict) -> dict[int, list[int]]:
    targets = local_ids[record_field.target]
    links: dict[int, list[int]] = {}
    for source_id, target_id in queries.many_to_many_pairs(
        record_field.field, [row.pk for row in rows]
    ):
        if target_id not in targets:
            raise ExportProblem(
                f"A {record_field.field.model._meta.label_lower} record links through "
                f"“{record_field.name}” to a record that belongs to another partnership."
            )
        links.setdefault(source_id, []).append(targets[target_id])
    return {source_id: sorted(ids) for source_id, ids in links.items()}
