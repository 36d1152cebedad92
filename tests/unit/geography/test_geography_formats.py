"""The geography, boundary and IMD formats: detection, normalised output and their checks."""

import json

import pytest

from placematters.geography import importers
from placematters.geography.importers import (
    area_list,
    boundaries,
    imd_file7,
    lsoa_best_fit,
    ons_lookup,
    ruc,
)
from placematters.geography.importers.base import ImportFailed

HIERARCHY = (
    "lsoa11_code,lsoa11_name,msoa11_code,msoa11_name,ltla19_code,ltla19_name,utla19_code,"
    "utla19_name,region19_code,region19_name,country_code\n"
    "E01026419,Breckland 010A,E02005516,Breckland 010,E07000143,Breckland,E10000020,Norfolk,"
    "E12000006,East of England,E92000001\n"
    "E01000001,City of London 001A,E02000001,City of London 001,E09000001,City of London,"
    "E09000001,City of London,E12000007,London,E92000001\n"
)


def parse(module, tmp_path, content, name="file.csv", **options):
    path = tmp_path / name
    path.write_text(content)
    return module.parse(module.read(path, **options)), path


def links_of(parsed):
    return {
        (row.child_code, row.child_vintage, row.parent_code, row.parent_vintage, row.relation)
        for row in parsed.data["links"].itertuples()
    }


def test_a_hierarchy_links_each_level_to_the_next(tmp_path):
    parsed, path = parse(ons_lookup, tmp_path, HIERARCHY)
    assert importers.choose(path, "geography") is ons_lookup
    assert parsed.errors == []
    areas = parsed.data["areas"].set_index(["code", "vintage"])
    assert areas.loc[("E10000020", "2019"), "area_type"] == "county_ua"
    assert areas.loc[("E09000001", "2019"), "area_type"] == "district"
    assert areas.loc[("E92000001", "2011"), "name"] == ""
    assert links_of(parsed) == {
        ("E01026419", "2011", "E02005516", "2011", "parent"),
        ("E01026419", "2011", "E07000143", "2019", "parent"),
        ("E01000001", "2011", "E02000001", "2011", "parent"),
        ("E01000001", "2011", "E09000001", "2019", "parent"),
        # MSOAs nest in districts (each is in one district in this file), so they are linked
        ("E02005516", "2011", "E07000143", "2019", "parent"),
        ("E02000001", "2011", "E09000001", "2019", "parent"),
        ("E07000143", "2019", "E10000020", "2019", "parent"),
        ("E10000020", "2019", "E12000006", "2019", "parent"),
        # a London borough is its own upper tier: no self-link, straight on to its region
        ("E09000001", "2019", "E12000007", "2019", "parent"),
        # the undated country is the top of the chain, reached from the regions
        ("E12000006", "2019", "E92000001", "2011", "parent"),
        ("E12000007", "2019", "E92000001", "2011", "parent"),
    }


def test_codes_of_the_wrong_kind_missing_children_and_conflicts_are_errors(tmp_path):
    content = (
        "LSOA11CD,LSOA11NM,LAD19CD\n"
        "E02000001,Not an LSOA,E09000001\n"
        ",No code,E09000001\n"
        "E01000001,A,E09000001\n"
        "E01000001,A,E09000002\n"
        "E01000003,C,X\n"
    )
    parsed, _ = parse(ons_lookup, tmp_path, content)
    assert [str(error) for error in parsed.errors] == [
        "line 2, column LSOA11CD: E02000001 is not a LSOA code (those start E01 or W01)",
        "line 6, column LAD19CD: 'X' is not a GSS area code (a letter E, W, S or N and eight "
        "digits)",
        "line 3, column LSOA11CD: missing area code",
        "line 5, column LSOA11CD: duplicate LSOA 2011 (it is listed again with different areas "
        "above it): the same as line 4 but with a different value",
    ]


def test_the_best_fit_table_gives_successor_links_with_shares(tmp_path):
    content = (
        "lsoa11_name,lsoa11_code,change_code,lsoa21_name,lsoa21_code,ltla22_name,ltla22_code\n"
        "A,E01000001,U,A,E01000001,City,E09000001\n"
        "B,E01000002,S,B1,E01033001,City,E09000001\n"
        "B,E01000002,S,B2,E01033002,City,E09000001\n"
        "C,E01000003,M,CD,E01033003,City,E09000001\n"
        "D,E01000004,M,CD,E01033003,City,E09000001\n"
    )
    parsed, path = parse(lsoa_best_fit, tmp_path, content)
    assert importers.choose(path, "geography") is lsoa_best_fit
    assert parsed.errors == []
    links = parsed.data["links"]
    successors = links[links["relation"] == "successor"]
    assert sorted(zip(successors["child_code"], successors["parent_code"], successors["change"],
                      successors["weight"], strict=True)) == [
        ("E01000001", "E01000001", "U", 1.0),
        ("E01000002", "E01033001", "S", 0.5),
        ("E01000002", "E01033002", "S", 0.5),
        ("E01000003", "E01033003", "M", 1.0),
        ("E01000004", "E01033003", "M", 1.0),
    ]  # fmt: skip
    parents = links[links["relation"] == "parent"]
    assert set(parents["child_vintage"]) == {"2021"} and set(parents["vintage"]) == {"2022"}


