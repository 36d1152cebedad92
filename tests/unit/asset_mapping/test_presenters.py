import datetime

from hypothesis import given
from hypothesis import strategies as st

from placematters.asset_mapping.presenters import (
    Band,
    MapPoint,
    MapShape,
    Side,
    centroid,
    distance_km,
    is_stale,
    map_svg,
    normalise_postcode,
    triangle_svg,
    verified_phrase,
    within_uk,
)

TODAY = datetime.date(2026, 11, 21)


def test_postcodes_are_normalised_to_capitals_with_one_space():
    assert normalise_postcode("nr12dh") == "NR1 2DH"
    assert normalise_postcode("  sw1a   1aa ") == "SW1A 1AA"
    assert normalise_postcode("M1 1AE") == "M1 1AE"
    assert normalise_postcode("") == ""


def test_things_that_are_not_postcodes_are_refused():
    for value in ("NR1", "12345", "NR1 2D", "N R1 2DH!", "QQQ 1AA"):
        assert normalise_postcode(value) is None


@given(st.text(max_size=12))
def test_postcode_normalising_never_fails_and_is_stable(text):
    result = normalise_postcode(text)
    if result:
        assert normalise_postcode(result) == result
        assert " " in result and result == result.upper()


def test_within_uk():
    assert within_uk(52.63, 1.29)
    assert not within_uk(48.85, 2.35)  # Paris
    assert not within_uk(52.63, 12.0)


def test_staleness_and_the_phrase_for_it():
    assert is_stale(None, TODAY, 365)
    assert not is_stale(TODAY - datetime.timedelta(days=365), TODAY, 365)
    assert is_stale(TODAY - datetime.timedelta(days=366), TODAY, 365)
    assert verified_phrase(None, TODAY) == "Never verified"
    assert verified_phrase(TODAY, TODAY) == "Verified today"
    assert verified_phrase(TODAY - datetime.timedelta(days=1), TODAY) == "Verified 1 day ago"
    assert verified_phrase(TODAY - datetime.timedelta(days=9), TODAY) == "Verified 9 days ago"


def test_distance_between_norwich_and_cromer_is_about_35_km():
    assert 30 < distance_km(52.6309, 1.2974, 52.9310, 1.3010) < 36
    assert distance_km(52.0, 1.0, 52.0, 1.0) == 0


def test_centroid_of_a_square_and_of_a_multipolygon():
    square = {"type": "Polygon", "coordinates": [[[0, 50], [1, 50], [1, 51], [0, 51]]]}
    assert centroid(square) == (50.5, 0.5)
    multi = {"type": "MultiPolygon", "coordinates": [square["coordinates"]]}
    assert centroid(multi) == (50.5, 0.5)
    assert centroid({"type": "Point", "coordinates": [0, 0]}) is None


def test_triangle_svg_names_each_band_and_side_and_escapes():
    svg = triangle_svg(
        [
            Band("civic", "Civic <b>", 2),
            Band("service", "Service", 0),
            Band("community", "Community", 1),
        ],
        [Side("Place-based planning", 1), Side("Service engagement", 0), Side("Integration", 3)],
        label="Triangle & counts",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Civic &lt;b&gt;" in svg and "2 assets" in svg and "No assets" in svg
    assert "3 connectors" in svg and "Triangle &amp; counts" in svg
    assert 'stroke-dasharray="6 4"' in svg  # the empty segment is drawn dashed


def test_map_svg_draws_shapes_and_points():
    square = {
        "type": "Polygon",
        "coordinates": [[[1.0, 52.0], [1.1, 52.0], [1.1, 52.1], [1.0, 52.0]]],
    }
    svg = map_svg(
        [MapShape("E01", "Somewhere", square, "#123456")],
        [MapPoint("Pantry", 52.05, 1.05)],
        label="Map",
    )
    assert svg.count("<path") == 1 and svg.count("<circle") == 1
    assert 'fill="#123456"' in svg and "<title>Pantry</title>" in svg
    assert map_svg([], [], label="Nothing").count("<path") == 0
