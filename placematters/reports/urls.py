from django.urls import path

from placematters.reports import views

app_name = "reports"
urlpatterns = [
    path("p/<slug:slug>/report/", views.report_home, name="report_home"),
    path("p/<slug:slug>/report/files/", views.report_render_create, name="report_render_create"),
    path(
        "p/<slug:slug>/report/files/<int:render_id>/",
        views.report_render_status,
        name="report_render_status",
    ),
    path(
        "p/<slug:slug>/report/files/<int:render_id>/download/",
        views.report_render_download,
        name="report_render_download",
    ),
    path(
        "p/<slug:slug>/report/action-plan.xlsx",
        views.report_action_plan_xlsx,
        name="report_action_plan_xlsx",
    ),
    path("p/<slug:slug>/report/versions/", views.snapshot_list, name="snapshot_list"),
    path("p/<slug:slug>/report/versions/freeze/", views.snapshot_take, name="snapshot_take"),
    path(
        "p/<slug:slug>/report/versions/<int:snapshot_id>/",
        views.snapshot_detail,
        name="snapshot_detail",
    ),
    path(
        "p/<slug:slug>/report/versions/<int:snapshot_id>/plan.<str:fmt>",
        views.snapshot_plan_download,
        name="snapshot_plan_download",
    ),
    path(
        "p/<slug:slug>/report/versions/<int:snapshot_id>/files/",
        views.snapshot_render_create,
        name="snapshot_render_create",
    ),
    path(
        "p/<slug:slug>/report/versions/<int:snapshot_id>/compare/",
        views.snapshot_compare,
        name="snapshot_compare",
    ),
    path(
        "p/<slug:slug>/report/versions/<int:snapshot_id>/delete/",
        views.snapshot_delete,
        name="snapshot_delete",
    ),
]
