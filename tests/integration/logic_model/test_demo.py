"""The illustrative logic model: about a dozen elements, links with evidence and confidence, the
deliberately unmeasured outcome shows as a check; loading twice adds nothing."""

from placematters.demo.data import SPECS, external_id
from placematters.demo.logic_model import demo_logic_model_load
from placematters.indicators.models import Indicator
from placematters.logic_model import queries


def test_demo_logic_model_is_illustrative_and_idempotent(owner, partnership):
    spec = next(spec for spec in SPECS if spec.key == "smoking")
    smoking = Indicator.objects.create(
        partnership=partnership, name=spec.name, external_id=external_id(spec),
        value_type="proportion",
    )  # fmt: skip
    demo_logic_model_load(partnership=partnership, by=owner)
    found = queries.model(partnership)
    assert len(found.elements) == 13 and len(found.links) == 11
    assert all(item.description.startswith("Illustrative") for item in found.elements)
    assert {line.confidence for line in found.links} == {"high", "medium", "low", "untested"}
    by_title = {item.title: item for item in found.elements}
    assert by_title["Fewer adults smoke"].indicator == smoking
    assert by_title["Fewer early deaths from smoking-related disease"].measure  # no indicator
    unmeasured = [w for w in found.warnings if w.code == "outcome_unmeasured"]
    assert [w.element_id for w in unmeasured] == [
        by_title["Better mental wellbeing in the coastal wards"].pk
    ]
    assert not [w for w in found.warnings if w.code in ("activity_no_outcome", "element_unlinked")]
    demo_logic_model_load(partnership=partnership, by=owner)
    assert queries.elements(partnership).count() == 13
