"""Any CSV or Excel (.xlsx) table of indicator values, with a column mapping.

The mapping is a dict ``{our_field: their_column}`` over :data:`~.base.FIELDS` (area_code,
period, value, count, denominator, lower_95, ... see :func:`suggest_mapping`). A value starting
with "=" is a constant for every row, e.g. ``{"indicator_name": "=Adults who smoke"}``. Indicator
metadata (value_type, multiplier, polarity, benchmark_method, unit, ...) takes literal values,
and ``sheet`` names the worksheet of a workbook (the first by default).

Without a mapping the columns are guessed (:func:`suggest_mapping`), and tidy Fingertips
series such as ``la_series_*.csv`` (area_code, area_name, area_type, period, indicator,
measure, unit, value, compared_to_England, inequality) are recognised and read with a preset:
"inequality" (or "unit") holding Male/Female/Persons is the sex, any other inequality value a
deprivation quintile; "measure" gives the unit ("Percentage" is a proportion per 100).

Required: an area code, a period, a value (or count and denominator), and an indicator (an ID
or name column, or a constant). The sortable period is year x 10000 unless mapped.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from placematters.indicators.importers.base import (
    FIELDS,
    METADATA_FIELDS,
    NUMBER_FIELDS,
    ImportFailed,
    RowError,
    Rows,
    apply_metadata,
    canonical_frame,
    indicators_from_frame,
    read_csv_frame,
    scan_csv,
    sniff_header,
    sortable_from_period,
    to_numbers,
    validate_rows,
)
from placematters.indicators.importers.inference import complete_metadata

NAME = "csv"
LABEL = "Any CSV or Excel table, with a column mapping"
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

#: Header patterns for each of our fields (the header lower-cased, without spaces or symbols).
_SYNONYMS: dict[str, str] = {
    "indicator_id": r"indicatorid|indicatorcode|indid|indicatornumber",
    "indicator_name": r"indicator|indicatorname|indicatortitle|measurename",
    "area_code": (
        r"areacode|code|gsscode|geographycode|geocode|(la|lad|ltla|utla|cty|ctyua|lsoa|msoa|wd|"
        r"ward|rgn|region|ccg|icb|sicbl|oa)\d{0,2}(cd|code)"
    ),
    "area_name": (
        r"areaname|name|geographyname|geography|area|(la|lad|ltla|utla|cty|ctyua|lsoa|msoa|wd|"
        r"ward|rgn|region|ccg|icb|sicbl)\d{0,2}(nm|name)"
    ),
    "area_type": r"areatype|geographytype|geographylevel|arealevel",
    "parent_code": r"parentcode|parentareacode",
    "period": r"timeperiod|period|year|financialyear|date|time|timeperiodname",
    "period_sortable": r"timeperiodsortable|periodsortable|sortable",
    "sex": r"sex|gender",
    "age": r"age|ageband|agegroup|agerange",
    "category_type": r"categorytype|inequalitytype|breakdowntype|dimension",
    "category": r"category|inequality|breakdown|subgroup|group",
    "count": r"count|numerator|events|cases|deaths|observed|n",
    "denominator": r"denominator|denom|population|pop|persons",
    "value": r"value|rate|percentage|percent|proportion|estimate|prevalence|val|indicatorvalue",
    "lower_95": r"lowerci|lowerci95|lowercilimit|lowercilimit95|lowercl|lcl|lci|lower95|"
    r"lower95ci|ci95lower|lower|lowerci950limit|lowerconfidencelimit",
    "upper_95": r"upperci|upperci95|uppercilimit|uppercilimit95|uppercl|ucl|uci|upper95|"
    r"upper95ci|ci95upper|upper|upperci950limit|upperconfidencelimit",
    "lower_998": r"lowerci998|lower998|lowerci998limit|ci998lower|lower998ci",
    "upper_998": r"upperci998|upper998|upperci998limit|ci998upper|upper998ci",
    "value_note": r"valuenote|note|notes|footnote|comment",
    "compared_to_england": r"comparedtoengland|comparedtoenglandvalueorpercentiles|"
    r"significance|englandcomparison|vsengland",
    "compared_to_parent": r"comparedtoregion|comparedtoparent|comparedtoregionvalueorpercentiles",
}
#: Fields matched in this order, so that specific headers are claimed before general ones.
_ORDER = (
    "period_sortable", "lower_998", "upper_998", "lower_95", "upper_95", "indicator_id",
    "area_code", "parent_code", "area_type", "area_name", "category_type", "category",
    "compared_to_england", "compared_to_parent", "indicator_name", "period", "sex", "age",
    "count", "denominator", "value", "value_note",
)  # fmt: skip

LA_SERIES_COLUMNS = (
    "area_code", "area_name", "area_type", "period", "indicator", "measure", "unit", "value",
    "compared_to_England",
)  # fmt: skip
LA_SERIES_MAPPING = {
    "area_code": "area_code",
    "area_name": "area_name",
    "area_type": "area_type",
    "period": "period",
    "indicator_name": "indicator",
    "value": "value",
    "compared_to_england": "compared_to_England",
}
SEXES = {"Male", "Female", "Persons"}
MEASURES = {
    "percentage": ("proportion", 100.0, "%"),
    "life expectancy": ("life_expectancy", 1.0, "years"),
}


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """Our field -> the header that most likely holds it (each header used at most once)."""
    free = {_normal(header): header for header in reversed(headers) if str(header).strip()}
    mapping = {}
    for name in _ORDER:
        pattern = re.compile(rf"^(?:{_SYNONYMS[name]})$")
        for normal, header in list(free.items()):
            if pattern.match(normal):
                mapping[name] = header
                del free[normal]
                break
    return mapping


def is_la_series(headers: list[str]) -> bool:
    return set(LA_SERIES_COLUMNS) <= set(headers)


def detect(path: Path) -> bool:
    """Any CSV or Excel file can be read with a mapping."""
    path = Path(path)
    return path.suffix.lower() in EXCEL_SUFFIXES | {".csv", ".txt"} or bool(sniff_header(path))


def read(path: Path, mapping: dict | None = None) -> Rows:
    path = Path(path)
    mapping = dict(mapping or {})
    if path.suffix.lower() in EXCEL_SUFFIXES or _is_zip(path):
        header, raw, problems_at = _read_excel(path, mapping.get("sheet"))
        source = None
    else:
        source = scan_csv(path)
        header, raw, problems_at = source.header, None, None
    columns_given = {k: v for k, v in mapping.items() if k in FIELDS}
    preset = ""
    if not columns_given:
        if is_la_series(header):
            preset = "la_series"
            columns_given = dict(LA_SERIES_MAPPING)
        else:
            columns_given = suggest_mapping(header)
    columns = {k: v for k, v in columns_given.items() if not str(v).startswith("=")}
    constants = {k: str(v)[1:] for k, v in columns_given.items() if str(v).startswith("=")}
    _check_mapping(header, columns, constants, mapping)
    extra = ["inequality", "unit", "measure"] if preset else []
    text = [c for f, c in columns.items() if f not in NUMBER_FIELDS] + extra
    numbers = [c for f, c in columns.items() if f in NUMBER_FIELDS]
    if source is not None:
        frame, problems = read_csv_frame(source, text_columns=text, number_columns=numbers)
    else:
        frame, problems = _excel_frame(raw, problems_at, text, numbers)
    rows_frame = canonical_frame(frame, columns, constants)
    if "period_sortable" not in columns:
        rows_frame["period_sortable"] = sortable_from_period(rows_frame["period"])
    rows = Rows(
        format=preset or NAME,
        path=path,
        frame=rows_frame,
        columns=columns,
        indicators=indicators_from_frame(rows_frame),
        problems=problems,
    )
    if preset:
        _la_series(rows, frame)
    apply_metadata(rows, {k: v for k, v in mapping.items() if k in METADATA_FIELDS})
    complete_metadata(rows)
    return rows


def validate(rows: Rows) -> list[RowError]:
    return validate_rows(rows)


def _check_mapping(header, columns, constants, mapping) -> None:
    errors = []
    unknown = [k for k in mapping if k not in FIELDS and k not in METADATA_FIELDS]
    unknown = [k for k in unknown if k not in ("sheet", "metadata", "indicator_id")]
    for name in unknown:
        errors.append(RowError(None, "", f"the mapping names {name!r}, which is not a field"))
    for ours, theirs in columns.items():
        if theirs not in header:
            errors.append(
                RowError(
                    1,
                    theirs,
                    f"the mapping reads {ours} from {theirs!r}, a column the file does not have",
                )
            )
    given = set(columns) | set(constants)
    if "area_code" not in given:
        errors.append(RowError(1, "", "no column holds the area code (map area_code)"))
    if "period" not in given:
        errors.append(RowError(1, "", "no column holds the time period (map period)"))
    if "value" not in given and not {"count", "denominator"} <= given:
        errors.append(
            RowError(1, "", "no column holds the value (map value, or count and denominator)")
        )
    if not {"indicator_id", "indicator_name"} & given:
        errors.append(
            RowError(
                1,
                "",
                "nothing names the indicator: map indicator_id or indicator_name to a column, "
                'or give a constant such as {"indicator_name": "=Adults who smoke"}',
            )
        )
    if errors:
        raise ImportFailed(errors)


def _la_series(rows: Rows, raw: pd.DataFrame) -> None:
    frame = rows.frame
    inequality = raw["inequality"].to_numpy()
    unit = raw["unit"].to_numpy()
    is_sex = np.isin(inequality, list(SEXES))
    unit_sex = (inequality == "") & np.isin(unit, list(SEXES))
    frame["sex"] = np.where(is_sex, inequality, np.where(unit_sex, unit, frame["sex"]))
    other = (inequality != "") & ~is_sex
    frame["category_type"] = np.where(other, "Deprivation quintiles", "")
    frame["category"] = np.where(other, inequality, "")
    rows.columns["sex"] = "inequality"
    rows.columns["category"] = "inequality"
    measures = raw.assign(key=frame["indicator_key"].to_numpy()).drop_duplicates("key")
    for key, measure in zip(measures["key"], measures["measure"], strict=True):
        meta = rows.indicators.get(key)
        if meta is None:
            continue
        value_type, multiplier, unit_text = MEASURES.get(measure.strip().lower(), (None, None, ""))
        meta.value_type = meta.value_type or value_type
        meta.multiplier = meta.multiplier or multiplier
        meta.unit = meta.unit or unit_text or measure
        meta.source = "Fingertips (OHID), via fingertipsR"


# --------------------------------------------------------------------------------------------
# Excel


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _not_a_workbook(path: Path, why: str) -> ImportFailed:
    return ImportFailed([RowError(None, "", f"{path.name} is not an Excel workbook: {why}")])


def _read_excel(path: Path, sheet: str | None):
    """Header, data cells (a DataFrame of Python values) and sheet row numbers."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except OSError as error:
        raise ImportFailed([RowError(None, "", f"the file cannot be read ({error})")]) from None
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_a_workbook(path, "it is an old .xls workbook; save it as .xlsx or CSV UTF-8")
    if not zipfile.is_zipfile(path):
        raise _not_a_workbook(
            path,
            "an .xlsx file is a zip archive and this one is not (if it is a CSV, name it .csv)",
        )
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise _not_a_workbook(path, "it is a zip archive without a workbook inside")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _not_a_workbook(path, f"it cannot be opened ({error})") from None
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise ImportFailed(
                [RowError(None, "", f"the workbook has no sheet {sheet!r} ({workbook.sheetnames})")]
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        records = worksheet.iter_rows(values_only=True)
        header_cells = next(records, None)
        if header_cells is None:
            raise ImportFailed([RowError(None, "", "the worksheet is empty")])
        header = [_text(cell) for cell in header_cells]
        while header and header[-1] == "":
            header.pop()
        width = len(header)
        data, lines = [], []
        for number, record in enumerate(records, start=2):
            cells = list(record[:width]) + [None] * (width - len(record))
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            data.append(cells)
            lines.append(number)
    finally:
        workbook.close()
    raw = pd.DataFrame(data, columns=range(width), dtype=object)
    raw.columns = header
    return header, raw.loc[:, ~raw.columns.duplicated()], np.asarray(lines, dtype=np.int64)


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def _excel_frame(raw: pd.DataFrame, lines: np.ndarray, text: list[str], numbers: list[str]):
    frame = pd.DataFrame({"line": lines})
    problems = []
    for name in dict.fromkeys(text):
        if name in raw.columns:
            frame[name] = [_text(cell) for cell in raw[name]]
    for name in dict.fromkeys(numbers):
        if name in raw.columns:
            frame[name], bad = to_numbers(raw[name].reset_index(drop=True))
            problems += [
                RowError(int(lines[i]), name, f"{cell!r} is not a number") for i, cell in bad
            ]
    return frame, problems
