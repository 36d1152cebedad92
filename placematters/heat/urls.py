from django.urls import path

from placematters.heat import views

app_name = "heat"
urlpatterns = [
    path("p/<slug:slug>/heat/", views.heat_home, name="heat_home"),
    path("p/<slug:slug>/heat/new/", views.heat_start, name="heat_start"),
    path("p/<slug:slug>/heat/<int:assessment_id>/", views.heat_overview, name="heat_overview"),
    path(
        "p/<slug:slug>/heat/<int:assessment_id>/prepare/",
        views.heat_prepare,
        name="heat_prepare",
    ),
    path("p/<slug:slug>/heat/<int:assessment_id>/assess/", views.heat_assess, name="heat_assess"),
    path("p/<slug:slug>/heat/<int:assessment_id>/refine/", views.heat_refine, name="heat_refine"),
    path("p/<slug:slug>/heat/<int:assessment_id>/review/", views.heat_review, name="heat_review"),
    path(
        "p/<slug:slug>/heat/<int:assessment_id>/gap/",
        views.heat_gap_action,
        name="heat_gap_action",
    ),
    path(
        "p/<slug:slug>/heat/<int:assessment_id>/mitigate/",
        views.heat_mitigation_action,
        name="heat_mitigation_action",
    ),
    path(
        "p/<slug:slug>/heat/<int:assessment_id>/start-review/",
        views.heat_review_start,
        name="heat_review_start",
    ),
    path(
        "p/<slug:slug>/heat/<int:assessment_id>/compare/",
        views.heat_compare,
        name="heat_compare",
    ),
    path(
        "p/<slug:slug>/heat/<int:assessment_id>/assessment.csv",
        views.heat_download,
        name="heat_download",
    ),
]
