"""The illustrative demo's stakeholders and infrastructure load through the real actions, once."""

import datetime

import pytest

from placematters.demo.stakeholders import COUNCIL, ICB, VCSE, demo_stakeholders_load
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Sector
from placematters.stakeholders import queries

pytestmark = pytest.mark.django_db


def test_demo_loader_fills_every_quadrant_and_is_idempotent(partnership, owner):
    for name in (COUNCIL, ICB, VCSE):
        partnership_actions.organisation_add(
            by=owner, partnership=partnership, name=name, sector=Sector.OTHER
        )
    today = datetime.date(2026, 11, 21)
    demo_stakeholders_load(partnership=partnership, by=owner, today=today)
    demo_stakeholders_load(partnership=partnership, by=owner, today=today)
    entries = queries.grid_entries(partnership)
    assert len(entries) == 12
    assert {entry.quadrant for entry in entries} == {
        "manage_closely", "keep_satisfied", "keep_informed", "monitor",
    }  # fmt: skip
    assert sum(entry.mismatch for entry in entries) == 3
    assert queries.grid_summary(partnership).startswith(
        "12 stakeholders are mapped: 4 to manage closely, 2 to keep satisfied, 3 to keep "
        "informed and 3 to monitor. 2 have lived experience of the issues. 3 are not yet"
    )
    assert queries.infrastructure(partnership).next_meeting == datetime.date(2026, 12, 9)
    assert queries.leads(partnership).count() == 2  # the demo's members are not in this one
    assert queries.commitments(partnership).count() == 3


def test_demo_loader_registers_partners_existing_work_once(partnership, owner):
    for name in (COUNCIL, ICB, VCSE):
        partnership_actions.organisation_add(
            by=owner, partnership=partnership, name=name, sector=Sector.OTHER
        )
    today = datetime.date(2026, 11, 21)
    demo_stakeholders_load(partnership=partnership, by=owner, today=today)
    demo_stakeholders_load(partnership=partnership, by=owner, today=today)
    register = list(queries.existing_work(partnership))
    assert [(work.kind, work.year, work.organisation.name) for work in register] == [
        ("engagement_report", 2025, VCSE),
        ("needs_assessment", 2024, COUNCIL),
    ]
    assert all("(illustrative)" in work.title and work.reuse for work in register)
