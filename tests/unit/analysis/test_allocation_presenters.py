"""What the allocation page shows and exports, from plain query results (no database)."""

from placematters import stats
from placematters.analysis import allocation_presenters as ap
from placematters.analysis.queries import AllocationArea

AREAS = [
    AllocationArea("E01000001", "A", 10.0, 10, 100.0),
    AllocationArea("E01000002", "B", 50.0, 1, 300.0),
    AllocationArea("E01000003", "C", None, None, None),
]


def test_measure_choices_offer_deciles_only_for_lsoas():
    assert [value for value, _ in ap.measure_choices([(7, "Smoking")], "lsoa")] == [
        "imd_score", "imd_decile", "indicator-7"]  # fmt: skip
    assert ("imd_decile", "IMD 2019 national decile") not in ap.measure_choices([], "focus")
    assert ap.indicator_id("indicator-7") == 7
    assert ap.indicator_id("indicator-x") is None and ap.indicator_id("imd_score") is None


def test_need_rows_leave_out_areas_without_a_value():
    rows, left_out = ap.need_rows(AREAS, "imd_score")
    assert [row.need for row in rows] == [10.0, 50.0] and left_out == ["C"]
    rows, left_out = ap.need_rows(AREAS, "indicator-7", {"E01000003": 4.0})
    assert [row.code for row in rows] == ["E01000003"] and left_out == ["A", "B"]


def test_greatest_need_first_and_deciles_reversed():
    rows, _ = ap.need_rows(AREAS, "imd_score")
    assert ap.greatest_need_order(rows, "imd_score") == [1, 0]
    rows, _ = ap.need_rows(AREAS, "imd_decile")
    assert ap.greatest_need_order(rows, "imd_decile") == [1, 0]


def test_table_sentence_and_formatting():
    rows, _ = ap.need_rows(AREAS, "imd_score")
    # Floor 50 each; need pot 100 by 10:50 -> 16.67, 83.33; totals 66.67, 133.33 -> 67, 133.
    result = ap.compute(rows, measure="imd_score", total=200, unit=1, floor_share=0.5,
                        gradient=1, ratio=2, population=False)  # fmt: skip
    allocation = ap.Allocation(rows, ["C"], result, "imd_score", "IMD 2019 score", False)
    table = ap.allocation_table(allocation)
    assert table.rows[0] == ["E01000002", "B", 50.0, 50.0, 83.33, 133.0, 66.5]
    assert "add up to 200" in table.note
    assert ap.display_rows(table, False)[0] == ["E01000002", "B", "50", "50", "83.33", "133",
                                                "66.5%"]  # fmt: skip
    # Two areas: the fifth rounds to one area, B with 66.5% against 50.0%.
    assert ap.fifth_sentence(rows, result, "imd_score", "lsoa") == (
        "The most deprived fifth of LSOAs (1 of 2) receives 66.5% of the total, against 50.0% "
        "under an equal split."
    )
    per_head = ap.compute(rows, measure="imd_score", total=200, unit=1, floor_share=0.5,
                          gradient=1, ratio=2, population=True)  # fmt: skip
    assert "under a split per head" in ap.fifth_sentence(rows, per_head, "imd_score", "focus")
    assert ap.format_amount(1234567) == "1,234,567" and ap.format_amount(12.5) == "12.50"
    assert ap.format_share(0.3449) == "34.5%"
    assert isinstance(result, stats.AllocationResult)


def test_decile_ramp_is_used_for_deciles():
    rows, _ = ap.need_rows(AREAS, "imd_decile")
    # Ratio 3, no floor: decile 10 weighs 1, decile 1 weighs 3 -> 25, 75.
    result = ap.compute(rows, measure="imd_decile", total=100, unit=1, floor_share=0,
                        gradient=9, ratio=3, population=False)  # fmt: skip
    assert list(result.amount) == [25, 75]


def test_allocation_chart_spec_labels_up_to_forty_areas():
    from placematters.analysis.charts import AllocationBar, allocation_spec

    spec = allocation_spec([AllocationBar("Same", 1, 2), AllocationBar("Same", 1, 3)], title="T")
    keys = [row["key"] for row in spec["data"]["values"]]
    assert keys == ["Same", "Same", "Same (2)", "Same (2)"]
    assert [row["part"] for row in spec["data"]["values"][:2]] == ["Universal floor", "Need part"]
    many = allocation_spec([AllocationBar(str(i), 1, i) for i in range(41)], title="T")
    assert many["encoding"]["y"]["axis"]["labels"] is False
