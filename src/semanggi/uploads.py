"""The one check every uploaded file passes before anything is kept: size, kind (by its name
and its first bytes) and real content (a PDF opens, a DOCX is an intact archive with its main
part and well-formed XML, a picture decodes, a text is UTF-8).

Every upload path calls :func:`validate_upload` (the agreement and progress-evidence fields,
through :func:`validate_document`, in the pages, the API and the admin; sources; REFI-QDA
imports). What a path does with the file afterwards (extracting text, importing a project)
has its own checks on top.
"""

import io
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from semanggi.archives import (
    DOCX_LIMITS,
    OLE,
    Archive,
    ArchiveError,
    ArchiveLimits,
    xml_events,
)
from semanggi.core import utf8

# Kind → the first bytes such a file really starts with (None: any, checked by content).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "qdpx": (b"PK\x03\x04",),
    "txt": None,
    "md": None,
    "html": None,
    "htm": None,
    "qdc": None,
    "csv": None,
}
DOCUMENTS = ("pdf", "png", "jpg", "jpeg", "docx")
SOURCES = ("txt", "md", "html", "htm", "docx", "pdf")
PDF_MAX_PAGES = 2_000
# A picture may hold at most this many pixels (a 50-megapixel photo passes).
IMAGE_MAX_PIXELS = 60_000_000
# Pictures up to this many pixels are decoded in full to be checked (at most ~32 MB).
IMAGE_DECODE_PIXELS = 8_000_000
_KIND_NAMES = {"jpg": "JPEG", "jpeg": "JPEG", "htm": "HTML", "md": "Markdown"}


def _names(kinds: Collection[str]) -> str:
    return ", ".join(dict.fromkeys(_KIND_NAMES.get(k, k.upper()) for k in kinds))


