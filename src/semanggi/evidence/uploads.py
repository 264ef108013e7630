"""Several source files uploaded at once, all or nothing.

Each file passes the checks of the single upload (``semanggi.uploads.validate_upload``:
size, kind by name and by first bytes, real content; then ``upload_read`` and
``file_text``: the size again and the normalised text). When any file is refused, nothing is
saved and the refusal names every refused file with its reason. Otherwise the sources and
their history rows are inserted in sets, in one transaction; the original of each file is
kept as the single upload keeps it (``original_keep``), and removed again if the
transaction fails.

Bounds: at most ``MAX_BATCH_FILES`` files (Django's ``DATA_UPLOAD_MAX_NUMBER_FILES``, 100)
and at most ``MAX_BATCH_BYTES`` in all (three times the per-file limit: 60 MB by default),
so that what a batch holds in memory stays bounded.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation

from semanggi.core.text import Message
from semanggi.evidence.extract import Extracted
from semanggi.evidence.models import Source, Study
from semanggi.evidence.services import (
    ServiceError,
    _person,
    file_text,
    original_keep,
    sources_history,
    upload_read,
)
from semanggi.evidence.texts import Utf8Text, source_text_write
from semanggi.uploads import SOURCES, validate_upload

# Texts go into the insert itself while they add up to at most this many bytes; the others
# are written afterwards from their bytes (texts.source_text_write), so that the statement
# (where Django's PostgreSQL cursor spells bytes out in hexadecimal) stays small.
INLINE_TEXT_BYTES = 4 * 1024 * 1024
SHARED_FIELDS = (
    "document_type",
    "collected_on",
    "place",
    "description",
    "publication",
    "illustrative",
)


class UploadsRefused(ServiceError):
    """A batch with refused files: ``refused`` holds each one's name and reason."""

    def __init__(self, message: Message, refused: list[tuple[str, Message]]) -> None:
        super().__init__(message)
        self.refused = refused


def _mb(count: int) -> str:
    return f"{count / 2**20:.1f} MB"


def _both(error: ValidationError) -> Message:
    """A form check's refusal in both languages."""
    said = {}
    for language in ("id", "en"):
        with translation.override(language):
            said[language] = " ".join(str(m) for m in error.messages)
    return Message(said["id"], said["en"])


def source_title(file_name: str) -> str:
    """A source's title from its file's name: without folders and extension, trimmed."""
    base = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    limit = Source._meta.get_field("title").max_length or 250
    return (stem.strip() or base.strip() or "source")[:limit]


def batch_bounds_check(uploads: Sequence[Any]) -> None:
    """Refuse an empty batch, too many files, or too many bytes in all."""
    if not uploads:
        raise ServiceError(
            Message("Pilih paling sedikit satu berkas.", "Choose at least one file.")
        )
    most = settings.MAX_BATCH_FILES
    if len(uploads) > most:
        raise ServiceError(
            Message(
                f"Terlalu banyak berkas ({len(uploads)}; paling banyak {most} sekali unggah).",
                f"Too many files ({len(uploads)}; at most {most} in one upload).",
            )
        )
    total, limit = sum(u.size or 0 for u in uploads), settings.MAX_BATCH_BYTES
    if total > limit:
        raise ServiceError(
            Message(
                f"Berkas-berkas ini terlalu besar bersama ({_mb(total)}; paling besar "
                f"{_mb(limit)} sekali unggah). Unggah dalam beberapa kali.",
                f"These files are too large together ({_mb(total)}; at most {_mb(limit)} in "
                "one upload). Upload them in several goes.",
            )
        )


def _read(upload: Any) -> Extracted:
    """The text of one file, checked as the single upload checks it."""
    try:
        validate_upload(upload, accept=SOURCES)
    except ValidationError as error:
        raise ServiceError(_both(error)) from None
    return file_text(upload.name or "", upload_read(upload))


def sources_create_many(
    *, study: Study, actor: Any, kind: str, uploads: Sequence[Any], **fields: Any
) -> list[Source]:
    """New sources of ``study``, one per uploaded file, sharing ``kind`` and ``fields``
    (those of :data:`SHARED_FIELDS`), each titled after its file. All or nothing: a refused
    file raises :class:`UploadsRefused` naming every refused file, and nothing is kept."""
    batch_bounds_check(uploads)
    texts: list[Extracted] = []
    refused: list[tuple[str, Message]] = []
    for upload in uploads:
        try:
            texts.append(_read(upload))
        except ServiceError as error:
            refused.append((upload.name or "?", error.message))
    if refused:
        raise UploadsRefused(
            Message(
                f"{len(refused)} dari {len(uploads)} berkas ditolak; tidak ada yang disimpan.",
                f"{len(refused)} of {len(uploads)} files were refused; nothing was saved.",
            ),
            refused,
        )
    person = _person(actor)
    sources: list[Source] = []
    stored: list[str] = []
    try:
        with transaction.atomic():
            budget = INLINE_TEXT_BYTES
            inline: list[bool] = []
            for upload, extracted in zip(uploads, texts, strict=True):
                inline.append(len(extracted.utf8) <= budget)
                budget -= len(extracted.utf8) if inline[-1] else 0
                source = Source(
                    study=study,
                    kind=kind,
                    title=source_title(upload.name or ""),
                    text=Utf8Text(extracted.utf8) if inline[-1] else "",
                    text_length=extracted.length,
                    created_by=person,
                    **fields,
                )
                stored.append(original_keep(source, upload.name, upload))
                sources.append(source)
            Source.objects.bulk_create(sources)
            for source, extracted, inserted in zip(sources, texts, inline, strict=True):
                if not inserted:
                    source_text_write(source, extracted.utf8)
                # The text is read from the database when next asked for.
                source.__dict__.pop("text", None)
            sources_history(sources, actor)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return sources


def sources_create_from_form(*, form: Any, actor: Any) -> list[Source]:
    """The path of the page and the API: a valid :class:`SourceBatchForm`, then
    :func:`sources_create_many`."""
    data = form.cleaned_data
    fields = {name: data.get(name) for name in SHARED_FIELDS}
    return sources_create_many(
        study=form.study,
        actor=actor,
        kind=data["kind"],
        uploads=data["uploads"],
        **{k: v for k, v in fields.items() if v is not None},
    )
