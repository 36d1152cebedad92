"""Helpers shared by the geography formats: checked code columns, areas and links as frames.

Normalised geography data, as every geography importer's ``parse`` returns it in
``Parsed.data``:

- ``areas``: one row per (code, vintage) with ``area_type`` and ``name`` ("" when unknown);
- ``links``: child and parent (code, vintage), ``relation`` (parent/successor), the link's
  ``vintage``, ``change`` (ONS change code) and ``weight``;
- optionally ``boundaries`` (code, vintage, geometry) and ``rural_urban`` (code, label).
"""

from __future__ import annotations

import pandas as pd

from placematters.geography.importers.base import (
    RowError,
    bad_codes,
    blank_pseudo_codes,
    malformed_codes,
    text,
    unique_cells,
)
from placematters.geography.importers.columns import (
    FAMILY_TYPES,
    LABEL,
    PREFIX_TYPE,
    Family,
    area_type_of,
    prefixes_of,
)

AREA_COLUMNS = ["code", "vintage", "area_type", "name"]
LINK_COLUMNS = [
    "child_code", "child_vintage", "parent_code", "parent_vintage", "relation", "vintage",
    "change", "weight",
]  # fmt: skip


def checked_codes(frame: pd.DataFrame, family: Family) -> tuple[pd.Series, list[RowError]]:
    """A family's codes (pseudo codes, malformed and wrong-type codes blanked) and errors."""
    column = family.code_column
    codes = blank_pseudo_codes(text(frame, column))
    errors = bad_codes(codes, column)
    allowed = {prefix for prefix, kind in PREFIX_TYPE.items() if kind in FAMILY_TYPES[family.kind]}
    malformed = set(malformed_codes(codes))
    wrong = [
        code
        for code in unique_cells(codes)
        if code and code not in malformed and code[:3] not in allowed
    ]
    for line, code in codes[codes.isin(wrong)].items():
        errors.append(
            RowError(
                int(line),
                column,
                f"{code} is not a {LABEL[family.kind]} code "
                f"(those start {prefixes_of(family.kind)})",
            )
        )
    unusable = malformed.union(wrong)
    return (codes.where(~codes.isin(unusable), "") if unusable else codes), errors


def family_areas(frame: pd.DataFrame, family: Family, codes: pd.Series) -> pd.DataFrame:
    """Areas named by one family's columns (empty codes left out)."""
    names = text(frame, family.name_column) if family.name_column else pd.Series("", codes.index)
    areas = pd.DataFrame(
        {
            "line": codes.index.to_numpy(),
            "code": codes.to_numpy(),
            "vintage": family.vintage,
            "name": names.to_numpy(),
        }
    )
    areas = areas[areas["code"] != ""]
    return areas.drop_duplicates(["code", "name"])


def merge_areas(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[RowError]]:
    """One row per (code, vintage): the first non-empty name wins; differing names warn."""
    if not parts:
        return pd.DataFrame(columns=AREA_COLUMNS), []
    areas = pd.concat(parts, ignore_index=True)
    named = areas[areas["name"] != ""].drop_duplicates(["code", "vintage", "name"])
    clashes = named[named.duplicated(["code", "vintage"], keep=False)]
    warnings = []
    if len(clashes):
        first = clashes.drop_duplicates(["code", "vintage"])
        for row in clashes[clashes.duplicated(["code", "vintage"])].itertuples():
            kept = first[(first["code"] == row.code) & (first["vintage"] == row.vintage)]
            warnings.append(
                RowError(
                    int(row.line),
                    "",
                    f"{row.code} ({row.vintage}) is named {row.name!r} here but "
                    f"{kept['name'].iloc[0]!r} on line {int(kept['line'].iloc[0])}; "
                    "kept the first name",
                )
            )
    areas["unnamed"] = areas["name"] == ""
    areas = areas.sort_values(["unnamed", "line"], kind="stable")  # the first named row wins
    areas = areas.drop_duplicates(["code", "vintage"]).sort_values("line", kind="stable")
    areas["area_type"] = areas["code"].map(area_type_of)
    return areas[AREA_COLUMNS].reset_index(drop=True), warnings


def links_between(
    child: Family,
    child_codes: pd.Series,
    parent: Family,
    parent_codes: pd.Series,
    *,
    relation: str = "parent",
    change: pd.Series | str = "",
    weight: pd.Series | float = 1.0,
) -> pd.DataFrame:
    """Links from each row's child area to its parent area (rows missing either left out)."""
    links = pd.DataFrame(
        {
            "child_code": child_codes.to_numpy(),
            "child_vintage": child.vintage,
            "parent_code": parent_codes.to_numpy(),
            "parent_vintage": parent.vintage,
            "relation": relation,
            "vintage": parent.vintage,
            "change": change.to_numpy() if isinstance(change, pd.Series) else change,
            "weight": weight.to_numpy() if isinstance(weight, pd.Series) else weight,
        }
    )
    keep = (links["child_code"] != "") & (links["parent_code"] != "")
    keep &= ~((links["child_code"] == links["parent_code"]) & (child.vintage == parent.vintage))
    return links[keep]


def merge_links(parts: list[pd.DataFrame]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame(columns=LINK_COLUMNS)
    links = pd.concat(parts, ignore_index=True)
    return links.drop_duplicates(
        ["child_code", "parent_code", "child_vintage", "parent_vintage", "relation"]
    ).reset_index(drop=True)
