"""Write audit events. Called by every other app's actions, inside their transactions."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from placematters.audit.models import AuditEvent


def _json_safe(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Keep only the fields whose value changed, made JSON-safe."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return (
        {key: _json_safe(before.get(key)) for key in keys},
        {key: _json_safe(after[key]) for key in keys},
    )


def audit_event_record(
    *,
    by,
    partnership,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one change. ``verb`` is a short past-tense code such as ``checklist_item.updated``."""
    return AuditEvent.objects.create(
        partnership=partnership,
        actor=by if getattr(by, "is_authenticated", False) else None,
        verb=verb,
        target_type=target_type or (target._meta.model_name if target is not None else ""),
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:300],
        before={key: _json_safe(value) for key, value in (before or {}).items()},
        after={key: _json_safe(value) for key, value in (after or {}).items()},
    )
