"""Reading CSV and XLSX safely: line numbers, encodings, truncation, ragged rows, fake workbooks."""

import openpyxl
import pytest

from placematters.geography.importers.base import (
    ImportFailed,
    RowError,
    numbers,
    read_header,
    read_table,
    repeats,
    text,
    year_from_name,
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def problems(path):
    with pytest.raises(ImportFailed) as caught:
        read_table(path)
    return [str(error) for error in caught.value.errors]


def test_cells_are_text_and_the_index_is_the_file_line(tmp_path):
    path = write(tmp_path, "a.csv", "\ufeffcode,value\nE01000001,007\n\nE01000002, 1.50 \n")
    rows = read_table(path)
    assert list(rows.columns) == ["code", "value"]
    assert list(rows.index) == [2, 4]  # the blank line 3 is skipped but still counted
    assert rows.loc[2, "value"] == "007"
    assert list(text(rows, "value")) == ["007", "1.50"]


def test_a_quoted_line_break_keeps_later_line_numbers_true(tmp_path):
    path = write(tmp_path, "a.csv", 'name,value\n"two\nlines",1\nnext,2\r\nlast,3\n')
    assert list(read_table(path).index) == [2, 4, 5]


def test_bad_bytes_give_the_line_and_column_of_each(tmp_path):
    content = "code,name,value\nE01000001,Caf\xe9,1\nE01000002,ok,2\nE01000003,x,\xff\n"
    path = write(tmp_path, "latin1.csv", content.encode("latin-1"))
    assert problems(path) == [
        "line 2, column name: not UTF-8 text (byte 0xE9); save the file as 'CSV UTF-8' and "
        "try again",
        "line 4, column value: not UTF-8 text (byte 0xFF); save the file as 'CSV UTF-8' and "
        "try again",
    ]


def test_a_file_cut_off_mid_row_is_reported_as_truncated(tmp_path):
    path = write(tmp_path, "cut.csv", "a,b,c\n1,2,3\n4,5")
    assert problems(path) == [
        "line 3: the file ends in the middle of this row (truncated?): expected 3 values, found 2"
    ]


def test_rows_with_the_wrong_number_of_values_are_reported(tmp_path):
    path = write(tmp_path, "ragged.csv", "a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n")
    assert problems(path) == [
        "line 2: expected 3 values (one per column in the header), found 2",
        "line 3: expected 3 values (one per column in the header), found 4",
    ]  # line 4 only has trailing empty cells, which some exports write


def test_a_repeated_header_and_an_empty_file_are_refused(tmp_path):
    assert problems(write(tmp_path, "dup.csv", "a,b,a\n1,2,3\n")) == [
        "line 1, column a: the column appears twice (columns 1 and 3)"
    ]
    assert problems(write(tmp_path, "empty.csv", "  \n")) == ["line 1: the file is empty"]


def test_an_xlsx_that_is_not_a_spreadsheet_is_refused(tmp_path):
    path = write(tmp_path, "population.xlsx", "area_code,0,1\nE01000001,1,2\n")
    message = problems(path)[0]
    assert message.startswith("line 1: the file is named .xlsx but is not an Excel workbook")
    with pytest.raises(ImportFailed):
        read_header(path)


def test_a_corrupt_zip_and_an_old_xls_are_refused(tmp_path):
    corrupt = write(tmp_path, "broken.xlsx", b"PK\x03\x04" + b"\x00" * 40)
    assert "is not a readable Excel workbook" in problems(corrupt)[0]
    old = write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 40)
    assert problems(old) == [
        "line 1: this is an old binary Excel .xls file: save it as .xlsx or CSV"
    ]


def test_a_real_workbook_reads_with_sheet_rows_as_lines(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(["area_code", "0", "90+"])
    sheet.append(["E01000001", 12, 3.5])
    sheet.append(["E01000002", 7.0, None])
    path = tmp_path / "pop.xlsx"
    book.save(path)
    rows = read_table(path)
    assert list(rows.columns) == ["area_code", "0", "90+"]
    assert rows.to_dict("index") == {
        3: {"area_code": "E01000001", "0": "12", "90+": "3.5"},
        4: {"area_code": "E01000002", "0": "7", "90+": ""},
    }
    assert read_header(path) == ["area_code", "0", "90+"]


def test_numbers_report_each_bad_cell_with_its_line():
    rows = read_frame({"v": ["1", "1,234", "x", "", "-2", "inf", "2.5"]})
    values, errors = numbers(text(rows, "v"), "v", whole=True)
    assert [str(error) for error in errors] == [
        "line 4, column v: not a number: 'x'",
        "line 7, column v: not a number: 'inf'",
        "line 5, column v: missing value (a number is needed)",
        "line 8, column v: not a whole number: '2.5'",
        "line 6, column v: -2 is below 0",
    ]
    assert values[2] == 1 and values[3] == 1234


def test_repeats_are_skipped_with_one_warning_per_run_and_conflicts_are_errors():
    frame = read_frame(
        {"code": ["A", "B", "C", "A", "B", "C", "D", "D"], "value": list("12312345")}
    )
    frame["line"] = frame.index
    kept, errors, warnings = repeats(frame, ["code"], ["value"], what="area", column="value")
    assert list(kept["code"]) == ["A", "B", "C", "D", "D"]  # a conflict stays, as an error
    assert [str(w) for w in warnings] == [
        "line 5: lines 5-7 (3 rows) repeat lines 2-4 exactly; skipped"
    ]
    assert errors == [
        RowError(9, "value", "duplicate area: the same as line 8 but with a different value")
    ]


def test_the_year_is_read_from_the_file_name():
    from pathlib import Path

    assert year_from_name(Path("sape_mid2019_lsoa11_persons_5yr.csv")) == 2019
    assert year_from_name(Path("ons_mye2_mid2014_population.csv")) == 2014
    assert year_from_name(Path("ons_deaths_2014_registrations.csv")) == 2014
    assert year_from_name(Path("deaths_2014_vs_2015.csv")) is None
    assert year_from_name(Path("population.csv")) is None


def read_frame(columns):
    import pandas as pd

    length = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.Index(range(2, length + 2), name="line"), dtype=str)
