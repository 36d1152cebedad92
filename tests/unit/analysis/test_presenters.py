"""Display helpers of the data overview: numbers, suppression, colours and exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from placematters.analysis import presenters as p


def test_numbers_and_missing_numbers():
    assert p.format_number(1234.567) == "1,234.6"
    assert p.format_number(0.5, 2) == "0.50"
    assert p.format_number(None) == p.MISSING
    assert p.format_number(float("nan")) == p.MISSING
    assert p.format_interval(11.24, 13.45) == "11.2 to 13.4"
    assert p.format_interval(None, 13.4) == p.MISSING


def test_counts_below_the_threshold_are_suppressed():
    assert p.format_count(4, threshold=5) == "*"
    assert p.format_count(0, threshold=5) == "*"
    assert p.format_count(5, threshold=5) == "5"
    assert p.format_count(12345, threshold=5) == "12,345"
    assert p.format_count(12.5, threshold=5) == "12.5"
    assert p.format_count(None, threshold=5) == p.MISSING


def test_threshold_comes_from_settings(settings):
    settings.SMALL_COUNT_THRESHOLD = 10
    assert p.small_count_threshold() == 10
    assert p.format_count(9) == "*"
    assert "fewer than 10" in p.suppression_note()
    del settings.SMALL_COUNT_THRESHOLD
    assert p.small_count_threshold() == 5


def test_suppression_hides_value_and_interval_with_the_count():
    assert p.value_cells(3, 12.0, 4.0, 30.0, threshold=5) == ("*", "*", "*", True)
    assert p.value_cells(30, 12.0, 10.0, 14.0, threshold=5) == (
        "30",
        "12.0",
        "10.0 to 14.0",
        False,
    )
    # No count given: nothing to suppress (values from published rates stay visible).
    assert p.value_cells(None, 12.0, None, None, threshold=5) == (
        p.MISSING,
        "12.0",
        p.MISSING,
        False,
    )
    assert p.export_values(2, 1.0, 0.5, 1.5, threshold=5) == ["*", "*", "*", "*"]
    assert p.export_values(20, 1.0, None, 1.5, threshold=5) == [20, 1.0, None, 1.5]


@pytest.mark.parametrize(
    ("label", "key", "text"),
    [
        ("better", "better", "Better than England"),
        ("worse 99.8%", "worse", "Worse than England (99.8%)"),
        ("similar", "similar", "Similar to England"),
        ("higher", "higher", "Higher than England"),
        ("lower", "lower", "Lower than England"),
        ("worst", "worse", "Worst fifth of areas"),
        ("highest", "higher", "Highest fifth of areas"),
        ("not compared", "not-compared", "Not compared"),
        ("", "not-compared", "Not compared"),
        (None, "not-compared", "Not compared"),
    ],
)
def test_comparison_labels_have_a_style_and_words(label, key, text):
    assert p.comparison_style(label).key == key
    assert p.comparison_text(label) == text


def test_comparison_against_the_region():
    assert p.comparison_text("worse", against="East of England") == "Worse than East of England"


def test_contrast_ratio_matches_wcag_examples():
    assert p.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert p.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert p.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("style", list(p.COMPARISON_STYLES.values()), ids=lambda s: s.key)
def test_every_comparison_colour_is_readable(style):
    # Text in the coloured tag: WCAG AA for normal text.
    assert p.contrast_ratio(style.text, style.fill) >= 4.5
    # Chart marks are outlined, so each mark's edge has at least 3:1 against the white page.
    edge = max(
        p.contrast_ratio(style.fill, p.BACKGROUND), p.contrast_ratio(p.OUTLINE, p.BACKGROUND)
    )
    assert edge >= 3


def test_every_category_has_its_own_shape():
    shapes = [style.shape for style in p.COMPARISON_STYLES.values()]
    assert len(set(shapes)) == len(shapes)


@pytest.mark.parametrize("cell", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"])
def test_formula_like_text_is_neutralised(cell):
    assert p.neutralise(cell) == "'" + cell


def test_numbers_and_plain_text_pass_through():
    assert p.neutralise(-3.5) == -3.5
    assert p.neutralise("Norfolk") == "Norfolk"
    assert p.neutralise(None) is None
    assert p.neutralise("*") == "*"


@pytest.mark.parametrize("cell", ["-1.5", "+2", "-0", "-1e3"])
def test_text_that_reads_as_a_number_is_not_marked_as_a_formula(cell):
    assert p.neutralise(cell) == cell


def test_csv_neutralises_formulas_but_not_negative_numbers():
    table = p.Table(headers=["a", "b"], rows=[["=SUM(A1)", "-1.5"], [None, "@x"]])
    assert p.to_csv(table).splitlines() == ["a,b", "'=SUM(A1),-1.5", ",'@x"]


def _table():
    return p.Table(
        headers=["Indicator", "Count", "Value"],
        rows=[['=HYPERLINK("http://x")', "*", "*"], ["Smoking", 300, -1.25]],
        suppressed=True,
        note=p.suppression_note(5),
    )


def test_csv_export_neutralises_and_keeps_the_note():
    text = p.to_csv(_table())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Indicator", "Count", "Value"]
    assert rows[1][0].startswith("'=")
    assert rows[1][1:] == ["*", "*"]
    assert rows[2] == ["Smoking", "300", "-1.25"]
    assert rows[-1][0].startswith("* Suppressed: fewer than 5")


def test_xlsx_export_is_a_workbook_with_numbers_and_no_formulas():
    data = p.to_xlsx(_table(), title="Area profile: Norfolk")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Area profile Norfolk"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Indicator", "Count", "Value"]
    assert values[1][0].startswith("'=")
    assert values[2] == ["Smoking", 300, -1.25]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_export_filename_is_safe():
    assert p.export_filename("Area profile", "E07000147", extension="csv") == (
        "area-profile-e07000147.csv"
    )
    assert p.export_filename("../../etc", "x y", extension="xlsx") == "etc-x-y.xlsx"


# --- the indicator page's choice and population pyramid -------------------------------------


def test_choice_query_and_text():
    from placematters.analysis.presenters import choice_query, choice_text

    assert choice_query("Male", "18+ yrs") == "?sex=Male&age=18%2B+yrs"
    assert choice_query("Persons", "All ages", "A & B") == (
        "?sex=Persons&age=All+ages&category=A+%26+B"
    )
    assert choice_text("Female", "All ages") == "Female, All ages"
    assert choice_text("Female", "All ages", "Deciles") == "Female, All ages, by Deciles"


def test_priority_for_matches_sex_and_age():
    from types import SimpleNamespace

    from placematters.analysis.presenters import priority_for

    male = SimpleNamespace(indicator_id=1, area_code="E1", period="2019", sex="Male", age="All")
    old = SimpleNamespace(indicator_id=2, area_code="E1", period="2019", sex="", age="")
    assert priority_for([male], 1, "E1", "2019", "Male", "All") is male
    assert priority_for([male], 1, "E1", "2019", "Female", "All") is None
    assert priority_for([old], 2, "E1", "2019", "Persons", "All") is old
    assert priority_for([old], 2, "E1", "2019", "Male", "All", is_default=False) is None


def test_population_section():
    from placematters.analysis.presenters import POPULATION_NOTE, population_section
    from placematters.analysis.queries import Pyramid, PyramidRow

    pyramid = Pyramid(
        "E1", 2021, [PyramidRow("0-4", 0, 3.0, 1200.0), PyramidRow("90+", 90, 10.0, None)]
    )
    section = population_section(pyramid, "Norfolk")
    assert section.display == [["0-4", "3", "1,200"], ["90+", "10", "\u2013"]]
    assert section.table.rows == [["0-4", 3.0, 1200.0], ["90+", 10.0, None]]
    assert not section.table.suppressed and POPULATION_NOTE in section.table.note
    assert POPULATION_NOTE in section.caption and "2021" in section.caption
    assert section.spec is not None
    empty = population_section(None, "Norfolk")
    assert empty.spec is None and empty.display == []
    assert empty.empty == "No population by sex and age is held for Norfolk."
