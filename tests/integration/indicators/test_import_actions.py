"""indicators_import on a real database: computing, comparing, storing, roles, batches, task."""

import math

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied

from placematters import stats
from placematters.audit.models import AuditEvent
from placematters.indicators import actions, queries
from placematters.indicators.actions import ImportFailed, indicators_import
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.partnerships.permissions import NotAllowed
from tests.integration.indicators.conftest import database_counts, link, make_areas
from tests.unit.indicators.samples import (
    ENGLAND,
    NORFOLK,
    REGION,
    SUFFOLK,
    fingertips_row,
    smoking_rows,
    write_fingertips,
)

pytestmark = pytest.mark.django_db
LOWER_IS_BETTER = {"polarity": "lower_is_better"}


def observation(area_code: str, **filters) -> Observation:
    return Observation.objects.get(area_code=area_code, **filters)


def test_counts_become_values_and_limits_computed_with_the_engine(tmp_path, sample_areas):
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    batch = indicators_import(path=path, mapping=LOWER_IS_BETTER)

    assert batch.status == ImportBatch.Status.DONE
    assert (batch.row_count, batch.format, batch.progress) == (4, "fingertips", 100)
    indicator = Indicator.objects.get()
    assert (indicator.external_id, indicator.partnership) == ("90001", None)
    assert (indicator.value_type, indicator.multiplier) == ("proportion", 100.0)
    expected = stats.proportion([300, 100], [1500, 1000], confidence=(0.95, 0.998), multiplier=100)
    for i, code in enumerate([NORFOLK, SUFFOLK]):
        row = observation(code)
        assert row.computed
        assert row.value == pytest.approx(expected.value[i], rel=1e-12)
        assert row.lower_95 == pytest.approx(expected.lower[0.95][i], rel=1e-12)
        assert row.upper_95 == pytest.approx(expected.upper[0.95][i], rel=1e-12)
        assert row.lower_998 == pytest.approx(expected.lower[0.998][i], rel=1e-12)
        assert row.upper_998 == pytest.approx(expected.upper[0.998][i], rel=1e-12)
    england = observation(ENGLAND)
    assert (england.value, england.lower_95, england.upper_95) == (14.0, 13.33, 14.69)
    assert england.computed  # its 99.8% limits were missing
    assert england.lower_998 == pytest.approx(
        stats.proportion([1400], [10000], confidence=0.998, multiplier=100).lower[0], rel=1e-12
    )


def test_comparisons_with_england_and_the_parent_are_stored(tmp_path, sample_areas):
    indicators_import(
        path=write_fingertips(tmp_path / "smoking.csv", smoking_rows()), mapping=LOWER_IS_BETTER
    )
    # Norfolk 20% (18.1-22.1) against England 14% and the region 13%: worse than both.
    # Suffolk 10% (8.3-12.0): better than both. The region 13% (12.35-13.67): better than England.
    got = {
        row.area_code: (row.compared_to_england, row.compared_to_parent, row.parent_code)
        for row in Observation.objects.all()
    }
    assert got == {
        ENGLAND: ("not compared", "", ""),
        REGION: ("better", "", ""),
        NORFOLK: ("worse", "worse", REGION),
        SUFFOLK: ("better", "better", REGION),
    }


def test_without_polarity_the_comparison_says_higher_or_lower(tmp_path, sample_areas):
    indicators_import(path=write_fingertips(tmp_path / "smoking.csv", smoking_rows()))
    assert Indicator.objects.get().polarity == "no_judgement"
    assert observation(NORFOLK).compared_to_england == "higher"
    assert observation(SUFFOLK).compared_to_england == "lower"


def test_two_level_comparisons_name_the_level(tmp_path, sample_areas):
    rows = smoking_rows()
    # 16.4% of 1500 (14.6-18.4 at 95%, 13.9-19.3 at 99.8%): worse at 95% only, against 14%.
    rows[2].update({"Count": "246", "Denominator": "1500"})
    mapping = {**LOWER_IS_BETTER, "benchmark_method": "ci_two_level"}
    indicators_import(path=write_fingertips(tmp_path / "s.csv", rows), mapping=mapping)
    assert observation(NORFOLK).compared_to_england == "worse 95%"
    assert observation(SUFFOLK).compared_to_england == "better 99.8%"


