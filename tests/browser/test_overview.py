"""Journey: the data-supported overview. Open the area profile and an indicator page of the
demo's illustrative data, mark a finding as a priority in place, and find it on the overview;
axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_reads_the_profile_and_marks_a_priority(page, demo, axe):
    sign_in(page, "editor@demo.example")
    page.get_by_role("link", name="Data", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Data overview")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Area profile of North Norfolk").click()
    expect(page.get_by_role("heading", level=1, name="North Norfolk")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Spine chart of"))).to_be_visible()
    table = page.get_by_role("table", name="Indicators for North Norfolk")
    expect(table).to_be_visible()
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    assert download.value.suggested_filename.endswith(".csv")

    first = table.get_by_role("row").nth(1).get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page.get_by_role("heading", name="Trend over time")).to_be_visible()
    expect(page.get_by_role("heading", name="Compared with other areas")).to_be_visible()
    expect(page.get_by_role("heading", name="Inequality by deprivation")).to_be_visible()
    axe.check(page)

    url = page.url
    page.get_by_role("button", name="Mark as a priority").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("is now a priority"))
    expect(page.get_by_role("button", name="Unmark as a priority")).to_be_visible()
    assert page.url == url, "marked in place, no reload"
    axe.check(page)

    page.get_by_role("link", name="Data", exact=True).click()
    priorities = page.get_by_role("table", name=re.compile("marked as priorities"))
    expect(priorities.get_by_role("link", name=name)).to_be_visible()
    axe.check(page)


def test_marking_a_priority_works_with_javascript_off(page_without_javascript, demo):
    page = page_without_javascript
    sign_in(page, "owner@demo.example")
    page.goto(f"/p/{demo.slug}/data/areas/E07000147/")
    table = page.get_by_role("table", name="Indicators for North Norfolk")
    table.get_by_role("row").nth(1).get_by_role("link").click()
    page.get_by_role("button", name="Mark as a priority").click()
    expect(page.get_by_text(re.compile("is now a priority")).first).to_be_visible()
    page.get_by_role("button", name="Unmark as a priority").click()
    expect(page.get_by_text(re.compile("is no longer a priority"))).to_be_visible()


def _life_expectancy_url(demo) -> str:
    from placematters.indicators.models import Indicator

    indicator = Indicator.objects.get(partnership=demo, external_id="demo-life-expectancy")
    return f"/p/{demo.slug}/data/areas/E07000147/indicators/{indicator.pk}/"


def _add_population(code: str) -> None:
    """Illustrative population counts for the area (the demo holds none)."""
    from placematters.geography.models import Area, PopulationCount

    area = Area.objects.get(code=code)
    for sex, base in (("male", 2900), ("female", 3000)):
        for number, age_from in enumerate(range(0, 95, 5)):
            PopulationCount.objects.create(
                area=area,
                year=2021,
                sex=sex,
                age_from=age_from,
                age_to=None if age_from == 90 else age_from + 4,
                population=float(base + 40 * number - (300 if age_from >= 75 else 0)),
            )


def test_choosing_sex_age_and_breakdown_with_javascript(page, demo, axe):
    sign_in(page, "viewer@demo.example")
    url = _life_expectancy_url(demo)
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=re.compile("Life expectancy"))).to_be_visible()
    expect(page.get_by_label("Sex", exact=True)).to_have_value(
        "Female"
    )  # no Persons: the first held
    expect(
        page.get_by_text("No population by sex and age is held for North Norfolk.")
    ).to_be_visible()
    axe.check(page)

    page.get_by_label("Sex", exact=True).select_option("Male")
    page.get_by_role("button", name="Show these figures").click()
    expect(page.get_by_text("Showing Male, All ages")).to_be_visible()
    assert "sex=Male" in page.url
    expect(page.get_by_text(re.compile("for males in North Norfolk"))).to_be_visible()
    link = page.get_by_role("link", name=re.compile("^CSV")).first
    assert "sex=Male" in (link.get_attribute("href") or "")
    axe.check(page)

    page.goto(url + "?sex=Alien&age=200%2B")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("no figures for the sex 'Alien'"))
    ).to_be_visible()
    expect(page.get_by_text("Showing Female, All ages")).to_be_visible()
    axe.check(page)


def test_the_population_pyramid_and_the_gap_sentence(page, demo, axe):
    _add_population("E07000147")
    sign_in(page, "viewer@demo.example")
    page.goto(_life_expectancy_url(demo))
    expect(
        page.get_by_role("img", name=re.compile("^Population pyramid of North Norfolk in 2021"))
    ).to_be_visible()
    table = page.get_by_role("table", name=re.compile("population counts, not events"))
    expect(table.get_by_role("row", name=re.compile("^90\\+"))).to_be_visible()
    expect(
        page.get_by_text(re.compile("The gap between the most and least deprived tenths"))
    ).to_be_visible()
    axe.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of population by age and sex").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_the_choice_works_without_javascript(page_without_javascript, page, demo, axe):
    """The GET form and the priority button work without JavaScript. axe-core cannot finish
    in a page with JavaScript off once the page is this large (Playwright: "promise was garbage
    collected"), so each URL reached without JavaScript is checked again in the other page."""
    sign_in(page, "editor@demo.example")
    nojs = page_without_javascript
    sign_in(nojs, "editor@demo.example")
    nojs.goto(_life_expectancy_url(demo))
    nojs.get_by_label("Sex", exact=True).select_option("Male")
    nojs.get_by_role("button", name="Show these figures").click()
    expect(nojs.get_by_text("Showing Male, All ages")).to_be_visible()
    assert "sex=Male" in nojs.url
    page.goto(nojs.url)
    axe.check(page)
    nojs.get_by_role("button", name="Mark as a priority").click()
    expect(nojs.get_by_text(re.compile("is now a priority")).first).to_be_visible()
    assert "sex=Male" in nojs.url
    expect(nojs.get_by_role("button", name="Unmark as a priority")).to_be_visible()
    page.goto(nojs.url)
    axe.check(page)
