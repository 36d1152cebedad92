"""Import actions (batches, audit, permissions, idempotence, duplicates, deletion) and the
geography queries, on small files written by the tests."""

import math
import warnings

import pytest
from django.core.exceptions import PermissionDenied

from placematters.audit.models import AuditEvent
from placematters.geography import actions, queries
from placematters.geography.actions import ImportFailed
from placematters.geography.importers import imd_file7
from placematters.geography.models import Area, AreaLink, DeathCount, PopulationCount
from placematters.indicators.models import ImportBatch
from placematters.stats import TooFewValuesWarning

pytestmark = pytest.mark.django_db

HIERARCHY = (
    "LSOA11CD,LSOA11NM,LAD19CD,LAD19NM,CTY19CD,CTY19NM\n"
    "E01026419,Breckland 010A,E07000143,Breckland,E10000020,Norfolk\n"
    "E01026420,Breckland 010B,E07000143,Breckland,E10000020,Norfolk\n"
    "E01026500,Norwich 001A,E07000148,Norwich,E10000020,Norfolk\n"
    "E01026501,Norwich 001B,E07000148,Norwich,E10000020,Norfolk\n"
)
BEST_FIT = (
    "LSOA11CD,LSOA21CD,CHGIND,LAD22CD\n"
    "E01026419,E01026419,U,E07000143\n"
    "E01026420,E01035001,S,E07000143\n"
    "E01026420,E01035002,S,E07000143\n"
    "E01026500,E01035003,M,E07000148\n"
    "E01026501,E01035003,M,E07000148\n"
)
WARDS = (
    "lsoa21_code,lsoa21_name,ward24_code,ward24_name,ltla24_code\n"
    "E01035001,B1,E05013001,Ward one,E07000143\n"
    "E01035002,B2,E05013001,Ward one,E07000143\n"
    "E01035003,N,E05013002,Ward two,E07000148\n"
)


@pytest.fixture
def staff(make_user):
    user = make_user("admin@example.org", "Ada Admin")
    user.is_staff = True
    user.save()
    return user


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    return path


@pytest.fixture
def norfolk(tmp_path, staff):
    for name, content in [("h.csv", HIERARCHY), ("fit.csv", BEST_FIT), ("w.csv", WARDS)]:
        actions.geography_import(path=write(tmp_path, name, content), by=staff)


def test_an_import_records_its_batch_an_audit_event_and_progress(tmp_path, staff):
    seen = []
    batch = actions.geography_import(
        path=write(tmp_path, "lookup.csv", HIERARCHY),
        by=staff,
        progress=lambda step, done, total: seen.append((step, done, total)),
    )
    batch.refresh_from_db()
    assert (batch.kind, batch.format, batch.source_file, batch.row_count) == (
        "geography", "ons_lookup", "lookup.csv", 4
    )  # fmt: skip
    assert batch.status == ImportBatch.Status.DONE and batch.progress == 100
    assert batch.finished_at is not None and batch.created_by == staff
    assert batch.summary == "7 areas (7 new) and 6 links (6 new)"
    event = AuditEvent.objects.get(verb="geography.imported")
    assert event.actor == staff and event.partnership is None
    assert event.after["source_file"] == "lookup.csv" and event.after["new_areas"] == 7
    assert ("Storing areas", 7, 7) in seen and ("Storing links", 6, 6) in seen
    assert seen[0] == ("Checking", 0, 1)


def test_people_who_are_not_staff_cannot_import_or_delete(tmp_path, make_user, staff):
    someone = make_user("someone@example.org")
    path = write(tmp_path, "lookup.csv", HIERARCHY)
    with pytest.raises(PermissionDenied):
        actions.geography_import(path=path, by=someone)
    assert not Area.objects.exists()
    batch = actions.geography_import(path=path, by=staff)
    with pytest.raises(PermissionDenied):
        actions.batch_delete(by=someone, batch=batch)


