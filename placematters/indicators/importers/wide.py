"""Wide tables: one row per area, one column per indicator, values only.

Example (OHID Local Health 2015-19, ``localhealth_2015_19_le_smr_msoa11_england.csv``)::

    msoa11_code, msoa11_name, Life expectancy at birth for males, ..., SMR all causes, all ages

* **Area**: the first column named like an area code (``*_code``, ``*cd``, ``code``, ``area
  code``); an optional name column (``*_name``, ``*nm``, ``name``, ``area name``). The mapping
  may name either (``{"area_code": "LSOA11CD", "area_name": "LSOA11NM"}``).
* **Indicators**: every other column is one indicator, named by its header. Its value type and
  multiplier come from the header through :mod:`.inference` (life expectancy: years), with one
  rule of our own: a standardised mortality ratio ("SMR") is an indirectly standardised ratio
  with England = 100. Polarity from the header too: life expectancy high is good, SMR and
  mortality low is good; anything else is left to inference and the defaults. A header saying
  "males" or "females" gives the rows' sex (Male/Female); otherwise Persons.
* **Period**: the mapping's ``period`` (``--period "2015 - 19"``), else the file name's years
  (``..._2015_19_...`` is "2015 - 19", ``..._2019_...`` is "2019"); with neither the file is
  refused before anything is read.
* **Blank cells** (and the usual suppression markers) are kept as observations with no value
  and the value note :data:`BLANK_NOTE`, not errors; any other text that is not a number is an
  error naming its line and column.

Why its own format rather than a preset of the generic ``csv`` importer (as ``la_series`` is):
the generic importer maps each of our fields to one column, so one file gives one value per
row; a wide table gives several indicators per row, takes its period from the file name (or
``--period``) rather than from a column, and reads sex from the headers. A preset would have
to bend the mapping (one "value" column per indicator, constants that differ per column) and
the mapping page, which offers one value column, could not describe it. As a format of its own
it keeps the common interface (``detect``/``read``/``validate``) and the batch records
``wide``. Auto-detection never takes a file the generic importer could read by itself:
:func:`detect` answers yes only when the generic column guess finds an area code but no
period, value, count, denominator or indicator column (such a file was refused before), and
:func:`~placematters.indicators.importers.detect_format` asks the two Fingertips formats first.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from placematters.indicators.importers.base import (
    METADATA_FIELDS,
    ImportFailed,
    IndicatorMeta,
    RowError,
    Rows,
    apply_metadata,
    canonical_frame,
    read_csv_frame,
    scan_csv,
    sniff_header,
    sortable_from_period,
    validate_rows,
)
from placematters.indicators.importers.inference import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    complete_metadata,
    infer_value_type,
)

NAME = "wide"
LABEL = "Wide table: one row per area, one column per indicator"

CODE_COLUMN = re.compile(
    r"(?i)^(?:[a-z0-9]+_code|[a-z]+\d{0,2}cd|code|area[ _]?code|gss[ _]?code)$"
)
NAME_COLUMN = re.compile(r"(?i)^(?:[a-z0-9]+_name|[a-z]+\d{0,2}nm|name|area[ _]?name)$")
#: Fields of the generic column guess that mean "this is a long table, not a wide one".
LONG_FIELDS = (
    "period", "period_sortable", "value", "count", "denominator", "indicator_id",
    "indicator_name", "sex", "age", "category", "category_type", "lower_95", "upper_95",
)  # fmt: skip
#: "2015_19" or "2015-2019" in a file name: a span of whole years; "2019" alone: one year.
SPAN_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)[_-]((?:19|20)?\d\d)(?!\d)")
YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
WORDS = re.compile(r"[A-Za-z]{2}")
BLANK_NOTE = "No value in the source file (blank or suppressed)"
SMR = re.compile(r"\bSMRs?\b|standardi[sz]ed mortality ratio", re.I)
SEX_WORDS = (
    (re.compile(r"\bfemales?\b|\bwomen\b", re.I), "Female"),
    (re.compile(r"\bmales?\b|\bmen\b", re.I), "Male"),
)
POLARITY_RULES = (
    (re.compile(r"life expectancy", re.I), HIGHER_IS_BETTER),
    (re.compile(r"\bSMRs?\b|mortality|deaths?\b", re.I), LOWER_IS_BETTER),
)


def area_columns(header: list[str], mapping: dict | None = None) -> tuple[str, str]:
    """(code column, name column or "") of a wide table, from the mapping or the headers."""
    mapping = mapping or {}
    code = str(mapping.get("area_code") or "")
    if not code:
        code = next((name for name in header if CODE_COLUMN.match(name)), "")
    name = str(mapping.get("area_name") or "")
    if not name:
        names = [column for column in header if NAME_COLUMN.match(column)]
        # The name column that goes with the code column (msoa11_code -> msoa11_name) first.
        stem = re.sub(r"(?i)(_code|cd|code)$", "", code)
        paired = [column for column in names if column.lower().startswith(stem.lower())]
        name = (paired or names or [""])[0]
    return code, name


def detect(path: Path) -> bool:
    """A CSV with one area code column, named measure columns, and nothing a long table has.

    Not a geography lookup (more than one code column), not a population table (headers that
    are ages), and nothing the generic guess maps to a period, value, count, indicator, sex,
    age or category (those files are long tables, for the ``csv`` importer).
    """
    from placematters.indicators.importers.generic import suggest_mapping

    path = Path(path)
    if path.suffix.lower() not in {".csv", ".txt"}:
        return False
    header = [name for name in sniff_header(path) if name]
    code, name = area_columns(header)
    if not code:
        return False
    if sum(1 for column in header if CODE_COLUMN.match(column)) > 1:
        return False  # a geography lookup (several levels' codes), not indicator values
    guessed = suggest_mapping(header)
    if any(field in guessed for field in LONG_FIELDS):
        return False
    measures = [column for column in header if column not in (code, name)]
    # Headers without words (0, 1, ... 90+; 0-4 ...) are ages: a population table.
    return bool(measures) and all(WORDS.search(column) for column in measures)


def period_from_name(path: Path) -> str:
    """ "2015 - 19" from ``..._2015_19_...``, "2019" from ``..._2019_...``, else ""."""
    stem = Path(path).stem
    span = SPAN_IN_NAME.search(stem)
    if span:
        first, last = span.group(1), span.group(2)
        if int(last[-2:]) != int(first[-2:]):
            return f"{first} - {last[-2:]}"
        return first
    year = YEAR_IN_NAME.search(stem)
    return year.group(1) if year else ""


def read(path: Path, mapping: dict | None = None) -> Rows:
    path = Path(path)
    mapping = dict(mapping or {})
    period = str(mapping.get("period") or "").strip().removeprefix("=").strip()
    period = period or period_from_name(path)
    if not period:
        raise ImportFailed(
            [
                RowError(
                    None,
                    "",
                    f"{path.name} does not say which period its values are for (no years such "
                    'as "2015_19" in the file name): give it, e.g. --period "2015 - 19"',
                )
            ]
        )
    source = scan_csv(path)
    header = source.header
    code, name = area_columns(header, mapping)
    errors = []
    if not code:
        errors.append(RowError(1, "", "no column holds the area code (name it like msoa11_code)"))
    for ours, theirs in (("area_code", code), ("area_name", name)):
        if theirs and theirs not in header:
            errors.append(
                RowError(1, theirs, f"the mapping reads {ours} from a column the file lacks")
            )
    measures = [column for column in dict.fromkeys(header) if column not in (code, name)]
    if any(not column for column in measures):
        errors.append(RowError(1, "", "a column has no name, so its indicator cannot be named"))
    measures = [column for column in measures if column]
    if code and not measures:
        errors.append(RowError(1, "", "there are no indicator columns beside the area columns"))
    if errors:
        raise ImportFailed(errors)
    frame, problems = read_csv_frame(
        source, text_columns=[code, name] if name else [code], number_columns=measures
    )
    parts = []
    for measure in measures:
        part = pd.DataFrame(
            {
                "line": frame["line"].to_numpy(),
                "code": frame[code].to_numpy(),
                "name": frame[name].to_numpy() if name else "",
                "indicator": measure,
                "value": frame[measure].to_numpy(dtype=np.float64),
                "sex": sex_from_header(measure),
            }
        )
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    missing = ~np.isfinite(long["value"].to_numpy())
    long["note"] = np.where(missing, BLANK_NOTE, "")
    rows_frame = canonical_frame(
        long,
        {
            "area_code": "code",
            "area_name": "name",
            "indicator_name": "indicator",
            "value": "value",
            "sex": "sex",
            "value_note": "note",
        },
        {"period": period},
    )
    rows_frame["period_sortable"] = sortable_from_period(rows_frame["period"])
    rows = Rows(
        format=NAME,
        path=path,
        frame=rows_frame,
        columns={"area_code": code, "area_name": name, "period": "period"},
        indicators={measure: meta_from_header(measure) for measure in measures},
        problems=problems,
    )
    apply_metadata(rows, {k: v for k, v in mapping.items() if k in METADATA_FIELDS})
    complete_metadata(rows)
    return rows


def validate(rows: Rows) -> list[RowError]:
    return validate_rows(rows)


def sex_from_header(header: str) -> str:
    for pattern, sex in SEX_WORDS:
        if pattern.search(header):
            return sex
    return "Persons"


def meta_from_header(header: str) -> IndicatorMeta:
    """What a measure's header says about it: value type, multiplier, unit and polarity."""
    meta = IndicatorMeta(key=header, name=header)
    if SMR.search(header):
        meta.value_type, meta.multiplier, meta.unit = "isr", 100.0, "ratio (England = 100)"
    else:
        empty = np.zeros(0)
        value_type, multiplier = infer_value_type(header, empty, empty, empty, empty, None)
        meta.value_type, meta.multiplier = value_type, multiplier
        if value_type == "life_expectancy":
            meta.unit = "years"
    for pattern, polarity in POLARITY_RULES:
        if pattern.search(header):
            meta.polarity = polarity
            break
    return meta
