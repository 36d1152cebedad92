"""Reads for the data-supported overview. Each takes the partnership first.

A partnership sees the shared indicators (no partnership) and its own, never another
partnership's: every function below looks the indicator up through
:func:`placematters.indicators.queries.indicators`, and answers None or an empty list for an
indicator it may not see. Results are plain dataclasses, for the pages and their CSV downloads.

"The area's row" of an indicator is its latest period's row without a category, preferring
sex "Persons" and age "All ages" (else the first sex and age held, alphabetically).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from django.db.models import Count, Max, Q

from placematters import stats
from placematters.analysis import compute, derive
from placematters.analysis import narrative as wording
from placematters.analysis.models import Derivation, InequalitySummary, Priority, Trend
from placematters.geography import queries as geography
from placematters.geography.models import Area, PopulationCount, Sex
from placematters.indicators import queries as indicator_queries
from placematters.indicators.models import Indicator, Observation
from placematters.toolkit.summaries import SummarySection
from placematters.web.wording import count_phrase, join_words

ENGLAND = "E92000001"
CHUNK = 900
VALUE_FIELDS = [
    "indicator_id", "area_code", "area_name", "period", "period_sortable", "sex", "age",
    "value", "lower_95", "upper_95", "count", "denominator", "compared_to_england",
    "compared_to_parent", "parent_code",
]  # fmt: skip


# --- dataclasses ----------------------------------------------------------------------------


@dataclass
class ProfileRow:
    indicator_id: int
    indicator_name: str
    unit: str
    multiplier: float
    polarity: str
    value_type: str
    period: str
    sex: str
    age: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    count: float | None
    denominator: float | None
    compared_to_england: str
    compared_to_parent: str
    england_value: float | None
    parent_code: str
    parent_name: str
    parent_value: float | None
    england_min: float | None
    england_q1: float | None
    england_median: float | None
    england_q3: float | None
    england_max: float | None
    areas_compared: int
    trend: str


@dataclass
class SeriesPoint:
    period: str
    period_sortable: int
    sex: str
    age: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    count: float | None
    denominator: float | None
    compared_to_england: str
    england_value: float | None


@dataclass
class AreaValue:
    area_code: str
    area_name: str
    period: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    count: float | None
    denominator: float | None
    compared_to_england: str
    selected: bool


@dataclass
class InequalityFigures:
    period: str
    category_type: str
    n_quantiles: int
    most_deprived_value: float | None
    least_deprived_value: float | None
    gap: float | None
    ratio: float | None
    sii: float | None
    sii_lower: float | None
    sii_upper: float | None
    rii: float | None
    rii_lower: float | None
    rii_upper: float | None
    confidence: float
    method: str


@dataclass
class BreakdownRow:
    quantile: int
    label: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    count: float | None
    denominator: float | None


@dataclass
class Breakdown:
    indicator_id: int
    area_code: str
    period: str
    sex: str
    age: str
    category_type: str
    rows: list[BreakdownRow]
    summary: InequalityFigures | None
    category_types: list[str] = field(default_factory=list)


@dataclass
class PriorityItem:
    id: int
    indicator_id: int
    indicator_name: str
    area_code: str
    area_name: str
    period: str
    note: str
    created_by: str
    created_at: datetime
    sex: str = ""
    age: str = ""

    @property
    def query(self) -> str:
        """The indicator page's query string for this finding's sex and age ('' if unknown)."""
        if not (self.sex or self.age):
            return ""
        return "?" + urlencode([("sex", self.sex), ("age", self.age)])


@dataclass
class FootprintValue:
    indicator_id: int
    period: str
    sex: str
    age: str
    lsoas: int
    areas_with_data: int
    count: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None
    england_value: float | None
    compared_to_england: str
    method: str


# --- helpers --------------------------------------------------------------------------------


def _indicator(partnership, indicator_id) -> Indicator | None:
    return indicator_queries.indicators(partnership).filter(pk=indicator_id).first()


def unit_of(indicator: Indicator) -> str:
    """The indicator's unit, or for rates without one "per <multiplier>" (e.g. "per 100,000")."""
    if indicator.unit:
        return indicator.unit
    if indicator.value_type in ("crude_rate", "dsr") and indicator.multiplier > 1:
        return f"per {indicator.multiplier:,.0f}"
    if indicator.value_type == "proportion" and indicator.multiplier == 100:
        return "%"
    return ""


def _float(value) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _area_name(code: str) -> str:
    area = geography.area_by_code(code)
    return area.name if area is not None else code


def _area_type(code: str) -> str | None:
    return indicator_queries.area_types([code]).get(code)


def _preferred_rows(rows: list[dict]) -> list[dict]:
    """The rows of the latest period, Persons/All ages preferred (see module)."""
    if not rows:
        return []
    latest = max(row["period_sortable"] for row in rows)
    rows = [row for row in rows if row["period_sortable"] == latest]
    sexes = {row["sex"] for row in rows}
    sex = "Persons" if "Persons" in sexes else min(sexes)
    rows = [row for row in rows if row["sex"] == sex]
    ages = {row["age"] for row in rows}
    age = "All ages" if "All ages" in ages else min(ages)
    return [row for row in rows if row["age"] == age]


def _preferred(rows: list[dict]) -> list[dict]:
    """The area's row for the latest period, Persons/All ages preferred (see module)."""
    return _preferred_rows(rows)[:1]


def _headline(indicator_ids, area_code) -> dict[int, dict]:
    """indicator id -> the area's row (latest period, no category, preferred sex and age)."""
    found: dict[int, list[dict]] = {}
    for row in Observation.objects.filter(
        indicator_id__in=list(indicator_ids), area_code=area_code, category_type="", category=""
    ).values(*VALUE_FIELDS):
        found.setdefault(row["indicator_id"], []).append(row)
    chosen = {}
    for pk, rows in found.items():
        preferred = _preferred(rows)
        if preferred:
            chosen[pk] = preferred[0]
    return chosen


# --- the overview ---------------------------------------------------------------------------


