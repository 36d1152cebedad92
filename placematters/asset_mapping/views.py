"""The asset register, the triangle, the segment assessments, the map and the determinants
lens."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placematters.analysis.charts import deprivation_colours, deprivation_group_label
from placematters.analysis.presenters import Table, to_csv
from placematters.asset_mapping import actions, openreferral, queries
from placematters.asset_mapping.content import load_assessment, load_determinants
from placematters.asset_mapping.forms import (
    DEFAULT_DISTANCE,
    DISTANCE_CHOICES,
    AssessmentForm,
    AssetForm,
    ConnectorForm,
    FilterForm,
    MapFilterForm,
    OpenReferralUploadForm,
)
from placematters.asset_mapping.models import Segment
from placematters.asset_mapping.presenters import (
    NO_DECILE_FILL,
    Band,
    MapPoint,
    MapShape,
    Side,
    coordinate_text,
    map_svg,
    triangle_svg,
    verified_phrase,
)
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.partnerships.queries import organisations
from placematters.planning import queries as planning_queries
from placematters.web.views import add_action_errors

CSV_HEADER = (
    "Name", "Segment", "Type", "Owner", "Postcode", "Latitude", "Longitude", "Area code",
    "Areas served", "Factors", "Last checked", "Needs checking",
)  # fmt: skip


def _can_edit(request) -> bool:
    return role_allows(request.membership.role, Permission.EDIT_WORK)


def _asset_or_404(request, asset_id: int):
    found = queries.asset(request.partnership, asset_id)
    if found is None:
        raise Http404("No such asset")
    return found


def _filters(form) -> queries.AssetFilters:
    if not form.is_valid():
        return queries.AssetFilters()
    data = form.cleaned_data
    return queries.AssetFilters(
        segment=data.get("segment") or "",
        asset_type=data.get("asset_type") or "",
        determinant=data.get("determinant") or "",
        area=(data.get("area") or "").strip().upper(),
        stale=data.get("stale") or "",
    )


def _csv(filename: str, header, rows) -> HttpResponse:
    table = Table(headers=list(header), rows=[list(row) for row in rows])
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _rows(items, today):
    factor_titles = {factor.key: factor.title for factor in load_determinants().factors}
    return [
        {
            "asset": item,
            "stale": queries.asset_is_stale(item, today),
            "verified": verified_phrase(item.last_verified, today),
            "factors": [factor_titles.get(key, key) for key in item.determinants],
        }
        for item in items
    ]


@partnership_view()
def asset_list(request):
    form = FilterForm(request.GET or None)
    filters = _filters(form)
    today = timezone.localdate()
    items = queries.assets(request.partnership, filters, today=today)
    return render(
        request,
        "asset_mapping/list.html",
        {
            "form": form,
            "filters": filters,
            "rows": _rows(items, today),
            "total": sum(queries.segment_counts(request.partnership).values()),
            "stale_after_days": queries.stale_after_days(),
            "can_edit": _can_edit(request),
            "query": request.GET.urlencode(),
        },
    )


@partnership_view()
def asset_list_csv(request):
    form = FilterForm(request.GET or None)
    today = timezone.localdate()
    items = queries.assets(request.partnership, _filters(form), today=today)
    rows = [
        (
            row["asset"].name,
            row["asset"].get_segment_display(),
            row["asset"].get_asset_type_display(),
            row["asset"].owner,
            row["asset"].postcode,
            coordinate_text(row["asset"].latitude),
            coordinate_text(row["asset"].longitude),
            row["asset"].area_code,
            " ".join(row["asset"].areas_served),
            "; ".join(row["factors"]),
            row["asset"].last_verified or "",
            "yes" if row["stale"] else "no",
        )
        for row in _rows(items, today)
    ]
    return _csv(f"{request.partnership.slug}-assets.csv", CSV_HEADER, rows)


def _initial(asset) -> dict:
    return {
        "name": asset.name,
        "description": asset.description,
        "segment": asset.segment,
        "asset_type": asset.asset_type,
        "owner_organisation": asset.owner_organisation_id,
        "owner_name": asset.owner_name,
        "contact_name": asset.contact_name,
        "contact_email": asset.contact_email,
        "contact_phone": asset.contact_phone,
        "website": asset.website,
        "address": asset.address,
        "town": asset.town,
        "postcode": asset.postcode,
        "latitude": asset.latitude,
        "longitude": asset.longitude,
        "area_code": asset.area_code,
        "areas_served": ", ".join(asset.areas_served),
        "target_groups": asset.target_groups,
        "reach": asset.reach,
        "capacity": asset.capacity,
        "eligibility": asset.eligibility,
        "cost": asset.cost,
        "opening_times": asset.opening_times,
        "determinants": asset.determinants,
        "evidence_links": "\n".join(asset.evidence_links),
        "last_verified": asset.last_verified,
    }


@partnership_view(Permission.EDIT_WORK)
def asset_create(request):
    initial = {"segment": request.GET.get("segment", "")}
    form = AssetForm(
        request.POST or None, organisations=organisations(request.partnership), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.asset_create(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{created.name}' has been added to the register.")
            return redirect("asset_mapping:asset_detail", request.partnership.slug, created.pk)
    return render(request, "asset_mapping/form.html", {"form": form, "asset": None})


@partnership_view()
def asset_detail(request, asset_id: int):
    found = _asset_or_404(request, asset_id)
    today = timezone.localdate()
    return render(
        request,
        "asset_mapping/detail.html",
        {
            "asset": found,
            "row": _rows([found], today)[0],
            "stale_after_days": queries.stale_after_days(),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def asset_edit(request, asset_id: int):
    found = _asset_or_404(request, asset_id)
    form = AssetForm(
        request.POST or None,
        organisations=organisations(request.partnership),
        initial=_initial(found),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.asset_update(by=request.user, asset=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{found.name}' has been saved.")
            return redirect("asset_mapping:asset_detail", request.partnership.slug, found.pk)
    return render(request, "asset_mapping/form.html", {"form": form, "asset": found})


@require_POST
@partnership_view(Permission.EDIT_WORK)
def asset_verify(request, asset_id: int):
    found = _asset_or_404(request, asset_id)
    actions.asset_verify(by=request.user, asset=found)
    messages.success(request, f"'{found.name}' is marked as checked today.")
    return redirect("asset_mapping:asset_detail", request.partnership.slug, found.pk)


@partnership_view(Permission.EDIT_WORK)
def asset_delete(request, asset_id: int):
    found = _asset_or_404(request, asset_id)
    if request.method == "POST":
        actions.asset_delete(by=request.user, asset=found)
        messages.success(request, f"'{found.name}' has been deleted from the register.")
        return redirect("asset_mapping:asset_list", request.partnership.slug)
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Delete '{found.name}'?",
            "body": "The asset will be removed from the register and from any connectors that "
            "link it. The activity record keeps a note of what it said.",
            "button": "Delete asset",
            "cancel": reverse(
                "asset_mapping:asset_detail", args=[request.partnership.slug, found.pk]
            ),
        },
    )


# --- the triangle ---------------------------------------------------------------------------


def _triangle_picture(triangle) -> str:
    bands = [Band(item.segment, item.label, item.count) for item in triangle.segments]
    by_kind = {side.kind: side for side in triangle.sides}
    sides = [
        Side(by_kind[kind].label, len(by_kind[kind].connectors))
        for kind in ("place_based_planning", "service_engagement", "integration")
    ]
    counts = "; ".join(f"{item.label}: {item.count}" for item in triangle.segments)
    return triangle_svg(
        bands, sides, label=f"The Population Intervention Triangle. Assets by segment: {counts}."
    )


@partnership_view()
def asset_triangle(request):
    triangle = queries.triangle(request.partnership)
    return render(
        request,
        "asset_mapping/triangle.html",
        {
            "triangle": triangle,
            "svg": _triangle_picture(triangle),
            "assessment": load_assessment(),
            "can_edit": _can_edit(request),
        },
    )


@partnership_view()
def asset_triangle_csv(request):
    triangle = queries.triangle(request.partnership)
    rows = [("Segment", item.label, item.count, item.stale) for item in triangle.segments]
    rows += [("Connector", side.label, len(side.connectors), "") for side in triangle.sides]
    return _csv(
        f"{request.partnership.slug}-triangle.csv",
        ("Part", "Name", "Number recorded", "Needing checking"),
        rows,
    )


@partnership_view(Permission.EDIT_WORK)
def asset_assessment_edit(request, segment: str):
    prompts = load_assessment().for_segment(segment)
    if prompts is None:
        raise Http404("No such segment")
    held = queries.segment_assessments(request.partnership)[segment]
    form = AssessmentForm(request.POST or None, initial={"summary": held.summary if held else ""})
    if request.method == "POST" and form.is_valid():
        actions.segment_assessment_update(
            by=request.user,
            partnership=request.partnership,
            segment=segment,
            summary=form.cleaned_data["summary"],
        )
        messages.success(
            request, f"The {Segment(segment).label.lower()} assessment has been saved."
        )
        return redirect(
            reverse("asset_mapping:asset_triangle", args=[request.partnership.slug])
            + f"#assessment-{segment}"
        )
    return render(
        request,
        "asset_mapping/assessment_edit.html",
        {"form": form, "prompts": prompts, "assessment": load_assessment()},
    )


# --- connectors -----------------------------------------------------------------------------


def _connector_or_404(request, connector_id: int):
    found = queries.connector(request.partnership, connector_id)
    if found is None:
        raise Http404("No such connector")
    return found


@partnership_view(Permission.EDIT_WORK)
def asset_connector_create(request):
    form = ConnectorForm(
        request.POST or None,
        assets=queries.asset_choices(request.partnership),
        initial={"kind": request.GET.get("kind", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.connector_create(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{created.name}' has been added.")
            return redirect(
                reverse("asset_mapping:asset_triangle", args=[request.partnership.slug])
                + "#connectors"
            )
    return render(request, "asset_mapping/connector_form.html", {"form": form, "connector": None})


@partnership_view(Permission.EDIT_WORK)
def asset_connector_edit(request, connector_id: int):
    found = _connector_or_404(request, connector_id)
    form = ConnectorForm(
        request.POST or None,
        assets=queries.asset_choices(request.partnership),
        initial={
            "kind": found.kind,
            "name": found.name,
            "description": found.description,
            "assets": [item.pk for item in found.assets.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.connector_update(by=request.user, connector=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"'{found.name}' has been saved.")
            return redirect(
                reverse("asset_mapping:asset_triangle", args=[request.partnership.slug])
                + "#connectors"
            )
    return render(request, "asset_mapping/connector_form.html", {"form": form, "connector": found})


@partnership_view(Permission.EDIT_WORK)
def asset_connector_delete(request, connector_id: int):
    found = _connector_or_404(request, connector_id)
    triangle_url = reverse("asset_mapping:asset_triangle", args=[request.partnership.slug])
    if request.method == "POST":
        actions.connector_delete(by=request.user, connector=found)
        messages.success(request, f"'{found.name}' has been deleted.")
        return redirect(triangle_url + "#connectors")
    return render(
        request,
        "web/confirm.html",
        {
            "title": f"Delete the connector '{found.name}'?",
            "body": "The assets it links stay in the register.",
            "button": "Delete connector",
            "cancel": triangle_url + "#connectors",
        },
    )


# --- the map --------------------------------------------------------------------------------


def _distance_key(form) -> str:
    value = form.cleaned_data.get("distance") if form.is_valid() else ""
    return value or DEFAULT_DISTANCE


def _distance(form) -> float:
    return float(_distance_key(form))


@partnership_view()
def asset_map(request):
    form = MapFilterForm(request.GET or None)
    filters = _filters(form)
    within_km = _distance(form)
    items = queries.assets(request.partnership, filters)
    located = [item for item in items if item.has_point]
    areas = queries.map_areas(request.partnership, located)
    drawn = [area for area in areas if area.geometry is not None]
    colours = deprivation_colours(10)
    shapes = [
        MapShape(
            area.code,
            f"{area.name}: deprivation decile {deprivation_group_label(area.decile, 10)}",
            area.geometry,
            colours[area.decile - 1] if area.decile else NO_DECILE_FILL,
        )
        for area in drawn
    ]
    points = [MapPoint(item.name, float(item.latitude), float(item.longitude)) for item in located]
    svg = ""
    if shapes or points:
        svg = map_svg(
            shapes,
            points,
            label=f"Map of {len(points)} assets over {len(shapes)} neighbourhoods (LSOAs) shaded "
            "by deprivation decile. The same information is in the tables below.",
        )
    distance_label = dict(DISTANCE_CHOICES)[_distance_key(form)]
    return render(
        request,
        "asset_mapping/map.html",
        {
            "form": form,
            "svg": svg,
            "located": located,
            "not_located": [item for item in items if not item.has_point],
            "areas": areas,
            "has_boundaries": bool(drawn),
            "unserved": queries.unserved_deprived_areas(areas, within_km=within_km)[:20],
            "distance_label": distance_label,
            "legend": [(deprivation_group_label(n, 10), colours[n - 1]) for n in range(1, 11)],
            "query": request.GET.urlencode(),
        },
    )


@partnership_view()
def asset_map_csv(request):
    form = MapFilterForm(request.GET or None)
    within_km = _distance(form)
    items = [item for item in queries.assets(request.partnership, _filters(form)) if item.has_point]
    areas = queries.map_areas(request.partnership, items)
    unserved = {area.code for area in queries.unserved_deprived_areas(areas, within_km=within_km)}
    rows = [
        (
            area.code,
            area.name,
            area.decile or "",
            "" if area.nearest_km is None else f"{area.nearest_km:.2f}",
            "yes" if area.code in unserved else "no",
        )
        for area in areas
    ]
    return _csv(
        f"{request.partnership.slug}-asset-map.csv",
        ("LSOA code", "LSOA name", "IMD 2019 decile", "Nearest asset (km)",
         "Deprived with no asset nearby"),
        rows,
    )  # fmt: skip


# --- the determinants lens ------------------------------------------------------------------


def _coverage(partnership) -> list[queries.CoverageRow]:
    return queries.determinant_coverage(
        partnership, planned=planning_queries.actions_by_determinant(partnership)
    )


@partnership_view()
def asset_coverage(request):
    rows = _coverage(request.partnership)
    return render(
        request,
        "asset_mapping/coverage.html",
        {
            "rows": rows,
            "gaps": [row for row in rows if row.assets == 0],
            "model": load_determinants(),
        },
    )


@partnership_view()
def asset_coverage_csv(request):
    rows = [
        (row.group_title, row.group_weight, row.factor.title, row.factor.weight, row.assets,
         row.planned_actions)
        for row in _coverage(request.partnership)
    ]  # fmt: skip
    return _csv(
        f"{request.partnership.slug}-determinant-coverage.csv",
        ("Group", "Group weight (%)", "Factor", "Factor weight (%)", "Assets",
         "Planned actions"),
        rows,
    )  # fmt: skip


# --- Open Referral UK -----------------------------------------------------------------------


@partnership_view()
def asset_openreferral_export(request):
    document = queries.openreferral_document(request.partnership)
    response = HttpResponse(
        openreferral.dumps(document), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{request.partnership.slug}-openreferral.json"'
    )
    return response


@partnership_view(Permission.EDIT_WORK)
def asset_openreferral_import(request):
    form = OpenReferralUploadForm(request.POST or None, request.FILES or None)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.OPENREFERRAL_MAX_BYTES
        raw = upload.read(limit + 1)
        try:
            result = actions.assets_import_openreferral(
                by=request.user,
                partnership=request.partnership,
                document=raw,
                source_name=upload.name,
            )
        except openreferral.OpenReferralInvalid as invalid:
            problems = invalid.problems
            form.add_error(
                "file",
                f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}. "
                "Nothing has been imported: fix every problem listed and upload it again.",
            )
    return render(
        request,
        "asset_mapping/openreferral_import.html",
        {
            "form": form,
            "problems": problems[:500],
            "more_problems": max(0, len(problems) - 500),
            "result": result,
            "limit": openreferral.size_text(settings.OPENREFERRAL_MAX_BYTES),
        },
    )
