"""Importing indicator files, and deleting what an import brought in.

An import is all or nothing: the file is read and every row checked first (the format's own
checks, plus area codes against the geography and rows already imported: the same figures are
left out with a warning, different ones are errors); any problem raises
:class:`ImportFailed` listing them all, and nothing is stored. A good file is then completed
with the statistics engine (missing values and limits from count and denominator; comparisons
with England and the parent area, computed once here and stored) and written in one
transaction, with an audit event.

Shared reference data (``partnership=None``) is imported by an administrator, usually from the
command line (``by=None``). A partnership's own data needs an editor or owner; ``by=None`` with
a partnership means the command line, where the administrator chose the partnership.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from placematters.analysis.actions import analysis_refresh
from placematters.audit.actions import audit_event_record
from placematters.indicators import queries
from placematters.indicators.compute import (
    BENCHMARK_KEYS,
    LIMITS,
    comparisons,
    fill_from_counts,
)
from placematters.indicators.importers import (
    ImportFailed,
    RowError,
    Rows,
    fingertips_api,
    importer_for,
)
from placematters.indicators.importers.base import (
    KEY_FIELDS,
    METADATA_FIELDS,
    NOISE,
    STOP,
    WARNING_LINES,
    Duplicates,
    IndicatorMeta,
    apply_metadata,
    same_figures_rows,
)
from placematters.indicators.importers.inference import default_metadata
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.partnerships.actions import require
from placematters.partnerships.permissions import Permission

__all__ = [
    "ImportFailed",
    "RowError",
    "batch_delete",
    "indicators_import",
    "indicators_import_fingertips",
    "indicators_import_start",
]

Progress = Callable[[float, str], None]
#: Rows per INSERT statement batch (executemany) while storing observations.
BATCH_SIZE = 20_000
#: Errors kept on a failed batch (the rest are counted).
STORED_ERRORS = 1000
SQLITE_IMPORT_CACHE_KIB = 262_144


def _check_role(by, partnership) -> None:
    if partnership is not None:
        if by is not None:
            require(partnership, by, Permission.EDIT_WORK)
    elif by is not None and not (getattr(by, "is_staff", False) or by.is_superuser):
        raise PermissionDenied("Only administrators can import shared reference data.")


def indicators_import(
    *,
    path,
    format: str = "auto",
    by=None,
    partnership=None,
    mapping: dict | None = None,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
    duplicates: str = STOP,
    source: str | None = None,
) -> ImportBatch:
    """Import an indicator file; return its batch, or raise ImportFailed and store nothing.

    ``format``: "auto", "fingertips", "fingertipsnext", "wide" or "csv". ``mapping``: for "csv" the
    column mapping ``{our_field: their_column}``; for any format, indicator metadata that
    overrides what the file says or what is inferred (value_type, polarity, multiplier...).
    ``progress(fraction, stage)`` is told how far the import has got. ``batch``: a batch made
    beforehand (the web upload's), which is marked failed, with its errors, if the file is bad.
    ``duplicates``: "stop" (rows giving different figures for one observation are errors) or
    "keep-last" (the later row is kept); exact repeats and the same figures at a different
    precision are left out either way, with warnings (ADR 0005), which the batch keeps in
    ``errors`` marked ``"level": "warning"`` and also carries as ``batch.warnings``. So is a
    row an earlier batch already holds with the same figures; one with different figures is
    an error naming that batch.
    ``source``: what the batch records as its source (default: the file's path).
    """
    _check_role(by, partnership)
    started = time.perf_counter()
    path = Path(path)

    def report(fraction: float, stage: str) -> None:
        if progress is not None:
            progress(fraction, stage)
        if batch is not None and batch.pk:
            ImportBatch.objects.filter(pk=batch.pk).update(progress=int(fraction * 100))

    try:
        report(0.0, "reading")
        importer = importer_for(path, format)
        rows = importer.read(path, mapping=mapping)
        rows.duplicates = duplicates
        report(0.25, "checking")
        existing = _resolve_indicators(rows, partnership, mapping)
        errors = importer.validate(rows)
        errors += _area_errors(rows)
        errors += _earlier_imports(rows, existing, partnership)
        if errors:
            raise ImportFailed(errors)
    except ImportFailed as failure:
        if batch is not None and batch.pk:
            _fail(batch, failure)
        raise

    report(0.4, "computing")
    left_out = _leave_out_duplicates(rows)
    frame = rows.frame
    computed = fill_from_counts(frame, rows.indicators).to_numpy()
    compared = _compare(rows, existing, partnership)
    report(0.5, "storing")
    with transaction.atomic():
        if batch is None:
            batch = ImportBatch(partnership=partnership)
        batch.kind = "indicators"
        batch.format = rows.format
        batch.source_file = (source or str(path))[-300:]
        batch.created_by = by if getattr(by, "is_authenticated", False) else batch.created_by
        batch.status = ImportBatch.Status.RUNNING
        batch.save()
        indicator_ids, created = _save_indicators(rows, existing, partnership)
        _insert_observations(
            frame,
            indicator_ids=indicator_ids,
            batch=batch,
            computed=computed,
            compared=compared,
            report=lambda share: report(0.5 + 0.5 * share, "storing"),
        )
        recompared = 0
        if existing:
            # Rows of earlier batches in the periods this file brings may gain (or change)
            # their benchmark: compare the whole of each such group again.
            groups = frame[["indicator_key", *BENCHMARK_KEYS[1:]]].drop_duplicates()
            groups = groups[groups["indicator_key"].isin(list(existing))]
            groups["indicator_id"] = groups.pop("indicator_key").map(indicator_ids)
            recompared = _recompare(groups)
        analysis_refresh(indicator_ids=indicator_ids.values())
        batch.status = ImportBatch.Status.DONE
        batch.row_count = len(frame)
        batch.progress = 100
        batch.errors = [
            {"line": None, "column": "", "reason": text, "level": "warning"}
            for text in left_out.warnings
        ]
        batch.finished_at = timezone.now()
        batch.save()
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="indicators.imported",
            target=batch,
            after={
                "source_file": source or path.name,
                "format": rows.format,
                "observations": len(frame),
                "computed": int(computed.sum()),
                "indicators": sorted(meta.name for meta in rows.indicators.values())[:50],
                "new_indicators": created,
                "repeats_left_out": left_out.repeats,
                "same_figures_left_out": left_out.same_figure,
                "replaced": left_out.replaced,
                "already_held_left_out": left_out.already_held,
                "earlier_rows_recompared": recompared,
            },
        )
    batch.indicator_count = len(indicator_ids)
    batch.computed_count = int(computed.sum())
    batch.warnings = left_out.warnings
    batch.recompared_count = recompared
    batch.replaced_count = left_out.replaced
    batch.left_out_count = len(left_out.drop)
    batch.already_held_count = left_out.already_held
    batch.seconds = time.perf_counter() - started
    report(1.0, "done")
    return batch


def indicators_import_fingertips(
    *,
    indicator_id: int,
    area_type_id: int,
    parent_area_type_id: int | None = None,
    by=None,
    partnership=None,
    duplicates: str = STOP,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Download one indicator from the Fingertips API and import it as one batch.

    The data (fingertips_py, from ``settings.FINGERTIPS_API_URL``) is written to a temporary
    Fingertips CSV and imported with :func:`indicators_import`; the batch's source is the API
    URL. When the API cannot be reached, ImportFailed says so in one sentence and nothing is
    stored (a given ``batch`` is marked failed with that sentence).
    """
    _check_role(by, partnership)
    if progress is not None:
        progress(0.0, "downloading")
    with tempfile.TemporaryDirectory(prefix="fingertips-") as folder:
        try:
            path, url = fingertips_api.download(
                indicator_id=indicator_id,
                area_type_id=area_type_id,
                parent_area_type_id=parent_area_type_id,
                base_url=settings.FINGERTIPS_API_URL,
                folder=Path(folder),
            )
        except ImportFailed as failure:
            if batch is not None and batch.pk:
                _fail(batch, failure)
            raise
        return indicators_import(
            path=path,
            format="fingertips",
            by=by,
            partnership=partnership,
            progress=progress,
            batch=batch,
            duplicates=duplicates,
            source=url,
        )


@transaction.atomic
def indicators_import_start(
    *,
    by,
    partnership,
    path=None,
    format: str = "auto",
    mapping: dict | None = None,
    duplicates: str = STOP,
    fingertips: dict | None = None,
) -> ImportBatch:
    """Record a waiting batch and queue its import as a background task.

    Either an uploaded file (``path``, ``format``, ``mapping``) or a Fingertips API download
    (``fingertips``: indicator_id, area_type_id and optionally parent_area_type_id).
    """
    from placematters.indicators.tasks import import_indicators_task

    _check_role(by, partnership)
    if fingertips is not None:
        fingertips = {name: int(value) for name, value in fingertips.items() if value}
        source = fingertips_api.api_url(
            settings.FINGERTIPS_API_URL,
            fingertips["indicator_id"],
            fingertips["area_type_id"],
            fingertips.get("parent_area_type_id"),
        )
        format = "fingertips"
    else:
        source = str(path)
    batch = ImportBatch.objects.create(
        partnership=partnership,
        kind="indicators",
        format=format,
        source_file=source[-300:],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="indicators.import_queued",
        target=batch,
        after={
            "source_file": source if fingertips else Path(path).name,
            "format": format,
            "duplicates": duplicates,
        },
    )
    transaction.on_commit(
        lambda: import_indicators_task.enqueue(
            batch_id=batch.pk,
            path=str(path or ""),
            format=format,
            mapping=mapping,
            duplicates=duplicates,
            fingertips=fingertips,
        )
    )
    return batch


@transaction.atomic
def batch_delete(*, by, batch: ImportBatch) -> int:
    """Delete an import batch and every observation it brought in; return how many.

    The indicators stay (other batches, and later priorities, may refer to them); their trends
    and inequality summaries are recomputed from the observations that remain.
    """
    _check_role(by, batch.partnership)
    observations = Observation.objects.filter(batch=batch)
    count = observations.count()
    indicator_ids = list(observations.values_list("indicator_id", flat=True).distinct())
    groups = pd.DataFrame(
        list(observations.values_list(*GROUP_FIELDS).distinct()), columns=list(GROUP_FIELDS)
    )
    before = {
        "source_file": Path(batch.source_file).name,
        "format": batch.format,
        "observations": count,
        "created_at": batch.created_at,
    }
    observations._raw_delete(observations.db)
    audit_event_record(
        by=by,
        partnership=batch.partnership,
        verb="indicators.batch_deleted",
        target_type="importbatch",
        target_label=str(batch),
        before=before,
    )
    batch.delete()
    # Rows that compared with a benchmark this batch held lose that comparison.
    _recompare(groups)
    analysis_refresh(indicator_ids=indicator_ids)
    return count


# --------------------------------------------------------------------------------------------


#: A comparison group: what compute.BENCHMARK_KEYS names, with the indicator's primary key.
GROUP_FIELDS = ("indicator_id", "period", "sex", "age")
_RECOMPARE_FIELDS = (
    "id", "indicator_id", "area_code", "period", "sex", "age", "category_type", "category",
    "value", "lower_95", "upper_95", "lower_998", "upper_998", "parent_code",
    "compared_to_england", "compared_to_parent",
)  # fmt: skip


def _recompare(groups: pd.DataFrame) -> int:
    """Compare again every stored row in these (indicator, period, sex, age) groups.

    Used when an import brings rows into groups that earlier batches already hold (an England
    or parent row gives those rows a benchmark; new rows change quintile sets) and when a
    batch is deleted (its rows may have been the benchmark). Every row of each group, from
    every batch, is compared as one set with :func:`compute.comparisons`, exactly as if the
    rows had come in one file; rows whose labels or parent change are updated. Returns how
    many were. The caller has checked the role and runs this inside its transaction.
    """
    if not len(groups):
        return 0
    groups = groups.drop_duplicates()
    stored = []
    for indicator_id, periods in groups.groupby("indicator_id")["period"]:
        stored += list(
            Observation.objects.filter(
                indicator_id=int(indicator_id), period__in=sorted(set(periods))
            ).values_list(*_RECOMPARE_FIELDS)
        )
    if not stored:
        return 0
    frame = pd.DataFrame(stored, columns=list(_RECOMPARE_FIELDS))
    frame = frame.merge(groups.astype({"indicator_id": np.int64}), on=list(GROUP_FIELDS))
    if not len(frame):
        return 0
    for name in ("value", *LIMITS):
        frame[name] = frame[name].astype(np.float64)
    frame["indicator_key"] = frame["indicator_id"].astype(str)
    frame["area_type"] = ""
    metas = {
        str(pk): IndicatorMeta(
            key=str(pk), value_type=kind, polarity=polarity, benchmark_method=method
        )
        for pk, kind, polarity, method in Indicator.objects.filter(
            pk__in=frame["indicator_id"].unique().tolist()
        ).values_list("pk", "value_type", "polarity", "benchmark_method")
    }
    codes = list(frame["area_code"].unique())
    parents = pd.DataFrame(
        queries.parent_links(codes), columns=["child_code", "parent_code", "rank"]
    )
    # A parent the row was compared with before (one the file named) stays a candidate.
    named = frame.loc[frame["parent_code"] != "", ["area_code", "parent_code"]]
    named = named.drop_duplicates().rename(columns={"area_code": "child_code"}).assign(rank=9)
    parents = pd.concat([parents, named], ignore_index=True)
    result = comparisons(frame, metas, parents=parents, area_types=queries.area_types(codes))
    changed = (
        (result.england != frame["compared_to_england"].to_numpy())
        | (result.parent != frame["compared_to_parent"].to_numpy())
        | (result.parent_code != frame["parent_code"].to_numpy())
    )
    rows = np.flatnonzero(changed)
    if not len(rows):
        return 0
    table = connection.ops.quote_name(Observation._meta.db_table)
    sql = (
        f"UPDATE {table} SET compared_to_england = %s, compared_to_parent = %s, "
        "parent_code = %s WHERE id = %s"
    )
    ids = frame["id"].to_numpy()
    updates = [
        (str(result.england[i]), str(result.parent[i]), str(result.parent_code[i]), int(ids[i]))
        for i in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(updates), BATCH_SIZE):
            cursor.executemany(sql, updates[start : start + BATCH_SIZE])
    return len(updates)


def _leave_out_duplicates(rows: Rows) -> Duplicates:
    """Drop the rows validation chose to leave out (repeats, less precise, replaced)."""
    resolution = rows.resolution or Duplicates(drop=np.zeros(0, dtype=np.int64))
    if len(resolution.drop):
        keep = np.ones(len(rows.frame), dtype=bool)
        keep[resolution.drop] = False
        rows.frame = rows.frame.loc[keep].reset_index(drop=True)
    return resolution


def _fail(batch: ImportBatch, failure: ImportFailed) -> None:
    batch.status = ImportBatch.Status.FAILED
    batch.errors = [error.as_dict() for error in failure.errors[:STORED_ERRORS]]
    if len(failure.errors) > STORED_ERRORS:
        more = len(failure.errors) - STORED_ERRORS
        batch.errors.append({"line": None, "column": "", "reason": f"and {more} more errors"})
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "errors", "finished_at"])


