from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from semanggi.api.routes import api
from semanggi.ops.views import healthz

admin.site.site_header = _("Semanggi administration")
admin.site.site_title = "Semanggi"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("semanggi.web.urls")),
]
