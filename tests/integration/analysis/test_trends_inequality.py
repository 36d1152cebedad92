"""The analysis of the real Fingertips Campylobacter download: trends and SII stored at import,
the overview queries, tenant isolation and audited priorities."""

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied

from placematters.analysis import actions, queries
from placematters.analysis.models import InequalitySummary, Priority, Trend
from placematters.audit.models import AuditEvent
from placematters.indicators.actions import indicators_import
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from tests.integration.indicators.test_shared_data import CAMPYLOBACTER, areas_from
from tests.shared_files import shared_data

pytestmark = pytest.mark.django_db
ENGLAND = "E92000001"
NORFOLK = "E10000020"


@pytest.fixture
def campylobacter():
    path = shared_data("fingertips", CAMPYLOBACTER)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    areas_from(table, "Area Code", "Area Type", "Parent Code")
    indicators_import(path=path)
    return Indicator.objects.get()  # the import computed the analysis (analysis_refresh)


def test_the_england_deprivation_deciles_give_an_sii_with_limits(campylobacter):
    summaries = InequalitySummary.objects.filter(area_code=ENGLAND)
    # 2 category types (County & UA, District & UA deciles) x 3 years
    assert summaries.count() == 6
    for summary in summaries:
        assert summary.n_quantiles == 10
        assert summary.sii_lower < summary.sii < summary.sii_upper
        assert summary.rii_lower < summary.rii < summary.rii_upper
        assert summary.gap == pytest.approx(
            summary.most_deprived_value - summary.least_deprived_value
        )
        assert "log-transformed rates" in summary.method
        assert "denominators" in summary.method
    first = summaries.get(period="2015", category_type__startswith="County")
    assert first.most_deprived_value == pytest.approx(69.623492)
    assert first.least_deprived_value == pytest.approx(98.014652)
    # Campylobacter is reported less in the most deprived areas: SII (most - least) < 0
    assert first.sii < 0 and first.rii < 1
    print(
        f"England 2015 County & UA deciles: SII {first.sii:.1f} ({first.sii_lower:.1f} to "
        f"{first.sii_upper:.1f}), RII {first.rii:.3f} ({first.rii_lower:.3f} to "
        f"{first.rii_upper:.3f})"
    )


def test_a_reimport_gives_the_same_limits(campylobacter):
    before = list(InequalitySummary.objects.order_by("pk").values_list("sii_lower", flat=True))
    summary = actions.analysis_refresh(indicator_ids=[campylobacter.pk])
    after = list(InequalitySummary.objects.order_by("pk").values_list("sii_lower", flat=True))
    assert before == after  # seeded
    assert summary.inequality_summaries == summary.sii_computed == 6


def test_trends_are_stored_for_every_series(campylobacter):
    trends = Trend.objects.filter(indicator=campylobacter)
    # every area and breakdown with more than one period (2015-2017: 3 points, too few)
    assert trends.count() > 150
    assert set(trends.values_list("label", flat=True)) == {"Cannot be calculated"}
    norfolk = trends.get(area_code=NORFOLK, age="All ages", category="")
    assert [point["period"] for point in norfolk.points] == ["2015", "2016", "2017"]


def test_the_overview_queries(campylobacter, partnership):
    profile = queries.area_profile(partnership, NORFOLK)
    assert len(profile) == 1
    row = profile[0]
    assert (row.period, row.sex, row.age) == ("2017", "Persons", "All ages")
    assert row.england_value is not None and row.parent_value is not None
    assert row.england_min <= row.england_median <= row.england_max
    assert row.areas_compared > 100
    assert row.trend == "Cannot be calculated"
    series = queries.indicator_series(partnership, campylobacter.pk, NORFOLK)
    assert [point.period for point in series if point.age == "All ages"] == [
        "2015", "2016", "2017",
    ]  # fmt: skip
    comparison = queries.indicator_comparison(partnership, campylobacter.pk, NORFOLK)
    assert sum(item.selected for item in comparison) == 1
    assert len([item for item in comparison if item.value is not None]) == row.areas_compared
    breakdown = queries.deprivation_breakdown(partnership, campylobacter.pk, ENGLAND)
    assert [r.quantile for r in breakdown.rows] == list(range(1, 11))
    assert breakdown.summary.sii is not None and len(breakdown.category_types) == 2
    sentences = queries.narrative(partnership, campylobacter.pk, NORFOLK)
    print(*sentences, sep="\n")
    assert sentences[0].startswith("In 2017, campylobacter incidence rate/100,000 in Norfolk was")
    assert "England" in sentences[0]
    assert "slope index of inequality" in sentences[1]
    assert sentences[2].startswith("The gap between the most and least deprived tenths")
    assert "since 2015" in sentences[2]
    assert sentences[3].startswith("A recent trend cannot be calculated")


def test_another_partnerships_indicator_never_appears(campylobacter, partnership, outsider):
    other = partnership_actions.partnership_create(by=outsider, name="Elsewhere")
    theirs = Indicator.objects.create(
        partnership=other, name="Their own", value_type="crude_rate", polarity="lower_is_better"
    )
    assert [row.indicator_id for row in queries.area_profile(partnership, NORFOLK)] == [
        campylobacter.pk
    ]
    for function in (queries.indicator_series, queries.indicator_comparison, queries.narrative):
        assert function(partnership, theirs.pk, NORFOLK) == []
    assert queries.deprivation_breakdown(partnership, theirs.pk, ENGLAND) is None
    with pytest.raises(PermissionDenied):
        actions.priority_mark(
            by=partnership.memberships.get().user,
            partnership=partnership,
            indicator=theirs,
            area_code=NORFOLK,
        )


def test_priorities_are_audited_and_need_an_editor(campylobacter, partnership, owner, viewer):
    priority = actions.priority_mark(
        by=owner, partnership=partnership, indicator=campylobacter, area_code=NORFOLK,
        period="2017", note="Higher than England",
    )  # fmt: skip
    event = AuditEvent.objects.filter(verb="priority.marked").get()
    assert event.partnership == partnership and event.after["note"] == "Higher than England"
    listed = queries.priorities(partnership)
    assert [(item.area_name, item.period) for item in listed] == [(NORFOLK, "2017")]
    with pytest.raises(NotAllowed):
        actions.priority_mark(
            by=viewer, partnership=partnership, indicator=campylobacter, area_code=NORFOLK
        )
    with pytest.raises(NotAllowed):
        actions.priority_unmark(by=viewer, priority=priority)
    actions.priority_unmark(by=owner, priority=queries.priority_for(partnership, priority.pk))
    assert not Priority.objects.exists()
    assert AuditEvent.objects.filter(verb="priority.unmarked").count() == 1


def test_deleting_the_batch_removes_its_trends_and_summaries(campylobacter):
    from placematters.indicators.actions import batch_delete

    assert Trend.objects.filter(indicator=campylobacter).exists()
    assert InequalitySummary.objects.filter(indicator=campylobacter).exists()
    batch = campylobacter.observations.first().batch
    batch_delete(by=None, batch=batch)
    assert not Trend.objects.filter(indicator=campylobacter).exists()
    assert not InequalitySummary.objects.filter(indicator=campylobacter).exists()