def area_profile(partnership, area_code: str) -> list[ProfileRow]:
    """One row per indicator the partnership can see that has a value for the area: the
    latest period's row with England's value, the parent's value, England's range among areas
    of the same type (min, 25th percentile, median, 75th percentile, max), and the recent
    trend. Ordered by indicator name."""
    indicators = {i.pk: i for i in indicator_queries.indicators(partnership)}
    if not indicators:
        return []
    headline = _headline(indicators, area_code)
    if not headline:
        return []
    keys = {(pk, row["period"], row["sex"], row["age"]) for pk, row in headline.items()}
    periods = sorted({row["period"] for row in headline.values()})
    parents = {row["parent_code"] for row in headline.values() if row["parent_code"]}
    benchmark_rows = Observation.objects.filter(
        indicator_id__in=list(headline),
        area_code__in=[ENGLAND, *parents],
        period__in=periods,
        category_type="",
        category="",
    ).values_list("indicator_id", "area_code", "period", "sex", "age", "value")
    benchmarks = {(pk, code, p, s, a): v for pk, code, p, s, a, v in benchmark_rows}

    spread: dict[tuple, list[float]] = {}
    area_type = _area_type(area_code)
    if area_type is not None and area_code != ENGLAND:
        same_type = Area.objects.filter(area_type=area_type).values("code")
        for pk, p, s, a, value in Observation.objects.filter(
            indicator_id__in=list(headline),
            period__in=periods,
            category_type="",
            category="",
            area_code__in=same_type,
            value__isnull=False,
        ).values_list("indicator_id", "period", "sex", "age", "value"):
            if (pk, p, s, a) in keys:
                spread.setdefault((pk, p, s, a), []).append(value)

    trends = {
        (pk, s, a): label
        for pk, s, a, label in Trend.objects.filter(
            indicator_id__in=list(headline), area_code=area_code, category_type="", category=""
        ).values_list("indicator_id", "sex", "age", "label")
    }
    parent_names = {code: _area_name(code) for code in parents}
    rows = []
    for pk, row in headline.items():
        indicator = indicators[pk]
        key = (pk, row["period"], row["sex"], row["age"])
        values = np.array(spread.get(key, []), dtype=float)
        quartiles = (
            np.percentile(values, [0, 25, 50, 75, 100]).tolist() if len(values) else [None] * 5
        )
        parent = row["parent_code"]
        rows.append(
            ProfileRow(
                indicator_id=pk,
                indicator_name=indicator.name,
                unit=indicator.unit,
                multiplier=indicator.multiplier,
                polarity=indicator.polarity,
                value_type=indicator.value_type,
                period=row["period"],
                sex=row["sex"],
                age=row["age"],
                value=row["value"],
                lower_95=row["lower_95"],
                upper_95=row["upper_95"],
                count=row["count"],
                denominator=row["denominator"],
                compared_to_england=row["compared_to_england"],
                compared_to_parent=row["compared_to_parent"],
                england_value=benchmarks.get((pk, ENGLAND, *key[1:])),
                parent_code=parent,
                parent_name=parent_names.get(parent, ""),
                parent_value=benchmarks.get((pk, parent, *key[1:])) if parent else None,
                england_min=quartiles[0],
                england_q1=quartiles[1],
                england_median=quartiles[2],
                england_q3=quartiles[3],
                england_max=quartiles[4],
                areas_compared=len(values),
                trend=trends.get((pk, row["sex"], row["age"]), ""),
            )
        )
    return sorted(rows, key=lambda item: (item.indicator_name.lower(), item.indicator_id))


def indicator_series(
    partnership, indicator_id: int, area_code: str, sex: str | None = None, age: str | None = None
) -> list[SeriesPoint]:
    """Every period of the area's rows without a category (all sexes and ages, or only
    ``sex`` and ``age`` when given), ordered by sex, age and period, each with England's value
    for the same period, sex and age."""
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return []
    chosen = {key: value for key, value in (("sex", sex), ("age", age)) if value is not None}
    rows = list(
        Observation.objects.filter(
            indicator=indicator, area_code=area_code, category_type="", category="", **chosen
        ).values(*VALUE_FIELDS)
    )
    england = {
        (p, s, a): v
        for p, s, a, v in Observation.objects.filter(
            indicator=indicator, area_code=ENGLAND, category_type="", category="", **chosen
        ).values_list("period", "sex", "age", "value")
    }
    rows.sort(key=lambda row: (row["sex"] != "Persons", row["sex"], row["age"] != "All ages",
                               row["age"], row["period_sortable"]))  # fmt: skip
    return [
        SeriesPoint(
            period=row["period"],
            period_sortable=row["period_sortable"],
            sex=row["sex"],
            age=row["age"],
            value=row["value"],
            lower_95=row["lower_95"],
            upper_95=row["upper_95"],
            count=row["count"],
            denominator=row["denominator"],
            compared_to_england=row["compared_to_england"],
            england_value=england.get((row["period"], row["sex"], row["age"])),
        )
        for row in rows
    ]


def _area_row(indicator: Indicator, area_code: str, sex: str | None, age: str | None):
    """The area's row: the latest period of ``sex`` and ``age`` (without a category) when
    given, else the preferred row (see module)."""
    if sex is None or age is None:
        return _headline([indicator.pk], area_code).get(indicator.pk)
    return (
        Observation.objects.filter(
            indicator=indicator, area_code=area_code, category_type="", category="", sex=sex,
            age=age,
        )
        .order_by("-period_sortable", "period")
        .values(*VALUE_FIELDS)
        .first()
    )  # fmt: skip


def indicator_comparison(
    partnership, indicator_id: int, area_code: str, sex: str | None = None, age: str | None = None
) -> list[AreaValue]:
    """All areas of the area's type with a value for the area's row's period, sex and age (the
    area marked ``selected``), ordered by area name; ``sex`` and ``age`` choose the row."""
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return []
    row = _area_row(indicator, area_code, sex, age)
    area_type = _area_type(area_code)
    if row is None or area_type is None:
        return []
    same_type = Area.objects.filter(area_type=area_type).values("code")
    found = Observation.objects.filter(
        indicator=indicator,
        period=row["period"],
        sex=row["sex"],
        age=row["age"],
        category_type="",
        category="",
    ).filter(Q(area_code__in=same_type) | Q(area_code=area_code))
    values = [
        AreaValue(
            area_code=item["area_code"],
            area_name=item["area_name"] or item["area_code"],
            period=item["period"],
            value=item["value"],
            lower_95=item["lower_95"],
            upper_95=item["upper_95"],
            count=item["count"],
            denominator=item["denominator"],
            compared_to_england=item["compared_to_england"],
            selected=item["area_code"] == area_code,
        )
        for item in found.values(*VALUE_FIELDS)
    ]
    return sorted(values, key=lambda item: (item.area_name.lower(), item.area_code))


