"""Reads of the self-assessment (standings, actions per step, report annex) and its pages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from placematters.partnerships import actions as partnership_actions
from placematters.planning import actions as planning_actions
from placematters.selfassessment import actions, queries
from placematters.selfassessment.models import StepRating
from placematters.toolkit.content import load_content

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 31)


@pytest.fixture
def rated(owner, editor, partnership):
    actions.step_rating_record(
        by=owner, partnership=partnership, step=1, rating="developing", evidence="Board paper"
    )
    actions.step_rating_record(
        by=editor, partnership=partnership, step=1, rating="established", evidence="Signed pledge"
    )
    actions.step_rating_record(
        by=owner, partnership=partnership, step=7, rating="embedded", evidence="Funding formula"
    )
    planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Leaders' pledge", due_date=DUE, ihe_step=1
    )
    planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="No step given", due_date=DUE
    )


def test_standings_give_each_step_its_rating_the_one_before_and_its_actions(
    rated, partnership, editor, outsider
):
    other = partnership_actions.partnership_create(by=outsider, name="Elsewhere")
    planning_actions.plan_action_add(
        by=outsider, partnership=other, title="Their pledge", due_date=DUE, ihe_step=1
    )
    parts = queries.standings_by_part(partnership)
    assert [title for title, _ in parts] == ["Prioritising", "Principles", "Impact and continuity"]
    assert [len(standings) for _, standings in parts] == [4, 5, 3]
    first = parts[0][1][0]
    assert first.current.rating == "established" and first.current.rated_by == editor
    assert first.previous.rating == "developing"
    assert first.tag == {"label": "Established", "css": "govuk-tag--blue"}
    assert first.previous_tag["label"] == "Developing"
    assert [action.title for action in first.actions] == ["Leaders' pledge"]
    unrated = parts[0][1][1]
    assert unrated.current is None and unrated.previous is None and unrated.actions == ()
    assert unrated.tag["label"] == "Not rated yet"


def test_ratings_of_another_partnership_are_not_counted(rated, partnership, outsider):
    other = partnership_actions.partnership_create(by=outsider, name="Elsewhere")
    actions.step_rating_record(
        by=outsider, partnership=other, step=2, rating="embedded", evidence="Theirs"
    )
    assert queries.current_ratings(partnership) == {1: "established", 7: "embedded"}
    assert queries.current_ratings(other) == {2: "embedded"}
    table = queries.counts_table(partnership)
    assert table.rows[0] == ["Prioritising", 3, 0, 0, 1, 0, 4]
    assert table.rows[1] == ["Principles", 4, 0, 0, 0, 1, 5]


def test_the_annex_summarises_the_ratings_with_evidence_and_actions(rated, partnership):
    (section,) = queries.summary_sections(partnership)
    stage = load_content().stage(section.stage)
    assert section.item in {item.key for item in stage.items}
    assert section.title == "Self-assessment against the 12 steps"
    assert section.paragraphs[0] == (
        "The partnership has rated itself against 2 of the 12 steps: 1 embedded, "
        "1 established. 10 are not rated yet."
    )
    assert section.paragraphs[1] == (
        "Prioritising: 1 of 4 steps established or embedded; 3 not rated yet."
    )
    assert section.rows[0] == ("Step", "Rating", "Evidence", "Actions advancing it")
    assert section.rows[1] == (
        "1. Strong leadership for health equity",
        "Established",
        "Signed pledge",
        "Leaders' pledge",
    )
    assert section.rows[2][1:] == ("Not rated yet", "None recorded", "None in the plan")
    assert len(section.rows) == 13


def test_the_annex_of_an_unrated_partnership_says_so_without_a_table(partnership):
    (section,) = queries.summary_sections(partnership)
    assert section.paragraphs[0] == (
        "The partnership has not yet rated itself against any of the 12 steps."
    )
    assert section.rows == ()


def test_the_overview_shows_the_chart_table_ratings_and_action_counts(
    client, rated, viewer, partnership
):
    client.force_login(viewer)
    page = client.get(reverse("selfassessment:selfassessment_overview", args=[partnership.slug]))
    assert page.status_code == 200
    text = page.text
    assert "Steps at each rating in each part of the twelve steps" in text
    assert 'id="selfassessment-table"' in text
    assert "was developing" in text
    assert "1 action in the plan advances it" in text
    assert "No action in the plan advances it yet" in text
    assert "Signed pledge" in text
    # A viewer reads but is not offered the rating link.
    assert (
        reverse("selfassessment:selfassessment_step_edit", args=[partnership.slug, 1]) not in text
    )


def test_the_step_page_lists_the_history_and_actions(client, rated, viewer, partnership):
    client.force_login(viewer)
    page = client.get(reverse("selfassessment:selfassessment_step", args=[partnership.slug, 1]))
    assert page.status_code == 200
    assert page.text.index("Signed pledge") < page.text.index("Board paper")
    assert "Leaders&#x27; pledge" in page.text
    assert "No step given" not in page.text
    missing = client.get(reverse("selfassessment:selfassessment_step", args=[partnership.slug, 13]))
    assert missing.status_code == 404


def test_the_csv_downloads_hold_the_chart_table_and_every_step(client, rated, viewer, partnership):
    client.force_login(viewer)
    by_part = client.get(reverse("selfassessment:selfassessment_download", args=[partnership.slug]))
    assert by_part["Content-Type"].startswith("text/csv")
    assert f"self-assessment-by-part-{partnership.slug}.csv" in by_part["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(by_part.content.decode())))
    assert rows[0][0] == "Part" and rows[1] == ["Prioritising", "3", "0", "0", "1", "0", "4"]
    steps = client.get(
        reverse("selfassessment:selfassessment_steps_download", args=[partnership.slug])
    )
    rows = list(csv.reader(io.StringIO(steps.content.decode())))
    assert len(rows) == 13
    assert rows[1][:4] == [
        "1. Strong leadership for health equity",
        "Prioritising",
        "Established",
        "Signed pledge",
    ]
    assert rows[1][4] == "Eddie Editor" and rows[1][6] == "Leaders' pledge"


def test_rating_through_the_form_errors_then_saves(client, editor, partnership):
    client.force_login(editor)
    url = reverse("selfassessment:selfassessment_step_edit", args=[partnership.slug, 9])
    refused = client.post(url, {"rating": "embedded", "evidence": ""})
    assert refused.status_code == 200
    assert "There is a problem" in refused.text
    assert "Enter the evidence that step 9 is embedded" in refused.text
    assert not StepRating.objects.exists()
    saved = client.post(url, {"rating": "developing", "evidence": "Two resident panels"})
    assert saved.status_code == 302
    assert saved.url == reverse("selfassessment:selfassessment_overview", args=[partnership.slug])
    assert StepRating.objects.get().evidence == "Two resident panels"


def test_an_outsider_gets_404_and_a_viewer_cannot_rate(client, outsider, viewer, partnership):
    url = reverse("selfassessment:selfassessment_step_edit", args=[partnership.slug, 1])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"rating": "embedded", "evidence": "x"}).status_code == 404
    client.force_login(viewer)
    assert client.post(url, {"rating": "embedded", "evidence": "x"}).status_code == 403
    assert not StepRating.objects.exists()
