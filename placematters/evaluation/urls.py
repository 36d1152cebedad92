from django.urls import path

from placematters.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("p/<slug:slug>/evaluation/", views.evaluation_home, name="evaluation_home"),
    path(
        "p/<slug:slug>/evaluation/evaluation-framework.csv",
        views.evaluation_download,
        name="evaluation_download",
    ),
    path(
        "p/<slug:slug>/evaluation/outcomes/<int:outcome_id>/",
        views.evaluation_entry_edit,
        name="evaluation_entry_edit",
    ),
    path(
        "p/<slug:slug>/evaluation/outcomes/<int:outcome_id>/remove/",
        views.evaluation_entry_remove,
        name="evaluation_entry_remove",
    ),
    path(
        "p/<slug:slug>/evaluation/framework/",
        views.evaluation_framework_edit,
        name="evaluation_framework_edit",
    ),
    path("p/<slug:slug>/evaluation/agree/", views.evaluation_agree, name="evaluation_agree"),
    path("p/<slug:slug>/evaluation/reopen/", views.evaluation_reopen, name="evaluation_reopen"),
]
