"""The wide-table importer on small hand-made files: detection, reading, metadata, errors.

A wide table has one row per area and one column per indicator (OHID Local Health's bulk
export is the real example, tested in tests/integration/indicators/test_shared_wide.py).
"""

import csv
import io
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placematters.indicators.importers import (
    ImportFailed,
    detect_format,
    importer_for,
    wide,
)
from tests.unit.indicators.test_importers import (
    EXTRACT_HEADER,
    LA_SERIES_HEADER,
    UPLOAD_HEADER,
)

LOCAL_HEALTH_HEADER = (
    "msoa11_code,msoa11_name,Life expectancy at birth for males,"
    'Life expectancy at birth for females,"SMR all causes, all ages",'
    '"SMR all causes, under 75 years"'
)


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_wide_table_is_detected_and_long_tables_are_not(tmp_path):
    local = write(tmp_path / "localhealth_2015_19.csv", LOCAL_HEALTH_HEADER + "\n")
    assert detect_format(local) == "wide"
    assert importer_for(local) is wide
    assert importer_for(local, "wide") is wide
    # The other formats keep their files.
    for header, expected in (
        (UPLOAD_HEADER, "fingertipsnext"),
        (EXTRACT_HEADER, "fingertipsnext"),
        (LA_SERIES_HEADER, "csv"),
        ("Code,Year,Rate", "csv"),  # the generic guess finds a period and a value
        ("area_code,period,value", "csv"),
        ("lsoa11_code,Indicator,Value", "csv"),
    ):
        path = write(tmp_path / "long.csv", header + "\n")
        assert detect_format(path) == expected, header
    # Not indicator tables: a lookup (several code columns) and a population table (ages).
    lookup = write(tmp_path / "lookup.csv", "lad21_code,lad21_name,utla21_code,utla21_name\n")
    ages = write(tmp_path / "ages.csv", "ltla19_code,ltla19_name,total_population,0,1,90+\n")
    no_measures = write(tmp_path / "codes.csv", "ltla21_code,ltla21_name\n")
    for path in (lookup, ages, no_measures):
        assert detect_format(path) == "csv", path.name
    # Only CSV files.
    assert not wide.detect(write(tmp_path / "local.json", LOCAL_HEALTH_HEADER + "\n"))


def test_each_column_is_an_indicator_with_sex_period_and_metadata_from_the_headers(tmp_path):
    path = write(
        tmp_path / "localhealth_2015_19_le_smr_ltla21_england.csv",
        LOCAL_HEALTH_HEADER.replace("msoa11", "ltla21")
        + "\nE06000001,Hartlepool,76.6,81.3,119.5,133.2\n"
        + "E06000002,Middlesbrough,,80.0,133.5,148.0\n",
    )
    rows = wide.read(path)
    assert rows.format == "wide"
    assert wide.validate(rows) == []
    frame = rows.frame
    assert len(frame) == 2 * 4
    assert set(frame["period"]) == {"2015 - 19"}
    assert set(frame["period_sortable"]) == {20150000}
    assert frame["line"].tolist() == [2, 3] * 4
    assert frame["area_code"].tolist() == ["E06000001", "E06000002"] * 4
    assert frame["area_name"].tolist()[:2] == ["Hartlepool", "Middlesbrough"]
    by_indicator = frame.groupby("indicator_name", sort=False)["sex"].first().to_dict()
    assert by_indicator == {
        "Life expectancy at birth for males": "Male",
        "Life expectancy at birth for females": "Female",
        "SMR all causes, all ages": "Persons",
        "SMR all causes, under 75 years": "Persons",
    }
    # The blank is kept: no value, with a note, and not an error.
    blank = frame[(frame["area_code"] == "E06000002") & (frame["sex"] == "Male")]
    assert math.isnan(blank["value"].iat[0])
    assert blank["value_note"].iat[0] == wide.BLANK_NOTE
    assert (frame.loc[frame["value"].notna(), "value_note"] == "").all()
    metas = rows.indicators
    male = metas["Life expectancy at birth for males"]
    assert (male.value_type, male.multiplier, male.unit, male.polarity) == (
        "life_expectancy",
        1.0,
        "years",
        "higher_is_better",
    )
    smr = metas["SMR all causes, under 75 years"]
    assert (smr.value_type, smr.multiplier, smr.unit, smr.polarity) == (
        "isr",
        100.0,
        "ratio (England = 100)",
        "lower_is_better",
    )


