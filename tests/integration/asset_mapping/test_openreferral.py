"""Open Referral UK import and export through the real actions and queries: round trips, a
hand-written document, all-or-nothing refusal with reasons, matching on re-import, the
management command and the pages."""

import copy
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placematters.asset_mapping import actions, openreferral, queries
from placematters.asset_mapping.models import Asset
from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Sector
from placematters.partnerships.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def _full_asset(by, partnership, **values):
    base = {
        "name": "Food pantry",
        "description": "Weekly food parcels",
        "segment": "community",
        "asset_type": "associations",
        "owner_name": "St Mark's Church",
        "contact_name": "Ann Example",
        "contact_email": "pantry@example.org",
        "contact_phone": "01603 123456",
        "website": "https://example.org/pantry",
        "location_name": "Church hall",
        "address": "1 Church Street",
        "town": "Norwich",
        "postcode": "NR1 2DH",
        "latitude": Decimal("52.62861"),
        "longitude": Decimal("1.29315"),
        "area_code": "E01026512",
        "areas_served": ["E07000148", "E07000147"],
        "target_groups": "Families on low incomes",
        "reach": 240,
        "capacity": "Room for 20 more households",
        "eligibility": "Anyone referred by a link worker",
        "minimum_age": 18,
        "maximum_age": 99,
        "cost": "Free",
        "cost_options": [{"option": "Membership", "amount": 2.5, "amount_description": "a year"}],
        "opening_times": "Tuesdays 10 to 12",
        "schedules": [],
        "determinants": ["income", "diet-exercise"],
        "evidence_links": ["https://example.org/report", "https://example.org/evaluation"],
        "last_verified": "2026-10-01",
    }
    return actions.asset_create(by=by, partnership=partnership, **(base | values))


@pytest.fixture
def other(owner):
    return partnership_actions.partnership_create(
        by=owner, name="Another partnership", description="Empty"
    )


def _export(partnership) -> dict:
    return json.loads(openreferral.dumps(queries.openreferral_document(partnership)))


def test_export_is_valid_stable_and_carries_the_classification(owner, partnership):
    _full_asset(owner, partnership)
    actions.asset_create(
        by=owner, partnership=partnership, name="Park", segment="civic", asset_type="physical"
    )
    first = _export(partnership)
    assert openreferral.validate_document(first) == []
    assert openreferral.dumps(first) == openreferral.dumps(_export(partnership))
    assert [service["name"] for service in first["service"]] == ["Food pantry", "Park"]
    pantry = first["service"][0]
    assert pantry["status"] == "active" and pantry["fees_description"] == "Free"
    assert first["address"][0]["postal_code"] == "NR1 2DH"
    assert first["location"][0]["external_identifier"] == "E01026512"
    assert first["location"][0]["latitude"] == 52.62861
    assert first["phone"][0]["number"] == "01603 123456"
    assert {area["name"] for area in first["service_area"]} == {"E07000147", "E07000148"}
    assert first["schedule"][0]["description"] == "Tuesdays 10 to 12"
    codes = {term["term"] for term in first["taxonomy_term"]}
    assert {"segment:community", "asset-type:associations", "determinant:income",
            "segment:civic", "field:reach", "field:evidence-link"} <= codes  # fmt: skip
    assert first["taxonomy"][0]["uri"] == openreferral.TAXONOMY_URI


def test_export_import_export_into_an_empty_partnership_is_identical(owner, partnership, other):
    _full_asset(owner, partnership)
    _full_asset(owner, partnership, name="Walking group", segment="service", owner_name="",
                latitude=None, longitude=None, opening_times="", cost_options=[],
                schedules=[{"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00"}])  # fmt: skip
    actions.asset_create(
        by=owner, partnership=partnership, name="Park", segment="civic", asset_type="physical"
    )
    first = _export(partnership)
    result = actions.assets_import_openreferral(
        by=owner, partnership=other, document=openreferral.dumps(first), source_name="a.json"
    )
    assert sorted(result.added) == ["Food pantry", "Park", "Walking group"]
    assert _export(other) == first
    copied = Asset.objects.get(partnership=other, name="Food pantry")
    assert copied.segment == "community" and copied.reach == 240
    assert copied.determinants == ["diet-exercise", "income"]
    assert copied.evidence_links == ["https://example.org/report", "https://example.org/evaluation"]
    assert copied.latitude == Decimal("52.62861") and copied.postcode == "NR1 2DH"


