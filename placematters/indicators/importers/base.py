"""What every indicator importer shares: errors, the canonical rows, CSV reading and validation.

Each format module (``fingertips``, ``fingertipsnext``, ``generic``) turns its file into the same
:class:`Rows`: a pandas DataFrame with one row per observation in our own column names
(:data:`TEXT_FIELDS` and :data:`NUMBER_FIELDS`), the physical line each record starts on, the
file's own name for each column (for messages), and what the file says about its indicators.

Line numbers are physical lines counting the header as line 1; a record whose quoted field holds
line breaks is reported on the line where it starts. Everything here is vectorised: the CSV is
tokenised by pandas, record boundaries are found with numpy, and validation works on whole
columns, so a million rows read and validate in a few seconds.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

ENGLAND = "E92000001"

#: Text columns of the canonical frame, with the longest value the database holds.
TEXT_FIELDS: dict[str, int] = {
    "indicator_id": 30,
    "indicator_name": 300,
    "area_code": 9,
    "area_name": 200,
    "area_type": 60,
    "period": 30,
    "sex": 20,
    "age": 40,
    "category_type": 150,
    "category": 150,
    "value_note": 200,
    "compared_to_england": 40,
    "compared_to_parent": 40,
    "parent_code": 9,
}
#: Number columns of the canonical frame.
NUMBER_FIELDS = (
    "period_sortable",
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
)
FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS)
#: Indicator metadata a mapping may set (a literal value each, not a column).
METADATA_FIELDS = (
    "value_type",
    "multiplier",
    "polarity",
    "benchmark_method",
    "unit",
    "definition",
    "period_type",
    "source",
    "licence",
)
#: How the observation's breakdown is described in messages about duplicates.
KEY_FIELDS = ("indicator_key", "area_code", "period", "sex", "age", "category_type", "category")
DEFAULT_SEX = "Persons"
DEFAULT_AGE = "All ages"
#: Cell texts that mean "no number here" (blank, and the usual suppression markers).
MISSING_NUMBER_MARKERS = (
    "", "-", "..", ":", "*", "x", "X", "[x]", "c", "[c]", "[z]", "[u]", "NA", "N/A", "n/a", "#N/A",
)  # fmt: skip
AREA_CODE = re.compile(r"^[A-Za-z0-9]{1,9}$")
LARGEST_SORTABLE = 2**31 - 1


@dataclass(frozen=True)
class RowError:
    """One problem: the physical line where its record starts (header = line 1; None for the
    whole file), the column as the file names it ("" when none), and the reason in plain words."""

    line: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "reason": self.reason}


def _sort_key(error: RowError) -> tuple[int, str]:
    return (-1 if error.line is None else error.line, error.column)


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` lists every problem found, by line."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = sorted(errors, key=_sort_key)
        shown = "; ".join(str(error) for error in self.errors[:3])
        more = len(self.errors) - 3
        super().__init__(shown + (f"; and {more} more" if more > 0 else ""))


@dataclass
class IndicatorMeta:
    """What a file says (or what we can infer) about one of its indicators.

    ``None`` means "not known": the action fills it from an existing indicator, an explicit
    mapping, or inference from the data (see :mod:`.inference`).
    """

    key: str
    external_id: str = ""
    name: str = ""
    value_type: str | None = None
    multiplier: float | None = None
    polarity: str | None = None
    benchmark_method: str | None = None
    unit: str = ""
    definition: str = ""
    period_type: str = ""
    source: str = ""
    licence: str = ""


#: Duplicate policies: stop and list conflicting rows (the default), or keep the later row.
STOP = "stop"
KEEP_LAST = "keep-last"
DUPLICATE_POLICIES = (STOP, KEEP_LAST)


@dataclass
class Rows:
    """The canonical rows of one file (see the module docstring)."""

    format: str
    path: Path
    frame: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, IndicatorMeta] = field(default_factory=dict)
    problems: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: What to do with rows that give different figures for one observation (ADR 0005).
    duplicates: str = STOP
    #: Set by validation: the duplicate rows to leave out, and the warnings about them.
    resolution: Duplicates | None = None

    def __len__(self) -> int:
        return len(self.frame)

    def column(self, our_field: str) -> str:
        """The file's name for one of our fields (our name when the file has none)."""
        return self.columns.get(our_field, our_field)


