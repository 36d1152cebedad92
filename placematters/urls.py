from django.urls import include, path

from placematters.partnerships import views as partnership_views

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("accounts/", include("placematters.accounts.urls")),
    path("invitations/<str:token>/", partnership_views.invitation_accept, name="invitation_accept"),
    path("", include("placematters.partnerships.urls")),
    path("", include("placematters.toolkit.urls")),
    path("", include("placematters.indicators.urls")),
    path("", include("placematters.analysis.urls")),
    path("", include("placematters.engagement.urls")),
    path("", include("placematters.stakeholders.urls")),
    path("", include("placematters.logic_model.urls")),
    path("", include("placematters.planning.urls")),
    path("", include("placematters.selfassessment.urls")),
    path("", include("placematters.heat.urls")),
    path("", include("placematters.measures.urls")),
    path("", include("placematters.evaluation.urls")),
    path("", include("placematters.asset_mapping.urls")),
    path("", include("placematters.reports.urls")),
    path("", include("placematters.sharing.urls")),
    path("", include("placematters.workspace.urls")),
]

handler400 = "placematters.web.views.bad_request"
handler403 = "placematters.web.views.permission_denied"
handler404 = "placematters.web.views.page_not_found"
handler500 = "placematters.web.views.server_error"
