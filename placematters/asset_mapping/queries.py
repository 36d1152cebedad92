"""Reads of a partnership's asset register, connectors, assessments, triangle, map and
determinant coverage."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from placematters.analysis.queries import footprint_map
from placematters.asset_mapping.content import Factor, load_assessment, load_determinants
from placematters.asset_mapping.models import (
    CONNECTOR_SEGMENTS,
    Asset,
    Connector,
    ConnectorKind,
    Segment,
    SegmentAssessment,
)
from placematters.asset_mapping.presenters import centroid, distance_km, is_stale
from placematters.partnerships.models import Partnership
from placematters.toolkit.summaries import SummarySection


def stale_after_days() -> int:
    return settings.ASSET_STALE_AFTER_DAYS


def stale_before(today: datetime.date | None = None) -> datetime.date:
    """Assets last verified before this date (or never) are stale."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=stale_after_days())


@dataclass(frozen=True)
class AssetFilters:
    """The register's filters; empty strings mean 'any'."""

    segment: str = ""
    asset_type: str = ""
    determinant: str = ""
    area: str = ""
    stale: str = ""  # "", "stale" or "current"

    @property
    def any(self) -> bool:
        return any((self.segment, self.asset_type, self.determinant, self.area, self.stale))


def _all_assets(partnership: Partnership) -> QuerySet[Asset]:
    return Asset.objects.filter(partnership=partnership).select_related("owner_organisation")


def assets(
    partnership: Partnership,
    filters: AssetFilters | None = None,
    *,
    today: datetime.date | None = None,
) -> list[Asset]:
    """The partnership's assets matching the filters, by name. Determinants and areas served
    are JSON lists, so those two filters are applied here rather than in SQL."""
    filters = filters or AssetFilters()
    found = _all_assets(partnership)
    if filters.segment:
        found = found.filter(segment=filters.segment)
    if filters.asset_type:
        found = found.filter(asset_type=filters.asset_type)
    today = today or timezone.localdate()
    if filters.stale == "stale":
        found = found.filter(last_verified__isnull=True) | found.filter(
            last_verified__lt=stale_before(today)
        )
    elif filters.stale == "current":
        found = found.filter(last_verified__gte=stale_before(today))
    result = list(found.order_by("name", "id"))
    if filters.determinant:
        result = [asset for asset in result if filters.determinant in asset.determinants]
    if filters.area:
        code = filters.area.strip().upper()
        result = [
            asset for asset in result if asset.area_code == code or code in asset.areas_served
        ]
    return result


def asset(partnership: Partnership, asset_id: int) -> Asset | None:
    return (
        _all_assets(partnership)
        .filter(pk=asset_id)
        .prefetch_related(Prefetch("connectors", queryset=Connector.objects.order_by("name")))
        .first()
    )


def asset_is_stale(item: Asset, today: datetime.date | None = None) -> bool:
    return is_stale(item.last_verified, today or timezone.localdate(), stale_after_days())


def segment_counts(partnership: Partnership) -> dict[str, int]:
    """The number of assets in each segment, every segment present (one query)."""
    rows = Asset.objects.filter(partnership=partnership).values("segment").annotate(n=Count("id"))
    held = {row["segment"]: row["n"] for row in rows}
    return {segment: held.get(segment, 0) for segment in Segment.values}


def connectors(partnership: Partnership) -> list[Connector]:
    return list(
        Connector.objects.filter(partnership=partnership).prefetch_related(
            Prefetch("assets", queryset=Asset.objects.order_by("name"))
        )
    )


def connector(partnership: Partnership, connector_id: int) -> Connector | None:
    return (
        Connector.objects.filter(partnership=partnership, pk=connector_id)
        .prefetch_related("assets")
        .first()
    )


def segment_assessments(partnership: Partnership) -> dict[str, SegmentAssessment | None]:
    held = {
        item.segment: item for item in SegmentAssessment.objects.filter(partnership=partnership)
    }
    return {segment: held.get(segment) for segment in Segment.values}


# --- the triangle ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentSummary:
    segment: str
    label: str
    count: int
    stale: int
    assessment: str


@dataclass(frozen=True)
class ConnectorSummary:
    kind: str
    label: str
    joins: tuple[str, str]
    connectors: tuple[Connector, ...]


@dataclass(frozen=True)
class Triangle:
    segments: tuple[SegmentSummary, ...]
    sides: tuple[ConnectorSummary, ...]
    empty_segments: tuple[str, ...]
    empty_connectors: tuple[str, ...]
    uncovered_factors: tuple[Factor, ...]
    total: int = field(default=0)


def triangle(partnership: Partnership, today: datetime.date | None = None) -> Triangle:
    """Counts per segment and per connector, and the gaps: segments and connectors with
    nothing recorded, and determinant factors no asset addresses."""
    today = today or timezone.localdate()
    everything = assets(partnership, today=today)
    assessments = segment_assessments(partnership)
    segments = tuple(
        SegmentSummary(
            segment=segment,
            label=label,
            count=sum(1 for item in everything if item.segment == segment),
            stale=sum(
                1 for item in everything if item.segment == segment and asset_is_stale(item, today)
            ),
            assessment=(assessments[segment].summary if assessments[segment] else ""),
        )
        for segment, label in Segment.choices
    )
    held = connectors(partnership)
    sides = tuple(
        ConnectorSummary(
            kind=kind,
            label=label,
            joins=tuple(Segment(segment).label for segment in CONNECTOR_SEGMENTS[kind]),
            connectors=tuple(item for item in held if item.kind == kind),
        )
        for kind, label in ConnectorKind.choices
    )
    covered = {key for item in everything for key in item.determinants}
    return Triangle(
        segments=segments,
        sides=sides,
        empty_segments=tuple(item.label for item in segments if item.count == 0),
        empty_connectors=tuple(side.label for side in sides if not side.connectors),
        uncovered_factors=tuple(
            factor for factor in load_determinants().factors if factor.key not in covered
        ),
        total=len(everything),
    )


