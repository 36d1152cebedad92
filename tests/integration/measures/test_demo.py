"""The illustrative OBA demo: a result with two indicators, two measures of twenty months (one
with a special-cause shift) and a worksheet; loading twice adds nothing."""

import datetime

from placematters.demo.data import SPECS, external_id
from placematters.demo.measures import demo_measures_load
from placematters.indicators.models import Indicator
from placematters.measures import queries


def test_demo_measures_are_illustrative_and_idempotent(owner, partnership):
    for key in ("under-75-mortality", "smoking"):
        spec = next(spec for spec in SPECS if spec.key == key)
        Indicator.objects.create(
            partnership=partnership, name=spec.name, external_id=external_id(spec),
            value_type="dsr", polarity="lower_is_better",
        )  # fmt: skip
    today = datetime.date(2027, 1, 15)
    demo_measures_load(partnership=partnership, by=owner, today=today)
    result = queries.results(partnership).get()
    assert "(illustrative)" in result.statement
    assert sorted(link.kind for link in result.indicators.all()) == ["sii", "value"]
    gap = next(link for link in result.indicators.all() if link.kind == "sii")
    # The demo's deprivation deciles are England's, so the gap tracked is England's.
    assert (gap.area_code, gap.target) == ("E92000001", 10.0)
    found = list(queries.measures(partnership))
    assert len(found) == 2 and all("(illustrative)" in m.name for m in found)
    assert all(len(m.values.all()) == 20 for m in found)
    quits = next(m for m in found if m.category == "better_off")
    assert queries.spc(partnership, quits).latest_variation == "special_cause_improvement"
    assert queries.spc(partnership, next(m for m in found if m != quits)).latest_variation == (
        "common_cause"
    )
    assert "Illustrative" in queries.worksheet(partnership, quits.pk).story
    demo_measures_load(partnership=partnership, by=owner, today=today)
    assert queries.measures(partnership).count() == 2
    assert queries.results(partnership).get().indicators.count() == 2
