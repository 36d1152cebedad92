"""The proportionate allocation page and its downloads: generated LSOAs with IMD 2019, and the
real Norfolk LSOAs, IMD and an income indicator from ../shared/data where present."""

import csv
import io

import pytest
from django.urls import reverse

from placematters.geography.models import Area, AreaLink, AreaType, Deprivation
from placematters.partnerships import actions as partnership_actions

pytestmark = pytest.mark.django_db
DISTRICT = "E07000999"
#: code, IMD score, national decile, population (mid-2015)
LSOAS = [
    ("E01000001", 50.0, 1, 1000),
    ("E01000002", 40.0, 3, 1000),
    ("E01000003", 30.0, 5, 1000),
    ("E01000004", 20.0, 7, 1000),
    ("E01000005", 10.0, 10, 1000),
]
GOOD = {"areas": "lsoa", "measure": "imd_score", "total": "1000", "unit": "1", "floor": "50",
        "gradient": "1", "ratio": "2"}  # fmt: skip


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture
def district(owner, partnership, client):
    parent = Area.objects.create(
        code=DISTRICT, name="Seaside", area_type=AreaType.DISTRICT, vintage="2019"
    )
    for code, score, decile, people in LSOAS:
        area = Area.objects.create(
            code=code, name=f"Seaside {code[-3:]}", area_type=AreaType.LSOA, vintage="2011"
        )
        AreaLink.objects.create(child=area, parent=parent, vintage="2011")
        Deprivation.objects.create(
            area=area,
            imd_score=score,
            imd_rank=decile * 3000,
            imd_decile=decile,
            population_total=people,
        )
    partnership_actions.area_add(by=owner, partnership=partnership, gss_code=DISTRICT,
                                 name="Seaside")  # fmt: skip
    client.force_login(owner)
    return parent


def url(partnership, **query) -> str:
    from urllib.parse import urlencode

    return reverse("analysis:allocation", args=[partnership.slug]) + (
        "?" + urlencode(query) if query else ""
    )


def test_the_form_is_shown_before_anything_is_asked(district, partnership, client):
    page = client.get(url(partnership))
    assert page.status_code == 200
    assert "Share a budget or capacity by need" in page.text
    assert "IMD 2019 national decile" in page.text
    assert "allocation-sentence" not in page.text and "govuk-error-summary" not in page.text