def _figures(summary: InequalitySummary) -> InequalityFigures:
    return InequalityFigures(
        period=summary.period,
        category_type=summary.category_type,
        n_quantiles=summary.n_quantiles,
        most_deprived_value=summary.most_deprived_value,
        least_deprived_value=summary.least_deprived_value,
        gap=summary.gap,
        ratio=summary.ratio,
        sii=summary.sii,
        sii_lower=summary.sii_lower,
        sii_upper=summary.sii_upper,
        rii=summary.rii,
        rii_lower=summary.rii_lower,
        rii_upper=summary.rii_upper,
        confidence=summary.confidence,
        method=summary.method,
    )


def deprivation_breakdown(
    partnership,
    indicator_id: int,
    area_code: str,
    category_type: str | None = None,
    sex: str | None = None,
    age: str | None = None,
) -> Breakdown | None:
    """The area's latest breakdown by deprivation decile or quintile, most deprived first, with
    its stored inequality summary; None without one.

    Several deprivation category types (e.g. County & UA and District & UA deciles): the given
    ``category_type``, else the latest period's first by name (``category_types`` lists them
    all); ``sex`` and ``age`` when given, else Persons and All ages preferred as for the area's
    row. A ``category_type`` that is not a deprivation breakdown (no inequality summary, e.g.
    ethnic groups) gives its latest period's categories by name, with no summary.
    """
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return None
    chosen = {key: value for key, value in (("sex", sex), ("age", age)) if value is not None}
    summaries = list(
        InequalitySummary.objects.filter(
            indicator=indicator, area_code=area_code, **chosen
        ).order_by("-period_sortable", "category_type")
    )
    types = sorted({summary.category_type for summary in summaries})
    if category_type is not None:
        summaries = [s for s in summaries if s.category_type == category_type]
    if not summaries:
        if category_type:
            return _category_breakdown(indicator, area_code, category_type, chosen)
        return None
    latest = summaries[0].period_sortable
    candidates = [s for s in summaries if s.period_sortable == latest]
    candidates.sort(
        key=lambda s: (s.category_type, s.sex != "Persons", s.sex, s.age != "All ages", s.age)
    )
    summary = candidates[0]
    observations = Observation.objects.filter(
        indicator=indicator,
        area_code=area_code,
        period=summary.period,
        sex=summary.sex,
        age=summary.age,
        category_type=summary.category_type,
    ).values("category", "value", "lower_95", "upper_95", "count", "denominator")
    rows = []
    for item in observations:
        quantile = compute.deprivation_quantile(item["category"], summary.n_quantiles)
        if quantile is None:
            continue
        rows.append(
            BreakdownRow(
                quantile=quantile,
                label=item["category"],
                value=item["value"],
                lower_95=item["lower_95"],
                upper_95=item["upper_95"],
                count=item["count"],
                denominator=item["denominator"],
            )
        )
    rows.sort(key=lambda row: row.quantile)
    return Breakdown(
        indicator_id=indicator.pk,
        area_code=area_code,
        period=summary.period,
        sex=summary.sex,
        age=summary.age,
        category_type=summary.category_type,
        rows=rows,
        summary=_figures(summary),
        category_types=types,
    )


def _category_breakdown(indicator, area_code, category_type, chosen) -> Breakdown | None:
    """The latest period of a breakdown that is not by deprivation, categories by name."""
    found = list(
        Observation.objects.filter(
            indicator=indicator, area_code=area_code, category_type=category_type, **chosen
        )
        .exclude(category="")
        .values("period", "period_sortable", "sex", "age", "category", "value", "lower_95",
                "upper_95", "count", "denominator")
    )  # fmt: skip
    if not found:
        return None
    latest = max(item["period_sortable"] for item in found)
    found = [item for item in found if item["period_sortable"] == latest]
    first = min(found, key=lambda i: (i["sex"] != "Persons", i["sex"], i["age"] != "All ages",
                                      i["age"]))  # fmt: skip
    found = [i for i in found if (i["sex"], i["age"]) == (first["sex"], first["age"])]
    found.sort(key=lambda item: item["category"].lower())
    return Breakdown(
        indicator_id=indicator.pk,
        area_code=area_code,
        period=first["period"],
        sex=first["sex"],
        age=first["age"],
        category_type=category_type,
        rows=[
            BreakdownRow(
                quantile=number,
                label=item["category"],
                value=item["value"],
                lower_95=item["lower_95"],
                upper_95=item["upper_95"],
                count=item["count"],
                denominator=item["denominator"],
            )
            for number, item in enumerate(found, start=1)
        ],
        summary=None,
        category_types=[category_type],
    )


def priorities(partnership) -> list[PriorityItem]:
    """The partnership's priorities ("prioritised intelligence"), newest first."""
    items = list(
        Priority.objects.filter(partnership=partnership).select_related("indicator", "created_by")
    )
    names = {code: _area_name(code) for code in {item.area_code for item in items}}
    return [
        PriorityItem(
            id=item.pk,
            indicator_id=item.indicator_id,
            indicator_name=item.indicator.name,
            area_code=item.area_code,
            area_name=names[item.area_code],
            period=item.period,
            note=item.note,
            created_by=(
                (item.created_by.full_name or item.created_by.email) if item.created_by else ""
            ),
            created_at=item.created_at,
            sex=item.sex,
            age=item.age,
        )
        for item in items
    ]


def priority_for(partnership, priority_id: int) -> Priority | None:
    """One of the partnership's priorities (for unmarking), or None."""
    return Priority.objects.filter(partnership=partnership, pk=priority_id).first()


