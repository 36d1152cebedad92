"""Proportionate allocation from a query string: the form, the need of each area and the
computed shares (:func:`placematters.stats.allocate` through :mod:`allocation_presenters`).
Shared by the allocation page, its downloads and the action plan, which attaches a result to
an action."""

from django.http import QueryDict

from placematters import stats
from placematters.analysis import allocation_presenters as allocation_present
from placematters.analysis import queries
from placematters.analysis.forms import AllocationForm
from placematters.partnerships.models import Partnership

ALLOCATION_FIELDS = ("areas", "measure", "total", "unit", "floor", "gradient", "ratio")
ALLOCATION_ERROR_FIELDS = {"population": "population", "need": "measure", "total": "total"}


def allocation_context(partnership: Partnership, params: QueryDict) -> dict:
    """The allocation form bound to ``params`` (the page's query string) and, when it is valid,
    the computed allocation: the page, its downloads and the action plan's "attach this
    allocation" page all call this, so the figures are worked out one way only."""
    level = params.get("areas", "lsoa")
    level = level if level in queries.ALLOCATION_LEVELS else "lsoa"
    areas = queries.allocation_areas(partnership, level)
    codes = [area.code for area in areas]
    indicators = queries.allocation_indicators(partnership, codes) if codes else []
    measures = allocation_present.measure_choices(indicators, level)
    submitted = any(name in params for name in ALLOCATION_FIELDS)
    form = AllocationForm(params if submitted else None, measures=measures)
    context = {
        "form": form,
        "level": level,
        "areas": areas,
        "imd_held": any(area.imd_score is not None for area in areas),
        "indicators": indicators,
        "allocation": None,
        "query": params.urlencode(),
    }
    if not (submitted and areas and form.is_valid()):
        return context
    data = form.cleaned_data
    measure = data["measure"]
    need = None
    if (pk := allocation_present.indicator_id(measure)) is not None:
        need = queries.allocation_indicator_need(partnership, pk, codes)
        if need is None:
            form.add_error("measure", "This indicator holds no value for these areas")
            return context
        if need.polarity == "higher_is_better":
            form.add_error(
                "measure",
                f"Higher values of '{need.indicator_name}' are better, so they cannot be used "
                "as need: choose an indicator where higher values mean greater need",
            )
            return context
    rows, left_out = allocation_present.need_rows(areas, measure, need.values if need else None)
    if not rows:
        form.add_error("measure", "No area has a value of this need measure; choose another")
        return context
    population = data["population"]
    if population and any(row.population is None for row in rows):
        form.add_error(
            "population",
            "Population is not held for every area, so the allocation cannot be weighted by "
            "population: untick it, or ask an administrator to import IMD 2019 with populations",
        )
        return context
    try:
        result = allocation_present.compute(
            rows,
            measure=measure,
            total=float(data["total"]),
            unit=float(data["unit"]),
            floor_share=float(data["floor"]) / 100,
            gradient=float(data["gradient"]),
            ratio=float(data["ratio"]),
            population=population,
        )
    except stats.StatsInputError as error:
        form.add_error(ALLOCATION_ERROR_FIELDS.get(error.argument), str(error.rule).capitalize())
        return context
    label = dict(measures)[measure].removeprefix("Indicator: ")
    if need is not None:
        label = f"{label} ({need.period})"
    allocation = allocation_present.Allocation(
        rows=rows,
        left_out=left_out,
        result=result,
        measure=measure,
        measure_label=label,
        population_used=population,
    )
    table = allocation_present.allocation_table(allocation)
    context.update(
        allocation=allocation,
        table=table,
        display=allocation_present.display_rows(table, population),
        sentence=allocation_present.fifth_sentence(rows, result, measure, level),
        svg=allocation_present.chart_svg(
            allocation,
            title=f"Allocation of {allocation_present.format_amount(result.total)} by {label}",
        ),
        total_text=allocation_present.format_amount(result.total),
    )
    return context
