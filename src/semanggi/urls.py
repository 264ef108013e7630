from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from semanggi.api.routes import api, api_not_found
from semanggi.ops.views import bad_request, healthz

admin.site.site_header = _("Semanggi administration")
admin.site.site_title = "Semanggi"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Anything else under api/ (a path that no route matches, such as a job id that is no
    # UUID) answers as the API does: JSON, not a page.
    re_path(r"^api/", api_not_found),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("semanggi.web.urls")),
]

# A request Django refuses before any view reads it (too many files or fields, a body too
# large) says which bound it passed; any other bad request gets the general page.
handler400 = bad_request
