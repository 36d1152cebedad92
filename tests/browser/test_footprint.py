"""Journey: the partnership's footprint. The demo partnership (North Norfolk) with the real
Norfolk LSOA lookup, IMD 2019 and LSOA boundaries from ../shared/data (skipped with the reason
when absent): open "Your footprint", change the map's shading, open a footprint indicator, and
derive an indicator; axe-core on every page visited."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from placematters.demo.builder import build_demo
from tests.browser.helpers import DEMO_PASSWORD, sign_in
from tests.integration.analysis.helpers import import_norfolk_lsoas
from tests.shared_files import shared_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    import_norfolk_lsoas(tmp_path)
    call_command(
        "import_geography",
        str(shared_data("boundaries", "lsoa11_bsc_norfolk.geojson")),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    return build_demo().partnership


def test_an_editor_reads_the_footprint_and_its_map(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/data/")
    page.get_by_role("link", name="Your footprint", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Your footprint")).to_be_visible()
    expect(
        page.get_by_role("table", name="Areas of focus and the LSOAs they resolve to")
    ).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Map of the footprint's"))).to_be_visible()
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^CSV.*LSOAs by deprivation")).click()
    assert download.value.suggested_filename.endswith(".csv")

    page.get_by_label("Quintiles recomputed within the footprint").check()
    page.get_by_role("button", name="Show the map").click()
    expect(
        page.get_by_role("table", name=re.compile("^Number of LSOAs in each group"))
    ).to_contain_text("5 (least deprived)")
    axe.check(page)

    indicators = page.get_by_role("table", name="Indicators for the footprint")
    indicators.get_by_role("link", name=re.compile("Income deprivation")).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("Income deprivation"))
    ).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Bar chart of"))).to_be_visible()
    expect(page.get_by_text(re.compile("Slope index of inequality"))).to_be_visible()
    axe.check(page)


def test_an_editor_opens_the_derive_page(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.goto(f"/p/{demo.slug}/data/")
    page.get_by_role("link", name="Derive an indicator from deaths and population").click()
    expect(
        page.get_by_role("heading", level=1, name="Derive an indicator from deaths and population")
    ).to_be_visible()
    axe.check(page)
