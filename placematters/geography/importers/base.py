"""What every importer shares: row errors, safe reading of CSV and XLSX, numbers and codes.

Reading never guesses. A file is UTF-8 CSV (a byte-order mark is allowed) or an Excel workbook
(``.xlsx``); anything else is refused with the line and column of the problem. Every cell is read
as text; the importers convert and check the columns they use. A table read here is a pandas
DataFrame of strings whose index is the **file line number** (the header is line 1; for a
workbook, the sheet row), so every error can point at its line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: A GSS area code: a letter (E, W, S, N; K for the UK, GB and England and Wales; L for the
#: Channel Islands) and eight digits.
GSS_CODE = r"[EWSNKL]\d{8}"
_PSEUDO_CODE = re.compile(r"^[EWSNL]99999999$")

#: Spreadsheets: the ZIP signature that every .xlsx starts with, and the old binary .xls one.
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an input file (the issue's ``ImportError``, named so as not to shadow
    Python's built-in ``ImportError``).

    ``line`` is the 1-based physical line of the file, the header being line 1 (the sheet row
    for a workbook, the feature number for GeoJSON, when ``unit`` says so); ``column`` is the
    column (or property) name, empty when the problem is the whole line or file.
    """

    line: int
    column: str
    reason: str
    unit: str = "line"

    def __str__(self) -> str:
        where = f"{self.unit} {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "reason": self.reason, "unit": self.unit}


class ImportFailed(Exception):
    """Raised when an input file has problems; nothing was stored. ``errors`` lists them all."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        count = len(self.errors)
        first = f": {self.errors[0]}" if self.errors else ""
        super().__init__(f"{count:,} problem{'s' if count != 1 else ''} in the file{first}")


@dataclass
class Parsed:
    """What an importer's ``parse`` found: normalised data, errors and warnings.

    ``data`` is importer-specific (DataFrames of normalised rows). ``warnings`` are problems the
    importer skipped over on a documented rule (for example an exact repeat of an earlier row);
    they are reported but do not stop the import.
    """

    format: str
    row_count: int
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------


def read_table(path: Path | str) -> pd.DataFrame:
    """Every cell of a CSV or XLSX file as text; index = line number. Raises ImportFailed."""
    path = Path(path)
    raw = _read_bytes(path)
    if _is_workbook(path, raw):
        return _read_workbook(path, raw)
    return _read_csv(decode_utf8(raw), path)


def header_of(path: Path | str) -> list[str] | None:
    """The column names of a CSV or XLSX file, or None when it cannot be read (for detection)."""
    try:
        return read_header(path)
    except ImportFailed:
        return None


def read_header(path: Path | str) -> list[str]:
    """The column names (first row) of a CSV or XLSX file; raises ImportFailed if unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed([RowError(1, "", f"there is no file at {path}")])
    with path.open("rb") as handle:
        head = handle.read(256 * 1024)
    if _is_workbook(path, head):
        frame = _read_workbook(path, _read_bytes(path), header_only=True)
        return list(frame.columns)
    if not head.strip():
        raise ImportFailed([RowError(1, "", "the file is empty")])
    first_line = head.split(b"\n", 1)[0]
    text = decode_utf8(first_line.removeprefix(codecs.BOM_UTF8))
    return _clean_header(next(csv.reader([text.rstrip("\r")]), []))


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise ImportFailed([RowError(1, "", f"there is no file at {path}")])
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFailed([RowError(1, "", "the file is empty")])
    return raw


def _is_workbook(path: Path, raw: bytes) -> bool:
    """True for an .xlsx name or ZIP content; refuses an .xlsx name on other content."""
    if raw.startswith(_OLE_MAGIC):
        raise ImportFailed(
            [RowError(1, "", "this is an old binary Excel .xls file: save it as .xlsx or CSV")]
        )
    if path.suffix.lower() in _XLSX_SUFFIXES:
        if not raw.startswith(_ZIP_MAGIC):
            raise ImportFailed(
                [
                    RowError(
                        1,
                        "",
                        f"the file is named {path.suffix} but is not an Excel workbook (it is "
                        "not a ZIP archive, so not a spreadsheet); export it again from Excel "
                        "or save it as CSV",
                    )
                ]
            )
        return True
    return raw.startswith(_ZIP_MAGIC)


