"""Recognising geography columns in ONS and snake spelling, any vintage: examples, properties."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.geography.importers.columns import (
    CANONICAL,
    FAMILY_COLUMN,
    area_type_of,
    families,
    vintage_of,
)

HIERARCHY_HEADER = (
    "lsoa11_code,lsoa11_name,msoa11_code,msoa11_name,ward17_code,ltla19_code,ltla19_name,"
    "utla19_code,utla19_name,region19_code,region19_name,ltla21_code,ltla21_name,utla21_code,"
    "utla21_name,country_code,country_name"
)
HIERARCHY = HIERARCHY_HEADER.split(",")


def test_the_snake_form_hierarchy_gives_every_family_finest_first():
    found = families(HIERARCHY)
    assert [(f.kind, f.vintage) for f in found] == [
        ("lsoa", "2011"),
        ("msoa", "2011"),
        ("ward", "2017"),
        ("ltla", "2019"),
        ("ltla", "2021"),
        ("utla", "2019"),
        ("utla", "2021"),
        ("region", "2019"),
        ("country", "2011"),  # no year in its name: takes the finest family's vintage
    ]
    assert found[0].code_column == "lsoa11_code" and found[0].name_column == "lsoa11_name"
    assert found[2].name_column is None  # ward17 has codes only


def test_the_ons_form_is_read_the_same_way():
    found = families(["FID", "LSOA11CD", "LSOA11NM", "WD17CD", "LAD19CD", "LAD19NM", "RGN19CD"])
    assert [(f.kind, f.vintage, f.code_column, f.name_column) for f in found] == [
        ("lsoa", "2011", "LSOA11CD", "LSOA11NM"),
        ("ward", "2017", "WD17CD", None),
        ("ltla", "2019", "LAD19CD", "LAD19NM"),
        ("region", "2019", "RGN19CD", None),
    ]


def test_a_given_vintage_fills_in_for_columns_without_one():
    found = families(["country_code", "country_name"], default_vintage="2014")
    assert [(f.kind, f.vintage) for f in found] == [("country", "2014")]
    assert families(["ctry_code"])[0].vintage is None


def test_names_without_a_code_column_and_other_columns_are_not_families():
    assert families(["lsoa11_name", "sex", "all_ages", "0", "90+", "LAD19NMW", "lsoa11"]) == []


def test_codes_are_typed_by_prefix():
    assert area_type_of("E01000001") == "lsoa"
    assert area_type_of("E06000001") == "district"  # a unitary authority is single-tier
    assert area_type_of("E10000020") == "county_ua"
    assert area_type_of("E92000001") == "country"
    assert area_type_of("K04000001") == "other"
    assert vintage_of("11") == "2011" and vintage_of("98") == "1998"


SPELLINGS = sorted(CANONICAL)
CODE_SUFFIXES = ["CD", "cd", "_code", "_CODE"]
NAME_SUFFIXES = {"CD": "NM", "cd": "nm", "_code": "_name", "_CODE": "_NAME"}


@st.composite
def family_columns(draw):
    """A set of distinct families, each spelt some ONS or snake way, with or without a name."""
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(SPELLINGS), st.integers(0, 99)),
            min_size=1,
            max_size=6,
            unique_by=lambda key: (CANONICAL[key[0]], key[1]),
        )
    )
    columns, expected = [], {}
    for spelling, year in keys:
        suffix = draw(st.sampled_from(CODE_SUFFIXES))
        base = draw(st.sampled_from([spelling, spelling.upper(), spelling.title()]))
        code = f"{base}{year:02d}{suffix}"
        name = f"{base}{year:02d}{NAME_SUFFIXES[suffix]}" if draw(st.booleans()) else None
        columns += [code] + ([name] if name else [])
        expected[(CANONICAL[spelling], vintage_of(f"{year:02d}"))] = (code, name)
    noise = draw(
        st.lists(
            st.text("abcxyz_ 0123456789", min_size=1, max_size=12).filter(
                lambda text: not FAMILY_COLUMN.match(text.strip())
            ),
            max_size=4,
        )
    )
    columns += noise
    return draw(st.permutations(columns)), expected


@settings(max_examples=200, deadline=None)
@given(family_columns())
def test_every_spelling_and_vintage_is_detected_in_any_column_order(case):
    columns, expected = case
    found = families(columns)
    assert {(f.kind, f.vintage): (f.code_column, f.name_column) for f in found} == expected
    levels = [(f.level, f.vintage) for f in found]
    assert levels == sorted(levels)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_detection_agrees_with_the_documented_regular_expression(column):
    documented = re.compile(
        r"(?i)^(lsoa|msoa|ward|wd|lad|ltla|utla|cty|ctyua|rgn|region|ctry|country)(\d\d)?"
        r"(cd|nm|_code|_name)$"
    )
    match = documented.match(column.strip())
    found = families([column])
    is_code = bool(match) and match[3].lower() in ("cd", "_code")
    assert bool(found) == is_code
