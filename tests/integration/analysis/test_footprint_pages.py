"""The footprint pages: "Your footprint" (areas of focus, LSOAs, indicators against England,
the LSOA map by national or local IMD deciles) and a footprint indicator's breakdown by
deprivation within the footprint, with their downloads.

The real Norfolk LSOA lookup, IMD 2019 and LSOA boundaries from ../shared/data where present
(skipped with the reason otherwise); small generated files for the suppression and the
sentences shown when something is missing."""

import csv
import io
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from placematters.geography import actions as geography_actions
from placematters.indicators.actions import indicators_import
from placematters.indicators.models import Indicator
from placematters.partnerships import actions as partnership_actions
from tests.shared_files import shared_data

pytestmark = pytest.mark.django_db
NORWICH = "E07000148"


def run(command, path, *args):
    call_command(command, str(path), *args, stdout=StringIO(), stderr=StringIO())


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


@pytest.fixture
def norwich(norfolk_lsoas, partnership, owner, client):
    """Norwich as the area of focus, with Norfolk's LSOA boundaries imported."""
    run("import_geography", shared_data("boundaries", "lsoa11_bsc_norfolk.geojson"))
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code=NORWICH, name="Norwich"
    )
    client.force_login(owner)
    indicator, _ = norfolk_lsoas
    return indicator


