"""Areas for the indicator tests, made directly (the geography importers are tested apart)."""

from collections.abc import Iterable

import pytest

from placematters.audit.models import AuditEvent
from placematters.geography.models import Area, AreaLink
from placematters.indicators.models import ImportBatch, Indicator, Observation

VINTAGE = "2019"


def make_areas(codes: Iterable[str], area_type: str = "other", vintage: str = VINTAGE) -> None:
    """One Area per code (named after it), skipping codes that already exist in the vintage."""
    Area.objects.bulk_create(
        [
            Area(code=code, name=code, area_type=area_type, vintage=vintage)
            for code in sorted(set(codes))
        ],
        ignore_conflicts=True,
    )


def link(child: str, parent: str, vintage: str = VINTAGE) -> None:
    AreaLink.objects.get_or_create(
        child=Area.objects.get(code=child, vintage=vintage),
        parent=Area.objects.get(code=parent, vintage=vintage),
        relation=AreaLink.Relation.PARENT,
        vintage=vintage,
    )


def database_counts() -> dict[str, int]:
    return {
        "observations": Observation.objects.count(),
        "indicators": Indicator.objects.count(),
        "batches": ImportBatch.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


@pytest.fixture
def sample_areas(db):
    """England, the East of England, Norfolk and Suffolk (counties in the region)."""
    make_areas(["E92000001"], "country")
    make_areas(["E12000006"], "region")
    make_areas(["E10000020", "E10000029"], "county_ua")
    link("E10000020", "E12000006")
    link("E10000029", "E12000006")
