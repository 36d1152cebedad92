"""Every change to the OBA results, measures, their values and turn-the-curve worksheets.

Each action checks the acting member's role (editing the toolkit work), validates everything
before writing anything (links must belong to the same partnership), runs in one transaction
and records an audit event.
"""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.indicators import queries as indicator_queries
from placematters.indicators.models import Indicator, Polarity
from placematters.measures import queries
from placematters.measures.models import (
    Category,
    Improvement,
    Measure,
    MeasureValue,
    Result,
    ResultIndicator,
    SeriesKind,
    Worksheet,
)
from placematters.partnerships.actions import require
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import Permission
from placematters.planning.models import PlanAction

NUMBER_ERROR = "Enter the value as a number, for example 42 or 3.5"
WORKSHEET_FIELDS = ("story", "partners", "what_works", "ideas", "action_plan")


def _line(value) -> str:
    return " ".join(str(value or "").split())


def number(value, message: str = NUMBER_ERROR) -> float:
    """``value`` as a finite float, or a ValueError carrying ``message``. Commas in thousands
    are allowed ("1,250")."""
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, (int, float)):
        result = float(value)
    else:
        try:
            result = float(str(value).strip().replace(",", ""))
        except ValueError:
            raise ValueError(message) from None
    if not math.isfinite(result):
        raise ValueError(message)
    return result


def _valid_statement(partnership: Partnership, statement: str, exclude_pk=None) -> str:
    statement = _line(statement)
    if not statement:
        raise ValidationError({"statement": "Enter the result, for example All children thrive"})
    if len(statement) > 300:
        raise ValidationError({"statement": "The result must be 300 characters or fewer"})
    same = Result.objects.filter(partnership=partnership, statement__iexact=statement)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"statement": f"There is already a result called {statement}"})
    return statement


@transaction.atomic
def result_add(*, by, partnership: Partnership, statement: str) -> Result:
    require(partnership, by, Permission.EDIT_WORK)
    statement = _valid_statement(partnership, statement)
    result = Result.objects.create(partnership=partnership, statement=statement)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="population_result.added",
        target=result,
        after={"statement": statement},
    )
    return result


@transaction.atomic
def result_update(*, by, result: Result, statement: str) -> Result:
    partnership = result.partnership
    require(partnership, by, Permission.EDIT_WORK)
    statement = _valid_statement(partnership, statement, exclude_pk=result.pk)
    before = result.statement
    if statement != before:
        result.statement = statement
        result.save(update_fields=["statement"])
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="population_result.updated",
            target=result,
            before={"statement": before},
            after={"statement": statement},
        )
    return result


@transaction.atomic
def result_remove(*, by, result: Result) -> None:
    """Remove the result and its indicator links (the indicators' data stay); its
    performance measures stay, no longer linked to a result."""
    partnership = result.partnership
    require(partnership, by, Permission.EDIT_WORK)
    unlinked = list(result.measures.order_by("name").values_list("name", flat=True))
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="population_result.removed",
        target=result,
        before={
            "statement": result.statement,
            "indicators": ", ".join(str(link) for link in result.indicators.all()) or "None",
            "measures_unlinked": ", ".join(unlinked) or "None",
        },
    )
    result.delete()


def _target_of(target, errors: dict):
    if target in ("", None):
        return None
    try:
        return number(target, "Enter the target as a number, for example 12.5")
    except ValueError as error:
        errors["target"] = str(error)
        return None


def _validated_link(result: Result, fields: dict, exclude_pk=None) -> dict:
    """An indicator link's fields cleaned, or a ValidationError naming every problem."""
    partnership = result.partnership
    indicator, kind = fields["indicator"], fields["kind"]
    errors = {}
    if not indicator_queries.indicators(partnership).filter(pk=indicator.pk).exists():
        errors["indicator"] = "Choose one of the indicators this partnership can see"
    area_code = _line(fields["area_code"]).upper()
    if not area_code:
        errors["area_code"] = "Choose the area the indicator is for"
    if kind not in SeriesKind.values:
        errors["kind"] = "Choose the area's value or the gap by deprivation"
    baseline_period = _line(fields["baseline_period"])
    if len(baseline_period) > 30:
        errors["baseline_period"] = "The baseline period must be 30 characters or fewer"
    target = _target_of(fields["target"], errors)
    if not errors:
        same = ResultIndicator.objects.filter(
            result=result, indicator=indicator, area_code=area_code, kind=kind
        )
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors["indicator"] = "This indicator is already linked to the result for that area"
        periods = queries.series_periods(partnership, indicator, area_code, kind)
        if baseline_period and periods and baseline_period not in periods:
            errors["baseline_period"] = (
                f"{baseline_period} is not a period of this series: enter one of "
                f"{', '.join(periods)}, or leave it blank for the first"
            )
        if (
            target is not None
            and kind == SeriesKind.VALUE
            and indicator.polarity == Polarity.NO_JUDGEMENT
        ):
            errors["target"] = (
                "This indicator has no better direction, so a target cannot be judged: "
                "leave the target blank"
            )
    if errors:
        raise ValidationError(errors)
    return {
        "indicator": indicator, "area_code": area_code, "kind": kind,
        "baseline_period": baseline_period, "target": target,
    }  # fmt: skip


