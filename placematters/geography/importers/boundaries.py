"""Boundaries as GeoJSON (WGS84 longitude/latitude), as ONS Open Geography publishes them.

A FeatureCollection of Polygon or MultiPolygon features whose properties hold the area code
in a property such as ``LAD24CD``, ``CTYUA23CD``, ``RGN23CD`` or ``LSOA11CD`` (any family and
vintage that :data:`~placematters.geography.importers.columns.FAMILY_COLUMN` reads), with its
name in the matching ``...NM`` property. The vintage comes from the property name.

Stored: the area (created if not held, with its name) and its geometry, simplified for display
by rounding coordinates to 5 decimal places (about 1 m) and dropping the points that then
repeat; a ring keeps at least four points. ONS's super-generalised (BSC/BUC) files are already
simplified to about 200 m, so this only trims digits.

Errors are reported by feature number (1-based, in file order), or by line and character for
JSON that cannot be read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from placematters.geography.importers._areas import merge_areas
from placematters.geography.importers.base import (
    GSS_CODE,
    ImportFailed,
    Parsed,
    RowError,
    decode_utf8,
)
from placematters.geography.importers.columns import (
    CANONICAL,
    FAMILY_TYPES,
    LABEL,
    LEVEL,
    area_type_of,
    prefixes_of,
    vintage_of,
)

NAME = "geojson_boundaries"
DESCRIPTION = "GeoJSON boundaries (a FeatureCollection with a code property such as LAD24CD)"
CODE_PROPERTY = re.compile(
    r"(?i)^(lsoa|msoa|ward|wd|lad|ltla|utla|cty|ctyua|rgn|region|ctry|country)(\d\d)(cd)$"
)
DECIMALS = 5
_WGS84 = ("4326", "CRS84")


def detect(path: Path | str) -> bool:
    path = Path(path)
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    compact = re.sub(rb"\s+", b"", head)
    return compact.startswith(b"{") and b'"FeatureCollection"' in compact


def read(path: Path | str, **_options: object) -> pd.DataFrame:
    """One row per feature (index = feature number): its properties and geometry."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed([RowError(1, "", f"there is no file at {path}")])
    text = decode_utf8(path.read_bytes())
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [
                RowError(
                    error.lineno,
                    f"character {error.colno}",
                    f"not valid JSON ({error.msg}); is the file complete?",
                )
            ]
        ) from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed([RowError(1, "", "not a GeoJSON FeatureCollection")])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ImportFailed([RowError(1, "features", "the FeatureCollection has no features")])
    crs = json.dumps(document.get("crs") or {})
    rows = pd.DataFrame(
        {
            "properties": [
                (feature.get("properties") or {}) if isinstance(feature, dict) else {}
                for feature in features
            ],
            "geometry": [
                feature.get("geometry") if isinstance(feature, dict) else None
                for feature in features
            ],
        },
        index=pd.Index(range(1, len(features) + 1), name="feature"),
    )
    rows.attrs["crs"] = crs
    rows.attrs["source"] = path.name
    return rows


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def _code_property(rows: pd.DataFrame) -> tuple[str, str | None] | None:
    keys: dict[str, None] = {}
    for properties in rows["properties"]:
        keys.update(dict.fromkeys(properties))
    matches = [(key, CODE_PROPERTY.match(key)) for key in keys]
    matches = [(key, match) for key, match in matches if match]
    if not matches:
        return None
    key, _match = min(matches, key=lambda item: LEVEL[CANONICAL[item[1][1].lower()]])
    name = next((k for k in keys if k.lower() == key[:-2].lower() + "nm"), None)
    return key, name


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    crs = rows.attrs.get("crs", "{}")
    if crs != "{}" and not any(marker in crs for marker in _WGS84):
        parsed.errors.append(
            RowError(
                1,
                "crs",
                f"coordinates must be WGS84 longitude/latitude (EPSG:4326); the file says {crs}",
            )
        )
        return parsed
    found = _code_property(rows)
    if found is None:
        parsed.errors.append(
            RowError(
                1,
                "properties",
                "no area code property found (expected one such as LAD24CD or LSOA11CD)",
            )
        )
        return parsed
    code_key, name_key = found
    match = CODE_PROPERTY.match(code_key)
    family = CANONICAL[match[1].lower()]
    vintage = vintage_of(match[2])
    allowed = FAMILY_TYPES[family]

    areas, boundaries, seen = [], [], {}
    for number, properties, geometry in zip(
        rows.index, rows["properties"], rows["geometry"], strict=True
    ):
        code = str(properties.get(code_key) or "").strip()
        name = str(properties.get(name_key) or "").strip() if name_key else ""
        if not code:
            parsed.errors.append(RowError(number, code_key, "missing area code", "feature"))
            continue
        if not re.fullmatch(GSS_CODE, code):
            parsed.errors.append(
                RowError(number, code_key, f"{code!r} is not a GSS area code", "feature")
            )
            continue
        if area_type_of(code) not in allowed:
            parsed.errors.append(
                RowError(
                    number,
                    code_key,
                    f"{code} is not a {LABEL[family]} code (those start {prefixes_of(family)})",
                    "feature",
                )
            )
            continue
        if code in seen:
            parsed.errors.append(
                RowError(number, code_key, f"{code} also has feature {seen[code]}", "feature")
            )
            continue
        seen[code] = number
        simplified, problem = simplify(geometry)
        if problem:
            parsed.errors.append(RowError(number, "geometry", problem, "feature"))
            continue
        areas.append({"line": number, "code": code, "vintage": vintage, "name": name})
        boundaries.append({"code": code, "vintage": vintage, "geometry": simplified})
    if parsed.errors:
        return parsed
    parsed.data["areas"], _ = merge_areas([pd.DataFrame(areas)])
    parsed.data["links"] = pd.DataFrame()
    parsed.data["boundaries"] = pd.DataFrame(boundaries)
    parsed.data["source"] = rows.attrs.get("source", "")
    return parsed


