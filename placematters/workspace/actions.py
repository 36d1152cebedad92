"""Export a partnership's workspace, and import a workspace document as a new partnership.

An import runs in one transaction: every check in :mod:`placematters.workspace.reader` passes
first, then every record is created; any failure stores nothing.
"""

import datetime

from django.db import DatabaseError, models, transaction
from django.utils.text import slugify

from placematters.accounts.actions import account_create
from placematters.audit.actions import audit_event_record
from placematters.partnerships.actions import require
from placematters.partnerships.models import Membership, Partnership, Role
from placematters.partnerships.permissions import Permission
from placematters.workspace import queries, reader
from placematters.workspace.document import Kind, partnership_field, read_value, record_fields
from placematters.workspace.exporter import build_document
from placematters.workspace.reader import WorkspaceRefused
from placematters.workspace.registry import INCLUDED, USER


@transaction.atomic
def workspace_export(*, by, partnership: Partnership) -> dict:
    """The partnership's workspace document. Owners only (it lists members' e-mail addresses);
    ``by=None`` is the server's administrator, through the management command."""
    if by is not None:
        require(partnership, by, Permission.MANAGE_PARTNERSHIP)
    document = build_document(partnership)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="workspace.exported",
        target=partnership,
        after={"records": sum(len(rows) for rows in document["records"].values())},
    )
    return document


def _free_slug(wanted: str) -> str:
    base = slugify(wanted)[:70] or "partnership"
    slug, suffix = base, 2
    while queries.slug_taken(slug):
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def workspace_import(*, by, raw: bytes | str, slug: str = "") -> Partnership:
    """Create a new partnership from the document in ``raw``.

    ``by`` becomes an owner of the new partnership (``None``: the members stay as in the file).
    ``slug`` is the new web address name; without it the file's own is used, with a number
    added if that is taken. People are matched by e-mail address; a person with no account
    here gets one that cannot sign in until a password is set for it.
    """
    try:
        with transaction.atomic():
            return _import(by=by, document=reader.read(raw), slug=slug)
    except DatabaseError as problem:
        raise WorkspaceRefused(
            [
                "The file's records break a rule of the database, so nothing was imported: "
                f"{problem}."
            ]
        ) from None


def _import(*, by, document: dict, slug: str) -> Partnership:
    if slug:
        if slugify(slug) != slug:
            raise WorkspaceRefused(
                ["Enter a web address name using only lower-case letters, numbers and hyphens."]
            )
        if queries.slug_taken(slug):
            raise WorkspaceRefused([f"The web address name “{slug}” is already used."])
    about = document["partnership"]
    try:
        created_at = datetime.datetime.fromisoformat(about["created_at"])
        updated_at = datetime.datetime.fromisoformat(about["updated_at"])
    except ValueError:
        raise WorkspaceRefused(
            ["The partnership's “created_at” or “updated_at” is not a real date and time."]
        ) from None
    partnership = Partnership.objects.create(
        name=about["name"],
        slug=slug or _free_slug(about["slug"]),
        description=about["description"],
        is_illustrative=about["is_illustrative"],
    )
    Partnership.objects.filter(pk=partnership.pk).update(
        created_at=created_at, updated_at=updated_at
    )
    partnership.refresh_from_db()
    records = document["records"]
    new_ids: dict[str, dict[int, int]] = {USER: _people(records[USER])}
    shared = queries.shared_indicators(sorted(reader.shared_indicators_named(document)))
    for entry in INCLUDED:
        if entry.label != USER:
            new_ids[entry.label] = _create(
                entry.model, entry.label, records[entry.label], partnership, new_ids, shared
            )
    for entry in INCLUDED:
        if entry.label != USER:
            _link_many(entry.label, records[entry.label], new_ids)
    if by is not None:
        _make_owner(partnership, by)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="workspace.imported",
        target=partnership,
        after={
            "from": about["slug"],
            "exported_at": document["exported_at"],
            "records": sum(len(rows) for rows in records.values()),
        },
    )
    return partnership


