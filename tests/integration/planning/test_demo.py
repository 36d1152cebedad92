"""The illustrative action plan: five actions, one answering a priority finding, one overdue,
one done; loading twice adds nothing."""

import datetime

from placematters.demo.planning import demo_planning_load
from placematters.planning import queries
from tests.integration.planning.helpers import finding


def test_demo_plan_is_illustrative_and_idempotent(owner, editor, partnership):
    today = datetime.date(2027, 1, 15)
    priority = finding(owner, partnership)
    demo_planning_load(partnership=partnership, by=owner, today=today)
    found = list(queries.plan_actions(partnership))
    assert len(found) == 5
    assert all("(illustrative)" in action.title for action in found)
    assert [action.priority for action in found if action.priority_id] == [priority]
    assert queries.overdue_actions(partnership, today).count() == 1
    assert sum(action.status == "done" for action in found) == 1
    demo_planning_load(partnership=partnership, by=owner, today=today)
    assert queries.plan_actions(partnership).count() == 5


def test_demo_marks_a_finding_from_the_demo_indicator_when_none_is_held(owner, partnership):
    from placematters.demo.data import SPECS, external_id
    from placematters.indicators.models import Indicator

    spec = next(spec for spec in SPECS if spec.key == "under-75-mortality")
    Indicator.objects.create(
        partnership=partnership, name=spec.name, external_id=external_id(spec),
        value_type="dsr", polarity="lower_is_better",
    )  # fmt: skip
    demo_planning_load(partnership=partnership, by=owner)
    linked = [action for action in queries.plan_actions(partnership) if action.priority_id]
    assert len(linked) == 1 and linked[0].priority.area_code == "E07000147"


def test_demo_actions_get_their_links_stages_and_an_allocation_once(owner, partnership):
    from placematters.audit.models import AuditEvent
    from placematters.demo.logic_model import demo_logic_model_load
    from placematters.demo.planning import SMOKING
    from placematters.geography.models import Area, AreaLink, AreaType, Deprivation
    from placematters.partnerships import actions as partnership_actions

    district = Area.objects.create(
        code="E07000147", name="North Norfolk", area_type=AreaType.DISTRICT, vintage="2019"
    )
    for number, score in enumerate((42.0, 30.0, 18.0, 9.0), start=1):
        lsoa = Area.objects.create(
            code=f"E0100000{number}", name=f"North Norfolk 00{number}",
            area_type=AreaType.LSOA, vintage="2011",
        )  # fmt: skip
        AreaLink.objects.create(child=lsoa, parent=district, vintage="2011")
        Deprivation.objects.create(
            area=lsoa, imd_score=score, imd_rank=number * 5000, imd_decile=number * 2,
            population_total=1500,
        )  # fmt: skip
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000147", name="North Norfolk"
    )
    demo_logic_model_load(partnership=partnership, by=owner)
    demo_planning_load(partnership=partnership, by=owner, today=datetime.date(2027, 1, 15))
    found = {action.title: action for action in queries.plan_actions(partnership)}
    smoking = found[SMOKING]
    assert {e.title for e in smoking.logic_elements.all()} == {
        "Drop-in stop-smoking clinics", "Clinic sessions delivered", "More four-week quits",
    }  # fmt: skip
    assert smoking.life_stages == ["working_age", "older_age"]
    coverage = {row.stage: row.actions for row in queries.life_course_coverage(partnership)}
    assert coverage["school_age"] == 0 and coverage["older_age"] == 3
    (attached,) = smoking.allocations.all()
    assert attached.total == 20000 and len(attached.rows) == 4
    assert sum(row[4] for row in attached.rows) == 20000
    assert attached.rows[0][0] == "E01000001"  # the most deprived first
    before = AuditEvent.objects.count()
    demo_planning_load(partnership=partnership, by=owner, today=datetime.date(2027, 1, 15))
    assert AuditEvent.objects.count() == before
    assert smoking.allocations.count() == 1
