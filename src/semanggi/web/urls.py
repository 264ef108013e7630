from django.contrib.auth import views as auth_views
from django.urls import include, path

from semanggi.web import views, views_dashboard, views_home, views_poac

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("me/", views_home.my_home, name="my-home"),
    path("help/", views_home.help_index, name="help-index"),
    path("help/<slug:role>/", views_home.help_role, name="help-role"),
    path("regions/", views.region_index, name="region-index"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("organisations/", views.organisation_index, name="organisation-index"),
    path("organisations/<slug:slug>/", views.organisation_page, name="organisation-detail"),
    path("partnerships/", views.partnership_index, name="partnership-index"),
    path("partnerships/<slug:slug>/", views.partnership_page, name="partnership-detail"),
    path("partnerships/<slug:slug>/phase/", views_poac.phase_change, name="phase-change"),
    path("partnerships/<slug:slug>/edit/", views_poac.partnership_edit, name="partnership-edit"),
    path("partnerships/<slug:slug>/timeline.svg", views_poac.timeline, name="timeline"),
    path(
        "partnerships/<slug:slug>/indicator-periods/<int:pk>/approve/",
        views_poac.indicator_approve,
        name="indicator-approve",
    ),
    path(
        "partnerships/<slug:slug>/records/<slug:kind>/add/",
        views_poac.record_add,
        name="record-add",
    ),
    path(
        "partnerships/<slug:slug>/records/<slug:kind>/<int:pk>/edit/",
        views_poac.record_edit,
        name="record-edit",
    ),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement-document"),
    path(
        "progress-evidence/<int:pk>/",
        views_poac.progress_evidence,
        name="progress-evidence",
    ),
    path("", include("semanggi.web.urls_needs")),
    path("", include("semanggi.web.urls_evidence")),
    path("", include("semanggi.web.urls_assessment")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
]
