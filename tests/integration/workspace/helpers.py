"""Tools for the workspace tests: count every table, and compare two partnerships' records."""

from django.apps import apps
from django.db import models

from placematters.workspace.document import Kind, partnership_field, record_fields
from placematters.workspace.registry import INCLUDED, USER


def count_every_table() -> dict[str, int]:
    """Rows in every table of every installed model, and in every many-to-many table."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def _rows(entry, partnership) -> list[models.Model]:
    return list(entry.model.objects.filter(**{entry.path: partnership}).order_by("pk"))


def record_differences(original, copy) -> list[str]:
    """Every field of every included record of ``original`` compared with ``copy``.

    Records are paired in database order; links are compared through that pairing (so a link
    to the n-th milestone of one must be a link to the n-th milestone of the other), people by
    e-mail address and shared indicators by identity. Returns one line per difference.
    """
    rows = {entry.label: (_rows(entry, original), _rows(entry, copy)) for entry in INCLUDED[1:]}
    pairing = {
        label: dict(zip([row.pk for row in old], [row.pk for row in new], strict=False))
        for label, (old, new) in rows.items()
    }
    differences = []
    for label, (old_rows, new_rows) in rows.items():
        if len(old_rows) != len(new_rows):
            differences.append(f"{label}: {len(old_rows)} records, the copy has {len(new_rows)}")
            continue
        model = INCLUDED[[entry.label for entry in INCLUDED].index(label)].model
        own = partnership_field(model)
        assert own is None or all(row.partnership_id == copy.pk for row in new_rows)
        for number, (old, new) in enumerate(zip(old_rows, new_rows, strict=True), start=1):
            for record_field in record_fields(label):
                name, kind = record_field.name, record_field.kind
                if kind == Kind.MANY:
                    expected = {pairing[record_field.target][pk] for pk in _many(old, name)}
                    got = set(_many(new, name))
                elif kind == Kind.USER:
                    expected = getattr(old, name) and getattr(old, name).email
                    got = getattr(new, name) and getattr(new, name).email
                else:
                    expected = getattr(old, record_field.field.attname)
                    got = getattr(new, record_field.field.attname)
                    if kind == Kind.RECORD and expected is not None:
                        expected = pairing[record_field.target].get(expected)
                    elif kind == Kind.INDICATOR and expected in pairing[record_field.target]:
                        expected = pairing[record_field.target][expected]
                if expected != got:
                    differences.append(f"{label} #{number} {name}: {expected!r} != {got!r}")
    return differences


def _many(row: models.Model, name: str) -> list[int]:
    return list(getattr(row, name).values_list("pk", flat=True))


def without_envelope_times(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


__all__ = ["USER", "count_every_table", "record_differences", "without_envelope_times"]
