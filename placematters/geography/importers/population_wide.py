"""Population by area (and sex) in a wide layout: one column per age or age band.

Examples: ONS small-area estimates tidied as ``lsoa11_code, lsoa11_name, total_population,
0-4, 5-9, ..., 85-89, 90+`` or ``ltla19_code, ltla19_name, total_population, 0, 1, ..., 89,
90+``; ONS MYE2 as ``area_code, area_name, sex, all_ages, 0, 1, ..., 90+``. Rules (bands, totals,
repeats, year): :mod:`placematters.geography.importers._bands`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from placematters.geography.importers import _bands
from placematters.geography.importers.base import (
    Parsed,
    RowError,
    header_of,
    read_table,
    year_from_name,
)

NAME = "population_wide"
DESCRIPTION = "population, wide (an area code column and one column per age: 0, 1, ... 90+)"


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    if columns is None:
        return False
    code, _name, _vintage = _bands.code_column(columns)
    return code is not None and len(_bands.age_columns(columns)) >= 2


def read(path: Path | str, *, year: int | None = None) -> pd.DataFrame:
    rows = read_table(path)
    rows.attrs["year"] = year if year is not None else year_from_name(Path(path))
    return rows


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    records, parsed.errors, parsed.warnings = _bands.wide_records(
        rows, year=rows.attrs.get("year"), what="population"
    )
    parsed.data["records"] = records
    parsed.data["code_column"] = _bands.code_column(list(rows.columns))[0] or ""
    return parsed
