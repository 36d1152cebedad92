"""The registry decides, model by model, what a workspace document holds."""

import json

from django.apps import apps

from placematters.workspace import registry
from placematters.workspace.document import (
    SCHEMA_PATH,
    Kind,
    build_schema,
    record_fields,
    schema_text,
)


def test_every_partnership_owned_model_is_included_or_excluded():
    unclassified = registry.unclassified_models()
    assert not unclassified, (
        "These models belong to a partnership but the workspace export neither includes nor "
        f"excludes them: {unclassified}. Add each to INCLUDED (in dependency order) or to "
        "EXCLUDED with the reason, in placematters/workspace/registry.py, then regenerate the "
        "schema (python manage.py workspace_schema)."
    )


def test_the_discovery_finds_models_linked_directly_and_through_chains():
    owned = registry.partnership_owned_models()
    assert "partnerships.membership" in owned  # directly
    assert "planning.milestone" in owned  # Milestone -> PlanAction -> Partnership
    assert "engagement.decision" in owned  # Decision -> Heard -> LogEntry -> Partnership
    assert "accounts.user" not in owned and "geography.area" not in owned


def test_every_classified_model_is_installed_and_classified_once():
    installed = {model._meta.label_lower for model in apps.get_models()}
    included = registry.included_labels()
    assert len(included) == len(set(included))
    assert not set(included) & set(registry.EXCLUDED)
    assert set(included) <= installed
    assert set(registry.EXCLUDED) <= installed, set(registry.EXCLUDED) - installed
    assert all(reason.strip() for reason in registry.EXCLUDED.values())


def test_included_models_come_after_the_records_they_link_to():
    position = {label: number for number, label in enumerate(registry.included_labels())}
    late = [
        f"{label}.{record_field.name} -> {record_field.target}"
        for label in registry.included_labels()
        for record_field in record_fields(label)
        if record_field.kind in (Kind.RECORD, Kind.USER, Kind.INDICATOR)
        and record_field.target != label
        and position[record_field.target] > position[label]
    ]
    assert not late, f"reorder INCLUDED so these targets come first: {late}"


def test_every_included_model_except_people_has_a_path_to_the_partnership():
    for entry in registry.INCLUDED:
        if entry.label == registry.USER:
            assert entry.path is None
            continue
        model, *steps, last = [entry.model, *entry.path.split("__")]
        for step in steps:
            model = model._meta.get_field(step).related_model
        assert model._meta.get_field(last).related_model._meta.label_lower == (
            registry.PARTNERSHIP
        ), entry.label


def test_the_schema_file_in_the_repository_matches_the_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "The workspace schema is out of date with the models. If the change keeps version 1 "
        "documents readable, regenerate it with: python manage.py workspace_schema --write; "
        "otherwise the format needs a new version."
    )


def test_the_schema_describes_every_field_of_every_included_record_type():
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for label in registry.included_labels():
        properties = schema["$defs"][label]["properties"]
        assert set(properties) == {"id", *[field.name for field in record_fields(label)]}
        assert schema["$defs"][label]["required"] == list(properties)
    json.dumps(schema)  # the schema itself is plain JSON
