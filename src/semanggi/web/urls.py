from django.contrib.auth import views as auth_views
from django.urls import include, path

from semanggi.web import (
    views,
    views_access,
    views_account,
    views_dashboard,
    views_jobs,
    views_poac,
    views_reports,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("jobs/", views_jobs.job_index, name="job-index"),
    path("jobs/<uuid:job_id>/", views_jobs.job_detail, name="job-detail"),
    path("jobs/<uuid:job_id>/retry/", views_jobs.job_retry_view, name="job-retry"),
    path("jobs/<uuid:job_id>/download/", views_jobs.job_download, name="job-download"),
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
        "partnerships/<slug:slug>/indicator-periods/<id:pk>/approve/",
        views_poac.indicator_approve,
        name="indicator-approve",
    ),
    path(
        "partnerships/<slug:slug>/records/<slug:kind>/add/",
        views_poac.record_add,
        name="record-add",
    ),
    path(
        "partnerships/<slug:slug>/records/<slug:kind>/<id:pk>/edit/",
        views_poac.record_edit,
        name="record-edit",
    ),
    path(
        "partnerships/<slug:slug>/report.<str:fmt>",
        views_reports.partnership_report,
        name="partnership-report",
    ),
    path("regions/<str:code>/report.<str:fmt>", views_reports.region_report, name="region-report"),
    path("studies/<id:pk>/report.<str:fmt>", views_reports.study_report, name="study-report"),
    path("agreements/<id:pk>/document/", views.agreement_document, name="agreement-document"),
    path("", include("semanggi.web.urls_needs")),
    path("", include("semanggi.web.urls_evidence")),
    path("", include("semanggi.web.urls_assessment")),
    path("", include("semanggi.web.urls_opendata")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/password/", views_account.password_change, name="password_change"),
    path(
        "accounts/password/done/",
        views_account.password_change_done,
        name="password_change_done",
    ),
    path("accounts/password/reset/", views_account.password_reset, name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views_account.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views_account.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        views_account.password_reset_complete,
        name="password_reset_complete",
    ),
    path("access/requests/", views_access.access_request_index, name="access-requests"),
    path(
        "access/requests/<int:pk>/decide/",
        views_access.access_request_decide_view,
        name="access-request-decide",
    ),
]
