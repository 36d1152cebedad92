"""The demo's generated, illustrative indicators and geography, loaded through the real imports."""

import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from placematters.audit.models import AuditEvent
from placematters.demo import data
from placematters.demo.builder import build_demo
from placematters.geography.models import Area, AreaLink
from placematters.indicators import actions as indicator_actions
from placematters.indicators.models import ImportBatch, Indicator, Observation
from tests.shared_files import SHARED

pytestmark = pytest.mark.django_db

NORFOLK_DISTRICTS = [f"E0700014{n}" for n in range(3, 10)]
AREAS = ["E92000001", "E12000006", "E10000020", *NORFOLK_DISTRICTS]


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    return build_demo().partnership


def everything() -> dict[str, int]:
    return {
        "areas": Area.objects.count(),
        "links": AreaLink.objects.count(),
        "indicators": Indicator.objects.count(),
        "observations": Observation.objects.count(),
        "batches": ImportBatch.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


class _OpenedFiles:
    """Records every file Python opens while active (an audit hook cannot be removed, so it
    stays installed and idle afterwards)."""

    active: list[str] | None = None

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if cls.active is not None and event == "open" and isinstance(args[0], (str, Path)):
            cls.active.append(str(args[0]))


sys.addaudithook(_OpenedFiles.hook)


def test_the_demo_loads_without_reading_the_shared_data(settings):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    _OpenedFiles.active = opened = []
    try:
        partnership = build_demo().partnership
    finally:
        _OpenedFiles.active = None
    shared = str(SHARED.resolve())
    assert opened, "the audit hook saw no file opened (the import writes and reads its CSVs)"
    assert not [path for path in opened if str(Path(path).resolve()).startswith(shared)]
    assert Indicator.objects.filter(partnership=partnership).count() == len(data.SPECS) == 8


def test_the_demo_has_illustrative_indicators_of_its_own(demo):
    indicators = Indicator.objects.filter(partnership=demo)
    assert sorted(indicators.values_list("external_id", flat=True)) == sorted(
        f"demo-{spec.key}" for spec in data.SPECS
    )
    for indicator in indicators:
        assert indicator.name.endswith("(illustrative)")
        assert indicator.source == "Place Matters illustrative demo data — generated, not real"
        assert "not real" in indicator.definition and "not real" in indicator.licence
    assert not Indicator.objects.filter(partnership__isnull=True).exists()
    names = dict(indicators.values_list("external_id", "name"))
    assert names["demo-life-expectancy"] == "Life expectancy at birth (illustrative)"
    metadata = {
        i.external_id: (i.value_type, i.multiplier, i.polarity) for i in indicators
    }  # the mapping's metadata, not inference
    assert metadata["demo-life-expectancy"] == ("life_expectancy", 1.0, "higher_is_better")
    assert metadata["demo-under-75-mortality"] == ("dsr", 100_000.0, "lower_is_better")
    assert metadata["demo-smoking"] == ("proportion", 100.0, "lower_is_better")
    assert metadata["demo-under-18-conceptions"] == ("crude_rate", 1_000.0, "lower_is_better")


def test_every_indicator_covers_the_areas_deciles_and_five_periods(demo):
    for spec in data.SPECS:
        rows = Observation.objects.filter(
            indicator__partnership=demo, indicator__name=spec.full_name
        )
        totals = rows.filter(category_type="")
        assert set(totals.values_list("area_code", flat=True)) == set(AREAS)
        assert set(rows.values_list("period", flat=True)) == set(spec.periods)
        assert len(spec.periods) == 5
        deciles = rows.exclude(category_type="")
        assert set(deciles.values_list("area_code", flat=True)) == {"E92000001"}
        assert set(deciles.values_list("category_type", flat=True)) == {data.DECILE_TYPE}
        assert set(deciles.values_list("category", flat=True)) == set(data.DECILES)
        sexes = len(spec.sexes)
        assert rows.count() == 5 * sexes * (len(AREAS) + 10)
        assert set(rows.values_list("value_note", flat=True)) == {data.VALUE_NOTE}
    assert Observation.objects.filter(indicator__partnership=demo).count() == 900
    names = dict(
        Observation.objects.filter(area_code__in=AREAS, category="").values_list(
            "area_code", "area_name"
        )
    )
    assert names["E07000147"] == "North Norfolk" and names["E07000146"] == (
        "King's Lynn and West Norfolk"
    )


def test_the_geography_is_imported_with_its_parent_links(demo):
    areas = {area.code: (area.name, area.area_type) for area in Area.objects.all()}
    assert areas["E92000001"] == ("England", "country")
    assert areas["E12000006"] == ("East of England", "region")
    assert areas["E10000020"] == ("Norfolk", "county_ua")
    assert areas["E07000145"] == ("Great Yarmouth", "district")
    assert set(areas) == set(AREAS)
    links = set(
        AreaLink.objects.filter(relation=AreaLink.Relation.PARENT).values_list(
            "child__code", "parent__code"
        )
    )
    assert {(code, "E10000020") for code in NORFOLK_DISTRICTS} <= links
    assert ("E10000020", "E12000006") in links


def test_limits_are_computed_at_import_for_counts_and_given_for_life_tables(demo):
    rows = Observation.objects.filter(indicator__partnership=demo)
    counted = rows.filter(indicator__value_type__in=["proportion", "crude_rate"])
    assert counted.count() == 600
    assert not counted.filter(computed=False).exists()
    given = rows.filter(indicator__value_type__in=["life_expectancy", "dsr"])
    assert given.count() == 300 and not given.filter(computed=True).exists()
    for observation in rows:
        assert observation.lower_998 < observation.lower_95 < observation.value
        assert observation.value < observation.upper_95 < observation.upper_998
    smoking = counted.get(
        indicator__external_id="demo-smoking", area_code="E07000147", period="2023"
    )
    assert smoking.value == pytest.approx(100 * smoking.count / smoking.denominator)
    under_75 = given.filter(category="")
    assert not under_75.filter(indicator__value_type="dsr", count__isnull=True).exists()


def test_comparisons_with_england_and_the_parent_are_computed(demo):
    rows = Observation.objects.filter(indicator__partnership=demo, category="")
    districts = rows.filter(area_code__in=NORFOLK_DISTRICTS)
    assert set(districts.values_list("parent_code", flat=True)) == {"E10000020"}
    assert set(rows.filter(area_code="E10000020").values_list("parent_code", flat=True)) == {
        "E12000006"
    }
    labels = set(districts.values_list("compared_to_england", flat=True))
    assert {"better", "similar", "worse"} <= labels
    assert set(
        rows.filter(area_code="E92000001").values_list("compared_to_england", flat=True)
    ) == {"not compared"}


def test_the_most_deprived_tenth_fares_worse_than_the_least_deprived(demo):
    """The deprivation gradient is there to show, for every indicator and period."""
    for indicator in Indicator.objects.filter(partnership=demo):
        rows = indicator.observations.exclude(category="")
        for period, sex in rows.values_list("period", "sex").distinct():
            most = rows.get(period=period, sex=sex, category=data.DECILES[0]).value
            least = rows.get(period=period, sex=sex, category=data.DECILES[-1]).value
            if indicator.polarity == "higher_is_better":
                assert most < least, (indicator.name, period)
            else:
                assert most > least, (indicator.name, period)


def test_england_is_the_sum_of_its_deciles_and_norfolk_of_its_districts(demo):
    rows = Observation.objects.filter(indicator__external_id="demo-smoking", period="2021")
    england = rows.get(area_code="E92000001", category="")
    deciles = rows.exclude(category="")
    assert england.count == sum(deciles.values_list("count", flat=True))
    norfolk = rows.get(area_code="E10000020")
    districts = rows.filter(area_code__in=NORFOLK_DISTRICTS)
    assert norfolk.denominator == sum(districts.values_list("denominator", flat=True))


def test_loading_twice_changes_nothing(demo, settings):
    before = everything()
    assert before["observations"] == 900 and before["batches"] == 9
    again = build_demo()
    assert again.created is False and again.partnership == demo
    assert everything() == before
    assert data.demo_data_load(partnership=demo, by=demo.memberships.first().user) == (
        data.DemoDataResult()
    )


def test_a_deleted_demo_batch_comes_back_on_the_next_load(demo):
    owner = demo.memberships.get(role="owner").user
    smoking = Indicator.objects.get(partnership=demo, external_id="demo-smoking")
    batch = smoking.observations.first().batch
    indicator_actions.batch_delete(by=owner, batch=batch)
    assert not smoking.observations.exists()
    result = data.demo_data_load(partnership=demo, by=owner)
    assert result.indicators_imported == [smoking.name] and not result.geography_imported
    assert result.observations == 100
    assert Indicator.objects.filter(partnership=demo).count() == 8  # the indicator was reused


def test_the_generator_is_seeded():
    first, second = data.indicator_rows(), data.indicator_rows()
    assert first == second
    other = data.indicator_rows(seed=data.SEED + 1)
    assert other["smoking"] != first["smoking"]
    values = [float(row["Value"]) for row in first["life-expectancy"] if row["Sex"] == "Male"]
    assert min(values) > 70 and max(values) < 90
    assert all(row["Indicator Name"].endswith("(illustrative)") for row in first["smoking"])


def test_the_generated_file_is_a_fingertips_download(tmp_path):
    from placematters.indicators.importers import fingertips

    path = data.write_fingertips_csv(data.indicator_rows()["smoking"], tmp_path / "s.csv")
    assert fingertips.detect(path)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == data.FINGERTIPS_COLUMNS


def test_load_demo_command_time(settings):
    """How long `manage.py load_demo` takes on an empty database (printed; not asserted)."""
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    output = StringIO()
    started = time.perf_counter()
    call_command("load_demo", stdout=output)
    first = time.perf_counter() - started
    started = time.perf_counter()
    call_command("load_demo", stdout=StringIO())
    second = time.perf_counter() - started
    print(f"\nload_demo: {first:.2f} s on an empty database, {second:.2f} s again")
    assert "(created)" in output.getvalue()
    assert Observation.objects.count() == 900


def test_the_demo_carries_the_chain_from_a_finding_to_a_monitored_action(demo):
    """A priority finding → an action in the plan that answers it → what residents said,
    decided on and linked to that action → a HEAT with an unresolved impact flagged on the
    plan and a widening mitigated by a linked action → a measure of the action, monitored; the
    actions deliver logic-model activities and say which stages of life they serve."""
    from placematters.analysis.models import Priority
    from placematters.engagement.models import Decision
    from placematters.heat import queries as heat_queries
    from placematters.heat.models import Impact
    from placematters.measures.models import Measure
    from placematters.planning.models import PlanAction

    actions = PlanAction.objects.filter(partnership=demo)
    findings = Priority.objects.filter(partnership=demo)
    assert actions.filter(priority__in=findings).exists()
    linked = Decision.objects.filter(plan_actions__partnership=demo).distinct()
    assert linked.count() == 1
    assert heat_queries.unresolved_impacts(demo)
    mitigated = Impact.objects.filter(
        assessment__partnership=demo, effect="widen", mitigating_actions__isnull=False
    ).exclude(mitigation="")
    assert mitigated.exists()
    assert actions.filter(logic_elements__kind="activity").exists()
    assert actions.exclude(life_stages=[]).count() >= 4
    monitored = Measure.objects.filter(partnership=demo, action__isnull=False)
    assert monitored.exists() and monitored.first().values.count() >= 12

    # ...and one action carries the whole chain: it answers a priority finding, has an owner,
    # carries out the mitigation of a widening found by HEAT, and a measure monitors it.
    chained = [
        action
        for action in actions.filter(priority__in=findings, owner__isnull=False)
        if action.heat_mitigations.filter(effect="widen").exclude(mitigation="").exists()
        and any(measure.values.count() >= 12 for measure in action.measures.all())
    ]
    assert [action.title for action in chained] == [
        "Stop-smoking clinics in the coastal wards (illustrative)"
    ]
