"""Background work: importing an uploaded indicator file (run by ``make worker``)."""

from django.tasks import task
from django.utils import timezone

from placematters.indicators.actions import (
    ImportFailed,
    indicators_import,
    indicators_import_fingertips,
)
from placematters.indicators.importers.base import STOP
from placematters.indicators.models import ImportBatch


@task()
def import_indicators_task(
    batch_id: int,
    path: str,
    format: str = "auto",
    mapping: dict | None = None,
    duplicates: str = STOP,
    fingertips: dict | None = None,
) -> dict:
    """Import ``path`` into the waiting batch ``batch_id``, updating its progress and status.

    With ``fingertips`` (indicator_id, area_type_id, parent_area_type_id) the data is first
    downloaded from the Fingertips API instead. Returns a small summary (the task result). A
    bad file, or an unreachable API, marks the batch failed with its errors (line, column,
    reason) and stores no observations.
    """
    batch = ImportBatch.objects.select_related("partnership", "created_by").get(pk=batch_id)
    if batch.status not in (ImportBatch.Status.PENDING, ImportBatch.Status.FAILED):
        return {"status": batch.status, "rows": batch.row_count}
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, progress=0)
    batch.status = ImportBatch.Status.RUNNING
    try:
        if fingertips:
            indicators_import_fingertips(
                **fingertips,
                by=batch.created_by,
                partnership=batch.partnership,
                duplicates=duplicates,
                batch=batch,
            )
        else:
            indicators_import(
                path=path,
                format=format,
                by=batch.created_by,
                partnership=batch.partnership,
                mapping=mapping,
                batch=batch,
                duplicates=duplicates,
            )
    except ImportFailed as failure:
        return {"status": ImportBatch.Status.FAILED, "errors": len(failure.errors)}
    except Exception as error:
        # Not the file's fault: say so on the batch (nothing was stored), then let the task fail.
        reason = f"the import stopped unexpectedly ({type(error).__name__}: {error})"
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED,
            errors=[{"line": None, "column": "", "reason": reason}],
            finished_at=timezone.now(),
        )
        raise
    return {"status": ImportBatch.Status.DONE, "rows": batch.row_count}
