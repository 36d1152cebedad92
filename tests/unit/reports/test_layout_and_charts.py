"""The report's layout file, the list of source modules and the SVG bar chart."""

import importlib

import pytest

from placematters.reports.builder import SOURCE_MODULES
from placematters.reports.charts import Bar, bar_chart_svg, column_counts, label_width_for
from placematters.reports.content import load_layout
from placematters.toolkit.content import load_content
from placematters.toolkit.tools import TOOL_LINKS


def test_the_layout_follows_the_leaflets_four_parts_and_their_headings():
    layout = load_layout()
    assert [part.title for part in layout.parts] == [
        "System mapping",
        "Strengthening community action",
        "Evaluation",
        "Implementation",
    ]
    assert [len(part.headings) for part in layout.parts] == [5, 2, 4, 1]
    assert [h.title for h in layout.parts[0].headings] == [
        "Prioritised intelligence",
        "Agreed infrastructure",
        "Civic assessment",
        "Service-based assessment",
        "Community assets",
    ]


def test_every_item_key_in_the_layout_is_a_checklist_item_with_a_tool_to_fill_it():
    layout = load_layout()
    known = {item.key for stage in load_content().stages for item in stage.items}
    keys = layout.item_keys()
    assert set(keys) - known == set()
    empty_items = [h.empty_item for part in (*layout.parts, layout.annex) for h in part.headings]
    assert all(TOOL_LINKS.get(key) for key in empty_items)


def test_every_heading_slug_is_unique_so_the_contents_links_land():
    layout = load_layout()
    slugs = [part.slug for part in (*layout.parts, layout.annex)]
    slugs += [h.slug for part in (*layout.parts, layout.annex) for h in part.headings]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("path", SOURCE_MODULES)
def test_every_source_module_imports_and_offers_summary_sections(path):
    assert callable(importlib.import_module(path).summary_sections)


def test_column_counts_keep_first_seen_order():
    header = ("What", "Status")
    rows = [("a", "Done"), ("b", "At risk"), ("c", "Done")]
    assert column_counts(header, rows, "Status") == [Bar("Done", 2), Bar("At risk", 1)]
    assert column_counts(header, rows, "Missing") == []


def test_bar_chart_is_a_labelled_image_with_escaped_text_and_proportional_bars():
    svg = bar_chart_svg([Bar("Done <now>", 4), Bar("At risk", 2)], label='Steps "rated"')
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-label="Steps &quot;rated&quot;"' in svg
    assert "Done &lt;now&gt;" in svg and "<now>" not in svg
    # Labels of 10 and 7 characters get the narrowest label column (120), leaving 440 to plot.
    lengths = [float(chunk.split('width="')[1].split('"')[0]) for chunk in svg.split("<rect")[1:]]
    assert lengths == [440.0, 220.0]


def test_long_labels_widen_the_label_column_up_to_a_limit():
    assert label_width_for(["Short"]) == 120
    assert label_width_for(["Manage closely and keep satisfied"]) == 263
    assert label_width_for(["x" * 80]) == 300
