from django.urls import path

from placematters.toolkit import views

app_name = "toolkit"
urlpatterns = [
    path("p/<slug:slug>/", views.dashboard, name="dashboard"),
    path("p/<slug:slug>/stages/", views.stages, name="stages"),
    path("p/<slug:slug>/stages/<slug:stage_slug>/", views.stage, name="stage"),
    path(
        "p/<slug:slug>/stages/<slug:stage_slug>/items/new/", views.item_create, name="item_create"
    ),
    path("p/<slug:slug>/items/<int:item_id>/", views.item_detail, name="item_detail"),
    path("p/<slug:slug>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("p/<slug:slug>/items/<int:item_id>/status/", views.item_status, name="item_status"),
    path("p/<slug:slug>/items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path(
        "p/<slug:slug>/items/<int:item_id>/evidence/new/", views.evidence_add, name="evidence_add"
    ),
    path(
        "p/<slug:slug>/evidence/<int:link_id>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
]