def test_imd_score_allocation_worked_by_hand(district, partnership, client):
    # Floor 500 -> 100 each; need pot 500 by score 50:40:30:20:10 (sum 150) -> 166.67, 133.33,
    # 100, 66.67, 33.33; totals 266.67, 233.33, 200, 166.67, 133.33 -> rounded 267, 233, 200,
    # 167, 133 (the two .67 remainders get the two units left over).
    page = client.get(url(partnership, **GOOD))
    assert page.status_code == 200
    text = page.text
    assert (
        "The most deprived fifth of LSOAs (1 of 5) receives 26.7% of the total, against 20.0% "
        "under an equal split." in text
    )
    assert 'role="img"' in text and "Stacked bar chart of the allocation across 5 areas" in text
    download = reverse("analysis:allocation_download", args=[partnership.slug, "csv"])
    assert download in text
    table = rows_of(client.get(download, GOOD))
    assert table[0] == ["Area code", "Area", "IMD 2019 score", "Floor part", "Need part",
                        "Total (rounded)", "Share of total (%)"]  # fmt: skip
    body = table[1:6]
    assert [row[0] for row in body] == [code for code, *_ in LSOAS]
    assert [float(row[5]) for row in body] == [267, 233, 200, 167, 133]
    assert [float(row[3]) for row in body] == [100] * 5
    assert float(body[0][4]) == pytest.approx(166.67)
    xlsx = client.get(
        reverse("analysis:allocation_download", args=[partnership.slug, "xlsx"]), GOOD
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_decile_ramp_with_population_and_rounding_unit(district, partnership, client):
    query = {**GOOD, "measure": "imd_decile", "ratio": "3", "floor": "0", "total": "10000",
             "unit": "10", "population": "on"}  # fmt: skip
    page = client.get(url(partnership, **query))
    assert page.status_code == 200 and "Population (mid-2015)" in page.text
    table = rows_of(
        client.get(reverse("analysis:allocation_download", args=[partnership.slug, "csv"]), query)
    )
    column = table[0].index("Total (rounded)")
    totals = [float(row[column]) for row in table[1:6]]
    assert sum(totals) == 10000 and all(total % 10 == 0 for total in totals)
    # Weights 3 for decile 1 down to 1 for decile 10 (equal populations): 3 times as much.
    assert totals == sorted(totals, reverse=True)
    assert totals[0] == pytest.approx(3 * totals[-1], abs=10)


def test_districts_and_wards_among_the_areas_of_focus(district, partnership, client):
    page = client.get(url(partnership, **{**GOOD, "areas": "focus"}))
    assert page.status_code == 200
    # One district: it gets everything; its score is the population-weighted mean (30).
    assert "The most deprived fifth of districts and wards (1 of 1) receives 100.0%" in page.text
    assert "IMD 2019 national decile" not in page.text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"total": "lots"}, "Enter the total as a number, for example 100000"),
        ({"total": ""}, "Enter the total to share, for example 100000"),
        ({"floor": "150"}, "The universal floor must be 100% or less"),
        ({"gradient": "-1"}, "The gradient must be 0 or more"),
        ({"ratio": "0.5"}, "The ratio must be 1 or more"),
        ({"total": "1005", "unit": "10"}, "The total must be a whole multiple of the rounding"),
        ({"measure": "indicator-999999"}, "Choose a need measure from the list"),
    ],
)
def test_bad_input_gets_a_specific_message(district, partnership, client, change, message):
    page = client.get(url(partnership, **{**GOOD, **change}))
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text and message in page.text
    assert "allocation-sentence" not in page.text


def test_population_is_refused_when_not_held(district, partnership, client):
    Deprivation.objects.filter(area__code="E01000002").update(population_total=None)
    page = client.get(url(partnership, **{**GOOD, "population": "on"}))
    assert "Population is not held for every area" in page.text


def test_sentences_when_nothing_is_held(owner, partnership, client):
    client.force_login(owner)
    page = client.get(url(partnership))
    assert "No LSOAs are held for the partnership" in page.text
    parent = Area.objects.create(code=DISTRICT, name="Bare", area_type=AreaType.DISTRICT,
                                 vintage="2019")  # fmt: skip
    lsoa = Area.objects.create(code="E01000009", name="Bare 009", area_type=AreaType.LSOA,
                               vintage="2011")  # fmt: skip
    AreaLink.objects.create(child=lsoa, parent=parent, vintage="2011")
    partnership_actions.area_add(by=owner, partnership=partnership, gss_code=DISTRICT,
                                 name="Bare")  # fmt: skip
    page = client.get(url(partnership))
    assert "No IMD 2019 and no indicator is held for these 1 areas" in page.text
    page = client.get(url(partnership, **GOOD))
    assert "No area has a value of this need measure" in page.text


def test_the_real_norwich_lsoas_by_imd_and_by_an_indicator(
    norfolk_lsoas, owner, partnership, client
):
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000148", name="Norwich"
    )
    client.force_login(owner)
    query = {**GOOD, "total": "100000", "population": "on"}
    page = client.get(url(partnership, **query))
    assert page.status_code == 200
    assert "The most deprived fifth of LSOAs (17 of 83) receives" in page.text
    download = reverse("analysis:allocation_download", args=[partnership.slug, "csv"])
    table = rows_of(client.get(download, query))
    body = [row for row in table[1:] if row and row[0].startswith("E01")]
    assert len(body) == 83
    assert sum(float(row[6]) for row in body) == 100000
    indicator, _ = norfolk_lsoas
    measure = f"indicator-{indicator.pk}"
    assert measure in page.text
    page = client.get(url(partnership, **{**GOOD, "measure": measure}))
    assert "The greatest-need fifth of LSOAs (17 of 83) receives" in page.text
    assert "Income deprivation (illustrative test indicator), % (2015)" in page.text
