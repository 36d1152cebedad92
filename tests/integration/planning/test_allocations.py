"""An allocation by need (proportionate universalism) attached to an action: worked out again by
the calculator's own code from the query string, previewed, stored through the action, shown on
the action with its CSV, and removed."""

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from placematters.planning import actions
from placematters.planning.models import ActionAllocation
from tests.integration.analysis.test_allocation_pages import GOOD, district  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district")]
DUE = datetime.date(2027, 3, 31)
# worked by hand in tests/integration/analysis/test_allocation_pages.py: floor 500 shared
# equally, 500 by IMD score 50:40:30:20:10, rounded by largest remainder
EXPECTED_AMOUNTS = [267.0, 233.0, 200.0, 167.0, 133.0]


def _attach_url(partnership, query=GOOD) -> str:
    return reverse("planning:plan_allocation_attach", args=[partnership.slug]) + (
        "?" + urlencode(query) if query else ""
    )


@pytest.fixture
def clinics(owner, partnership):
    return actions.plan_action_add(
        by=owner, partnership=partnership, title="Stop-smoking clinics", due_date=DUE
    )


def test_the_calculator_links_editors_to_the_attach_page(partnership, client, viewer, clinics):
    page = client.get(reverse("analysis:allocation", args=[partnership.slug]) + "?"
                      + urlencode(GOOD)).text  # fmt: skip
    assert 'id="allocation-attach"' in page
    assert _attach_url(partnership).replace("&", "&amp;") in page
    client.force_login(viewer)
    page = client.get(reverse("analysis:allocation", args=[partnership.slug]) + "?"
                      + urlencode(GOOD)).text  # fmt: skip
    assert 'id="allocation-attach"' not in page


def test_attach_previews_the_calculators_figures_then_stores_them(partnership, client, clinics):
    page = client.get(_attach_url(partnership))
    assert page.status_code == 200
    basis = (
        "1,000 shared across 5 LSOAs by IMD 2019 score: a universal floor of 50% of the "
        "total, need raised to the power 1, each share rounded to the nearest 1."
    )
    assert basis in page.text and "Stop-smoking clinics" in page.text
    assert "267" in page.text.split('id="attach-caption"')[1]
    response = client.post(_attach_url(partnership), {"action": str(clinics.pk)})
    assert response.status_code == 302
    assert response.url.endswith(f"/plan/{clinics.pk}/#allocations")
    attached = ActionAllocation.objects.get()
    assert attached.action == clinics and attached.basis == basis
    assert attached.total == 1000 and attached.geography == "LSOAs"
    assert [row[4] for row in attached.rows] == EXPECTED_AMOUNTS
    assert attached.rows[0][:4] == ["E01000001", "Seaside 001", 50.0, 26.7]
    assert attached.parameters == GOOD
    event = AuditEvent.objects.get(verb="plan_allocation.attached")
    assert event.after == {"allocation": basis, "areas": 5}
    assert "plan_allocation.attached" in VERB_PHRASES and "plan_allocation.removed" in VERB_PHRASES

    detail_url = reverse("planning:plan_action_detail", args=[partnership.slug, clinics.pk])
    detail = client.get(detail_url).text
    section = detail.split('id="allocations"')[1].split('id="measures"')[0]
    assert basis in section and "Seaside 001" in section and "26.7%" in section
    download = client.get(
        reverse("planning:plan_allocation_download", args=[partnership.slug, attached.pk])
    )
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Area code", "Area", "IMD 2019 score", "Share of total (%)", "Amount"]
    assert [float(row[4]) for row in rows[1:6]] == EXPECTED_AMOUNTS

    again = client.post(_attach_url(partnership), {"action": str(clinics.pk)})
    assert again.status_code == 200
    assert "This allocation is already attached to Stop-smoking clinics" in again.text
    assert ActionAllocation.objects.count() == 1

    remove = reverse("planning:plan_allocation_remove", args=[partnership.slug, attached.pk])
    assert "Remove allocation" in client.get(remove).text
    assert client.post(remove).status_code == 302
    assert not ActionAllocation.objects.exists()
    assert AuditEvent.objects.filter(verb="plan_allocation.removed").count() == 1


def test_bad_input_is_refused_and_nothing_is_saved(partnership, client, clinics, make_user):
    someone = make_user("else@example.org")
    elsewhere = partnership_actions.partnership_create(by=someone, name="Elsewhere")
    foreign = actions.plan_action_add(
        by=someone, partnership=elsewhere, title="Their action", due_date=DUE
    )
    refused = client.post(_attach_url(partnership), {"action": str(foreign.pk)})
    assert refused.status_code == 200
    assert "Choose one of this partnership&#x27;s actions" in refused.text
    empty = client.post(_attach_url(partnership), {"action": ""})
    assert "Choose the action to attach the allocation to" in empty.text
    # a query the calculator refuses goes back to the calculator, which names the problem
    broken = client.post(_attach_url(partnership, {**GOOD, "floor": "150"}),
                         {"action": str(clinics.pk)})  # fmt: skip
    assert broken.status_code == 302 and "/data/allocation/" in broken.url
    shown = client.get(broken.url, follow=True).text
    assert "The universal floor must be 100% or less" in shown
    assert not ActionAllocation.objects.exists()
    assert not AuditEvent.objects.filter(verb="plan_allocation.attached").exists()


def test_the_action_checks_role_and_shape(owner, viewer, partnership, clinics):
    good = {"basis": "100 shared", "measure_label": "IMD 2019 score", "geography": "LSOAs",
            "total": 100.0, "rows": [["E01", "North", 2.0, 100.0, 100.0]],
            "parameters": {"total": "100"}}  # fmt: skip
    with pytest.raises(NotAllowed):
        actions.plan_allocation_attach(by=viewer, action=clinics, **good)
    with pytest.raises(ValidationError) as refused:
        actions.plan_allocation_attach(by=owner, action=clinics, **{**good, "rows": [["E01"]]})
    assert "no areas" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        actions.plan_allocation_attach(by=owner, action=clinics, **{**good, "total": 0})
    with pytest.raises(ValidationError):
        actions.plan_allocation_attach(by=owner, action=None, **good)
    assert not ActionAllocation.objects.exists()
    attached = actions.plan_allocation_attach(by=owner, action=clinics, **good)
    with pytest.raises(NotAllowed):
        actions.plan_allocation_remove(by=viewer, allocation=attached)
    assert ActionAllocation.objects.count() == 1


def test_a_viewer_cannot_attach_and_an_outsider_gets_404(
    partnership, client, viewer, outsider, clinics
):
    client.force_login(viewer)
    assert client.get(_attach_url(partnership)).status_code == 403
    client.force_login(outsider)
    assert client.get(_attach_url(partnership)).status_code == 404