# --- the determinants lens ------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    factor: Factor
    group_title: str
    group_weight: int
    assets: int
    planned_actions: int


def determinant_coverage(
    partnership: Partnership, planned: dict[str, int] | None = None
) -> list[CoverageRow]:
    """Factor by factor: the model's weight, the number of assets tagged with the factor, and
    the number of actions in the plan that address it (``planned``, by factor key, from
    :func:`placematters.planning.queries.actions_by_determinant`)."""
    planned = planned or {}
    counts: dict[str, int] = {}
    for keys in Asset.objects.filter(partnership=partnership).values_list(
        "determinants", flat=True
    ):
        for key in keys or []:
            counts[key] = counts.get(key, 0) + 1
    return [
        CoverageRow(
            factor=factor,
            group_title=group.title,
            group_weight=group.weight,
            assets=counts.get(factor.key, 0),
            planned_actions=planned.get(factor.key, 0),
        )
        for group in load_determinants().groups
        for factor in group.factors
    ]


# --- the map --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    decile: int | None
    geometry: dict | None
    nearest_km: float | None


def map_areas(partnership: Partnership, points: list[Asset]) -> list[MapArea]:
    """The footprint's LSOAs with their national IMD decile, boundary (where held) and the
    distance from their centre to the nearest of ``points`` (None when either is missing)."""
    located = [(float(item.latitude), float(item.longitude)) for item in points if item.has_point]
    result = []
    for lsoa in footprint_map(partnership):
        nearest = None
        centre = centroid(lsoa.geometry) if lsoa.geometry else None
        if centre is not None and located:
            nearest = min(distance_km(centre[0], centre[1], lat, lon) for lat, lon in located)
        result.append(
            MapArea(
                code=lsoa.code,
                name=lsoa.name,
                decile=lsoa.national_decile,
                geometry=lsoa.geometry,
                nearest_km=nearest,
            )
        )
    return result


def unserved_deprived_areas(
    areas: list[MapArea], *, within_km: float, deciles: int = 2
) -> list[MapArea]:
    """LSOAs in the most deprived ``deciles`` national deciles whose centre has no asset
    within ``within_km``, most deprived first. Only LSOAs with a boundary can be judged."""
    found = [
        area
        for area in areas
        if area.decile is not None
        and area.decile <= deciles
        and area.geometry is not None
        and (area.nearest_km is None or area.nearest_km > within_km)
    ]
    return sorted(found, key=lambda area: (area.decile, -(area.nearest_km or 1e9), area.code))


# --- the final report -----------------------------------------------------------------------


def summary_sections(partnership: Partnership) -> list[SummarySection]:
    """The civic, service-based and community-centred assessments (stage 1), each with the
    assets recorded in the segment."""
    assessments = segment_assessments(partnership)
    everything = assets(partnership)
    sections = []
    for prompts in load_assessment().segments:
        in_segment = [item for item in everything if item.segment == prompts.segment]
        written = assessments[prompts.segment]
        paragraphs = [
            paragraph.strip()
            for paragraph in (written.summary if written else "").split("\n\n")
            if paragraph.strip()
        ]
        if not paragraphs:
            paragraphs = ["The partnership has not written this assessment yet."]
        label = Segment(prompts.segment).label.lower()
        if in_segment:
            paragraphs.append(
                f"The register holds {len(in_segment)} {label} "
                f"asset{'s' if len(in_segment) != 1 else ''}."
            )
        else:
            paragraphs.append(f"The register holds no {label} assets yet.")
        rows = tuple(
            [("Asset", "Type", "Owner")]
            + [(item.name, item.get_asset_type_display(), item.owner) for item in in_segment]
        )
        if not in_segment:
            rows = ()
        sections.append(
            SummarySection(
                stage="mapping-the-system",
                item=prompts.checklist_item,
                title=prompts.title,
                paragraphs=tuple(paragraphs),
                rows=rows,
            )
        )
    return sections


def asset_choices(partnership: Partnership) -> QuerySet[Asset]:
    """The partnership's assets as a queryset, for choosing in forms."""
    return Asset.objects.filter(partnership=partnership).order_by("name", "id")


def openreferral_labels() -> dict[str, dict[str, str]]:
    """Display names of the Place Matters taxonomy terms written to Open Referral UK."""
    from placematters.asset_mapping.models import AssetType

    return {
        "segment": dict(Segment.choices),
        "asset_type": dict(AssetType.choices),
        "determinant": {factor.key: factor.title for factor in load_determinants().factors},
    }


def openreferral_document(partnership: Partnership) -> dict:
    """The partnership's register as one Open Referral UK document (see openreferral.py)."""
    from placematters.asset_mapping import openreferral

    return openreferral.to_document(
        _all_assets(partnership).order_by("name", "id"),
        partnership_key=partnership.pk,
        labels=openreferral_labels(),
    )