def narrative(
    partnership,
    indicator_id: int,
    area_code: str,
    sex: str | None = None,
    age: str | None = None,
    category_type: str | None = None,
) -> list[str]:
    """Plain-English sentences about the indicator in the area: its latest value against
    England, the inequality by deprivation (the area's own breakdown, else England's) and
    whether its gap has changed since the first period held (:func:`inequality_change`), and
    the recent trend. ``sex``, ``age`` and ``category_type`` follow the page's choice (None:
    the preferred row and the first deprivation breakdown). Empty when the partnership cannot
    see the indicator or there is no value."""
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return []
    row = _area_row(indicator, area_code, sex, age)
    if row is None:
        return []
    decimals = 1
    england = _england(indicator, row["period"], row["sex"], row["age"])
    area_name = row["area_name"] or _area_name(area_code)
    sentences = [
        wording.value_sentence(
            indicator_name=indicator.name,
            area_name=area_name,
            period=row["period"],
            sex=row["sex"],
            value=row["value"],
            unit=unit_of(indicator),
            compared_to_england=row["compared_to_england"],
            england_value=england if area_code != ENGLAND else None,
            decimals=decimals,
        )
    ]
    chosen = {"category_type": category_type or None, "sex": row["sex"], "age": row["age"]}
    breakdown = deprivation_breakdown(partnership, indicator.pk, area_code, **chosen)
    place = area_name
    if breakdown is None and area_code != ENGLAND:
        breakdown = deprivation_breakdown(partnership, indicator.pk, ENGLAND, **chosen)
        place = "England"
    if breakdown is not None and breakdown.summary is not None:
        summary = breakdown.summary
        if "within" in summary.category_type.lower() or breakdown.area_code != ENGLAND:
            place = _area_name(breakdown.area_code)
        sentence = wording.inequality_sentence(
            n_quantiles=summary.n_quantiles,
            place=place,
            period=summary.period,
            most_deprived_value=summary.most_deprived_value,
            least_deprived_value=summary.least_deprived_value,
            sii=summary.sii,
            sii_lower=summary.sii_lower,
            sii_upper=summary.sii_upper,
            unit=unit_of(indicator),
            decimals=decimals,
        )
        if sentence:
            sentences.append(sentence)
        change = inequality_change(
            partnership, indicator.pk, breakdown.area_code, breakdown.category_type,
            breakdown.sex, breakdown.age,
        )  # fmt: skip
        if change is not None:
            sentences.append(
                wording.gap_change_sentence(
                    n_quantiles=summary.n_quantiles,
                    measure=change.measure,
                    first_period=change.first_period,
                    latest_period=change.latest_period,
                    first_value=change.first_value,
                    latest_value=change.latest_value,
                    difference=change.difference,
                    lower=change.lower,
                    upper=change.upper,
                    significant=change.significant,
                    unit=unit_of(indicator),
                    decimals=decimals,
                )
            )
    trend = wording.trend_sentence(indicator_trend(partnership, indicator.pk, area_code,
                                                   row["sex"], row["age"]))  # fmt: skip
    if trend:
        sentences.append(trend)
    return sentences


# --- the indicator page's choice of sex, age and category type --------------------------------


@dataclass
class Choices:
    """What the indicator page offers for an area: the sexes and ages of its rows without a
    category, the category types held (the area's, else England's), and the defaults."""

    sexes: list[str]
    ages: list[str]
    category_types: list[str]
    default_sex: str
    default_age: str


def _age_order(age: str) -> tuple:
    """'All ages' first, then by the first number in the label ('<18 yrs', '18+ yrs', ...)."""
    numbers = [int(part) for part in "".join(c if c.isdigit() else " " for c in age).split()]
    start = (numbers[0] - (0.5 if age.lstrip().startswith("<") else 0)) if numbers else 0
    return (age != "All ages", start, age)


def indicator_choices(partnership, indicator_id: int, area_code: str) -> Choices | None:
    """The sexes, ages and category types held for the indicator in the area.

    Defaults: sex Persons, else the only (or first) sex held; age the indicator's most common
    age among its rows without a category (ties: All ages, then by age) when the area holds
    it, else the area's most common. None when the partnership cannot see the indicator.
    """
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return None
    whole = Observation.objects.filter(indicator=indicator, category_type="", category="")
    pairs = list(whole.filter(area_code=area_code).values_list("sex", "age").distinct())
    sexes = sorted({sex for sex, _ in pairs}, key=lambda sex: (sex != "Persons", sex))
    ages = sorted({age for _, age in pairs}, key=_age_order)
    default_sex = sexes[0] if sexes else ""
    counts = {
        item["age"]: item["n"] for item in whole.values("age").annotate(n=Count("id")).order_by()
    }
    held = [age for age in ages if age in counts] or ages
    default_age = min(held, key=lambda age: (-counts.get(age, 0), _age_order(age))) if held else ""
    types = []
    for place in (area_code, ENGLAND):
        types = sorted(
            set(
                Observation.objects.filter(indicator=indicator, area_code=place)
                .exclude(category_type="")
                .values_list("category_type", flat=True)
                .distinct()
            )
        )
        if types:
            break
    return Choices(sexes, ages, types, default_sex, default_age)


def indicator_trend(partnership, indicator_id: int, area_code: str, sex: str, age: str) -> str:
    """The stored recent-trend label of the area's series for ``sex`` and ``age`` ('' without
    one)."""
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return ""
    label = (
        Trend.objects.filter(
            indicator=indicator, area_code=area_code, sex=sex, age=age, category_type="",
            category="",
        )
        .values_list("label", flat=True)
        .first()
    )  # fmt: skip
    return label or ""


@dataclass
class InequalityChange:
    """How the gap between the most and least deprived changed from the first period held to
    the latest (:func:`placematters.stats.estimates_difference`)."""

    measure: str  # "sii" or "gap"
    first_period: str
    latest_period: str
    first_value: float
    latest_value: float
    difference: float
    lower: float
    upper: float
    p: float
    significant: bool


def _gap_with_limits(indicator, summary) -> tuple[float, float, float] | None:
    """The gap (most - least deprived) of a summary with its 95% limits from the two groups'
    limits (difference of two independent estimates); None when a limit is missing."""
    found = {}
    for item in Observation.objects.filter(
        indicator=indicator,
        area_code=summary.area_code,
        period=summary.period,
        sex=summary.sex,
        age=summary.age,
        category_type=summary.category_type,
    ).values("category", "value", "lower_95", "upper_95"):
        quantile = compute.deprivation_quantile(item["category"], summary.n_quantiles)
        if quantile in (1, summary.n_quantiles):
            found[quantile] = item
    most, least = found.get(1), found.get(summary.n_quantiles)
    numbers = [(row or {}).get(key) for row in (most, least)
               for key in ("value", "lower_95", "upper_95")]  # fmt: skip
    if any(number is None for number in numbers):
        return None
    result = stats.estimates_difference(*numbers)
    return float(result.difference[0]), float(result.lower[0]), float(result.upper[0])