def extension_of(name: str | None) -> str:
    base = (name or "").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def validate_upload(upload: Any, *, accept: Collection[str] = DOCUMENTS) -> None:
    """Raise ValidationError unless ``upload`` is within the size limit, of a kind in
    ``accept`` by name and by content."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB)."),
            code="too_large",
            params={"size": round(upload.size / 2**20, 1), "limit": round(limit / 2**20, 1)},
        )
    extension = extension_of(upload.name)
    if extension not in accept:
        raise ValidationError(
            _("This kind of file is not accepted here (%(name)s). Use %(kinds)s."),
            code="wrong_type",
            params={"name": upload.name, "kinds": _names(accept)},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB)."),
            code="too_large",
            params={"size": round(len(data) / 2**20, 1), "limit": round(limit / 2**20, 1)},
        )
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if extension in ("docx", "qdpx") and data.startswith(OLE):
        # What Office writes for a password-protected document: not a zip at all.
        raise _archive_error(ArchiveError("encrypted"), extension.upper())
    signatures = SIGNATURES.get(extension)
    if signatures and not data.startswith(signatures):
        raise ValidationError(
            _("The file's content does not match its .%(extension)s name."),
            code="mismatch",
            params={"extension": extension},
        )
    check_content(extension, data)


def validate_document(upload: Any) -> None:
    """A PDF, picture or DOCX attached to a record (agreements, progress evidence)."""
    validate_upload(upload, accept=DOCUMENTS)


def check_content(extension: str, data: bytes) -> None:
    """Raise ValidationError unless ``data`` really is a file of its kind."""
    if extension == "pdf":
        _check_pdf(data)
    elif extension in ("png", "jpg", "jpeg"):
        _check_image(data)
    elif extension == "docx":
        _check_docx(data)
    elif extension == "qdpx":
        _check_archive(data, "QDPX", ArchiveLimits())
    elif extension in ("txt", "md", "html", "htm", "qdc", "csv"):
        _check_text(data)


def _corrupt(kind: str) -> ValidationError:
    return ValidationError(
        _("This %(kind)s file is corrupt and cannot be opened."),
        code="corrupt",
        params={"kind": kind},
    )


def _check_pdf(data: bytes) -> None:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    encrypted = ValidationError(
        _("This PDF is encrypted (password-protected). Remove the password and upload it again."),
        code="encrypted",
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Owner-password-only files (printing restrictions) open with the empty password.
            try:
                opened = reader.decrypt("")
            except (NotImplementedError, PyPdfError):
                raise encrypted from None
            if not opened:
                raise encrypted
        pages = len(reader.pages)
        if pages:
            reader.pages[0].get_contents()  # the first page really opens
    except ValidationError:
        raise
    except FileNotDecryptedError:
        raise encrypted from None
    except Exception:  # a parser of hostile input fails in many ways; each means "damaged"
        raise _corrupt("PDF") from None
    if not pages:
        raise ValidationError(_("This PDF has no pages."), code="empty")
    if pages > PDF_MAX_PAGES:
        raise ValidationError(
            _("This PDF is too long (more than %(pages)s pages)."),
            code="too_large",
            params={"pages": PDF_MAX_PAGES},
        )


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("This picture is too large (more than %(pixels)s megapixels)."),
                    code="too_large",
                    params={"pixels": IMAGE_MAX_PIXELS // 1_000_000},
                )
            image.verify()  # structure and checksums, without keeping the pixels
        with Image.open(io.BytesIO(data)) as image:
            # Decode the pixels too, so that a truncated picture is found: a JPEG at an eighth
            # of its scale, anything else only when its bitmap stays small.
            if image.format == "JPEG":
                image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
                image.load()
            elif width * height <= IMAGE_DECODE_PIXELS:
                image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _corrupt(_("picture")) from None


def _check_archive(data: bytes, kind: str, limits: ArchiveLimits) -> Archive:
    try:
        return Archive(data, limits)
    except ArchiveError as error:
        raise _archive_error(error, kind) from None


def _archive_error(error: ArchiveError, kind: str) -> ValidationError:
    if error.kind == "encrypted":
        return ValidationError(
            _("This %(kind)s file is encrypted (password-protected). Remove the password and "
              "upload it again."),
            code="encrypted",
            params={"kind": kind},
        )  # fmt: skip
    if error.kind in ("bomb", "too_large", "too_many"):
        return ValidationError(
            _("This %(kind)s file holds far more than its size suggests (a zip bomb?)."),
            code="too_large",
            params={"kind": kind},
        )
    if error.kind == "unsafe_name":
        return ValidationError(
            _("This %(kind)s file holds a file name that climbs out of the archive."),
            code="unsafe",
            params={"kind": kind},
        )
    if error.kind == "doctype":
        return ValidationError(
            _("This %(kind)s file contains a DOCTYPE or entity declaration, which is not "
              "allowed."),
            code="unsafe",
            params={"kind": kind},
        )  # fmt: skip
    return _corrupt(kind)


def _check_docx(data: bytes) -> None:
    with _check_archive(data, "DOCX", DOCX_LIMITS) as archive:
        document = archive.find("word/document.xml")
        if document is None:
            raise ValidationError(
                _("This is not a Word document (.docx): its main part is missing."),
                code="corrupt",
            )
        try:
            with archive.open(document) as stream:
                for _event in xml_events(stream):
                    pass
        except ArchiveError as error:
            raise _archive_error(error, "DOCX") from None


def _check_text(data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            _("This file is encoded as UTF-16. Save it again as UTF-8 and upload it again."),
            code="encoding",
        )
    # Checked a piece at a time: a whole text with one emoji would take four bytes a character.
    if utf8.first_error(data) is not None:
        raise ValidationError(
            _("This file is not UTF-8 (perhaps Windows-1252 or Latin-1). Save it again as "
              "UTF-8 and upload it again."),
            code="encoding",
        )  # fmt: skip
    if b"\x00" in data:
        raise ValidationError(_("This is not a text file (it holds null bytes)."), code="binary")
