"""The Fingertips data download CSV (the web site's "Export table" and the API's all_data/csv).

Twenty-six columns: Indicator ID, Indicator Name, Parent Code, Parent Name, Area Code, Area
Name, Area Type, Sex, Age, Category Type, Category, Time period, Value, Lower/Upper CI 95.0 limit,
Lower/Upper CI 99.8 limit, Count, Denominator, Value note, Recent Trend, Compared to England
value or percentiles, Compared to <parent> value or percentiles, Time period Sortable, New data,
Compared to goal. Deprivation and other breakdowns arrive as Category Type / Category rows;
names may hold quoted line breaks; the 99.8% columns are often empty.

Required: Indicator ID, Indicator Name, Area Code, Time period and Value; the others are read
when present and columns we do not use (Parent Name, Recent Trend, New data, Compared to goal)
are ignored. Without "Time period Sortable" the sortable period is year x 10000 from the period.
The file's own comparison labels are kept as published; the value type, multiplier, polarity
and benchmarking method, which the download does not state, are inferred
(:mod:`.inference`) unless the indicator already exists or the mapping gives them.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from placematters.indicators.importers.base import (
    ImportFailed,
    Rows,
    apply_metadata,
    canonical_frame,
    indicators_from_frame,
    map_unique,
    missing_columns_errors,
    read_csv_frame,
    scan_csv,
    sniff_header,
    sortable_from_period,
    validate_rows,
)
from placematters.indicators.importers.inference import complete_metadata

NAME = "fingertips"
LABEL = "Fingertips data download (CSV)"

#: The file's column -> our field.
COLUMNS = {
    "Indicator ID": "indicator_id",
    "Indicator Name": "indicator_name",
    "Parent Code": "parent_code",
    "Area Code": "area_code",
    "Area Name": "area_name",
    "Area Type": "area_type",
    "Sex": "sex",
    "Age": "age",
    "Category Type": "category_type",
    "Category": "category",
    "Time period": "period",
    "Value": "value",
    "Lower CI 95.0 limit": "lower_95",
    "Upper CI 95.0 limit": "upper_95",
    "Lower CI 99.8 limit": "lower_998",
    "Upper CI 99.8 limit": "upper_998",
    "Count": "count",
    "Denominator": "denominator",
    "Value note": "value_note",
    "Compared to England value or percentiles": "compared_to_england",
    "Time period Sortable": "period_sortable",
}
IGNORED = ("Parent Name", "Recent Trend", "New data", "Compared to goal")
REQUIRED = ("Indicator ID", "Indicator Name", "Area Code", "Time period", "Value")
PARENT_COMPARISON = re.compile(r"^Compared to (?!England value)(.+) value or percentiles$")
#: A header with four of the download's own column names is a Fingertips download (so that
#: one with a column missing or misspelt is still read, and its problem named).
_DISTINCTIVE = {name for name in COLUMNS if " " in name} | {"Parent Name", "Recent Trend"}
_RECOGNISED = 4


def detect(path: Path) -> bool:
    """True for a CSV whose header has several of the Fingertips download's column names."""
    header = set(sniff_header(Path(path)))
    return len(header & _DISTINCTIVE) >= _RECOGNISED


def column_map(header: list[str]) -> dict[str, str]:
    """Our field -> the file's column, for the columns this header has."""
    columns = {ours: theirs for theirs, ours in COLUMNS.items() if theirs in header}
    parents = [name for name in header if PARENT_COMPARISON.match(name)]
    if parents:
        columns["compared_to_parent"] = parents[0]
    return columns


def read(path: Path, mapping: dict | None = None) -> Rows:
    """Read a Fingertips download into canonical rows (raises ImportFailed if unreadable)."""
    source = scan_csv(Path(path))
    known = [*COLUMNS, *IGNORED] + [n for n in source.header if PARENT_COMPARISON.match(n)]
    missing = missing_columns_errors(source.header, REQUIRED, known)
    if missing:
        raise ImportFailed(missing)
    columns = column_map(source.header)
    numbers = {"value", "lower_95", "upper_95", "lower_998", "upper_998", "count"}
    numbers |= {"denominator", "period_sortable"}
    frame, problems = read_csv_frame(
        source,
        text_columns=[theirs for ours, theirs in columns.items() if ours not in numbers],
        number_columns=[theirs for ours, theirs in columns.items() if ours in numbers],
    )
    rows_frame = canonical_frame(frame, columns)
    rows_frame["indicator_name"] = map_unique(rows_frame["indicator_name"], _one_line)
    sortable = rows_frame["period_sortable"].to_numpy()
    if np.isnan(sortable).any():
        derived = sortable_from_period(rows_frame["period"])
        rows_frame["period_sortable"] = np.where(np.isnan(sortable), derived, sortable)
    rows = Rows(
        format=NAME,
        path=Path(path),
        frame=rows_frame,
        columns=columns,
        indicators=indicators_from_frame(rows_frame),
        problems=problems,
    )
    apply_metadata(rows, mapping)
    complete_metadata(rows)
    return rows


def _one_line(text: str) -> str:
    return " ".join(text.split())


def validate(rows: Rows) -> list:
    return validate_rows(rows)