def inequality_change(
    partnership, indicator_id: int, area_code: str, category_type: str, sex: str, age: str
) -> InequalityChange | None:
    """Has the gap between the most and least deprived changed since the first period held?

    Compares the slope index of inequality of the first and the latest period of the
    breakdown (indicator, area, category type, sex, age), or the absolute gap (most minus
    least deprived, its limits from the two groups' 95% limits) when either SII or its limits
    is missing, with Altman and Bland's test for the difference between two independent
    estimates (:func:`placematters.stats.estimates_difference`, latest minus first). None with
    fewer than two periods or without limits.
    """
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return None
    summaries = list(
        InequalitySummary.objects.filter(
            indicator=indicator, area_code=area_code, category_type=category_type, sex=sex,
            age=age,
        ).order_by("period_sortable", "period")
    )  # fmt: skip
    if len(summaries) < 2:
        return None
    first, latest = summaries[0], summaries[-1]
    estimates = []
    if all(
        None not in (s.sii, s.sii_lower, s.sii_upper) and s.confidence == 0.95
        for s in (first, latest)
    ):
        measure = "sii"
        estimates = [(s.sii, s.sii_lower, s.sii_upper) for s in (latest, first)]
    else:
        measure = "gap"
        estimates = [_gap_with_limits(indicator, s) for s in (latest, first)]
        if None in estimates:
            return None
    result = stats.estimates_difference(*estimates[0], *estimates[1])
    return InequalityChange(
        measure=measure,
        first_period=first.period,
        latest_period=latest.period,
        first_value=float(estimates[1][0]),
        latest_value=float(estimates[0][0]),
        difference=float(result.difference[0]),
        lower=float(result.lower[0]),
        upper=float(result.upper[0]),
        p=float(result.p[0]),
        significant=bool(result.significant[0]),
    )


# --- population pyramid ---------------------------------------------------------------------


@dataclass
class PyramidRow:
    band: str
    age_from: int
    male: float | None
    female: float | None


@dataclass
class Pyramid:
    area_code: str
    year: int
    rows: list[PyramidRow]


def population_pyramid(partnership, area_code: str) -> Pyramid | None:
    """The area's imported population by age band for males and females, latest year held
    with either (shared reference data: the same for every partnership). None when no
    population by sex is held for the area."""
    year = PopulationCount.objects.filter(
        area__code=area_code, sex__in=[Sex.MALE, Sex.FEMALE]
    ).aggregate(year=Max("year"))["year"]
    if year is None:
        return None
    frames = {
        sex: geography.population_bands([area_code], year, sex).set_index("age_from")
        for sex in (Sex.MALE, Sex.FEMALE)
    }
    bands = sorted(set(frames[Sex.MALE].index) | set(frames[Sex.FEMALE].index))
    rows = []
    for age_from in bands:
        found = {sex: frame.loc[age_from] if age_from in frame.index else None
                 for sex, frame in frames.items()}  # fmt: skip
        label = next(item["band"] for item in found.values() if item is not None)
        rows.append(
            PyramidRow(
                band=str(label),
                age_from=int(age_from),
                male=_float(float(found[Sex.MALE]["population"]))
                if found[Sex.MALE] is not None
                else None,
                female=_float(float(found[Sex.FEMALE]["population"]))
                if found[Sex.FEMALE] is not None
                else None,
            )
        )
    return Pyramid(area_code=area_code, year=int(year), rows=rows)


# --- the partnership's footprint ------------------------------------------------------------


def footprint_lsoas(partnership) -> list[str]:
    """The LSOA 2011 codes making up the partnership's areas of focus (districts, wards, MSOAs,
    LSOAs...), each once, sorted (through :func:`placematters.geography.queries.lsoas_in`)."""
    codes = list(partnership.areas.values_list("gss_code", flat=True))
    return [area.code for area in geography.lsoas_in(codes)]


_LSOA_COLUMNS = ["area_code", "period", "period_sortable", "sex", "age", "count", "denominator"]


def _lsoa_frames(indicator_ids: list[int], lsoas: list[str]) -> dict[int, pd.DataFrame]:
    """Each indicator's footprint rows, read in one pass over the LSOAs for all of them (a
    page listing every indicator would otherwise query once per indicator): the latest
    period, Persons and All ages where held, rows with a count and a denominator."""
    rows = []
    for start in range(0, len(lsoas), CHUNK):
        rows += Observation.objects.filter(
            indicator_id__in=indicator_ids,
            area_code__in=lsoas[start : start + CHUNK],
            category_type="",
            category="",
        ).values_list("indicator_id", *_LSOA_COLUMNS)
    frame = pd.DataFrame(rows, columns=["indicator_id", *_LSOA_COLUMNS])
    return {
        int(indicator_id): _latest_persons_all_ages(group.drop(columns="indicator_id"))
        for indicator_id, group in frame.groupby("indicator_id", sort=False)
    }


def _latest_persons_all_ages(frame: pd.DataFrame) -> pd.DataFrame:
    latest = frame["period_sortable"].max()
    frame = frame[frame["period_sortable"] == latest]
    sex = "Persons" if (frame["sex"] == "Persons").any() else frame["sex"].min()
    frame = frame[frame["sex"] == sex]
    age = "All ages" if (frame["age"] == "All ages").any() else frame["age"].min()
    frame = frame[frame["age"] == age]
    return frame.dropna(subset=["count", "denominator"]).astype(
        {"count": float, "denominator": float}
    )


def _lsoa_rows(indicator: Indicator, lsoas: list[str]) -> pd.DataFrame:
    """One indicator's footprint rows (see :func:`_lsoa_frames`)."""
    return _lsoa_frames([indicator.pk], lsoas).get(
        indicator.pk, pd.DataFrame(columns=_LSOA_COLUMNS)
    )


def _value_from_counts(indicator: Indicator, count, denominator, groups=None):
    """Value and limits (95%, 99.8%) of summed counts, by the indicator's value type."""
    if indicator.value_type == "proportion":
        return stats.proportion(
            count, denominator, groups=groups, confidence=(0.95, 0.998),
            multiplier=indicator.multiplier or 1,
        )  # fmt: skip
    if indicator.value_type == "crude_rate":
        return stats.rate(
            count, denominator, groups=groups, confidence=(0.95, 0.998),
            multiplier=indicator.multiplier or 100_000,
        )  # fmt: skip
    return None


def _england(indicator, period, sex, age) -> float | None:
    return (
        Observation.objects.filter(
            indicator=indicator,
            area_code=ENGLAND,
            period=period,
            sex=sex,
            age=age,
            category_type="",
            category="",
        )
        .values_list("value", flat=True)
        .first()
    )


def _compared(indicator, lower, upper, value, england) -> str:
    if england is None or lower is None or value is None:
        return ""
    return str(
        stats.compare(
            [lower], [upper], england, indicator.polarity.replace("_", " "), value=[value]
        )[0]
    )


