"""Counts by area, sex and age band, in wide or long layout: shared by population and deaths.

Age labels (in a wide file's column names, or a long file's age column) are read by
:func:`parse_age`: ``0``, ``90+``, ``0-4``, ``85 to 89``, ``<1``, ``under 5``, ``90 and over``,
``Age 7``, ``aged 16-24``; ``All ages``, ``all_ages``, ``Total`` and ``total_population`` are the
total. Bands are stored as ``age_from``/``age_to`` (``age_to`` empty for an open band such as
90+).

Normalised records (what ``parse`` puts in ``Parsed.data["records"]``): one row per area, year,
sex and band, with columns ``line`` and ``column`` (where the value came from, for errors),
``code``, ``vintage`` (from the code column's name, e.g. 2011 for ``lsoa11_code``; None for
``area_code``), ``name``, ``year``, ``sex``, ``age_from``, ``age_to`` (NaN = open) and
``value``.

Rules, the same for both layouts:

- values are numbers >= 0 (thousands separators allowed); an empty cell is an error;
- bands of one area, year and sex may not overlap (gaps are allowed);
- a total (a wide ``total_population``/``all_ages`` column, or a long "All ages" row) is not
  stored but must equal the sum of the bands (within 0.5, or a millionth of the total);
- a row repeating an earlier row exactly is skipped with a warning; the same area, year, sex
  and band with a different value is an error (there is no telling which is right);
- the year comes from a ``year`` column, else from the caller (``--year``, or a year in the file
  name such as ``mid2019``).
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd

from placematters.geography.importers.base import (
    RowError,
    bad_codes,
    find_column,
    numbers,
    repeats,
    text,
)
from placematters.geography.importers.columns import families
from placematters.geography.models import Sex

_AGE = re.compile(
    r"""(?ix)^\s*(?:aged?\s*[_ ]?\s*)?
    (?:
        (?:<|under\s*)\s*(?P<under>\d{1,3})
      | (?P<low>\d{1,3})\s*
        (?:(?:-|\u2013|to|_)\s*(?P<high>\d{1,3}) | (?P<plus>\+|(?:and|&)\s*over|plus))?
    )
    \s*(?:years?|yrs?)?\s*$"""
)
_TOTAL = re.compile(r"(?i)^\s*(all[\s_-]*ages?|all|total|total[\s_-]*population)\s*$")
TOTAL = "total"

SEXES = {
    "persons": Sex.PERSONS,
    "person": Sex.PERSONS,
    "people": Sex.PERSONS,
    "all": Sex.PERSONS,
    "all persons": Sex.PERSONS,
    "p": Sex.PERSONS,
    "male": Sex.MALE,
    "males": Sex.MALE,
    "men": Sex.MALE,
    "m": Sex.MALE,
    "1": Sex.MALE,
    "female": Sex.FEMALE,
    "females": Sex.FEMALE,
    "women": Sex.FEMALE,
    "f": Sex.FEMALE,
    "2": Sex.FEMALE,
}

CODE_COLUMNS = ("area_code", "code", "geography_code", "areacode", "gss_code")
NAME_COLUMNS = ("area_name", "name", "geography", "areaname")
SEX_COLUMNS = ("sex", "gender")
YEAR_COLUMNS = ("year", "mid_year", "registration_year")
AGE_COLUMNS = ("age", "age_band", "age_group", "ageband", "agegroup")
RECORD_COLUMNS = [
    "line", "column", "code", "vintage", "name", "year", "sex", "age_from", "age_to", "value",
]  # fmt: skip


def parse_age(label: str) -> tuple[int, int | None] | str | None:
    """``(age_from, age_to)`` (``age_to`` None when open), ``"total"``, or None if unreadable."""
    if _TOTAL.match(label):
        return TOTAL
    match = _AGE.match(label)
    if not match:
        return None
    if match["under"] is not None:
        upper = int(match["under"]) - 1
        return (0, upper) if upper >= 0 else None
    low = int(match["low"])
    if match["plus"]:
        return (low, None)
    if match["high"] is not None:
        high = int(match["high"])
        return (low, high) if high >= low else None
    return (low, low)


def band_label(age_from: int, age_to: int | None) -> str:
    """'0-4', '7', '90+' (the inverse of :func:`parse_age`)."""
    if age_to is None or (isinstance(age_to, float) and np.isnan(age_to)):
        return f"{int(age_from)}+"
    if int(age_to) == int(age_from):
        return f"{int(age_from)}"
    return f"{int(age_from)}-{int(age_to)}"


def code_column(columns: list[str]) -> tuple[str | None, str | None, str | None]:
    """(code column, its name column, the vintage its name gives) for a counts table."""
    found = families(columns)
    if found:
        finest = found[0]
        return finest.code_column, finest.name_column, finest.vintage
    column = find_column(columns, *CODE_COLUMNS)
    return column, find_column(columns, *NAME_COLUMNS), None


def age_columns(columns: list[str]) -> dict[str, tuple[int, int | None]]:
    """Columns whose names are age bands (a wide layout)."""
    found = {}
    for column in columns:
        band = parse_age(column)
        if isinstance(band, tuple):
            found[column] = band
    return found


def total_column(columns: list[str]) -> str | None:
    return next((column for column in columns if parse_age(column) == TOTAL), None)


def _codes(
    rows: pd.DataFrame, column: str, errors: list[RowError], *, skip_missing: bool
) -> tuple[pd.Series, pd.Series]:
    """Codes (checked) and a mask of rows to skip because they have no code."""
    codes = text(rows, column)
    errors += bad_codes(codes, column)
    missing = codes == ""
    if not skip_missing:
        errors += [
            RowError(int(line), column, "missing area code") for line in codes.index[missing]
        ]
        missing = pd.Series(False, index=codes.index)
    return codes, missing


def _sexes(rows: pd.DataFrame, column: str | None, errors: list[RowError]) -> pd.Series:
    if column is None:
        return pd.Series(Sex.PERSONS.value, index=rows.index)
    raw = text(rows, column)
    sexes = raw.str.lower().map(SEXES)
    for line, value in raw[sexes.isna()].items():
        errors.append(
            RowError(int(line), column, f"{value!r} is not a sex (Persons, Male or Female)")
        )
    return sexes.fillna("").astype(str)


def _years(
    rows: pd.DataFrame, column: str | None, year: int | None, errors: list[RowError]
) -> pd.Series:
    if column is None:
        if year is None:
            errors.append(
                RowError(
                    1,
                    "",
                    "no year: the file has no year column and its name gives none; "
                    "give the year (--year YEAR)",
                )
            )
            return pd.Series(0, index=rows.index)
        return pd.Series(int(year), index=rows.index)
    values, problems = numbers(
        text(rows, column), column, what="year", whole=True, minimum=1800, maximum=2200
    )
    errors += problems
    return values.fillna(0).astype(int)


def _skipped_warnings(
    rows: pd.DataFrame, skip: pd.Series, code_col: str, name_col: str | None
) -> list[RowError]:
    """One warning per area name whose rows were skipped for having no code."""
    if not skip.any():
        return []
    names = text(rows, name_col)[skip] if name_col else pd.Series("", index=skip.index[skip])
    warnings = []
    for name, group in names.groupby(names, sort=False):
        label = f" for {name!r}" if name else ""
        warnings.append(
            RowError(
                int(group.index[0]),
                code_col,
                f"no area code{label}: its {len(group)} row(s) were skipped",
            )
        )
    return warnings


def wide_records(
    rows: pd.DataFrame, *, year: int | None, what: str, skip_missing_codes: bool = False
) -> tuple[pd.DataFrame, list[RowError], list[RowError]]:
    """Records from a wide table: one row per area (and sex), one column per age band."""
    errors: list[RowError] = []
    columns = list(rows.columns)
    code_col, name_col, vintage = code_column(columns)
    ages = age_columns(columns)
    if code_col is None or not ages:
        missing = "an area code column" if code_col is None else "age-band columns (0, 1, ... 90+)"
        return _empty(), [RowError(1, "", f"missing {missing}; found: {', '.join(columns)}")], []
    errors += _overlaps_in_header(ages)
    sex_col = find_column(columns, *SEX_COLUMNS)
    year_col = find_column(columns, *YEAR_COLUMNS)
    total_col = total_column(columns)

    codes, skip = _codes(rows, code_col, errors, skip_missing=skip_missing_codes)
    warnings = _skipped_warnings(rows, skip, code_col, name_col)
    sexes = _sexes(rows, sex_col, errors)
    years = _years(rows, year_col, year, errors)
    values = {}
    for column in ages:
        values[column], problems = numbers(text(rows, column), column, what=what)
        errors += problems
    matrix = np.column_stack([values[column].to_numpy() for column in ages])
    if total_col is not None:
        totals, problems = numbers(text(rows, total_col), total_col, what=what, required=False)
        errors += problems
        errors += _total_errors(
            totals.to_numpy(), np.nansum(matrix, axis=1), rows.index, total_col, totals.notna()
        )

    table = pd.DataFrame(
        {"line": rows.index, "code": codes, "sex": sexes, "year": years}, index=rows.index
    )
    value_frame = pd.DataFrame(
        matrix, index=rows.index, columns=[f"v{i}" for i in range(len(ages))]
    )
    table = pd.concat([table, value_frame], axis=1)[~skip.to_numpy()]
    table, duplicate_errors, repeat_warnings = repeats(
        table,
        ["code", "year", "sex"],
        list(value_frame.columns),
        what=f"area, year and sex{'' if sex_col else ' (persons)'}",
        column=code_col,
    )
    errors += duplicate_errors
    warnings += repeat_warnings
    if errors:
        return _empty(), errors, warnings

    names = text(rows, name_col).loc[table.index] if name_col else ""
    count = len(table)
    band_from = np.array([band[0] for band in ages.values()], dtype=float)
    band_to = np.array([np.nan if band[1] is None else band[1] for band in ages.values()])
    records = pd.DataFrame(
        {
            "line": np.repeat(table["line"].to_numpy(), len(ages)),
            "column": np.tile(np.array(list(ages), dtype=object), count),
            "code": np.repeat(table["code"].to_numpy(), len(ages)),
            "vintage": vintage,
            "name": np.repeat(np.asarray(names, dtype=object), len(ages)) if name_col else "",
            "year": np.repeat(table["year"].to_numpy(), len(ages)),
            "sex": np.repeat(table["sex"].to_numpy(), len(ages)),
            "age_from": np.tile(band_from, count),
            "age_to": np.tile(band_to, count),
            "value": table[list(value_frame.columns)].to_numpy().ravel(),
        }
    )
    return records, errors, warnings


def long_records(
    rows: pd.DataFrame,
    *,
    year: int | None,
    what: str,
    value_columns: tuple[str, ...],
    skip_missing_codes: bool = False,
) -> tuple[pd.DataFrame, list[RowError], list[RowError]]:
    """Records from a long table: one row per area, sex and age band, with a value column."""
    errors: list[RowError] = []
    columns = list(rows.columns)
    code_col, name_col, vintage = code_column(columns)
    age_col = find_column(columns, *AGE_COLUMNS)
    value_col = find_column(columns, *value_columns)
    required = {"area code": code_col, "age": age_col, what: value_col}
    missing = [label for label, column in required.items() if column is None]
    if missing:
        return (
            _empty(),
            [
                RowError(
                    1,
                    label,
                    f"missing column (needed: an area code, an age band and the {what}; "
                    f"found: {', '.join(columns)})",
                )
                for label in missing
            ],
            [],
        )
    sex_col = find_column(columns, *SEX_COLUMNS)
    year_col = find_column(columns, *YEAR_COLUMNS)

    codes, skip = _codes(rows, code_col, errors, skip_missing=skip_missing_codes)
    warnings = _skipped_warnings(rows, skip, code_col, name_col)
    sexes = _sexes(rows, sex_col, errors)
    years = _years(rows, year_col, year, errors)
    values, problems = numbers(text(rows, value_col), value_col, what=what)
    errors += problems

    labels = text(rows, age_col)
    parsed = {label: parse_age(label) for label in labels.unique()}
    bands = labels.map(parsed)
    unreadable = bands.isna()
    for line, label in labels[unreadable & ~skip].items():
        errors.append(
            RowError(int(line), age_col, f"{label!r} is not an age or age band (e.g. 0-4, 90+)")
        )
    is_total = bands.map(lambda band: band == TOTAL).astype(bool)
    band_rows = ~is_total & ~unreadable
    age_from = bands.map(lambda band: band[0] if isinstance(band, tuple) else np.nan)
    age_to = bands.map(
        lambda band: (np.nan if band[1] is None else band[1]) if isinstance(band, tuple) else np.nan
    )
    table = pd.DataFrame(
        {
            "line": rows.index,
            "code": codes,
            "sex": sexes,
            "year": years,
            "age_from": age_from.astype(float),
            "age_to": age_to.astype(float),
            "value": values,
        },
        index=rows.index,
    )
    table["total"] = is_total.to_numpy()
    table = table[(band_rows | is_total).to_numpy() & ~skip.to_numpy()]
    # band rows and total rows together, so that a repeated block is one warning
    table, duplicate_errors, repeat_warnings = repeats(
        table,
        ["code", "year", "sex", "total", "age_from"],
        ["age_to", "value"],
        what=f"area, year, sex and age band{'' if sex_col else ' (persons)'}",
        column=value_col,
    )
    errors += duplicate_errors
    warnings += repeat_warnings
    totals = table[table["total"]]
    table = table[~table["total"]]
    errors += _overlaps_in_rows(table, age_col)
    if len(totals):
        sums = table.groupby(["code", "year", "sex"])["value"].sum()
        keys = pd.MultiIndex.from_frame(totals[["code", "year", "sex"]])
        band_sums = sums.reindex(keys).to_numpy()
        no_bands = np.isnan(band_sums)
        for line in totals.index[no_bands]:
            errors.append(
                RowError(int(line), age_col, "a total (all ages) with no age bands to check it")
            )
        errors += _total_errors(
            totals["value"].to_numpy(),
            np.nan_to_num(band_sums),
            totals.index,
            value_col,
            pd.Series(~no_bands, index=totals.index),
            label="the all-ages value",
        )
    if errors:
        return _empty(), errors, warnings
    records = table.assign(
        column=value_col,
        vintage=vintage,
        name=text(rows, name_col).loc[table.index] if name_col else "",
    )
    return records[RECORD_COLUMNS].reset_index(drop=True), errors, warnings


def _total_errors(
    totals: np.ndarray,
    sums: np.ndarray,
    lines: pd.Index,
    column: str,
    present: pd.Series,
    label: str | None = None,
) -> list[RowError]:
    tolerance = np.maximum(0.5, np.abs(totals) * 1e-6)
    wrong = present.to_numpy() & (np.abs(totals - sums) > tolerance)
    return [
        RowError(
            int(line),
            column,
            f"the age bands add up to {band_sum:,.6g} but {label or column} is {total:,.6g}",
        )
        for line, total, band_sum in zip(lines[wrong], totals[wrong], sums[wrong], strict=True)
    ]


def _overlaps_in_header(ages: dict[str, tuple[int, int | None]]) -> list[RowError]:
    ordered = sorted(ages.items(), key=lambda item: item[1][0])
    errors = []
    for (first, (_, first_to)), (second, (second_from, _)) in itertools.pairwise(ordered):
        if first_to is None or second_from <= first_to:
            errors.append(RowError(1, second, f"age band {second} overlaps {first}"))
    return errors


def _overlaps_in_rows(table: pd.DataFrame, age_col: str) -> list[RowError]:
    if table.empty:
        return []
    ordered = table.sort_values(["code", "year", "sex", "age_from"])
    same = (
        (ordered["code"] == ordered["code"].shift())
        & (ordered["year"] == ordered["year"].shift())
        & (ordered["sex"] == ordered["sex"].shift())
    )
    previous_to = ordered["age_to"].shift()
    previous_open = previous_to.isna() & same
    duplicate = ordered["age_from"] == ordered["age_from"].shift()  # reported as a duplicate
    overlap = same & ~duplicate & (previous_open | (ordered["age_from"] <= previous_to))
    previous_line = ordered["line"].shift()
    return [
        RowError(
            int(line),
            age_col,
            f"age band {band_label(age_from, age_to)} overlaps the band on line {int(before)}",
        )
        for line, age_from, age_to, before in zip(
            ordered["line"][overlap],
            ordered["age_from"][overlap],
            ordered["age_to"][overlap],
            previous_line[overlap],
            strict=True,
        )
    ]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=RECORD_COLUMNS)
