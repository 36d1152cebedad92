from django.urls import path

from placematters.logic_model import views

app_name = "logic_model"
urlpatterns = [
    path("p/<slug:slug>/logic-model/", views.logic_model, name="logic_model"),
    path(
        "p/<slug:slug>/logic-model/logic-model.csv",
        views.logic_model_download,
        name="logic_model_download",
    ),
    path(
        "p/<slug:slug>/logic-model/elements/new/",
        views.logic_element_add,
        name="logic_element_add",
    ),
    path(
        "p/<slug:slug>/logic-model/elements/<int:logic_element_id>/edit/",
        views.logic_element_edit,
        name="logic_element_edit",
    ),
    path(
        "p/<slug:slug>/logic-model/elements/<int:logic_element_id>/remove/",
        views.logic_element_remove,
        name="logic_element_remove",
    ),
    path("p/<slug:slug>/logic-model/links/new/", views.logic_link_add, name="logic_link_add"),
    path(
        "p/<slug:slug>/logic-model/links/<int:logic_link_id>/edit/",
        views.logic_link_edit,
        name="logic_link_edit",
    ),
    path(
        "p/<slug:slug>/logic-model/links/<int:logic_link_id>/remove/",
        views.logic_link_remove,
        name="logic_link_remove",
    ),
]
