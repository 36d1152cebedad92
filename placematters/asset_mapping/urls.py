from django.urls import path

from placematters.asset_mapping import views

app_name = "asset_mapping"
P = "p/<slug:slug>/assets/"
urlpatterns = [
    path(P, views.asset_list, name="asset_list"),
    path(P + "assets.csv", views.asset_list_csv, name="asset_list_csv"),
    path(P + "new/", views.asset_create, name="asset_create"),
    path(P + "<int:asset_id>/", views.asset_detail, name="asset_detail"),
    path(P + "<int:asset_id>/edit/", views.asset_edit, name="asset_edit"),
    path(P + "<int:asset_id>/verify/", views.asset_verify, name="asset_verify"),
    path(P + "<int:asset_id>/delete/", views.asset_delete, name="asset_delete"),
    path(P + "triangle/", views.asset_triangle, name="asset_triangle"),
    path(P + "triangle.csv", views.asset_triangle_csv, name="asset_triangle_csv"),
    path(
        P + "assessments/<slug:segment>/",
        views.asset_assessment_edit,
        name="asset_assessment_edit",
    ),
    path(P + "connectors/new/", views.asset_connector_create, name="asset_connector_create"),
    path(
        P + "connectors/<int:connector_id>/edit/",
        views.asset_connector_edit,
        name="asset_connector_edit",
    ),
    path(
        P + "connectors/<int:connector_id>/delete/",
        views.asset_connector_delete,
        name="asset_connector_delete",
    ),
    path(P + "map/", views.asset_map, name="asset_map"),
    path(P + "map.csv", views.asset_map_csv, name="asset_map_csv"),
    path(P + "what-drives-health/", views.asset_coverage, name="asset_coverage"),
    path(P + "what-drives-health.csv", views.asset_coverage_csv, name="asset_coverage_csv"),
    path(
        P + "openreferral.json",
        views.asset_openreferral_export,
        name="asset_openreferral_export",
    ),
    path(
        P + "openreferral/import/",
        views.asset_openreferral_import,
        name="asset_openreferral_import",
    ),
]