def test_reimporting_updates_in_place_and_never_blanks_a_name(tmp_path):
    actions.geography_import(path=write(tmp_path, "a.csv", HIERARCHY))
    areas, links = Area.objects.count(), AreaLink.objects.count()
    batch = actions.geography_import(path=write(tmp_path, "a.csv", HIERARCHY))
    assert batch.summary == "7 areas (0 new) and 6 links (0 new)"
    codes_only = "LSOA11CD,LAD19CD\nE01026419,E07000143\n"
    actions.geography_import(path=write(tmp_path, "b.csv", codes_only))
    renamed = HIERARCHY.replace("Breckland 010A", "Breckland 010A (renamed)")
    actions.geography_import(path=write(tmp_path, "c.csv", renamed))
    assert (Area.objects.count(), AreaLink.objects.count()) == (areas, links)
    assert Area.objects.get(code="E07000143").name == "Breckland"
    assert Area.objects.get(code="E01026419").name == "Breckland 010A (renamed)"


def test_population_is_refused_while_held_and_accepted_once_its_batch_is_deleted(tmp_path):
    actions.geography_import(path=write(tmp_path, "h.csv", HIERARCHY))
    path = write(tmp_path, "sape_mid2019.csv", "lsoa11_code,0-4,5-89,90+\nE01026419,1,2,3\n")
    first = actions.population_import(path=path)
    assert first.kind == "population" and first.row_count == 1
    assert PopulationCount.objects.filter(batch=first).count() == 3
    with pytest.raises(ImportFailed) as caught:
        actions.population_import(path=path)
    assert str(caught.value.errors[0]) == (
        f"line 2, column lsoa11_code: duplicate: population for E01026419, 2019, persons is "
        f"already held (import batch {first.id} (sape_mid2019.csv)); delete that import first "
        "to replace it"
    )
    assert actions.batch_delete(by=None, batch=first) == 3
    assert not ImportBatch.objects.filter(id=first.id).exists()
    assert AuditEvent.objects.filter(verb="population.import_deleted").exists()
    second = actions.population_import(path=path)
    assert PopulationCount.objects.filter(batch=second).count() == 3


def test_geography_batches_cannot_be_deleted(tmp_path):
    batch = actions.geography_import(path=write(tmp_path, "h.csv", HIERARCHY))
    with pytest.raises(ValueError, match="Only population and deaths imports can be deleted"):
        actions.batch_delete(by=None, batch=batch)


def test_children_and_area_by_code_walk_the_hierarchy(norfolk):
    county = queries.area_by_code("E10000020", "2019")
    assert [area.code for area in queries.children(county, "district", "2019")] == [
        "E07000143",
        "E07000148",
    ]
    assert len(queries.children(county, "lsoa", "2011")) == 4
    assert len(queries.children(county, "lsoa")) == 4  # the 2021 LSOAs are not below 2019 areas
    assert queries.area_by_code("E07000143").vintage == "2024"  # the latest held
    assert queries.area_by_code("E07000143", 2019).vintage == "2019"
    assert queries.area_by_code("E99999999") is None


def test_lsoas_in_resolves_any_mix_of_codes_to_2011_lsoas(norfolk):
    def codes(*wanted):
        return [area.code for area in queries.lsoas_in(wanted)]

    assert codes("E10000020") == ["E01026419", "E01026420", "E01026500", "E01026501"]
    assert codes("E07000148", "E01026419", "E01026500") == ["E01026419", "E01026500", "E01026501"]
    assert codes("E01035001") == ["E01026420"]  # a 2021 LSOA, through the best fit
    assert codes("E01035003") == ["E01026500", "E01026501"]  # merged from two
    assert codes("E05013002") == ["E01026500", "E01026501"]  # a 2024 ward, through 2021 LSOAs
    assert codes("E01026419") == ["E01026419"]  # unchanged: the 2011 LSOA itself
    assert codes("E01999999") == []


def imd_file(tmp_path, scores_and_ranks):
    header = [imd_file7.CODE, imd_file7.SCORE, imd_file7.RANK, imd_file7.DECILE]
    lines = [",".join(header)]
    for code, score, rank in scores_and_ranks:
        lines.append(f"{code},{score},{rank},{math.ceil(rank * 10 / 32_844)}")
    return write(tmp_path, "imd.csv", "\n".join(lines) + "\n")


