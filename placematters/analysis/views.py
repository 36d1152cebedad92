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
from placematters.analysis import presenters as present
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
    """Everything the indicator page shows, shared by the page and its downloads."""
    partnership = request.partnership
    indicator = _indicator_or_404(partnership, indicator_id)
    area_name = _area_name_or_404(partnership, area_code)
    code = area_code.upper()
    series = queries.indicator_series(partnership, indicator.pk, code)
    comparison = queries.indicator_comparison(partnership, indicator.pk, code)
    breakdown = queries.deprivation_breakdown(partnership, indicator.pk, code)
    breakdown_place = area_name
    if breakdown is None and code != ENGLAND:
        breakdown = queries.deprivation_breakdown(partnership, indicator.pk, ENGLAND)
        breakdown_place = "England"
    headline = next(
        (
            row
            for row in queries.area_profile(partnership, code)
            if row.indicator_id == indicator.pk
        ),
        None,
    )
    return {
        "indicator": indicator,
        "headline": headline,
        "trend": headline.trend if headline else "",
        "area_code": code,
        "area_name": area_name,
        "series": present.headline_series(series),
        "comparison": comparison,
        "breakdown": breakdown,
        "breakdown_place": breakdown_place,
    }


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
    context = {
        **data,
        "narrative": queries.narrative(partnership, indicator.pk, code),
        "threshold": threshold,
        "suppression_note": present.suppression_note(threshold),
        "can_edit": _can_edit(request),
        "priority": present.priority_for(
            queries.priorities(partnership), indicator.pk, code, present.latest_period(data)
        ),
        "period": present.latest_period(data),
        "styles": present.COMPARISON_STYLES.values(),
    }
    sections = present.indicator_sections(data, threshold=threshold)
    map_areas, map_parent = _map_areas(code, data["comparison"])
    if map_areas:
        sections["map"] = present.map_section(map_areas, map_parent, threshold=threshold)
    for key, section in sections.items():
        if section.spec is not None:
            section.svg = charts.render_svg(section.spec, label=section.label, element_id=key)
    context["sections"] = list(sections.values())
    context["suppressed"] = any(section.table.suppressed for section in sections.values())
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
    if table not in sections:
        raise Http404("No such table")
    return _download(sections[table].table, fmt, data["indicator"].name, table, data["area_code"])


def _priority_box(request, indicator, area_code: str, period: str, saved: str = ""):
    return render(
        request,
        "analysis/partials/priority.html",
        {
            "indicator": indicator,
            "area_code": area_code,
            "period": period,
            "priority": present.priority_for(
                queries.priorities(request.partnership), indicator.pk, area_code, period
            ),
            "can_edit": True,
            "saved": saved,
        },
    )


@require_POST
@partnership_view(Permission.EDIT_WORK)
def priority_mark(request, area_code: str, indicator_id: int):
    """Mark the finding as a priority: in place with htmx, or post and redirect without it."""
    indicator = _indicator_or_404(request.partnership, indicator_id)
    area_name = _area_name_or_404(request.partnership, area_code)
    code = area_code.upper()
    period = request.POST.get("period", "")[:30]
    actions.priority_mark(
        by=request.user,
        partnership=request.partnership,
        indicator=indicator,
        area_code=code,
        period=period,
        note=request.POST.get("note", "")[:2000],
    )
    message = f"'{indicator.name}' in {area_name} is now a priority."
    if request.htmx:
        return _priority_box(request, indicator, code, period, saved=message)
    messages.success(request, message)
    fallback = reverse("analysis:indicator", args=[request.partnership.slug, code, indicator.pk])
    return redirect(safe_next(request, fallback))


@require_POST
@partnership_view(Permission.EDIT_WORK)
def priority_unmark(request, priority_id: int):
    priority = queries.priority_for(request.partnership, priority_id)
    if priority is None:
        raise Http404("No such priority")
    indicator, code, period = priority.indicator, priority.area_code, priority.period
    actions.priority_unmark(by=request.user, priority=priority)
    message = f"'{indicator.name}' is no longer a priority."
    if request.htmx and request.POST.get("box"):
        return _priority_box(request, indicator, code, period, saved=message)
    messages.success(request, message)
    return redirect(
        safe_next(request, reverse("analysis:overview", args=[request.partnership.slug]))
    )
