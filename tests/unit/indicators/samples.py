"""Small, hand-made indicator files for the importer tests (written with the csv module)."""

import csv
import io
from pathlib import Path

FINGERTIPS_HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name",
    "Area Type", "Sex", "Age", "Category Type", "Category", "Time period", "Value",
    "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit",
    "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to Region value or percentiles",
    "Time period Sortable", "New data", "Compared to goal",
]  # fmt: skip

ENGLAND = "E92000001"
REGION = "E12000006"
NORFOLK = "E10000020"
SUFFOLK = "E10000029"


def fingertips_row(**fields) -> dict:
    """One Fingertips download record; keyword names use underscores for spaces."""
    row = {
        "Indicator ID": "90001",
        "Indicator Name": "Adults who smoke, percentage\n(test)",
        "Parent Code": REGION,
        "Parent Name": "East of England region",
        "Area Code": NORFOLK,
        "Area Name": "Norfolk",
        "Area Type": "County & UA",
        "Sex": "Persons",
        "Age": "18+ yrs",
        "Category Type": "",
        "Category": "",
        "Time period": "2019",
        "Value": "",
        "Lower CI 95.0 limit": "",
        "Upper CI 95.0 limit": "",
        "Lower CI 99.8 limit": "",
        "Upper CI 99.8 limit": "",
        "Count": "",
        "Denominator": "",
        "Value note": "",
        "Recent Trend": "",
        "Compared to England value or percentiles": "",
        "Compared to Region value or percentiles": "",
        "Time period Sortable": "20190000",
        "New data": "",
        "Compared to goal": "",
    }
    for name, value in fields.items():
        row[name.replace("_", " ")] = value
    return row


def fingertips_text(rows: list[dict], header: list[str] | None = None) -> str:
    header = header or FINGERTIPS_HEADER
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def write_fingertips(path: Path, rows: list[dict], header: list[str] | None = None) -> Path:
    path.write_text(fingertips_text(rows, header), encoding="utf-8", newline="")
    return path


def smoking_rows() -> list[dict]:
    """England, the region, Norfolk and Suffolk: counts and denominators, no values or limits
    for the two counties (so the import computes them)."""
    return [
        fingertips_row(
            Area_Code=ENGLAND, Area_Name="England", Area_Type="England", Parent_Code="",
            Value="14.0", Count="1400", Denominator="10000",
            **{"Lower CI 95.0 limit": "13.33", "Upper CI 95.0 limit": "14.69"},
        ),
        fingertips_row(
            Area_Code=REGION, Area_Name="East of England region", Area_Type="Region",
            Parent_Code=ENGLAND, Value="13.0", Count="1300", Denominator="10000",
            **{"Lower CI 95.0 limit": "12.35", "Upper CI 95.0 limit": "13.67"},
        ),
        fingertips_row(Count="300", Denominator="1500"),
        fingertips_row(Area_Code=SUFFOLK, Area_Name="Suffolk", Count="100", Denominator="1000"),
    ]  # fmt: skip
