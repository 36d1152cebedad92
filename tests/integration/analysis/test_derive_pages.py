"""Deriving an indicator in the browser (the derive page) and with the derive_indicator
command: small generated deaths and population, and the real 2014 ONS deaths and population
from ../shared/data where present (skipped with the reason otherwise)."""

import re
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from placematters.analysis import derive
from placematters.analysis.forms import parse_codes
from placematters.analysis.models import Derivation
from placematters.audit.models import AuditEvent
from placematters.geography.models import Area, DeathCount, PopulationCount
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from tests.integration.analysis.helpers import ENGLAND, NORFOLK_DISTRICTS, published_rates

pytestmark = pytest.mark.django_db
PLACES = {"E07000143": ("Breckland", 0.9), "E07000148": ("Norwich", 1.2), ENGLAND: ("England", 1.0)}


@pytest.fixture
def generated(db):
    """Three areas with generated deaths and population in the ONS bands, 2019, by sex."""
    rng = np.random.default_rng(4)
    for code, (name, risk) in PLACES.items():
        kind = "country" if code == ENGLAND else "district"
        area = Area.objects.create(code=code, name=name, area_type=kind, vintage="2019")
        scale = 500 if code == ENGLAND else 1
        for sex in ("male", "female"):
            for age_from, age_to in derive.DEATH_BANDS:
                people = 4_000 * scale if age_from else 900 * scale
                rate = 0.00005 * np.exp(0.09 * age_from) * risk
                PopulationCount.objects.create(
                    area=area, year=2019, sex=sex, age_from=age_from, age_to=age_to,
                    population=people,
                )  # fmt: skip
                DeathCount.objects.create(
                    area=area, year=2019, sex=sex, age_from=age_from, age_to=age_to,
                    deaths=float(rng.poisson(min(people * rate, people * 0.5))),
                )  # fmt: skip


def form(**changes) -> dict:
    data = {
        "measure": "dsr",
        "ages": "all",
        "areas": "codes",
        "codes": "E07000143, e07000148\nE92000001",
        "year": "2019",
        "sex": "persons",
        "name": "All-cause mortality 2019",
    }
    return {**data, **changes}


def test_parse_codes_splits_and_upper_cases_each_code_once():
    assert parse_codes(" e07000148,E92000001;\nE07000148  e06000001") == [
        "E07000148", "E92000001", "E06000001"
    ]  # fmt: skip
    assert parse_codes("") == []


