"""Reads of indicators, observations and import batches. Each takes the partnership first.

A partnership sees the shared reference indicators (no partnership) and its own. Area codes
are shared reference data: the area helpers take codes, not a partnership.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet

from placematters.geography.models import Area, AreaLink
from placematters.indicators.models import ImportBatch, Indicator, Observation

#: Codes per query, well under every database's limit on query parameters.
CHUNK = 900
ENGLAND = "E92000001"
#: Nearest parent first (a district compares with its county before its region).
PARENT_RANK = {"ward": 0, "msoa": 1, "district": 2, "county_ua": 3, "region": 4, "other": 5}


def _chunks(codes: Iterable[str]) -> Iterator[list[str]]:
    codes = sorted({code for code in codes if code})
    for start in range(0, len(codes), CHUNK):
        yield codes[start : start + CHUNK]


def batches(partnership) -> QuerySet[ImportBatch]:
    """The partnership's indicator imports, newest first (shared ones when partnership is None)."""
    return ImportBatch.objects.filter(partnership=partnership, kind="indicators").select_related(
        "created_by"
    )


def batch_for(partnership, batch_id: int) -> ImportBatch | None:
    return batches(partnership).filter(pk=batch_id).first()


def batch_indicator_count(partnership, batch: ImportBatch) -> int:
    """How many indicators the batch's observations belong to."""
    return (
        Observation.objects.filter(batch=batch, batch__partnership=partnership)
        .values("indicator")
        .distinct()
        .count()
    )


def indicators(partnership) -> QuerySet[Indicator]:
    """The indicators a partnership can see: the shared ones and its own."""
    if partnership is None:
        return Indicator.objects.filter(partnership__isnull=True)
    return Indicator.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership))


def indicators_in_scope(partnership, *, external_ids=(), names=()) -> list[Indicator]:
    """Indicators owned by exactly this scope (the partnership, or shared when None) that have
    one of the external IDs, or one of the names and no external ID."""
    owned = Indicator.objects.filter(partnership=partnership)
    found = []
    for chunk in _chunks(external_ids):
        found += list(owned.filter(external_id__in=chunk))
    for chunk in _chunks(names):
        found += list(owned.filter(external_id="", name__in=chunk))
    return found


def observation_keys(partnership, indicator_ids: Iterable[int]) -> list[tuple]:
    """(indicator, area, period, sex, age, category type, category, batch) of stored rows."""
    return list(
        Observation.objects.filter(indicator_id__in=list(indicator_ids))
        .filter(indicator__partnership=partnership)
        .values_list(
            "indicator_id", "area_code", "period", "sex", "age", "category_type", "category",
            "batch_id",
        )
    )  # fmt: skip


#: The numbers of an observation compared with a file's row that has the same key (ADR 0005).
FIGURE_FIELDS = ("count", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998")
HELD_FIELDS = (
    "indicator_id", "area_code", "period", "sex", "age", "category_type", "category",
    "batch_id", "computed", *FIGURE_FIELDS,
)  # fmt: skip


def held_observations(
    partnership, indicator_ids: Iterable[int], periods: Iterable[str]
) -> list[tuple]:
    """Stored rows of these indicators in these periods, as tuples of :data:`HELD_FIELDS`.

    The key, the batch and the figures: what an import compares its rows with. Only the
    file's periods are read, so a file bringing a new period reads nothing.
    """
    ids = list(indicator_ids)
    found: list[tuple] = []
    if not ids:
        return found
    for chunk in _chunks(periods):
        found += list(
            Observation.objects.filter(indicator_id__in=ids, period__in=chunk)
            .filter(indicator__partnership=partnership)
            .values_list(*HELD_FIELDS)
        )
    return found


def benchmark_observations(partnership, indicator_ids: Iterable[int], area_codes: Iterable[str]):
    """Stored totals (no category) of these indicators for these areas, as dicts."""
    fields = (
        "indicator_id", "area_code", "period", "sex", "age", "value", "lower_95", "upper_95",
        "lower_998", "upper_998",
    )  # fmt: skip
    found = []
    ids = list(indicator_ids)
    if not ids:
        return found
    for chunk in _chunks(area_codes):
        found += list(
            Observation.objects.filter(
                indicator_id__in=ids,
                indicator__partnership=partnership,
                area_code__in=chunk,
                category_type="",
                category="",
            ).values(*fields)
        )
    return found


def unknown_area_codes(codes: Iterable[str]) -> set[str]:
    """The codes that are not the code of any area, in any vintage."""
    codes = {code for code in codes if code}
    known: set[str] = set()
    for chunk in _chunks(codes):
        known.update(Area.objects.filter(code__in=chunk).values_list("code", flat=True))
    return codes - known


def area_types(codes: Iterable[str]) -> dict[str, str]:
    """Area code -> area type (from any vintage; the latest vintage's when they differ)."""
    found: dict[str, str] = {}
    for chunk in _chunks(codes):
        for code, kind in (
            Area.objects.filter(code__in=chunk).order_by("vintage").values_list("code", "area_type")
        ):
            found[code] = kind
    return found


def parent_links(codes: Iterable[str]) -> list[tuple[str, str, int]]:
    """(child code, parent code, rank) for the parent links of these areas, in any vintage.

    England is left out (every area is compared with England separately); rank orders the
    parents nearest first (:data:`PARENT_RANK`).
    """
    found = set()
    for chunk in _chunks(codes):
        links = AreaLink.objects.filter(
            relation=AreaLink.Relation.PARENT, child__code__in=chunk
        ).exclude(parent__code=ENGLAND)
        for child, parent, kind in links.values_list(
            "child__code", "parent__code", "parent__area_type"
        ):
            found.add((child, parent, PARENT_RANK.get(kind, 5)))
    return sorted(found)
