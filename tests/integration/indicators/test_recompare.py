"""Earlier batches' rows are compared again when a later batch brings, or takes away, the
England or parent row they compare with."""

import pytest

from placematters.analysis.models import Trend
from placematters.indicators.actions import batch_delete, indicators_import
from placematters.indicators.models import ImportBatch, Observation
from tests.unit.indicators.samples import (
    ENGLAND,
    NORFOLK,
    REGION,
    SUFFOLK,
    smoking_rows,
    write_fingertips,
)

pytestmark = pytest.mark.django_db
COUNTIES = [NORFOLK, SUFFOLK]


def labels(*codes) -> dict:
    return {
        row["area_code"]: (
            row["compared_to_england"],
            row["compared_to_parent"],
            row["parent_code"],
        )
        for row in Observation.objects.filter(area_code__in=codes).values(
            "area_code", "compared_to_england", "compared_to_parent", "parent_code"
        )
    }


@pytest.fixture
def files(tmp_path):
    rows = smoking_rows()
    for row in rows:
        row["Parent Code"] = ""  # the parents come from the geography, as for most files
    return {
        "all": write_fingertips(tmp_path / "all.csv", rows),
        "benchmarks": write_fingertips(tmp_path / "benchmarks.csv", rows[:2]),
        "counties": write_fingertips(tmp_path / "counties.csv", rows[2:]),
    }


@pytest.fixture
def in_one_file(files, sample_areas):
    """The labels the counties get when England and the region come in the same file."""
    batch = indicators_import(path=files["all"])
    found = labels(*COUNTIES)
    batch_delete(by=None, batch=batch)  # the indicator (and its metadata) stays
    assert Observation.objects.count() == 0
    return found


def test_a_later_england_and_region_row_gives_earlier_rows_their_comparisons(files, in_one_file):
    # 20% against 14% and 13% (no polarity in the file: higher or lower, not better or worse)
    assert in_one_file[NORFOLK] == ("higher", "higher", REGION)
    assert in_one_file[SUFFOLK] == ("lower", "lower", REGION)
    first = indicators_import(path=files["counties"])
    assert labels(*COUNTIES) == dict.fromkeys(COUNTIES, ("", "", ""))

    second = indicators_import(path=files["benchmarks"])
    assert second.recompared_count == 2
    assert labels(*COUNTIES) == in_one_file
    assert set(Observation.objects.filter(batch=first).values_list("batch", flat=True)) == {
        first.pk
    }
    assert labels(ENGLAND)[ENGLAND][0] == "not compared"


def test_deleting_the_batch_with_the_benchmark_rows_takes_the_comparisons_away(files, in_one_file):
    first = indicators_import(path=files["counties"])
    second = indicators_import(path=files["benchmarks"])
    assert labels(*COUNTIES) == in_one_file

    batch_delete(by=None, batch=second)
    assert labels(*COUNTIES) == dict.fromkeys(COUNTIES, ("", "", ""))
    assert ImportBatch.objects.get() == first

    # And back again: the same rows, the same answers.
    indicators_import(path=files["benchmarks"])
    assert labels(*COUNTIES) == in_one_file


def test_deleting_the_earlier_batch_leaves_the_benchmark_rows_as_they_were(files, in_one_file):
    first = indicators_import(path=files["counties"])
    indicators_import(path=files["benchmarks"])
    england_before = labels(ENGLAND, REGION)
    batch_delete(by=None, batch=first)
    assert labels(ENGLAND, REGION) == england_before
    assert Observation.objects.count() == 2


def test_trends_follow_the_batches(files, in_one_file, tmp_path):
    rows = smoking_rows()
    later = [{**row, "Time period": "2020", "Time period Sortable": "20200000"} for row in rows]
    batch = indicators_import(path=write_fingertips(tmp_path / "2020.csv", later))
    indicators_import(path=files["all"])
    assert Trend.objects.filter(area_code=NORFOLK).exists()
    batch_delete(by=None, batch=batch)
    assert not Trend.objects.filter(area_code=NORFOLK).exists()