def _resolve_indicators(rows: Rows, partnership, mapping) -> dict[str, Indicator]:
    """Indicators already held for the file's keys; their metadata replaces the file's."""
    metas = rows.indicators
    external_ids = [meta.external_id for meta in metas.values() if meta.external_id]
    names = [meta.name for meta in metas.values() if not meta.external_id]
    found = queries.indicators_in_scope(partnership, external_ids=external_ids, names=names)
    by_external = {indicator.external_id: indicator for indicator in found if indicator.external_id}
    by_name = {indicator.name: indicator for indicator in found if not indicator.external_id}
    existing = {}
    for key, meta in metas.items():
        indicator = by_external.get(meta.external_id) if meta.external_id else None
        if not meta.external_id:
            indicator = by_name.get(meta.name)
        if indicator is not None:
            existing[key] = indicator
            for name in ("value_type", "multiplier", "polarity", "benchmark_method"):
                setattr(meta, name, getattr(indicator, name))
    apply_metadata(rows, {k: v for k, v in (mapping or {}).items() if k in METADATA_FIELDS})
    for meta in metas.values():
        default_metadata(meta)
    return existing


def _area_errors(rows: Rows) -> list[RowError]:
    frame = rows.frame
    codes = frame["area_code"]
    unknown = queries.unknown_area_codes(code for code in codes.unique() if len(code) <= 9)
    if not unknown:
        return []
    column = rows.column("area_code")
    hits = np.flatnonzero(codes.isin(sorted(unknown)).to_numpy())
    lines = frame["line"].to_numpy()
    return [
        RowError(
            int(lines[i]),
            column,
            f"unknown area code {codes.iat[i]!r}: it is not in any vintage of the geography "
            "(import the geography first, or check the code)",
        )
        for i in hits
    ]


