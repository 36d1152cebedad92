"""The boundary and parent queries the indicator map reads, on small lookup and GeoJSON files
written by the tests."""

import json

import pytest

from placematters.geography import actions, queries

pytestmark = pytest.mark.django_db

LOOKUP = (
    "LSOA11CD,LSOA11NM,LAD19CD,LAD19NM,CTY19CD,CTY19NM\n"
    "E01026419,Breckland 010A,E07000143,Breckland,E10000020,Norfolk\n"
    "E01026500,Norwich 001A,E07000148,Norwich,E10000020,Norfolk\n"
    "E01026600,South Norfolk 001A,E07000149,South Norfolk,E10000020,Norfolk\n"
)
BEST_FIT = "LSOA11CD,LSOA21CD,CHGIND,LAD22CD\nE01026419,E01035001,S,E07000143\n"
WARDS = (
    "lsoa11_code,lsoa11_name,ward19_code,ward19_name,ltla19_code\n"
    "E01026419,Breckland 010A,E05005001,Ward one,E07000143\n"
)


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson(column: str, shapes: dict[str, dict]) -> str:
    features = [
        {"type": "Feature", "properties": {column: code}, "geometry": geometry}
        for code, geometry in shapes.items()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


@pytest.fixture
def staff(make_user):
    user = make_user("admin@example.org", "Ada Admin")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def load(tmp_path, staff):
    def load(name: str, content: str) -> None:
        path = tmp_path / name
        path.write_text(content)
        actions.geography_import(path=path, by=staff)

    return load


@pytest.fixture
def norfolk(load):
    load("lookup.csv", LOOKUP)
    load("fit.csv", BEST_FIT)
    load("wards.csv", WARDS)


def test_boundaries_for_gives_the_geometry_of_each_code_with_a_boundary(norfolk, load):
    load(
        "lad19.geojson",
        geojson("LAD19CD", {"E07000143": square(0, 52), "E07000148": square(1, 52)}),
    )

    found = queries.boundaries_for([" E07000148", "E07000143", "E07000149", "E99999999", ""])

    assert list(found) == ["E07000143", "E07000148"]  # no boundary, unknown and blank left out
    assert found["E07000143"] == square(0, 52)
    assert found["E07000148"] == square(1, 52)
    assert queries.boundaries_for([]) == {}


def test_boundaries_for_takes_the_latest_vintage_holding_a_boundary(norfolk, load):
    load(
        "lad19.geojson",
        geojson("LAD19CD", {"E07000143": square(0, 52), "E07000148": square(1, 52)}),
    )
    load("lad24.geojson", geojson("LAD24CD", {"E07000143": square(5, 50)}))

    found = queries.boundaries_for(["E07000143", "E07000148"])

    assert found["E07000143"] == square(5, 50)  # 2024 over 2019
    assert found["E07000148"] == square(1, 52)  # only the 2019 vintage has one


def test_boundaries_for_queries_in_chunks(norfolk, load, monkeypatch):
    load(
        "lad19.geojson",
        geojson("LAD19CD", {"E07000143": square(0, 52), "E07000148": square(1, 52)}),
    )
    monkeypatch.setattr(queries, "CHUNK", 1)

    assert list(queries.boundaries_for(["E07000148", "E07000143"])) == ["E07000143", "E07000148"]


def test_parents_are_the_areas_linked_directly_above_in_link_order(norfolk):
    lsoa = queries.area_by_code("E01026419", "2011")
    district = queries.area_by_code("E07000143", "2019")

    # the best-fit successor (LSOA 2021 E01035001) is linked above too, but is not a parent
    assert [area.code for area in queries.parents(lsoa)] == ["E07000143", "E05005001"]
    assert [area.code for area in queries.parents(district)] == ["E10000020"]
    assert queries.parents(queries.area_by_code("E10000020")) == []


def test_parents_hold_each_vintage_linked_in_link_order(norfolk, load):
    load("again.csv", LOOKUP.replace("LAD19", "LAD20").replace("CTY19", "CTY20"))
    lsoa = queries.area_by_code("E01026419", "2011")

    found = [(area.code, area.vintage) for area in queries.parents(lsoa)]

    assert found == [("E07000143", "2019"), ("E05005001", "2019"), ("E07000143", "2020")]


def test_the_map_neighbours_are_the_parents_children_with_boundaries(norfolk, load):
    load(
        "lad19.geojson",
        geojson("LAD19CD", {"E07000143": square(0, 52), "E07000148": square(1, 52)}),
    )
    district = queries.area_by_code("E07000148", "2019")

    parent = queries.parents(district)[0]
    neighbours = [area.code for area in queries.children(parent, district.area_type)]

    assert neighbours == ["E07000143", "E07000148", "E07000149"]
    assert list(queries.boundaries_for(neighbours)) == ["E07000143", "E07000148"]
