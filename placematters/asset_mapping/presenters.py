"""Display helpers for the asset register: postcodes, staleness, the triangle and map pictures
(server-side SVG, no JavaScript) and CSV downloads."""

import datetime
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

from placematters.web.wording import count_phrase

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)
EARTH_RADIUS_KM = 6371.0


def normalise_postcode(value: str) -> str | None:
    """A UK postcode in capitals with one space before the last three characters, or None
    when ``value`` is not shaped like a postcode. An empty value stays empty."""
    text = re.sub(r"\s+", "", value or "").upper()
    if not text:
        return ""
    match = POSTCODE.match(text)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


def within_uk(latitude, longitude) -> bool:
    """True when the point lies in the box around the United Kingdom."""
    return (
        UK_LATITUDE[0] <= float(latitude) <= UK_LATITUDE[1]
        and UK_LONGITUDE[0] <= float(longitude) <= UK_LONGITUDE[1]
    )


def is_stale(
    last_verified: datetime.date | None, today: datetime.date, stale_after_days: int
) -> bool:
    """An entry never verified, or verified more than ``stale_after_days`` ago, is stale."""
    return last_verified is None or (today - last_verified).days > stale_after_days


def verified_phrase(last_verified: datetime.date | None, today: datetime.date) -> str:
    """'Never verified', 'Verified today', 'Verified 1 day ago', 'Verified 3 days ago'..."""
    if last_verified is None:
        return "Never verified"
    days = (today - last_verified).days
    if days <= 0:
        return "Verified today"
    if days == 1:
        return "Verified 1 day ago"
    return f"Verified {days} days ago"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coordinates)
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


def centroid(geometry: dict) -> tuple[float, float] | None:
    """An approximate centre (latitude, longitude) of a GeoJSON polygon: the mean of the
    outer ring's vertices (the closing vertex counted once), good enough for "is there an
    asset nearby"."""
    kind = geometry.get("type")
    if kind == "Polygon":
        outer = [geometry["coordinates"][0]]
    elif kind == "MultiPolygon":
        outer = [polygon[0] for polygon in geometry["coordinates"]]
    else:
        return None
    points = [
        point
        for ring in outer
        for point in (ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring)
    ]
    if not points:
        return None
    return (
        sum(point[1] for point in points) / len(points),
        sum(point[0] for point in points) / len(points),
    )


# --- the triangle ---------------------------------------------------------------------------

TRIANGLE_WIDTH = 600
TRIANGLE_HEIGHT = 480
BAND_FILLS = {"civic": "#f9d8c0", "service": "#cfe3f5", "community": "#cfe8d3"}
INK = "#0b0c0c"
CONNECTOR_INK = "#1d70b8"


@dataclass(frozen=True)
class Band:
    segment: str
    label: str
    count: int


@dataclass(frozen=True)
class Side:
    label: str
    count: int


#: Characters per line of a connector's label beside the triangle.
SIDE_LABEL_CHARACTERS = 16


