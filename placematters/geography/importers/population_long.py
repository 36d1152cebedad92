"""Population by area, sex and age in a long layout: one row per area, sex and age band.

Columns: an area code (``area_code``, ``lsoa11_code``, ``LAD19CD``...), optionally a name, a
sex and a year, an age (``age``, ``age_band`` or ``age_group``: ``0``, ``0-4``, ``90+``, ``All
ages``...) and the count (``population``, ``value``, ``count`` or ``obs_value``). Rows whose age
is a total are checked against the sum of the bands, not stored. Rules:
:mod:`placematters.geography.importers._bands`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from placematters.geography.importers import _bands
from placematters.geography.importers.base import (
    Parsed,
    RowError,
    find_column,
    header_of,
    read_table,
    year_from_name,
)

NAME = "population_long"
DESCRIPTION = "population, long (area code, sex, age and population columns)"
VALUE_COLUMNS = ("population", "value", "count", "obs_value", "persons_count")


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    if columns is None:
        return False
    code, _name, _vintage = _bands.code_column(columns)
    return (
        code is not None
        and find_column(columns, *_bands.AGE_COLUMNS) is not None
        and find_column(columns, *VALUE_COLUMNS) is not None
    )


def read(path: Path | str, *, year: int | None = None) -> pd.DataFrame:
    rows = read_table(path)
    rows.attrs["year"] = year if year is not None else year_from_name(Path(path))
    return rows


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    records, parsed.errors, parsed.warnings = _bands.long_records(
        rows, year=rows.attrs.get("year"), what="population", value_columns=VALUE_COLUMNS
    )
    parsed.data["records"] = records
    parsed.data["code_column"] = _bands.code_column(list(rows.columns))[0] or ""
    return parsed
