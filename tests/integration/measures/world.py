"""One of everything a measures URL can point at, for the URL walk."""

import datetime

from placematters.indicators.models import Indicator
from placematters.measures import actions


def measures_world(owner, partnership) -> dict:
    result = actions.result_add(by=owner, partnership=partnership, statement="World result")
    measure = actions.measure_add(
        by=owner, partnership=partnership, name="World measure", category="how_much",
        service="World service", result=result,
    )  # fmt: skip
    values = [
        actions.measure_value_add(
            by=owner, measure=measure, period=datetime.date(2026, month, 1), value=value
        )
        for month, value in enumerate([3, 5, 4], start=1)
    ]
    indicator = Indicator.objects.create(
        partnership=partnership, name="World measures indicator", value_type="proportion",
        polarity="lower_is_better",
    )  # fmt: skip
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code="E07000147", kind="sii"
    )
    return {
        "result_id": result.pk,
        "measure_id": measure.pk,
        "value_id": values[0].pk,
        "indicator_link_id": link.pk,
    }
