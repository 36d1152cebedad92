import datetime

import pytest
from django.urls import reverse

from placematters.asset_mapping import actions
from placematters.asset_mapping.models import Asset
from placematters.demo.assets import demo_assets_load
from placematters.planning.actions import plan_action_add

pytestmark = pytest.mark.django_db


def _url(name, partnership, *args):
    return reverse(f"asset_mapping:{name}", args=[partnership.slug, *args])


def test_adding_an_asset_through_the_form(client, editor, partnership):
    client.force_login(editor)
    response = client.post(
        _url("asset_create", partnership),
        {"name": "Men's shed", "segment": "community", "asset_type": "associations",
         "postcode": "nr27 9he", "latitude": "52.931", "longitude": "1.301",
         "determinants": ["family-social-support"], "areas_served": "E07000147",
         "evidence_links": "https://example.org/a\nexample.org/b"},
    )  # fmt: skip
    asset = Asset.objects.get()
    assert response.status_code == 302 and response.url == _url(
        "asset_detail", partnership, asset.pk
    )
    assert asset.postcode == "NR27 9HE"
    assert asset.evidence_links == ["https://example.org/a", "https://example.org/b"]
    page = client.get(response.url)
    assert "Men&#x27;s shed" in page.text and "Family and social support" in page.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"postcode": "12345"}, "Enter a real UK postcode"),
        ({"latitude": "48.85", "longitude": "2.35"}, "Enter a point in the UK"),
        ({"latitude": "52.9"}, "Enter both the latitude and the longitude"),
        ({"website": "not a site"}, "Enter a web address starting with https://"),
        ({"contact_email": "nobody"}, "Enter an e-mail address"),
        ({"areas_served": "E07000147, Norfolk"}, "These are not GSS codes: NORFOLK"),
        ({"evidence_links": "https://ok.example\nnot a link"}, "is not a web address"),
        ({"segment": ""}, "Choose the segment of the triangle"),
    ],
)
def test_bad_input_gets_a_specific_message(client, editor, partnership, data, message):
    client.force_login(editor)
    base = {"name": "Pantry", "segment": "community", "asset_type": "physical"}
    response = client.post(_url("asset_create", partnership), base | data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not Asset.objects.exists()


def test_the_register_filters_without_javascript_and_downloads(client, viewer, owner, partnership):
    demo_assets_load(partnership=partnership, by=owner)
    client.force_login(viewer)
    page = client.get(_url("asset_list", partnership), {"segment": "civic"})
    assert "Showing 5 of 20 assets" in page.text
    assert "Needs checking" in page.text
    assert "Add an asset" not in page.text  # viewers cannot add
    download = client.get(_url("asset_list_csv", partnership), {"segment": "civic"})
    assert download["Content-Type"].startswith("text/csv")
    lines = download.content.decode().splitlines()
    assert lines[0].startswith("Name,Segment") and len(lines) == 6


def test_demo_loader_is_idempotent(owner, partnership):
    assert demo_assets_load(partnership=partnership, by=owner) == 20
    assert demo_assets_load(partnership=partnership, by=owner) == 0
    assert Asset.objects.filter(partnership=partnership).count() == 20


def test_triangle_page_shows_the_picture_the_table_and_the_gaps(client, owner, partnership):
    actions.asset_create(
        by=owner, partnership=partnership, name="Pantry", segment="community",
        asset_type="associations",
    )  # fmt: skip
    client.force_login(owner)
    page = client.get(_url("asset_triangle", partnership))
    assert "<svg" in page.text and "What the triangle shows" in page.text
    assert "No civic-level assets are recorded." in page.text
    assert "No place-based planning connector is recorded." in page.text
    csv = client.get(_url("asset_triangle_csv", partnership)).content.decode()
    assert "Segment,Community-centred (community-based),1,1" in csv


def test_writing_an_assessment(client, editor, partnership):
    client.force_login(editor)
    url = _url("asset_assessment_edit", partnership, "service")
    assert "Which services with good evidence" in client.get(url).text
    response = client.post(url, {"summary": "Uptake is lower on the coast."})
    assert response.status_code == 302
    page = client.get(_url("asset_triangle", partnership))
    assert "Uptake is lower on the coast." in page.text
    assert client.get(_url("asset_assessment_edit", partnership, "foundation")).status_code == 404


def test_verify_and_delete(client, editor, partnership):
    asset = actions.asset_create(
        by=editor, partnership=partnership, name="Pantry", segment="community",
        asset_type="associations",
    )  # fmt: skip
    client.force_login(editor)
    assert "Needs checking" in client.get(_url("asset_detail", partnership, asset.pk)).text
    client.post(_url("asset_verify", partnership, asset.pk))
    assert "Verified today" in client.get(_url("asset_detail", partnership, asset.pk)).text
    assert (
        "Delete &#x27;Pantry&#x27;?" in client.get(_url("asset_delete", partnership, asset.pk)).text
    )
    client.post(_url("asset_delete", partnership, asset.pk))
    assert not Asset.objects.exists()


def test_connector_form(client, editor, partnership):
    asset = actions.asset_create(
        by=editor, partnership=partnership, name="Pantry", segment="community",
        asset_type="associations",
    )  # fmt: skip
    client.force_login(editor)
    response = client.post(
        _url("asset_connector_create", partnership),
        {"kind": "service_engagement", "name": "Outreach", "assets": [asset.pk]},
    )
    assert response.status_code == 302
    assert "Outreach" in client.get(_url("asset_triangle", partnership)).text
    refused = client.post(_url("asset_connector_create", partnership), {"name": ""})
    assert "Choose which segments the connector joins" in refused.text


def test_map_without_boundaries_says_so(client, owner, partnership):
    demo_assets_load(partnership=partnership, by=owner)
    client.force_login(owner)
    page = client.get(_url("asset_map", partnership))
    assert "No neighbourhood boundaries are held" in page.text
    assert "<circle" in page.text and "Assets on the map" in page.text
    filtered = client.get(_url("asset_map", partnership), {"segment": "civic", "distance": "2"})
    assert filtered.status_code == 200
    assert client.get(_url("asset_map_csv", partnership)).status_code == 200


def test_coverage_page(client, owner, partnership):
    demo_assets_load(partnership=partnership, by=owner)
    client.force_login(owner)
    for title in ("Benefits advice sessions", "Debt advice in GP surgeries"):
        plan_action_add(
            by=owner,
            partnership=partnership,
            title=title,
            due_date=datetime.date(2027, 3, 31),
            determinant="income",
        )
    page = client.get(_url("asset_coverage", partnership))
    assert "Planned actions counts the actions in the" in page.text
    assert "County Health Rankings" in page.text
    assert "Quality of care" in page.text
    csv = client.get(_url("asset_coverage_csv", partnership)).content.decode().splitlines()
    assert csv[0] == "Group,Group weight (%),Factor,Factor weight (%),Assets,Planned actions"
    assert len(csv) == 14
    income = next(line for line in csv if ",Income," in line)
    assert income.endswith(",2")
    assert all(line.endswith(",0") for line in csv[1:] if line != income)