def test_the_best_fit_table_checks_its_change_codes(tmp_path):
    content = (
        "LSOA11CD,LSOA21CD,CHGIND\n"
        "E01000001,E01000001,U\n"
        "E01000001,E01033001,U\n"
        "E01000002,E01000002,Q\n"
    )
    parsed, _ = parse(lsoa_best_fit, tmp_path, content)
    assert sorted(str(error) for error in parsed.errors) == [
        "line 2, column CHGIND: change code U (unchanged) but the LSOAs on this row map to more "
        "than one other",
        "line 3, column CHGIND: change code U (unchanged) but the LSOAs on this row map to more "
        "than one other",
        "line 4, column CHGIND: 'Q' is not a change code (U, S, M or X)",
    ]


def test_the_rural_urban_file_gives_ons_labels_by_code(tmp_path):
    content = "lsoa11_code,ruc11_code,ruc,classification\nE01000001,C2,Urban,Urban city\n"
    content += "E01000002,Z9,Urban,Nowhere\n"
    parsed, path = parse(ruc, tmp_path, content)
    assert importers.choose(path, "geography") is ruc
    assert [str(error) for error in parsed.errors] == [
        "line 3, column ruc11_code: 'Z9' is not a 2011 rural-urban class (A1, B1, C1, C2, D1, "
        "D2, E1, E2, F1 or F2)"
    ]
    parsed, _ = parse(ruc, tmp_path, content.splitlines()[0] + "\n" + content.splitlines()[1])
    assert list(parsed.data["rural_urban"]["label"]) == [
        "C2: Urban city and town in a sparse setting"
    ]


def feature(code, name, coordinates, kind="Polygon"):
    return {
        "type": "Feature",
        "properties": {"LAD24CD": code, "LAD24NM": name, "LAD24NMW": " "},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


SQUARE = [[[1.0000001, 52.0], [1.0000002, 52.0], [1.1, 52.0], [1.1, 52.1], [1.0, 52.0]]]


def geojson(tmp_path, features, crs="EPSG:4326", name="lad.geojson"):
    path = tmp_path / name
    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(document))
    return path


def test_boundaries_are_rounded_to_5_dp_without_repeated_points(tmp_path):
    path = geojson(tmp_path, [feature("E07000143", "Breckland", SQUARE)])
    assert importers.choose(path, "geography") is boundaries
    parsed = boundaries.parse(boundaries.read(path))
    assert parsed.errors == []
    geometry = parsed.data["boundaries"]["geometry"][0]
    assert geometry == {
        "type": "Polygon",
        "coordinates": [[[1.0, 52.0], [1.1, 52.0], [1.1, 52.1], [1.0, 52.0]]],
    }
    areas = parsed.data["areas"]
    assert list(zip(areas["code"], areas["vintage"], areas["name"], strict=True)) == [
        ("E07000143", "2024", "Breckland")
    ]


def test_bad_features_are_reported_by_number(tmp_path):
    path = geojson(
        tmp_path,
        [
            feature("E07000143", "Breckland", SQUARE),
            feature("E07000143", "Again", SQUARE),
            feature("E12000006", "A region", SQUARE),
            feature(
                "E07000144", "Broadland", [[[598936, 298294], [1, 2], [3, 4], [598936, 298294]]]
            ),
            feature("E07000145", "Great Yarmouth", SQUARE, kind="Point"),
        ],
    )
    parsed = boundaries.parse(boundaries.read(path))
    assert [str(error) for error in parsed.errors] == [
        "feature 2, column LAD24CD: E07000143 also has feature 1",
        "feature 3, column LAD24CD: E12000006 is not a local authority district code (those "
        "start E06, E07, E08, E09, N09, S12 or W06)",
        "feature 4, column geometry: the Polygon coordinates are not usable (598936, 298294 is "
        "not a longitude and latitude; reproject the file to WGS84 (EPSG:4326))",
        "feature 5, column geometry: a Point geometry; boundaries must be Polygon or MultiPolygon",
    ]