def footprint_values(
    partnership, indicator: Indicator, *, lsoas: list[str] | None = None
) -> FootprintValue | None:
    """The indicator for the partnership's footprint, benchmarked against England.

    * Indicators held at LSOA level with counts and denominators: counts and denominators of
      the footprint's LSOAs (latest period, Persons/All ages preferred) are summed, and the
      value and limits computed for the value type (proportions: Wilson; crude rates:
      exact/Byar's).
    * Indicators derived from deaths and population (:class:`Derivation`): the DSR or life
      expectancy recomputed from the deaths and population summed over the areas of focus
      (deaths are held for local authorities, so areas of focus below that give no value).

    None when the partnership cannot see the indicator or there is nothing to aggregate.
    ``lsoas`` (optional) is :func:`footprint_lsoas`, when the caller already has it.
    """
    if _indicator(partnership, indicator.pk) is None:
        return None
    lsoas = footprint_lsoas(partnership) if lsoas is None else lsoas
    derivation = Derivation.objects.filter(indicator=indicator).first()
    return _footprint_values(partnership, indicator, lsoas, derivation)


def _footprint_values(
    partnership, indicator, lsoas, derivation, frame: pd.DataFrame | None = None
) -> FootprintValue | None:
    """:func:`footprint_values` of an indicator already known to be visible; ``frame`` is its
    :func:`_lsoa_frames` rows when the caller read them for several indicators at once."""
    if derivation is not None:
        return _derived_footprint(partnership, indicator, derivation, lsoas)
    if frame is None:
        frame = _lsoa_rows(indicator, lsoas)
    if not len(frame):
        return None
    period, sex, age = frame["period"].iloc[0], frame["sex"].iloc[0], frame["age"].iloc[0]
    count, denominator = float(frame["count"].sum()), float(frame["denominator"].sum())
    result = _value_from_counts(indicator, [count], [denominator])
    if result is None:
        return None
    value = _float(float(result.value[0]))
    limits = {level: result.limits(level) for level in (0.95, 0.998)}
    england = _england(indicator, period, sex, age)
    lower, upper = float(limits[0.95][0][0]), float(limits[0.95][1][0])
    return FootprintValue(
        indicator_id=indicator.pk,
        period=period,
        sex=sex,
        age=age,
        lsoas=len(lsoas),
        areas_with_data=len(frame),
        count=count,
        denominator=denominator,
        value=value,
        lower_95=lower,
        upper_95=upper,
        lower_998=float(limits[0.998][0][0]),
        upper_998=float(limits[0.998][1][0]),
        england_value=england,
        compared_to_england=_compared(indicator, lower, upper, value, england),
        method=f"Sum of {len(frame)} LSOAs' counts and denominators; {result.method[0]} limits",
    )


def _derived_footprint(partnership, indicator, derivation, lsoas) -> FootprintValue | None:
    codes = list(partnership.areas.values_list("gss_code", flat=True))
    frame, standard, _ = derive.bands_frame(codes, derivation.year, derivation.sex)
    if not len(frame):
        return None
    areas = int(frame["area_code"].nunique())
    summed = frame.groupby(["age_from", "band"], as_index=False, dropna=False).agg(
        age_to=("age_to", "first"), deaths=("deaths", "sum"), population=("population", "sum")
    )
    groups = np.zeros(len(summed), dtype=np.int64)
    if derivation.method == Derivation.Method.DSR:
        ends = summed["age_to"].fillna(np.inf)
        top = np.inf if derivation.age_to is None else derivation.age_to
        summed = summed[(summed["age_from"] >= derivation.age_from) & (ends <= top)]
        result = derive.dsr_values(summed, standard, groups[: len(summed)])
        method = "Directly standardised rate of the areas' summed deaths and population"
        age = derive.age_label(derivation.age_from, derivation.age_to)
    else:
        result = derive.life_expectancy_values(summed, groups, derivation.age_from)
        method = "Life expectancy of the areas' summed deaths and population"
        age = "All ages" if derivation.age_from == 0 else f"{derivation.age_from} yrs"
    first = result.iloc[0]
    sex = derive.SEX_LABELS[derivation.sex.lower()]
    period = str(derivation.year)
    england = _england(indicator, period, sex, age)
    value = _float(float(first["value"]))
    lower, upper = _float(float(first["lower_95"])), _float(float(first["upper_95"]))
    return FootprintValue(
        indicator_id=indicator.pk,
        period=period,
        sex=sex,
        age=age,
        lsoas=len(lsoas),
        areas_with_data=areas,
        count=float(first["count"]),
        denominator=float(first["denominator"]),
        value=value,
        lower_95=lower,
        upper_95=upper,
        lower_998=_float(float(first["lower_998"])),
        upper_998=_float(float(first["upper_998"])),
        england_value=england,
        compared_to_england=_compared(indicator, lower, upper, value, england),
        method=method,
    )


def footprint_deprivation(
    partnership, indicator: Indicator, n: int = 5, *, lsoas: list[str] | None = None
) -> Breakdown | None:
    """The footprint's own breakdown by deprivation: its LSOAs ranked into ``n`` local
    quantiles of IMD 2019 (:func:`placematters.geography.queries.local_quantiles`, 1 = most
    deprived), counts and denominators summed per quantile, value and limits per quantile, and
    the gap, ratio, SII and RII (computed here, not stored; same methods as at import)."""
    if _indicator(partnership, indicator.pk) is None:
        return None
    lsoas = footprint_lsoas(partnership) if lsoas is None else lsoas
    frame = _lsoa_rows(indicator, lsoas)
    if not len(frame) or indicator.value_type not in ("proportion", "crude_rate"):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.TooFewValuesWarning)
        local = geography.local_quantiles(frame["area_code"].tolist(), n)
    frame = frame.merge(
        local[["local_quantile"]], left_on="area_code", right_index=True, how="inner"
    ).dropna(subset=["local_quantile"])
    if frame["local_quantile"].nunique() != n:
        return None
    summed = frame.groupby("local_quantile", as_index=False)[["count", "denominator"]].sum()
    result = _value_from_counts(indicator, summed["count"], summed["denominator"])
    lower, upper = result.limits(0.95)
    word = {10: "decile", 5: "quintile"}.get(n, "quantile")
    category_type = f"LSOA11 deprivation {word}s within the footprint (IMD2019)"
    observations = pd.DataFrame(
        {
            "indicator_id": indicator.pk,
            "area_code": "footprint",
            "period": frame["period"].iloc[0],
            "period_sortable": 0,
            "sex": frame["sex"].iloc[0],
            "age": frame["age"].iloc[0],
            "category_type": category_type,
            "category": [f"{word.title()} {int(q)}" for q in summed["local_quantile"]],
            "count": summed["count"],
            "denominator": summed["denominator"],
            "value": result.value,
            "lower_95": lower,
            "upper_95": upper,
        }
    )
    figures = compute.inequality_frame(
        observations,
        {indicator.pk: {"value_type": indicator.value_type, "multiplier": indicator.multiplier}},
    )
    summary = None
    if len(figures):
        first = figures.iloc[0]
        summary = InequalityFigures(
            period=str(first["period"]),
            category_type=category_type,
            n_quantiles=n,
            **{
                name: _float(float(first[name]))
                for name in (
                    "most_deprived_value",
                    "least_deprived_value",
                    "gap",
                    "ratio",
                    "sii",
                    "sii_lower",
                    "sii_upper",
                    "rii",
                    "rii_lower",
                    "rii_upper",
                )
            },
            confidence=0.95,
            method=str(first["method"]),
        )
    return Breakdown(
        indicator_id=indicator.pk,
        area_code="",
        period=str(frame["period"].iloc[0]),
        sex=str(frame["sex"].iloc[0]),
        age=str(frame["age"].iloc[0]),
        category_type=category_type,
        rows=[
            BreakdownRow(
                quantile=int(q),
                label=f"{word.title()} {int(q)}"
                + (" (most deprived)" if q == 1 else "")
                + (" (least deprived)" if q == n else ""),
                value=_float(float(v)),
                lower_95=_float(float(lo)),
                upper_95=_float(float(hi)),
                count=float(c),
                denominator=float(d),
            )
            for q, v, lo, hi, c, d in zip(
                summed["local_quantile"],
                result.value,
                lower,
                upper,
                summed["count"],
                summed["denominator"],
                strict=True,
            )
        ],
        summary=summary,
        category_types=[category_type],
    )