# --------------------------------------------------------------------------------------------
# Reading bytes: encoding, record boundaries, field counts


@dataclass
class CsvFile:
    """A CSV file checked for encoding and structure: its bytes, header and record lines."""

    path: Path
    data: bytes
    header: list[str]
    lines: np.ndarray  # physical line of each data record (header excluded)
    fast: bool = True  # record boundaries found by the vectorised scan


def read_bytes(path: Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFailed([RowError(None, "", f"there is no file at {path}")]) from None
    except OSError as error:
        raise ImportFailed([RowError(None, "", f"the file cannot be read ({error})")]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data


def check_utf8(data: bytes, header: list[str] | None = None, limit: int = 20) -> None:
    """Raise ImportFailed naming the line, column and byte offset of bytes that are not UTF-8."""
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError as first:
        offset, end = first.start, first.end
    errors: list[RowError] = []
    more = 0
    while True:
        if len(errors) < limit:
            line, record_start = _record_start(data, offset)
            column = ""
            if header is not None:
                index = _field_index(data[record_start:offset])
                column = header[index] if index < len(header) else ""
            hint = ""
            if not errors:
                hint = (
                    ": the file is not UTF-8 (it looks like Windows-1252 or Latin-1, as Excel "
                    "saves plain 'CSV'); save it as 'CSV UTF-8' and import it again"
                )
            errors.append(
                RowError(
                    line,
                    column,
                    f"byte 0x{data[offset]:02X} at byte offset {offset} is not UTF-8{hint}",
                )
            )
        else:
            more += 1
        try:
            data[end:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            offset, end = end + error.start, end + error.end
    if more:
        errors.append(RowError(None, "", f"and {more} more places where the bytes are not UTF-8"))
    raise ImportFailed(errors)


def _record_start(data: bytes, offset: int) -> tuple[int, int]:
    """(physical line, byte offset) where the record holding ``offset`` starts.

    A record starts after the last line break before ``offset`` that is outside quotes.
    """
    prefix = np.frombuffer(data, dtype=np.uint8, count=offset)
    newlines = np.flatnonzero(prefix == 10)
    quotes = np.flatnonzero(prefix == 34)
    outside = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    start = int(outside[-1]) + 1 if len(outside) else 0
    return int(np.searchsorted(newlines, start)) + 1, start


def _field_index(record_prefix: bytes) -> int:
    """How many field separators (outside quotes) come before the end of ``record_prefix``."""
    inside = False
    separators = 0
    for byte in record_prefix:
        if byte == 34:
            inside = not inside
        elif byte == 44 and not inside:
            separators += 1
    return separators


def sniff_header(path: Path) -> list[str]:
    """The column names on a CSV file's first line (for detection; never raises)."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(65536)
    except OSError:
        return []
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
    return parse_header(start)


def parse_header(data: bytes) -> list[str]:
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)].decode("utf-8", errors="replace")
    try:
        names = next(csv.reader([first.rstrip("\r")]))
    except (csv.Error, StopIteration):
        names = []
    return [name.strip() for name in names]


def scan_csv(path: Path) -> CsvFile:
    """Read and check a CSV file's bytes: UTF-8, balanced quotes, a full header, whole records.

    Raises ImportFailed for problems that stop the file being read at all: not UTF-8, empty,
    a quoted field that never closes (a truncated file or a stray quote), records with the
    wrong number of fields, or a last record cut off mid-row.
    """
    path = Path(path)
    data = read_bytes(path)
    if not data.strip():
        raise ImportFailed([RowError(None, "", "the file is empty")])
    header = parse_header(data)
    check_utf8(data, header)
    if not any(header):
        raise ImportFailed([RowError(1, "", "the first line should name the columns")])
    scan = _fast_scan(data)
    if scan is None:
        return _slow_scan(path, data, header)
    lines, fields = scan
    try:
        _check_field_counts(data, header, lines[1:], fields[1:])
    except ImportFailed:
        # Quotes inside unquoted fields (Bishop"s) can pair up and mislead the quick scan:
        # let the csv module, which reads them as pandas does, have the last word.
        return _slow_scan(path, data, header)
    return CsvFile(path=path, data=data, header=header, lines=lines[1:])


def _fast_scan(data: bytes):
    """Physical line and field count of each record (header first), from byte positions.

    Quotes pair up in order (open, close, open, ...); a line break or comma between an opening
    and its closing quote belongs to the field. Returns None when the quotes do not pair up
    (an odd number: a stray or unclosed quote) or one sits inside a field, for the slow scan.
    """
    array = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(array == 34)
    if len(quotes) % 2:
        return None
    if len(quotes):
        # Quotes must open at a field's start and close at its end ("" inside is an escaped
        # quote); otherwise (Bishop"s) they are text, which only the slow scan handles.
        opens, closes = quotes[0::2], quotes[1::2]
        before = array[np.maximum(opens - 1, 0)]
        after = array[np.minimum(closes + 1, len(array) - 1)]
        opening = (opens == 0) | np.isin(before, (44, 10, 34))
        closing = (closes == len(array) - 1) | np.isin(after, (44, 10, 13, 34))
        if not (opening.all() and closing.all()):
            return None
    newlines = np.flatnonzero(array == 10)
    commas = np.flatnonzero(array == 44)
    outside = np.searchsorted(quotes, newlines) % 2 == 0
    record_ends = newlines[outside]
    starts = np.concatenate(([0], record_ends + 1))
    ends = np.concatenate((record_ends, [len(array)]))
    keep = starts < len(array)
    starts, ends = starts[keep], ends[keep]
    # Blank records (an empty line, or just "\r") are skipped, as pandas skips them.
    length = ends - starts
    carriage = np.zeros(len(starts), dtype=bool)
    single = length == 1
    carriage[single] = array[starts[single]] == 13
    blank = (length == 0) | carriage
    starts, ends = starts[~blank], ends[~blank]
    bounds = np.searchsorted(commas, np.append(starts, len(array)))
    separators = np.diff(bounds)
    if len(quotes):
        opens, closes = quotes[0::2], quotes[1::2]
        quoted = np.searchsorted(commas, closes) - np.searchsorted(commas, opens)
        record = np.searchsorted(starts, opens, side="right") - 1
        inside = np.bincount(record[record >= 0], quoted[record >= 0], minlength=len(starts))
        separators = separators - inside.astype(np.int64)
    fields = separators + 1
    lines = np.searchsorted(newlines, starts) + 1
    return lines, fields


#: Records may lack this many trailing fields, as the Fingertips download's rows lack the last.
SHORT_RECORDS_ALLOWED = 2


def _check_field_counts(data, header, lines, fields) -> None:
    """Every record must have the header's number of fields, or a little fewer.

    Fingertips downloads write one field fewer than the header on every data row (pandas reads
    missing trailing fields as empty), so records may have from the commonest count (when that
    is at most two short of the header) up to the header's count. A last record with fewer
    fields and no line break after it is a truncated file.
    """
    width = len(header)
    fewest = width
    if len(fields):
        values, counts = np.unique(fields, return_counts=True)
        common = int(values[np.argmax(counts)])
        if width - SHORT_RECORDS_ALLOWED <= common <= width:
            fewest = common
    wrong = np.flatnonzero((fields < fewest) | (fields > width))
    if not len(wrong):
        return
    errors = []
    ends_with_newline = data.endswith(b"\n")
    for position in wrong[:1000]:
        line, count = int(lines[position]), int(fields[position])
        last = position == len(fields) - 1
        if last and count < fewest and not ends_with_newline:
            errors.append(
                RowError(
                    line,
                    header[count - 1] if 0 < count <= width else "",
                    f"the last record stops after {count} of the {width} columns and the "
                    "file does not end with a line break: the file looks truncated",
                )
            )
        elif count > width:
            errors.append(
                RowError(line, "", f"this record has {count} columns but the header has {width}")
            )
        else:
            errors.append(
                RowError(line, "", f"this record has {count} columns; the others have {fewest}")
            )
    if len(wrong) > 1000:
        errors.append(
            RowError(None, "", f"and {len(wrong) - 1000} more records with the wrong column count")
        )
    raise ImportFailed(errors)


def _slow_scan(path: Path, data: bytes, header: list[str]) -> CsvFile:
    """Record lines and field counts with the csv module, for files with unpaired quotes.

    A quote inside an unquoted field (``Bishop"s``) is text, as pandas reads it; a quoted field
    still open at the end of the file means the file is truncated or has a stray quote.
    """
    text = data.decode("utf-8")
    physical = io.StringIO(text, newline="")
    reader = csv.reader(physical, strict=False)
    lines, fields, last_row = [], [], None
    previous = 0
    for row in reader:
        start = previous + 1
        previous = reader.line_num
        if not row:
            continue
        lines.append(start)
        fields.append(len(row))
        last_row = row
    unclosed = _unclosed_quote(text)
    if unclosed and last_row is not None:
        column_index = len(last_row) - 1
        column = header[column_index] if column_index < len(header) else ""
        raise ImportFailed(
            [
                RowError(
                    lines[-1],
                    column,
                    "a quoted field starts in this record and its closing quote is missing: "
                    'the file is truncated or has a stray quote (")',
                )
            ]
        )
    lines_array = np.asarray(lines, dtype=np.int64)
    fields_array = np.asarray(fields, dtype=np.int64)
    _check_field_counts(data, header, lines_array[1:], fields_array[1:])
    return CsvFile(path=path, data=data, header=header, lines=lines_array[1:], fast=False)


def _unclosed_quote(text: str) -> bool:
    """Offset of a quoted field left open at the end of the text, or None (pandas' rules)."""
    try:
        pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, header=None)
    except pd.errors.ParserError as error:
        return "EOF inside string" in str(error)
    except pd.errors.EmptyDataError:
        return False
    return False


def read_csv_frame(
    source: CsvFile,
    *,
    text_columns: Iterable[str],
    number_columns: Iterable[str],
) -> tuple[pd.DataFrame, list[RowError]]:
    """Parse the named columns: text as str (stripped), numbers as float64.

    Returns the frame (with a ``line`` column) and the cells that are not numbers.
    """
    text_columns = [name for name in dict.fromkeys(text_columns) if name]
    number_columns = [name for name in dict.fromkeys(number_columns) if name]
    wanted = set(text_columns) | set(number_columns)
    # Columns by position, so duplicated or blank header names cannot confuse pandas.
    positions = [i for i, name in enumerate(source.header) if name in wanted]
    seen: set[str] = set()
    usecols, names = [], []
    for i in positions:
        name = source.header[i]
        if name in seen:
            continue
        seen.add(name)
        usecols.append(i)
        names.append(name)
    try:
        frame = _parse(source, usecols, text_columns, number_columns)
    except pd.errors.ParserError as error:
        if source.fast:  # the quick scan was misled: the slow one names the bad records
            _slow_scan(source.path, source.data, source.header)
        raise ImportFailed(
            [RowError(None, "", f"the file cannot be read as CSV ({error})")]
        ) from None
    frame.columns = [source.header[i] for i in frame.columns]
    if len(frame) != len(source.lines):
        raise ImportFailed(
            [
                RowError(
                    None,
                    "",
                    f"the file's records could not be counted reliably ({len(frame)} read, "
                    f"{len(source.lines)} expected); check its quotes and line endings",
                )
            ]
        )
    lines = source.lines
    problems: list[RowError] = []
    for name in number_columns:
        if name in frame.columns:
            frame[name], bad = to_numbers(frame[name])
            problems += [
                RowError(int(lines[i]), name, f"{_shown(text)} is not a number") for i, text in bad
            ]
    for name in text_columns:
        if name in frame.columns:
            frame[name] = map_unique(frame[name], str.strip)
    frame["line"] = lines
    return frame, problems


def _parse(source: CsvFile, usecols, text_columns, number_columns) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(source.data),
        header=None,
        skiprows=1,
        usecols=usecols,
        dtype={i: str for i in usecols if source.header[i] in text_columns},
        keep_default_na=False,
        na_values={
            i: list(MISSING_NUMBER_MARKERS) for i in usecols if source.header[i] in number_columns
        },
        low_memory=False,
        skip_blank_lines=True,
        encoding="utf-8",
    )


def map_unique(column: pd.Series, function) -> pd.Series:
    """``function`` applied to each distinct text once (columns repeat a few values a lot)."""
    codes, uniques = pd.factorize(column)
    mapped = [function(value) for value in uniques]
    if mapped == list(uniques) and not (codes < 0).any():
        return column
    table = np.array([*mapped, ""], dtype=object)
    return pd.Series(table[codes], index=column.index, dtype=str)


def _shown(text: object) -> str:
    text = str(text)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def to_numbers(column: pd.Series) -> tuple[pd.Series, list[tuple[int, object]]]:
    """A column as float64, and (position, text) of each cell that is not a finite number.

    Blank cells and the usual suppression markers (:data:`MISSING_NUMBER_MARKERS`) are missing.
    """
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        numbers = column.astype(np.float64)
        infinite = np.flatnonzero(np.isinf(numbers.to_numpy()))
        return numbers, [(int(i), column.iloc[i]) for i in infinite]
    cells = column.astype(object).to_numpy()
    stripped = pd.Series([_cell_text(cell) for cell in cells], dtype=object, index=column.index)
    missing = stripped.isin(MISSING_NUMBER_MARKERS).to_numpy()
    numbers = pd.to_numeric(stripped.where(~missing), errors="coerce").astype(np.float64)
    bad = ~missing & ~np.isfinite(numbers.to_numpy())
    return numbers, [(int(i), cells[i]) for i in np.flatnonzero(bad)]


def _cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    if isinstance(cell, bool):
        return str(cell)
    return cell.strip() if isinstance(cell, str) else str(cell)


# --------------------------------------------------------------------------------------------
# The canonical frame


def canonical_frame(
    source: pd.DataFrame, columns: dict[str, str], constants: dict[str, str] | None = None
) -> pd.DataFrame:
    """Our columns from the file's (``columns``: our field -> their column), with defaults.

    Text fields the file lacks are empty (sex "Persons", age "All ages"); number fields are NaN.
    ``indicator_key`` is the indicator ID where given, else its name.
    """
    constants = constants or {}
    length = len(source)
    frame = pd.DataFrame({"line": source["line"].to_numpy()})
    for name in TEXT_FIELDS:
        if name in columns and columns[name] in source.columns:
            frame[name] = source[columns[name]].to_numpy()
        elif name in constants:
            frame[name] = pd.Series([constants[name]] * length, dtype=str).to_numpy()
        else:
            frame[name] = pd.Series([""] * length, dtype=str).to_numpy()
        frame[name] = frame[name].astype(str)
    for name in NUMBER_FIELDS:
        if name in columns and columns[name] in source.columns:
            frame[name] = source[columns[name]].to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            frame[name] = np.full(length, np.nan)
    frame.loc[frame["sex"] == "", "sex"] = DEFAULT_SEX
    frame.loc[frame["age"] == "", "age"] = DEFAULT_AGE
    frame["indicator_key"] = frame["indicator_id"].where(
        frame["indicator_id"] != "", frame["indicator_name"]
    )
    return frame


YEAR = re.compile(r"(?:19|20)\d\d")


def sortable_from_period(period: pd.Series) -> np.ndarray:
    """Fingertips' sortable period (year x 10000) from the first four-digit year in the text."""
    codes, uniques = pd.factorize(period)
    years = [YEAR.search(text) for text in uniques]
    table = np.array([float(y.group()) * 10000 if y else np.nan for y in years] + [np.nan])
    return table[codes]


def indicators_from_frame(frame: pd.DataFrame) -> dict[str, IndicatorMeta]:
    """One IndicatorMeta per indicator key, with its ID and its first name."""
    firsts = frame.drop_duplicates("indicator_key")
    return {
        key: IndicatorMeta(key=key, external_id=external_id, name=name or external_id)
        for key, external_id, name in zip(
            firsts["indicator_key"], firsts["indicator_id"], firsts["indicator_name"], strict=True
        )
        if key
    }


# --------------------------------------------------------------------------------------------
# Validation (pure: no database; the action adds unknown area codes and earlier imports)


def validate_rows(rows: Rows) -> list[RowError]:
    """Every problem in the rows: missing and malformed fields, impossible numbers, duplicates."""
    frame = rows.frame
    lines = frame["line"].to_numpy()
    errors = list(rows.problems)

    def report(mask, column: str, reason) -> None:
        for i in np.flatnonzero(np.asarray(mask)):
            text = reason(i) if callable(reason) else reason
            errors.append(RowError(int(lines[i]), rows.column(column), text))

    report(frame["indicator_key"] == "", "indicator_id", "the indicator is not named")
    codes = frame["area_code"]
    report(codes == "", "area_code", "the area code is empty")
    malformed = _where(codes, lambda code: code != "" and not AREA_CODE.match(code))
    report(malformed, "area_code", lambda i: f"{_shown(codes.iat[i])} is not an area code")
    periods = frame["period"]
    report(periods == "", "period", "the time period is empty")
    sortable = frame["period_sortable"].to_numpy()
    with np.errstate(invalid="ignore"):
        bad_sortable = (periods != "").to_numpy() & (
            ~np.isfinite(sortable)
            | (sortable != np.floor(sortable))
            | (sortable < 0)
            | (sortable > LARGEST_SORTABLE)
        )
    report(
        bad_sortable,
        "period_sortable",
        lambda i: (
            f"cannot tell when the period {_shown(periods.iat[i])} is (give a sortable period, "
            "such as 20150000 for 2015)"
            if not np.isfinite(sortable[i])
            else f"{sortable[i]:g} is not a sortable period (a whole number such as 20150000)"
        ),
    )
    for name, longest in TEXT_FIELDS.items():
        if name in ("area_code", "parent_code"):
            continue  # area codes have their own check; the parent code is only a hint
        report(
            _where(frame[name], lambda text, longest=longest: len(text) > longest),
            name,
            f"longer than the {longest} characters this field can hold",
        )
    count = frame["count"].to_numpy()
    denominator = frame["denominator"].to_numpy()
    report(count < 0, "count", lambda i: f"the count {count[i]:g} is negative")
    report(
        denominator < 0,
        "denominator",
        lambda i: f"the denominator {denominator[i]:g} is negative",
    )
    proportions = [key for key, meta in rows.indicators.items() if meta.value_type == "proportion"]
    if proportions:
        is_proportion = frame["indicator_key"].isin(proportions).to_numpy()
        report(
            is_proportion & (count > denominator),
            "count",
            lambda i: (
                f"the count {count[i]:g} is greater than the denominator {denominator[i]:g}, "
                "which a proportion cannot have"
            ),
        )
    for level in ("95", "998"):
        lower = frame[f"lower_{level}"].to_numpy()
        upper = frame[f"upper_{level}"].to_numpy()
        report(
            lower > upper,
            f"lower_{level}",
            lambda i, lower=lower, upper=upper: (
                f"the lower limit {lower[i]:g} is above the upper limit {upper[i]:g}"
            ),
        )
    errors += duplicate_errors(rows)
    return sorted(errors, key=_sort_key)


def _where(column: pd.Series, predicate) -> np.ndarray:
    """Rows whose value satisfies ``predicate``, testing each distinct value once."""
    uniques = column.unique()
    hits = [value for value in uniques if predicate(value)]
    if not hits:
        return np.zeros(len(column), dtype=bool)
    return column.isin(hits).to_numpy()


def key_codes(frame: pd.DataFrame, names: Iterable[str]) -> np.ndarray:
    """One integer per row that is equal exactly when the named columns all are."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for name in names:
        codes, uniques = pd.factorize(frame[name])
        combined = pd.factorize(combined * (len(uniques) + 1) + codes)[0].astype(np.int64)
    return combined


def duplicate_errors(rows: Rows) -> list[RowError]:
    """The errors of :func:`resolve_duplicates` under the rows' policy (kept on ``rows``)."""
    rows.resolution = resolve_duplicates(rows.frame, rows.duplicates)
    return rows.resolution.errors


@dataclass
class Duplicates:
    """What :func:`resolve_duplicates` decided about rows sharing an observation's key.

    ``drop``: positions of the rows to leave out; ``errors``: conflicts that stop the import;
    ``warnings``: one sentence per rule applied (count and first lines); the counts, including
    ``already_held``: rows giving the same figures as an observation an earlier batch holds
    (added by the import action, which compares the file with the database).
    """

    drop: np.ndarray
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    repeats: int = 0
    same_figure: int = 0
    replaced: int = 0
    already_held: int = 0


#: Line numbers quoted in a duplicate warning before "and N more".
WARNING_LINES = 5
#: Relative difference below which two numbers written to the same decimals are one figure
#: (floating-point noise from a recomputation: 68.8026723730733 and 68.8026723732273).
NOISE = 1e-9
_SAME_KEY = "(the same indicator, area, period, sex, age and category)"


def resolve_duplicates(frame: pd.DataFrame, policy: str = STOP) -> Duplicates:
    """Rows with the same indicator, area, period, sex, age and category (ADR 0005).

    (a) A row that repeats an earlier one exactly (every field we read) is left out, with a
    warning. (b) Two rows giving the same figures at different precision (every number equal
    once rounded to the coarser one's decimals, or equal but for floating-point noise) are one
    observation: the more precise row is kept (the earlier when equally precise), with a
    warning. (c) Rows with different figures are an error naming both lines, unless ``policy``
    is ``keep-last``: then the later row replaces the earlier, and the warning counts them.
    Only rows whose key repeats are examined one by one, so a clean file costs one grouping.
    """
    if policy not in DUPLICATE_POLICIES:
        raise ValueError(f"unknown duplicate policy {policy!r}")
    group = key_codes(frame, KEY_FIELDS)
    shared = pd.Series(group).duplicated(keep=False).to_numpy()
    if not shared.any():
        return Duplicates(drop=np.zeros(0, dtype=np.int64))
    positions = np.flatnonzero(shared)
    subset = frame.iloc[positions]
    whole = key_codes(subset, [name for name in FIELDS if name in subset.columns])
    exact = pd.Series(whole).duplicated(keep="first").to_numpy()
    lines = frame["line"].to_numpy()
    numbers = subset[list(NUMBER_FIELDS)].to_numpy(dtype=np.float64)
    result = Duplicates(drop=np.zeros(0, dtype=np.int64))
    dropped: list[int] = list(positions[exact])
    repeat_pairs, same_pairs, replaced_pairs = [], [], []
    seen_whole: dict[int, int] = {}
    for index in range(len(positions)):
        code = int(whole[index])
        if exact[index]:
            repeat_pairs.append((lines[positions[index]], lines[positions[seen_whole[code]]]))
        else:
            seen_whole[code] = index
    # The rows left, by key, in file order.
    remaining = np.flatnonzero(~exact)
    keys = group[positions[remaining]]
    order = np.argsort(keys, kind="stable")
    kept_for: dict[int, int] = {}
    for index in remaining[order]:
        key = int(group[positions[index]])
        if key not in kept_for:
            kept_for[key] = index
            continue
        kept = kept_for[key]
        line, kept_line = int(lines[positions[index]]), int(lines[positions[kept]])
        if same_figures(numbers[kept], numbers[index]):
            if precision(numbers[index]) > precision(numbers[kept]):
                dropped.append(positions[kept])
                kept_for[key] = index
                same_pairs.append((kept_line, line))
            else:
                dropped.append(positions[index])
                same_pairs.append((line, kept_line))
        elif policy == KEEP_LAST:
            dropped.append(positions[kept])
            kept_for[key] = index
            replaced_pairs.append((kept_line, line))
        else:
            result.errors.append(
                RowError(
                    line,
                    "",
                    f"duplicate row: has different numbers from line {kept_line} {_SAME_KEY}; "
                    "fix the file, or choose to keep the later of such rows",
                )
            )
    result.drop = np.sort(np.asarray(dropped, dtype=np.int64))
    result.repeats, result.same_figure = len(repeat_pairs), len(same_pairs)
    result.replaced = len(replaced_pairs)
    if repeat_pairs:
        result.warnings.append(
            f"{_rows(len(repeat_pairs))} repeated an earlier row exactly and "
            f"{_were(len(repeat_pairs))} left out: " + _pairs(sorted(repeat_pairs), "repeats")
        )
    if same_pairs:
        result.warnings.append(
            f"{_rows(len(same_pairs))} gave the same figures as another row at a different "
            "precision, and the more precise row was kept: "
            + _pairs(sorted(same_pairs), "left out for")
        )
    if replaced_pairs:
        result.warnings.append(
            f"{_rows(len(replaced_pairs))} had different figures from a later row {_SAME_KEY}; "
            "as chosen, the later row was kept: " + _pairs(sorted(replaced_pairs), "replaced by")
        )
    return result


def _decimals(number: float) -> int:
    """Decimals of a number as written (its shortest round-trip text: 23.103 has 3)."""
    exponent = Decimal(repr(float(number))).as_tuple().exponent
    return max(0, -int(exponent))


def precision(numbers: np.ndarray) -> int:
    """How precisely a row gives its numbers: the decimals of all of them, added up."""
    return sum(_decimals(number) for number in numbers if np.isfinite(number))


def same_figures(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two rows' numbers are the same figures (ADR 0005, rule b).

    Each pair must be both missing, or equal once the finer is rounded to the coarser's
    decimals (within half a unit in the coarser's last place), or differ by less than
    :data:`NOISE` relatively. A number given in one row and missing in the other differs.
    """
    return all(_same_number(a, b) for a, b in zip(first, second, strict=True))


def _same_number(a: float, b: float) -> bool:
    a_missing, b_missing = not np.isfinite(a), not np.isfinite(b)
    if a_missing or b_missing:
        return a_missing and b_missing
    if a == b or abs(a - b) <= NOISE * max(abs(a), abs(b)):
        return True
    places = min(_decimals(a), _decimals(b))
    difference = abs(Decimal(repr(float(a))) - Decimal(repr(float(b))))
    return difference <= Decimal(5).scaleb(-places - 1)


def same_figures_rows(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """:func:`same_figures` for each row of two equally shaped 2-D arrays, as booleans.

    Vectorised: equal numbers (missing equals missing), numbers within :data:`NOISE`, and a
    number against a missing one are settled with numpy; only the pairs left (which may be
    the same figure at another precision) are looked at one by one.
    """
    first = np.asarray(first, dtype=np.float64)
    second = np.asarray(second, dtype=np.float64)
    if first.shape != second.shape or first.ndim != 2:
        raise ValueError("same_figures_rows needs two 2-D arrays of the same shape")
    a_missing, b_missing = ~np.isfinite(first), ~np.isfinite(second)
    with np.errstate(invalid="ignore", over="ignore"):
        close = (first == second) | (
            np.abs(first - second) <= NOISE * np.maximum(np.abs(first), np.abs(second))
        )
    same = np.where(a_missing | b_missing, a_missing & b_missing, close)
    for row, column in zip(*np.nonzero(~same & ~a_missing & ~b_missing), strict=True):
        same[row, column] = _same_number(first[row, column], second[row, column])
    return same.all(axis=1)


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _pairs(pairs: list[tuple[int, int]], verb: str) -> str:
    shown = "; ".join(f"line {a} {verb} line {b}" for a, b in pairs[:WARNING_LINES])
    more = len(pairs) - WARNING_LINES
    return shown + (f"; and {more:,} more" if more > 0 else "") + "."


def apply_metadata(rows: Rows, mapping: dict | None) -> None:
    """Explicit indicator metadata from a mapping (value_type, polarity...) for every indicator."""
    if not mapping:
        return
    for meta in rows.indicators.values():
        for name in METADATA_FIELDS:
            if name in mapping and mapping[name] not in (None, ""):
                value = mapping[name]
                setattr(meta, name, float(value) if name == "multiplier" else str(value))


def missing_columns_errors(
    header: list[str], required: Iterable[str], known: Iterable[str]
) -> list[RowError]:
    """Line-1 errors for required columns absent from the header, suggesting near misses."""
    import difflib

    present = set(header)
    unexpected = [name for name in header if name not in set(known)]
    errors = []
    for name in required:
        if name in present:
            continue
        close = difflib.get_close_matches(name, unexpected, n=1, cutoff=0.6)
        hint = f" (is {close[0]!r} meant to be {name!r}?)" if close else ""
        errors.append(RowError(1, name, f"the column {name!r} is missing{hint}"))
    return errors
