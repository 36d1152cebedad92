"""Every change to results and measures: role checks, links within the partnership, audit
events, specific messages and nothing half-saved when the input is wrong."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES
from placematters.indicators.models import Indicator
from placematters.measures import actions
from placematters.measures.models import Measure, MeasureValue, Result, ResultIndicator, Worksheet
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import NotAllowed
from placematters.planning import actions as planning_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(outsider) -> Partnership:
    return Partnership.objects.get(name="Another partnership")


APRIL = datetime.date(2026, 4, 1)


def _measure(by, partnership, **extra):
    values = {"name": "Quit dates set", "category": "how_much", "service": "Stop smoking"}
    return actions.measure_add(by=by, partnership=partnership, **{**values, **extra})


def test_every_verb_has_a_phrase():
    for verb in ("population_result.added", "result_indicator.added",
                 "performance_measure.added", "performance_measure.rebased",
                 "measure_value.added", "worksheet.saved"):  # fmt: skip
        assert verb in VERB_PHRASES


def test_an_editor_adds_a_result_and_links_an_indicator(editor, partnership):
    result = actions.result_add(
        by=editor, partnership=partnership, statement="  Everyone   lives well "
    )
    assert result.statement == "Everyone lives well"
    indicator = Indicator.objects.create(
        partnership=partnership, name="Smoking", value_type="proportion", polarity="lower_is_better"
    )
    link = actions.result_indicator_add(
        by=editor, result=result, indicator=indicator, area_code="e07000147", kind="sii"
    )
    assert (link.area_code, link.kind) == ("E07000147", "sii")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"population_result.added", "result_indicator.added"} <= verbs


def test_a_duplicate_result_and_an_unseen_indicator_are_refused(owner, partnership, other):
    actions.result_add(by=owner, partnership=partnership, statement="All thrive")
    with pytest.raises(ValidationError) as error:
        actions.result_add(by=owner, partnership=partnership, statement="all thrive")
    assert "already a result" in str(error.value)
    result = Result.objects.get()
    theirs = Indicator.objects.create(
        partnership=other, name="Theirs", value_type="proportion", polarity="lower_is_better"
    )
    with pytest.raises(ValidationError) as error:
        actions.result_indicator_add(by=owner, result=result, indicator=theirs, area_code="E1")
    assert "indicators this partnership can see" in str(error.value)
    assert not ResultIndicator.objects.exists()


def test_a_viewer_is_refused_everything(owner, viewer, partnership):
    result = actions.result_add(by=owner, partnership=partnership, statement="All thrive")
    measure = _measure(owner, partnership)
    with pytest.raises(NotAllowed):
        actions.result_add(by=viewer, partnership=partnership, statement="Another")
    with pytest.raises(NotAllowed):
        _measure(viewer, partnership, name="Other")
    with pytest.raises(NotAllowed):
        actions.measure_value_add(by=viewer, measure=measure, period=APRIL, value=3)
    with pytest.raises(NotAllowed):
        actions.worksheet_save(by=viewer, measure=measure, story="Nope")
    with pytest.raises(NotAllowed):
        actions.measure_rebase(by=viewer, measure=measure, rebase_from=None)
    assert Result.objects.get() == result
    assert Measure.objects.count() == 1
    assert not MeasureValue.objects.exists() and not Worksheet.objects.exists()


def test_a_measure_for_an_action_with_a_target(owner, partnership):
    action = planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Clinics", due_date=datetime.date(2027, 3, 31)
    )
    measure = _measure(owner, partnership, service="", action=action, target="1,250")
    assert measure.action == action and measure.target == 1250
    assert AuditEvent.objects.filter(verb="performance_measure.added").exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [({"name": " "}, "name", "Enter the name"),
     ({"category": "lots"}, "category", "how much, how well"),
     ({"service": ""}, "service", "Enter the service or choose an action"),
     ({"target": "high"}, "target", "Enter the target as a number"),
     ({"target": "5", "improvement": "neutral"}, "target", "needs a direction")],
)  # fmt: skip
def test_bad_measures_are_refused_with_a_specific_message(
    owner, partnership, extra, field, message
):
    with pytest.raises(ValidationError) as error:
        _measure(owner, partnership, **extra)
    assert message in " ".join(error.value.message_dict[field])
    assert (
        not Measure.objects.exists()
        and not AuditEvent.objects.filter(verb="performance_measure.added").exists()
    )


def test_another_partnerships_action_is_refused(owner, partnership, other, outsider):
    theirs = planning_actions.plan_action_add(
        by=outsider, partnership=other, title="Theirs",
        due_date=datetime.date(2027, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        _measure(owner, partnership, action=theirs)
    assert "this partnership's plan" in str(error.value)
    assert not Measure.objects.exists()


def test_values_are_added_and_a_non_number_is_refused(owner, partnership):
    measure = _measure(owner, partnership)
    actions.measure_value_add(by=owner, measure=measure, period=APRIL, value="12.5", note="ok")
    for bad in ("twelve", "", "nan", "inf"):
        with pytest.raises(ValidationError) as error:
            actions.measure_value_add(
                by=owner, measure=measure, period=datetime.date(2026, 5, 1), value=bad
            )
        assert error.value.message_dict["value"] == [actions.NUMBER_ERROR]
    with pytest.raises(ValidationError) as error:
        actions.measure_value_add(by=owner, measure=measure, period=APRIL, value=3)
    assert "already a value for 1 April 2026" in str(error.value)
    assert list(MeasureValue.objects.values_list("value", flat=True)) == [12.5]
    assert AuditEvent.objects.filter(verb="measure_value.added").count() == 1


def test_rebasing_needs_two_values_each_side(owner, partnership):
    measure = _measure(owner, partnership)
    periods = [datetime.date(2026, month, 1) for month in range(1, 6)]
    for period, value in zip(periods, [1, 2, 3, 4, 5], strict=True):
        actions.measure_value_add(by=owner, measure=measure, period=period, value=value)
    for bad in (periods[1], periods[4], datetime.date(2025, 1, 1)):
        with pytest.raises(ValidationError):
            actions.measure_rebase(by=owner, measure=measure, rebase_from=bad)
    measure.refresh_from_db()
    assert measure.rebase_from is None
    actions.measure_rebase(by=owner, measure=measure, rebase_from=periods[2])
    measure.refresh_from_db()
    assert measure.rebase_from == periods[2]
    assert AuditEvent.objects.filter(verb="performance_measure.rebased").count() == 1


def test_the_worksheet_is_saved_as_a_draft(editor, partnership):
    measure = _measure(editor, partnership)
    actions.worksheet_save(by=editor, measure=measure, story="Quit rates fell", ideas="")
    actions.worksheet_save(by=editor, measure=measure, partners="The pharmacy")
    sheet = Worksheet.objects.get()
    assert (sheet.story, sheet.partners) == ("Quit rates fell", "The pharmacy")
    assert AuditEvent.objects.filter(verb="worksheet.saved").count() == 2
    with pytest.raises(TypeError):
        actions.worksheet_save(by=editor, measure=measure, colour="red")
