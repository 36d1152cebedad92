"""The data-supported overview (stage 1): the landing page, area profiles and indicator pages.

Reads go through :mod:`placematters.analysis.queries`, writes (priorities) through
:mod:`placematters.analysis.actions`; what the pages show and export is shaped by
:mod:`placematters.analysis.presenters` and drawn by :mod:`placematters.analysis.charts`.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placematters.analysis import actions, charts, queries
from placematters.analysis import footprint_presenters as footprint_present
from placematters.analysis import presenters as present
from placematters.analysis.allocation import allocation_context
from placematters.analysis.choice import choose
from placematters.analysis.forms import DeriveForm
from placematters.geography import queries as geography
from placematters.indicators import queries as indicator_queries
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import areas as areas_of_focus
from placematters.web.views import safe_next

ENGLAND = "E92000001"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _area_name_or_404(partnership, area_code: str) -> str:
    """The area's name: an area of focus, England, or any area held; else 404."""
    code = area_code.strip().upper()
    for area in areas_of_focus(partnership):
        if area.gss_code == code:
            return area.name
    if code == ENGLAND:
        return "England"
    area = geography.area_by_code(code)
    if area is None:
        raise Http404("No such area")
    return area.name


def _indicator_or_404(partnership, indicator_id: int):
    indicator = indicator_queries.indicators(partnership).filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def _download(table: present.Table, fmt: str, *parts: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format")
    body = present.to_csv(table) if fmt == "csv" else present.to_xlsx(table, title=parts[0])
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = present.export_filename(*parts, extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view()
def overview(request):
    partnership = request.partnership
    return render(
        request,
        "analysis/overview.html",
        {
            "areas": list(areas_of_focus(partnership)),
            "priorities": queries.priorities(partnership),
            "can_edit": _can_edit(request),
            "derived": queries.derived_indicators(partnership),
        },
    )


def _profile(request, area_code: str):
    area_name = _area_name_or_404(request.partnership, area_code)
    rows = queries.area_profile(request.partnership, area_code.upper())
    return area_name, rows


@partnership_view()
def area_profile(request, area_code: str):
    area_name, rows = _profile(request, area_code)
    threshold = present.small_count_threshold()
    display = present.profile_display(rows, threshold=threshold)
    chart = ""
    if rows:
        region = present.common_parent_name(rows)
        chart = charts.spine_svg(
            charts.spine_rows(rows, threshold=threshold),
            area_name=area_name,
            region_name=region,
            label=f"Spine chart of {len(rows)} indicators for {area_name} compared with "
            "England. The same figures are in the table below.",
        )
    return render(
        request,
        "analysis/area_profile.html",
        {
            "area_code": area_code.upper(),
            "area_name": area_name,
            "rows": display,
            "parent_header": present.common_parent_name(rows) or "Region or parent",
            "chart": chart,
            "suppressed": any(row.suppressed for row in display),
            "suppression_note": present.suppression_note(threshold),
            "styles": present.COMPARISON_STYLES.values(),
        },
    )


@partnership_view()
def area_profile_download(request, area_code: str, fmt: str):
    area_name, rows = _profile(request, area_code)
    table = present.profile_table(rows, threshold=present.small_count_threshold())
    return _download(table, fmt, "Area profile", area_name, area_code)


def _indicator_data(request, area_code: str, indicator_id: int) -> dict:
    """Everything the indicator page shows, shared by the page and its downloads: the choice
    of sex, age and category type comes from the query string (see ``forms.choose``)."""
    partnership = request.partnership
    indicator = _indicator_or_404(partnership, indicator_id)
    area_name = _area_name_or_404(partnership, area_code)
    code = area_code.upper()
    form, choice = choose(request.GET, queries.indicator_choices(partnership, indicator.pk, code))
    sex, age, category_type = choice["sex"], choice["age"], choice["category_type"]
    series = queries.indicator_series(partnership, indicator.pk, code, sex, age)
    comparison = queries.indicator_comparison(partnership, indicator.pk, code, sex, age)
    chosen = {"category_type": category_type or None, "sex": sex, "age": age}
    breakdown = queries.deprivation_breakdown(partnership, indicator.pk, code, **chosen)
    breakdown_place = area_name
    if breakdown is None and code != ENGLAND:
        breakdown = queries.deprivation_breakdown(partnership, indicator.pk, ENGLAND, **chosen)
        breakdown_place = "England"
    return {
        "indicator": indicator,
        "trend": queries.indicator_trend(partnership, indicator.pk, code, sex, age),
        "area_code": code,
        "area_name": area_name,
        "series": series,
        "comparison": comparison,
        "breakdown": breakdown,
        "breakdown_place": breakdown_place,
        "choice_form": form,
        "choice": choice,
        "choice_query": present.choice_query(sex, age, category_type),
        "choice_text": present.choice_text(sex, age, category_type),
    }


def _population(request, data) -> present.Section:
    pyramid = queries.population_pyramid(request.partnership, data["area_code"])
    return present.population_section(pyramid, data["area_name"])


def _map_areas(area_code: str, comparison) -> tuple[list[charts.MapArea], str]:
    """Boundaries of the selected area and its neighbours in the same parent, where held."""
    area = geography.area_by_code(area_code)
    if area is None:
        return [], ""
    parents = [
        parent
        for parent in geography.parents(area)
        if parent.code != ENGLAND and parent.area_type != area.area_type
    ]
    if not parents:
        return [], ""
    parent = parents[0]
    values = {item.area_code: item for item in comparison}
    neighbours = {sibling.code for sibling in geography.children(parent, area.area_type)}
    boundaries = geography.boundaries_for(neighbours & values.keys())
    found = [
        charts.MapArea(
            code=code,
            name=values[code].area_name,
            geometry=geometry,
            comparison=values[code].compared_to_england,
            value=values[code].value,
        )
        for code, geometry in boundaries.items()
    ]
    return sorted(found, key=lambda item: item.name), parent.name


@partnership_view()
def indicator(request, area_code: str, indicator_id: int):
    data = _indicator_data(request, area_code, indicator_id)
    indicator = data["indicator"]
    threshold = present.small_count_threshold()
    partnership = request.partnership
    code = data["area_code"]
    choice = data["choice"]
    period = present.latest_period(data)
    context = {
        **data,
        "narrative": queries.narrative(
            partnership, indicator.pk, code, choice["sex"], choice["age"],
            choice["category_type"] or None,
        ),
        "threshold": threshold,
        "suppression_note": present.suppression_note(threshold),
        "can_edit": _can_edit(request),
        "priority": present.priority_for(
            queries.priorities(partnership), indicator.pk, code, period, choice["sex"],
            choice["age"], is_default=choice["is_default"],
        ),
        "period": period,
        "styles": present.COMPARISON_STYLES.values(),
    }  # fmt: skip
    sections = present.indicator_sections(data, threshold=threshold)
    map_areas, map_parent = _map_areas(code, data["comparison"])
    if map_areas:
        sections["map"] = present.map_section(map_areas, map_parent, threshold=threshold)
    sections["population"] = _population(request, data)
    for key, section in sections.items():
        if section.spec is not None:
            section.svg = charts.render_svg(section.spec, label=section.label, element_id=key)
    context["sections"] = list(sections.values())
    context["suppressed"] = any(section.table.suppressed for section in sections.values())
    context["has_map"] = "map" in sections
    return render(request, "analysis/indicator.html", context)


@partnership_view()
def indicator_download(request, area_code: str, indicator_id: int, table: str, fmt: str):
    data = _indicator_data(request, area_code, indicator_id)
    threshold = present.small_count_threshold()
    sections = present.indicator_sections(data, threshold=threshold)
    if table == "map":
        map_areas, map_parent = _map_areas(data["area_code"], data["comparison"])
        if map_areas:
            sections["map"] = present.map_section(map_areas, map_parent, threshold=threshold)
    if table == "population":
        sections["population"] = _population(request, data)
    if table not in sections:
        raise Http404("No such table")
    choice = data["choice"]
    parts = [data["indicator"].name, table, data["area_code"]]
    if not choice["is_default"]:
        parts += [choice["sex"], choice["age"], choice["category_type"]]
    return _download(sections[table].table, fmt, *parts)


def _priority_box(
    request, indicator, area_code: str, period: str, saved: str = "", sex: str = "", age: str = ""
):
    return render(
        request,
        "analysis/partials/priority.html",
        {
            "indicator": indicator,
            "area_code": area_code,
            "period": period,
            "choice": {"sex": sex, "age": age},
            "priority": present.priority_for(
                queries.priorities(request.partnership), indicator.pk, area_code, period, sex,
                age, is_default=False,
            ),
            "can_edit": True,
            "saved": saved,
        },
    )  # fmt: skip


@require_POST
@partnership_view(Permission.EDIT_WORK)
def priority_mark(request, area_code: str, indicator_id: int):
    """Mark the finding as a priority: in place with htmx, or post and redirect without it."""
    indicator = _indicator_or_404(request.partnership, indicator_id)
    area_name = _area_name_or_404(request.partnership, area_code)
    code = area_code.upper()
    period = request.POST.get("period", "")[:30]
    sex, age = request.POST.get("sex", "")[:20], request.POST.get("age", "")[:40]
    actions.priority_mark(
        by=request.user,
        partnership=request.partnership,
        indicator=indicator,
        area_code=code,
        period=period,
        sex=sex,
        age=age,
        note=request.POST.get("note", "")[:2000],
    )
    message = f"'{indicator.name}' in {area_name} is now a priority."
    if request.htmx:
        return _priority_box(request, indicator, code, period, saved=message, sex=sex, age=age)
    messages.success(request, message)
    fallback = reverse("analysis:indicator", args=[request.partnership.slug, code, indicator.pk])
    if sex or age:
        fallback += present.choice_query(sex, age)
    return redirect(safe_next(request, fallback))


@require_POST
@partnership_view(Permission.EDIT_WORK)
def priority_unmark(request, priority_id: int):
    priority = queries.priority_for(request.partnership, priority_id)
    if priority is None:
        raise Http404("No such priority")
    indicator, code, period = priority.indicator, priority.area_code, priority.period
    sex, age = priority.sex, priority.age
    actions.priority_unmark(by=request.user, priority=priority)
    message = f"'{indicator.name}' is no longer a priority."
    if request.htmx and request.POST.get("box"):
        return _priority_box(request, indicator, code, period, saved=message, sex=sex, age=age)
    messages.success(request, message)
    return redirect(
        safe_next(request, reverse("analysis:overview", args=[request.partnership.slug]))
    )


# --- The partnership's footprint ------------------------------------------------------------


def _footprint_map(partnership, shading: str, lsoas: list[str]) -> dict:
    rows = queries.footprint_map(
        partnership, footprint_present.shading_groups(shading), lsoas=lsoas
    )
    return footprint_present.footprint_map(rows, shading)


@partnership_view()
def footprint(request):
    """Your footprint: its areas of focus and LSOAs, every indicator's footprint value against
    England, and the LSOAs mapped by deprivation."""
    partnership = request.partnership
    threshold = present.small_count_threshold()
    place = queries.footprint(partnership)
    items = queries.footprint_indicators(partnership, lsoas=place.lsoas) if place.areas else []
    lines = footprint_present.footprint_lines(items, threshold)
    shading = footprint_present.shading_from(request.GET.get("shading"))
    return render(
        request,
        "analysis/footprint.html",
        {
            "place": place,
            "lines": lines,
            "without": [item for item in items if item.figures is None],
            "suppressed": any(line["suppressed"] for line in lines),
            "suppression_note": present.suppression_note(threshold),
            "styles": present.COMPARISON_STYLES.values(),
            "map": _footprint_map(partnership, shading, place.lsoas) if place.lsoas else None,
        },
    )


@partnership_view()
def footprint_download(request, fmt: str):
    partnership = request.partnership
    lsoas = queries.footprint_lsoas(partnership)
    items = queries.footprint_indicators(partnership, lsoas=lsoas)
    table = footprint_present.footprint_table(items, present.small_count_threshold())
    return _download(table, fmt, "Footprint indicators", partnership.slug)


@partnership_view()
def footprint_map_download(request, fmt: str):
    partnership = request.partnership
    shading = footprint_present.shading_from(request.GET.get("shading"))
    lsoas = queries.footprint_lsoas(partnership)
    table = (
        _footprint_map(partnership, shading, lsoas)["table"]
        if lsoas
        else present.Table(headers=["LSOA code", "LSOA name"])
    )
    return _download(table, fmt, "Footprint LSOAs", shading, partnership.slug)


@partnership_view()
def footprint_indicator(request, indicator_id: int):
    """One indicator in the footprint: its value against England and its breakdown by
    deprivation recomputed within the footprint."""
    partnership = request.partnership
    indicator = queries.footprint_indicator(partnership, indicator_id)
    if indicator is None:
        raise Http404("No such indicator")
    threshold = present.small_count_threshold()
    n = footprint_present.groups_from(request.GET.get("groups"))
    lsoas = queries.footprint_lsoas(partnership)
    figures = queries.footprint_values(partnership, indicator, lsoas=lsoas)
    breakdown = (
        queries.footprint_deprivation(partnership, indicator, n, lsoas=lsoas) if lsoas else None
    )
    unit = queries.unit_of(indicator)
    table, display, bars, notes = footprint_present.footprint_breakdown(breakdown, unit, threshold)
    line = None
    if figures is not None:
        item = queries.FootprintIndicator(
            indicator_id=indicator.pk,
            indicator_name=indicator.name,
            unit=queries.unit_of(indicator),
            value_type=indicator.value_type,
            polarity=indicator.polarity,
            figures=figures,
        )
        line = footprint_present.footprint_lines([item], threshold)[0]
    word = "quintile" if n == 5 else "decile"
    svg = footprint_present.footprint_breakdown_svg(
        bars,
        indicator_name=indicator.name,
        period=breakdown.period if breakdown else "",
        unit=unit,
        n=n,
    )
    return render(
        request,
        "analysis/footprint_indicator.html",
        {
            "indicator": indicator,
            "figures": figures,
            "line": line,
            "lsoas": lsoas,
            "breakdown": breakdown,
            "display": display,
            "notes": notes,
            "svg": svg,
            "n": n,
            "word": word,
            "suppressed": table.suppressed,
            "suppression_note": present.suppression_note(threshold),
            "styles": present.COMPARISON_STYLES.values(),
        },
    )


@partnership_view()
def footprint_indicator_download(request, indicator_id: int, fmt: str):
    partnership = request.partnership
    indicator = queries.footprint_indicator(partnership, indicator_id)
    if indicator is None:
        raise Http404("No such indicator")
    n = footprint_present.groups_from(request.GET.get("groups"))
    lsoas = queries.footprint_lsoas(partnership)
    breakdown = (
        queries.footprint_deprivation(partnership, indicator, n, lsoas=lsoas) if lsoas else None
    )
    table, *_ = footprint_present.footprint_breakdown(
        breakdown, queries.unit_of(indicator), present.small_count_threshold()
    )
    return _download(table, fmt, indicator.name, "footprint deprivation", str(n))


# --- Deriving an indicator from deaths and population ---------------------------------------


@partnership_view(Permission.EDIT_WORK)
def derive(request):
    """Derive a death rate (DSR) or life expectancy from the imported deaths and population."""
    partnership = request.partnership
    choices = queries.derive_choices()
    focus = [(area.gss_code, area.name) for area in areas_of_focus(partnership)]
    form = DeriveForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        focus=focus,
        unknown=queries.unknown_area_codes,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "by": request.user,
            "partnership": partnership,
            "name": data["name"],
            "area_codes": data["area_codes"],
            "year": data["year"],
            "sex": data["sex"],
        }
        try:
            if data["measure"] == "dsr":
                indicator = actions.indicator_derive_dsr(**common, age_to=data["age_to"])
            else:
                indicator = actions.indicator_derive_life_expectancy(**common)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"'{indicator.name}' has been derived and stored.")
            return redirect(reverse("analysis:overview", args=[partnership.slug]) + "#derived")
    return render(request, "analysis/derive.html", {"form": form, "choices": choices})


# --- Proportionate allocation ---------------------------------------------------------------


def _allocation(request) -> dict:
    return allocation_context(request.partnership, request.GET)


@partnership_view()
def allocation(request):
    """Proportionate universalism: share a total across areas by need above a universal floor."""
    return render(
        request,
        "analysis/allocation.html",
        {**_allocation(request), "can_edit": _can_edit(request)},
    )


@partnership_view()
def allocation_download(request, fmt: str):
    context = _allocation(request)
    table = context.get("table") or present.Table(headers=["Area code", "Area"])
    return _download(table, fmt, "Allocation", request.partnership.slug)
