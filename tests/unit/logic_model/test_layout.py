"""The diagram's layout: columns in chain order, no overlapping boxes, the band underneath,
titles wrapped, every link drawn."""

from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.logic_model.chain import BAND, CHAIN, KINDS
from placematters.logic_model.layout import LINE_STYLES, MAX_LINES, WRAP, layout, wrap


def _overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


nodes_strategy = st.lists(
    st.tuples(st.sampled_from(KINDS), st.text(min_size=1, max_size=120)), max_size=30
)


@settings(max_examples=60, deadline=None)
@given(nodes_strategy)
def test_no_boxes_overlap_and_the_band_is_underneath(raw):
    nodes = [(n, kind, title) for n, (kind, title) in enumerate(raw, start=1)]
    picture = layout(nodes, [])
    boxes = picture.boxes
    assert len(boxes) == len(nodes)
    for i, a in enumerate(boxes):
        assert a.x >= 0 and a.right <= picture.width and a.bottom <= picture.height
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    chain_bottom = max((b.bottom for b in boxes if b.kind in CHAIN), default=0)
    for box in boxes:
        if box.kind in BAND:
            assert box.y > chain_bottom and box.y > picture.band_y


def test_columns_run_left_to_right_in_chain_order():
    nodes = [(n, kind, kind) for n, kind in enumerate(reversed(CHAIN), start=1)]
    picture = layout(nodes, [])
    x_of = {box.kind: box.x for box in picture.boxes}
    assert [x_of[kind] for kind in CHAIN] == sorted(x_of[kind] for kind in CHAIN)
    assert len(set(x_of.values())) == len(CHAIN)
    assert [h.lines[0][1] for h in picture.headings][:2] == ["Inputs", "Activities"]


def test_elements_of_a_kind_stack_in_the_order_given():
    picture = layout([(1, "activity", "First"), (2, "activity", "Second")], [])
    first, second = picture.boxes
    assert first.x == second.x and first.bottom < second.y


def test_wrap_keeps_lines_short_and_marks_a_cut():
    assert wrap("Stop-smoking clinics in the coastal wards") == (
        "Stop-smoking",
        "clinics in the",
        "coastal wards",
    )
    long = wrap("word " * 60)
    assert len(long) == MAX_LINES and long[-1].endswith("…")
    assert all(len(line) <= WRAP for line in long)


def test_each_link_is_a_curve_from_source_to_target_and_ends_are_spread():
    nodes = [(1, "activity", "A"), (2, "output", "B"), (3, "output", "C"), (4, "assumption", "D")]
    edges = [(10, 1, 2, "high"), (11, 1, 3, "low"), (12, 4, 1, "untested"), (13, 1, 99, "low")]
    picture = layout(nodes, edges)
    assert [arrow.id for arrow in picture.arrows] == [10, 11, 12]  # 99 is not drawn
    a, b = picture.arrows[0].path, picture.arrows[1].path
    assert a.startswith("M334,") and " C" in a
    assert a.split()[0] != b.split()[0]  # two links leaving one box start at different points
    assert picture.arrows[2].confidence == "untested"


def test_the_legend_names_every_line_style_in_words():
    picture = layout([], [])
    assert [item.confidence for item in picture.legend] == list(LINE_STYLES)
    assert all(item.text for item in picture.legend)
    assert picture.band_y is None and picture.boxes == ()
