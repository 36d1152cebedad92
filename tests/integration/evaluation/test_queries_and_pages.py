"""Reads and pages of the evaluation framework: the overview in chain order with the inputs
that reach each outcome, baseline suggestions, the CSV, the summary sections, the tool links
and the forms (only this partnership's choices offered; bad choices refused)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placematters.evaluation import actions, queries
from placematters.evaluation.models import EvaluationEntry, EvaluationFramework
from placematters.logic_model import actions as logic_actions
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.queries import membership_of
from placematters.toolkit.tools import tool_links_for

pytestmark = pytest.mark.django_db


def _url(name, partnership, *args):
    return reverse(f"evaluation:{name}", args=[partnership.slug, *args])


def test_the_overview_lists_outcomes_in_chain_order_with_the_inputs_that_reach_them(
    owner, partnership, model, measure
):
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["smokers"], measure=measure,
        target="Fewer than 12%", responsible=membership_of(owner, partnership),
    )  # fmt: skip
    found = queries.overview(partnership)
    assert [row.outcome.title for row in found.rows] == [
        "More four-week quits",
        "Fewer adults smoke",
        "Better wellbeing",
    ]
    by_title = {row.outcome.title: row for row in found.rows}
    assert by_title["Fewer adults smoke"].inputs == ["Stop-smoking advisers"]
    assert by_title["Fewer adults smoke"].measured_by == "Measure: People who quit at four weeks"
    assert by_title["Fewer adults smoke"].responsible == "Olive Owner"
    assert by_title["Better wellbeing"].inputs == []
    assert found.covered == 1 and not found.agreed
    codes = [(w.code, w.outcome_id) for w in found.warnings]
    assert ("outcome_no_entry", model["quits"].pk) in codes
    assert ("outcome_no_inputs", model["wellbeing"].pk) in codes
    assert ("resources_unchecked", model["smokers"].pk) in codes
    assert ("no_soft_outcomes", None) in codes


def test_the_baseline_suggestion_comes_from_the_indicator_then_the_measure(
    partnership, measure, indicators
):
    assert queries.baseline_suggestion(partnership, None, indicators["value"]) == "19% (2019)"
    assert queries.baseline_suggestion(partnership, None, indicators["gap"]) == "8% (2019)"
    assert queries.baseline_suggestion(partnership, measure, None) == "11 people (Jan 2026)"
    assert queries.baseline_suggestion(partnership, measure, indicators["value"]) == "19% (2019)"
    assert queries.baseline_suggestion(partnership, None, None) == ""


def test_only_this_partnerships_choices_are_offered(partnership, measure, indicators, elsewhere):
    assert list(queries.measure_choices(partnership)) == [measure]
    assert set(queries.indicator_choices(partnership)) == set(indicators.values())
    assert elsewhere["member"] not in queries.member_choices(partnership)
    assert queries.outcome(partnership, elsewhere["outcome"].pk) is None
    assert queries.indicator_text(indicators["gap"]) == (
        "Smoking prevalence, gap by deprivation (SII), E07000147"
    )


def test_the_csv_has_a_row_per_outcome(owner, partnership, model, indicators):
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["smokers"],
        indicator=indicators["gap"], frequency="quarterly", resources="not_enough",
        breakdown_groups="Ward",
    )  # fmt: skip
    table = queries.framework_table(partnership)
    assert table.headers[0] == "Outcome" and len(table.rows) == 3
    row = dict(zip(table.headers, table.rows[1], strict=True))
    assert row["Outcome"] == "Fewer adults smoke"
    assert row["Population indicator"] == "Smoking prevalence, gap by deprivation (SII), E07000147"
    assert row["Frequency"] == "Quarterly" and row["Resources"] == "Not enough"
    assert row["Inputs that lead to it"] == "Stop-smoking advisers"
    assert dict(zip(table.headers, table.rows[2], strict=True))["Resources"] == "No entry"


def test_summary_sections_describe_status_coverage_and_resources(owner, partnership, model):
    draft = {s.item: s for s in queries.summary_sections(partnership)}
    assert draft["evaluation-framework"].stage == "evaluation-planning"
    assert draft["evaluation-framework"].paragraphs[:2] == (
        "The evaluation framework is a draft: the partnership has not yet agreed it.",
        "0 of 3 outcomes in the logic model have an evaluation entry.",
    )
    assert draft["check-resources"].paragraphs == ("No outcome's resources have been checked yet.",)
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["quits"], resources="enough",
        target="25 a month", responsible=membership_of(owner, partnership),
    )  # fmt: skip
    actions.evaluation_entry_save(
        by=owner, partnership=partnership, outcome=model["wellbeing"], resources="stretched"
    )
    actions.evaluation_framework_update(
        by=owner, partnership=partnership, design="before_after", review_when="every quarter",
        review_by="the partnership board",
    )  # fmt: skip
    actions.evaluation_framework_agree(
        by=owner, partnership=partnership, agreed_on=datetime.date(2026, 3, 4)
    )
    agreed = {s.item: s for s in queries.summary_sections(partnership)}
    assert agreed["evaluation-framework"].paragraphs == (
        "The partnership agreed the evaluation framework on 4 March 2026 by Olive Owner.",
        "2 of 3 outcomes in the logic model have an evaluation entry.",
        "Evaluation design: before and after.",
        "Results are reviewed every quarter by the partnership board.",
    )
    rows = agreed["evaluation-framework"].rows
    assert rows[0] == ("Outcome", "Measured by", "Target", "Responsible", "Resources")
    assert rows[1] == (
        "More four-week quits", "Not yet chosen", "25 a month", "Olive Owner",
        "Enough (inputs: Stop-smoking advisers)",
    )  # fmt: skip
    assert rows[2][1] == "No evaluation entry yet"
    assert agreed["check-resources"].paragraphs == (
        "Resources check: 1 judged enough and 1 judged stretched. 1 outcome has no input "
        "leading to it in the logic model.",
    )
    assert agreed["soft-outcomes"].paragraphs == ("No evaluation entry records soft outcomes yet.",)
    assert agreed["accountability-for-equity"].paragraphs == (
        "0 of 2 evaluation entries track the gap by deprivation; 0 of 2 evaluation entries "
        "name the groups the figure is broken down by.",
    )
    assert agreed["accountability-for-equity"].rows[1] == (
        "More four-week quits", "Olive Owner", "No groups named", "No",
    )  # fmt: skip


def test_the_checklist_items_link_to_the_page_sections(partnership):
    for key, fragment in (
        ("evaluation-framework", "framework"), ("check-resources", "resources"),
        ("soft-outcomes", "equity"), ("accountability-for-equity", "equity"),
    ):  # fmt: skip
        links = tool_links_for(key)
        assert links and links[0].url_name == "evaluation:evaluation_home"
        assert links[0].fragment == fragment


def test_the_page_shows_the_sections_the_checklist_links_to(client, viewer, partnership, model):
    client.force_login(viewer)
    page = client.get(_url("evaluation_home", partnership))
    text = page.text
    for anchor in ('id="checks"', 'id="outcomes"', 'id="resources"', 'id="equity"',
                   'id="framework"'):  # fmt: skip
        assert anchor in text
    assert "The short-term outcome “More four-week quits” has no evaluation entry yet" in text
    assert "Agree the framework" not in text and "Set out" not in text
    assert 'href="/p/' + partnership.slug + '/evaluation/"' in text  # the second-row link


def test_the_csv_download(client, viewer, partnership, model):
    client.force_login(viewer)
    response = client.get(_url("evaluation_download", partnership))
    assert response["Content-Type"].startswith("text/csv")
    assert "evaluation-framework" in response["Content-Disposition"]
    assert "More four-week quits" in response.content.decode()


def test_the_entry_form_saves_and_refuses_another_partnerships_choices(
    client, editor, partnership, model, measure, indicators, elsewhere
):
    client.force_login(editor)
    url = _url("evaluation_entry_edit", partnership, model["smokers"].pk)
    page = client.get(url)
    assert "People who quit at four weeks" in page.text
    assert "Their measure" not in page.text and "Their indicator" not in page.text
    refused = client.post(url, {"measure": elsewhere["measure"].pk, "resources": "enough",
                                "responsible": elsewhere["member"].pk})  # fmt: skip
    assert refused.status_code == 200
    assert "Choose one of this partnership&#x27;s performance measures" in refused.text
    assert "Choose a member of this partnership as the person responsible" in refused.text
    assert not EvaluationEntry.objects.exists()
    saved = client.post(url, {"indicator": indicators["gap"].pk, "resources": "enough",
                              "target": "Gap halved by 2030", "frequency": "yearly"})  # fmt: skip
    assert saved.status_code == 302 and saved.url.endswith(f"#outcome-{model['smokers'].pk}")
    entry = EvaluationEntry.objects.get()
    assert entry.indicator == indicators["gap"] and entry.target == "Gap halved by 2030"
    again = client.get(url)
    assert "Gap halved by 2030" in again.text
    assert "Suggested baseline from the linked measure or indicator: 8% (2019)" in again.text


def test_an_output_or_another_partnerships_outcome_is_not_found(
    client, editor, partnership, model, elsewhere
):
    client.force_login(editor)
    for pk in (model["sessions"].pk, elsewhere["outcome"].pk):
        assert client.get(_url("evaluation_entry_edit", partnership, pk)).status_code == 404
    assert (
        client.get(_url("evaluation_entry_remove", partnership, model["quits"].pk)).status_code
        == 404
    )


def test_remove_an_entry_after_confirming(client, editor, partnership, model):
    actions.evaluation_entry_save(by=editor, partnership=partnership, outcome=model["quits"])
    client.force_login(editor)
    url = _url("evaluation_entry_remove", partnership, model["quits"].pk)
    assert "Remove the evaluation of More four-week quits?" in client.get(url).text
    assert client.post(url).status_code == 302
    assert not EvaluationEntry.objects.exists()


def test_an_owner_agrees_then_reopens_through_the_pages(client, owner, partnership, model):
    client.force_login(owner)
    agree = _url("evaluation_agree", partnership)
    refused = client.post(agree, {"agreed_on": timezone.localdate().isoformat()})
    assert "Add an evaluation entry for at least one outcome" in refused.text
    actions.evaluation_entry_save(by=owner, partnership=partnership, outcome=model["quits"])
    bad = client.post(agree, {"agreed_on": "2026-02-31"})
    assert "Enter a real date, for example 2026-11-01" in bad.text
    assert client.post(agree, {"agreed_on": "2026-01-15"}).status_code == 302
    framework = EvaluationFramework.objects.get()
    assert framework.status == "agreed" and framework.agreed_on == datetime.date(2026, 1, 15)
    home = client.get(_url("evaluation_home", partnership)).text
    assert "Agreed on 15 January 2026 by Olive Owner" in home
    assert client.post(_url("evaluation_reopen", partnership)).status_code == 302
    assert EvaluationFramework.objects.get().status == "draft"


def test_the_framework_form_saves_and_shows_errors(client, editor, partnership):
    client.force_login(editor)
    url = _url("evaluation_framework_edit", partnership)
    bad = client.post(url, {"design": "guesswork"})
    assert "Choose how the partnership will tell whether the plan made a difference" in bad.text
    assert not EvaluationFramework.objects.exists()
    assert client.post(url, {"design": "contribution", "sharing": "Newsletter"}).status_code == 302
    assert EvaluationFramework.objects.get().design == "contribution"


def test_a_new_entry_offers_the_indicator_the_logic_model_names_and_its_baseline(
    client, owner, partnership, model, indicators
):
    logic_actions.logic_element_update(
        by=owner, element=model["smokers"], indicator=indicators["value"].indicator
    )
    assert queries.suggested_indicator(partnership, model["quits"]) is None
    assert queries.suggested_indicator(partnership, model["smokers"]) == indicators["value"]
    client.force_login(owner)
    page = client.get(_url("evaluation_entry_edit", partnership, model["smokers"].pk))
    assert f'<option value="{indicators["value"].pk}" selected>' in page.text
    assert 'value="19% (2019)"' in page.text


def test_a_member_is_named_with_their_organisation(owner, partnership):
    membership = membership_of(owner, partnership)
    assert queries.member_text(membership) == "Olive Owner"
    council = partnership_actions.organisation_add(
        by=owner, partnership=partnership, name="Coastal Council", sector="local_authority"
    )
    partnership_actions.membership_set_organisation(
        by=owner, membership=membership, organisation=council
    )
    membership = queries.member_choices(partnership).get(pk=membership.pk)
    assert queries.member_text(membership) == "Olive Owner, Coastal Council"
