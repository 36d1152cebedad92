"""Illustrative OBA results and performance measures for the demo partnership, through the
real actions.

One invented population result with two headline indicators from the demo's illustrative
indicators (under-75 mortality in the district, and the smoking gap by deprivation as the
slope index of inequality, with a target; the demo's deprivation deciles are England's, so the
gap is England's), two performance measures with twenty monthly values each (the
second shifts upwards after the drop-in clinics start, so its SPC chart shows a special-cause
improvement), and a turn-the-curve worksheet. Loading is idempotent: the result and its
indicator links are added when missing; measures only when the partnership has none.
"""

import datetime

from django.utils import timezone

from placematters.demo.data import SPECS, external_id
from placematters.indicators import queries as indicator_queries
from placematters.measures import actions, queries

AREA = "E07000147"
ENGLAND = "E92000001"
#: (indicator, series, area, target): the gap's target is illustrative.
INDICATORS = (
    ("under-75-mortality", "value", AREA, None),
    ("smoking", "sii", ENGLAND, 10.0),
)
STATEMENT = "Everyone in the coastal district lives a long and healthy life (illustrative)"
REFERRALS = [42, 45, 39, 44, 47, 41, 43, 46, 40, 44, 45, 42, 48, 43, 41, 46, 44, 42, 45, 43]
QUITS = [11, 13, 10, 12, 11, 12, 10, 13, 11, 12, 16, 17, 15, 18, 17, 16, 18, 17, 19, 17]


def _months(today: datetime.date, n: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for back in range(n, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(datetime.date(year, month + 1, 1))
    return months


def _link_indicators(*, partnership, by, result) -> None:
    linked = {(link.indicator_id, link.area_code, link.kind) for link in result.indicators.all()}
    for key, kind, area, target in INDICATORS:
        spec = next((spec for spec in SPECS if spec.key == key), None)
        found = (
            indicator_queries.indicators_in_scope(partnership, external_ids=[external_id(spec)])
            if spec
            else []
        )
        if found and (found[0].pk, area, kind) not in linked:
            actions.result_indicator_add(
                by=by, result=result, indicator=found[0], area_code=area, kind=kind, target=target
            )


def demo_measures_load(*, partnership, by, today: datetime.date | None = None) -> None:
    existing = queries.results(partnership).filter(statement=STATEMENT).first()
    if existing is not None:
        _link_indicators(partnership=partnership, by=by, result=existing)
    if queries.results(partnership).exists():
        return
    today = today or timezone.localdate()
    result = actions.result_add(by=by, partnership=partnership, statement=STATEMENT)
    _link_indicators(partnership=partnership, by=by, result=result)
    plan = list(queries.action_choices(partnership))
    clinic = next((a for a in plan if "smok" in a.title.lower()), plan[0] if plan else None)
    referrals = actions.measure_add(
        by=by,
        partnership=partnership,
        name="Referrals to the stop-smoking service (illustrative)",
        category="how_much",
        service="Community stop-smoking service",
        result=result,
        unit="people",
    )
    quits = actions.measure_add(
        by=by,
        partnership=partnership,
        name="People who quit at four weeks (illustrative)",
        category="better_off",
        service="" if clinic else "Community stop-smoking service",
        action=clinic,
        result=result,
        improvement="increase",
        unit="people",
        target=15,
    )
    months = _months(today, len(QUITS))
    for period, referred, quit in zip(months, REFERRALS, QUITS, strict=True):
        actions.measure_value_add(by=by, measure=referrals, period=period, value=referred)
        actions.measure_value_add(
            by=by,
            measure=quits,
            period=period,
            value=quit,
            note="Drop-in clinics began" if period == months[10] else "",
        )
    actions.worksheet_save(
        by=by,
        measure=quits,
        story="Illustrative: quits were flat at about eleven a month; most smokers in the "
        "coastal wards did not know the service existed or could not travel to it.",
        partners="Illustrative: community pharmacies, the GP practices and the coastal "
        "community centre.",
        what_works="Illustrative: drop-in sessions close to home with stop-smoking medicines "
        "on the day.",
        ideas="Illustrative: a leaflet with the pharmacy prescription; a text reminder after "
        "the first session (no cost).",
        action_plan="Illustrative: run weekly drop-ins in the two most deprived wards and "
        "review the chart each month.",
    )
