from django.urls import path

from placematters.stakeholders import views

app_name = "stakeholders"
urlpatterns = [
    path("p/<slug:slug>/stakeholders/", views.stakeholder_list, name="stakeholder_list"),
    path(
        "p/<slug:slug>/stakeholders/stakeholders.csv",
        views.stakeholder_download,
        name="stakeholder_download",
    ),
    path("p/<slug:slug>/stakeholders/new/", views.stakeholder_add, name="stakeholder_add"),
    path(
        "p/<slug:slug>/stakeholders/<int:stakeholder_id>/edit/",
        views.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "p/<slug:slug>/stakeholders/<int:stakeholder_id>/move/",
        views.stakeholder_move,
        name="stakeholder_move",
    ),
    path(
        "p/<slug:slug>/stakeholders/<int:stakeholder_id>/delete/",
        views.stakeholder_delete,
        name="stakeholder_delete",
    ),
    path(
        "p/<slug:slug>/infrastructure/",
        views.infrastructure_overview,
        name="infrastructure_overview",
    ),
    path(
        "p/<slug:slug>/infrastructure/edit/", views.infrastructure_edit, name="infrastructure_edit"
    ),
    path(
        "p/<slug:slug>/infrastructure/leads/new/",
        views.infrastructure_lead_add,
        name="infrastructure_lead_add",
    ),
    path(
        "p/<slug:slug>/infrastructure/leads/<int:lead_id>/remove/",
        views.infrastructure_lead_remove,
        name="infrastructure_lead_remove",
    ),
    path(
        "p/<slug:slug>/infrastructure/commitments/new/",
        views.infrastructure_commitment_add,
        name="infrastructure_commitment_add",
    ),
    path(
        "p/<slug:slug>/infrastructure/commitments/<int:commitment_id>/edit/",
        views.infrastructure_commitment_edit,
        name="infrastructure_commitment_edit",
    ),
    path(
        "p/<slug:slug>/infrastructure/commitments/<int:commitment_id>/remove/",
        views.infrastructure_commitment_remove,
        name="infrastructure_commitment_remove",
    ),
    path("p/<slug:slug>/existing-work/", views.existing_work_list, name="existing_work_list"),
    path(
        "p/<slug:slug>/existing-work/existing-work.csv",
        views.existing_work_download,
        name="existing_work_download",
    ),
    path("p/<slug:slug>/existing-work/new/", views.existing_work_add, name="existing_work_add"),
    path(
        "p/<slug:slug>/existing-work/<int:work_id>/edit/",
        views.existing_work_edit,
        name="existing_work_edit",
    ),
    path(
        "p/<slug:slug>/existing-work/<int:work_id>/remove/",
        views.existing_work_remove,
        name="existing_work_remove",
    ),
]
