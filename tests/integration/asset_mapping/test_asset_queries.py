import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from placematters.asset_mapping import actions, queries
from placematters.asset_mapping.queries import AssetFilters
from placematters.geography.models import Area, AreaType, Boundary, Deprivation
from placematters.partnerships import actions as partnership_actions

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _asset(by, partnership, name, segment="community", **values):
    return actions.asset_create(
        by=by, partnership=partnership, name=name, segment=segment, asset_type="physical",
        **values,
    )  # fmt: skip


@pytest.fixture
def register(owner, partnership):
    return {
        "pantry": _asset(
            owner, partnership, "Pantry", determinants=["income"], area_code="E01000001",
            last_verified=TODAY,
        ),
        "clinic": _asset(
            owner, partnership, "Clinic", "service", areas_served=["E07000147"],
            last_verified=TODAY - datetime.timedelta(days=400),
        ),
        "licensing": _asset(owner, partnership, "Licensing", "civic"),
    }  # fmt: skip


def _names(items):
    return [item.name for item in items]


def test_filters(owner, partnership, register, make_user):
    other_owner = make_user("other@example.org")
    other = partnership_actions.partnership_create(by=other_owner, name="Elsewhere")
    _asset(other_owner, other, "Not ours")
    assert _names(queries.assets(partnership)) == ["Clinic", "Licensing", "Pantry"]
    assert _names(queries.assets(partnership, AssetFilters(segment="service"))) == ["Clinic"]
    assert _names(queries.assets(partnership, AssetFilters(asset_type="economic"))) == []
    assert _names(queries.assets(partnership, AssetFilters(determinant="income"))) == ["Pantry"]
    assert _names(queries.assets(partnership, AssetFilters(area="e01000001"))) == ["Pantry"]
    assert _names(queries.assets(partnership, AssetFilters(area="E07000147"))) == ["Clinic"]
    stale = queries.assets(partnership, AssetFilters(stale="stale"))
    assert _names(stale) == ["Clinic", "Licensing"]
    assert _names(queries.assets(partnership, AssetFilters(stale="current"))) == ["Pantry"]
    assert AssetFilters(segment="civic").any and not AssetFilters().any


def test_detail_counts_and_staleness(owner, partnership, register, make_user):
    assert queries.asset(partnership, register["pantry"].pk).name == "Pantry"
    other_owner = make_user("other@example.org")
    other = partnership_actions.partnership_create(by=other_owner, name="Elsewhere")
    assert queries.asset(other, register["pantry"].pk) is None
    assert queries.segment_counts(partnership) == {"civic": 1, "service": 1, "community": 1}
    assert queries.asset_is_stale(register["clinic"]) and not queries.asset_is_stale(
        register["pantry"]
    )


def test_stale_age_comes_from_settings(settings, partnership, register):
    settings.ASSET_STALE_AFTER_DAYS = 500
    assert not queries.asset_is_stale(register["clinic"])


def test_triangle_names_the_gaps(owner, partnership, register):
    actions.connector_create(
        by=owner, partnership=partnership, kind="integration", name="Joined",
        assets=[register["clinic"]],
    )  # fmt: skip
    actions.segment_assessment_update(
        by=owner, partnership=partnership, segment="civic", summary="Levers in use"
    )
    triangle = queries.triangle(partnership)
    assert [item.count for item in triangle.segments] == [1, 1, 1]
    assert triangle.segments[0].assessment == "Levers in use"
    assert triangle.segments[1].stale == 1
    assert triangle.empty_segments == ()
    assert triangle.empty_connectors == (
        "Place-based planning",
        "Service engagement with the community",
    )
    assert "Tobacco use" in [factor.title for factor in triangle.uncovered_factors]
    assert "Income" not in [factor.title for factor in triangle.uncovered_factors]
    assert triangle.total == 3


def test_an_empty_register_has_every_segment_as_a_gap(partnership):
    triangle = queries.triangle(partnership)
    assert len(triangle.empty_segments) == 3 and len(triangle.uncovered_factors) == 13


def test_determinant_coverage(partnership, register):
    rows = {row.factor.key: row for row in queries.determinant_coverage(partnership)}
    assert rows["income"].assets == 1 and rows["tobacco"].assets == 0
    assert rows["income"].group_weight == 40 and rows["income"].planned_actions == 0


def test_summary_sections(owner, partnership, register):
    actions.segment_assessment_update(
        by=owner, partnership=partnership, segment="civic", summary="One.\n\nTwo."
    )
    sections = {section.item: section for section in queries.summary_sections(partnership)}
    assert set(sections) == {"civic-assets", "service-assets", "community-assets"}
    civic = sections["civic-assets"]
    assert civic.stage == "mapping-the-system"
    assert civic.paragraphs[:2] == ("One.", "Two.")
    assert civic.rows[0] == ("Asset", "Type", "Owner") and civic.rows[1][0] == "Licensing"
    assert sections["service-assets"].paragraphs[0].startswith("The partnership has not")


def _square(west, south, size=0.01):
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [west + size, south], [west + size, south + size],
                         [west, south + size], [west, south]]],
    }  # fmt: skip


@pytest.fixture
def lsoas(owner, partnership):
    for code, decile, west in (("E01000001", 1, 1.30), ("E01000002", 8, 1.40),
                               ("E01000003", 2, 1.50)):  # fmt: skip
        area = Area.objects.create(
            code=code, name=f"LSOA {code[-1]}", area_type=AreaType.LSOA, vintage="2011"
        )
        Boundary.objects.create(area=area, geometry=_square(west, 52.90))
        Deprivation.objects.create(
            area=area, imd_score=50 - decile, imd_rank=decile * 1000, imd_decile=decile
        )
        partnership_actions.area_add(by=owner, partnership=partnership, gss_code=code, name=code)


def test_map_areas_and_the_deprived_areas_without_an_asset_nearby(owner, partnership, lsoas):
    near_first = _asset(
        owner, partnership, "Hub", latitude=Decimal("52.905"), longitude=Decimal("1.305")
    )
    areas = {area.code: area for area in queries.map_areas(partnership, [near_first])}
    assert areas["E01000001"].decile == 1 and areas["E01000001"].nearest_km < 0.1
    assert areas["E01000003"].nearest_km > 10
    unserved = queries.unserved_deprived_areas(list(areas.values()), within_km=1)
    assert [area.code for area in unserved] == ["E01000003"]  # decile 8 is not "deprived"
    nothing = queries.map_areas(partnership, [])
    assert [area.code for area in queries.unserved_deprived_areas(nothing, within_km=1)] == [
        "E01000001",
        "E01000003",
    ]