def _people(users: list[dict]) -> dict[int, int]:
    """Local user id → user id here, matching by e-mail and creating those not found."""
    found = queries.users_by_email([user["email"] for user in users])
    emails = [user["email"].lower() for user in users]
    repeated = sorted({email for email in emails if emails.count(email) > 1})
    if repeated:
        raise WorkspaceRefused([f"The file lists the person {repeated[0]} more than once."])
    ids = {}
    for user in users:
        person = found.get(user["email"].lower())
        if person is None:
            person = account_create(email=user["email"], full_name=user["full_name"], password=None)
        ids[user["id"]] = person.pk
    return ids


def _auto_time_fields(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]


def _create(model, label, records, partnership, new_ids, shared) -> dict[int, int]:
    """Create ``records`` of one type; return local id → new database id."""
    link_to_partnership = partnership_field(model)
    fields = [rf for rf in record_fields(label) if rf.kind != Kind.MANY]
    to_self = [rf for rf in fields if rf.kind == Kind.RECORD and rf.target == label]
    objects = []
    for record in records:
        values = {}
        if link_to_partnership is not None:
            values[link_to_partnership.attname] = partnership.pk
        for record_field in fields:
            value = record[record_field.name]
            attname = record_field.field.attname
            if record_field in to_self or value is None:
                values[attname] = None
            elif record_field.kind == Kind.INDICATOR and isinstance(value, dict):
                values[attname] = shared[value["external_id"]].pk
            elif record_field.kind in (Kind.RECORD, Kind.USER, Kind.INDICATOR):
                values[attname] = new_ids[record_field.target][value]
            else:
                values[attname] = _read(label, record, record_field)
        objects.append(model(**values))
    model.objects.bulk_create(objects)
    ids = {record["id"]: obj.pk for record, obj in zip(records, objects, strict=True)}
    # bulk_create stamps auto_now fields with the present; put the file's times back, and
    # links within one record type now that every record of it exists.
    restore = _auto_time_fields(model)
    for record, obj in zip(records, objects, strict=True):
        for name in restore:
            setattr(obj, name, _read(label, record, _field_named(label, name)))
        for record_field in to_self:
            local = record[record_field.name]
            setattr(obj, record_field.field.attname, ids[local] if local is not None else None)
    changed = restore + [rf.name for rf in to_self]
    if changed and objects:
        model.objects.bulk_update(objects, changed, batch_size=500)
    return ids


def _read(label: str, record: dict, record_field) -> object:
    """One field's value, refusing a date, time or number that only looks like one."""
    try:
        return read_value(record_field, record[record_field.name])
    except (ValueError, ArithmeticError):
        raise WorkspaceRefused(
            [
                f"{label} record {record['id']}: “{record_field.name}” holds "
                f"“{record[record_field.name]}”, which is not a real "
                f"{_WHAT[record_field.kind]}."
            ]
        ) from None


_WHAT = {Kind.DATE: "date", Kind.DATETIME: "date and time", Kind.DECIMAL: "number"}


def _field_named(label: str, name: str):
    return next(rf for rf in record_fields(label) if rf.name == name)


def _link_many(label: str, records: list[dict], new_ids: dict) -> None:
    for record_field in record_fields(label):
        if record_field.kind != Kind.MANY:
            continue
        through = record_field.field.remote_field.through
        source = record_field.field.m2m_field_name()
        target = record_field.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(
                    **{
                        f"{source}_id": new_ids[label][record["id"]],
                        f"{target}_id": new_ids[record_field.target][local],
                    }
                )
                for record in records
                for local in record[record_field.name]
            ]
        )


def _make_owner(partnership: Partnership, by) -> None:
    membership = Membership.objects.filter(partnership=partnership, user=by).first()
    if membership is None:
        Membership.objects.create(partnership=partnership, user=by, role=Role.OWNER)
    elif membership.role != Role.OWNER:
        membership.role = Role.OWNER
        membership.save(update_fields=["role"])