def _link_described(link: ResultIndicator) -> dict:
    return {
        "indicator": link.indicator.name,
        "area_code": link.area_code,
        "kind": link.get_kind_display(),
        "baseline_period": link.baseline_period or "first period held",
        "target": link.target,
    }


@transaction.atomic
def result_indicator_add(
    *,
    by,
    result: Result,
    indicator: Indicator,
    area_code: str,
    kind: str = SeriesKind.VALUE,
    baseline_period: str = "",
    target=None,
) -> ResultIndicator:
    """Link one of the partnership's indicators (the area's values, or its SII series) to a
    result. ``baseline_period`` blank means the first period held; when the series holds
    periods, the baseline must be one of them."""
    partnership = result.partnership
    require(partnership, by, Permission.EDIT_WORK)
    values = _validated_link(
        result,
        {"indicator": indicator, "area_code": area_code, "kind": kind,
         "baseline_period": baseline_period, "target": target},
    )  # fmt: skip
    link = ResultIndicator.objects.create(result=result, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="result_indicator.added",
        target=result,
        after=_link_described(link),
    )
    return link


LINK_FIELDS = ("area_code", "kind", "baseline_period", "target")


@transaction.atomic
def result_indicator_update(*, by, link: ResultIndicator, **changes) -> ResultIndicator:
    """Change the link's area, series kind, baseline period or target (those not given keep
    their value)."""
    result = link.result
    require(result.partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(LINK_FIELDS)
    if unknown:
        raise TypeError(f"result_indicator_update() got unexpected fields: {sorted(unknown)}")
    current = {"indicator": link.indicator, **{f: getattr(link, f) for f in LINK_FIELDS}}
    values = _validated_link(result, {**current, **changes}, exclude_pk=link.pk)
    before = _link_described(link)
    for field in LINK_FIELDS:
        setattr(link, field, values[field])
    link.save()
    old, new = changed_fields(before, _link_described(link))
    if new:
        audit_event_record(
            by=by,
            partnership=result.partnership,
            verb="result_indicator.updated",
            target=result,
            before={"indicator": link.indicator.name, **old},
            after={"indicator": link.indicator.name, **new},
        )
    return link


@transaction.atomic
def result_indicator_remove(*, by, link: ResultIndicator) -> None:
    """Unlink the indicator from the result; the indicator and its data stay."""
    result = link.result
    require(result.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=result.partnership,
        verb="result_indicator.removed",
        target=result,
        before=_link_described(link),
    )
    link.delete()


def _described(measure: Measure) -> dict:
    return {
        "name": measure.name,
        "category": measure.get_category_display(),
        "service": measure.service,
        "action": measure.action.title if measure.action_id else "",
        "result": measure.result.statement if measure.result_id else "",
        "improvement": measure.get_improvement_display(),
        "unit": measure.unit,
        "target": measure.target,
    }


MEASURE_FIELDS = (
    "name", "category", "service", "action", "result", "improvement", "unit", "target",
)  # fmt: skip


def _validated_measure(partnership: Partnership, fields: dict, exclude_pk=None) -> dict:
    """The measure's fields cleaned, or a ValidationError naming every problem at once."""
    errors = {}
    name, service, unit = _line(fields["name"]), _line(fields["service"]), _line(fields["unit"])
    category, improvement = fields["category"], fields["improvement"]
    action, result, target = fields["action"], fields["result"], fields["target"]
    same_name = Measure.objects.filter(partnership=partnership, name__iexact=name)
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if not name:
        errors["name"] = "Enter the name of the measure"
    elif len(name) > 200:
        errors["name"] = "The name must be 200 characters or fewer"
    elif same_name.exists():
        errors["name"] = f"There is already a measure called {name}"
    if category not in Category.values:
        errors["category"] = "Choose how much, how well or is anyone better off"
    if improvement not in Improvement.values:
        errors["improvement"] = "Choose whether higher or lower is better"
    if len(service) > 200:
        errors["service"] = "The service must be 200 characters or fewer"
    if len(unit) > 60:
        errors["unit"] = "The unit must be 60 characters or fewer"
    if action is not None and action.partnership_id != partnership.pk:
        errors["action"] = "Choose an action from this partnership's plan"
    if result is not None and result.partnership_id != partnership.pk:
        errors["result"] = "Choose one of this partnership's population results"
    if not service and action is None and "action" not in errors:
        errors["service"] = "Enter the service or choose an action the measure is for"
    if target in ("", None):
        target = None
    else:
        try:
            target = number(target, "Enter the target as a number, for example 75")
        except ValueError as error:
            errors["target"] = str(error)
    if target is not None and improvement == Improvement.NEUTRAL:
        errors["target"] = "A target needs a direction: choose whether higher or lower is better"
    if errors:
        raise ValidationError(errors)
    return {
        "name": name, "category": category, "service": service, "action": action,
        "result": result, "improvement": improvement, "unit": unit, "target": target,
    }  # fmt: skip


@transaction.atomic
def measure_add(
    *,
    by,
    partnership: Partnership,
    name: str,
    category: str,
    service: str = "",
    action: PlanAction | None = None,
    result: Result | None = None,
    improvement: str = Improvement.INCREASE,
    unit: str = "",
    target=None,
) -> Measure:
    """A performance measure for a service (free text) or an action of the plan."""
    require(partnership, by, Permission.EDIT_WORK)
    values = _validated_measure(
        partnership,
        {"name": name, "category": category, "service": service, "action": action,
         "result": result, "improvement": improvement, "unit": unit, "target": target},
    )  # fmt: skip
    measure = Measure.objects.create(partnership=partnership, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="performance_measure.added",
        target=measure,
        after=_described(measure),
    )
    return measure


@transaction.atomic
def measure_update(*, by, measure: Measure, **changes) -> Measure:
    """Change any of the measure's fields (those not given keep their value), including
    moving it to another result or action of the same partnership."""
    partnership = measure.partnership
    require(partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"measure_update() got unexpected fields: {sorted(unknown)}")
    current = {field: getattr(measure, field) for field in MEASURE_FIELDS}
    values = _validated_measure(partnership, {**current, **changes}, exclude_pk=measure.pk)
    before = _described(measure)
    for field, value in values.items():
        setattr(measure, field, value)
    measure.save()
    old, new = changed_fields(before, _described(measure))
    if new:
        audit_event_record(
            by=by,
            partnership=partnership,
            verb="performance_measure.updated",
            target=measure,
            before=old,
            after=new,
        )
    return measure


@transaction.atomic
def measure_remove(*, by, measure: Measure) -> None:
    """Remove the measure with its values and its turn-the-curve worksheet."""
    require(measure.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=measure.partnership,
        verb="performance_measure.removed",
        target=measure,
        before={**_described(measure), "values": measure.values.count()},
    )
    measure.delete()


@transaction.atomic
def measure_value_add(
    *, by, measure: Measure, period: datetime.date, value, note: str = ""
) -> MeasureValue:
    """One value of the measure for a period (the period's first day); a period already
    holding a value is refused."""
    require(measure.partnership, by, Permission.EDIT_WORK)
    errors = {}
    if not isinstance(period, datetime.date):
        errors["period"] = "Enter the period as a real date, for example 2026-04-01"
    elif MeasureValue.objects.filter(measure=measure, period=period).exists():
        errors["period"] = f"There is already a value for {period:%-d %B %Y}"
    try:
        value = number(value)
    except ValueError as error:
        errors["value"] = str(error)
    note = _line(note)
    if len(note) > 300:
        errors["note"] = "The note must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    added = MeasureValue.objects.create(measure=measure, period=period, value=value, note=note)
    audit_event_record(
        by=by,
        partnership=measure.partnership,
        verb="measure_value.added",
        target=measure,
        after={"period": period, "value": value, "note": note},
    )
    return added


@transaction.atomic
def measure_value_update(*, by, measure_value: MeasureValue, value, note: str = "") -> MeasureValue:
    """Correct a value or its note; the period stays (remove the value to move it)."""
    measure = measure_value.measure
    require(measure.partnership, by, Permission.EDIT_WORK)
    errors = {}
    try:
        value = number(value)
    except ValueError as error:
        errors["value"] = str(error)
    note = _line(note)
    if len(note) > 300:
        errors["note"] = "The note must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    before = {"period": measure_value.period, "value": measure_value.value,
              "note": measure_value.note}  # fmt: skip
    measure_value.value, measure_value.note = value, note
    measure_value.save(update_fields=["value", "note"])
    old, new = changed_fields(before, {"period": measure_value.period, "value": value,
                                       "note": note})  # fmt: skip
    if new:
        audit_event_record(
            by=by,
            partnership=measure.partnership,
            verb="measure_value.updated",
            target=measure,
            before={"period": measure_value.period, **old},
            after={"period": measure_value.period, **new},
        )
    return measure_value


