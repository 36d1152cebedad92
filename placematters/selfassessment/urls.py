from django.urls import path

from placematters.selfassessment import views

app_name = "selfassessment"
urlpatterns = [
    path(
        "p/<slug:slug>/self-assessment/",
        views.selfassessment_overview,
        name="selfassessment_overview",
    ),
    path(
        "p/<slug:slug>/self-assessment/ratings-by-part.csv",
        views.selfassessment_download,
        name="selfassessment_download",
    ),
    path(
        "p/<slug:slug>/self-assessment/steps.csv",
        views.selfassessment_steps_download,
        name="selfassessment_steps_download",
    ),
    path(
        "p/<slug:slug>/self-assessment/steps/<int:step_number>/",
        views.selfassessment_step,
        name="selfassessment_step",
    ),
    path(
        "p/<slug:slug>/self-assessment/steps/<int:step_number>/rate/",
        views.selfassessment_step_edit,
        name="selfassessment_step_edit",
    ),
]
