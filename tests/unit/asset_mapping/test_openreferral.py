"""The pure Open Referral UK module: reading files, the schema, flattening the nested shape,
problems with JSON paths and reasons, and writing a document from asset-like objects."""

import datetime
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from placematters.asset_mapping import openreferral
from placematters.asset_mapping.openreferral import OpenReferralInvalid

SEGMENTS = {"civic", "service", "community"}
TYPES = {"individuals", "associations", "institutions", "physical", "economic", "cultural"}


def _problems(document) -> list[tuple[str, str]]:
    with pytest.raises(OpenReferralInvalid) as refused:
        openreferral.parse(document, segments=SEGMENTS, asset_types=TYPES)
    assert refused.value.problems
    return [(problem.path, problem.reason) for problem in refused.value.problems]


def test_the_schema_is_valid_and_names_its_source_and_review_date():
    schema = openreferral.schema()
    Draft202012Validator.check_schema(schema)
    assert "Open Referral UK" in schema["source"] and schema["reviewed"]
    datetime.date.fromisoformat(schema["reviewed"])
    for table in openreferral.TABLES:
        assert "id" in schema["$defs"][table]["required"]
    assert schema["$defs"]["service"]["properties"]["status"]["enum"] == [
        "active", "inactive", "defunct", "temporarily closed",
    ]  # fmt: skip
    assert set(schema["$defs"]["address"]["required"]) >= {
        "address_1", "city", "state_province", "postal_code", "country", "address_type",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xc3\x28", "not UTF-8"),
        (b"[1, 2", "not JSON"),
        (b'{"a": Infinity}', "not valid JSON"),
    ],
)
def test_read_document_refuses_what_is_not_utf8_json(raw, words):
    with pytest.raises(OpenReferralInvalid) as refused:
        openreferral.read_document(raw)
    assert words in refused.value.problems[0].reason
    assert refused.value.problems[0].path == "$"


def test_read_document_has_a_size_cap_and_accepts_a_byte_order_mark():
    with pytest.raises(OpenReferralInvalid) as refused:
        openreferral.read_document(b"[" + b"1," * 600 + b"1]", max_bytes=1024)
    assert "largest allowed is 1 KB" in refused.value.problems[0].reason
    assert openreferral.read_document("\ufeff[]".encode()) == []


def test_size_text():
    assert openreferral.size_text(512) == "512 bytes"
    assert openreferral.size_text(2048) == "2 KB"
    assert openreferral.size_text(5 * 1024 * 1024) == "5.0 MB"


def test_each_problem_has_a_path_and_a_plain_reason():
    document = {
        "service": [
            {"id": "s1", "status": "open", "email": "no", "minimum_age": -1},
            {"id": "s1", "name": "Twice", "status": "active"},
        ],
        "location": [{"id": "l1", "location_type": "physical", "latitude": "52"}],
    }
    problems = dict(_problems(document))
    assert problems["$.service[0].name"] == "This required field is missing"
    assert problems["$.service[0].status"].startswith('"open" is not allowed here: use one of')
    assert "not an e-mail address" in problems["$.service[0].email"]
    assert "at least 0" in problems["$.service[0].minimum_age"]
    assert problems["$.location[0].latitude"] == 'Expected a number, found "52"'


def test_ids_and_links_are_checked_after_the_schema():
    document = {
        "service": [{"id": "s1", "name": "A", "status": "active"},
                    {"id": "s1", "name": "B", "status": "active"}],
        "location": [],
        "service_at_location": [{"id": "x", "service_id": "s1", "location_id": "gone"}],
        "attribute": [{"id": "a", "link_id": "s1", "link_type": "service",
                       "taxonomy_term_id": "missing"}],
    }  # fmt: skip
    problems = _problems(document)
    assert ("$.service[1].id", "The id 's1' is used by another service too (at $.service[0])") in (
        problems
    )
    assert ("$.service_at_location[0].location_id",
            "Points at location 'gone', which is not in the document") in problems  # fmt: skip
    assert any(path == "$.attribute[0].taxonomy_term_id" for path, _ in problems)


def test_a_document_of_neither_shape_is_refused():
    assert _problems(42)[0][0] == "$"
    assert "no services" in _problems([])[0][1]


