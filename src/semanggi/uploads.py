"""Checks every uploaded file passes before it is kept: size, extension and actual content."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

# What a document may be, by extension, and the first bytes such a file really starts with.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
}


def validate_document(upload: UploadedFile) -> None:
    """Raise ValidationError unless ``upload`` is a PDF, image or DOCX within the size limit."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB)."),
            code="too_large",
            params={"size": round(upload.size / 2**20, 1), "limit": limit // 2**20},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    signatures = DOCUMENT_SIGNATURES.get(extension)
    if signatures is None:
        raise ValidationError(
            _("This kind of file is not accepted. Use PDF, PNG, JPEG or DOCX."),
            code="wrong_type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("The file's content does not match its .%(extension)s name."),
            code="mismatch",
            params={"extension": extension},
        )
