"""Importing geography, deprivation, population and deaths, and deleting an import.

Every import works the same way:

1. the file's format is chosen (:func:`placematters.geography.importers.choose`), the file is
   read and **every** row checked; any problem raises :class:`ImportFailed` with all of them;
2. in one transaction, the checks that need the database (unknown area codes, data already
   held) run; any problem raises ImportFailed and the transaction stores nothing;
3. still in that transaction, every row is written in batches of 5,000 (``bulk_create`` with
   ``update_conflicts``/``ignore_conflicts`` for areas, links, boundaries and IMD, which are
   upserted; a plain ``executemany`` INSERT for population and death counts, see
   :func:`_insert`) and an :class:`~placematters.indicators.models.ImportBatch` (kind,
   format, source file, row count, status done, finished time, warnings in ``errors``) and an
   audit event are recorded.

Re-importing geography is idempotent: areas are upserted by (code, vintage) (a non-empty name
updates the held one; an empty name never overwrites one), links by (child, parent, relation,
vintage), boundaries by area, IMD rows by (area, edition). Population and death counts are
never overwritten: counts for an area, year and sex that are already held are refused with an
error naming the import batch that holds them; delete that batch first (:func:`batch_delete`).

These are shared reference data: the acting user (``by``) must be staff, or None for the
command line and scripts. The functions return the ImportBatch with three attributes added for
the caller: ``summary`` (what was stored, in words), ``counts`` (the numbers) and ``warnings``
(RowErrors skipped over on a documented rule, also saved in ``batch.errors``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from placematters.audit.actions import audit_event_record
from placematters.geography import importers
from placematters.geography.importers import imd_file7
from placematters.geography.importers.base import ImportFailed, Parsed, RowError
from placematters.geography.models import (
    Area,
    AreaLink,
    AreaType,
    Boundary,
    DeathCount,
    Deprivation,
    PopulationCount,
)
from placematters.indicators.models import ImportBatch

__all__ = [
    "ImportFailed",
    "RowError",
    "batch_delete",
    "deaths_import",
    "geography_import",
    "imd_import",
    "population_import",
]

BATCH_SIZE = 5_000
#: Codes per ``IN (...)`` query (SQLite allows 32,766 parameters a statement).
CHUNK = 5_000

#: ``progress(step, done, total)``: called as rows are checked and stored.
Progress = Callable[[str, int, int], None] | None

COUNT_KINDS = {"population": PopulationCount, "deaths": DeathCount}


# --- public actions --------------------------------------------------------------------------


def geography_import(
    *, path: Path | str, by=None, progress: Progress = None, vintage: str | None = None
) -> ImportBatch:
    """Import a geography file of any supported format (detected): lookups and hierarchies,
    the LSOA 2011→2021 best fit, the rural-urban classification, GeoJSON boundaries or an
    area list (``vintage`` needed for an area list, or for a lookup whose columns carry none).
    """
    _require_admin(by)
    path = Path(path)
    parsed = _read(path, "geography", {"vintage": vintage}, progress)
    with transaction.atomic():
        if "rural_urban" in parsed.data:
            counts = _store_rural_urban(parsed, progress)
            summary = f"the rural-urban classification of {counts['lsoas']:,} LSOAs"
        else:
            counts = _store_areas(parsed.data["areas"], progress)
            summary = f"{counts['areas']:,} areas ({counts['new_areas']:,} new)"
            links = parsed.data.get("links")
            if links is not None and len(links):
                counts |= _store_links(links, progress)
                summary += f" and {counts['links']:,} links ({counts['new_links']:,} new)"
            if "boundaries" in parsed.data:
                counts |= _store_boundaries(parsed.data["boundaries"], parsed.data["source"])
                summary = f"{counts['boundaries']:,} boundaries of " + summary
        return _finish(by, path, "geography", parsed, counts, summary)


def imd_import(
    *, path: Path | str, by=None, progress: Progress = None, edition: str = "IMD2019"
) -> ImportBatch:
    """Import IoD2019 File 7 (scores, ranks, deciles, domains, denominators) for held LSOAs."""
    _require_admin(by)
    path = Path(path)
    parsed = _read(path, "imd", {}, progress)
    frame = parsed.data["deprivation"]
    with transaction.atomic():
        ids = _area_ids_by_vintage(frame, "2011", AreaType.LSOA)
        _raise_unknown(frame, ids, parsed.data["code_column"], "LSOA 2011")
        ranks = imd_file7.domain_dicts(parsed.data["domain_ranks"], len(frame))
        deciles = imd_file7.domain_dicts(parsed.data["domain_deciles"], len(frame))
        populations = {
            field: [None if np.isnan(value) else float(value) for value in frame[field]]
            for field in imd_file7.POPULATIONS
        }
        objects = (
            Deprivation(
                area_id=area_id,
                edition=edition,
                imd_score=float(score),
                imd_rank=int(rank),
                imd_decile=int(decile),
                domain_ranks=domain_ranks,
                domain_deciles=domain_deciles,
                **{field: populations[field][row] for field in imd_file7.POPULATIONS},
            )
            for row, (area_id, score, rank, decile, domain_ranks, domain_deciles) in enumerate(
                zip(
                    ids,
                    frame["imd_score"],
                    frame["imd_rank"],
                    frame["imd_decile"],
                    ranks,
                    deciles,
                    strict=True,
                )
            )
        )
        before = Deprivation.objects.filter(edition=edition).count()
        _bulk(
            Deprivation,
            objects,
            len(frame),
            progress,
            "Storing deprivation",
            update_conflicts=True,
            unique_fields=["area", "edition"],
            update_fields=[
                "imd_score", "imd_rank", "imd_decile", "domain_ranks", "domain_deciles",
                *imd_file7.POPULATIONS,
            ],
        )  # fmt: skip
        new = Deprivation.objects.filter(edition=edition).count() - before
        counts = {"lsoas": len(frame), "new": new}
        summary = f"{edition} for {len(frame):,} LSOAs ({new:,} new)"
        return _finish(by, path, "imd", parsed, counts, summary)


def population_import(
    *, path: Path | str, by=None, progress: Progress = None, year: int | None = None
) -> ImportBatch:
    """Import population counts by area, sex and age (wide or long layout) for held areas."""
    return _counts_import("population", path=path, by=by, progress=progress, year=year)


def deaths_import(
    *, path: Path | str, by=None, progress: Progress = None, year: int | None = None
) -> ImportBatch:
    """Import death counts by area, sex and age band for held areas."""
    return _counts_import("deaths", path=path, by=by, progress=progress, year=year)


@transaction.atomic
def batch_delete(*, by, batch: ImportBatch) -> int:
    """Delete a population or deaths import and every count it stored; returns the count.

    Geography and IMD imports cannot be deleted this way: their areas and links are shared by
    every later import (re-import a corrected file instead, which updates them in place).
    """
    _require_admin(by)
    model = COUNT_KINDS.get(batch.kind)
    if model is None:
        raise ValueError(
            f"Only population and deaths imports can be deleted; this is a {batch.kind} import "
            "(re-import a corrected file instead: it updates the areas in place)."
        )
    deleted, _ = model.objects.filter(batch=batch).delete()
    audit_event_record(
        by=by,
        partnership=None,
        verb=f"{batch.kind}.import_deleted",
        target=batch,
        before={"source_file": batch.source_file, "row_count": batch.row_count},
    )
    batch.delete()
    return deleted


# --- reading and finishing ---------------------------------------------------------------------


def _require_admin(by) -> None:
    if by is not None and not (
        getattr(by, "is_staff", False) or getattr(by, "is_superuser", False)
    ):
        raise PermissionDenied(
            "Only site administrators can import or delete shared geography, deprivation, "
            "population and deaths data."
        )


def _read(path: Path, kind: str, options: dict[str, Any], progress: Progress) -> Parsed:
    _report(progress, "Checking", 0, 1)
    module = importers.choose(path, kind)
    rows = module.read(path, **{key: value for key, value in options.items() if value})
    parsed = module.parse(rows)
    if parsed.errors:
        raise ImportFailed(_ordered(parsed.errors))
    _report(progress, "Checking", 1, 1)
    return parsed


def _ordered(errors: Iterable[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda error: (error.line, error.column))


def _finish(
    by,
    path: Path,
    kind: str,
    parsed: Parsed,
    counts: dict[str, int],
    summary: str,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    warnings = _ordered(parsed.warnings)
    if batch is None:
        batch = ImportBatch(kind=kind, source_file=path.name[:300], created_by=by)
    batch.format = parsed.format
    batch.row_count = parsed.row_count
    batch.status = ImportBatch.Status.DONE
    batch.progress = 100
    batch.finished_at = timezone.now()
    batch.errors = [{**warning.as_dict(), "level": "warning"} for warning in warnings]
    batch.save()
    _analyse(kind)
    audit_event_record(
        by=by,
        partnership=None,
        verb=f"{kind}.imported",
        target=batch,
        after={"source_file": batch.source_file, "format": batch.format, **counts},
    )
    batch.summary, batch.counts, batch.warnings = summary, counts, warnings
    return batch


#: Tables each kind of import writes (their statistics are refreshed after an import).
TABLES = {
    "geography": [Area, AreaLink, Boundary],
    "imd": [Deprivation],
    "population": [PopulationCount],
    "deaths": [DeathCount],
}


def _analyse(kind: str) -> None:
    """On PostgreSQL, refresh the planner's statistics of the tables just written.

    An import can multiply a table's size; until autovacuum catches up (and never, for queries
    later in the same transaction) the planner would plan for the old size, and the area walks
    in :mod:`placematters.geography.queries` can then take seconds instead of milliseconds.
    ``ANALYZE`` samples at most 30,000 rows a table, so it takes a fraction of a second.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in TABLES[kind])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _report(progress: Progress, step: str, done: int, total: int) -> None:
    if progress is not None:
        progress(step, done, total)


