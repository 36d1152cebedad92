"""The publishing flow, the bank's pages and the comparison through the web."""

import pytest
from django.urls import reverse

from placematters.planning.models import PlanAction
from placematters.sharing import actions
from placematters.sharing.models import Publication
from tests.integration.sharing.helpers import plan_with_private_details

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Family walking groups",
    "summary": "Walking together.",
    "determinant": "diet-exercise",
    "segment": "community",
    "target_groups": "Families",
    "area_type": "coastal",
}


def _publish_url(partnership, step=""):
    name = "sharing:sharing_preview" if step else "sharing:sharing_publish"
    return reverse(name, args=[partnership.slug, "plan"])


def test_preview_shows_the_redacted_plan_and_stores_nothing_until_confirmed(
    client, owner, partnership
):
    plan_with_private_details(owner, partnership)
    client.force_login(owner)
    response = client.post(_publish_url(partnership), FORM)
    assert response.status_code == 302 and response.url == _publish_url(partnership, "preview")
    preview = client.get(response.url)
    text = preview.content.decode()
    assert "Check what will be published" in text
    assert "Walking groups for target community 1" in text
    assert "Harbour Health Trust" not in text and "Olive Owner" not in text.split("</header>")[1]
    assert not Publication.objects.exists()

    refused = client.post(_publish_url(partnership, "preview"), {})
    assert "Confirm that you have checked what will be published" in refused.content.decode()
    assert not Publication.objects.exists()

    done = client.post(_publish_url(partnership, "preview"), {"confirm": "on"})
    publication = Publication.objects.get()
    assert done.url == reverse("sharing:bank_publication", args=[publication.pk])
    assert publication.content["actions"][0]["title"] == "Walking groups for target community 1"
    # the pending choices are gone: the preview sends the owner back to the form
    assert client.get(_publish_url(partnership, "preview")).url == _publish_url(partnership)


def test_bad_input_on_the_form_is_explained(client, owner, partnership):
    client.force_login(owner)
    response = client.post(_publish_url(partnership), {**FORM, "title": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "Enter a title" in text
    empty = client.post(_publish_url(partnership), FORM)
    assert "The action plan has no actions yet" in empty.content.decode()
    assert (
        client.get(reverse("sharing:sharing_publish", args=[partnership.slug, "x"])).status_code
        == 404
    )


def test_bank_filters_work_by_get_and_withdrawn_pages_are_gone(
    client, owner, partnership, outsider
):
    plan_with_private_details(owner, partnership)
    client.force_login(owner)
    client.post(_publish_url(partnership), FORM)
    client.post(_publish_url(partnership, "preview"), {"confirm": "on"})
    publication = Publication.objects.get()
    client.force_login(outsider)
    found = client.get(reverse("sharing:bank_list"), {"area_type": "coastal", "q": "walking"})
    assert (
        "Family walking groups" in found.content.decode()
        and "1 publication" in found.content.decode()
    )
    missed = client.get(reverse("sharing:bank_list"), {"area_type": "urban"})
    assert "Nothing in the bank matches" in missed.content.decode()
    page = client.get(reverse("sharing:bank_publication", args=[publication.pk]))
    assert "Use as a template" in page.content.decode()

    use = reverse("sharing:bank_use_template", args=[publication.pk])
    other = outsider.memberships.get().partnership
    assert "Choose the partnership" in client.post(use, {}).content.decode()
    copied = client.post(use, {"partnership": other.slug})
    assert copied.url == reverse("planning:plan_home", args=[other.slug])
    assert PlanAction.objects.filter(partnership=other).count() == 1
    refused = client.post(use, {"partnership": partnership.slug})
    assert (
        "Choose one of the partnerships where you can change the plan" in refused.content.decode()
    )

    actions.publication_withdraw(by=owner, publication=publication)
    assert client.get(reverse("sharing:bank_publication", args=[publication.pk])).status_code == 404
    assert client.post(use, {"partnership": other.slug}).status_code == 404
    assert (
        "Nothing has been published yet"
        in client.get(reverse("sharing:bank_list")).content.decode()
    )


def test_comparison_is_closed_until_the_partnership_opts_in(client, owner, partnership, editor):
    plan_with_private_details(owner, partnership)
    compare = reverse("sharing:sharing_compare", args=[partnership.slug])
    download = reverse("sharing:sharing_compare_download", args=[partnership.slug])
    client.force_login(editor)
    closed = client.get(compare).content.decode()
    assert "has not opted in to the comparison" in closed and "Ask an owner" in closed
    assert client.get(download).url == compare

    client.force_login(owner)
    choice = reverse("sharing:sharing_comparison_choice", args=[partnership.slug])
    assert "Choose yes or no" in client.post(choice, {}).content.decode()
    assert client.post(choice, {"opted_in": "yes"}).url == compare
    client.force_login(editor)
    page = client.get(compare).content.decode()
    assert "Actions by status" in page and partnership.name in page
    csv = client.get(download)
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("Partnership,Not started,On track")
    assert lines[1].startswith(f"{partnership.name},1,0,0,0,0,1,0")


def test_the_activity_page_tells_what_was_shared(client, owner, partnership):
    plan_with_private_details(owner, partnership)
    client.force_login(owner)
    client.post(_publish_url(partnership), FORM)
    client.post(_publish_url(partnership, "preview"), {"confirm": "on"})
    choice = reverse("sharing:sharing_comparison_choice", args=[partnership.slug])
    client.post(choice, {"opted_in": "yes"})
    page = client.get(reverse("partnerships:activity", args=[partnership.slug])).content.decode()
    assert "published to the good-practice bank" in page and "Family walking groups" in page
    assert "opted the partnership in to the comparison of localities" in page
