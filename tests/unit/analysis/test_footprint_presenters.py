"""What the footprint pages show and export, from plain query results (no database)."""

import pytest

from placematters.analysis import footprint_presenters as fp
from placematters.analysis.queries import (
    Breakdown,
    BreakdownRow,
    FootprintIndicator,
    FootprintLsoa,
    FootprintValue,
)

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}


def _item(count: float | None, value: float = 12.5, figures: bool = True) -> FootprintIndicator:
    return FootprintIndicator(
        indicator_id=7,
        indicator_name="Smoking in pregnancy (illustrative)",
        unit="%",
        value_type="proportion",
        polarity="low_is_good",
        figures=FootprintValue(
            indicator_id=7, period="2023/24", sex="Female", age="All ages", lsoas=83,
            areas_with_data=2, count=count, denominator=400.0, value=value, lower_95=9.6,
            upper_95=16.0, lower_998=8.1, upper_998=18.2, england_value=7.4,
            compared_to_england="worse", method="Wilson score interval",
        ) if figures else None,
    )  # fmt: skip


def test_a_footprint_line_shows_the_value_interval_and_comparison_in_words():
    [line] = fp.footprint_lines([_item(50.0)], threshold=5)
    assert line["value"] == "12.5"
    assert "9.6" in line["interval"] and "16.0" in line["interval"]
    assert line["group"] == "Female, All ages"
    assert "worse" in line["comparison"].lower()
    assert line["suppressed"] is False


def test_indicators_without_footprint_figures_are_left_out_of_the_lines_and_the_table():
    assert fp.footprint_lines([_item(50.0, figures=False)], threshold=5) == []
    assert fp.footprint_table([_item(50.0, figures=False)], threshold=5).rows == []


@pytest.mark.parametrize("count", [1.0, 4.0])
def test_a_count_below_the_threshold_is_suppressed_on_the_page_and_in_the_download(count):
    [line] = fp.footprint_lines([_item(count)], threshold=5)
    assert line["suppressed"] is True
    assert "12.5" not in (line["value"], line["interval"])
    table = fp.footprint_table([_item(count)], threshold=5)
    assert table.suppressed and table.note
    row = table.rows[0]
    assert 12.5 not in row and 9.6 not in row and 8.1 not in row and 18.2 not in row
    assert row.count("*") >= 6  # count, value, both 95% and both 99.8% limits


def test_the_download_table_has_a_cell_for_every_header():
    table = fp.footprint_table([_item(50.0)], threshold=5)
    assert len(table.rows[0]) == len(table.headers) == len(fp.FOOTPRINT_HEADERS)
    assert table.rows[0][table.headers.index("Lower 99.8% limit")] == 8.1


@pytest.mark.parametrize(
    ("asked", "shading", "groups"),
    [(None, "national", 10), ("local5", "local5", 5), ("local10", "local10", 10),
     ("<script>", "national", 10)],
)  # fmt: skip
def test_an_unknown_shading_falls_back_to_national_deciles(asked, shading, groups):
    assert fp.shading_from(asked) == shading
    assert fp.shading_groups(shading) == groups


def test_the_map_counts_lsoas_per_group_and_says_what_is_missing():
    rows = [
        FootprintLsoa("E01000001", "A 001A", 100, 1, 1, SQUARE),
        FootprintLsoa("E01000002", "A 001B", 30000, 10, 5, SQUARE),
        FootprintLsoa("E01000003", "A 001C", None, None, None, None),
    ]
    section = fp.footprint_map(rows, "local5")
    assert [members for _label, members in section["groups"]] == [1, 0, 0, 0, 1]
    assert "1 of the 3 LSOAs have no IMD figures." in section["notes"]
    assert "1 of the 3 LSOAs have no boundary." in section["notes"]
    assert section["svg"].startswith("<svg") or "<svg" in section["svg"]
    assert [row[0] for row in section["table"].rows] == ["E01000001", "E01000002", "E01000003"]


def test_without_boundaries_there_is_no_map_but_the_table_still_lists_every_lsoa():
    rows = [FootprintLsoa("E01000001", "A 001A", 100, 1, 1, None)]
    section = fp.footprint_map(rows, "national")
    assert section["svg"] == ""
    assert any("No LSOA boundaries are held" in note for note in section["notes"])
    assert len(section["table"].rows) == 1


def test_the_breakdown_suppresses_small_counts_and_leaves_no_bar_for_them():
    breakdown = Breakdown(
        indicator_id=7, area_code="footprint", period="2023/24", sex="Persons", age="All ages",
        category_type="Local deprivation quintile",
        rows=[
            BreakdownRow(1, "Most deprived", 20.0, 15.0, 26.0, 40.0, 200.0),
            BreakdownRow(5, "Least deprived", 5.0, 1.0, 9.0, 3.0, 60.0),
        ],
        summary=None,
    )  # fmt: skip
    table, display, bars, _notes = fp.footprint_breakdown(breakdown, "%", threshold=5)
    assert table.suppressed
    assert display[1][1] == "*"
    assert bars[0].value == 20.0 and bars[1].value is None
    svg = fp.footprint_breakdown_svg(
        bars, indicator_name="Smoking", period="2023/24", unit="%", n=5
    )
    assert "<svg" in svg and "quintile" in svg
    assert fp.footprint_breakdown_svg([], indicator_name="x", period="", unit="", n=5) == ""


def test_groups_are_quintiles_unless_deciles_are_asked_for():
    assert fp.groups_from(None) == 5
    assert fp.groups_from("10") == 10
    assert fp.groups_from("7") == 5