def test_reimport_into_the_same_partnership_updates_in_place(owner, partnership):
    asset = _full_asset(owner, partnership)
    document = _export(partnership)
    document["service"][0]["name"] = "Food pantry and cafe"
    result = actions.assets_import_openreferral(
        by=owner, partnership=partnership, document=document, source_name="b.json"
    )
    assert result.added == [] and result.updated == ["Food pantry and cafe"]
    asset.refresh_from_db()
    assert asset.name == "Food pantry and cafe"
    assert Asset.objects.filter(partnership=partnership).count() == 1
    again = actions.assets_import_openreferral(
        by=owner, partnership=partnership, document=document, source_name="b.json"
    )
    assert again.unchanged == ["Food pantry and cafe"] and again.updated == []
    event = AuditEvent.objects.filter(verb="assets.imported_openreferral").latest("id")
    assert event.target_label == "b.json" and event.verb in VERB_PHRASES
    assert AuditEvent.objects.filter(verb="asset.updated", target_id=str(asset.pk)).exists()


def test_a_partner_organisation_of_the_same_name_becomes_the_owner(owner, partnership, other):
    organisation = partnership_actions.organisation_add(
        by=owner, partnership=other, name="St Mark's Church", sector=Sector.VCSE
    )
    _full_asset(owner, partnership)
    actions.assets_import_openreferral(
        by=owner, partnership=other, document=_export(partnership), source_name="c.json"
    )
    assert Asset.objects.get(partnership=other).owner_organisation == organisation


# --- a document written by hand -----------------------------------------------------------

FOREIGN_TAXONOMY = {"id": "tax-1", "name": "Service types", "description": "A foreign one",
                    "uri": "https://example.org/taxonomy", "version": "2"}  # fmt: skip