def _key_frame(rows: Rows, existing: dict[str, Indicator]) -> pd.DataFrame:
    keys = rows.frame[list(KEY_FIELDS)].copy()
    keys["indicator_id"] = keys["indicator_key"].map(
        {key: indicator.pk for key, indicator in existing.items()}
    )
    keys["line"] = rows.frame["line"].to_numpy()
    return keys


def _earlier_imports(rows: Rows, existing, partnership) -> list[RowError]:
    """Rows with the key of an observation an earlier batch holds (ADR 0005, "Rows already held").

    The key is the indicator, area, period, sex, age and category. A row whose figures (count,
    denominator, value and limits, completed from count and denominator as the stored row was;
    figures both sides computed are not compared) are the same as the stored row's, by the rule
    for duplicates within a file, is left out with a warning: its position joins
    ``rows.resolution.drop``. A row with different figures is an error naming the batch. Rows
    the file's own duplicate rules leave out are not compared. A first import of new
    indicators, or of new periods, reads nothing.
    """
    if not existing:
        return []
    frame = rows.frame
    stored = queries.held_observations(
        partnership, [i.pk for i in existing.values()], frame["period"].unique().tolist()
    )
    if not stored:
        return []
    resolution = rows.resolution or Duplicates(drop=np.zeros(0, dtype=np.int64))
    rows.resolution = resolution
    keys = _key_frame(rows, existing)
    keys["position"] = np.arange(len(keys))
    wanted = keys["indicator_id"].notna().to_numpy(copy=True)
    wanted[resolution.drop] = False
    keys = keys.loc[wanted]
    keys["indicator_id"] = keys["indicator_id"].astype(np.int64)
    held = pd.DataFrame(stored, columns=list(queries.HELD_FIELDS))
    clashes = keys.merge(held, on=["indicator_id", *KEY_FIELDS[1:]], how="inner")
    if not len(clashes):
        return []
    positions = clashes["position"].to_numpy()
    figures = list(queries.FIGURE_FIELDS)
    # The stored rows were completed from count and denominator; so are these, to compare. A
    # figure computed on both sides is not compared itself: it follows from the count and
    # denominator, which are (at another precision they give other decimals). The stored one
    # was computed when it is what its own count and denominator give.
    given = frame.iloc[positions][["indicator_key", *figures]].reset_index(drop=True)
    given = given.astype(dict.fromkeys(figures, np.float64))
    blank = given[figures].isna().to_numpy()
    fill_from_counts(given, rows.indicators)
    ours = given[figures].to_numpy(dtype=np.float64)
    theirs = clashes[figures].to_numpy(dtype=np.float64)
    derived = blank & np.isfinite(ours) & clashes["computed"].to_numpy(dtype=bool)[:, None]
    if derived.any():
        again = clashes[["indicator_key", *figures]].astype(dict.fromkeys(figures, np.float64))
        again[figures] = np.where(blank, np.nan, theirs)
        fill_from_counts(again, rows.indicators)
        recomputed = again[figures].to_numpy(dtype=np.float64)
        derived &= np.isclose(recomputed, theirs, rtol=NOISE, atol=0.0)
        ours[derived] = theirs[derived]
    same = same_figures_rows(ours, theirs)
    lines = clashes["line"].to_numpy()
    batches = clashes["batch_id"].to_numpy()
    errors = [
        RowError(
            int(line),
            "",
            f"this observation was already imported, in batch {int(batch)}, with different "
            "figures: delete that batch first to replace it",
        )
        for line, batch in zip(lines[~same], batches[~same], strict=True)
    ]
    if same.any():
        resolution.drop = np.sort(np.concatenate([resolution.drop, positions[same]]))
        resolution.already_held = int(same.sum())
        for batch in np.unique(batches[same]):
            chosen = same & (batches == batch)
            count, held_lines = int(chosen.sum()), np.unique(lines[chosen])
            shown = ", ".join(str(int(line)) for line in held_lines[:WARNING_LINES])
            more = len(held_lines) - WARNING_LINES
            resolution.warnings.append(
                f"{count:,} {'row was' if count == 1 else 'rows were'} already held from batch "
                f"{int(batch)} with the same figures, and left out: "
                f"line{'' if len(held_lines) == 1 else 's'} {shown}"
                + (f"; and {more:,} more line{'' if more == 1 else 's'}" if more > 0 else "")
                + "."
            )
    return errors