def simplify(geometry: Any) -> tuple[dict | None, str]:
    """A Polygon/MultiPolygon with coordinates rounded to 5 dp, or a reason it is unusable."""
    if not isinstance(geometry, dict):
        return None, "the feature has no geometry"
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    try:
        if kind == "Polygon":
            return {"type": kind, "coordinates": _polygon(coordinates)}, ""
        if kind == "MultiPolygon":
            return {"type": kind, "coordinates": [_polygon(part) for part in coordinates]}, ""
    except (TypeError, ValueError) as error:
        return None, f"the {kind} coordinates are not usable ({error})"
    return None, f"a {kind or 'missing'} geometry; boundaries must be Polygon or MultiPolygon"


def _polygon(rings: Any) -> list:
    if not isinstance(rings, list) or not rings:
        raise ValueError("a polygon needs at least one ring")
    return [_ring(ring) for ring in rings]


def _ring(ring: Any) -> list:
    points = np.asarray(ring, dtype=float)
    if points.ndim != 2 or points.shape[1] < 2 or len(points) < 4:
        raise ValueError("a ring needs at least four [longitude, latitude] points")
    points = points[:, :2]
    if not np.isfinite(points).all():
        raise ValueError("a coordinate is not a number")
    if (np.abs(points[:, 0]) > 180).any() or (np.abs(points[:, 1]) > 90).any():
        raise ValueError(
            f"{points[0, 0]:g}, {points[0, 1]:g} is not a longitude and latitude; "
            "reproject the file to WGS84 (EPSG:4326)"
        )
    rounded = np.round(points, DECIMALS)
    keep = np.ones(len(rounded), dtype=bool)
    keep[1:] = (np.diff(rounded, axis=0) != 0).any(axis=1)
    thinned = rounded[keep]
    if len(thinned) >= 4 and (thinned[0] == thinned[-1]).all():
        rounded = thinned
    return rounded.tolist()
