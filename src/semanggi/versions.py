"""Versions of editable records, against lost updates.

Every record people edit carries an integer ``version``, 1 when created and one more on
each save through the services. A person (a page's form, an API call) names the version
she started from; :func:`version_save` saves only if the record is still at that version,
by a compare-and-set in the same transaction as the save, and otherwise raises
:class:`VersionConflict` with the record as it is now. Two editors of one record therefore
never overwrite each other silently: the second is told, and keeps her input.

The three parts: the model mixin :class:`Versioned`, the form mixin :class:`VersionedForm`
(the version travels as the field ``version``, hidden in pages, in the body or ``If-Match``
in the API), and :func:`version_save`, which the services call instead of ``save()``.
"""

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class Versioned(models.Model):
    """A record with a version: 1 when created, one more on every save through the
    services (:func:`version_save`)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class VersionConflict(Exception):
    """The record changed since the version the caller started from. ``current`` is the
    record as it is now (freshly read), ``expected`` the version the caller named."""

    def __init__(self, current: Any, expected: int) -> None:
        super().__init__(f"{type(current).__name__} {current.pk}: version {expected} is stale")
        self.current = current
        self.expected = expected


def version_parse(value: object) -> int | None:
    """A version as a person sends it (``5``, ``"5"``, an ETag ``"\\"5\\""`` or
    ``W/"5"``), or None when none is given (``*`` too). ValueError when it is not one."""
    if value is None or value == "" or value == "*":
        return None
    if isinstance(value, bool):
        raise ValueError("not a version")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if text.startswith("W/"):
            text = text[2:]
        number = int(text.strip('"'))
    if number < 1 or number > 2**31 - 1:
        raise ValueError("not a version")
    return number


def version_save(instance: M, *, expected: int | None, update_fields: list[str] | None = None) -> M:
    """Save ``instance`` if its record is still at version ``expected``, one version up.

    A new record is saved at version 1. For an existing one the version is claimed with
    ``UPDATE … SET version = expected + 1 WHERE pk = … AND version = expected`` before the
    save, in one transaction: of two saves from the same version, the second finds no row
    to claim (PostgreSQL re-reads the row the first one changed; SQLite runs writers one
    after the other) and raises :class:`VersionConflict`. ``expected=None`` means "the
    version this instance was read at": the save is still refused if someone saved in
    between, so a read-change-write in one request cannot undo another's change; with
    ``update_fields`` as well (a service's own change of a few fields) the version simply
    moves on.
    """
    if instance.pk is None or instance._state.adding:
        instance.version = 1  # type: ignore[attr-defined]
        with transaction.atomic():
            instance.save()
        return instance
    model = type(instance)
    if expected is None and update_fields is not None:
        # A service's own change of a few fields it has just computed (a phase, a status):
        # it moves the version on, so that editors who started before it are told.
        with transaction.atomic():
            rows = model._base_manager.filter(pk=instance.pk)
            rows.update(version=models.F("version") + 1)
            instance.version = rows.values_list("version", flat=True).get()  # type: ignore[attr-defined]
            instance.save(update_fields=[*update_fields, "version"])
        return instance
    start = instance.version if expected is None else expected  # type: ignore[attr-defined]
    with transaction.atomic():
        claimed = model._base_manager.filter(pk=instance.pk, version=start).update(
            version=start + 1
        )
        if not claimed:
            raise VersionConflict(model._base_manager.get(pk=instance.pk), start)
        instance.version = start + 1  # type: ignore[attr-defined]
        if update_fields is not None:
            instance.save(update_fields=[*update_fields, "version"])
        else:
            instance.save()
    return instance


class VersionedForm(forms.BaseForm):
    """A form mixin: the version the person started from travels as ``version`` (a hidden
    input rendered by the ``web/_version.html`` include; a body field or ``If-Match`` in the
    API). Not given, the version the form's record was read at stands for it."""

    # The name the version travels under in the form's data.
    version_field = "version"

    def version_posted(self) -> int | None:
        if not self.is_bound:
            return None
        return version_parse(self.data.get(self.version_field))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        try:
            self.version_posted()
        except (TypeError, ValueError):
            raise ValidationError(
                _("The form's version is not valid; load the page again.")
            ) from None
        return cleaned

    @property
    def expected_version(self) -> int | None:
        """The version to save against (None for a new record, or when not given)."""
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return None
        try:
            return self.version_posted()
        except (TypeError, ValueError):
            return None

    @property
    def version_value(self) -> int | None:
        """What the page's hidden input carries: the version posted, else the record's."""
        try:
            posted = self.version_posted()
        except (TypeError, ValueError):
            posted = None
        if posted is not None:
            return posted
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return None
        return getattr(instance, "version", None)

    def version_renew(self, current: Any) -> None:
        """After a conflict: the form keeps the person's input and now names the current
        version, so that saving again is a deliberate choice over what is there now."""
        data = self.data.copy()
        data[self.version_field] = str(current.version)
        self.data = data