def test_quintiles_rank_areas_of_a_type_and_within_their_parent(tmp_path, sample_areas):
    counties = [f"E10000{n:03d}" for n in range(100, 110)]
    make_areas(counties, "county_ua")
    for code in counties:
        link(code, REGION)
    rows = smoking_rows()[:2] + [
        fingertips_row(Area_Code=code, Value=str(10 + i), Indicator_Name="Healthy")
        for i, code in enumerate(counties)
    ]
    for row in rows[:2]:
        row["Indicator Name"] = "Healthy"
    mapping = {"polarity": "higher_is_better", "benchmark_method": "quintiles"}
    indicators_import(path=write_fingertips(tmp_path / "q.csv", rows), mapping=mapping)
    labels = [observation(code).compared_to_england for code in counties]
    # Ten values 10..19, higher is better: the top two are the best fifth.
    assert labels == ["worst"] * 2 + ["worse"] * 2 + ["middle"] * 2 + ["better"] * 2 + ["best"] * 2
    assert [observation(code).compared_to_parent for code in counties] == labels
    assert observation(ENGLAND).compared_to_england == "not compared"


def test_a_second_file_reuses_the_indicator_and_compares_with_stored_england(
    tmp_path, sample_areas
):
    first = indicators_import(
        path=write_fingertips(tmp_path / "one.csv", smoking_rows()[:1]), mapping=LOWER_IS_BETTER
    )
    second = indicators_import(
        path=write_fingertips(tmp_path / "two.csv", smoking_rows()[2:]), mapping=LOWER_IS_BETTER
    )
    assert Indicator.objects.count() == 1
    assert observation(NORFOLK).batch == second
    assert observation(ENGLAND).batch == first
    assert observation(NORFOLK).compared_to_england == "worse"  # England came from batch one

    # The same rows again (their values and limits computed from the counts, as stored): held
    # already, so left out with a warning, and the batch stores nothing (ADR 0005).
    again = indicators_import(path=write_fingertips(tmp_path / "again.csv", smoking_rows()[2:]))
    assert (again.row_count, again.left_out_count, again.already_held_count) == (0, 2, 2)
    assert again.warnings == [
        f"2 rows were already held from batch {second.pk} with the same figures, and left out: "
        "lines 2, 4."
    ]
    assert Observation.objects.count() == 3
    assert set(Observation.objects.values_list("batch", flat=True)) == {first.pk, second.pk}

    changed = smoking_rows()[2:]
    changed[1]["Count"] = "101"
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=write_fingertips(tmp_path / "changed.csv", changed))
    assert [str(error) for error in failure.value.errors] == [
        f"line 4: this observation was already imported, in batch {second.pk}, with different "
        "figures: delete that batch first to replace it"
    ]


def held_rows(value: str, lower: str = "20.5", count: str = "494.0666362") -> list[dict]:
    """England and Norfolk (lines 2 and 4: the indicator's name holds a line break), given
    figures: Norfolk's value, lower limit and count vary."""
    return [
        fingertips_row(
            Area_Code=ENGLAND, Area_Name="England", Area_Type="England", Parent_Code="",
            Value="21.0", Count="5000", Denominator="24000",
        ),
        fingertips_row(
            Value=value, Count=count, Denominator="2138.539911",
            **{"Lower CI 95.0 limit": lower, "Upper CI 95.0 limit": "25.8"},
        ),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "lower", "count", "held"),
    [
        ("23.103", "20.5", "494.0666362", True),  # the same as stored
        ("23.1029888049197", "20.5", "494.066636234", True),  # finer: rounds to the stored
        ("23.1", "20.50", "494.07", True),  # coarser: the stored rounds to it
        ("23.103000000001", "20.5", "494.0666362", True),  # floating-point noise (< 1e-9)
        ("23.2", "20.5", "494.0666362", False),  # another value
        ("23.103", "", "494.0666362", False),  # a limit missing where one is stored
        ("23.103", "20.5", "494.1666362", False),  # the count differs
    ],
)
def test_a_row_already_held_is_left_out_only_with_the_same_figures(
    tmp_path, sample_areas, value, lower, count, held
):
    first = indicators_import(path=write_fingertips(tmp_path / "one.csv", held_rows("23.103")))
    stored = list(Observation.objects.order_by("area_code").values_list("value", "lower_95"))
    before = database_counts()
    path = write_fingertips(tmp_path / "two.csv", held_rows(value, lower, count))
    if held:
        second = indicators_import(path=path)
        assert (second.row_count, second.already_held_count, second.left_out_count) == (0, 2, 2)
        assert second.warnings == [
            f"2 rows were already held from batch {first.pk} with the same figures, and left "
            "out: lines 2, 4."
        ]
        event = AuditEvent.objects.get(verb="indicators.imported", target_id=str(second.pk))
        assert event.after["already_held_left_out"] == 2
        # The stored figures stay as the first batch gave them.
        assert (
            list(Observation.objects.order_by("area_code").values_list("value", "lower_95"))
            == stored
        )
        assert Observation.objects.filter(batch=first).count() == 2
    else:
        with pytest.raises(ImportFailed) as failure:
            indicators_import(path=path)
        assert [str(error) for error in failure.value.errors] == [
            f"line 4: this observation was already imported, in batch {first.pk}, with "
            "different figures: delete that batch first to replace it"
        ]
        assert database_counts() == before


