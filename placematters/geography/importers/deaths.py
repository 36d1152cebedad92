"""Registered deaths by area, sex and age band: ONS "Deaths registered by area of usual
residence", Table 2, in long layout.

Columns: ``area_code, area_name, sex, age_band, deaths`` (also ``count``/``value`` for the
count, ``age``/``age_group`` for the band, an optional ``year``). Bands as ONS gives them:
``<1, 1-4, 5-9, ..., 85-89, 90+``, with ``All ages`` rows, which are not stored but must equal
the sum of the bands for the area and sex. The year comes from a ``year`` column, ``--year``,
or the file name (``..._deaths_2014_...``).

**Rows without an area code are skipped, with a warning** that names them and counts their
rows: ONS's table has rows for areas with no GSS code ('INNER LONDON', 'OUTER LONDON',
'Usual residence outside England and Wales', and 'Cornwall and Isles of Scilly' combined),
which cannot be stored against an area. A code that is present but malformed is an error.
Other rules: :mod:`placematters.geography.importers._bands`.
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

NAME = "deaths_long"
DESCRIPTION = "deaths (area_code, area_name, sex, age_band and deaths columns)"
VALUE_COLUMNS = ("deaths", "count", "value", "registrations")


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
        rows,
        year=rows.attrs.get("year"),
        what="deaths",
        value_columns=VALUE_COLUMNS,
        skip_missing_codes=True,
    )
    parsed.data["records"] = records
    parsed.data["code_column"] = _bands.code_column(list(rows.columns))[0] or ""
    return parsed