def test_an_editor_derives_a_death_rate_and_sees_it_in_the_overview(
    generated, partnership, editor, client
):
    client.force_login(editor)
    url = reverse("analysis:derive", args=[partnership.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Derive an indicator from deaths and population" in page.text
    assert '<option value="2019">2019</option>' in page.text

    response = client.post(url, form())
    overview = reverse("analysis:overview", args=[partnership.slug])
    assert response.status_code == 302 and response.url == overview + "#derived"
    indicator = Indicator.objects.get(name="All-cause mortality 2019")
    assert indicator.partnership == partnership and indicator.value_type == "dsr"
    values = dict(indicator.observations.values_list("area_code", "value"))
    assert set(values) == set(PLACES)
    assert values["E07000148"] > values[ENGLAND] > values["E07000143"]  # the generated risks
    norwich = indicator.observations.get(area_code="E07000148")
    assert norwich.compared_to_england == "worse"
    derivation = Derivation.objects.get(indicator=indicator)
    assert (derivation.method, derivation.year, derivation.sex) == ("dsr", 2019, "persons")
    assert AuditEvent.objects.filter(verb="indicators.derived", actor=editor).exists()

    page = client.get(overview)
    assert "All-cause mortality 2019" in page.text
    assert reverse("analysis:indicator", args=[partnership.slug, "E07000143", indicator.pk]) in (
        page.text
    )
    assert "has been derived and stored" in page.text


def test_life_expectancy_and_under_75s_for_the_areas_of_focus(
    generated, partnership, owner, client
):
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000148", name="Norwich"
    )
    client.force_login(owner)
    url = reverse("analysis:derive", args=[partnership.slug])
    response = client.post(url, form(measure="le", areas="focus", codes="", sex="female",
                                     name="Female life expectancy"))  # fmt: skip
    assert response.status_code == 302
    life = Indicator.objects.get(name="Female life expectancy")
    assert life.value_type == "life_expectancy"
    assert list(life.observations.values_list("area_code", flat=True)) == ["E07000148"]
    assert 60 < life.observations.get().value < 100

    response = client.post(url, form(ages="under75", name="Under-75 mortality"))
    assert response.status_code == 302
    under_75 = Indicator.objects.get(name="Under-75 mortality")
    assert set(under_75.observations.values_list("age", flat=True)) == {"0-74 yrs"}

    footprint = client.get(
        reverse("analysis:footprint_indicator", args=[partnership.slug, life.pk])
    )
    assert "Life expectancy of the areas" in footprint.text


def test_unknown_codes_give_a_specific_error_and_store_nothing(
    generated, partnership, editor, client
):
    client.force_login(editor)
    url = reverse("analysis:derive", args=[partnership.slug])
    page = client.post(url, form(codes="E07000148 E07999999 X1"))
    assert page.status_code == 200
    assert "No area is held with the codes E07999999, X1" in page.text
    assert "There is a problem" in page.text
    page = client.post(url, form(codes="  "))
    assert "Enter at least one GSS code" in page.text
    page = client.post(url, form(areas="focus"))
    assert "The partnership has no areas of focus" in page.text
    page = client.post(url, form(year="2014"))
    assert "Choose a year held" in page.text
    page = client.post(url, form(name=""))
    assert "Enter a name for the new indicator" in page.text
    assert not Indicator.objects.exists()
    assert not AuditEvent.objects.filter(verb="indicators.derived").exists()


def test_without_deaths_and_population_the_page_says_so(partnership, editor, client):
    client.force_login(editor)
    page = client.get(reverse("analysis:derive", args=[partnership.slug]))
    assert "No deaths and population are held for the same year yet" in page.text
    assert "Derive the indicator</button>" not in page.text


def test_a_viewer_gets_the_refusal_page(generated, partnership, viewer, client):
    client.force_login(viewer)
    url = reverse("analysis:derive", args=[partnership.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, form()).status_code == 403
    assert not Indicator.objects.exists()


def command(*args) -> str:
    out = StringIO()
    call_command("derive_indicator", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_derive_indicator_command(generated, partnership):
    summary = command(
        "--partnership", partnership.slug, "--measure", "dsr", "--areas", "E07000143",
        "e07000148", ENGLAND, "--year", "2019", "--name", "Mortality (command)",
    )  # fmt: skip
    indicator = Indicator.objects.get(name="Mortality (command)")
    assert summary.strip() == (
        "Derived 'Mortality (command)' (directly standardised rate, 2019, persons) for 3 of 3 "
        f"areas: indicator {indicator.pk} of {partnership.slug}."
    )
    assert indicator.partnership == partnership
    command(
        "--partnership", partnership.slug, "--measure", "le", "--areas", "E07000148",
        "--year", "2019", "--sex", "male", "--name", "Male LE",
    )  # fmt: skip
    assert Indicator.objects.get(name="Male LE").value_type == "life_expectancy"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"--partnership": "nobody"}, "No partnership has the slug 'nobody'"),
        ({"--areas": "E07999999"}, "No area is held with the code E07999999: nothing was stored"),
        ({"--year": "2014"}, "No deaths and population are held for 2014 (years held: 2019)"),
    ],
)
def test_the_command_refuses_bad_input_with_exit_status_1(generated, partnership, changes, message):
    options = {"--partnership": partnership.slug, "--measure": "dsr", "--areas": "E07000148",
               "--year": "2019", "--name": "x", **changes}  # fmt: skip
    arguments = [part for pair in options.items() for part in pair]
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        command(*arguments)
    assert error.value.returncode == 1
    assert not Indicator.objects.exists()


def test_the_page_reproduces_ons_2014_rates_from_the_real_files(
    deaths_2014,
    partnership,
    owner,
    client,
):
    for code in NORFOLK_DISTRICTS:
        partnership_actions.area_add(by=owner, partnership=partnership, gss_code=code, name=code)
    client.force_login(owner)
    url = reverse("analysis:derive", args=[partnership.slug])
    page = client.get(url)
    assert '<option value="2014">2014</option>' in page.text
    response = client.post(url, form(codes=" ".join([*NORFOLK_DISTRICTS, ENGLAND, "E06000001"]),
                                     year="2014", name="All-cause mortality 2014"))  # fmt: skip
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="All-cause mortality 2014")
    rows = pd.DataFrame(indicator.observations.values()).set_index("area_code")
    published = published_rates()["asmr_esp2013_per_100000_persons"]
    for code in (ENGLAND, "E06000001"):
        assert abs(rows.loc[code, "value"] - published[code]) < 0.5
    assert set(rows.loc[NORFOLK_DISTRICTS, "compared_to_england"]) <= {"better", "similar", "worse"}
    # the footprint (all seven districts, i.e. Norfolk) sums their deaths and population
    footprint = client.get(reverse("analysis:footprint_indicator",
                                   args=[partnership.slug, indicator.pk]))  # fmt: skip
    assert "Directly standardised rate of the areas" in footprint.text