# --- the footprint pages and deriving indicators in the browser ------------------------------


@dataclass
class FocusArea:
    code: str
    name: str
    lsoas: int


@dataclass
class Footprint:
    """The partnership's areas of focus, each with the number of LSOA 2011s it resolves to,
    and the footprint's LSOA 2011 codes (each once, sorted)."""

    areas: list[FocusArea]
    lsoas: list[str]


@dataclass
class FootprintIndicator:
    indicator_id: int
    indicator_name: str
    unit: str
    value_type: str
    polarity: str
    figures: FootprintValue | None


@dataclass
class FootprintLsoa:
    code: str
    name: str
    imd_rank: int | None
    national_decile: int | None
    local_quantile: int | None
    geometry: dict | None


@dataclass
class DerivedItem:
    indicator_id: int
    indicator_name: str
    method: str
    year: int
    sex: str
    age: str
    area_codes: list[str]


def footprint(partnership) -> Footprint:
    """The areas of focus (by name) with their LSOA counts, and the footprint's LSOAs."""
    focus = list(partnership.areas.order_by("name", "gss_code").values_list("gss_code", "name"))
    areas = [FocusArea(code, name, len(geography.lsoas_in([code]))) for code, name in focus]
    return Footprint(areas=areas, lsoas=footprint_lsoas(partnership))


def footprint_indicators(partnership, *, lsoas: list[str] | None = None):
    """Every indicator the partnership can see, by name, with :func:`footprint_values` (None
    when it cannot be aggregated to the footprint: no LSOA counts and denominators, or a value
    type that cannot be summed)."""
    lsoas = footprint_lsoas(partnership) if lsoas is None else lsoas
    visible = list(indicator_queries.indicators(partnership).order_by("name", "pk"))
    derivations = {
        item.indicator_id: item for item in Derivation.objects.filter(indicator__in=visible)
    }
    frames = _lsoa_frames([i.pk for i in visible if i.pk not in derivations], lsoas)
    empty = pd.DataFrame(columns=_LSOA_COLUMNS)
    return [
        FootprintIndicator(
            indicator_id=indicator.pk,
            indicator_name=indicator.name,
            unit=unit_of(indicator),
            value_type=indicator.value_type,
            polarity=indicator.polarity,
            figures=_footprint_values(
                partnership,
                indicator,
                lsoas,
                derivations.get(indicator.pk),
                frames.get(indicator.pk, empty),
            ),
        )
        for indicator in visible
    ]


def footprint_indicator(partnership, indicator_id: int) -> Indicator | None:
    """One indicator the partnership can see (for the footprint indicator page), or None."""
    return _indicator(partnership, indicator_id)


def footprint_map(partnership, n: int = 10, *, lsoas: list[str] | None = None):
    """The footprint's LSOAs with their IMD 2019 national decile and their local quantile of
    ``n`` recomputed within the footprint (1 = most deprived,
    :func:`placematters.geography.queries.local_quantiles`), and their boundary where held
    (None otherwise). LSOAs without IMD have no deciles. Ordered by code."""
    lsoas = footprint_lsoas(partnership) if lsoas is None else lsoas
    if not lsoas:
        return []
    names = {area.code: area.name for area in geography.lsoas_in(lsoas)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.TooFewValuesWarning)
        local = geography.local_quantiles(lsoas, n)
    boundaries = geography.boundaries_for(lsoas)

    def whole(frame_column, code):
        if code not in local.index:
            return None
        value = local.at[code, frame_column]
        return None if pd.isna(value) else int(value)

    return [
        FootprintLsoa(
            code=code,
            name=names.get(code, code),
            imd_rank=whole("imd_rank", code),
            national_decile=whole("national_decile", code),
            local_quantile=whole("local_quantile", code),
            geometry=boundaries.get(code),
        )
        for code in sorted(lsoas)
    ]


def unknown_area_codes(codes) -> list[str]:
    """The codes (upper-cased, each once, in the order given) that match no area held."""
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code and code.strip()))
    unknown = indicator_queries.unknown_area_codes(wanted)
    return [code for code in wanted if code in unknown]


def derive_choices() -> dict[int, list[str]]:
    """Years held in both the imported deaths and population (shared reference data), newest
    first, each with the sexes that can be derived: those held in both, and persons when
    males and females are (persons are summed from them, as
    :func:`placematters.geography.queries.deaths_bands` does)."""
    from placematters.geography.models import DeathCount, PopulationCount

    def held(model) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for year, sex in model.objects.values_list("year", "sex").distinct():
            found.setdefault(year, set()).add(sex)
        for sexes in found.values():
            if {"male", "female"} <= sexes:
                sexes.add("persons")
        return found

    deaths, population = held(DeathCount), held(PopulationCount)
    order = ["persons", "female", "male"]
    choices = {}
    for year in sorted(deaths.keys() & population.keys(), reverse=True):
        sexes = deaths[year] & population[year]
        if sexes:
            choices[year] = [sex for sex in order if sex in sexes]
    return choices


