"""Writes of the analysis app: the derived analysis, priorities, and derived indicators.

* :func:`analysis_refresh` recomputes the trends and inequality summaries of some indicators
  (derived data: replaced wholesale, never edited; it is called inside the import's
  transaction, which has already checked the role and audited the import, so it records no
  audit event of its own).
* :func:`priority_mark` / :func:`priority_unmark`: a partnership's priorities, for editors and
  owners, audited.
* :func:`indicator_derive_dsr` / :func:`indicator_derive_life_expectancy`: indicators computed
  from imported deaths and population, stored as an ordinary indicator with observations in a
  new import batch of kind "derived" (see :mod:`placematters.analysis.derive`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from placematters.analysis import compute, derive
from placematters.analysis.models import Derivation, InequalitySummary, Priority, Trend
from placematters.audit.actions import audit_event_record
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.partnerships.actions import require
from placematters.partnerships.permissions import Permission

OBSERVATION_FIELDS = [
    "indicator_id", "area_code", "period", "period_sortable", "sex", "age", "category_type",
    "category", "count", "denominator", "value", "lower_95", "upper_95",
]  # fmt: skip
INSERT_BATCH = 5_000


@dataclass
class RefreshSummary:
    indicators: int
    observations: int
    trends: int
    inequality_summaries: int
    sii_computed: int
    seconds: float


@transaction.atomic
def analysis_refresh(
    *,
    indicator_ids,
    seed: int | None = compute.SII_SEED,
    repetitions: int = compute.SII_REPETITIONS,
) -> RefreshSummary:
    """Recompute, all at once, the trends and inequality summaries of these indicators.

    Trends for every indicator/area/breakdown series with two periods or more, and the gap,
    ratio, SII and RII (95% limits, ``repetitions`` simulations, seeded with ``seed`` so that
    a re-import gives the same numbers) for every group of deprivation-decile or -quintile
    rows. See :mod:`placematters.analysis.compute` for the methods.
    """
    started = time.perf_counter()
    ids = sorted({int(pk) for pk in indicator_ids})
    metadata = {
        pk: {"value_type": value_type, "polarity": polarity, "multiplier": multiplier}
        for pk, value_type, polarity, multiplier in Indicator.objects.filter(
            pk__in=ids
        ).values_list("pk", "value_type", "polarity", "multiplier")
    }
    rows = list(Observation.objects.filter(indicator_id__in=ids).values_list(*OBSERVATION_FIELDS))
    frame = pd.DataFrame(rows, columns=OBSERVATION_FIELDS)
    for name in ("count", "denominator", "value", "lower_95", "upper_95"):
        frame[name] = frame[name].astype(float)
    trends = compute.trend_frame(frame, metadata)
    inequality = compute.inequality_frame(frame, metadata, seed=seed, repetitions=repetitions)

    now = timezone.now()
    Trend.objects.filter(indicator_id__in=ids).delete()
    InequalitySummary.objects.filter(indicator_id__in=ids).delete()
    Trend.objects.bulk_create(
        (
            Trend(
                indicator_id=int(row.indicator_id),
                area_code=row.area_code,
                sex=row.sex,
                age=row.age,
                category_type=row.category_type,
                category=row.category,
                label=row.label,
                points=row.points,
                chi_square=_number(row.chi_square),
                slope=_number(row.slope),
                significant=bool(row.significant),
                computed_at=now,
            )
            for row in trends.itertuples(index=False)
        ),
        batch_size=INSERT_BATCH,
    )
    InequalitySummary.objects.bulk_create(
        (
            InequalitySummary(
                indicator_id=int(row.indicator_id),
                area_code=row.area_code,
                period=row.period,
                period_sortable=int(row.period_sortable),
                sex=row.sex,
                age=row.age,
                category_type=row.category_type,
                n_quantiles=int(row.n_quantiles),
                most_deprived_value=_number(row.most_deprived_value),
                least_deprived_value=_number(row.least_deprived_value),
                gap=_number(row.gap),
                ratio=_number(row.ratio),
                sii=_number(row.sii),
                sii_lower=_number(row.sii_lower),
                sii_upper=_number(row.sii_upper),
                rii=_number(row.rii),
                rii_lower=_number(row.rii_lower),
                rii_upper=_number(row.rii_upper),
                confidence=float(row.confidence),
                method=str(row.method)[:300],
                computed_at=now,
            )
            for row in inequality.itertuples(index=False)
        ),
        batch_size=INSERT_BATCH,
    )
    return RefreshSummary(
        indicators=len(ids),
        observations=len(frame),
        trends=len(trends),
        inequality_summaries=len(inequality),
        sii_computed=int(inequality["sii"].notna().sum()) if len(inequality) else 0,
        seconds=time.perf_counter() - started,
    )


# --- priorities -----------------------------------------------------------------------------


@transaction.atomic
def priority_mark(
    *,
    by,
    partnership,
    indicator: Indicator,
    area_code: str,
    period: str = "",
    sex: str = "",
    age: str = "",
    note: str = "",
) -> Priority:
    """Mark a finding (indicator, area, period, sex and age) as one of the partnership's
    priorities.

    Marking the same finding again updates its note. The indicator must be one the partnership
    can see (shared, or its own).
    """
    require(partnership, by, Permission.EDIT_WORK)
    if indicator.partnership_id not in (None, partnership.pk):
        raise PermissionDenied("That indicator belongs to another partnership.")
    priority, created = Priority.objects.get_or_create(
        partnership=partnership,
        indicator=indicator,
        area_code=area_code.strip().upper(),
        period=period.strip(),
        sex=sex.strip(),
        age=age.strip(),
        defaults={"note": note, "created_by": by},
    )
    before = {} if created else {"note": priority.note}
    if not created and priority.note != note:
        priority.note = note
        priority.save(update_fields=["note"])
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="priority.marked" if created else "priority.updated",
        target=priority,
        before=before,
        after={
            "indicator": indicator.name,
            "area_code": priority.area_code,
            "period": priority.period,
            "sex": priority.sex,
            "age": priority.age,
            "note": priority.note,
        },
    )
    return priority


@transaction.atomic
def priority_unmark(*, by, priority: Priority) -> None:
    """Remove a priority from the partnership's list."""
    require(priority.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=priority.partnership,
        verb="priority.unmarked",
        target_type="priority",
        target_label=str(priority),
        before={
            "indicator": priority.indicator.name,
            "area_code": priority.area_code,
            "period": priority.period,
            "note": priority.note,
        },
    )
    priority.delete()