def _bulk(
    model: type[models.Model],
    objects: Iterable[models.Model],
    total: int,
    progress: Progress,
    step: str,
    **options: Any,
) -> None:
    """``bulk_create`` in batches of BATCH_SIZE, reporting progress after each."""
    done = 0
    _report(progress, step, 0, total)
    for chunk in _chunks(objects, BATCH_SIZE):
        model.objects.bulk_create(chunk, batch_size=BATCH_SIZE, **options)
        done += len(chunk)
        _report(progress, step, done, total)


def _insert(
    model: type[models.Model],
    fields: list[str],
    rows: Iterable[tuple],
    total: int,
    progress: Progress,
    step: str,
) -> None:
    """INSERT plain rows (no upsert), up to BATCH_SIZE rows per multi-row statement.

    Used for population and death counts, which run to millions of rows and are never
    upserted. ``bulk_create`` spends about 60 µs a row compiling SQL (measured at 13-16k rows/s
    on SQLite), which would make a million-row import take over a minute; this sends the same
    rows, in the same transaction, as ``INSERT ... VALUES (...), (...), ...`` with parameters
    on SQLite, and with ``COPY ... FROM STDIN`` on PostgreSQL (measured: about 40k rows/s with
    multi-row INSERTs there, several times that with COPY).
    """
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    limit = connection.features.max_query_params or BATCH_SIZE * len(fields)
    per_statement = max(1, min(BATCH_SIZE, limit // len(fields)))
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    prefix = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    done = 0
    _report(progress, step, 0, total)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERT there
            copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for chunk in _chunks(rows, BATCH_SIZE):
                    for row in chunk:
                        copy.write_row(row)
                    done += len(chunk)
                    _report(progress, step, done, total)
            return
        for chunk in _chunks(rows, per_statement):
            sql = prefix + ", ".join([one_row] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])
            done += len(chunk)
            _report(progress, step, done, total)


def _instances(
    model: type[models.Model], attnames: list[str], rows: Iterable[tuple]
) -> Iterator[models.Model]:
    """Model instances from value tuples, built positionally (several times faster than keyword
    arguments); ``attnames`` must be every concrete field but the primary key, in order."""
    fields = [field.attname for field in model._meta.concrete_fields]
    if fields[1:] != attnames or fields[0] != model._meta.pk.attname:
        raise ValueError(f"{model.__name__} fields are {fields}, not id + {attnames}")
    return (model(None, *row) for row in rows)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- geography ---------------------------------------------------------------------------------


def _store_areas(areas: pd.DataFrame, progress: Progress) -> dict[str, int]:
    """Upsert areas by (code, vintage); those already held as they are in the file are skipped
    (so a re-import writes nothing), and an empty name never replaces a held one."""
    held = {
        (code, vintage): (name, kind)
        for code, vintage, name, kind in Area.objects.filter(
            vintage__in=areas["vintage"].unique().tolist()
        ).values_list("code", "vintage", "name", "area_type")
    }
    new = [key not in held for key in zip(areas["code"], areas["vintage"], strict=True)]
    changed = [
        (key not in held) or (name != "" and held[key][0] != name) or held[key][1] != kind
        for key, name, kind in zip(
            zip(areas["code"], areas["vintage"], strict=True),
            areas["name"],
            areas["area_type"],
            strict=True,
        )
    ]
    todo = areas[changed]
    named = todo[todo["name"] != ""]
    unnamed = todo[todo["name"] == ""]
    _bulk(
        Area,
        _instances(
            Area,
            ["code", "name", "area_type", "vintage", "rural_urban"],
            zip(
                named["code"],
                named["name"],
                named["area_type"],
                named["vintage"],
                itertools.repeat(""),
                strict=False,  # the repeat is endless
            ),
        ),
        len(named),
        progress,
        "Storing areas",
        update_conflicts=True,
        unique_fields=["code", "vintage"],
        update_fields=["name", "area_type"],
    )
    _bulk(
        Area,
        _instances(
            Area,
            ["code", "name", "area_type", "vintage", "rural_urban"],
            zip(
                unnamed["code"],
                itertools.repeat(""),
                unnamed["area_type"],
                unnamed["vintage"],
                itertools.repeat(""),
                strict=False,  # the repeats are endless
            ),
        ),
        len(unnamed),
        progress,
        "Storing unnamed areas",
        ignore_conflicts=True,
    )
    return {"areas": len(areas), "new_areas": int(sum(new))}


def _ids_for_vintages(vintages: Iterable[str]) -> dict[tuple[str, str], int]:
    ids = {}
    for vintage in set(vintages):
        for code, area_id in Area.objects.filter(vintage=vintage).values_list("code", "id"):
            ids[(code, vintage)] = area_id
    return ids


def _store_links(links: pd.DataFrame, progress: Progress) -> dict[str, int]:
    """Upsert links by (child, parent, relation, vintage); those held as in the file are
    skipped, so a re-import writes nothing."""
    ids = _ids_for_vintages([*links["child_vintage"].unique(), *links["parent_vintage"].unique()])
    child_ids = [ids[key] for key in zip(links["child_code"], links["child_vintage"], strict=True)]
    parent_ids = [
        ids[key] for key in zip(links["parent_code"], links["parent_vintage"], strict=True)
    ]
    held = {
        key[:4]: key[4:]
        for key in AreaLink.objects.filter(
            vintage__in=links["vintage"].unique().tolist(),
            relation__in=links["relation"].unique().tolist(),
        ).values_list("child_id", "parent_id", "relation", "vintage", "change", "weight")
    }
    rows = [
        row
        for row in zip(
            child_ids,
            parent_ids,
            links["relation"],
            links["vintage"],
            links["change"],
            links["weight"].astype(float),
            strict=True,
        )
        if held.get(row[:4]) != row[4:]
    ]
    new = sum(1 for row in rows if row[:4] not in held)
    _bulk(
        AreaLink,
        _instances(
            AreaLink, ["child_id", "parent_id", "relation", "vintage", "change", "weight"], rows
        ),
        len(rows),
        progress,
        "Storing links",
        update_conflicts=True,
        unique_fields=["child", "parent", "relation", "vintage"],
        update_fields=["change", "weight"],
    )
    return {"links": len(links), "new_links": new}


def _store_boundaries(boundaries: pd.DataFrame, source: str) -> dict[str, int]:
    ids = _ids_for_vintages(boundaries["vintage"].unique())
    Boundary.objects.bulk_create(
        [
            Boundary(area_id=ids[(code, vintage)], geometry=geometry, source=source[:300])
            for code, vintage, geometry in zip(
                boundaries["code"], boundaries["vintage"], boundaries["geometry"], strict=True
            )
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["area"],
        update_fields=["geometry", "source"],
    )
    return {"boundaries": len(boundaries)}


def _store_rural_urban(parsed: Parsed, progress: Progress) -> dict[str, int]:
    frame = parsed.data["rural_urban"]
    ids = _area_ids_by_vintage(frame, "2011", AreaType.LSOA)
    _raise_unknown(frame, ids, parsed.data["code_column"], "LSOA 2011")
    frame = frame.assign(area_id=ids)
    done = 0
    for label, group in frame.groupby("label"):
        for chunk in _chunks(group["area_id"].tolist(), CHUNK):
            Area.objects.filter(id__in=chunk).update(rural_urban=label)
            done += len(chunk)
            _report(progress, "Storing rural-urban classes", done, len(frame))
    return {"lsoas": len(frame)}


def _area_ids_by_vintage(frame: pd.DataFrame, vintage: str, area_type: str) -> list[int | None]:
    """The id of each row's (code, vintage) area of ``area_type``, None where not held."""
    held = dict(Area.objects.filter(vintage=vintage, area_type=area_type).values_list("code", "id"))
    return [held.get(code) for code in frame["code"]]


def _raise_unknown(frame: pd.DataFrame, ids: list[int | None], column: str, what: str) -> None:
    unknown = [
        RowError(
            int(line),
            column,
            f"unknown area code {code}: no {what} with this code is held "
            "(import its geography first)",
        )
        for line, code, area_id in zip(frame["line"], frame["code"], ids, strict=True)
        if area_id is None
    ]
    if unknown:
        raise ImportFailed(unknown)


# --- population and deaths ----------------------------------------------------------------------


def _counts_import(
    kind: str, *, path: Path | str, by, progress: Progress, year: int | None
) -> ImportBatch:
    _require_admin(by)
    path = Path(path)
    parsed = _read(path, kind, {"year": year}, progress)
    records: pd.DataFrame = parsed.data["records"]
    model = COUNT_KINDS[kind]
    with transaction.atomic():
        area_ids = _resolve_areas(records)
        errors = _unknown_areas(records, area_ids, parsed.data["code_column"])
        records = records.assign(area_id=area_ids)
        if not errors:
            errors = _already_held(model, kind, records, parsed.data["code_column"])
        if errors:
            raise ImportFailed(_ordered(errors))
        batch = ImportBatch.objects.create(
            kind=kind,
            source_file=path.name[:300],
            created_by=by,
            status=ImportBatch.Status.RUNNING,
        )
        value_field = "population" if kind == "population" else "deaths"
        age_to = [None if np.isnan(value) else int(value) for value in records["age_to"]]
        rows = zip(
            records["area_id"].tolist(),
            records["year"].astype(int).tolist(),
            records["sex"].tolist(),
            records["age_from"].astype(int).tolist(),
            age_to,
            records["value"].astype(float).tolist(),
            itertools.repeat(batch.id),
            strict=False,  # the repeat is endless
        )
        _insert(
            model,
            ["area", "year", "sex", "age_from", "age_to", value_field, "batch"],
            rows,
            len(records),
            progress,
            f"Storing {kind}",
        )
        areas = records["area_id"].nunique()
        years = ", ".join(str(value) for value in sorted(records["year"].unique()))
        sexes = ", ".join(sorted(records["sex"].unique()))
        noun = "population counts" if kind == "population" else "death counts"
        summary = f"{len(records):,} {noun} ({areas:,} areas; {years}; {sexes})"
        counts = {"counts": len(records), "areas": int(areas)}
        return _finish(by, path, kind, parsed, counts, summary, batch=batch)


def _resolve_areas(records: pd.DataFrame) -> np.ndarray:
    """The area id of each record, or -1 where the code is not held.

    When the code column names a vintage (``lsoa11_code``) the area must be held in that
    vintage. Otherwise (``area_code``) the code is looked up in any vintage: the latest held
    vintage no later than the data's year, else the earliest held (codes change when areas do,
    so one code is one area whatever its vintage).
    """
    codes = records["code"].unique().tolist()
    held: dict[str, list[tuple[str, int]]] = {}
    for chunk in _chunks(codes, CHUNK):
        for code, vintage, area_id in Area.objects.filter(code__in=chunk).values_list(
            "code", "vintage", "id"
        ):
            held.setdefault(code, []).append((vintage, area_id))
    choice: dict[tuple[str, object, int], int] = {}
    keys = records[["code", "vintage", "year"]].drop_duplicates()
    for code, vintage, year in keys.itertuples(index=False):
        options = held.get(code, [])
        if vintage:
            match = [area_id for held_vintage, area_id in options if held_vintage == vintage]
            area_id = match[0] if match else -1
        elif options:
            ordered = sorted(options, key=lambda item: item[0])
            earlier = [item for item in ordered if item[0].isdigit() and int(item[0]) <= year]
            area_id = (earlier[-1] if earlier else ordered[0])[1]
        else:
            area_id = -1
        choice[(code, vintage, year)] = area_id
    return np.array(
        [
            choice[key]
            for key in zip(records["code"], records["vintage"], records["year"], strict=True)
        ],
        dtype=np.int64,
    )


def _unknown_areas(records: pd.DataFrame, area_ids: np.ndarray, column: str) -> list[RowError]:
    unknown = records[area_ids < 0]
    errors = []
    for code, group in unknown.groupby("code", sort=False):
        vintage = group["vintage"].iloc[0]
        held = f"no {vintage} area" if vintage else "no area"
        more = f" (and {len(group) - 1:,} more rows)" if len(group) > 1 else ""
        errors.append(
            RowError(
                int(group["line"].iloc[0]),
                column,
                f"unknown area code {code}: {held} with this code is held; import its "
                f"geography first{more}",
            )
        )
    return errors


def _already_held(
    model: type[models.Model], kind: str, records: pd.DataFrame, column: str
) -> list[RowError]:
    keys = records.drop_duplicates(["area_id", "year", "sex"])
    held: dict[tuple[int, int, str], int | None] = {}
    for chunk in _chunks(keys["area_id"].unique().tolist(), CHUNK):
        for key in (
            model.objects.filter(area_id__in=chunk, year__in=keys["year"].unique().tolist())
            .values_list("area_id", "year", "sex", "batch_id")
            .distinct()
        ):
            held[key[:3]] = key[3]
    if not held:
        return []
    batches = dict(
        ImportBatch.objects.filter(id__in={b for b in held.values() if b}).values_list(
            "id", "source_file"
        )
    )
    errors = []
    for line, code, year, sex, area_id in zip(
        keys["line"], keys["code"], keys["year"], keys["sex"], keys["area_id"], strict=True
    ):
        key = (int(area_id), int(year), sex)
        if key in held:
            batch = held[key]
            source = f"import batch {batch} ({batches.get(batch, '?')})" if batch else "earlier"
            errors.append(
                RowError(
                    int(line),
                    column,
                    f"duplicate: {kind} for {code}, {year}, {sex} is already held ({source}); "
                    "delete that import first to replace it",
                )
            )
    return errors
