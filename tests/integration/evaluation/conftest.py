"""A small logic model, a performance measure and a population indicator (the area's value and
its gap by deprivation), built through the real actions."""

import datetime

import pytest

from placematters.analysis.models import InequalitySummary
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.logic_model import actions as logic_actions
from placematters.measures import actions as measure_actions
from placematters.partnerships import actions as partnership_actions

AREA = "E07000147"


@pytest.fixture
def model(owner, partnership):
    """Advisers → clinics → sessions → more quits → fewer smokers; wellbeing stands alone."""

    def add(kind, title):
        return logic_actions.logic_element_add(
            by=owner, partnership=partnership, kind=kind, title=title
        )

    made = {
        "advisers": add("input", "Stop-smoking advisers"),
        "clinics": add("activity", "Drop-in clinics"),
        "sessions": add("output", "Sessions run"),
        "quits": add("outcome_short", "More four-week quits"),
        "smokers": add("outcome_medium", "Fewer adults smoke"),
        "wellbeing": add("outcome_medium", "Better wellbeing"),
        "assume": add("assumption", "People will come"),
    }
    for source, target in (
        ("advisers", "clinics"), ("clinics", "sessions"), ("sessions", "quits"),
        ("quits", "smokers"), ("assume", "clinics"),
    ):  # fmt: skip
        logic_actions.logic_link_add(
            by=owner, partnership=partnership, source=made[source], target=made[target]
        )
    return made


@pytest.fixture
def measure(owner, partnership):
    found = measure_actions.measure_add(
        by=owner, partnership=partnership, name="People who quit at four weeks",
        category="better_off", unit="people", service="Stop-smoking service",
    )  # fmt: skip
    for month, value in ((3, 12), (1, 11), (2, 14)):
        measure_actions.measure_value_add(
            by=owner, measure=found, period=datetime.date(2026, month, 1), value=value
        )
    return found


@pytest.fixture
def indicators(owner, partnership):
    """The area's smoking prevalence (baseline 2019) and its gap by deprivation."""
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=AREA, name="North Norfolk"
    )
    indicator = Indicator.objects.create(
        partnership=partnership, name="Smoking prevalence", value_type="proportion",
        polarity="lower_is_better", unit="%",
    )  # fmt: skip
    batch = ImportBatch.objects.create(kind="indicators", source_file="smoking.csv")
    for year, value in zip(range(2018, 2023), [20, 19, 19.5, 18, 17], strict=True):
        Observation.objects.create(
            indicator=indicator, batch=batch, area_code=AREA, period=str(year),
            period_sortable=year * 10000, value=value,
        )  # fmt: skip
    for year, sii in ((2019, 8.0), (2020, 7.0)):
        InequalitySummary.objects.create(
            indicator=indicator, area_code=AREA, period=str(year),
            period_sortable=year * 10000, category_type="IMD deciles", n_quantiles=10, sii=sii,
            computed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )  # fmt: skip
    result = measure_actions.result_add(
        by=owner, partnership=partnership, statement="Everyone breathes easily"
    )
    value = measure_actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA, baseline_period="2019"
    )
    gap = measure_actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA, kind="sii"
    )
    return {"value": value, "gap": gap}


@pytest.fixture
def elsewhere(outsider):
    """Another partnership with its own outcome, measure and member, to be refused."""
    other = outsider.memberships.get().partnership
    outcome = logic_actions.logic_element_add(
        by=outsider, partnership=other, kind="outcome_short", title="Their outcome"
    )
    measure = measure_actions.measure_add(
        by=outsider, partnership=other, name="Their measure", category="how_much", service="S"
    )
    indicator = Indicator.objects.create(partnership=other, name="Their indicator")
    result = measure_actions.result_add(by=outsider, partnership=other, statement="Theirs")
    link = measure_actions.result_indicator_add(
        by=outsider, result=result, indicator=indicator, area_code=AREA
    )
    return {
        "partnership": other,
        "outcome": outcome,
        "measure": measure,
        "indicator": link,
        "member": outsider.memberships.get(),
    }
