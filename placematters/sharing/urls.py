from django.urls import path

from placematters.sharing import views

app_name = "sharing"
urlpatterns = [
    path("bank/", views.bank_list, name="bank_list"),
    path("bank/<int:publication_id>/", views.bank_publication, name="bank_publication"),
    path(
        "bank/<int:publication_id>/use-as-template/",
        views.bank_use_template,
        name="bank_use_template",
    ),
    path("p/<slug:slug>/sharing/", views.sharing_home, name="sharing_home"),
    path(
        "p/<slug:slug>/sharing/publish/<slug:publication_kind>/",
        views.sharing_publish,
        name="sharing_publish",
    ),
    path(
        "p/<slug:slug>/sharing/publish/<slug:publication_kind>/preview/",
        views.sharing_preview,
        name="sharing_preview",
    ),
    path(
        "p/<slug:slug>/sharing/publications/<int:publication_id>/withdraw/",
        views.sharing_withdraw,
        name="sharing_withdraw",
    ),
    path(
        "p/<slug:slug>/sharing/comparison-choice/",
        views.sharing_comparison_choice,
        name="sharing_comparison_choice",
    ),
    path("p/<slug:slug>/compare/", views.sharing_compare, name="sharing_compare"),
    path(
        "p/<slug:slug>/compare/localities.csv",
        views.sharing_compare_download,
        name="sharing_compare_download",
    ),
]