def _compare(rows: Rows, existing: dict[str, Indicator], partnership):
    frame = rows.frame
    codes = list(frame["area_code"].unique())
    links = queries.parent_links(codes)
    parents = pd.DataFrame(links, columns=["child_code", "parent_code", "rank"])
    if "parent_code" in rows.columns:
        stated = frame.loc[frame["parent_code"] != "", ["area_code", "parent_code"]]
        stated = stated.drop_duplicates().rename(columns={"area_code": "child_code"})
        stated = stated[stated["parent_code"] != "E92000001"].assign(rank=9)
        parents = pd.concat([parents, stated], ignore_index=True)
    earlier = None
    if existing:
        wanted = {"E92000001", *parents["parent_code"]}
        stored = queries.benchmark_observations(
            partnership, [indicator.pk for indicator in existing.values()], wanted
        )
        if stored:
            earlier = pd.DataFrame(stored)
            key_of = {indicator.pk: key for key, indicator in existing.items()}
            earlier["indicator_key"] = earlier.pop("indicator_id").map(key_of)
            earlier = earlier.astype(dict.fromkeys(earlier.columns[4:9], np.float64))
    return comparisons(
        frame,
        rows.indicators,
        earlier=earlier,
        parents=parents,
        area_types=queries.area_types(codes),
    )