def triangle_svg(bands: Sequence[Band], sides: Sequence[Side], *, label: str) -> str:
    """The Population Intervention Triangle as three bands (civic at the top, service in the
    middle, community at the base) with the count of assets in each, and the three connectors
    drawn along the sides with their counts. ``bands`` in that order; ``sides`` in the order
    left (place-based planning), right (service engagement), base (integration and scale-up).
    """
    width, height = TRIANGLE_WIDTH, TRIANGLE_HEIGHT
    top, base, margin = 40, height - 70, 110
    apex = (width / 2, top)
    left, right = (margin, base), (width - margin, base)

    def x_at(y: float, side: str) -> float:
        share = (y - top) / (base - top)
        return apex[0] + (
            share * (left[0] - apex[0]) if side == "left" else share * (right[0] - apex[0])
        )

    parts = []
    cuts = [top + (base - top) * share for share in (0, 1 / 3, 2 / 3, 1)]
    for index, band in enumerate(bands):
        y0, y1 = cuts[index], cuts[index + 1]
        points = [
            (x_at(y0, "left"), y0), (x_at(y0, "right"), y0),
            (x_at(y1, "right"), y1), (x_at(y1, "left"), y1),
        ]  # fmt: skip
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        fill = BAND_FILLS.get(band.segment, "#eeeeee")
        dash = ' stroke-dasharray="6 4"' if band.count == 0 else ""
        parts.append(f'<polygon points="{path}" fill="{fill}" stroke="{INK}"{dash}/>')
        middle = (y0 + y1) / 2 + (24 if index == 0 else 0)
        count = count_phrase(band.count, "asset", opens_line=True)
        parts.append(
            f'<text x="{width / 2:.1f}" y="{middle - 4:.1f}" text-anchor="middle" '
            f'font-size="15" font-weight="bold" fill="{INK}">{escape(band.label)}</text>'
        )
        parts.append(
            f'<text x="{width / 2:.1f}" y="{middle + 16:.1f}" text-anchor="middle" '
            f'font-size="14" fill="{INK}">{escape(count)}</text>'
        )
    side_positions = [
        ((apex[0] + left[0]) / 2 - 16, (apex[1] + left[1]) / 2, "end"),
        ((apex[0] + right[0]) / 2 + 16, (apex[1] + right[1]) / 2, "start"),
        (width / 2, base + 34, "middle"),
    ]
    for (x, y, anchor), side in zip(side_positions, sides, strict=False):
        # The side labels sit beside a narrow triangle: wrap them so none runs off the picture.
        lines = [*textwrap.wrap(side.label, SIDE_LABEL_CHARACTERS)]
        lines.append(count_phrase(side.count, "connector", opens_line=True))
        first = y - 8 * (len(lines) - 1) if anchor != "middle" else y
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{x:.1f}" y="{first + 16 * number:.1f}" text-anchor="{anchor}" '
                f'font-size="13" fill="{CONNECTOR_INK}">{escape(line)}</text>'
            )
    for (x1, y1), (x2, y2) in ((apex, left), (apex, right), (left, right)):
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{CONNECTOR_INK}" stroke-width="4"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="pm-chart__svg" role="img" aria-label="{escape(label)}">'
        + "".join(parts)
        + "</svg>"
    )


# --- the map --------------------------------------------------------------------------------

MAP_WIDTH = 640
MAP_HEIGHT = 520
MAP_PADDING = 12
NO_DECILE_FILL = "#c9c9c9"


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    geometry: dict
    fill: str


@dataclass(frozen=True)
class MapPoint:
    label: str
    latitude: float
    longitude: float


def _projector(shapes: Sequence[MapShape], points: Sequence[MapPoint]):
    """A simple equirectangular projection scaled by the cosine of the middle latitude,
    fitted to the shapes and points (enough for an area the size of a county)."""
    lons = [p[0] for shape in shapes for ring in _rings(shape.geometry) for p in ring]
    lats = [p[1] for shape in shapes for ring in _rings(shape.geometry) for p in ring]
    lons += [point.longitude for point in points]
    lats += [point.latitude for point in points]
    if not lons:
        return None
    middle = math.radians((min(lats) + max(lats)) / 2)
    stretch = math.cos(middle)
    span_x = max((max(lons) - min(lons)) * stretch, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    usable_w, usable_h = MAP_WIDTH - 2 * MAP_PADDING, MAP_HEIGHT - 2 * MAP_PADDING
    scale = min(usable_w / span_x, usable_h / span_y)
    offset_x = MAP_PADDING + (usable_w - span_x * scale) / 2
    offset_y = MAP_PADDING + (usable_h - span_y * scale) / 2
    west, north = min(lons), max(lats)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            offset_x + (lon - west) * stretch * scale,
            offset_y + (north - lat) * scale,
        )

    return project


def map_svg(shapes: Sequence[MapShape], points: Sequence[MapPoint], *, label: str) -> str:
    """LSOAs filled by deprivation decile with the assets drawn as points on top."""
    project = _projector(shapes, points)
    parts = []
    if project is not None:
        for shape in shapes:
            d = []
            for ring in _rings(shape.geometry):
                xy = [project(float(p[0]), float(p[1])) for p in ring]
                if xy:
                    d.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
            if d:
                parts.append(
                    f'<path d="{" ".join(d)}" fill="{shape.fill}" stroke="#ffffff" '
                    f'stroke-width="0.5"><title>{escape(shape.name)}</title></path>'
                )
        for point in points:
            x, y = project(point.longitude, point.latitude)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{INK}" '
                f'stroke-width="2.5"><title>{escape(point.label)}</title></circle>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" '
        f'class="pm-chart__svg" role="img" aria-label="{escape(label)}">'
        + "".join(parts)
        + "</svg>"
    )


def coordinate_text(value: Decimal | float | None) -> str:
    return "" if value is None else f"{float(value):.5f}"
