from django.urls import path

from placematters.indicators import views

app_name = "indicators"
urlpatterns = [
    path("p/<slug:slug>/data/imports/", views.imports, name="imports"),
    path("p/<slug:slug>/data/imports/new/", views.upload, name="upload"),
    path("p/<slug:slug>/data/imports/new/columns/", views.mapping, name="mapping"),
    path("p/<slug:slug>/data/imports/<int:batch_id>/", views.batch, name="batch"),
    path(
        "p/<slug:slug>/data/imports/<int:batch_id>/delete/",
        views.batch_delete,
        name="batch_delete",
    ),
]
