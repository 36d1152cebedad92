from django.urls import path

from placematters.workspace import views

app_name = "workspace"
urlpatterns = [
    path("p/<slug:slug>/settings/export/", views.workspace_export, name="export"),
    path("partnerships/import/", views.workspace_import, name="import"),
]
