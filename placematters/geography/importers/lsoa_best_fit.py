"""The ONS LSOA 2011 → LSOA 2021 best-fit lookup, with its change code.

Columns (either spelling): ``LSOA11CD, LSOA11NM, LSOA21CD, LSOA21NM, CHGIND, LAD22CD,
LAD22NM`` or ``lsoa11_code, lsoa11_name, change_code, lsoa21_code, lsoa21_name, ltla22_code,
ltla22_name``. One row per pair; the table is many-to-many.

Change codes (ONS): ``U`` unchanged, ``S`` the 2011 LSOA was split, ``M`` 2011 LSOAs were merged,
``X`` a complex (irregular) change. Stored:

- the 2011 and 2021 LSOAs (and the districts) as areas;
- a ``successor`` link 2011 → 2021 (vintage 2021) with the change code and a weight: the share
  of the 2011 LSOA counted in that 2021 LSOA, taken as ``1 / (number of 2021 LSOAs the 2011
  LSOA maps to)``, an equal-share approximation (ONS publishes no population shares with the
  best-fit table); 1 for U and M;
- a ``parent`` link from each 2021 LSOA to the district on its row (the district's vintage).

Checks: the change code is U, S, M or X; a U row's LSOAs map only to each other; a pair may
appear once (an exact repeat is skipped with a warning).
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
    text,
)
from placematters.geography.importers.columns import families

NAME = "lsoa_best_fit"
DESCRIPTION = (
    "the LSOA 2011 to 2021 best-fit lookup (LSOA11CD, LSOA21CD and CHGIND, or lsoa11_code, "
    "lsoa21_code and change_code)"
)
CHANGE_CODES = {"U", "S", "M", "X"}


def _change_column(columns: list[str]) -> str | None:
    return find_column(columns, "change_code", "chgind", "change")


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    if columns is None:
        return False
    lsoa_families = [family for family in families(columns) if family.kind == "lsoa"]
    return len(lsoa_families) == 2 and _change_column(columns) is not None


def read(path: Path | str, **_options: object) -> pd.DataFrame:
    return read_table(path)


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    found = families(rows.columns)
    lsoa = [family for family in found if family.kind == "lsoa"]
    change_column = _change_column(list(rows.columns))
    if len(lsoa) != 2 or change_column is None or lsoa[0].vintage == lsoa[1].vintage:
        parsed.errors.append(
            RowError(1, "", f"expected {DESCRIPTION}; found: {', '.join(rows.columns)}")
        )
        return parsed
    old, new = lsoa
    others = [family for family in found if family.kind != "lsoa"]

    codes = {}
    for family in found:
        codes[family], errors = checked_codes(rows, family)
        parsed.errors += errors
    for family in (old, new):
        for line in codes[family].index[text(rows, family.code_column) == ""]:
            parsed.errors.append(RowError(int(line), family.code_column, "missing area code"))

    change = text(rows, change_column).str.upper()
    for line, value in change[~change.isin(CHANGE_CODES)].items():
        parsed.errors.append(
            RowError(int(line), change_column, f"{value!r} is not a change code (U, S, M or X)")
        )

    table = pd.DataFrame({"old": codes[old], "new": codes[new], "change": change})
    table["line"] = table.index
    kept, errors, warnings = repeats(
        table, ["old", "new"], ["change"], what="pair of LSOAs", column=change_column
    )
    parsed.errors += errors
    parsed.warnings += warnings

    successors = kept.groupby("old")["new"].transform("size")
    predecessors = kept.groupby("new")["old"].transform("size")
    unchanged_but_not = (kept["change"] == "U") & ((successors > 1) | (predecessors > 1))
    for line in kept.index[unchanged_but_not]:
        parsed.errors.append(
            RowError(
                int(line),
                change_column,
                "change code U (unchanged) but the LSOAs on this row map to more than one other",
            )
        )
    if parsed.errors:
        return parsed

    lines = kept.index
    area_parts = [family_areas(rows.loc[lines], f, codes[f].loc[lines]) for f in found]
    parsed.data["areas"], name_warnings = merge_areas(area_parts)
    parsed.warnings += name_warnings
    weight = 1.0 / successors
    link_parts = [
        links_between(
            old,
            codes[old].loc[lines],
            new,
            codes[new].loc[lines],
            relation="successor",
            change=kept["change"],
            weight=weight,
        )
    ]
    for family in others:
        link_parts.append(
            links_between(new, codes[new].loc[lines], family, codes[family].loc[lines])
        )
    parsed.data["links"] = merge_links(link_parts)
    return parsed
