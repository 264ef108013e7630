from django.contrib.auth import views as auth_views
from django.urls import include, path

from semanggi.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.region_index, name="region-index"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("organisations/", views.organisation_index, name="organisation-index"),
    path("organisations/<slug:slug>/", views.organisation_page, name="organisation-detail"),
    path("partnerships/", views.partnership_index, name="partnership-index"),
    path("partnerships/<slug:slug>/", views.partnership_page, name="partnership-detail"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement-document"),
    path("", include("semanggi.web.urls_needs")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
]