def test_the_footprint_page_shows_the_real_norwich_footprint(norwich, partnership, client):
    url = reverse("analysis:footprint", args=[partnership.slug])
    page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert "Your footprint" in text and "Norwich" in text
    assert ">83<" in text  # Norwich's 83 LSOAs (2011)
    assert "Income deprivation (illustrative test indicator)" in text
    assert "Worse than England" in text  # Norwich is more income-deprived than England
    assert 'role="img"' in text and "Map of the footprint&#x27;s 83 LSOAs" in text.replace(
        "'", "&#x27;"
    )
    assert "national IMD 2019 deciles" in text
    link = reverse("analysis:footprint_indicator", args=[partnership.slug, norwich.pk])
    assert link in text

    table = rows_of(
        client.get(reverse("analysis:footprint_download", args=[partnership.slug, "csv"]))
    )
    header, row = table[0], table[1]
    assert header[:3] == ["Indicator", "Indicator ID", "Period"]
    figures = dict(zip(header, row, strict=True))
    assert figures["LSOAs in the footprint"] == "83"
    assert figures["Compared with England"] == "Worse than England"
    assert (
        float(figures["Lower 95% limit"])
        < float(figures["Value"])
        < float(figures["Upper 95% limit"])
    )
    xlsx = client.get(reverse("analysis:footprint_download", args=[partnership.slug, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_map_shades_by_national_or_local_deciles(norwich, partnership, client):
    url = reverse("analysis:footprint_map_download", args=[partnership.slug, "csv"])
    national = rows_of(client.get(url + "?shading=national"))
    assert len(national) == 1 + 83
    header = national[0]
    assert header[:4] == ["LSOA code", "LSOA name", "IMD 2019 rank", "National IMD decile"]
    frame = pd.DataFrame(national[1:], columns=header)
    local = frame["Local decile within the footprint"].astype(int)
    assert sorted(local.unique()) == list(range(1, 11))
    assert local.value_counts().between(8, 9).all()  # 83 LSOAs in ten near-equal groups
    ranks = frame["IMD 2019 rank"].astype(int)
    most = frame.loc[ranks.idxmin()]
    assert most["Local decile within the footprint"] == "1"  # the most deprived LSOA
    assert (frame["Boundary held"] == "Yes").all()
    # Norwich is deprived: most of its LSOAs are in England's more deprived half
    assert (frame["National IMD decile"].astype(int) <= 5).mean() > 0.5

    quintiles = rows_of(client.get(url + "?shading=local5"))
    assert quintiles[0][4] == "Local quintile within the footprint"
    assert {row[4] for row in quintiles[1:]} == {"1", "2", "3", "4", "5"}

    page = client.get(reverse("analysis:footprint", args=[partnership.slug]) + "?shading=local5")
    assert "quintiles recomputed within the footprint" in page.text
    assert 'value="local5" checked' in page.text
    assert page.text.count("<svg") >= 1


def test_the_footprint_indicator_page_breaks_the_footprint_down_by_deprivation(
    norwich, partnership, client
):
    url = reverse("analysis:footprint_indicator", args=[partnership.slug, norwich.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Inequality by deprivation within the footprint" in page.text
    assert "Quintile 1 (most deprived)" in page.text and "Quintile 5 (least deprived)" in page.text
    assert "Slope index of inequality (SII)" in page.text
    assert "Relative index of inequality (RII)" in page.text
    assert "Worse than England" in page.text
    assert 'aria-label="Bar chart of' in page.text

    download = reverse(
        "analysis:footprint_indicator_download", args=[partnership.slug, norwich.pk, "csv"]
    )
    table = rows_of(client.get(download))
    assert table[0][:3] == ["Deprivation group", "Category type", "Period"]
    groups = [row for row in table[1:] if row[0].startswith("Quintile")]
    assert len(groups) == 5
    values = [float(row[4]) for row in groups]
    assert values == sorted(values, reverse=True)  # income deprivation falls with IMD rank
    assert any(row[0].startswith("Slope index of inequality") for row in table)

    deciles = client.get(url + "?groups=10")
    assert "Decile 10 (least deprived)" in deciles.text
    table = rows_of(client.get(download + "?groups=10"))
    assert len([row for row in table[1:] if row[0].startswith("Decile")]) == 10


# --- small generated data -----------------------------------------------------------------------

LOOKUP = (
    "LSOA11CD,LSOA11NM,LAD19CD,LAD19NM,CTY19CD,CTY19NM\n"
    "E01026419,Breckland 010A,E07000143,Breckland,E10000020,Norfolk\n"
    "E01026420,Breckland 010B,E07000143,Breckland,E10000020,Norfolk\n"
    "E01026500,Norwich 001A,E07000148,Norwich,E10000020,Norfolk\n"
)


@pytest.fixture
def small_world(db, tmp_path, make_user, partnership, owner, client):
    staff = make_user("admin@example.org", "Ada Admin")
    staff.is_staff = True
    staff.save()
    path = tmp_path / "lookup.csv"
    path.write_text(LOOKUP)
    geography_actions.geography_import(path=path, by=staff)
    rows = pd.DataFrame(
        {
            "Indicator ID": "900002",
            "Indicator Name": "A rare condition (illustrative), %",
            "Area Code": ["E01026419", "E01026420", "E01026500"],
            "Area Type": "LSOA",
            "Sex": "Persons",
            "Age": "All ages",
            "Time period": "2020",
            "Value": "",
            "Count": [3, 40, 2],
            "Denominator": [1500, 1600, 1400],
        }
    )
    path = tmp_path / "rare.csv"
    rows.to_csv(path, index=False)
    mapping = {"value_type": "proportion", "multiplier": 100.0, "polarity": "lower_is_better"}
    indicators_import(path=path, format="fingertips", mapping=mapping)
    client.force_login(owner)
    return Indicator.objects.get(name__startswith="A rare condition")


def test_small_counts_are_suppressed_on_the_page_and_in_the_downloads(
    small_world, partnership, owner, client
):
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E01026500", name="Norwich 001A"
    )
    page = client.get(reverse("analysis:footprint", args=[partnership.slug]))
    assert "A rare condition" in page.text
    assert "Suppressed: fewer than 5 events" in page.text
    assert "0.14" not in page.text  # 2 / 1,400 = 0.143%: value and interval are hidden
    table = rows_of(
        client.get(reverse("analysis:footprint_download", args=[partnership.slug, "csv"]))
    )
    figures = dict(zip(table[0], table[1], strict=True))
    assert [figures[h] for h in ("Count", "Value", "Lower 95% limit", "Upper 95% limit")] == [
        "*"
    ] * 4
    assert figures["Lower 99.8% limit"] == "*" and figures["Upper 99.8% limit"] == "*"
    assert any("Suppressed" in " ".join(row) for row in table[2:])
    indicator_page = client.get(
        reverse("analysis:footprint_indicator", args=[partnership.slug, small_world.pk])
    )
    assert "Suppressed: fewer than 5 events" in indicator_page.text


def test_the_footprint_sums_its_lsoas_and_explains_a_missing_map(
    small_world, partnership, owner, client
):
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000143", name="Breckland"
    )
    page = client.get(reverse("analysis:footprint", args=[partnership.slug]))
    assert ">2<" in page.text  # Breckland's two LSOAs
    assert "43" in page.text  # 3 + 40 events: above the threshold, so shown
    assert "No IMD 2019 figures are held" in page.text
    assert "No LSOA boundaries are held" in page.text
    assert "<svg" not in page.text
    indicator_page = client.get(
        reverse("analysis:footprint_indicator", args=[partnership.slug, small_world.pk])
    )
    assert "There is no breakdown by deprivation within the footprint" in indicator_page.text


def test_without_areas_of_focus_or_a_lookup_the_page_says_why(
    small_world, partnership, owner, client
):
    url = reverse("analysis:footprint", args=[partnership.slug])
    page = client.get(url)
    assert "has no areas of focus yet" in page.text
    assert reverse("partnerships:settings", args=[partnership.slug]) in page.text
    partnership_actions.area_add(
        by=owner, partnership=partnership, gss_code="E07000147", name="North Norfolk"
    )
    page = client.get(url)
    assert "no lookup from LSOAs to the areas of focus has been imported" in page.text
    assert "No indicator held can be added up to the footprint yet" in page.text
    assert "1 indicator without a footprint value" in page.text
    assert "The footprint&#x27;s LSOAs by deprivation" not in page.text  # no map without LSOAs
    indicator_page = client.get(
        reverse("analysis:footprint_indicator", args=[partnership.slug, small_world.pk])
    )
    assert indicator_page.status_code == 200
    assert "do not resolve to any LSOA yet" in indicator_page.text


def test_another_partnerships_indicator_is_not_found(small_world, partnership, outsider, client):
    theirs = outsider.memberships.get().partnership
    own = Indicator.objects.create(partnership=theirs, name="Theirs", value_type="proportion")
    url = reverse("analysis:footprint_indicator", args=[partnership.slug, own.pk])
    assert client.get(url).status_code == 404
    download = reverse(
        "analysis:footprint_indicator_download", args=[partnership.slug, own.pk, "csv"]
    )
    assert client.get(download).status_code == 404


def test_deprivation_groups_are_labelled_and_coloured_most_deprived_first():
    from placematters.analysis import charts

    assert [charts.deprivation_group_label(g, 5) for g in (1, 3, 5, None)] == [
        "1 (most deprived)", "3", "5 (least deprived)", "No IMD"
    ]  # fmt: skip
    assert charts.deprivation_colours(10) == charts.DEPRIVATION_COLOURS
    five = charts.deprivation_colours(5)
    assert five[0] == charts.DEPRIVATION_COLOURS[0] and five[-1] == charts.DEPRIVATION_COLOURS[-1]
    square = {"type": "Polygon", "coordinates": [[[0, 52], [1, 52], [1, 53], [0, 53], [0, 52]]]}
    areas = [
        charts.DecileArea("E01000001", "A", square, 1),
        charts.DecileArea("E01000002", "B", square),
    ]
    spec = charts.deprivation_map_spec(areas, n=5, title="t", subtitle="s")
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"][-1] == "No IMD" and scale["range"][-1] == charts.NO_DEPRIVATION
    assert [f["properties"]["group"] for f in spec["data"]["values"]] == [
        "1 (most deprived)", "No IMD"
    ]  # fmt: skip
