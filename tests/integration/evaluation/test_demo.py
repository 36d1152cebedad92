"""The illustrative evaluation framework: entries for the demo's outcomes linked to its measure
and indicators, agreed by the owner; the checks still have something to show; loading twice
adds nothing."""

import datetime

import pytest

from placematters.audit.models import AuditEvent
from placematters.demo.data import SPECS, external_id
from placematters.demo.evaluation import demo_evaluation_load
from placematters.demo.logic_model import demo_logic_model_load
from placematters.demo.measures import demo_measures_load
from placematters.evaluation import queries
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Role
from tests.conftest import add_member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 15)


def test_the_demo_framework_is_illustrative_agreed_and_idempotent(make_user):
    owner = make_user("owner@demo.example", "Demo owner")
    editor = make_user("editor@demo.example", "Demo editor")
    partnership = partnership_actions.partnership_create(by=owner, name="Demo-like partnership")
    add_member(partnership, owner, editor, Role.EDITOR)
    for key in ("under-75-mortality", "smoking"):
        spec = next(spec for spec in SPECS if spec.key == key)
        Indicator.objects.create(
            partnership=partnership, name=spec.name, external_id=external_id(spec),
            value_type="dsr", polarity="lower_is_better",
        )  # fmt: skip
    demo_logic_model_load(partnership=partnership, by=owner)
    demo_measures_load(partnership=partnership, by=owner, today=TODAY)
    demo_evaluation_load(partnership=partnership, by=owner, today=TODAY)

    found = queries.overview(partnership)
    assert found.agreed and found.framework.agreed_on == datetime.date(2026, 1, 1)
    assert "Illustrative" in found.framework.design_notes
    by_title = {row.outcome.title: row for row in found.rows}
    quits = by_title["More four-week quits"].entry
    assert quits.measure.name == "People who quit at four weeks (illustrative)"
    assert quits.baseline == "11 people (May 2024)"  # the measure's first month
    assert "(illustrative)" in quits.target and quits.responsible.user == editor
    assert by_title["Fewer adults smoke"].entry.indicator.kind == "sii"
    assert by_title["Fewer adults smoke"].entry.responsible.user == owner
    assert by_title["Fewer early deaths from smoking-related disease"].entry.indicator.kind == (
        "value"
    )
    assert by_title["Better mental wellbeing in the coastal wards"].entry is None
    codes = {warning.code for warning in found.warnings}
    assert {"outcome_no_entry", "resources_unchecked", "outcome_no_inputs"} <= codes
    assert not codes & {"no_soft_outcomes", "no_gap_tracked", "no_breakdown"}

    events = AuditEvent.objects.count()
    demo_evaluation_load(partnership=partnership, by=owner, today=TODAY)
    assert AuditEvent.objects.count() == events
    assert queries.entries(partnership).count() == 4