# --- derived indicators ---------------------------------------------------------------------


def _check_derive_role(by, partnership) -> None:
    if partnership is not None:
        if by is not None:
            require(partnership, by, Permission.EDIT_WORK)
    elif by is not None and not (getattr(by, "is_staff", False) or by.is_superuser):
        raise PermissionDenied("Only administrators can derive shared reference indicators.")


@transaction.atomic
def indicator_derive_dsr(
    *,
    by,
    partnership,
    name: str,
    area_codes,
    year: int,
    sex: str = "persons",
    age_from: int = 0,
    age_to: int | None = None,
) -> Indicator:
    """Derive an all-cause directly standardised death rate per 100,000 (ESP 2013, 90+ = 1,000
    as ONS) for the areas, from the imported deaths and population of ``year``.

    ``partnership=None`` makes a shared indicator (administrators; ``by=None`` is the command
    line). Areas without deaths or population for some age band are left out (listed in the
    batch's errors). Raises ValueError when no area can be computed.
    """
    _check_derive_role(by, partnership)
    table = derive.dsr_table(area_codes, year, sex, age_from, age_to)
    return _store_derived(
        by=by,
        partnership=partnership,
        name=name,
        table=table,
        derivation=Derivation(
            method=Derivation.Method.DSR,
            year=year,
            sex=sex,
            age_from=age_from,
            age_to=age_to,
            area_codes=sorted(set(area_codes)),
        ),
    )


@transaction.atomic
def indicator_derive_life_expectancy(
    *,
    by,
    partnership,
    name: str,
    area_codes,
    year: int,
    sex: str = "persons",
    age_from: int = 0,
) -> Indicator:
    """Derive period life expectancy at ``age_from`` (Chiang II abridged life table, Silcocks
    limits, 90+ open band) for the areas, from the imported deaths and population of ``year``.

    A single year of deaths: ONS and Fingertips pool three years, so these intervals are wider
    than theirs. Areas of 5,000 people or fewer get no value (the method's rule).
    """
    _check_derive_role(by, partnership)
    table = derive.life_expectancy_table(area_codes, year, sex, age_from)
    return _store_derived(
        by=by,
        partnership=partnership,
        name=name,
        table=table,
        derivation=Derivation(
            method=Derivation.Method.LIFE_EXPECTANCY,
            year=year,
            sex=sex,
            age_from=age_from,
            age_to=None,
            area_codes=sorted(set(area_codes)),
        ),
    )


def _store_derived(*, by, partnership, name, table: derive.DerivedTable, derivation) -> Indicator:
    if not len(table.frame):
        raise ValueError(
            "No area has deaths and population for every age band in that year: import them "
            "first (import_deaths, import_population). " + "; ".join(table.problems[:5])
        )
    actor = by if getattr(by, "is_authenticated", False) else None
    batch = ImportBatch.objects.create(
        partnership=partnership,
        kind="derived",
        format=derivation.method,
        source_file=f"ONS deaths and population, {derivation.year}",
        created_by=actor,
        status=ImportBatch.Status.DONE,
        row_count=len(table.frame),
        progress=100,
        errors=[{"line": None, "column": "", "reason": p} for p in table.problems[:1000]],
        finished_at=timezone.now(),
    )
    indicator = Indicator.objects.create(
        partnership=partnership,
        name=name[:300],
        definition=table.definition,
        value_type=table.value_type,
        unit=table.unit,
        multiplier=table.multiplier,
        polarity=table.polarity,
        period_type="Calendar year",
        source=table.source,
        licence="Open Government Licence v3.0",
    )
    derivation.indicator = indicator
    derivation.save()
    frame = table.frame
    Observation.objects.bulk_create(
        [
            Observation(
                indicator=indicator,
                batch=batch,
                area_code=row.area_code,
                area_name=row.area_name,
                period=str(derivation.year),
                period_sortable=derivation.year * 10_000,
                sex=row.sex,
                age=row.age,
                count=_number(row.count),
                denominator=_number(row.denominator),
                value=_number(row.value),
                lower_95=_number(row.lower_95),
                upper_95=_number(row.upper_95),
                lower_998=_number(row.lower_998),
                upper_998=_number(row.upper_998),
                value_note=row.value_note,
                computed=True,
                compared_to_england=row.compared_to_england,
            )
            for row in frame.itertuples(index=False)
        ]
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="indicators.derived",
        target=indicator,
        after={
            "method": derivation.method,
            "year": derivation.year,
            "sex": derivation.sex,
            "age_from": derivation.age_from,
            "age_to": derivation.age_to,
            "areas": len(frame),
            "left_out": len(table.problems),
        },
    )
    analysis_refresh(indicator_ids=[indicator.pk])
    return indicator


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
