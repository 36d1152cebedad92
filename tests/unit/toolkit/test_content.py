"""The reviewed checklist content is complete, cited and well-formed."""

import re

from placematters.toolkit.content import load_content

EXPECTED_STAGES = [
    "Mapping the system",
    "Strengthen community action",
    "Evaluation planning",
    "Implementation",
]


def test_four_stages_in_the_leaflets_order():
    content = load_content()
    assert [stage.title for stage in content.stages] == EXPECTED_STAGES
    assert [stage.number for stage in content.stages] == [1, 2, 3, 4]


def test_each_stage_has_8_to_15_items_with_purpose_and_outcomes():
    for stage in load_content().stages:
        assert 8 <= len(stage.items) <= 15, stage.title
        assert len(stage.purpose) > 80
        assert stage.outcomes


def test_every_item_cites_a_known_source_and_keys_are_unique():
    content = load_content()
    keys = [item.key for stage in content.stages for item in stage.items]
    assert len(keys) == len(set(keys))
    for stage in content.stages:
        for item in stage.items:
            assert item.source in content.sources, item.key
            assert item.cite, item.key
            assert re.fullmatch(r"[a-z0-9-]+", item.key)
            assert item.title[0].isupper() and not item.title.endswith(".")
            assert item.description.endswith("."), item.key


def test_content_carries_its_version_and_review_dates():
    content = load_content()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", content.version)
    assert content.review_date <= content.next_review


def test_the_mapping_stage_covers_the_issues_examples():
    titles = " ".join(item.title.lower() for item in load_content().stages[0].items)
    for phrase in [
        "data",
        "overview",
        "civic",
        "service",
        "community",
        "stakeholders",
        "governance",
        "action plan",
        "logic model",
    ]:
        assert phrase in titles, phrase
