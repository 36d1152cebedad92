from django.urls import path

from placematters.measures import views

app_name = "measures"
P = "p/<slug:slug>/measures/"
urlpatterns = [
    path(P, views.measures_scorecard, name="measures_scorecard"),
    path(f"{P}results/new/", views.measures_result_add, name="measures_result_add"),
    path(
        f"{P}results/<int:result_id>/",
        views.measures_result_detail,
        name="measures_result_detail",
    ),
    path(
        f"{P}results/<int:result_id>/indicators/new/",
        views.measures_indicator_add,
        name="measures_indicator_add",
    ),
    path(f"{P}new/", views.measures_measure_add, name="measures_measure_add"),
    path(f"{P}<int:measure_id>/", views.measures_measure_detail, name="measures_measure_detail"),
    path(
        f"{P}<int:measure_id>/spc.csv",
        views.measures_measure_download,
        name="measures_measure_download",
    ),
    path(f"{P}<int:measure_id>/values/new/", views.measures_value_add, name="measures_value_add"),
    path(f"{P}<int:measure_id>/rebase/", views.measures_rebase, name="measures_rebase"),
    path(f"{P}<int:measure_id>/worksheet/", views.measures_worksheet, name="measures_worksheet"),
    path(
        f"{P}results/<int:result_id>/edit/",
        views.measures_result_edit,
        name="measures_result_edit",
    ),
    path(
        f"{P}results/<int:result_id>/remove/",
        views.measures_result_remove,
        name="measures_result_remove",
    ),
    path(
        f"{P}indicators/<int:indicator_link_id>/",
        views.measures_indicator_detail,
        name="measures_indicator_detail",
    ),
    path(
        f"{P}indicators/<int:indicator_link_id>/spc.csv",
        views.measures_indicator_spc_download,
        name="measures_indicator_spc_download",
    ),
    path(
        f"{P}indicators/<int:indicator_link_id>/forecast.csv",
        views.measures_indicator_forecast_download,
        name="measures_indicator_forecast_download",
    ),
    path(
        f"{P}indicators/<int:indicator_link_id>/edit/",
        views.measures_indicator_edit,
        name="measures_indicator_edit",
    ),
    path(
        f"{P}indicators/<int:indicator_link_id>/remove/",
        views.measures_indicator_remove,
        name="measures_indicator_remove",
    ),
    path(f"{P}<int:measure_id>/edit/", views.measures_measure_edit, name="measures_measure_edit"),
    path(
        f"{P}<int:measure_id>/remove/",
        views.measures_measure_remove,
        name="measures_measure_remove",
    ),
    path(
        f"{P}<int:measure_id>/values/<int:value_id>/edit/",
        views.measures_value_edit,
        name="measures_value_edit",
    ),
    path(
        f"{P}<int:measure_id>/values/<int:value_id>/remove/",
        views.measures_value_remove,
        name="measures_value_remove",
    ),
]
