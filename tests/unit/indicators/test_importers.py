"""The importers on small hand-made files: detection, reading, line numbers, inference."""

import zipfile

import numpy as np
import pytest
from openpyxl import Workbook

from placematters.indicators.importers import (
    ImportFailed,
    detect_format,
    fingertips,
    fingertipsnext,
    generic,
    importer_for,
)
from placematters.indicators.importers.base import scan_csv
from tests.unit.indicators.samples import (
    ENGLAND,
    NORFOLK,
    SUFFOLK,
    fingertips_row,
    fingertips_text,
    smoking_rows,
    write_fingertips,
)

UPLOAD_HEADER = (
    "area_code,date_from,date_to,period_type,sex,age_from_years_inclusive,"
    "age_to_years_inclusive,deprivation_decile,deprivation_category,count,value,denominator,"
    "lower_ci_95,upper_ci_95,lower_ci_99_8,upper_ci_99_8"
)
EXTRACT_HEADER = (
    "IndicatorId,IndicatorName,AreaCode,AreaName,AreaType,Year,Sex,SexID,Age,AgeID,"
    "CategoryType,CategoryTypeId,Category,CategoryId,Value,LowerCI,UpperCI,Count,Denominator,Trend"
)
LA_SERIES_HEADER = (
    "area_code,area_name,area_type,period,indicator,measure,unit,value,compared_to_England,"
    "inequality"
)


def test_formats_are_detected_from_their_headers(tmp_path):
    download = write_fingertips(tmp_path / "download.csv", smoking_rows())
    upload = tmp_path / "upload.csv"
    upload.write_text(UPLOAD_HEADER + "\n")
    extract = tmp_path / "extract.csv"
    extract.write_text(EXTRACT_HEADER + "\n")
    series = tmp_path / "series.csv"
    series.write_text(LA_SERIES_HEADER + "\n")
    other = tmp_path / "other.csv"
    other.write_text("Code,Year,Rate\n")
    book = tmp_path / "book.xlsx"
    Workbook().save(book)
    assert detect_format(download) == "fingertips"
    assert detect_format(upload) == "fingertipsnext"
    assert detect_format(extract) == "fingertipsnext"
    assert detect_format(series) == "csv"
    assert detect_format(other) == "csv"
    assert detect_format(book) == "csv"
    assert importer_for(download) is fingertips
    assert importer_for(download, "csv") is generic
    with pytest.raises(ImportFailed, match="unknown format"):
        importer_for(download, "parquet")


def test_a_record_with_a_quoted_line_break_is_reported_on_the_line_it_starts(tmp_path):
    path = write_fingertips(tmp_path / "download.csv", smoking_rows())
    rows = fingertips.read(path)
    # Each record's name holds one line break, so records start on lines 2, 4, 6 and 8.
    assert rows.frame["line"].tolist() == [2, 4, 6, 8]
    assert rows.frame["indicator_name"].iat[0] == "Adults who smoke, percentage (test)"
    assert rows.frame["area_code"].tolist() == [ENGLAND, "E12000006", NORFOLK, SUFFOLK]
    assert rows.frame["period_sortable"].tolist() == [20190000.0] * 4
    assert np.isnan(rows.frame["lower_998"]).all()
    assert fingertips.validate(rows) == []


def test_blank_lines_lf_endings_and_short_rows_are_read_as_pandas_reads_them(tmp_path):
    text = fingertips_text(smoking_rows()).replace("\r\n", "\n")
    header, body = text.split("\n", 1)
    # Every data row one field short (as real downloads are), and a blank line after the first.
    body = body.replace(",\n", "\n").replace("\n90001", "\n\n90001", 1)
    path = tmp_path / "short.csv"
    path.write_text(header + "\n" + body)
    rows = fingertips.read(path)
    assert rows.frame["line"].tolist() == [2, 5, 7, 9]
    assert rows.frame["area_code"].tolist()[-1] == SUFFOLK
    assert fingertips.validate(rows) == []


def test_a_quote_inside_an_unquoted_field_is_text(tmp_path):
    rows = smoking_rows()
    rows[2]["Area Name"] = "Norfolk 'the county'"
    rows[3]["Area Name"] = 'Suffolk "East'  # csv quotes it: "Suffolk ""East"
    path = write_fingertips(tmp_path / "quotes.csv", rows)
    text = path.read_text().replace('"Suffolk ""East"', 'Suffolk "East')
    path.write_text(text)
    read = fingertips.read(path)
    assert read.frame["area_name"].tolist()[-1] == 'Suffolk "East'
    assert read.frame["line"].tolist() == [2, 4, 6, 8]
    assert not scan_csv(path).fast


