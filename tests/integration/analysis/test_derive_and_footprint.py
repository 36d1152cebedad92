"""Derived indicators (DSR, life expectancy) from the real 2014 deaths and population, and the
partnership's footprint, with the geography commands on the shared files (Norfolk subsets
where they exist, to keep it fast)."""

import numpy as np
import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied

from placematters.analysis import actions, queries
from placematters.analysis.models import Derivation, InequalitySummary
from placematters.audit.models import AuditEvent
from placematters.indicators.models import ImportBatch, Observation
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from tests.integration.analysis.helpers import ENGLAND, NORFOLK_DISTRICTS, published_rates

pytestmark = pytest.mark.django_db
NORWICH = "E07000148"
# Areas outside the East of England, which the published-rates file holds back
OTHERS = ["E06000001", "E06000002", "E08000003", "E06000044", "E07000178"]


@pytest.mark.parametrize(("sex", "column"), [("persons", "persons"), ("male", "males")])
def test_derived_dsr_reproduces_ons_2014_rates(deaths_2014, sex, column):
    codes = [*NORFOLK_DISTRICTS, ENGLAND, *OTHERS]
    indicator = actions.indicator_derive_dsr(
        by=None, partnership=None, name=f"All-cause mortality 2014 ({sex})", area_codes=codes,
        year=2014, sex=sex,
    )  # fmt: skip
    batch = ImportBatch.objects.get(kind="derived")
    assert (batch.format, batch.row_count, batch.partnership) == ("dsr", len(codes), None)
    rows = pd.DataFrame(indicator.observations.values()).set_index("area_code")
    assert set(rows.index) == set(codes)
    assert (rows["lower_95"] < rows["value"]).all() and (rows["value"] < rows["upper_95"]).all()
    assert (rows["lower_998"] < rows["lower_95"]).all()
    assert rows["count"].gt(0).all() and rows["denominator"].gt(0).all()
    published = published_rates()[f"asmr_esp2013_per_100000_{column}"]
    compared = rows[["value"]].join(published.rename("published"), how="inner")
    assert set(compared.index) == {ENGLAND, *OTHERS}  # the East of England is held out
    differences = (compared["value"] - compared["published"]).abs()
    print(f"2014 DSR ({sex}) against ONS: largest difference {differences.max():.2f}")
    assert differences.max() < 0.5
    assert rows.loc[ENGLAND, "compared_to_england"] == "not compared"
    assert set(rows.loc[NORFOLK_DISTRICTS, "compared_to_england"]) <= {"better", "similar", "worse"}
    assert Derivation.objects.get(indicator=indicator).method == "dsr"
    assert AuditEvent.objects.filter(verb="indicators.derived").count() == 1


def test_derived_under_75_dsr_and_life_expectancy(deaths_2014, partnership, owner, viewer):
    codes = [*NORFOLK_DISTRICTS, ENGLAND]
    under_75 = actions.indicator_derive_dsr(
        by=owner, partnership=partnership, name="Under-75 mortality 2014", area_codes=codes,
        year=2014, sex="persons", age_to=74,
    )  # fmt: skip
    everyone = Observation.objects.exclude(indicator=under_75)
    assert not everyone.exists()
    ages = set(under_75.observations.values_list("age", flat=True))
    assert ages == {"0-74 yrs"}
    england = under_75.observations.get(area_code=ENGLAND).value
    assert 250 < england < 400  # ONS: about 330 per 100,000 in 2014
    life = actions.indicator_derive_life_expectancy(
        by=owner, partnership=partnership, name="Life expectancy 2014 (males)", area_codes=codes,
        year=2014, sex="male",
    )  # fmt: skip
    values = dict(life.observations.values_list("area_code", "value"))
    print("Male life expectancy 2014:", {code: round(v, 1) for code, v in values.items()})
    assert 78 < values[ENGLAND] < 81  # ONS 2012-14: 79.5
    assert all(76 < value < 83 for value in values.values())
    assert life.partnership == partnership and life.unit == "years"
    with pytest.raises(NotAllowed):
        actions.indicator_derive_dsr(
            by=viewer, partnership=partnership, name="x", area_codes=codes, year=2014
        )
    with pytest.raises(PermissionDenied):
        actions.indicator_derive_dsr(
            by=owner, partnership=None, name="x", area_codes=codes, year=2014
        )
    with pytest.raises(ValueError, match="No area has deaths"):
        actions.indicator_derive_dsr(
            by=owner, partnership=partnership, name="x", area_codes=codes, year=2019
        )


def test_a_derived_indicator_for_the_footprint(deaths_2014, partnership, owner):
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=NORWICH, name="Norwich"
    )
    indicator = actions.indicator_derive_dsr(
        by=owner, partnership=partnership, name="Mortality 2014", area_codes=[NORWICH, ENGLAND],
        year=2014,
    )  # fmt: skip
    footprint = queries.footprint_values(partnership, indicator)
    norwich = indicator.observations.get(area_code=NORWICH)
    assert footprint.value == pytest.approx(norwich.value)
    assert footprint.lower_95 == pytest.approx(norwich.lower_95)
    assert footprint.compared_to_england == norwich.compared_to_england
    assert footprint.england_value == pytest.approx(
        indicator.observations.get(area_code=ENGLAND).value
    )


def test_the_footprint_aggregates_its_lsoas(norfolk_lsoas, partnership, owner, outsider):
    indicator, norfolk = norfolk_lsoas
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=NORWICH, name="Norwich"
    )
    lsoas = queries.footprint_lsoas(partnership)
    assert len(lsoas) == 83  # Norwich's LSOAs (2011)
    footprint = queries.footprint_values(partnership, indicator)
    mine = norfolk[norfolk["lsoa11_code"].isin(lsoas)]
    count = mine["income_domain_numerator"].sum()
    denominator = mine["total_population_mid2015_excl_prisoners"].sum()
    assert (footprint.count, footprint.denominator) == (count, denominator)
    assert footprint.value == pytest.approx(100 * count / denominator)
    assert footprint.lower_95 < footprint.value < footprint.upper_95
    assert footprint.compared_to_england == "worse"  # Norwich is more income-deprived
    listed = {item.indicator_id: item.figures for item in queries.footprint_indicators(partnership)}
    assert listed[indicator.pk] == footprint, "the list reads all indicators in one pass, same sums"
    print(f"Norwich footprint: {footprint.value:.2f}% ({footprint.lower_95:.2f} to "
          f"{footprint.upper_95:.2f}), England {footprint.england_value:.2f}%")  # fmt: skip

    breakdown = queries.footprint_deprivation(partnership, indicator, n=5)
    assert [row.quantile for row in breakdown.rows] == [1, 2, 3, 4, 5]
    assert sum(row.count for row in breakdown.rows) == count
    values = [row.value for row in breakdown.rows]
    assert values == sorted(values, reverse=True)  # income deprivation falls with IMD rank
    summary = breakdown.summary
    assert 0 < summary.sii_lower < summary.sii < summary.sii_upper  # most minus least
    assert summary.gap == pytest.approx(values[0] - values[-1])
    print(f"Norwich within-footprint SII {summary.sii:.1f} ({summary.sii_lower:.1f} to "
          f"{summary.sii_upper:.1f}) percentage points")  # fmt: skip
    assert not InequalitySummary.objects.exists()  # not stored: computed for the footprint

    # another partnership's footprint is its own (none here); it cannot use our indicators
    theirs = outsider.memberships.get().partnership
    assert queries.footprint_lsoas(theirs) == []
    assert queries.footprint_values(theirs, indicator) is None  # shared, but no footprint
    assert np.isfinite(footprint.value)
