"""Every tool link points at a real checklist item and a real page."""

import pytest
from django.urls import reverse

from placematters.toolkit.content import load_content
from placematters.toolkit.tools import TOOL_LINKS, tool_links_for


def test_every_tool_link_names_a_checklist_item_in_the_content():
    keys = {item.key for stage in load_content().stages for item in stage.items}
    assert set(TOOL_LINKS) <= keys, set(TOOL_LINKS) - keys


@pytest.mark.parametrize("key", sorted(TOOL_LINKS))
def test_every_tool_link_resolves_with_the_partnership_slug(key):
    for link in TOOL_LINKS[key]:
        assert reverse(link.url_name, args=["some-partnership"]).startswith("/p/some-partnership/")


def test_an_item_the_partnership_added_has_no_tool_links():
    assert tool_links_for(None) == ()
    assert tool_links_for("") == ()


def test_summary_sections_name_real_stages_and_items():
    from placematters.toolkit.summaries import SummarySection

    section = SummarySection(
        stage="mapping-the-system", item="civic-assets", title="Civic assets", paragraphs=("x",)
    )
    content = load_content()
    stage = content.stage(section.stage)
    assert stage is not None
    assert section.item in {item.key for item in stage.items}