def derived_indicators(partnership) -> list[DerivedItem]:
    """The partnership's own indicators derived from deaths and population, newest first."""
    items = Derivation.objects.filter(indicator__partnership=partnership).select_related(
        "indicator"
    )
    return [
        DerivedItem(
            indicator_id=item.indicator_id,
            indicator_name=item.indicator.name,
            method=item.get_method_display(),
            year=item.year,
            sex=derive.SEX_LABELS.get(item.sex, item.sex),
            age=derive.age_label(item.age_from, item.age_to)
            if item.method == Derivation.Method.DSR
            else ("At birth" if item.age_from == 0 else f"At age {item.age_from}"),
            area_codes=list(item.area_codes),
        )
        for item in items.order_by("-indicator_id")
    ]


# --- proportionate allocation ---------------------------------------------------------------

ALLOCATION_LEVELS = ("lsoa", "focus")
FOCUS_TYPES = ("district", "ward")


@dataclass
class AllocationArea:
    """An area to share a total across, with its IMD 2019 and population where held.

    For an LSOA: its published IMD score and national decile and the IMD's mid-2015 population.
    For a district or ward of focus: the population-weighted mean of its LSOAs' IMD scores
    (MHCLG's "average score" summary; a plain mean when a population is missing), no decile,
    and the sum of their populations (None when any is missing)."""

    code: str
    name: str
    imd_score: float | None
    imd_decile: int | None
    population: float | None


@dataclass
class IndicatorNeed:
    indicator_id: int
    indicator_name: str
    polarity: str
    period: str
    sex: str
    age: str
    values: dict[str, float]


def _population(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def allocation_areas(partnership, level: str) -> list[AllocationArea]:
    """The areas a total can be shared across: the footprint's LSOAs (``level="lsoa"``), or the
    districts and wards among the areas of focus (``level="focus"``), by code."""
    if level == "lsoa":
        lsoas = footprint_lsoas(partnership)
        names = {area.code: area.name for area in geography.lsoas_in(lsoas)}
        imd = geography.deprivation_for(lsoas)
        result = []
        for code in lsoas:
            held = code in imd.index
            result.append(
                AllocationArea(
                    code=code,
                    name=names.get(code, code),
                    imd_score=float(imd.at[code, "imd_score"]) if held else None,
                    imd_decile=int(imd.at[code, "imd_decile"]) if held else None,
                    population=_population(imd.at[code, "population_total"]) if held else None,
                )
            )
        return result
    focus = list(partnership.areas.order_by("gss_code").values_list("gss_code", "name"))
    kinds = dict(
        Area.objects.filter(code__in=[code for code, _ in focus]).values_list("code", "area_type")
    )
    result = []
    for code, name in focus:
        if kinds.get(code) not in FOCUS_TYPES:
            continue
        imd = geography.deprivation_for(area.code for area in geography.lsoas_in([code]))
        score = population = None
        if len(imd):
            people = imd["population_total"]
            if people.notna().all() and people.sum() > 0:
                score = float((imd["imd_score"] * people).sum() / people.sum())
                population = float(people.sum())
            else:
                score = float(imd["imd_score"].mean())
        result.append(AllocationArea(code, name, score, None, population))
    return result


def allocation_indicators(partnership, codes: list[str]) -> list[tuple[int, str]]:
    """(id, name) of the indicators the partnership can see that hold a value without a
    category for at least one of ``codes``, by name."""
    ids: set[int] = set()
    visible = indicator_queries.indicators(partnership)
    for start in range(0, len(codes), CHUNK):
        ids |= set(
            Observation.objects.filter(
                indicator__in=visible,
                area_code__in=codes[start : start + CHUNK],
                category_type="",
                value__isnull=False,
            )
            .values_list("indicator_id", flat=True)
            .distinct()
        )
    return list(visible.filter(pk__in=ids).order_by("name", "pk").values_list("pk", "name"))


def allocation_indicator_need(partnership, indicator_id: int, codes: list[str]):
    """One indicator's values for ``codes`` in the latest period held for any of them, sex
    Persons and age All ages preferred (else the first held), without a category; None when
    the partnership cannot see the indicator or it holds no value for these areas."""
    indicator = _indicator(partnership, indicator_id)
    if indicator is None:
        return None
    rows = []
    for start in range(0, len(codes), CHUNK):
        rows += Observation.objects.filter(
            indicator=indicator,
            area_code__in=codes[start : start + CHUNK],
            category_type="",
            category="",
            value__isnull=False,
        ).values("area_code", "period", "period_sortable", "sex", "age", "value")
    rows = _preferred_rows(rows)
    if not rows:
        return None
    return IndicatorNeed(
        indicator_id=indicator.pk,
        indicator_name=indicator.name,
        polarity=indicator.polarity,
        period=rows[0]["period"],
        sex=rows[0]["sex"],
        age=rows[0]["age"],
        values={row["area_code"]: float(row["value"]) for row in rows},
    )


def _priority_figures(partnership, priority: PriorityItem) -> str:
    sentences = narrative(
        partnership,
        priority.indicator_id,
        priority.area_code,
        sex=priority.sex or None,
        age=priority.age or None,
    )
    return " ".join(sentences) or "No figures are held for this finding now."


def summary_sections(partnership) -> list[SummarySection]:
    """Stage 1's prioritised intelligence for the report: how many findings are priorities,
    and each with its plain-English data summary (oldest first, the order they were agreed)."""
    agreed = list(reversed(priorities(partnership)))
    paragraphs = ("No findings have been marked as priorities yet.",)
    rows = []
    if agreed:
        areas = sorted({item.area_name for item in agreed})
        marked = "a priority" if len(agreed) == 1 else "priorities"
        paragraphs = (
            f"The partnership has marked {count_phrase(len(agreed), 'finding')} from the data "
            f"as {marked}, covering {join_words(areas)}.",
        )
        rows = [("Indicator", "Area", "Period", "What the data say", "Why it is a priority")]
        rows += [
            (
                item.indicator_name,
                item.area_name,
                item.period or "Latest",
                _priority_figures(partnership, item),
                item.note or "No reason recorded",
            )
            for item in agreed
        ]
    return [
        SummarySection(
            stage="mapping-the-system",
            item="prioritise-intelligence",
            title="Prioritised intelligence",
            paragraphs=paragraphs,
            rows=tuple(rows),
        )
    ]