def test_a_fingertips_download_says_what_it_can_about_its_indicator(tmp_path):
    rows = smoking_rows()
    rows[2].update({"Value": "20.0", "Compared to England value or percentiles": "Worse"})
    rows[3].update({"Value": "10.0", "Compared to England value or percentiles": "Better"})
    meta = fingertips.read(write_fingertips(tmp_path / "d.csv", rows)).indicators["90001"]
    assert meta.multiplier == 100.0  # 1400 / 10000 x 100 = 14.0
    assert meta.value_type == "proportion"  # from "percentage" in its name
    assert meta.polarity == "lower_is_better"  # worse above England, better below
    assert meta.benchmark_method == "ci95"


def test_the_value_type_comes_from_the_limits_when_they_are_given(tmp_path):
    # 40 events in 100,000: Byar's Poisson limits per 100,000, not Wilson's.
    rows = [
        fingertips_row(
            Indicator_Name="Incidence",
            Area_Code=code,
            Value="40",
            Count="40",
            Denominator="100000",
            **{"Lower CI 95.0 limit": "28.57", "Upper CI 95.0 limit": "54.47"},
        )
        for code in (NORFOLK, SUFFOLK)
    ]
    meta = fingertips.read(write_fingertips(tmp_path / "d.csv", rows)).indicators["90001"]
    assert (meta.value_type, meta.multiplier) == ("crude_rate", 100_000.0)


def test_a_mapping_states_metadata_the_download_does_not(tmp_path):
    path = write_fingertips(tmp_path / "d.csv", smoking_rows())
    mapping = {"value_type": "crude_rate", "multiplier": "1000", "polarity": "higher_is_better"}
    meta = fingertips.read(path, mapping=mapping).indicators["90001"]
    assert (meta.value_type, meta.multiplier, meta.polarity) == (
        "crude_rate",
        1000.0,
        "higher_is_better",
    )


