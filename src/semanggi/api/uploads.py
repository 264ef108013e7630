"""API of several source files uploaded at once: the page's "Upload several files", through
the same form and service (``semanggi.evidence.uploads``): every file checked as the single
upload checks it, all saved or none."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.files import UploadedFile

from semanggi.api.auth import require_user
from semanggi.api.evidence import SourceOut, _say, _source_out
from semanggi.api.evidence import router as evidence_router
from semanggi.api.formschema import document_form
from semanggi.api.studies import WRITE_ERRORS, _defaults, _invalid
from semanggi.bounds import Id
from semanggi.evidence.forms import SourceBatchForm
from semanggi.evidence.selectors import study_for_writing_sources
from semanggi.evidence.services import ServiceError
from semanggi.evidence.uploads import UploadsRefused, sources_create_from_form

router = evidence_router


@router.post("/{pk}/sources/batch", response={201: list[SourceOut], **WRITE_ERRORS})
def create_sources(
    request: HttpRequest,
    pk: Id,
    kind: str = Form(...),
    document_type: str = Form(""),
    description: str = Form(""),
    collected_on: str = Form(""),
    place: str = Form(""),
    illustrative: bool = Form(False),
    publication: str = Form(""),
    uploads: list[UploadedFile] = File(..., max_length=settings.MAX_BATCH_FILES),  # noqa: B008
) -> Any:
    """Several sources at once, one per file in ``uploads`` (.txt, .md, .html, .docx or a PDF
    with a text layer), each titled after its file's name and sharing the other fields.
    Every file is checked as the single upload checks it; if any is refused, nothing is saved
    and the 422 answer lists each refused file with its reason under ``errors.uploads``. At
    most 100 files (more: 400 before the request is read) and the total size of
    ``SEMANGGI_MAX_BATCH_BYTES`` (60 MB by default) in one request."""
    user = require_user(request)
    study = study_for_writing_sources(user=user, pk=pk)
    if study is None:
        raise Http404
    data = {
        "kind": kind,
        "document_type": document_type,
        "description": description,
        "collected_on": collected_on,
        "place": place,
        "illustrative": illustrative,
        "publication": publication,
    }
    form = SourceBatchForm(data, MultiValueDict({"uploads": list(uploads)}), study=study)
    if not form.is_valid():
        return _invalid(form)
    try:
        sources = sources_create_from_form(form=form, actor=user)
    except UploadsRefused as error:
        refused = [f"{name}: {_say(reason)}" for name, reason in error.refused]
        return Status(422, {"detail": _say(error.message), "errors": {"uploads": refused}})
    except ServiceError as error:
        return Status(
            422, {"detail": _("Invalid parameters."), "errors": {"uploads": [_say(error.message)]}}
        )
    return Status(201, [_source_out(s, informant_ids=[]) for s in sources])


def _first(path: str) -> None:
    """Put ``path`` first in the router's table: Django tries the URLs in order, and
    ``/{pk}/sources/{sid}`` (declared earlier, for reads and edits) would take ``batch`` as a
    source's id and answer 405."""
    table = router.path_operations
    key = next(k for k in table if k.endswith(path))
    router.path_operations = {key: table[key], **{k: v for k, v in table.items() if k != key}}


_first("/{pk}/sources/batch")
# The form's own checks (the kinds, the lengths, the date), written into the document.
document_form(
    "post",
    "/api/studies/{pk}/sources/batch",
    SourceBatchForm,
    create=True,
    provided=frozenset(_defaults(SourceBatchForm)),
)