def test_the_period_comes_from_the_mapping_or_the_file_name(tmp_path):
    text = "lad21cd,lad21nm,Adults who smoke (%)\nE06000001,Hartlepool,15.2\n"
    nameless = write(tmp_path / "smoking.csv", text)
    with pytest.raises(ImportFailed, match="--period"):
        wide.read(nameless)
    rows = wide.read(nameless, mapping={"period": "=2019/20"})
    assert rows.frame["period"].tolist() == ["2019/20"]
    assert rows.frame["period_sortable"].tolist() == [20190000]
    meta = rows.indicators["Adults who smoke (%)"]
    assert (meta.value_type, meta.multiplier) == ("proportion", 100.0)
    assert rows.columns["area_code"] == "lad21cd"
    assert wide.period_from_name(tmp_path / "localhealth_2015_19_x.csv") == "2015 - 19"
    assert wide.period_from_name(tmp_path / "le_2017-2019.csv") == "2017 - 19"
    assert wide.period_from_name(tmp_path / "imd_2019_lsoa11.csv") == "2019"
    assert wide.period_from_name(tmp_path / "msoa11_only.csv") == ""
    # Metadata in the mapping wins over what the header says.
    rows = wide.read(nameless, mapping={"period": "2019", "polarity": "lower_is_better"})
    assert rows.indicators["Adults who smoke (%)"].polarity == "lower_is_better"


def test_text_that_is_not_a_number_is_an_error_with_its_line_and_column(tmp_path):
    path = write(
        tmp_path / "localhealth_2015_19_bad.csv",
        LOCAL_HEALTH_HEADER + "\nE02000001,City of London 001,91.1,90.2,52.8,66.2\n"
        "E02000002,Barking and Dagenham 001,79.5,eighty,97.6,116.6\n"
        "E02000003,Barking and Dagenham 002,78.1,84.2,x,111.2\n",
    )
    rows = wide.read(path)
    errors = wide.validate(rows)
    assert [str(error) for error in errors] == [
        "line 3, column Life expectancy at birth for females: 'eighty' is not a number"
    ]  # "x" is a suppression marker: a missing value, not an error


def test_a_file_without_an_area_code_column_is_refused(tmp_path):
    path = write(tmp_path / "le_2019.csv", "Place,Life expectancy\nHartlepool,76.6\n")
    with pytest.raises(ImportFailed, match="no column holds the area code"):
        wide.read(path)


# --------------------------------------------------------------------------------------------
# Generated tables round-trip (hypothesis)

codes = st.from_regex(r"E0[0-9]{7}", fullmatch=True)
names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters=',"'),
    max_size=15,
).map(str.strip)
measure_names = st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){0,3}", fullmatch=True)
numbers = st.one_of(
    st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    measures=st.lists(measure_names, min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_generated_wide_tables_round_trip(tmp_path, measures, data):
    areas = data.draw(st.lists(st.tuples(codes, names), min_size=1, max_size=8))
    values = data.draw(
        st.lists(
            st.lists(numbers, min_size=len(measures), max_size=len(measures)),
            min_size=len(areas),
            max_size=len(areas),
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["area_code", "area_name", *measures])
    for (code, name), row in zip(areas, values, strict=True):
        writer.writerow([code, name, *("" if v is None else repr(v) for v in row)])
    path = tmp_path / "generated_2018_20.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    rows = wide.read(path)
    frame = rows.frame
    assert len(frame) == len(areas) * len(measures)
    assert list(rows.indicators) == measures
    assert set(frame["period"]) == {"2018 - 20"}
    position = 0
    for column, measure in enumerate(measures):
        for line, ((code, name), row) in enumerate(zip(areas, values, strict=True), start=2):
            got = frame.iloc[position]
            assert (got["line"], got["area_code"], got["area_name"]) == (line, code, name)
            assert got["indicator_name"] == measure
            given_value = row[column]
            if given_value is None:
                assert math.isnan(got["value"]) and got["value_note"] == wide.BLANK_NOTE
            else:
                assert got["value"] == given_value and got["value_note"] == ""
            position += 1
    errors = wide.validate(rows)
    assert [e for e in errors if "not a number" in e.reason] == []
    assert [e for e in errors if "duplicate" not in e.reason] == []
