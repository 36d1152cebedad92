"""The 2011 Rural-Urban Classification of LSOAs (ONS/Defra), which sets ``Area.rural_urban``.

Columns (either spelling): ``LSOA11CD, LSOA11NM, RUC11CD, RUC11`` or ``lsoa11_code,
ruc11_code, ruc, classification``. The code is required; the stored label is ONS's own name
for it (for example "C2: Urban city and town in a sparse setting"), because some tidied copies
give only the broader class ("Urban city and town") for both C1 and C2.

The LSOAs must already be held (import the LSOA 2011 geography first); an unknown LSOA is an
error. Source of the labels: ONS, "2011 Rural-Urban Classification of Lower Layer Super Output
Areas in England and Wales" (2013).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from placematters.geography.importers._areas import checked_codes
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

NAME = "ruc11"
DESCRIPTION = "the 2011 rural-urban classification by LSOA (LSOA11CD and RUC11CD, or "
DESCRIPTION += "lsoa11_code and ruc11_code)"

#: ONS 2011 Rural-Urban Classification: code → name.
CLASSES = {
    "A1": "Urban major conurbation",
    "B1": "Urban minor conurbation",
    "C1": "Urban city and town",
    "C2": "Urban city and town in a sparse setting",
    "D1": "Rural town and fringe",
    "D2": "Rural town and fringe in a sparse setting",
    "E1": "Rural village",
    "E2": "Rural village in a sparse setting",
    "F1": "Rural hamlet and isolated dwellings",
    "F2": "Rural hamlet and isolated dwellings in a sparse setting",
}


def _ruc_column(columns: list[str]) -> str | None:
    return find_column(columns, "ruc11cd", "ruc11_code", "ruc11code")


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    if columns is None or _ruc_column(columns) is None:
        return False
    return any(f.kind == "lsoa" and f.vintage == "2011" for f in families(columns))


def read(path: Path | str, **_options: object) -> pd.DataFrame:
    return read_table(path)


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    lsoa = next(
        (f for f in families(rows.columns) if f.kind == "lsoa" and f.vintage == "2011"), None
    )
    ruc_column = _ruc_column(list(rows.columns))
    if lsoa is None or ruc_column is None:
        parsed.errors.append(
            RowError(1, "", f"expected {DESCRIPTION}; found: {', '.join(rows.columns)}")
        )
        return parsed
    codes, parsed.errors = checked_codes(rows, lsoa)
    for line in codes.index[text(rows, lsoa.code_column) == ""]:
        parsed.errors.append(RowError(int(line), lsoa.code_column, "missing area code"))
    ruc = text(rows, ruc_column).str.upper()
    for line, value in ruc[~ruc.isin(CLASSES)].items():
        parsed.errors.append(
            RowError(
                int(line),
                ruc_column,
                f"{value!r} is not a 2011 rural-urban class (A1, B1, C1, C2, D1, D2, E1, E2, "
                "F1 or F2)",
            )
        )
    table = pd.DataFrame({"code": codes, "ruc": ruc, "line": codes.index})
    kept, errors, warnings = repeats(table, ["code"], ["ruc"], what="LSOA", column=lsoa.code_column)
    parsed.errors += errors
    parsed.warnings += warnings
    if parsed.errors:
        return parsed
    parsed.data["rural_urban"] = pd.DataFrame(
        {
            "line": kept["line"].to_numpy(),
            "code": kept["code"].to_numpy(),
            "vintage": "2011",
            "label": [f"{code}: {CLASSES[code]}" for code in kept["ruc"]],
        }
    )
    parsed.data["code_column"] = lsoa.code_column
    return parsed
