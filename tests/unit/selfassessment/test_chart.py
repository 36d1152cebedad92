"""The self-assessment chart's counts and geometry (plain inputs, no database)."""

from placematters.selfassessment.chart import (
    BANDS,
    FILLS,
    NOT_RATED,
    counts_table,
    part_counts,
    stacked_bars,
)

PARTS = [("Prioritising", [1, 2, 3, 4]), ("Principles", [5, 6, 7, 8, 9]), ("Impact", [10, 11, 12])]


def test_each_step_is_counted_once_under_its_current_rating_and_unrated_steps_are_counted():
    counted = part_counts(
        PARTS,
        {1: "embedded", 2: "developing", 3: "developing", 5: "not_started", 12: "established"},
    )
    assert [part.part for part in counted] == ["Prioritising", "Principles", "Impact"]
    assert counted[0].counts == {
        NOT_RATED: 1,
        "not_started": 0,
        "developing": 2,
        "established": 0,
        "embedded": 1,
    }
    assert counted[1].counts[NOT_RATED] == 4 and counted[1].counts["not_started"] == 1
    assert counted[2].counts == {
        NOT_RATED: 2,
        "not_started": 0,
        "developing": 0,
        "established": 1,
        "embedded": 0,
    }
    assert [part.total for part in counted] == [4, 5, 3]


def test_a_rating_for_a_step_in_no_part_is_ignored():
    counted = part_counts(PARTS, {13: "embedded"})
    assert sum(part.counts["embedded"] for part in counted) == 0
    assert sum(part.counts[NOT_RATED] for part in counted) == 12


def test_the_table_has_a_row_per_part_and_a_column_per_rating_then_the_total():
    table = counts_table(part_counts(PARTS, {1: "embedded", 6: "established"}))
    assert table.headers == [
        "Part",
        "Not rated yet",
        "Not started",
        "Developing",
        "Established",
        "Embedded",
        "Steps",
    ]
    assert table.rows == [
        ["Prioritising", 3, 0, 0, 0, 1, 4],
        ["Principles", 4, 0, 0, 1, 0, 5],
        ["Impact", 3, 0, 0, 0, 0, 3],
    ]


def test_segments_stack_left_to_right_in_band_order_with_widths_proportional_to_counts():
    counted = part_counts(PARTS, {1: "embedded", 2: "developing", 3: "developing"})
    drawn = stacked_bars(counted, label_width=200, step_width=90, bar_height=32, gap=16)
    first = drawn.bars[0]
    assert [(s.x, s.width, s.count) for s in first.segments] == [
        (200, 90, 1),  # not rated yet (step 4)
        (290, 180, 2),  # developing
        (470, 90, 1),  # embedded
    ]
    assert [s.fill for s in first.segments] == [
        FILLS[NOT_RATED],
        FILLS["developing"],
        FILLS["embedded"],
    ]
    assert first.segments[0].outlined and not first.segments[1].outlined
    assert [bar.y for bar in drawn.bars] == [8, 56, 104]
    # The longest bar (five steps) fits inside the drawing, and every band is in the legend.
    assert drawn.width >= 200 + 5 * 90
    assert [entry.label for entry in drawn.legend] == [label for _key, label in BANDS]
    assert drawn.legend_y > drawn.bars[-1].y + 32


def test_every_count_is_written_in_a_colour_that_contrasts_with_its_segment():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    counted = part_counts(
        PARTS, {1: "not_started", 2: "developing", 3: "established", 4: "embedded"}
    )
    for segment in stacked_bars(counted).bars[0].segments:
        light, dark = sorted([luminance(segment.fill), luminance(segment.text_fill)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, segment