def test_rows_held_and_new_rows_in_one_file(tmp_path, sample_areas):
    """A file overlapping an earlier batch: the held rows are left out, the rest stored, and
    the stored rows compare with the England the earlier batch holds."""
    first = indicators_import(
        path=write_fingertips(tmp_path / "one.csv", held_rows("23.103")), mapping=LOWER_IS_BETTER
    )
    rows = [
        *held_rows("23.103"),
        fingertips_row(
            Area_Code=SUFFOLK, Area_Name="Suffolk", Value="30.0",
            **{"Lower CI 95.0 limit": "28.0", "Upper CI 95.0 limit": "32.0"},
        ),
        fingertips_row(Time_period="2020", Time_period_Sortable="20200000", Value="22.0"),
    ]  # fmt: skip
    second = indicators_import(path=write_fingertips(tmp_path / "two.csv", rows))
    assert (second.row_count, second.already_held_count, second.left_out_count) == (2, 2, 2)
    assert second.warnings == [
        f"2 rows were already held from batch {first.pk} with the same figures, and left out: "
        "lines 2, 4."
    ]
    assert observation(SUFFOLK).batch == second
    assert observation(SUFFOLK).compared_to_england == "worse"
    assert observation(NORFOLK, period="2020").batch == second
    assert observation(NORFOLK, period="2019").batch == first


def test_a_row_left_out_as_a_repeat_in_the_file_is_not_counted_as_held_again(
    tmp_path, sample_areas
):
    indicators_import(path=write_fingertips(tmp_path / "one.csv", held_rows("23.103")))
    rows = held_rows("23.103")
    rows.append(dict(rows[1]))  # an exact repeat of Norfolk's row, within the file
    second = indicators_import(path=write_fingertips(tmp_path / "two.csv", rows))
    assert (second.row_count, second.left_out_count, second.already_held_count) == (0, 3, 2)
    assert len(second.warnings) == 2
    assert second.warnings[0] == (
        "1 row repeated an earlier row exactly and was left out: line 6 repeats line 4."
    )


def test_the_stored_indicator_metadata_wins_over_inference(tmp_path, sample_areas):
    Indicator.objects.create(
        external_id="90001",
        name="Smoking",
        value_type="crude_rate",
        multiplier=1000,
        polarity="higher_is_better",
    )
    indicators_import(path=write_fingertips(tmp_path / "s.csv", smoking_rows()))
    assert Indicator.objects.count() == 1
    norfolk = observation(NORFOLK)
    assert norfolk.value == pytest.approx(300 / 1500 * 1000)
    assert norfolk.compared_to_england == "better"  # higher is better, as stored


def test_a_partnership_import_needs_an_editor(tmp_path, sample_areas, partnership, editor, viewer):
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    with pytest.raises(NotAllowed):
        indicators_import(path=path, by=viewer, partnership=partnership)
    batch = indicators_import(path=path, by=editor, partnership=partnership)
    assert Indicator.objects.get().partnership == partnership
    assert batch.created_by == editor
    event = AuditEvent.objects.get(verb="indicators.imported")
    assert (event.partnership, event.actor, event.after["observations"]) == (
        partnership,
        editor,
        4,
    )
    assert list(queries.batches(partnership)) == [batch]
    assert list(queries.batches(None)) == []
    assert queries.batch_indicator_count(partnership, batch) == 1
    with pytest.raises(PermissionDenied):
        indicators_import(path=path, by=editor)  # shared reference data: administrators only