HAND_WRITTEN = {
    "organization": [
        {"id": "org-1", "name": "Norwich Community Trust", "description": "A charity",
         "email": "hello@example.org", "website": "https://example.org", "logo": None},
        {"id": "org-2", "name": "City Council", "description": "The council"},
    ],
    "organization_identifier": [
        {"id": "oi-1", "organization_id": "org-1", "identifier_scheme": "GB-CHC",
         "identifier_type": "Charity number", "identifier": "1234567"},
    ],
    "service": [
        {"id": "svc-1", "organization_id": "org-1", "name": "Lunch club",
         "description": "Hot lunches", "url": "https://example.org/lunch",
         "email": "lunch@example.org", "status": "active", "fees": "£3 a meal",
         "fees_description": "£3 a meal", "eligibility_description": "Over 60s",
         "minimum_age": 60, "assured_date": "2026-09-30", "alert": "Closed at Christmas",
         "last_modified": "2026-09-30T12:00:00+00:00", "accreditations": "Food hygiene 5"},
        {"id": "svc-2", "organization_id": "org-1", "name": "Digital drop-in",
         "status": "temporarily closed", "description": None},
        {"id": "svc-3", "organization_id": "org-2", "name": "Benefits advice",
         "status": "inactive", "wait_time": "Two weeks"},
    ],
    "location": [
        {"id": "loc-1", "location_type": "physical", "name": "Community centre",
         "latitude": 52.63, "longitude": 1.3, "description": "Ground floor",
         "external_identifier": "E01026512", "external_identifier_type": "GSS"},
        {"id": "loc-2", "location_type": "virtual", "name": "Online",
         "external_identifier": "ONLINE-1", "external_identifier_type": "local"},
    ],
    "service_at_location": [
        {"id": "sal-1", "service_id": "svc-1", "location_id": "loc-1"},
        {"id": "sal-2", "service_id": "svc-2", "location_id": "loc-1"},
        {"id": "sal-3", "service_id": "svc-2", "location_id": "loc-2"},
        {"id": "sal-4", "service_id": "svc-3", "location_id": "loc-1"},
    ],
    "address": [
        {"id": "addr-1", "location_id": "loc-1", "address_1": "2 Market Street",
         "city": "Norwich", "state_province": "Norfolk", "postal_code": "NR2 1AA",
         "country": "GB", "address_type": "physical", "attention": "Reception"},
        {"id": "addr-2", "location_id": "loc-1", "address_1": "PO Box 1", "city": "Norwich",
         "state_province": "Norfolk", "postal_code": "NR1 9ZZ", "country": "GB",
         "address_type": "postal"},
    ],
    "accessibility": [
        {"id": "acc-1", "location_id": "loc-1", "description": "Step-free access"},
    ],
    "contact": [
        {"id": "con-1", "service_id": "svc-1", "name": "Pat", "title": "Organiser"},
        {"id": "con-2", "service_id": "svc-1", "name": "Sam", "title": "Cook"},
    ],
    "phone": [
        {"id": "ph-1", "contact_id": "con-1", "number": "01603 000001", "description": "Mobile"},
        {"id": "ph-2", "contact_id": "con-1", "number": "01603 000002"},
        {"id": "ph-3", "contact_id": "con-2", "number": "01603 000003"},
    ],
    "schedule": [
        {"id": "sch-1", "service_id": "svc-1", "freq": "WEEKLY", "byday": "TU,TH",
         "opens_at": "12:00", "closes_at": "14:00", "valid_from": "2026-01-01",
         "description": "Tuesday and Thursday lunchtimes", "interval": 1},
        {"id": "sch-2", "service_at_location_id": "sal-3", "freq": "MONTHLY",
         "bymonthday": "1", "opens_at": "18:00", "closes_at": "19:00"},
    ],
    "cost_option": [
        {"id": "co-1", "service_id": "svc-1", "option": "Meal", "amount": 3,
         "amount_description": "per meal", "valid_from": "2026-01-01"},
    ],
    "service_area": [
        {"id": "sa-1", "service_id": "svc-1", "name": "E07000148", "extent_type": "GSS"},
        {"id": "sa-2", "service_id": "svc-3", "name": "Norwich and district",
         "extent": "A polygon"},
    ],
    "language": [{"id": "lang-1", "service_id": "svc-1", "name": "Polish", "code": "pl"}],
    "funding": [{"id": "fund-1", "service_id": "svc-3", "source": "Council tax"}],
    "taxonomy": [FOREIGN_TAXONOMY],
    "taxonomy_term": [
        {"id": "term-1", "name": "Food", "description": "Food services", "taxonomy_id": "tax-1",
         "term_uri": "https://example.org/taxonomy/food"},
        {"id": "term-2", "name": "Meals", "description": "Meals", "taxonomy_id": "tax-1",
         "parent_id": "term-1"},
    ],
    "attribute": [
        {"id": "att-1", "link_id": "svc-1", "link_type": "service", "taxonomy_term_id": "term-2"},
        {"id": "att-2", "link_id": "loc-1", "link_type": "location",
         "taxonomy_term_id": "term-1"},
    ],
}  # fmt: skip


def _rows_by_id(document: dict) -> dict:
    return {(table, row["id"]): row for table, rows in document.items() for row in rows}


