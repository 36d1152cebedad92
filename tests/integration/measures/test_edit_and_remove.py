"""Changing and removing every OBA record: results, indicator links, measures and values.
Each change is audited, refused for a viewer, refused with a specific message on bad input
(saving nothing), and the pages refuse another partnership's records with 404."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.indicators.models import ImportBatch, Indicator, Observation
from placematters.measures import actions, queries
from placematters.measures.models import Measure, MeasureValue, Result, ResultIndicator, Worksheet
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import NotAllowed
from placematters.planning import actions as planning_actions

pytestmark = pytest.mark.django_db
AREA = "E07000147"
MONTHS = [datetime.date(2026, month, 1) for month in range(1, 7)]
NEW_VERBS = (
    "population_result.updated", "population_result.removed", "result_indicator.updated",
    "result_indicator.removed", "performance_measure.updated", "performance_measure.removed",
    "measure_value.updated", "measure_value.removed",
)  # fmt: skip


@pytest.fixture
def other(outsider) -> Partnership:
    return Partnership.objects.get(name="Another partnership")


@pytest.fixture
def result(owner, partnership) -> Result:
    return actions.result_add(by=owner, partnership=partnership, statement="All thrive")


@pytest.fixture
def indicator(partnership) -> Indicator:
    found = Indicator.objects.create(
        partnership=partnership, name="Smoking prevalence", value_type="proportion",
        polarity="lower_is_better", unit="%",
    )  # fmt: skip
    batch = ImportBatch.objects.create(kind="indicators", source_file="smoking.csv")
    for year, value in zip(range(2018, 2023), [20, 19, 19.5, 18, 17], strict=True):
        Observation.objects.create(
            indicator=found, batch=batch, area_code=AREA, period=str(year),
            period_sortable=year * 10000, value=value,
        )  # fmt: skip
    return found


@pytest.fixture
def measure(owner, partnership, result) -> Measure:
    found = actions.measure_add(
        by=owner, partnership=partnership, name="Quit dates set", category="how_much",
        service="Stop smoking", result=result, unit="people",
    )  # fmt: skip
    for period, value in zip(MONTHS, [5, 7, 6, 8, 9, 7], strict=True):
        actions.measure_value_add(by=owner, measure=found, period=period, value=value)
    actions.worksheet_save(by=owner, measure=found, story="Flat in winter")
    return found


def _url(name, partnership, *args):
    return reverse(f"measures:{name}", args=[partnership.slug, *args])


def test_every_new_verb_has_a_phrase():
    assert all(verb in VERB_PHRASES for verb in NEW_VERBS)


# --- results ---------------------------------------------------------------------------------


def test_a_result_is_renamed_and_a_duplicate_refused(editor, partnership, result):
    actions.result_add(by=editor, partnership=partnership, statement="Fairer health")
    actions.result_update(by=editor, result=result, statement="  Every child   thrives ")
    result.refresh_from_db()
    assert result.statement == "Every child thrives"
    event = AuditEvent.objects.get(verb="population_result.updated")
    assert event.before == {"statement": "All thrive"}
    with pytest.raises(ValidationError) as error:
        actions.result_update(by=editor, result=result, statement="fairer HEALTH")
    assert error.value.message_dict["statement"] == [
        "There is already a result called fairer HEALTH"
    ]
    with pytest.raises(ValidationError) as error:
        actions.result_update(by=editor, result=result, statement=" ")
    assert "Enter the result" in error.value.message_dict["statement"][0]
    result.refresh_from_db()
    assert result.statement == "Every child thrives"
    # Saving the same words again (different case of itself is allowed) records nothing new.
    actions.result_update(by=editor, result=result, statement="Every child thrives")
    assert AuditEvent.objects.filter(verb="population_result.updated").count() == 1


def test_removing_a_result_takes_its_links_and_keeps_its_measures(
    owner, partnership, result, indicator, measure
):
    actions.result_indicator_add(by=owner, result=result, indicator=indicator, area_code=AREA)
    actions.result_remove(by=owner, result=result)
    assert not Result.objects.exists() and not ResultIndicator.objects.exists()
    measure.refresh_from_db()
    assert measure.result_id is None and measure.values.count() == 6
    event = AuditEvent.objects.get(verb="population_result.removed")
    assert event.before["measures_unlinked"] == "Quit dates set"
    assert "Smoking prevalence" in event.before["indicators"]
    assert Indicator.objects.filter(pk=indicator.pk).exists()


# --- indicator links -------------------------------------------------------------------------


def test_an_indicator_link_is_changed_with_a_target(owner, partnership, result, indicator):
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    actions.result_indicator_update(
        by=owner, link=link, baseline_period="2019", target="16.5", kind="sii"
    )
    link.refresh_from_db()
    # The gap series holds no periods yet, so any baseline is accepted for when it arrives.
    assert (link.baseline_period, link.target, link.kind) == ("2019", 16.5, "sii")
    event = AuditEvent.objects.get(verb="result_indicator.updated")
    assert event.after["target"] == 16.5 and event.after["indicator"] == "Smoking prevalence"


def test_a_baseline_outside_the_series_and_a_bad_target_are_refused(
    owner, partnership, result, indicator
):
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    with pytest.raises(ValidationError) as error:
        actions.result_indicator_update(by=owner, link=link, baseline_period="2010", target="x")
    messages = error.value.message_dict
    assert messages["target"] == ["Enter the target as a number, for example 12.5"]
    with pytest.raises(ValidationError) as error:
        actions.result_indicator_update(by=owner, link=link, baseline_period="2010")
    assert error.value.message_dict["baseline_period"] == [
        "2010 is not a period of this series: enter one of 2018, 2019, 2020, 2021, 2022, "
        "or leave it blank for the first"
    ]
    link.refresh_from_db()
    assert (link.baseline_period, link.target) == ("", None)
    assert not AuditEvent.objects.filter(verb="result_indicator.updated").exists()


def test_a_changed_link_may_not_duplicate_another(owner, partnership, result, indicator):
    actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA, kind="sii"
    )
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    with pytest.raises(ValidationError) as error:
        actions.result_indicator_update(by=owner, link=link, kind="sii")
    assert "already linked" in error.value.message_dict["indicator"][0]
    link.refresh_from_db()
    assert link.kind == "value"


def test_a_target_on_an_indicator_without_direction_is_refused(owner, partnership, result):
    neutral = Indicator.objects.create(
        partnership=partnership, name="Population", value_type="count", polarity="no_judgement"
    )
    with pytest.raises(ValidationError) as error:
        actions.result_indicator_add(
            by=owner, result=result, indicator=neutral, area_code=AREA, target=5
        )
    assert "no better direction" in error.value.message_dict["target"][0]
    assert not ResultIndicator.objects.exists()
    # The gap always has a direction (towards zero), so a target on it is accepted.
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=neutral, area_code=AREA, kind="sii", target=5
    )
    assert link.target == 5


def test_unlinking_keeps_the_indicator(owner, partnership, result, indicator):
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    actions.result_indicator_remove(by=owner, link=link)
    assert not ResultIndicator.objects.exists() and Indicator.objects.filter(pk=indicator.pk)
    assert AuditEvent.objects.get(verb="result_indicator.removed").before["area_code"] == AREA


# --- measures --------------------------------------------------------------------------------


def test_a_measure_is_changed_and_moved(owner, partnership, result, measure):
    other_result = actions.result_add(by=owner, partnership=partnership, statement="Fair")
    action = planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Clinics", due_date=datetime.date(2027, 3, 31)
    )
    actions.measure_update(
        by=owner, measure=measure, name="Quit dates", result=other_result, action=action,
        service="", target="8", improvement="increase",
    )  # fmt: skip
    measure.refresh_from_db()
    assert (measure.name, measure.result, measure.action, measure.target) == (
        "Quit dates",
        other_result,
        action,
        8,
    )
    event = AuditEvent.objects.get(verb="performance_measure.updated")
    assert event.before["result"] == "All thrive" and event.after["result"] == "Fair"
    assert "unit" not in event.after  # only the changed fields are recorded


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [({"name": "Walks"}, "name", "There is already a measure called Walks"),
     ({"name": ""}, "name", "Enter the name of the measure"),
     ({"service": ""}, "service", "Enter the service or choose an action"),
     ({"target": "many"}, "target", "Enter the target as a number"),
     ({"improvement": "neutral", "target": 4}, "target", "needs a direction"),
     ({"category": "plenty"}, "category", "Choose how much")],
)  # fmt: skip
def test_a_bad_change_to_a_measure_saves_nothing(owner, partnership, measure, changes, field,
                                                 message):  # fmt: skip
    actions.measure_add(
        by=owner, partnership=partnership, name="Walks", category="how_much", service="Walking"
    )
    with pytest.raises(ValidationError) as error:
        actions.measure_update(by=owner, measure=measure, **changes)
    assert message in " ".join(error.value.message_dict[field])
    measure.refresh_from_db()
    assert (measure.name, measure.service, measure.target) == ("Quit dates set", "Stop smoking",
                                                               None)  # fmt: skip
    assert not AuditEvent.objects.filter(verb="performance_measure.updated").exists()


def test_a_measure_cannot_move_to_another_partnerships_result_or_action(
    owner, outsider, partnership, other, measure
):
    theirs = actions.result_add(by=outsider, partnership=other, statement="Theirs")
    their_action = planning_actions.plan_action_add(
        by=outsider, partnership=other, title="Theirs", due_date=datetime.date(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        actions.measure_update(by=owner, measure=measure, result=theirs, action=their_action)
    assert set(error.value.message_dict) == {"result", "action"}
    measure.refresh_from_db()
    assert measure.result.statement == "All thrive" and measure.action is None
    with pytest.raises(TypeError):
        actions.measure_update(by=owner, measure=measure, partnership=other)


def test_removing_a_measure_takes_its_values_and_worksheet(owner, measure):
    actions.measure_remove(by=owner, measure=measure)
    assert not Measure.objects.exists()
    assert not MeasureValue.objects.exists() and not Worksheet.objects.exists()
    assert AuditEvent.objects.get(verb="performance_measure.removed").before["values"] == 6


# --- values ----------------------------------------------------------------------------------


def test_a_value_is_corrected_and_a_word_refused(editor, measure):
    first = measure.values.get(period=MONTHS[0])
    actions.measure_value_update(by=editor, measure_value=first, value="5.5", note="Recounted")
    first.refresh_from_db()
    assert (first.value, first.note) == (5.5, "Recounted")
    event = AuditEvent.objects.get(verb="measure_value.updated")
    assert event.before == {"period": "2026-01-01", "value": 5.0, "note": ""}
    with pytest.raises(ValidationError) as error:
        actions.measure_value_update(by=editor, measure_value=first, value="lots", note="x" * 301)
    assert error.value.message_dict["value"] == [actions.NUMBER_ERROR]
    assert "300 characters" in error.value.message_dict["note"][0]
    first.refresh_from_db()
    assert (first.value, first.note) == (5.5, "Recounted")


def test_removing_a_value_clears_a_rebase_it_would_break(owner, measure):
    actions.measure_rebase(by=owner, measure=measure, rebase_from=MONTHS[4])
    assert actions.measure_value_remove(
        by=owner, measure_value=measure.values.get(period=MONTHS[0])
    ) is False  # fmt: skip
    measure.refresh_from_db()
    assert measure.rebase_from == MONTHS[4]
    cleared = actions.measure_value_remove(
        by=owner, measure_value=measure.values.get(period=MONTHS[5])
    )
    measure.refresh_from_db()
    assert cleared is True and measure.rebase_from is None
    assert measure.values.count() == 4
    event = AuditEvent.objects.filter(verb="measure_value.removed").latest("pk")
    assert event.before["rebase_from"] == "2026-05-01" and event.after == {"rebase_from": None}


def test_a_viewer_can_change_and_remove_nothing(owner, viewer, partnership, result, indicator,
                                                measure):  # fmt: skip
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    value = measure.values.first()
    attempts = [
        lambda: actions.result_update(by=viewer, result=result, statement="Mine"),
        lambda: actions.result_remove(by=viewer, result=result),
        lambda: actions.result_indicator_update(by=viewer, link=link, target=3),
        lambda: actions.result_indicator_remove(by=viewer, link=link),
        lambda: actions.measure_update(by=viewer, measure=measure, name="Mine"),
        lambda: actions.measure_remove(by=viewer, measure=measure),
        lambda: actions.measure_value_update(by=viewer, measure_value=value, value=1),
        lambda: actions.measure_value_remove(by=viewer, measure_value=value),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert Result.objects.get().statement == "All thrive" and ResultIndicator.objects.count() == 1
    assert Measure.objects.get().name == "Quit dates set" and MeasureValue.objects.count() == 6
    assert not AuditEvent.objects.filter(verb__in=NEW_VERBS).exists()


# --- pages -----------------------------------------------------------------------------------


def test_the_edit_pages_save_and_show_errors(client, owner, editor, partnership, result,
                                             indicator, measure):  # fmt: skip
    partnership_actions.area_add(by=owner, partnership=partnership, gss_code=AREA, name="Seaside")
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    value = measure.values.get(period=MONTHS[0])
    client.force_login(editor)
    page = client.get(_url("measures_value_edit", partnership, measure.pk, value.pk)).text
    assert 'value="5"' in page and "Change the value for January 2026" in page
    page = client.post(
        _url("measures_value_edit", partnership, measure.pk, value.pk), {"value": "five"}
    ).text
    assert "govuk-error-summary" in page and actions.NUMBER_ERROR in page
    done = client.post(
        _url("measures_value_edit", partnership, measure.pk, value.pk), {"value": "4.25"}
    )
    assert done.url == _url("measures_measure_detail", partnership, measure.pk)
    value.refresh_from_db()
    assert value.value == 4.25

    page = client.post(
        _url("measures_indicator_edit", partnership, link.pk),
        {"area_code": AREA, "kind": "value", "baseline_period": "1999", "target": ""},
    ).text
    assert "1999 is not a period of this series" in page
    client.post(
        _url("measures_indicator_edit", partnership, link.pk),
        {"area_code": AREA, "kind": "value", "baseline_period": "2020", "target": "15"},
    )
    link.refresh_from_db()
    assert (link.baseline_period, link.target) == ("2020", 15)

    page = client.post(
        _url("measures_measure_edit", partnership, measure.pk),
        {"name": "Quit dates set", "category": "how_much", "service": "Stop smoking",
         "improvement": "increase", "target": "lots"},
    ).text  # fmt: skip
    assert "Enter the target as a number, for example 75" in page
    client.post(
        _url("measures_measure_edit", partnership, measure.pk),
        {"name": "Quit dates", "category": "how_well", "service": "Stop smoking",
         "improvement": "increase", "target": "", "result": ""},
    )  # fmt: skip
    measure.refresh_from_db()
    assert (measure.name, measure.category, measure.result) == ("Quit dates", "how_well", None)

    client.post(_url("measures_result_edit", partnership, result.pk), {"statement": "Thrive"})
    result.refresh_from_db()
    assert result.statement == "Thrive"


def test_removal_asks_first_then_removes(client, owner, partnership, result, measure):
    client.force_login(owner)
    confirm = client.get(_url("measures_result_remove", partnership, result.pk)).text
    assert "Remove the result All thrive?" in confirm
    assert "Its 1 performance measure will stay" in confirm
    assert Result.objects.exists()
    client.post(_url("measures_result_remove", partnership, result.pk))
    assert not Result.objects.exists()
    value = measure.values.get(period=MONTHS[0])
    assert (
        "The value 5 people will be removed"
        in client.get(_url("measures_value_remove", partnership, measure.pk, value.pk)).text
    )
    client.post(_url("measures_value_remove", partnership, measure.pk, value.pk))
    assert measure.values.count() == 5
    confirm = client.get(_url("measures_measure_remove", partnership, measure.pk)).text
    assert "Its 5 values and its turn-the-curve worksheet will be removed" in confirm
    gone = client.post(_url("measures_measure_remove", partnership, measure.pk))
    assert gone.url == _url("measures_scorecard", partnership) and not Measure.objects.exists()


def test_another_partnerships_records_are_not_found(client, owner, outsider, partnership, other,
                                                    result, indicator, measure):  # fmt: skip
    link = actions.result_indicator_add(
        by=owner, result=result, indicator=indicator, area_code=AREA
    )
    value = measure.values.first()
    client.force_login(outsider)
    # The outsider's own partnership in the URL, our records' ids: still 404.
    for name, args in (
        ("measures_result_edit", [result.pk]), ("measures_result_remove", [result.pk]),
        ("measures_indicator_edit", [link.pk]), ("measures_indicator_remove", [link.pk]),
        ("measures_measure_edit", [measure.pk]), ("measures_measure_remove", [measure.pk]),
        ("measures_value_edit", [measure.pk, value.pk]),
        ("measures_value_remove", [measure.pk, value.pk]),
    ):  # fmt: skip
        assert client.get(_url(name, other, *args)).status_code == 404, name
        assert client.post(_url(name, other, *args)).status_code == 404, name
    # A value reached through another measure's URL is not found either.
    second = actions.measure_add(
        by=owner, partnership=partnership, name="Walks", category="how_much", service="Walking"
    )
    client.force_login(owner)
    assert client.get(
        _url("measures_value_edit", partnership, second.pk, value.pk)
    ).status_code == 404  # fmt: skip
    assert Result.objects.count() == 1 and MeasureValue.objects.count() == 6
    assert queries.result_indicator(other, link.pk) is None
    assert queries.measure_value(other, value.pk) is None


def test_a_measure_left_with_one_value_still_shows_it_to_change(client, owner, partnership,
                                                                measure):  # fmt: skip
    for value in list(measure.values.order_by("period"))[1:]:
        actions.measure_value_remove(by=owner, measure_value=value)
    client.force_login(owner)
    page = client.get(_url("measures_measure_detail", partnership, measure.pk)).text
    assert "The chart needs at least two values for its mean and process limits" in page
    only = measure.values.get()
    assert _url("measures_value_edit", partnership, measure.pk, only.pk) in page
    assert "Not enough values" in page
    csv_text = client.get(_url("measures_measure_download", partnership, measure.pk)).text
    assert csv_text.splitlines()[1].startswith("Jan 2026,5.0,,,,")
