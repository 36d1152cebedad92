"""ONS-style area lookups and hierarchies, in ONS's column spelling or the snake form.

Examples: ``LSOA11CD, LSOA11NM, MSOA11CD, ..., LAD19CD, LAD19NM`` (ONS Open Geography) or
``lsoa11_code, lsoa11_name, msoa11_code, ward17_code, ltla19_code, ..., country_code`` and the
LAD→county/UA→region tables (``ltla19_code, utla19_code, region19_code``). Columns are
recognised by :data:`~placematters.geography.importers.columns.FAMILY_COLUMN`, so any vintage
works; other columns are ignored.

Each row names one area of the *finest* family (the child: the LSOA in an LSOA lookup, the
district in a district table) and the areas it lies in. What is stored:

- every area named (code, vintage, type from the code's prefix, name where given);
- ``parent`` links to the *next* level only, so that the hierarchy is a chain that queries
  walk (:func:`placematters.geography.queries.children`). From the child to each coarser area
  on its row, unless an area of that area's vintage lies between them: an LSOA 2011 links to
  its MSOA 2011, ward 2017, district 2019 and district 2021, and reaches county 2019 and
  region 2019 through district 2019. Between two coarser families likewise, but only when
  the file shows that they **nest** (every lower area is always in the same upper area): a
  district 2019 → county 2019 → region 2019, an MSOA 2011 → district 2019 and → country; an
  MSOA is not linked to a ward, since they do not nest. The link's vintage is the parent's. A
  unitary authority is its own county: that self-link is left out, and the authority links
  on to its region;
- a ``successor`` link from the child to an area of the same family and a later vintage on
  its row (a LAD19 → LAD21 lookup, say).

A family without a vintage in its column names (``country_code``) takes the vintage of the
finest family that has one (see :func:`~placematters.geography.importers.columns.families`).

A child must appear once. An exact repeat of a row is skipped with a warning; the same child
with different parents is an error. ONS pseudo codes (E99999999) mean "none" and are skipped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from placematters.geography.importers._areas import (
    checked_codes,
    family_areas,
    links_between,
    merge_areas,
    merge_links,
)
from placematters.geography.importers.base import (
    Parsed,
    RowError,
    find_column,
    header_of,
    read_table,
    repeats,
)
from placematters.geography.importers.columns import Family, families

NAME = "ons_lookup"
DESCRIPTION = (
    "an ONS lookup or hierarchy (columns such as LSOA11CD/LSOA11NM or lsoa11_code/lsoa11_name, "
    "LAD19CD or ltla19_code, RGN19CD or region19_code)"
)


def _is_lookup(columns: list[str]) -> bool:
    found = families(columns)
    if not found:
        return False
    lsoa_families = [family for family in found if family.kind == "lsoa"]
    change = find_column(columns, "change_code", "chgind", "change")
    ruc = find_column(columns, "ruc11cd", "ruc11_code", "ruc11")
    return len(lsoa_families) < 2 and change is None and ruc is None


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    return columns is not None and _is_lookup(columns)


def read(path: Path | str, *, vintage: str | None = None) -> pd.DataFrame:
    rows = read_table(path)
    rows.attrs["vintage"] = vintage
    return rows


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    found = families(rows.columns, rows.attrs.get("vintage"))
    if not found:
        parsed.errors.append(
            RowError(1, "", "no area code columns found (for example LSOA11CD or lsoa11_code)")
        )
        return parsed
    for family in found:
        if family.vintage is None:
            parsed.errors.append(
                RowError(
                    1,
                    family.code_column,
                    "the column name carries no vintage (year) and no other column does: "
                    "give the vintage (--vintage YEAR)",
                )
            )
    if parsed.errors:
        return parsed

    codes: dict = {}
    for family in found:
        codes[family], errors = checked_codes(rows, family)
        parsed.errors += errors
    child = found[0]
    flagged = {error.line for error in parsed.errors}
    for line in codes[child].index[codes[child] == ""]:
        if line not in flagged:
            parsed.errors.append(RowError(int(line), child.code_column, "missing area code"))

    table = pd.DataFrame({str(i): codes[family] for i, family in enumerate(found)})
    table["line"] = table.index
    others = [str(i) for i in range(1, len(found))]
    kept, errors, warnings = repeats(
        table[table["0"] != ""],
        ["0"],
        others or ["0"],
        what=f"{child.label} (it is listed again with different areas above it)",
        column=child.code_column,
    )
    parsed.errors += errors
    parsed.warnings += warnings
    if parsed.errors:
        return parsed

    if len(kept) != len(rows):  # exact repeats were dropped
        rows = rows.loc[kept.index]
        codes = {family: values.loc[kept.index] for family, values in codes.items()}
    area_parts = [family_areas(rows, family, codes[family]) for family in found]
    parsed.data["areas"], name_warnings = merge_areas(area_parts)
    parsed.warnings += name_warnings

    link_parts = []
    for family in found[1:]:
        if family.level > child.level and _next_level(found, child, family):
            link_parts.append(links_between(child, codes[child], family, codes[family]))
        elif family.level == child.level and family.vintage != child.vintage:
            link_parts.append(
                links_between(child, codes[child], family, codes[family], relation="successor")
            )
    coarse = found[1:]
    for lower in coarse:
        for upper in coarse:
            if upper.level <= lower.level or not _next_level(found, lower, upper):
                continue
            if upper.dated and lower.vintage > upper.vintage:
                continue  # a later area is not placed inside an earlier one
            pairs = pd.DataFrame({"lower": codes[lower], "upper": codes[upper]})
            pairs = pairs[(pairs["lower"] != "") & (pairs["upper"] != "")].drop_duplicates()
            if not pairs["lower"].duplicated().any():  # every lower area in one upper: nested
                link_parts.append(links_between(lower, pairs["lower"], upper, pairs["upper"]))
    parsed.data["links"] = merge_links(link_parts)
    return parsed


def _next_level(found: list[Family], lower: Family, upper: Family) -> bool:
    """Whether ``upper`` is the next level up from ``lower`` (so they are linked directly).

    Not when a family of ``upper``'s vintage lies between them (the link goes through it). A
    family without a vintage of its own (``country_code``) is the top of every chain: only the
    coarsest dated families link to it.
    """
    if not upper.dated:
        dated = [family.level for family in found if family.dated]
        return lower.dated and lower.level == max(dated)
    return not _skips_a_level(found, lower, upper)


def _skips_a_level(found: list[Family], lower: Family, upper: Family) -> bool:
    """Whether a family of ``upper``'s vintage lies between the two (so link through it)."""
    return any(
        family.vintage == upper.vintage and lower.level < family.level < upper.level
        for family in found
    )