def rebase_still_valid(periods: list[datetime.date], rebase_from: datetime.date | None) -> bool:
    """Whether ``rebase_from`` still splits ``periods`` (in order) into two parts of at
    least two values each (the rule ``measure_rebase`` applies)."""
    if rebase_from is None:
        return True
    if rebase_from not in periods:
        return False
    position = periods.index(rebase_from)
    return position >= 2 and len(periods) - position >= 2


@transaction.atomic
def measure_value_remove(*, by, measure_value: MeasureValue) -> bool:
    """Remove one value. When the rebase no longer leaves two values on each side (or its
    period is the one removed), the rebase is cleared too and recorded; returns whether it
    was."""
    measure = measure_value.measure
    require(measure.partnership, by, Permission.EDIT_WORK)
    before = {"period": measure_value.period, "value": measure_value.value,
              "note": measure_value.note}  # fmt: skip
    measure_value.delete()
    periods = list(measure.values.order_by("period").values_list("period", flat=True))
    cleared = not rebase_still_valid(periods, measure.rebase_from)
    if cleared:
        before["rebase_from"] = measure.rebase_from
        measure.rebase_from = None
        measure.save(update_fields=["rebase_from"])
    audit_event_record(
        by=by,
        partnership=measure.partnership,
        verb="measure_value.removed",
        target=measure,
        before=before,
        after={"rebase_from": None} if cleared else {},
    )
    return cleared


