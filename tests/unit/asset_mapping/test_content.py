import datetime

from placematters.asset_mapping.content import factor_choices, load_assessment, load_determinants
from placematters.asset_mapping.models import Segment
from placematters.toolkit.content import load_content


def test_the_model_weights_add_up_and_match_the_leaflet():
    model = load_determinants()
    weights = {group.key: group.weight for group in model.groups}
    assert weights == {
        "health-behaviours": 30, "clinical-care": 20, "socio-economic": 40,
        "physical-environment": 10,
    }  # fmt: skip
    for group in model.groups:
        assert sum(factor.weight for factor in group.factors) == group.weight
    assert sum(weights.values()) == 100


def test_the_model_has_a_source_and_a_review_date():
    model = load_determinants()
    assert "County Health Rankings" in model.source and model.source_url.startswith("https://")
    assert datetime.date.fromisoformat(model.review_date) < datetime.date.fromisoformat(
        model.next_review
    )


def test_factor_keys_are_unique_and_offered_as_choices():
    keys = [factor.key for factor in load_determinants().factors]
    assert len(keys) == len(set(keys)) == 13
    assert [key for key, _ in factor_choices()] == keys
    assert load_determinants().factor("tobacco").weight == 10
    assert load_determinants().factor("nothing") is None


def test_every_segment_has_prompts_tied_to_a_checklist_item():
    assessment = load_assessment()
    assert {item.segment for item in assessment.segments} == set(Segment.values)
    keys = {item.key for stage in load_content().stages for item in stage.items}
    for item in assessment.segments:
        assert item.checklist_item in keys
        assert item.prompts and all(prompt.endswith("?") for prompt in item.prompts)
    assert "Place-based approaches" in assessment.source
    assert assessment.for_segment("civic").title
    assert assessment.for_segment("other") is None
