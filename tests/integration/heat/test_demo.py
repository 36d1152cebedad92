"""The demo's illustrative health equity assessment: complete, with findings, a data gap in the
action plan, a mitigated and an unmitigated widening; loading it again adds nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.demo.builder import build_demo
from placematters.demo.heat import TITLE, demo_heat_load
from placematters.heat import queries
from placematters.heat.models import Assessment, AssessmentStatus, Finding, Impact
from placematters.planning import queries as planning_queries
from placematters.planning.models import PlanAction

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 21)


def test_the_demo_assessment_is_complete_with_a_gap_and_an_unresolved_widening(owner, partnership):
    demo_heat_load(partnership=partnership, by=owner, today=DAY)
    found = Assessment.objects.get(partnership=partnership)
    assert found.title == TITLE and "illustrative" in found.title
    assert found.status == AssessmentStatus.COMPLETE
    assert found.completed_on == DAY - datetime.timedelta(days=30)
    assert not queries.reviews_due(partnership, today=DAY)
    cells = queries.grid(partnership, found)
    written = [cell for cell in cells.values() if cell.text]
    assert len(written) >= 3
    assert all(cell.text.startswith("Illustrative") for cell in written)
    assert any(cell.is_priority for cell in written)
    gap = cells[("sexual-orientation", "access")]
    assert gap.no_data and not gap.text and gap.gap_action is not None
    assert TITLE in gap.gap_action.why
    widenings = {i.group: i for i in Impact.objects.filter(effect="widen")}
    assert widenings["age"].mitigation and widenings["disability"].mitigation == ""
    mitigating = list(widenings["age"].mitigating_actions.all())
    assert len(mitigating) == 1 and TITLE in mitigating[0].why
    assert set(planning_queries.plan_actions(partnership)) == {gap.gap_action, mitigating[0]}
    assert [i.group for i in queries.unresolved_impacts(partnership)] == ["disability"]


def test_loading_the_demo_assessment_again_adds_nothing(owner, partnership):
    demo_heat_load(partnership=partnership, by=owner, today=DAY)
    before = (Assessment.objects.count(), Finding.objects.count(), Impact.objects.count(),
              PlanAction.objects.count(), AuditEvent.objects.count())  # fmt: skip
    demo_heat_load(partnership=partnership, by=owner, today=DAY)
    after = (Assessment.objects.count(), Finding.objects.count(), Impact.objects.count(),
             PlanAction.objects.count(), AuditEvent.objects.count())  # fmt: skip
    assert after == before


def test_the_built_demo_shows_the_unresolved_widening_on_the_action_plan(client, settings):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    demo = build_demo().partnership
    actions = planning_queries.plan_actions(demo).count()
    # the plan's own demo actions are there beside the HEAT data-gap action
    assert actions > 1
    assert (
        Finding.objects.filter(assessment__partnership=demo, gap_action__isnull=False).count() == 1
    )
    build_demo()
    assert Assessment.objects.filter(partnership=demo).count() == 1
    assert planning_queries.plan_actions(demo).count() == actions
    client.force_login(get_user_model().objects.get(email="viewer@demo.example"))
    found = Assessment.objects.get(partnership=demo)
    page = client.get(reverse("planning:plan_home", args=[demo.slug])).content.decode()
    assert 'id="heat-unresolved"' in page
    assert "Disability" in page
    assert reverse("heat:heat_overview", args=[demo.slug, found.pk]) in page
