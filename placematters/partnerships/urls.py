from django.urls import path

from placematters.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("partnerships/", views.partnership_list, name="home"),
    path("partnerships/new/", views.partnership_create, name="create"),
    path("partnerships/switch/", views.switch, name="switch"),
    path("p/<slug:slug>/settings/", views.settings_page, name="settings"),
    path("p/<slug:slug>/settings/details/", views.partnership_edit, name="settings_edit"),
    path("p/<slug:slug>/settings/areas/new/", views.area_add, name="area_add"),
    path(
        "p/<slug:slug>/settings/areas/<int:area_id>/remove/",
        views.area_remove,
        name="area_remove",
    ),
    path(
        "p/<slug:slug>/settings/organisations/new/", views.organisation_add, name="organisation_add"
    ),
    path(
        "p/<slug:slug>/settings/organisations/<int:organisation_id>/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "p/<slug:slug>/settings/organisations/<int:organisation_id>/remove/",
        views.organisation_remove,
        name="organisation_remove",
    ),
    path("p/<slug:slug>/members/", views.members, name="members"),
    path("p/<slug:slug>/members/invite/", views.invite, name="invite"),
    path(
        "p/<slug:slug>/members/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("p/<slug:slug>/members/<int:membership_id>/", views.member_edit, name="member_edit"),
    path(
        "p/<slug:slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("p/<slug:slug>/leave/", views.leave, name="leave"),
    path("p/<slug:slug>/activity/", views.activity, name="activity"),
]
