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
]
