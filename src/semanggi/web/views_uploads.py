"""The page that adds several sources at once: one file each, sharing what the evaluator says
of them all (kind, date, place …), all saved or none (``semanggi.evidence.uploads``)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from semanggi.evidence.forms import SourceBatchForm
from semanggi.evidence.services import ServiceError
from semanggi.evidence.uploads import UploadsRefused, sources_create_from_form
from semanggi.web.views_evidence import _posted, _render, _say, _study


@require_http_methods(["GET", "POST"])
def source_upload(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    form = SourceBatchForm(_posted(request), request.FILES or None, study=study)
    if request.method == "POST" and form.is_valid():
        try:
            sources = sources_create_from_form(form=form, actor=request.user)
        except UploadsRefused as error:
            # Beside the file input: how many were refused, then each file and its reason.
            form.add_error("uploads", _say(error.message))
            for name, reason in error.refused:
                form.add_error("uploads", f"{name}: {_say(reason)}")
        except ServiceError as error:
            form.add_error("uploads", _say(error.message))
        else:
            count = len(sources)
            messages.success(
                request,
                ngettext("%(count)s source saved.", "%(count)s sources saved.", count)
                % {"count": count},
            )
            return redirect("study-sources", pk=study.pk)
    limits = {
        "files": settings.MAX_BATCH_FILES,
        "megabytes": round(settings.MAX_BATCH_BYTES / 2**20),
        "each": round(settings.MAX_UPLOAD_BYTES / 2**20),
    }
    return _render(
        request, "web/evidence/source_upload.html", study, {"form": form, "limits": limits}
    )