def test_local_quantiles_put_the_most_deprived_first_and_ties_together(tmp_path):
    rows = "".join(f"E0100{number:04d},Area {number},E07000143\n" for number in range(10))
    actions.geography_import(path=write(tmp_path, "h.csv", "LSOA11CD,LSOA11NM,LAD19CD\n" + rows))
    # scores tie in pairs; ranks (from unrounded scores) do not
    scores = [50.0, 50.0, 40.0, 40.0, 30.0, 30.0, 20.0, 20.0, 10.0, 10.0]
    actions.imd_import(
        path=imd_file(
            tmp_path,
            [(f"E0100{i:04d}", score, 100 + i) for i, score in enumerate(scores)],
        )
    )
    codes = [f"E0100{i:04d}" for i in range(10)]
    by_rank = queries.local_quantiles(codes, 5)
    assert list(by_rank["local_quantile"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    deciles = queries.local_quantiles(codes, 10)
    assert list(deciles["local_quantile"]) == list(range(1, 11))
    by_score = queries.local_quantiles(codes, 10, by="score")
    assert list(by_score["local_quantile"]) == [1, 1, 3, 3, 5, 5, 7, 7, 9, 9]  # ties share
    with pytest.warns(TooFewValuesWarning):
        few = queries.local_quantiles(codes[:3], 5)
    assert few["local_quantile"].isna().all()
    frame = queries.deprivation_for([*codes[:2], "E01999999"])
    assert list(frame.index) == codes[:2] and list(frame["imd_rank"]) == [100, 101]


def test_population_and_deaths_bands_can_be_summed_into_wider_bands(tmp_path):
    actions.geography_import(path=write(tmp_path, "h.csv", HIERARCHY))
    single = ",".join(str(age) for age in range(10)) + ",10+"
    counts = ",".join(str(age + 1) for age in range(11))
    actions.population_import(
        path=write(tmp_path, "pop.csv", f"area_code,sex,{single}\nE07000143,Male,{counts}\n"
                   f"E07000143,Female,{counts}\n"),
        year=2014,
    )  # fmt: skip
    frame = queries.population_bands(["E07000143"], 2014, "male", bands=[(0, 0), (1, 4), (5, None)])
    assert list(frame["band"]) == ["0", "1-4", "5+"]
    assert list(frame["population"]) == [1, 2 + 3 + 4 + 5, sum(range(6, 12))]
    persons = queries.population_bands(["E07000143"], 2014)  # male + female where no persons
    assert persons["population"].sum() == 2 * sum(range(1, 12))
    with pytest.raises(ValueError, match="the held band 10\\+ does not fit"):
        queries.population_bands(["E07000143"], 2014, "male", bands=[(0, 4), (5, 14)])
    actions.deaths_import(
        path=write(
            tmp_path,
            "deaths.csv",
            "area_code,area_name,sex,age_band,deaths\nE07000143,B,Male,<1,2\n"
            "E07000143,B,Female,<1,3\nE07000143,B,Male,90+,1\n",
        ),
        year=2014,
    )
    deaths = queries.deaths_bands(["E07000143"], 2014, "persons")
    assert list(zip(deaths["band"], deaths["deaths"], strict=True)) == [("0", 5), ("90+", 1)]
    assert DeathCount.objects.count() == 3


def test_an_area_list_registers_areas_for_data_keyed_by_area_code(tmp_path):
    areas = "area_code,area_name\nE07000205,Suffolk Coastal\nW06000001,Isle of Anglesey\n"
    batch = actions.geography_import(path=write(tmp_path, "areas.csv", areas), vintage="2014")
    assert batch.format == "area_list" and batch.summary == "2 areas (2 new)"
    assert Area.objects.get(code="W06000001").area_type == "district"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        population = actions.population_import(
            path=write(tmp_path, "p.csv", "area_code,year,age,population\nE07000205,2014,0,5\n")
        )
    assert population.format == "population_long"
    assert PopulationCount.objects.get().area.vintage == "2014"
