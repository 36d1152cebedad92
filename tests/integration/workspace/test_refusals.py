"""A document that is not JSON, not ours, newer, malformed, inconsistent or that needs reference
data this instance lacks is refused with a specific reason, and nothing at all is stored."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placematters.analysis import actions as analysis_actions
from placematters.geography.models import Area
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from placematters.workspace import actions
from placematters.workspace.document import Kind, record_fields
from placematters.workspace.reader import WorkspaceRefused
from tests.integration.planning.world import planning_world
from tests.integration.workspace.helpers import count_every_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(owner, partnership, editor):
    """A small but linked workspace: areas, members, a shared indicator, the plan."""
    Area.objects.create(code="E07000147", name="North Norfolk", area_type="lad")
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000147", name="North Norfolk"
    )
    shared = Indicator.objects.create(
        external_id="90366", name="Life expectancy at birth", value_type="life_expectancy",
        polarity="higher_is_better",
    )  # fmt: skip
    analysis_actions.priority_mark(
        by=owner, partnership=partnership, indicator=shared, area_code="E07000147"
    )
    planning_world(owner, partnership)
    return actions.workspace_export(by=owner, partnership=partnership)


def refusal(owner, raw, slug: str = "") -> list[str]:
    """The reasons the import of ``raw`` is refused, checking that nothing was stored."""
    before = count_every_table()
    with pytest.raises(WorkspaceRefused) as refused:
        actions.workspace_import(by=owner, raw=raw, slug=slug)
    assert count_every_table() == before
    assert refused.value.reasons
    return refused.value.reasons


def test_the_document_imports_when_nothing_is_wrong(owner, document):
    copy_of = actions.workspace_import(by=owner, raw=json.dumps(document))
    assert copy_of.plan_actions.count() == 1


def test_a_newer_version_is_refused_with_the_version_named(owner, document):
    newer = {**document, "version": 2, "records": {"something.new": []}}
    assert refusal(owner, json.dumps(newer)) == [
        "This file was written by a newer version of Place Matters (format version 2); "
        "this instance reads version 1."
    ]


def test_a_file_of_another_format_is_refused(owner, document):
    other = {**document, "format": "someone-elses-backup"}
    assert refusal(owner, json.dumps(other)) == [
        "The file is not a Place Matters workspace file: its format is "
        "“someone-elses-backup”, not “place-matters-workspace”."
    ]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (
            '{"format": "place-matters-workspace", "version": 1,',
            "The file is not valid JSON: expecting property name enclosed in double quotes at "
            "line 1, column 52.",
        ),
        ("", "expecting value at line 1, column 1"),
        (b"\xff\xfe{}", "not text saved as UTF-8"),
        ("[1, 2, 3]", "it does not hold a JSON object"),
    ],
)
def test_a_file_that_is_not_a_json_object_is_refused(owner, raw, reason):
    (message,) = refusal(owner, raw)
    assert reason in message


def test_a_link_to_a_record_missing_from_the_file_is_refused(owner, document):
    broken = copy.deepcopy(document)
    broken["records"]["planning.milestone"][0]["action"] = 99
    broken["records"]["planning.planaction"][0]["assets"] = [7]
    reasons = refusal(owner, json.dumps(broken))
    assert reasons[0] == "The file's records do not fit together."
    assert (
        "planning.milestone record 1 links through “action” to planning.planaction record 99, "
        "which is not in the file."
    ) in reasons
    assert any("“assets” to asset_mapping.asset record 7" in reason for reason in reasons)


def test_a_repeated_local_id_is_refused(owner, document):
    broken = copy.deepcopy(document)
    stakeholders = broken["records"]["toolkit.checklistitem"]
    stakeholders[1]["id"] = stakeholders[0]["id"]
    reasons = refusal(owner, json.dumps(broken))
    assert "toolkit.checklistitem uses the id 1 for more than one record." in reasons


def test_missing_reference_data_is_listed(owner, document):
    Indicator.objects.filter(external_id="90366").delete()
    Area.objects.filter(code="E07000147").delete()
    reasons = refusal(owner, json.dumps(document))
    assert reasons == [
        "This instance does not hold the reference data the file relies on.",
        "These shared indicators are not in this instance (import them first, by their "
        "external ids): 90366.",
        "These areas are not in this instance's geography (import the geography first): E07000147.",
    ]


@pytest.mark.parametrize(
    ("label", "field", "value", "reason"),
    [
        (
            "planning.milestone",
            "due_date",
            "2027-02-30",
            "planning.milestone record 1: “due_date” holds “2027-02-30”, which is not a real date.",
        ),
        (
            "toolkit.checklistitem",
            "created_at",
            "2026-11-21T25:61:00+00:00",
            "toolkit.checklistitem record 1: “created_at” holds “2026-11-21T25:61:00+00:00”, "
            "which is not a real date and time.",
        ),
    ],
)
def test_a_value_that_only_looks_like_a_date_is_refused(
    owner, document, label, field, value, reason
):
    broken = copy.deepcopy(document)
    broken["records"][label][0][field] = value
    assert refusal(owner, json.dumps(broken)) == [reason]


def test_a_taken_web_address_name_is_refused(owner, partnership, document):
    reasons = refusal(owner, json.dumps(document), slug=partnership.slug)
    assert reasons == [f"The web address name “{partnership.slug}” is already used."]


def _places(document: dict) -> list[tuple]:
    """Every place a mutation can hit: (path to a dict, key, whether its value is free JSON)."""
    places = [((), key, False) for key in document if key != "records"]
    places += [(("partnership",), key, False) for key in document["partnership"]]
    places += [(("references",), key, False) for key in document["references"]]
    for label, records in document["records"].items():
        if records:
            free = {field.name for field in record_fields(label) if field.kind == Kind.JSON}
            places += [(("records", label, 0), key, key in free) for key in records[0]]
    return places


def _wrong_type(value):
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "seven"
    if isinstance(value, str):
        return 7
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return True
    return []  # None, where only a value of one type or null is allowed


def test_schema_mutations_are_refused_and_store_nothing(owner, document):
    places = _places(document)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(place=st.sampled_from(places), drop=st.booleans())
    def check(place, drop):
        path, key, free = place
        mutated = copy.deepcopy(document)
        holder = mutated
        for step in path:
            holder = holder[step]
        if drop:
            del holder[key]
        elif free:
            return  # a JSON field takes any value: no wrong type to give it
        else:
            holder[key] = _wrong_type(holder[key])
        reasons = refusal(owner, json.dumps(mutated))
        assert key in " ".join(reasons), (path, key, reasons)

    check()