def test_nested_services_are_flattened_with_their_links():
    service = {
        "id": "s1", "name": "Club", "status": "active",
        "organization": {"id": "o1", "name": "Trust", "description": "A trust"},
        "service_at_locations": [{"id": "sal", "location": {
            "id": "l1", "location_type": "physical",
            "addresses": [{"id": "a1", "address_1": "1 Road", "city": "Cromer",
                           "state_province": "Norfolk", "postal_code": "NR27 9HE",
                           "country": "GB", "address_type": "physical"}],
            "accessibility": [{"id": "acc", "description": "Ramp"}]}}],
        "contacts": [{"id": "c1", "name": "Jo", "phones": [{"id": "p1", "number": "01263"}]}],
        "languages": [{"id": "lang", "name": "Polish"}],
    }  # fmt: skip
    tables = openreferral.to_tables(service)
    row = {record.table: record for table in tables.rows for record in tables.rows[table]}
    assert row["service"].data["organization_id"] == "o1"
    assert row["service_at_location"].data == {"id": "sal", "service_id": "s1",
                                               "location_id": "l1"}  # fmt: skip
    assert row["address"].data["location_id"] == "l1"
    assert row["accessibility"].data["location_id"] == "l1"
    assert row["phone"].data["contact_id"] == "c1"
    assert row["contact"].data["service_id"] == "s1"
    assert row["address"].path == "$.service_at_locations[0].location.addresses[0]"
    parsed = openreferral.parse(service, segments=SEGMENTS, asset_types=TYPES)
    fields = parsed.services[0].fields
    assert fields["postcode"] == "NR27 9HE" and fields["contact_phone"] == "01263"
    assert fields["oruk_extra"]["more"]["accessibility"][0]["description"] == "Ramp"
    assert fields["oruk_extra"]["more"]["language"][0]["name"] == "Polish"


def test_a_nested_record_repeated_with_different_details_is_refused():
    location = {"id": "l1", "location_type": "physical", "name": "Hall"}
    services = [
        {"id": "s1", "name": "A", "status": "active",
         "service_at_locations": [{"id": "x1", "location": location}]},
        {"id": "s2", "name": "B", "status": "active",
         "service_at_locations": [{"id": "x2", "location": location | {"name": "Barn"}}]},
    ]  # fmt: skip
    problems = _problems({"services": services})
    assert problems[0][0] == "$.services[1].service_at_locations[0].location.id"
    assert "different details" in problems[0][1]


def test_our_taxonomy_maps_back_and_foreign_terms_are_kept():
    ours = openreferral.term_uri
    document = {
        "service": [{"id": "s1", "name": "Garden", "status": "active"}],
        "taxonomy": [{"id": "t", "name": "Other", "description": "", "uri": "https://x.org"}],
        "taxonomy_term": [
            {"id": "1", "name": "C", "description": "", "term_uri": ours("segment:community")},
            {"id": "2", "name": "P", "description": "", "term_uri": ours("asset-type:physical")},
            {"id": "3", "name": "I", "description": "", "term_uri": ours("determinant:income")},
            {"id": "4", "name": "R", "description": "", "term_uri": ours("field:reach")},
            {"id": "5", "name": "F", "description": "", "taxonomy_id": "t"},
        ],
        "attribute": [
            {"id": f"a{n}", "link_id": "s1", "link_type": "service", "taxonomy_term_id": str(n)}
            for n in range(1, 6)
        ],
    }
    document["attribute"][3]["value"] = "120"
    fields = openreferral.parse(document, segments=SEGMENTS, asset_types=TYPES).services[0].fields
    assert (fields["segment"], fields["asset_type"]) == ("community", "physical")
    assert fields["determinants"] == ["income"] and fields["reach"] == 120
    more = fields["oruk_extra"]["more"]
    assert [row["id"] for row in more["attribute"]] == ["a5"]
    assert [row["id"] for row in more["taxonomy_term"]] == ["5"]
    assert [row["id"] for row in more["taxonomy"]] == ["t"]


