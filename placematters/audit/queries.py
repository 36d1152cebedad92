"""Read the audit trail of one partnership."""

from django.db.models import QuerySet

from placematters.audit.models import AuditEvent


def activity_for_partnership(partnership, *, limit: int | None = None) -> QuerySet[AuditEvent]:
    """The partnership's changes, newest first."""
    events = AuditEvent.objects.filter(partnership=partnership).select_related("actor")
    return events[:limit] if limit else events
