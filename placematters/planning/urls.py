from django.urls import path

from placematters.planning import views

app_name = "planning"
urlpatterns = [
    path("p/<slug:slug>/plan/", views.plan_home, name="plan_home"),
    path("p/<slug:slug>/plan/mine/", views.plan_mine, name="plan_mine"),
    path("p/<slug:slug>/plan/new/", views.plan_action_add, name="plan_action_add"),
    path("p/<slug:slug>/plan/timeline/", views.plan_timeline, name="plan_timeline"),
    path(
        "p/<slug:slug>/plan/action-plan.csv",
        views.plan_timeline_download,
        name="plan_timeline_download",
    ),
    path(
        "p/<slug:slug>/plan/allocations/attach/",
        views.plan_allocation_attach,
        name="plan_allocation_attach",
    ),
    path(
        "p/<slug:slug>/plan/allocations/<int:allocation_id>/allocation.csv",
        views.plan_allocation_download,
        name="plan_allocation_download",
    ),
    path(
        "p/<slug:slug>/plan/allocations/<int:allocation_id>/remove/",
        views.plan_allocation_remove,
        name="plan_allocation_remove",
    ),
    path(
        "p/<slug:slug>/plan/<int:action_id>/",
        views.plan_action_detail,
        name="plan_action_detail",
    ),
    path(
        "p/<slug:slug>/plan/<int:action_id>/edit/",
        views.plan_action_edit,
        name="plan_action_edit",
    ),
    path(
        "p/<slug:slug>/plan/<int:action_id>/remove/",
        views.plan_action_remove,
        name="plan_action_remove",
    ),
    path(
        "p/<slug:slug>/plan/<int:action_id>/milestones/new/",
        views.plan_milestone_add,
        name="plan_milestone_add",
    ),
    path(
        "p/<slug:slug>/plan/milestones/<int:milestone_id>/done/",
        views.plan_milestone_done,
        name="plan_milestone_done",
    ),
    path(
        "p/<slug:slug>/plan/milestones/<int:milestone_id>/remove/",
        views.plan_milestone_remove,
        name="plan_milestone_remove",
    ),
]