def test_the_fingertipsnext_upload_becomes_periods_ages_and_deciles(tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text(
        UPLOAD_HEADER
        + "\nE10000020,2020-01-01,2020-12-31,Calendar,Persons,,,,,30,15,200,10.7,20.6,,"
        + "\nE10000020,2020-04-01,2021-03-31,Financial,Male,18,64,1,,30,15,200,,,,"
        + "\nE10000020,2018-01-01,2020-12-31,Calendar,Female,65,,10,IMD2019 deciles,3,1.5,200,,,,"
        + "\nE10000020,2020-01-01,2020-06-30,Other,Persons,0,4,,,3,1.5,200,,,,\n"
    )
    with pytest.raises(ImportFailed, match="indicator_id"):
        fingertipsnext.read(path)
    rows = fingertipsnext.read(path, mapping={"indicator_id": "93015"})
    frame = rows.frame
    assert frame["period"].tolist() == ["2020", "2020/21", "2018 - 20", "2020-01-01 to 2020-06-30"]
    assert frame["period_sortable"].tolist() == [20200000, 20200000, 20180000, 20200101]
    assert frame["age"].tolist() == ["All ages", "18-64 yrs", "65+ yrs", "0-4 yrs"]
    assert frame["category"].tolist() == ["", "Most deprived decile", "Least deprived decile", ""]
    assert frame["category_type"].tolist() == ["", "Deprivation deciles", "IMD2019 deciles", ""]
    assert list(rows.indicators) == ["93015"]
    assert fingertipsnext.validate(rows) == []


def test_the_fingertipsnext_extract_uses_the_metadata_beside_it(tmp_path):
    (tmp_path / "fingertipsnext_indicators_metadata.csv").write_text(
        "IndicatorID,Polarity,BenchmarkComparisonMethod,ValueType,IndicatorName,PeriodType\n"
        "93085,Low is good,Confidence intervals overlapping reference value (99.8),Proportion,"
        "Smokers at time of delivery,Financial\n"
    )
    path = tmp_path / "extract.csv"
    path.write_text(
        EXTRACT_HEADER
        + "\n93085,Smokers at time of delivery,E92000001,England,England,2018,Persons,4,"
        + "All ages,1,,,,,10.6,10.5,10.7,60000.0,566000.0,\n"
    )
    rows = fingertipsnext.read(path)
    meta = rows.indicators["93085"]
    assert (meta.value_type, meta.polarity, meta.benchmark_method) == (
        "proportion",
        "lower_is_better",
        "ci998",
    )
    assert meta.multiplier == 100.0
    assert rows.frame["period"].tolist() == ["2018/19"]
    assert rows.frame["period_sortable"].tolist() == [20180000]


def test_suggest_mapping_recognises_the_usual_headers():
    headers = ["LAD19CD", "LAD19NM", "Year", "Numerator", "Denominator", "Rate", "LCI", "UCI"]
    assert generic.suggest_mapping(headers) == {
        "lower_95": "LCI",
        "upper_95": "UCI",
        "area_code": "LAD19CD",
        "area_name": "LAD19NM",
        "period": "Year",
        "count": "Numerator",
        "denominator": "Denominator",
        "value": "Rate",
    }
    fingertips_like = generic.suggest_mapping(
        ["Indicator ID", "Area Code", "Time period", "Time period Sortable", "Value"]
    )
    assert fingertips_like["period_sortable"] == "Time period Sortable"
    assert fingertips_like["period"] == "Time period"


def test_a_generic_csv_with_a_mapping_and_a_constant_indicator(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("Code,Year,Rate,Events,People\nE10000020,2021,12.5,25,200\n")
    mapping = {
        "area_code": "Code",
        "period": "Year",
        "value": "Rate",
        "count": "Events",
        "denominator": "People",
        "indicator_name": "=Local survey: adults who smoke",
        "value_type": "proportion",
    }
    rows = generic.read(path, mapping=mapping)
    assert rows.frame["indicator_name"].tolist() == ["Local survey: adults who smoke"]
    assert rows.frame["period_sortable"].tolist() == [20210000]
    meta = rows.indicators["Local survey: adults who smoke"]
    assert (meta.value_type, meta.multiplier) == ("proportion", 100.0)
    with pytest.raises(ImportFailed) as failure:
        generic.read(path, mapping={**mapping, "value": "Percent"})
    assert [str(e) for e in failure.value.errors] == [
        "line 1, column Percent: the mapping reads value from 'Percent', a column the file "
        "does not have"
    ]


def test_an_xlsx_workbook_is_read_with_sheet_row_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Area code", "Period", "Value", "Indicator"])
    sheet.append(["E10000020", 2019, 12.5, "Smoking"])
    sheet.append([None, None, None, None])
    sheet.append(["E10000029", 2019, "n/a", "Smoking"])
    sheet.append(["E10000029", 2020, "lots", "Smoking"])
    path = tmp_path / "local.xlsx"
    book.save(path)
    rows = generic.read(path)
    assert rows.frame["line"].tolist() == [2, 4, 5]
    assert rows.frame["period"].tolist() == ["2019", "2019", "2020"]
    assert np.isnan(rows.frame["value"].iat[1])  # n/a is a suppression marker
    assert [str(e) for e in generic.validate(rows)] == [
        "line 5, column Value: 'lots' is not a number"
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("Area code,Period,Value\nE10000020,2019,1\n")
    with pytest.raises(ImportFailed, match=r"an \.xlsx file is a zip archive and this one is not"):
        generic.read(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportFailed, match="a zip archive without a workbook inside"):
        generic.read(path)


def test_la_series_files_are_read_with_their_preset(tmp_path):
    path = tmp_path / "la_series_example.csv"
    path.write_text(
        LA_SERIES_HEADER
        + "\nE92000001,England,Country,2015 - 17,Life expectancy at birth,Life expectancy,"
        + "Years,79.5,Not compared,Male"
        + "\nE07000145,Great Yarmouth,District,2015 - 17,Life expectancy at birth,"
        + "Life expectancy,Years,77.2,Worse,Male"
        + '\nE92000001,England,Country,2020/21 - 24/25,"Obesity, Year 6",Percentage,Persons,'
        + "28.9,Worse,Most deprived quintile"
        + "\nE92000001,England,Country,2020/21,Smoking,Percentage,Persons,19.8,Not compared,\n"
    )
    rows = generic.read(path)
    frame = rows.frame
    assert rows.format == "la_series"
    assert frame["sex"].tolist() == ["Male", "Male", "Persons", "Persons"]
    assert frame["category"].tolist() == ["", "", "Most deprived quintile", ""]
    assert frame["period_sortable"].tolist() == [20150000, 20150000, 20200000, 20200000]
    life = rows.indicators["Life expectancy at birth"]
    assert (life.value_type, life.unit, life.polarity) == (
        "life_expectancy",
        "years",
        "higher_is_better",
    )
    assert rows.indicators["Obesity, Year 6"].value_type == "proportion"
    assert generic.validate(rows) == []


def test_paired_quotes_inside_unquoted_fields_are_text_too(tmp_path):
    path = write_fingertips(tmp_path / "pairs.csv", smoking_rows())
    text = path.read_text().replace(",Suffolk,", ',Bishop"s, and "Stortford,', 1)
    path.write_text(text, newline="")
    # Read as pandas reads it, the quotes are text and the record has one field too many.
    with pytest.raises(ImportFailed) as failure:
        fingertips.read(path)
    assert [str(error) for error in failure.value.errors] == [
        "line 8: this record has 27 columns but the header has 26"
    ]
    path.write_text(text.replace(",Area Name,", ",Area Name,Place,"), newline="")
    rows = fingertips.read(path)
    assert rows.frame["area_name"].tolist()[-1] == 'Bishop"s'
    assert rows.frame["line"].tolist() == [2, 4, 6, 8]