def test_a_hand_written_document_survives_import_and_export(owner, partnership):
    result = actions.assets_import_openreferral(
        by=owner, partnership=partnership, document=copy.deepcopy(HAND_WRITTEN),
        source_name="hand.json",
    )  # fmt: skip
    assert sorted(result.added) == ["Benefits advice", "Digital drop-in", "Lunch club"]
    lunch = Asset.objects.get(partnership=partnership, name="Lunch club")
    assert lunch.owner_name == "Norwich Community Trust"
    assert lunch.postcode == "NR2 1AA" and lunch.area_code == "E01026512"
    assert lunch.contact_name == "Pat" and lunch.contact_phone == "01603 000001"
    assert lunch.cost == "£3 a meal" and lunch.eligibility == "Over 60s"
    assert lunch.opening_times == "Tuesday and Thursday lunchtimes"
    assert lunch.areas_served == ["E07000148"]
    assert lunch.segment == "service" and lunch.asset_type == "institutions"
    assert Asset.objects.get(name="Digital drop-in").status == "temporarily closed"

    exported = _export(partnership)
    assert openreferral.validate_document(exported) == []
    held = _rows_by_id(exported)
    for table, rows in HAND_WRITTEN.items():
        for row in rows:
            assert (table, row["id"]) in held, (table, row["id"])
            for key, value in row.items():
                assert held[(table, row["id"])].get(key) == value, (table, row["id"], key)
    # each shared record is written once
    assert [row["id"] for row in exported["location"]] == ["loc-1", "loc-2"]
    assert len(exported["organization"]) == 2
    # and a second round trip changes nothing
    again = actions.assets_import_openreferral(
        by=owner, partnership=partnership, document=exported, source_name="again.json"
    )
    assert again.added == [] and again.updated == []
    assert _export(partnership) == exported


def test_the_nested_shape_is_read_too(owner, partnership):
    nested = [
        {
            "id": "n-1", "name": "Men's shed", "status": "active",
            "organization": {"id": "o-1", "name": "Shed Trust", "description": ""},
            "service_at_locations": [
                {"id": "s-1", "location": {
                    "id": "l-1", "location_type": "physical", "latitude": 52.6,
                    "longitude": 1.2, "addresses": [
                        {"id": "a-1", "address_1": "Yard", "city": "Norwich",
                         "state_province": "", "postal_code": "nr3 1aa", "country": "GB",
                         "address_type": "physical"}]}}],
            "contacts": [{"id": "c-1", "name": "Jo", "phones": [{"id": "p-1", "number": "07700"}]}],
            "schedules": [{"id": "h-1", "description": "Weekdays"}],
            "attributes": [{"id": "at-1", "taxonomy_term": {
                "id": "t-1", "name": "Civic", "description": "",
                "term_uri": openreferral.term_uri("segment:civic")}}],
        },
        {
            "id": "n-2", "name": "Repair cafe", "status": "active",
            "organization": {"id": "o-1", "name": "Shed Trust", "description": ""},
            "service_at_locations": [{"id": "s-2", "location": {
                "id": "l-1", "location_type": "physical", "latitude": 52.6, "longitude": 1.2,
                "addresses": [{"id": "a-1", "address_1": "Yard", "city": "Norwich",
                               "state_province": "", "postal_code": "nr3 1aa",
                               "country": "GB", "address_type": "physical"}]}}],
        },
    ]  # fmt: skip
    result = actions.assets_import_openreferral(
        by=owner, partnership=partnership, document={"services": nested}, source_name="n.json"
    )
    assert sorted(result.added) == ["Men's shed", "Repair cafe"]
    shed = Asset.objects.get(partnership=partnership, name="Men's shed")
    assert shed.segment == "civic" and shed.postcode == "NR3 1AA"
    assert shed.contact_phone == "07700" and shed.opening_times == "Weekdays"
    assert shed.external_ids["location"] == "l-1"
    assert Asset.objects.get(name="Repair cafe").external_ids["location"] == "l-1"


# --- refusals ------------------------------------------------------------------------------


def _problems(by, partnership, document):
    count = Asset.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(openreferral.OpenReferralInvalid) as refused:
        actions.assets_import_openreferral(
            by=by, partnership=partnership, document=document, source_name="bad.json"
        )
    assert Asset.objects.count() == count and AuditEvent.objects.count() == events
    return {(problem.path, problem.reason) for problem in refused.value.problems}


