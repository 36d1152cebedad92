from django.urls import path

from placematters.analysis import views

app_name = "analysis"
AREA = "p/<slug:slug>/data/areas/<str:area_code>/"
INDICATOR = AREA + "indicators/<int:indicator_id>/"
FOOTPRINT = "p/<slug:slug>/data/footprint/"
FOOTPRINT_INDICATOR = FOOTPRINT + "indicators/<int:indicator_id>/"
urlpatterns = [
    path("p/<slug:slug>/data/", views.overview, name="overview"),
    path(AREA, views.area_profile, name="area_profile"),
    path(AREA + "profile.<slug:fmt>", views.area_profile_download, name="area_profile_download"),
    path(INDICATOR, views.indicator, name="indicator"),
    path(
        INDICATOR + "<slug:table>.<slug:fmt>", views.indicator_download, name="indicator_download"
    ),
    path(INDICATOR + "priority/", views.priority_mark, name="priority_mark"),
    path(
        "p/<slug:slug>/data/priorities/<int:priority_id>/remove/",
        views.priority_unmark,
        name="priority_unmark",
    ),
    path(FOOTPRINT, views.footprint, name="footprint"),
    path(FOOTPRINT + "indicators.<slug:fmt>", views.footprint_download, name="footprint_download"),
    path(
        FOOTPRINT + "lsoas.<slug:fmt>", views.footprint_map_download, name="footprint_map_download"
    ),
    path(FOOTPRINT_INDICATOR, views.footprint_indicator, name="footprint_indicator"),
    path(
        FOOTPRINT_INDICATOR + "deprivation.<slug:fmt>",
        views.footprint_indicator_download,
        name="footprint_indicator_download",
    ),
    path("p/<slug:slug>/data/derive/", views.derive, name="derive"),
    path("p/<slug:slug>/data/allocation/", views.allocation, name="allocation"),
    path(
        "p/<slug:slug>/data/allocation/allocation.<slug:fmt>",
        views.allocation_download,
        name="allocation_download",
    ),
]
