"""Every change to the OBA results, measures, their values and turn-the-curve worksheets.

Each action checks the acting member's role (editing the toolkit work), validates everything
before writing anything (links must belong to the same partnership), runs in one transaction
and records an audit event.
"""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction

from placematters.audit.actions import audit_event_record
from placematters.indicators import queries as indicator_queries
from placematters.indicators.models import Indicator
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


@transaction.atomic
def result_add(*, by, partnership: Partnership, statement: str) -> Result:
    require(partnership, by, Permission.EDIT_WORK)
    statement = _line(statement)
    if not statement:
        raise ValidationError({"statement": "Enter the result, for example All children thrive"})
    if len(statement) > 300:
        raise ValidationError({"statement": "The result must be 300 characters or fewer"})
    if Result.objects.filter(partnership=partnership, statement__iexact=statement).exists():
        raise ValidationError({"statement": f"There is already a result called {statement}"})
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
def result_indicator_add(
    *,
    by,
    result: Result,
    indicator: Indicator,
    area_code: str,
    kind: str = SeriesKind.VALUE,
    baseline_period: str = "",
) -> ResultIndicator:
    """Link one of the partnership's indicators (the area's values, or its SII series) to a
    result. ``baseline_period`` blank means the first period held."""
    partnership = result.partnership
    require(partnership, by, Permission.EDIT_WORK)
    errors = {}
    if not indicator_queries.indicators(partnership).filter(pk=indicator.pk).exists():
        errors["indicator"] = "Choose one of the indicators this partnership can see"
    area_code = _line(area_code).upper()
    if not area_code:
        errors["area_code"] = "Choose the area the indicator is for"
    if kind not in SeriesKind.values:
        errors["kind"] = "Choose the area's value or the gap by deprivation"
    if (
        not errors
        and ResultIndicator.objects.filter(
            result=result, indicator=indicator, area_code=area_code, kind=kind
        ).exists()
    ):
        errors["indicator"] = "This indicator is already linked to the result for that area"
    if errors:
        raise ValidationError(errors)
    link = ResultIndicator.objects.create(
        result=result,
        indicator=indicator,
        area_code=area_code,
        kind=kind,
        baseline_period=_line(baseline_period),
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="result_indicator.added",
        target=result,
        after={
            "indicator": indicator.name,
            "area_code": area_code,
            "kind": link.get_kind_display(),
            "baseline_period": link.baseline_period or "first period held",
        },
    )
    return link


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
    errors = {}
    name, service, unit = _line(name), _line(service), _line(unit)
    if not name:
        errors["name"] = "Enter the name of the measure"
    elif len(name) > 200:
        errors["name"] = "The name must be 200 characters or fewer"
    elif Measure.objects.filter(partnership=partnership, name__iexact=name).exists():
        errors["name"] = f"There is already a measure called {name}"
    if category not in Category.values:
        errors["category"] = "Choose how much, how well or is anyone better off"
    if improvement not in Improvement.values:
        errors["improvement"] = "Choose whether higher or lower is better"
    if len(service) > 200:
        errors["service"] = "The service must be 200 characters or fewer"
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
    measure = Measure.objects.create(
        partnership=partnership,
        name=name,
        category=category,
        service=service,
        action=action,
        result=result,
        improvement=improvement,
        unit=unit,
        target=target,
    )
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="performance_measure.added",
        target=measure,
        after=_described(measure),
    )
    return measure


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
def measure_rebase(*, by, measure: Measure, rebase_from: datetime.date | None) -> Measure:
    """Recalculate the process limits from ``rebase_from`` (a period holding a value), or
    clear the rebase with None. Each segment needs at least two values."""
    require(measure.partnership, by, Permission.EDIT_WORK)
    if rebase_from is not None:
        periods = list(measure.values.order_by("period").values_list("period", flat=True))
        if rebase_from not in periods:
            raise ValidationError({"rebase_from": "Choose one of the periods holding a value"})
        position = periods.index(rebase_from)
        if position < 2 or len(periods) - position < 2:
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
