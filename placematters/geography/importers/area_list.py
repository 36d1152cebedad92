"""A plain list of areas: a code column and a name column, with the vintage given separately.

Columns: ``area_code`` and ``area_name`` (or ``code`` and ``name``, ``geography code`` and
``geography``); other columns are ignored, so a statistics table such as ONS's MYE2 population
file (``area_code, area_name, sex, all_ages, 0, 1, ...``) doubles as the register of the areas
it covers. The column names carry no vintage, so it must be given (``--vintage 2014``).

Used for areas that no lookup covers: the pre-2019 districts and the UK-wide areas of the 2014
deaths and population tables, for instance. Types come from the code's prefix
(:data:`~placematters.geography.importers.columns.PREFIX_TYPE`). A code repeated with the same
name (one row per sex, say) is one area; the same code with two names is an error. No links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from placematters.geography.importers._areas import merge_areas
from placematters.geography.importers.base import (
    Parsed,
    RowError,
    bad_codes,
    blank_pseudo_codes,
    find_column,
    header_of,
    read_table,
    text,
)

NAME = "area_list"
DESCRIPTION = "a list of areas (area_code and area_name columns) with --vintage"

CODE_NAMES = ("area_code", "code", "geography_code", "areacode")
NAME_NAMES = ("area_name", "name", "geography", "areaname")


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    return (
        columns is not None
        and find_column(columns, *CODE_NAMES) is not None
        and find_column(columns, *NAME_NAMES) is not None
    )


def read(path: Path | str, *, vintage: str | None = None) -> pd.DataFrame:
    rows = read_table(path)
    rows.attrs["vintage"] = vintage
    return rows


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    code_column = find_column(rows.columns, *CODE_NAMES)
    name_column = find_column(rows.columns, *NAME_NAMES)
    vintage = rows.attrs.get("vintage")
    if code_column is None or name_column is None:
        parsed.errors.append(
            RowError(1, "", f"expected {DESCRIPTION}; found: {', '.join(rows.columns)}")
        )
        return parsed
    if not vintage or not re.fullmatch(r"(19|20)\d\d", str(vintage)):
        parsed.errors.append(
            RowError(
                1,
                code_column,
                "an area list's columns carry no vintage: give the year of its boundaries "
                f"(--vintage YEAR){'' if not vintage else f'; {vintage!r} is not a year'}",
            )
        )
        return parsed
    codes = blank_pseudo_codes(text(rows, code_column))
    names = text(rows, name_column)
    parsed.errors += bad_codes(codes, code_column)
    for line in codes.index[codes == ""]:
        parsed.errors.append(RowError(int(line), code_column, "missing area code"))
    table = pd.DataFrame({"code": codes, "name": names, "line": codes.index})
    table = table[table["code"].str.fullmatch(r"[EWSNKL]\d{8}")]
    distinct = table.drop_duplicates(["code", "name"])
    clashes = distinct[distinct.duplicated("code")]
    for row in clashes.itertuples():
        first = distinct[distinct["code"] == row.code].iloc[0]
        parsed.errors.append(
            RowError(
                int(row.line),
                name_column,
                f"{row.code} is named {row.name!r} here but {first['name']!r} on line "
                f"{int(first['line'])}",
            )
        )
    if parsed.errors:
        return parsed
    parsed.data["areas"], _ = merge_areas([distinct.assign(vintage=str(vintage))])
    parsed.data["links"] = pd.DataFrame()
    return parsed
