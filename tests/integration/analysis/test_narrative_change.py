"""The narrative's sentence on whether the gap between the most and least deprived tenths has
changed since the first period (SII of the first and latest period, Altman & Bland's test),
on imported data where the gap widened, narrowed and did not change."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from placematters.analysis import queries
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from tests.integration.analysis.helpers import DECILE_TYPE, DECILES, ENGLAND, NORFOLK, area_row
from tests.unit.indicators.samples import write_fingertips

pytestmark = pytest.mark.django_db

#: indicator id -> (name, decile slope in the first period, in the latest period)
SHAPES = {
    "91001": ("Widening outcome", 0.2, 1.0),
    "91002": ("Narrowing outcome", 1.0, 0.2),
    "91003": ("Steady outcome", 0.5, 0.5),
}


def _download(path, *, with_limits=True):
    rows = []
    for indicator, (name, first, latest) in SHAPES.items():
        for year, slope in (("2017", first), ("2018", (first + latest) / 2), ("2019", latest)):
            rows.append(area_row(indicator, name, ENGLAND, year, 14.0, 13.9, 14.1, 140000, 1000000))
            rows.append(area_row(indicator, name, NORFOLK, year, 15.0, 14.0, 16.0, 1500, 10000))
            for decile, label in enumerate(DECILES, start=1):
                value = 20.0 - slope * decile
                lower, upper = (value - 0.2, value + 0.2) if with_limits else ("", "")
                rows.append(
                    area_row(indicator, name, ENGLAND, year, value, lower, upper,
                             int(value * 1000), 100000, Category_Type=DECILE_TYPE,
                             Category=f"{label} (IMD2015)")
                )  # fmt: skip
    return write_fingertips(path / "gaps.csv", rows)


@pytest.fixture
def gaps(tmp_path, geography, partnership, owner):
    call_command("import_indicators", str(_download(tmp_path)), verbosity=0)
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=NORFOLK, name="Norfolk"
    )
    return {key: Indicator.objects.get(external_id=key) for key in SHAPES}


def _change_sentence(partnership, indicator, area=NORFOLK):
    sentences = queries.narrative(partnership, indicator.pk, area)
    found = [s for s in sentences if s.startswith("The gap between the most and least")]
    assert len(found) == 1, sentences
    return found[0]


def test_the_gap_widened(gaps, partnership):
    sentence = _change_sentence(partnership, gaps["91001"])
    assert "deprived tenths (slope index of inequality)" in sentence
    assert "in 2019 and has widened significantly since 2017" in sentence
    change = queries.inequality_change(
        partnership, gaps["91001"].pk, ENGLAND, DECILE_TYPE, "Persons", "All ages"
    )
    assert change.measure == "sii" and change.significant and change.p < 0.05
    assert abs(change.latest_value) > abs(change.first_value)
    assert change.lower <= change.difference <= change.upper


def test_the_gap_narrowed(gaps, partnership):
    sentence = _change_sentence(partnership, gaps["91002"])
    assert "has narrowed significantly since 2017" in sentence


def test_the_gap_did_not_change(gaps, partnership):
    sentence = _change_sentence(partnership, gaps["91003"])
    assert "has not changed significantly since 2017" in sentence


def test_the_page_shows_the_sentence(client, gaps, partnership, viewer):
    client.force_login(viewer)
    url = reverse("analysis:indicator", args=[partnership.slug, NORFOLK, gaps["91001"].pk])
    assert "has widened significantly since 2017" in client.get(url).text


def test_without_limits_there_is_no_change_sentence(tmp_path, geography, partnership):
    call_command("import_indicators", str(_download(tmp_path, with_limits=False)), verbosity=0)
    indicator = Indicator.objects.get(external_id="91001")
    change = queries.inequality_change(
        partnership, indicator.pk, ENGLAND, DECILE_TYPE, "Persons", "All ages"
    )
    sentences = queries.narrative(partnership, indicator.pk, ENGLAND)
    if change is None:
        assert not any(s.startswith("The gap between") for s in sentences)
    else:  # the import computed limits from the counts: the SII or the gap is compared
        assert change.measure in ("sii", "gap")


def test_one_period_only_gives_no_change(gaps, partnership):
    assert (
        queries.inequality_change(
            partnership, gaps["91001"].pk, ENGLAND, "No such breakdown", "Persons", "All ages"
        )
        is None
    )


def test_without_an_sii_the_absolute_gap_is_compared(gaps, partnership):
    from placematters.analysis.models import InequalitySummary

    InequalitySummary.objects.filter(indicator=gaps["91001"]).update(
        sii=None, sii_lower=None, sii_upper=None
    )
    change = queries.inequality_change(
        partnership, gaps["91001"].pk, ENGLAND, DECILE_TYPE, "Persons", "All ages"
    )
    # 2017: 19.8 - 18.0 = 1.8; 2019: 19.0 - 10.0 = 9.0, each limit ±0.2 (SE 0.102).
    assert change.measure == "gap"
    assert change.first_value == pytest.approx(1.8) and change.latest_value == pytest.approx(9.0)
    assert change.difference == pytest.approx(7.2) and change.significant
    assert "deprived tenths is 9.0 in 2019 and has widened significantly" in (
        _change_sentence(partnership, gaps["91001"])
    )
