"""Versions in the API: a record's GET answers with ``ETag: "<version>"`` (and the body
carries ``version``); a write names the version it started from, as ``If-Match`` or as
``version`` in the body, and answers 409 with the record as it is now when that version is
stale. A write that names no version is applied to the record as it is at that moment (the
fields it gives, over the current values of the others), so that two clients changing
different fields both keep their change."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.responses import Status

from semanggi.versions import VersionConflict, version_parse

T = TypeVar("T")

# How many times a write that names no version is re-applied when another write lands
# between its read and its save.
ATTEMPTS = 5


class ConflictOut(Schema):
    detail: str
    version: int
    current: dict[str, Any]


def etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'


def version_asked(request: HttpRequest, body: object = None) -> int | None:
    """The version a write names: ``version`` in the body, else ``If-Match``; None when
    neither is given. 422 when it is not a version, or when the two disagree."""
    try:
        given = version_parse(body)
        header = version_parse(request.headers.get("If-Match"))
    except (TypeError, ValueError):
        raise HttpError(422, _("The version is not valid.")) from None
    if given is not None and header is not None and given != header:
        raise HttpError(422, _("If-Match and the version in the body disagree."))
    return given if given is not None else header


def conflict(error: VersionConflict, current: dict[str, Any]) -> Status[dict[str, Any]]:
    return Status(
        409,
        {
            "detail": _(
                "The record changed since version %(version)s: someone else saved it. "
                "Nothing was saved; here is the record as it is now."
            )
            % {"version": error.expected},
            "version": error.current.version,
            "current": current,
        },
    )


def apply(write: Callable[[], T], *, named: int | None) -> T:
    """Run ``write`` (which reads the record, applies the change and saves it). When the
    caller named no version, a conflict means another write landed in between: ``write``
    runs again on the new state. A named version that is stale raises VersionConflict."""
    for attempt in range(ATTEMPTS):
        try:
            return write()
        except VersionConflict:
            if named is not None or attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