def _save_indicators(rows: Rows, existing, partnership) -> tuple[dict[str, int], list[str]]:
    ids, created = {}, []
    for key, meta in rows.indicators.items():
        if key in existing:
            ids[key] = existing[key].pk
            continue
        indicator = Indicator.objects.create(
            partnership=partnership,
            external_id=meta.external_id[:30],
            name=(meta.name or key)[:300],
            definition=meta.definition,
            value_type=meta.value_type,
            unit=meta.unit[:60],
            multiplier=meta.multiplier,
            polarity=meta.polarity,
            benchmark_method=meta.benchmark_method,
            period_type=meta.period_type[:40],
            source=meta.source[:300],
            licence=meta.licence[:200],
        )
        ids[key] = indicator.pk
        created.append(indicator.name)
    return ids, created


def _insert_observations(frame, *, indicator_ids, batch, computed, compared, report) -> None:
    """Write the rows BATCH_SIZE at a time: COPY on PostgreSQL, executemany elsewhere.

    Not bulk_create: it builds a model instance per row and prepares every field in Python,
    which took 150 s for a million rows on SQLite, against about 12 s this way.
    """
    fields = [field for field in Observation._meta.concrete_fields if not field.primary_key]
    length = len(frame)
    columns: dict[str, object] = {
        "indicator_id": frame["indicator_key"].map(indicator_ids).to_numpy(dtype=np.int64),
        "batch_id": np.full(length, batch.pk, dtype=np.int64),
        "period_sortable": frame["period_sortable"].to_numpy().astype(np.int64),
        "computed": computed,
        "compared_to_england": compared.england,
        "compared_to_parent": compared.parent,
        "parent_code": compared.parent_code,
        "published_compared_to_england": frame["compared_to_england"].to_numpy(),
        "published_compared_to_parent": frame["compared_to_parent"].to_numpy(),
    }
    for name in ("area_code", "area_name", "period", "sex", "age", "category_type", "category"):
        columns[name] = frame[name].to_numpy()
    columns["value_note"] = frame["value_note"].to_numpy()
    for name in ("count", "denominator", "value", "lower_95", "upper_95"):
        columns[name] = frame[name].to_numpy()
    for name in ("lower_998", "upper_998"):
        columns[name] = frame[name].to_numpy()
    missing = {field.attname for field in fields} - set(columns)
    assert not missing, f"no values for {missing}"
    ordered = [columns[field.attname] for field in fields]
    table = connection.ops.quote_name(Observation._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, _sqlite_cache(cursor):
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT there; one per batch, so that progress
            # can be written between them.
            for start in range(0, length, BATCH_SIZE):
                stop = min(start + BATCH_SIZE, length)
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in zip(*(_python(c[start:stop]) for c in ordered), strict=True):
                        copy.write_row(row)
                report(stop / length)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, length, BATCH_SIZE):
            stop = min(start + BATCH_SIZE, length)
            batch_rows = zip(*(_python(column[start:stop]) for column in ordered), strict=True)
            cursor.executemany(sql, list(batch_rows))
            report(stop / length)


def _python(values: np.ndarray) -> list:
    """A column as Python values for the database driver (NaN becomes NULL)."""
    if values.dtype.kind == "f":
        objects = values.astype(object)
        objects[np.isnan(values)] = None
        return objects.tolist()
    return values.tolist()


class _sqlite_cache:
    """A larger SQLite page cache while a big import writes (the indexes stay in memory)."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.previous = None

    def __enter__(self):
        if connection.vendor == "sqlite":
            self.cursor.execute("PRAGMA cache_size")
            self.previous = self.cursor.fetchone()[0]
            self.cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            self.cursor.execute(f"PRAGMA cache_size = {int(self.previous)}")
        return False