def _broken(change) -> dict:
    document = copy.deepcopy(HAND_WRITTEN)
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d["service"][0].pop("name"), "$.service[0].name", "required field"),
        (lambda d: d["service"][1].update(status="open"), "$.service[1].status", "one of"),
        (lambda d: d["location"][0].update(latitude="52.6"), "$.location[0].latitude", "number"),
        (lambda d: d["location"][0].update(latitude=123), "$.location[0].latitude", "at most"),
        (lambda d: d["service"][0].update(email="nobody"), "$.service[0].email", "e-mail"),
        (lambda d: d["service"][0].update(url="example"), "$.service[0].url", "web address"),
        (lambda d: d["service_at_location"][0].update(location_id="nowhere"),
         "$.service_at_location[0].location_id", "not in the document"),
        (lambda d: d["service"][2].update(id="svc-1"), "$.service[2].id", "used"),
        (lambda d: d["address"][0].update(postal_code="75001"), "$.address[0].postal_code",
         "postcode"),
        (lambda d: d["location"][0].update(latitude=48.8), "$.location[0].latitude", "UK"),
        (lambda d: d["schedule"][0].update(opens_at="noon"), "$.schedule[0].opens_at", "time"),
        (lambda d: d["service"][0].update(assured_date="30/09/2026"),
         "$.service[0].assured_date", "date"),
    ],
)  # fmt: skip
def test_invalid_documents_are_refused_with_the_path_and_a_reason(
    owner, partnership, change, path, words
):
    problems = _problems(owner, partnership, _broken(change))
    assert any(where == path and words in reason for where, reason in problems), problems


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff\xfe not text", "not UTF-8"),
        (b"{not json", "not JSON"),
        (b'{"service": [{"id": "x", "name": "A", "status": "active", "n": NaN}]}', "JSON"),
        (b'"just a string"', "not an Open Referral UK document"),
    ],
)
def test_files_that_are_not_utf8_json_are_refused(owner, partnership, raw, words):
    problems = _problems(owner, partnership, raw)
    assert any(where == "$" and words in reason for where, reason in problems), problems


def test_a_file_over_the_cap_is_refused(owner, partnership, settings):
    settings.OPENREFERRAL_MAX_BYTES = 100
    problems = _problems(owner, partnership, json.dumps(HAND_WRITTEN).encode())
    assert any("largest allowed" in reason for _path, reason in problems)


def test_a_viewer_cannot_import(viewer, partnership):
    with pytest.raises(NotAllowed):
        actions.assets_import_openreferral(
            by=viewer, partnership=partnership, document=HAND_WRITTEN, source_name="x"
        )


# --- hypothesis: generated documents ----------------------------------------------------------

TEXT = st.text(alphabet="abcdefghij KLMNOP-'", min_size=1, max_size=20).map(str.strip).filter(bool)
IDS = st.uuids().map(str)


@st.composite
def documents(draw):
    count = draw(st.integers(1, 4))
    locations = [
        {"id": draw(IDS), "location_type": draw(st.sampled_from(["physical", "postal"])),
         "name": draw(TEXT),
         "latitude": draw(st.integers(4980000, 6090000)) / 100000,
         "longitude": draw(st.integers(-870000, 180000)) / 100000}
        for _ in range(draw(st.integers(1, 2)))
    ]  # fmt: skip
    document = {"organization": [], "service": [], "location": locations,
                "service_at_location": [], "schedule": [], "cost_option": []}  # fmt: skip
    for _ in range(count):
        service = {"id": draw(IDS), "name": draw(TEXT),
                   "status": draw(st.sampled_from(["active", "inactive", "defunct"]))}  # fmt: skip
        if draw(st.booleans()):
            service["description"] = draw(TEXT)
        if draw(st.booleans()):
            service["minimum_age"] = draw(st.integers(0, 20))
        document["service"].append(service)
        location = draw(st.sampled_from(locations))
        document["service_at_location"].append(
            {"id": draw(IDS), "service_id": service["id"], "location_id": location["id"]}
        )
        if draw(st.booleans()):
            document["schedule"].append(
                {"id": draw(IDS), "service_id": service["id"], "freq": "WEEKLY",
                 "byday": draw(st.sampled_from(["MO", "TU,WE"])), "opens_at": "09:00"}
            )  # fmt: skip
        if draw(st.booleans()):
            document["cost_option"].append(
                {"id": draw(IDS), "service_id": service["id"], "amount": draw(st.integers(0, 50))}
            )
    used = {link["location_id"] for link in document["service_at_location"]}
    document["location"] = [row for row in locations if row["id"] in used]
    return document


