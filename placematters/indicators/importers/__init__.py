"""Indicator importers, one module per format, all with the same interface.

* ``detect(path) -> bool``: whether the file looks like this format;
* ``read(path, mapping=None) -> Rows``: the canonical rows (raises :class:`ImportFailed` when
  the file cannot be read at all: not UTF-8, truncated, missing columns, not a workbook);
* ``validate(rows) -> list[RowError]``: every problem in the rows, by line and column.

Formats: ``fingertips`` (the Fingertips data download), ``fingertipsnext`` (the FingertipsNext
upload CSV and DHSC's extract), ``wide`` (one row per area, one column per indicator, such as
OHID Local Health) and ``csv`` (any CSV or XLSX with a column mapping, including the tidy
``la_series`` preset). :func:`detect_format` picks one, asking the specific formats in that
order; ``wide`` only takes files the generic column guess could not read by itself.
"""

from pathlib import Path
from types import ModuleType

from placematters.indicators.importers import fingertips, fingertipsnext, generic, wide
from placematters.indicators.importers.base import (
    ImportFailed,
    IndicatorMeta,
    RowError,
    Rows,
)

FORMATS: dict[str, ModuleType] = {
    fingertips.NAME: fingertips,
    fingertipsnext.NAME: fingertipsnext,
    wide.NAME: wide,
    generic.NAME: generic,
}
AUTO = "auto"
CHOICES = (AUTO, *FORMATS)

__all__ = [
    "AUTO",
    "CHOICES",
    "FORMATS",
    "ImportFailed",
    "IndicatorMeta",
    "RowError",
    "Rows",
    "detect_format",
    "importer_for",
]


def detect_format(path: Path | str) -> str:
    """The name of the format of the file at ``path`` (``csv`` when nothing more specific fits)."""
    path = Path(path)
    if path.suffix.lower() in generic.EXCEL_SUFFIXES:
        return generic.NAME
    for name in (fingertips.NAME, fingertipsnext.NAME, wide.NAME):
        if FORMATS[name].detect(path):
            return name
    return generic.NAME


def importer_for(path: Path | str, format: str = AUTO) -> ModuleType:
    """The importer module for ``format`` (detected when ``auto``)."""
    name = detect_format(path) if format in (AUTO, "", None) else format
    if name not in FORMATS:
        raise ImportFailed(
            [RowError(None, "", f"unknown format {format!r}; choose one of {', '.join(CHOICES)}")]
        )
    return FORMATS[name]
