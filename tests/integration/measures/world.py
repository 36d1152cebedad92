"""One of everything a measures URL can point at, for the URL walk."""

import datetime

from placematters.measures import actions


def measures_world(owner, partnership) -> dict:
    result = actions.result_add(by=owner, partnership=partnership, statement="World result")
    measure = actions.measure_add(
        by=owner, partnership=partnership, name="World measure", category="how_much",
        service="World service", result=result,
    )  # fmt: skip
    for month, value in enumerate([3, 5, 4], start=1):
        actions.measure_value_add(
            by=owner, measure=measure, period=datetime.date(2026, month, 1), value=value
        )
    return {"result_id": result.pk, "measure_id": measure.pk}
