"""Reads and pages of the logic model: the model (diagram, checks, text), the CSV, the forms
(bad input gets a specific message and saves nothing), the summary sections and 404s."""

import pytest
from django.urls import reverse

from placematters.indicators.models import Indicator
from placematters.logic_model import actions, queries
from placematters.logic_model.models import LogicElement, LogicLink

pytestmark = pytest.mark.django_db


def _small_model(owner, partnership):
    add = lambda kind, title, **extra: actions.logic_element_add(  # noqa: E731
        by=owner, partnership=partnership, kind=kind, title=title, **extra
    )
    staff = add("input", "Stop-smoking advisers")
    clinic = add("activity", "Weekly clinics")
    idle = add("activity", "Leaflets")
    sessions = add("output", "Sessions delivered")
    quits = add("outcome_short", "More quit attempts", measure="Four-week quits")
    fewer = add("outcome_medium", "Fewer adults smoke")
    for source, target, evidence in (
        (staff, clinic, "Staffing plan"),
        (clinic, sessions, ""),
        (sessions, quits, "NICE NG209"),
        (quits, fewer, "Local audit"),
    ):
        actions.logic_link_add(
            by=owner, partnership=partnership, source=source, target=target, evidence=evidence
        )
    return {"clinic": clinic, "idle": idle, "fewer": fewer}


def test_the_model_query_gives_layout_checks_and_text(owner, partnership):
    made = _small_model(owner, partnership)
    found = queries.model(partnership)
    assert [item.kind for item in found.elements][:3] == ["input", "activity", "activity"]
    assert len(found.layout.boxes) == 6 and len(found.layout.arrows) == 4
    codes = sorted(w.code for w in found.warnings)
    # no action in the (empty) plan delivers either activity
    assert codes == [
        "activity_no_outcome",
        "activity_not_delivered",
        "activity_not_delivered",
        "element_unlinked",
        "link_no_evidence",
        "outcome_unmeasured",
    ]
    messages = " ".join(w.message for w in found.warnings)
    assert "“Leaflets” leads to no outcome" in messages
    assert "“Fewer adults smoke” has no measure" in messages
    activities = next(column for column in found.columns if column.kind == "activity")
    clinic = next(e for e in activities.entries if e["element"] == made["clinic"])
    assert [link.target.title for link in clinic["leads_to"]] == ["Sessions delivered"]


def test_the_model_is_the_partnerships_own(owner, partnership, outsider):
    _small_model(owner, partnership)
    other = outsider.memberships.first().partnership
    assert not queries.model(other).elements
    assert queries.element(other, LogicElement.objects.first().pk) is None
    assert queries.link(other, LogicLink.objects.first().pk) is None


def test_summary_sections(owner, partnership):
    empty = queries.summary_sections(partnership)
    assert empty[0].paragraphs == ("The partnership has not yet drafted its logic model.",)
    assert empty[1].paragraphs == ("The logic model has no activities yet.",)
    _small_model(owner, partnership)
    first, second = queries.summary_sections(partnership)
    assert (first.stage, first.item) == ("mapping-the-system", "draft-logic-model")
    assert (second.stage, second.item) == ("implementation", "link-actions-outcomes")
    assert first.paragraphs[0].startswith("The logic model has 6 elements and 4 links")
    assert first.rows[0] == ("Element", "Kind", "Leads to", "Measure")
    assert second.paragraphs == ("1 of 2 activities in the logic model lead to no outcome yet.",)


def test_the_model_page_csv_and_indicator_choices(client, owner, partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, name="Smoking prevalence", value_type="proportion"
    )
    made = _small_model(owner, partnership)
    actions.logic_element_update(by=owner, element=made["fewer"], indicator=indicator)
    client.force_login(owner)
    page = client.get(reverse("logic_model:logic_model", args=[partnership.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in body and "pm-logic-link--untested" in body
    assert "Leads to:" in body and "Measure: Indicator: Smoking prevalence" in body
    assert "“Leaflets” leads to no outcome" in body
    assert "style=" not in body.split("<main")[1]
    csv = client.get(reverse("logic_model:logic_model_download", args=[partnership.slug]))
    text = csv.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert "Element,Activity,Weekly clinics" in text
    assert "Link,,,,,,Weekly clinics,Sessions delivered,Assumption untested" in text
    form = client.get(reverse("logic_model:logic_element_add", args=[partnership.slug]))
    assert "Smoking prevalence" in form.content.decode()


def test_forms_refuse_bad_input_with_specific_messages(client, editor, owner, partnership):
    made = _small_model(owner, partnership)
    client.force_login(editor)
    url = reverse("logic_model:logic_link_add", args=[partnership.slug])
    response = client.post(
        url,
        {"source": made["fewer"].pk, "target": made["clinic"].pk, "confidence": "high"},
    )
    assert response.status_code == 200
    assert "A link must run forward along the chain" in response.content.decode()
    assert LogicLink.objects.count() == 4
    response = client.post(
        reverse("logic_model:logic_element_add", args=[partnership.slug]),
        {"kind": "activity", "title": "Weekly clinics"},
    )
    assert "The logic model already has an element called Weekly clinics" in (
        response.content.decode()
    )
    response = client.post(
        reverse("logic_model:logic_element_add", args=[partnership.slug]), {"title": ""}
    )
    body = response.content.decode()
    assert "Choose what kind of element this is" in body and "Enter the element" in body
    assert LogicElement.objects.count() == 6


def test_forms_add_change_and_remove(client, editor, owner, partnership):
    made = _small_model(owner, partnership)
    client.force_login(editor)
    slug = partnership.slug
    response = client.post(
        reverse("logic_model:logic_element_add", args=[slug]),
        {"kind": "impact", "title": "Longer healthier lives"},
    )
    assert response.status_code == 302
    impact = LogicElement.objects.get(title="Longer healthier lives")
    response = client.post(
        reverse("logic_model:logic_link_add", args=[slug]),
        {
            "source": made["fewer"].pk,
            "target": impact.pk,
            "confidence": "medium",
            "evidence_url": "https://example.org/evidence",
        },
    )
    assert response.status_code == 302
    link = LogicLink.objects.get(target=impact)
    response = client.post(
        reverse("logic_model:logic_link_edit", args=[slug, link.pk]),
        {"source": made["fewer"].pk, "target": impact.pk, "confidence": "low"},
    )
    link.refresh_from_db()
    assert response.status_code == 302 and link.confidence == "low"
    client.post(
        reverse("logic_model:logic_element_edit", args=[slug, impact.pk]),
        {"kind": "impact", "title": "Longer lives", "measure": "Life expectancy"},
    )
    impact.refresh_from_db()
    assert impact.title == "Longer lives" and impact.measure == "Life expectancy"
    client.post(reverse("logic_model:logic_link_remove", args=[slug, link.pk]))
    assert not LogicLink.objects.filter(pk=link.pk).exists()
    client.post(reverse("logic_model:logic_element_remove", args=[slug, impact.pk]))
    assert not LogicElement.objects.filter(pk=impact.pk).exists()


def test_another_partnerships_ids_give_404(client, owner, partnership, outsider):
    made = _small_model(owner, partnership)
    client.force_login(outsider)
    theirs = outsider.memberships.first().partnership
    url = reverse("logic_model:logic_element_edit", args=[theirs.slug, made["clinic"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("logic_model:logic_model", args=[partnership.slug])).status_code == (
        404
    )