def test_partnership_and_shared_indicators_are_separate(tmp_path, sample_areas, partnership, owner):
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    indicators_import(path=path)
    indicators_import(path=path, by=owner, partnership=partnership)
    assert Indicator.objects.count() == 2
    assert queries.indicators(partnership).count() == 2
    assert queries.indicators(None).count() == 1


def test_deleting_a_batch_removes_its_observations(tmp_path, sample_areas, partnership, editor):
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    batch = indicators_import(path=path, by=editor, partnership=partnership)
    other = indicators_import(path=path)
    assert actions.batch_delete(by=editor, batch=batch) == 4
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert list(Observation.objects.values_list("batch", flat=True).distinct()) == [other.pk]
    event = AuditEvent.objects.get(verb="indicators.batch_deleted")
    assert (event.partnership, event.before["observations"]) == (partnership, 4)
    with pytest.raises(PermissionDenied):
        actions.batch_delete(by=editor, batch=other)


def test_the_background_task_imports_and_reports_progress(
    tmp_path, sample_areas, partnership, editor, django_capture_on_commit_callbacks
):
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    with django_capture_on_commit_callbacks(execute=True):
        batch = actions.indicators_import_start(by=editor, partnership=partnership, path=path)
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.row_count) == (ImportBatch.Status.DONE, 100, 4)
    assert batch.created_by == editor
    assert Observation.objects.filter(batch=batch).count() == 4


def test_the_background_task_marks_a_bad_file_failed(
    tmp_path, sample_areas, partnership, editor, django_capture_on_commit_callbacks
):
    rows = smoking_rows()
    rows[3]["Value"] = "ten"
    path = write_fingertips(tmp_path / "bad.csv", rows)
    with django_capture_on_commit_callbacks(execute=True):
        batch = actions.indicators_import_start(by=editor, partnership=partnership, path=path)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.errors == [{"line": 8, "column": "Value", "reason": "'ten' is not a number"}]
    assert Observation.objects.count() == 0


def test_the_task_can_be_enqueued_directly(tmp_path, sample_areas):
    from placematters.indicators.tasks import import_indicators_task

    batch = ImportBatch.objects.create(kind="indicators", source_file="smoking.csv")
    path = write_fingertips(tmp_path / "smoking.csv", smoking_rows())
    result = import_indicators_task.enqueue(batch_id=batch.pk, path=str(path))
    assert result.return_value == {"status": "done", "rows": 4}
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE


def test_suppressed_and_missing_numbers_are_stored_as_null(tmp_path, sample_areas):
    rows = smoking_rows()
    rows[3].update({"Count": "*", "Denominator": "", "Value": "", "Value note": "Suppressed"})
    indicators_import(path=write_fingertips(tmp_path / "s.csv", rows))
    suffolk = observation(SUFFOLK)
    assert (suffolk.count, suffolk.value, suffolk.computed) == (None, None, False)
    assert suffolk.value_note == "Suppressed"
    assert database_counts()["observations"] == 4
    assert math.isclose(observation(NORFOLK).value, 20.0)
    assert np.isfinite(observation(NORFOLK).upper_998)


def test_a_count_only_rate_is_taken_per_100000_as_fingertips_publishes_it(tmp_path, sample_areas):
    rows = [
        fingertips_row(
            Indicator_Name="Emergency admissions, crude rate", Area_Code=area, Count=count,
            Denominator="50000", Parent_Code=parent,
        )
        for area, count, parent in [(ENGLAND, "900", ""), (REGION, "700", ENGLAND),
                                    (NORFOLK, "450", REGION)]
    ]  # fmt: skip
    indicators_import(path=write_fingertips(tmp_path / "admissions.csv", rows))
    indicator = Indicator.objects.get()
    assert (indicator.value_type, indicator.multiplier) == ("crude_rate", 100_000)
    norfolk = observation(NORFOLK)
    assert norfolk.value == pytest.approx(900.0)  # 450 / 50,000 per 100,000
    expected = stats.rate([450], [50000])
    assert norfolk.lower_95 == pytest.approx(expected.lower[0], rel=1e-12)
