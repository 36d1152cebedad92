from django.urls import path

from placematters.engagement import views

app_name = "engagement"
BASE = "p/<slug:slug>/engagement/"
urlpatterns = [
    path(BASE, views.engagement_home, name="engagement_home"),
    path(
        f"{BASE}communities/new/", views.engagement_community_add, name="engagement_community_add"
    ),
    path(
        f"{BASE}communities/<int:community_id>/edit/",
        views.engagement_community_edit,
        name="engagement_community_edit",
    ),
    path(
        f"{BASE}communities/<int:community_id>/remove/",
        views.engagement_community_remove,
        name="engagement_community_remove",
    ),
    path(f"{BASE}plan/new/", views.engagement_plan_add, name="engagement_plan_add"),
    path(
        f"{BASE}plan/<int:plan_entry_id>/edit/",
        views.engagement_plan_edit,
        name="engagement_plan_edit",
    ),
    path(
        f"{BASE}plan/<int:plan_entry_id>/remove/",
        views.engagement_plan_remove,
        name="engagement_plan_remove",
    ),
    path(f"{BASE}log/", views.engagement_log, name="engagement_log"),
    path(f"{BASE}log/new/", views.engagement_log_add, name="engagement_log_add"),
    path(
        f"{BASE}log/<int:log_entry_id>/", views.engagement_log_detail, name="engagement_log_detail"
    ),
    path(
        f"{BASE}log/<int:log_entry_id>/remove/",
        views.engagement_log_remove,
        name="engagement_log_remove",
    ),
    path(
        f"{BASE}log/<int:log_entry_id>/heard/new/",
        views.engagement_heard_add,
        name="engagement_heard_add",
    ),
    path(
        f"{BASE}heard/<int:heard_id>/remove/",
        views.engagement_heard_remove,
        name="engagement_heard_remove",
    ),
    path(
        f"{BASE}heard/<int:heard_id>/decision/",
        views.engagement_decision,
        name="engagement_decision",
    ),
    path(f"{BASE}you-said-we-did/", views.engagement_trail, name="engagement_trail"),
    path(f"{BASE}coverage/", views.engagement_coverage, name="engagement_coverage"),
    path(
        f"{BASE}coverage.csv",
        views.engagement_coverage_download,
        name="engagement_coverage_download",
    ),
    path(f"{BASE}capacity/", views.engagement_capacity, name="engagement_capacity"),
    path(f"{BASE}capacity/new/", views.engagement_capacity_add, name="engagement_capacity_add"),
    path(
        f"{BASE}capacity/<int:capacity_id>/edit/",
        views.engagement_capacity_edit,
        name="engagement_capacity_edit",
    ),
]