def _read_workbook(path: Path, raw: bytes, header_only: bool = False) -> pd.DataFrame:
    """The first worksheet of an .xlsx: the first non-empty row is the header."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ImportFailed(
            [RowError(1, "", f"{path.name} is not a readable Excel workbook ({error})")]
        ) from error
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        records: list[list[str]] = []
        lines: list[int] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if value is None else _cell_text(value) for value in values]
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _clean_header(cells)
                if header_only:
                    break
                continue
            records.append(cells)
            lines.append(number)
    finally:
        book.close()
    if header is None:
        raise ImportFailed([RowError(1, "", "the workbook's first sheet is empty")])
    width = len(header)
    records = [(row + [""] * width)[:width] for row in records]
    return pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype=str)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def decode_utf8(raw: bytes) -> str:
    """UTF-8 text (a leading byte-order mark dropped); on bad bytes, one error per bad line."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    header = next(csv.reader([lines[0].decode("utf-8", "replace").rstrip("\r")]), [])
    errors = []
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            prefix = line[: error.start].decode("utf-8", "replace")
            fields = next(csv.reader([prefix]), [""]) if prefix else [""]
            index = max(len(fields) - 1, 0)
            column = header[index].strip() if index < len(header) else f"{index + 1}"
            byte = line[error.start : error.start + 1].hex().upper()
            errors.append(
                RowError(
                    number,
                    column,
                    f"not UTF-8 text (byte 0x{byte}); save the file as 'CSV UTF-8' and try again",
                )
            )
    raise ImportFailed(errors)


def _clean_header(cells: Sequence[str]) -> list[str]:
    header = [cell.strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    seen: dict[str, int] = {}
    errors = []
    for position, name in enumerate(header, start=1):
        if not name:
            header[position - 1] = f"_unnamed_{position}"
        elif name in seen:
            errors.append(
                RowError(1, name, f"the column appears twice (columns {seen[name]} and {position})")
            )
        else:
            seen[name] = position
    if errors:
        raise ImportFailed(errors)
    return header


def _records(text: str) -> tuple[list[list[str]], list[int]]:
    """CSV records and the line each starts on (blank lines dropped)."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        records = None
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if records is not None and len(records) == physical and all(records):
        return records, list(range(1, len(records) + 1))  # one record per line: the usual case
    reader = csv.reader(io.StringIO(text, newline=""))
    records, lines = [], []
    previous = 0
    try:
        for row in reader:
            start = previous + 1
            previous = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            records.append(row)
            lines.append(start)
    except csv.Error as error:
        raise ImportFailed(
            [RowError(previous + 1, "", f"the line cannot be read as CSV ({error})")]
        ) from error
    return records, lines


def _read_csv(text: str, path: Path) -> pd.DataFrame:
    records, lines = _records(text)
    if not records:
        raise ImportFailed([RowError(1, "", "the file is empty")])
    header = _clean_header(records[0])
    width = len(header)
    body, body_lines = records[1:], lines[1:]
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    odd = np.flatnonzero(lengths != width)
    if len(odd):
        errors = []
        ends_cleanly = text.endswith(("\n", "\r"))
        for position in odd:
            row = body[position]
            if len(row) > width and not any(cell.strip() for cell in row[width:]):
                body[position] = row[:width]  # trailing empty cells, as some exports write
                continue
            found = len(row)
            if position == len(body) - 1 and found < width and not ends_cleanly:
                reason = (
                    f"the file ends in the middle of this row (truncated?): expected {width} "
                    f"values, found {found}"
                )
            else:
                reason = f"expected {width} values (one per column in the header), found {found}"
            errors.append(RowError(body_lines[position], "", reason))
        if errors:
            raise ImportFailed(errors)
    return pd.DataFrame(body, columns=header, index=pd.Index(body_lines, name="line"), dtype=str)


# --- columns, numbers and codes ----------------------------------------------------------------


def find_column(columns: Iterable[str], *names: str) -> str | None:
    """The first column whose name matches one of ``names``, ignoring case, spaces and _."""
    wanted = [_squash(name) for name in names]
    by_key = {_squash(column): column for column in columns}
    for name in wanted:
        if name in by_key:
            return by_key[name]
    return None


def _squash(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).lower()


_SPACES = " \t\xa0"  # CR and LF cannot end a cell of a line-by-line record


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column's cells with surrounding spaces removed (only scanned when there are any)."""
    values = frame[column]
    joined = "\x00" + "\x00".join(values.to_numpy(dtype=object).tolist()) + "\x00"
    if any(f"\x00{space}" in joined or f"{space}\x00" in joined for space in _SPACES):
        return values.astype(str).str.strip()
    return values


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def numbers(
    values: pd.Series,
    column: str,
    *,
    what: str = "number",
    whole: bool = False,
    minimum: float | None = 0,
    maximum: float | None = None,
    required: bool = True,
) -> tuple[pd.Series, list[RowError]]:
    """Parse a text column as numbers; errors for missing, non-numeric and out-of-range cells.

    Thousands separators ("1,234") are accepted. Returns floats (NaN where missing and allowed).
    """
    cells = values.to_numpy(dtype=object)
    try:  # the fast path: every cell a plain number
        parsed = pd.Series(cells.astype(np.float64), index=values.index)
    except (TypeError, ValueError):
        cleaned = values
        if "," in "\x00".join(cells.tolist()):
            has_separators = values.str.match(_THOUSANDS)
            cleaned = values.where(~has_separators, values.str.replace(",", "", regex=False))
        parsed = pd.to_numeric(cleaned, errors="coerce").astype(float)
    empty = values.eq("")
    errors: list[RowError] = []
    not_a_number = parsed.isna() & ~empty
    infinite = np.isinf(parsed)
    for line, value in values[not_a_number | infinite].items():
        errors.append(RowError(int(line), column, f"not a number: {value!r}"))
    if required:
        for line in values.index[empty]:
            errors.append(RowError(int(line), column, f"missing value (a {what} is needed)"))
    finite = parsed.where(~infinite)
    if whole:
        fractional = finite.notna() & (finite != np.floor(finite))
        for line, value in values[fractional].items():
            errors.append(RowError(int(line), column, f"not a whole number: {value!r}"))
    if minimum is not None:
        for line, value in values[finite < minimum].items():
            errors.append(RowError(int(line), column, f"{value} is below {minimum:g}"))
    if maximum is not None:
        for line, value in values[finite > maximum].items():
            errors.append(RowError(int(line), column, f"{value} is above {maximum:g}"))
    return finite, errors


def blank_pseudo_codes(codes: pd.Series) -> pd.Series:
    """ONS 'pseudo' codes such as E99999999 (no area) become empty."""
    pseudo = [code for code in unique_cells(codes) if _PSEUDO_CODE.match(code)]
    return codes.where(~codes.isin(pseudo), "") if pseudo else codes


def unique_cells(values: pd.Series) -> list[str]:
    return pd.unique(values.to_numpy(dtype=object)).tolist()


_GSS = re.compile(GSS_CODE)


def malformed_codes(values: pd.Series) -> list[str]:
    """The distinct non-empty cells that are not GSS codes (checked once per distinct value)."""
    return [code for code in unique_cells(values) if code and not _GSS.fullmatch(code)]


def bad_codes(codes: pd.Series, column: str) -> list[RowError]:
    """Errors for non-empty cells that are not GSS codes."""
    malformed = malformed_codes(codes)
    if not malformed:
        return []
    return [
        RowError(
            int(line),
            column,
            f"{value!r} is not a GSS area code (a letter E, W, S or N and eight digits)",
        )
        for line, value in codes[codes.isin(malformed)].items()
    ]


def year_from_name(path: Path) -> int | None:
    """The year in a file name such as sape_mid2019_lsoa11.csv or deaths_2014.csv, if just one."""
    name = path.stem
    mid = re.findall(r"(?i)mid[-_ ]?((?:19|20)\d\d)(?!\d)", name)
    if len(set(mid)) == 1:
        return int(mid[0])
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name))
    return int(years.pop()) if len(years) == 1 else None


