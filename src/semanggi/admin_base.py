"""What every admin page of Semanggi shares: history, no hard delete but by superusers, and
versions: an admin form names the version it was opened at, and a save over someone else's
change is refused with the form kept (see semanggi.versions)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from semanggi.versions import VersionConflict, Versioned, VersionedForm, version_save


class VersionedAdminForm(VersionedForm, forms.ModelForm):  # type: ignore[type-arg]
    """The admin form of a versioned record: the version travels as ``record_version`` (a
    hidden field; ``version`` itself is not editable)."""

    version_field = "record_version"
    record_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The record's version now (a history revert starts from an old copy of it).
            self.fields["record_version"].initial = (
                type(self.instance)
                ._base_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        expected = self.expected_version
        current = self.fields["record_version"].initial
        if expected is not None and current is not None and expected != current:
            self.version_renew(type(self.instance)._base_manager.get(pk=self.instance.pk))
            raise ValidationError(
                _(
                    "Someone else saved this record while you were editing it. Your input is "
                    "kept below; save again to replace what is saved now."
                ),
                code="version",
            )
        return cleaned


class RecordAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if issubclass(self.model, Versioned) and not issubclass(
            kwargs.get("form", self.form), VersionedForm
        ):
            kwargs["form"] = type(
                "VersionedAdminForm", (VersionedAdminForm, kwargs.get("form", self.form)), {}
            )
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, Versioned) and "record_version" not in fields:
            fields.append("record_version")
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not isinstance(obj, Versioned):
            super().save_model(request, obj, form, change)
            return
        obj._history_user = request.user  # type: ignore[attr-defined]
        version_save(obj, expected=getattr(form, "expected_version", None))

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[no-any-return]
        except VersionConflict:
            # Saved by someone else between the form's check and the save: nothing saved.
            messages.error(
                request,
                _("Someone else saved this record at the same moment; nothing was saved."),
            )
            return HttpResponseRedirect(request.path)
