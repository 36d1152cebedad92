"""Recognising ONS geography columns in any spelling and vintage, and typing GSS codes.

ONS lookups name their columns ``LSOA11CD``/``LSOA11NM``, ``LAD19CD``, ``RGN23CD``...; tidied
copies write ``lsoa11_code``/``lsoa11_name``, ``ltla19_code``... One regular expression reads
both: a geography *family* (LSOA, MSOA, ward, lower or upper tier local authority, region,
country), a two-digit vintage, and whether the column holds codes or names::

    (?i)^(lsoa|msoa|ward|wd|lad|ltla|utla|cty|ctyua|rgn|region|ctry|country)(\\d\\d)?(cd|nm|_code|_name)$

The vintage is optional because countries rarely carry one (``country_code``); such a family
takes the vintage of the finest family in the file that has one (see :func:`families`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from placematters.geography.models import AreaType

FAMILY_COLUMN = re.compile(
    r"(?i)^(lsoa|msoa|ward|wd|lad|ltla|utla|cty|ctyua|rgn|region|ctry|country)(\d\d)?"
    r"(cd|nm|_code|_name)$"
)

#: Spellings of one family, and its level (0 = finest).
CANONICAL = {
    "lsoa": "lsoa",
    "msoa": "msoa",
    "ward": "ward",
    "wd": "ward",
    "lad": "ltla",
    "ltla": "ltla",
    "utla": "utla",
    "cty": "utla",
    "ctyua": "utla",
    "rgn": "region",
    "region": "region",
    "ctry": "country",
    "country": "country",
}
LEVEL = {"lsoa": 0, "msoa": 1, "ward": 2, "ltla": 3, "utla": 4, "region": 5, "country": 6}
LABEL = {
    "lsoa": "LSOA",
    "msoa": "MSOA",
    "ward": "ward",
    "ltla": "local authority district",
    "utla": "county or unitary authority",
    "region": "region",
    "country": "country",
}

#: Area type by the first three characters of a GSS code. E06 (unitary authorities), E08
#: (metropolitan districts) and E09 (London boroughs) are single-tier: they are districts *and*
#: upper-tier authorities, and are typed ``district`` (the label reads "District or unitary
#: authority"). Codes not listed (E00 output areas, E11 metropolitan counties, E13 Inner/Outer
#: London, K02-K04 UK/GB/England and Wales) are typed ``other``.
PREFIX_TYPE = {
    "E01": AreaType.LSOA,
    "W01": AreaType.LSOA,
    "E02": AreaType.MSOA,
    "W02": AreaType.MSOA,
    "E05": AreaType.WARD,
    "W05": AreaType.WARD,
    "S13": AreaType.WARD,
    "N08": AreaType.WARD,
    "E06": AreaType.DISTRICT,
    "E07": AreaType.DISTRICT,
    "E08": AreaType.DISTRICT,
    "E09": AreaType.DISTRICT,
    "W06": AreaType.DISTRICT,
    "S12": AreaType.DISTRICT,
    "N09": AreaType.DISTRICT,
    "E10": AreaType.COUNTY_UA,
    "E12": AreaType.REGION,
    "E92": AreaType.COUNTRY,
    "W92": AreaType.COUNTRY,
    "S92": AreaType.COUNTRY,
    "N92": AreaType.COUNTRY,
}

#: Which area types a family's codes may have (regions columns sometimes hold the nations).
FAMILY_TYPES = {
    "lsoa": {AreaType.LSOA},
    "msoa": {AreaType.MSOA},
    "ward": {AreaType.WARD},
    "ltla": {AreaType.DISTRICT},
    "utla": {AreaType.COUNTY_UA, AreaType.DISTRICT},
    "region": {AreaType.REGION, AreaType.COUNTRY},
    "country": {AreaType.COUNTRY},
}


def area_type_of(code: str) -> str:
    """The area type of a GSS code by its prefix (``other`` when not a listed prefix)."""
    return PREFIX_TYPE.get(code[:3], AreaType.OTHER)


def prefixes_of(family: str) -> str:
    """The code prefixes a family accepts, for error messages ("E01 or W01")."""
    allowed = FAMILY_TYPES[family]
    found = sorted(prefix for prefix, kind in PREFIX_TYPE.items() if kind in allowed)
    return ", ".join(found[:-1]) + f" or {found[-1]}" if len(found) > 1 else found[0]


def vintage_of(two_digits: str) -> str:
    """'11' -> '2011', '98' -> '1998' (ONS vintages are two-digit years)."""
    year = int(two_digits)
    return str(2000 + year if year < 50 else 1900 + year)


@dataclass(frozen=True)
class Family:
    """One geography in a file: its family, vintage and code (and name) columns."""

    kind: str
    vintage: str | None
    code_column: str
    name_column: str | None
    dated: bool = True  # False when the vintage was not in the column name

    @property
    def level(self) -> int:
        return LEVEL[self.kind]

    @property
    def label(self) -> str:
        year = f" {self.vintage}" if self.vintage else ""
        return f"{LABEL[self.kind]}{year}"


def families(columns: Iterable[str], default_vintage: str | None = None) -> list[Family]:
    """The geography families among ``columns``, finest first (then by vintage).

    A family needs a code column; its name column is optional. A family whose columns carry no
    vintage (``country_code``) takes ``default_vintage``, or else the vintage of the finest
    family that has one. When a family is spelt twice (``LAD19CD`` and ``ltla19_code``), the
    first column wins.
    """
    codes: dict[tuple[str, str | None], str] = {}
    names: dict[tuple[str, str | None], str] = {}
    for column in columns:
        match = FAMILY_COLUMN.match(column.strip())
        if not match:
            continue
        kind = CANONICAL[match[1].lower()]
        vintage = vintage_of(match[2]) if match[2] else None
        target = codes if match[3].lower() in ("cd", "_code") else names
        target.setdefault((kind, vintage), column)
    found = [
        Family(kind, vintage, column, names.get((kind, vintage)))
        for (kind, vintage), column in codes.items()
    ]
    found.sort(key=lambda family: (family.level, family.vintage or ""))
    fallback = default_vintage or next((f.vintage for f in found if f.vintage), None)
    return [
        family
        if family.vintage
        else Family(family.kind, fallback, family.code_column, family.name_column, dated=False)
        for family in found
    ]
