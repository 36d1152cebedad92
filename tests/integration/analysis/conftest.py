"""Fixtures shared by the analysis tests: the real 2014 deaths and population, Norfolk's LSOAs
with their IMD, and a small generated geography."""

import pytest

from placematters.geography.models import Area, AreaLink, Boundary
from tests.integration.analysis.helpers import (
    ENGLAND,
    NORFOLK,
    REGION,
    SUFFOLK,
    import_norfolk_lsoas,
    run,
)
from tests.shared_files import shared_data


def _square(x: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, 52.0], [x + 0.5, 52.0], [x + 0.5, 52.5], [x, 52.5], [x, 52.0]]],
    }


@pytest.fixture
def deaths_2014(db):
    mye2 = shared_data("mortality", "ons_mye2_mid2014_population_la_sex_syoa_uk.csv")
    run("import_geography", mye2, "--vintage", "2014")
    run("import_population", mye2)
    run(
        "import_deaths", shared_data("mortality", "ons_deaths_2014_registrations_la_sex_age_ew.csv")
    )


@pytest.fixture
def norfolk_lsoas(db, tmp_path):
    """Norfolk's LSOAs with their districts, county, region and England, and their IMD."""
    return import_norfolk_lsoas(tmp_path)


@pytest.fixture
def geography(db):
    """England, the East of England, and Norfolk and Suffolk in it, with square boundaries."""
    areas = {
        code: Area.objects.create(code=code, name=name, area_type=kind, vintage="2019")
        for code, name, kind in [
            (ENGLAND, "England", "country"),
            (REGION, "East of England region", "region"),
            (NORFOLK, "Norfolk", "county_ua"),
            (SUFFOLK, "Suffolk", "county_ua"),
        ]
    }
    AreaLink.objects.create(child=areas[REGION], parent=areas[ENGLAND], vintage="2019")
    for county in (NORFOLK, SUFFOLK):
        AreaLink.objects.create(child=areas[county], parent=areas[REGION], vintage="2019")
    Boundary.objects.create(area=areas[NORFOLK], geometry=_square(0.5))
    Boundary.objects.create(area=areas[SUFFOLK], geometry=_square(0.5 - 0.6))
    return areas