def test_a_bad_reach_or_unknown_term_of_ours_is_a_problem():
    document = {
        "service": [{"id": "s1", "name": "Garden", "status": "active"}],
        "taxonomy_term": [
            {"id": "1", "name": "R", "description": "", "term_uri": openreferral.term_uri(
                "field:reach")},
            {"id": "2", "name": "X", "description": "", "term_uri": openreferral.term_uri(
                "segment:moon")},
        ],
        "attribute": [
            {"id": "a1", "link_id": "s1", "taxonomy_term_id": "1", "value": "lots"},
            {"id": "a2", "link_id": "s1", "taxonomy_term_id": "2"},
        ],
    }  # fmt: skip
    problems = dict(_problems(document))
    assert "whole number" in problems["$.attribute[0].value"]
    assert "not a term of the Place Matters taxonomy" in problems["$.attribute[1].taxonomy_term_id"]


def _asset(**values):
    base = dict(  # noqa: C408
        pk=7, name="Food pantry", description="", segment="community", asset_type="associations",
        status="active", owner="Trust", owner_organisation_id=None, contact_name="",
        contact_email="", contact_phone="", website="", location_name="", address="", town="",
        postcode="NR1 2DH", latitude=Decimal("52.60000"), longitude=Decimal("1.30000"),
        area_code="", areas_served=["E07000147"], target_groups="", reach=None, capacity="",
        eligibility="", minimum_age=None, maximum_age=None, cost="", cost_options=[],
        opening_times="", schedules=[], determinants=["income"], evidence_links=[],
        last_verified=datetime.date(2026, 1, 2), external_ids={}, oruk_extra={},
        updated_at=datetime.datetime(2026, 1, 2, 9, 0, tzinfo=datetime.UTC),
    )  # fmt: skip
    return SimpleNamespace(**(base | values))


def test_to_document_is_valid_with_stable_partnership_scoped_ids():
    labels = {"segment": {"community": "Community-centred"}}
    first = openreferral.to_document([_asset()], partnership_key=1, labels=labels)
    assert openreferral.validate_document(json.loads(openreferral.dumps(first))) == []
    assert openreferral.dumps(first) == openreferral.dumps(
        openreferral.to_document([_asset()], partnership_key=1, labels=labels)
    )
    other = openreferral.to_document([_asset()], partnership_key=2, labels=labels)
    assert first["service"][0]["id"] != other["service"][0]["id"]
    service = first["service"][0]
    assert service["assured_date"] == "2026-01-02" and service["organization_id"]
    assert first["location"][0]["latitude"] == 52.6
    assert first["service_area"][0]["name"] == "E07000147"
    terms = {term["term"]: term["name"] for term in first["taxonomy_term"]}
    assert terms["segment:community"] == "Community-centred"
    assert "determinant:income" in terms


def test_to_document_keeps_imported_ids_and_extra_records():
    asset = _asset(
        external_ids={"service": "svc-9", "location": "loc-9"},
        oruk_extra={"more": {"funding": [{"id": "f1", "service_id": "svc-9", "source": "Lottery"}]},
                    "records": {"service": {"alert": "Closed Mondays"}}},
    )  # fmt: skip
    document = openreferral.to_document([asset], partnership_key=1, labels={})
    assert document["service"][0]["id"] == "svc-9"
    assert document["service"][0]["alert"] == "Closed Mondays"
    assert document["location"][0]["id"] == "loc-9"
    assert document["funding"] == [{"id": "f1", "service_id": "svc-9", "source": "Lottery"}]


@given(
    name=st.text(min_size=1, max_size=30).filter(lambda text: text.strip()),
    reach=st.none() | st.integers(0, 10_000),
    opening=st.text(max_size=20),
)
def test_written_documents_parse_back_to_the_same_fields(name, reach, opening):
    asset = _asset(name=name, reach=reach, opening_times=opening)
    document = json.loads(
        openreferral.dumps(openreferral.to_document([asset], partnership_key=3, labels={}))
    )
    fields = openreferral.parse(document, segments=SEGMENTS, asset_types=TYPES).services[0].fields
    assert fields["name"] == name and fields["reach"] == reach
    assert fields["opening_times"] == opening
    assert fields["segment"] == "community" and fields["determinants"] == ["income"]
    assert fields["latitude"] == Decimal("52.60000")