BREAKAGES = [
    lambda d: d["service"][0].pop("status"),
    lambda d: d["service"][0].update(status="maybe"),
    lambda d: d["location"][0].update(longitude="east"),
    lambda d: d["service_at_location"][0].update(location_id="missing"),
    lambda d: d["service"].append(dict(d["service"][0])),
    lambda d: d["schedule"].append({"id": "s", "service_id": "gone"}),
    lambda d: d["location"][0].update(location_type="imaginary"),
]

SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(document=documents())
def test_generated_valid_documents_round_trip(owner, partnership, document):
    Asset.objects.filter(partnership=partnership).delete()
    actions.assets_import_openreferral(
        by=owner, partnership=partnership, document=document, source_name="gen.json"
    )
    exported = _export(partnership)
    held = _rows_by_id(exported)
    for table, rows in document.items():
        for row in rows:
            assert {**held[(table, row["id"])], **row} == held[(table, row["id"])]
    again = copy.deepcopy(exported)
    actions.assets_import_openreferral(
        by=owner, partnership=partnership, document=again, source_name="gen.json"
    )
    assert _export(partnership) == exported


@SETTINGS
@given(document=documents(), breakage=st.sampled_from(BREAKAGES))
def test_generated_invalid_documents_are_refused(owner, partnership, document, breakage):
    breakage(document)
    assert _problems(owner, partnership, document)


# --- the command and the pages -----------------------------------------------------------------


def test_command_exports_and_imports(owner, partnership, other, tmp_path, capsys):
    _full_asset(owner, partnership)
    path = tmp_path / "out.json"
    call_command("openreferral", "export", str(path), "--partnership", partnership.slug)
    assert "1 service" in capsys.readouterr().out
    call_command("openreferral", "import", str(path), "--partnership", other.slug)
    assert "1 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert _export(other) == json.loads(path.read_text())


def test_command_refuses_an_invalid_file_with_exit_status_1(partnership, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_broken(lambda d: d["service"][0].update(status="open"))))
    with pytest.raises(SystemExit) as stopped:
        call_command("openreferral", "import", str(path), "--partnership", partnership.slug)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "$.service[0].status" in err and "nothing was imported" in err.lower()


def test_export_download(client, owner, partnership):
    _full_asset(owner, partnership)
    client.force_login(owner)
    response = client.get(
        reverse("asset_mapping:asset_openreferral_export", args=[partnership.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["service"][0]["name"] == "Food pantry"


def test_import_page_shows_each_problem_then_a_summary(client, editor, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    url = reverse("asset_mapping:asset_openreferral_import", args=[partnership.slug])
    assert client.get(url).status_code == 200
    bad = _broken(lambda d: d["service"][0].update(status="open"))
    upload = SimpleUploadedFile("bad.json", json.dumps(bad).encode(), "application/json")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "$.service[0].status" in response.text and "Nothing has been imported" in response.text
    assert Asset.objects.count() == 0
    good = SimpleUploadedFile("good.json", json.dumps(HAND_WRITTEN).encode(), "application/json")
    response = client.post(url, {"file": good})
    assert response.status_code == 200
    assert "3 assets added" in response.text and "Lunch club" in response.text