@transaction.atomic
def measure_rebase(*, by, measure: Measure, rebase_from: datetime.date | None) -> Measure:
    """Recalculate the process limits from ``rebase_from`` (a period holding a value), or
    clear the rebase with None. Each segment needs at least two values."""
    require(measure.partnership, by, Permission.EDIT_WORK)
    if rebase_from is not None:
        periods = list(measure.values.order_by("period").values_list("period", flat=True))
        if rebase_from not in periods:
            raise ValidationError({"rebase_from": "Choose one of the periods holding a value"})
        if not rebase_still_valid(periods, rebase_from):
            raise ValidationError(
                {"rebase_from": "Each part of the chart needs at least two values: choose a "
                 "period with two or more values before it and one or more after it"}
            )  # fmt: skip
    before = measure.rebase_from
    measure.rebase_from = rebase_from
    measure.save(update_fields=["rebase_from"])
    audit_event_record(
        by=by,
        partnership=measure.partnership,
        verb="performance_measure.rebased",
        target=measure,
        before={"rebase_from": before},
        after={"rebase_from": rebase_from},
    )
    return measure


@transaction.atomic
def worksheet_save(*, by, measure: Measure, **texts) -> Worksheet:
    """Save the turn-the-curve worksheet as a draft (any of its five free-text parts)."""
    require(measure.partnership, by, Permission.EDIT_WORK)
    unknown = set(texts) - set(WORKSHEET_FIELDS)
    if unknown:
        raise TypeError(f"worksheet_save() got unexpected fields: {sorted(unknown)}")
    worksheet, _created = Worksheet.objects.get_or_create(measure=measure)
    before = {field: getattr(worksheet, field) for field in WORKSHEET_FIELDS}
    for field, text in texts.items():
        setattr(worksheet, field, str(text or "").strip())
    worksheet.save()
    after = {field: getattr(worksheet, field) for field in WORKSHEET_FIELDS}
    audit_event_record(
        by=by,
        partnership=measure.partnership,
        verb="worksheet.saved",
        target=measure,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return worksheet
