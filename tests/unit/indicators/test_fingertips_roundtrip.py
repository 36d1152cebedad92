"""Generated Fingertips downloads round-trip through read and validate (hypothesis).

Each generated file has random numbers (or blanks), text fields with commas, quotes and line
breaks (so the csv module quotes them), LF or CRLF line endings and sometimes no final line
break; the importer must give back every field, and the physical line each record starts on.
"""

import csv
import io
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placematters.indicators.importers import fingertips
from tests.unit.indicators.samples import FINGERTIPS_HEADER

ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\n,\"' \u00e9\u2013"
)
# Text as the importer gives it back: stripped, no leading/trailing space.
text = st.text(ALPHABET, max_size=20).map(str.strip)
codes = st.from_regex(r"[EWSN][0-9]{8}", fullmatch=True)
numbers = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.integers(min_value=0, max_value=10**9).map(float),
)
counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))
record = st.fixed_dictionaries(
    {
        "indicator_name": text.filter(bool),
        "area_code": codes,
        "area_name": text,
        "sex": st.sampled_from(["Persons", "Male", "Female"]),
        "age": st.sampled_from(["All ages", "0-9 yrs", "65+ yrs"]),
        "category_type": text,
        "category": text,
        "value": numbers,
        "lower_95": numbers,
        "count": counts,
        "value_note": text,
    }
)


def _cell(value) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _write(records, newline: str, final_newline: bool) -> tuple[str, list[int]]:
    """The CSV text, and the physical line each record starts on (header = 1)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(FINGERTIPS_HEADER)
    starts, line = [], 1 + 1
    for number, item in enumerate(records):
        row = dict.fromkeys(FINGERTIPS_HEADER, "")
        row.update(
            {
                "Indicator ID": "90001",
                "Indicator Name": item["indicator_name"],
                "Area Code": item["area_code"],
                "Area Name": item["area_name"],
                "Sex": item["sex"],
                "Age": item["age"],
                "Category Type": item["category_type"],
                "Category": item["category"],
                "Time period": str(1900 + number),
                "Value": _cell(item["value"]),
                "Lower CI 95.0 limit": _cell(item["lower_95"]),
                "Count": _cell(item["count"]),
                "Value note": item["value_note"],
                "Time period Sortable": str((1900 + number) * 10000),
            }
        )
        before = out.tell()
        writer.writerow([row[name] for name in FINGERTIPS_HEADER])
        starts.append(line)
        written = out.getvalue()[before:]
        line += written.count("\n")
    text = out.getvalue()
    if not final_newline:
        text = text[: -len(newline)]
    return text, starts


def _same(ours: float, theirs) -> bool:
    if theirs is None:
        return math.isnan(ours)
    return ours == float(theirs)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(record, min_size=1, max_size=12),
    newline=st.sampled_from(["\n", "\r\n"]),
    final_newline=st.booleans(),
)
def test_generated_downloads_round_trip(tmp_path, records, newline, final_newline):
    content, starts = _write(records, newline, final_newline)
    path = tmp_path / "generated.csv"
    path.write_bytes(content.encode("utf-8"))
    rows = fingertips.read(path)
    frame = rows.frame
    assert frame["line"].tolist() == starts
    assert frame["area_code"].tolist() == [item["area_code"] for item in records]
    names = [" ".join(item["indicator_name"].split()) for item in records]
    assert frame["indicator_name"].tolist() == names
    for ours, field in (
        ("area_name", "area_name"),
        ("category_type", "category_type"),
        ("category", "category"),
        ("value_note", "value_note"),
        ("sex", "sex"),
        ("age", "age"),
    ):
        assert frame[ours].tolist() == [item[field] for item in records]
    for field in ("value", "lower_95", "count"):
        assert all(
            _same(ours, item[field])
            for ours, item in zip(frame[field].tolist(), records, strict=True)
        )
    assert np.array_equal(
        frame["period_sortable"], [(1900 + i) * 10000 for i in range(len(records))]
    )
    errors = fingertips.validate(rows)
    negative = [item for item in records if item["value"] is not None and item["value"] < 0]
    assert all("negative" not in str(error) for error in errors) or negative
    assert [e for e in errors if "duplicate" in e.reason] == []
    assert [e for e in errors if "not a number" in e.reason] == []