def test_a_projected_or_truncated_geojson_is_refused(tmp_path):
    projected = geojson(tmp_path, [feature("E07000143", "B", SQUARE)], crs="EPSG:27700")
    assert "must be WGS84" in str(boundaries.parse(boundaries.read(projected)).errors[0])
    cut = tmp_path / "cut.geojson"
    cut.write_text(geojson(tmp_path, [feature("E07000143", "B", SQUARE)]).read_text()[:-30])
    with pytest.raises(ImportFailed) as caught:
        boundaries.read(cut)
    error = caught.value.errors[0]
    assert error.line == 1 and error.column.startswith("character ")
    assert "not valid JSON" in error.reason


def test_an_area_list_needs_a_vintage_and_one_name_per_code(tmp_path):
    content = "area_code,area_name,sex\nE06000001,Hartlepool,Male\nE06000001,Hartlepool,Female\n"
    parsed, path = parse(area_list, tmp_path, content)
    assert importers.choose(path, "geography") is area_list
    assert "give the year of its boundaries (--vintage YEAR)" in parsed.errors[0].reason
    parsed, _ = parse(area_list, tmp_path, content, vintage="2014")
    assert parsed.errors == []
    assert list(parsed.data["areas"]["code"]) == ["E06000001"]
    parsed, _ = parse(area_list, tmp_path, content + "E06000001,Hartlepool UA,Persons\n",
                      vintage="2014")  # fmt: skip
    assert [str(error) for error in parsed.errors] == [
        "line 4, column area_name: E06000001 is named 'Hartlepool UA' here but 'Hartlepool' on "
        "line 2"
    ]


IMD_HEADER = [
    imd_file7.CODE,
    imd_file7.LSOA_NAME,
    imd_file7.SCORE,
    imd_file7.RANK,
    imd_file7.DECILE,
    imd_file7.domain_rank_column("Income"),
    imd_file7.domain_decile_column("Income"),
    imd_file7.POPULATIONS["population_total"],
]


def imd_csv(*rows):
    quote = lambda cell: f'"{cell}"' if "," in str(cell) else str(cell)  # noqa: E731
    lines = [",".join(quote(cell) for cell in IMD_HEADER)]
    lines += [",".join(quote(cell) for cell in row) for row in rows]
    return "\n".join(lines) + "\n"


def test_imd_file7_rows_are_checked_and_normalised(tmp_path):
    content = imd_csv(
        ["E01000001", "City 001A", "6.208", "29199", "9", "32831", "10", "1296"],
        ["E01000002", "City 001B", "5.143", "30379", "10", "29901", "10", ""],
    )
    parsed, path = parse(imd_file7, tmp_path, content)
    assert importers.choose(path, "imd") is imd_file7
    assert parsed.errors == []
    frame = parsed.data["deprivation"]
    assert list(frame["imd_rank"]) == [29199, 30379]
    assert imd_file7.domain_dicts(parsed.data["domain_ranks"], 2) == [
        {"income": 32831},
        {"income": 29901},
    ]
    assert frame["population_total"].isna().tolist() == [False, True]


def test_imd_deciles_must_match_ranks_and_headers_must_be_file7s(tmp_path):
    content = imd_csv(["E01000001", "A", "6.2", "1", "3", "32831", "10", "1296"],
                      ["E01000002", "B", "x", "0", "11", "1", "1", "-1"])  # fmt: skip
    parsed, _ = parse(imd_file7, tmp_path, content)
    assert sorted(str(error) for error in parsed.errors) == sorted(
        [
            f"line 2, column {imd_file7.DECILE}: decile 3 does not match rank 1 (rank 1 of "
            "32,844 is in decile 1)",
            f"line 3, column {imd_file7.SCORE}: not a number: 'x'",
            f"line 3, column {imd_file7.RANK}: 0 is below 1",
            f"line 3, column {imd_file7.DECILE}: 11 is above 10",
            f"line 3, column {imd_file7.POPULATIONS['population_total']}: -1 is below 0",
        ]
    )
    parsed, _ = parse(imd_file7, tmp_path, "lsoa11_code,imd_score\nE01000001,1\n")
    assert [str(error) for error in parsed.errors] == [
        f"line 1, column {name}: missing column (IoD2019 File 7 headers are needed)"
        for name in (imd_file7.CODE, imd_file7.SCORE, imd_file7.RANK, imd_file7.DECILE)
    ]


def test_a_file_matching_no_geography_format_lists_what_was_expected(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("colour,size\nred,3\n")
    with pytest.raises(ImportFailed) as caught:
        importers.choose(path, "geography")
    message = str(caught.value.errors[0])
    assert message.startswith("line 1: the columns match no geography format. Expected one of:")
    assert message.endswith("Found: colour, size")