def repeats(
    frame: pd.DataFrame,
    keys: list[str],
    values: list[str],
    *,
    what: str,
    column: str,
) -> tuple[pd.DataFrame, list[RowError], list[RowError]]:
    """Rows that share ``keys``: exact repeats are dropped with a warning, conflicts are errors.

    ``frame`` has a ``line`` column. The rule: a row whose keys *and* values equal an earlier
    row's is a harmless repeat (ONS tables list Wales twice, for example), so it is skipped and
    reported as a warning; a row with the same keys but a different value is an error, because
    there is no telling which value is right.
    """
    duplicated = frame.duplicated(keys, keep=False)
    if not duplicated.any():
        return frame, [], []
    group = frame[duplicated]
    grouped = group.groupby(keys, sort=False, dropna=False)
    first_line = grouped["line"].transform("min")
    distinct = grouped[values].transform(lambda column: column.nunique(dropna=False)).max(axis=1)
    later = group["line"] != first_line
    errors = [
        RowError(
            int(line),
            column,
            f"duplicate {what}: the same as line {int(first)} but with a different value",
        )
        for line, first in zip(
            group.loc[later & (distinct > 1), "line"],
            first_line[later & (distinct > 1)],
            strict=True,
        )
    ]
    warnings = _repeat_warnings(
        sorted(
            zip(
                group.loc[later & (distinct == 1), "line"].astype(int),
                first_line[later & (distinct == 1)].astype(int),
                strict=True,
            )
        )
    )
    kept = frame.drop(index=group.index[later & (distinct == 1)])
    return kept, errors, warnings


def _repeat_warnings(pairs: list[tuple[int, int]]) -> list[RowError]:
    """One warning per run of consecutive lines repeating a run of consecutive earlier lines."""
    warnings = []
    start = 0
    for index in range(1, len(pairs) + 1):
        if index < len(pairs) and pairs[index] == (
            pairs[index - 1][0] + 1,
            pairs[index - 1][1] + 1,
        ):
            continue
        (line, first), (last, last_first) = pairs[start], pairs[index - 1]
        if line == last:
            reason = f"repeats line {first} exactly; skipped"
        else:
            reason = (
                f"lines {line}-{last} ({last - line + 1} rows) repeat lines {first}-{last_first} "
                "exactly; skipped"
            )
        warnings.append(RowError(line, "", reason))
        start = index
    return warnings
