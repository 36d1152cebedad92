"""What leaves a partnership when it publishes its plan or logic model."""

import datetime
import json

from placematters.sharing import redaction

START = datetime.date(2026, 4, 1)


def _action(**changes) -> redaction.ActionFacts:
    values = {
        "title": "Stop-smoking drop-ins at Cromer Community Hub",
        "description": "Weekly drop-ins run by Coastal Care Trust; ask jo.bloggs@coastal.example",
        "why": "Jo Bloggs found quit rates lowest among seasonal workers in Cromer",
        "segment": "service",
        "determinant": "tobacco_use",
        "intensity": "targeted",
        "life_stages": ("working_age",),
        "ihe_step": 5,
        "start_date": START,
        "due_date": START + datetime.timedelta(days=90),
        "owner_name": "Jo Bloggs",
        "owner_email": "jo.bloggs@coastal.example",
        "organisation": "Coastal Care Trust",
        "communities": ("Seasonal workers in Cromer",),
        "intensity_note": "Private note: funding depends on Jo's bid",
        "milestones": (
            redaction.MilestoneFacts("Jo Bloggs books the hall", START + datetime.timedelta(14)),
        ),
    }
    values.update(changes)
    return redaction.ActionFacts(**values)


def _published(**options) -> str:
    content = redaction.redact_plan(
        [_action(), _action(title="Second action", start_date=None, communities=("Cromer",))],
        people=["Jo Bloggs", "jo.bloggs@coastal.example", "Sam Stakeholder"],
        organisations=["Coastal Care Trust", "North Norfolk Council"],
        **options,
    )
    return json.dumps(content)


def test_no_owner_name_email_note_organisation_or_community_leaks_by_default():
    text = _published()
    for private in ("Jo Bloggs", "jo.bloggs", "@coastal.example", "Coastal Care Trust",
                    "Seasonal workers in Cromer", "Private note", "funding depends"):  # fmt: skip
        assert private.lower() not in text.lower(), private
    assert "target community 1" in text
    assert redaction.EMAIL_REMOVED in text and redaction.ORGANISATION_REMOVED in text


def test_organisation_and_community_names_only_when_chosen():
    text = _published(include_organisations=True, include_communities=True)
    assert "Coastal Care Trust" in text
    assert "Seasonal workers in Cromer" in text
    assert "Jo Bloggs" not in text and "jo.bloggs" not in text
    assert "target community" not in text


def test_what_is_kept_and_the_timings_relative_to_the_plan_start():
    content = redaction.redact_plan([_action()], people=["Jo Bloggs"])
    item = content["actions"][0]
    assert item["segment"] == "service" and item["determinant"] == "tobacco_use"
    assert item["intensity"] == "targeted" and item["life_stages"] == ["working_age"]
    assert item["ihe_step"] == 5
    assert item["starts_after_days"] == 0 and item["due_after_days"] == 90
    assert item["milestones"] == [{"title": "[name removed] books the hall", "due_after_days": 14}]
    assert "owner" not in json.dumps(item) and "organisation" not in item


def test_the_plan_starts_at_its_earliest_date():
    first = _action(start_date=None, due_date=START + datetime.timedelta(days=10))
    second = _action(title="B", start_date=START + datetime.timedelta(days=4))
    assert redaction.plan_start([first, second]) == START + datetime.timedelta(days=4)
    assert redaction.plan_start([]) is None


def test_communities_are_numbered_in_order_of_first_mention():
    labels = redaction.community_labels(
        [_action(communities=("B", "A")), _action(communities=("A", "C"))]
    )
    assert labels == {"B": "target community 1", "A": "target community 2",
                      "C": "target community 3"}  # fmt: skip


def _logic(**options) -> dict:
    elements = [
        redaction.ElementFacts(1, "activity", "Drop-ins by Coastal Care Trust", "", ""),
        redaction.ElementFacts(7, "outcome_short", "More quits", "Ask Jo Bloggs", "Quits"),
    ]
    links = [
        redaction.LinkFacts(1, 7, "Trial evidence", "https://evidence.example/trial", "high"),
        redaction.LinkFacts(1, 99, "Dangling", "", "low"),
    ]
    return redaction.redact_logic_model(
        elements, links, people=["Jo Bloggs"], organisations=["Coastal Care Trust"], **options
    )


def test_logic_model_keeps_elements_and_links_but_not_evidence_urls_unless_chosen():
    content = _logic()
    assert [e["number"] for e in content["elements"]] == [1, 2]
    assert content["links"] == [
        {"source": 1, "target": 2, "evidence": "Trial evidence", "confidence": "high"}
    ]
    text = json.dumps(content)
    assert "evidence.example" not in text and "Jo Bloggs" not in text
    assert "Coastal Care Trust" not in text
    chosen = _logic(include_evidence_links=True, include_organisations=True)
    assert chosen["links"][0]["evidence_url"] == "https://evidence.example/trial"
    assert "Coastal Care Trust" in json.dumps(chosen)


def test_unique_title_and_dated():
    assert redaction.unique_title("Walks", {"Talks"}) == "Walks"
    assert redaction.unique_title("Walks", {"walks", "Walks (2)"}) == "Walks (3)"
    assert len(redaction.unique_title("x" * 200, {"x" * 200})) == 200
    assert redaction.dated(30, START) == START + datetime.timedelta(days=30)
    assert redaction.dated(None, START) is None
