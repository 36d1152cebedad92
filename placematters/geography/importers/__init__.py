"""Importers for geography, deprivation, population and deaths: one module per source format.

Every format module has the same face:

- ``NAME`` and ``DESCRIPTION``;
- ``detect(path) -> bool``: whether the file looks like this format (reads the header only);
- ``read(path, **options) -> DataFrame``: every cell as text, index = file line number
  (header = line 1); raises :class:`ImportFailed` when the file cannot be read at all (not
  UTF-8, not a spreadsheet, truncated mid-row, ragged rows);
- ``validate(rows) -> list[RowError]``: every problem, each with line, column and reason;
- ``parse(rows) -> Parsed``: the normalised data with those errors and any warnings.

Nothing here touches the database; the checks that need it (unknown area codes, data already
held) and the writes are in :mod:`placematters.geography.actions`.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from placematters.geography.importers import (
    area_list,
    boundaries,
    deaths,
    imd_file7,
    lsoa_best_fit,
    ons_lookup,
    population_long,
    population_wide,
    ruc,
)
from placematters.geography.importers.base import ImportFailed, Parsed, RowError, read_header

__all__ = ["FORMATS", "ImportFailed", "Parsed", "RowError", "choose"]

#: Formats by import kind, in the order detection tries them.
FORMATS: dict[str, list[ModuleType]] = {
    "geography": [boundaries, lsoa_best_fit, ruc, ons_lookup, area_list],
    "imd": [imd_file7],
    "population": [population_wide, population_long],
    "deaths": [deaths],
}


def choose(path: Path | str, kind: str) -> ModuleType:
    """The format module that reads ``path`` for an import of ``kind``; raises ImportFailed.

    A kind with one format always gets it (its ``validate`` then names any missing column);
    otherwise the first format whose ``detect`` accepts the file, or an error that lists what
    was expected and what was found.
    """
    path = Path(path)
    formats = FORMATS[kind]
    if boundaries in formats and boundaries.detect(path):
        return boundaries
    columns = read_header(path)  # raises for a missing, empty, non-UTF-8 or non-spreadsheet file
    if len(formats) == 1:
        return formats[0]
    for module in formats:
        if module.detect(path):
            return module
    expected = "; ".join(module.DESCRIPTION for module in formats)
    raise ImportFailed(
        [
            RowError(
                1,
                "",
                f"the columns match no {kind} format. Expected one of: {expected}. "
                f"Found: {', '.join(columns)}",
            )
        ]
    )
