"""What every admin page of Semanggi shares: history, no hard delete but by superusers,
versions (an admin form names the version it was opened at, and a save over someone else's
change is refused with the form kept; see semanggi.versions), and the same object rules as
the pages.

For anyone but a superuser, Django's model permissions (given in groups) say which kinds of
record a staff member may work on at all, and the access model (semanggi.core.access) says
which records: lists, change pages and history pages show only the records of partnerships
(studies, needs, offers) the person may see on the pages, and changes need the right to
change them there. Model permissions are read from Django's own backend only: the object
rules never grant a model-wide permission.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.core.access import Principal
from semanggi.core.lifecycle import Phase
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


def model_permission(request: HttpRequest, opts: Any, action: str) -> bool:
    """Django's model permission ``action`` on ``opts``, from groups and user permissions."""
    user: Any = request.user
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    codename = get_permission_codename(action, opts)
    return f"{opts.app_label}.{codename}" in user.get_all_permissions()


class AccessScoped:
    """Admin behaviour: records filtered and checked by the access model.

    Subclasses say how: ``partnership_path`` (the lookup from the record to its partnership,
    "" for a partnership itself), or their own ``access_scope`` and ``access_allows``.
    With neither, model permissions alone decide (records that belong to nobody's scope,
    such as organisations, which are public)."""

    partnership_path: str | None = None

    # --- the hooks --------------------------------------------------------------------------

    def access_scope(self, principal: Principal) -> Q | None:
        """A filter of the records ``principal`` may see here; None: no filter."""
        if self.partnership_path is None:
            return None
        visible = partnerships_visible_to(principal).values("pk")
        lookup = f"{self.partnership_path}__in" if self.partnership_path else "pk__in"
        return Q(**{lookup: visible})

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        """Whether the person may ``action`` ("view" or "change") this record."""
        if self.partnership_path is None:
            return True
        partnership = obj
        for step in filter(None, self.partnership_path.split("__")):
            partnership = getattr(partnership, step, None)
        if partnership is None:
            return False
        return bool(request.user.has_perm(f"partnerships.{action}_partnership", partnership))

    # --- Django's admin asks these -------------------------------------------------------------

    opts: Any

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        scope = self.access_scope(principal_for(request.user))
        return queryset if scope is None else queryset.filter(scope)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return any(
            model_permission(request, self.opts, action)
            for action in ("view", "change", "add", "delete")
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not (
            model_permission(request, self.opts, "view")
            or model_permission(request, self.opts, "change")
        ):
            return False
        return obj is None or request.user.is_superuser or self.access_allows(request, obj, "view")

    def closed(self, obj: Any) -> bool:
        """Whether ``obj`` belongs to a closed partnership: read-only here for everyone, as
        on the pages; an administrator reopens it on its page, with a reason."""
        if self.partnership_path is None or obj is None:
            return False
        partnership = obj
        for step in filter(None, self.partnership_path.split("__")):
            partnership = getattr(partnership, step, None)
        return partnership is not None and getattr(partnership, "phase", None) == Phase.CLOSED

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not model_permission(request, self.opts, "change"):
            return False
        if self.closed(obj):
            return False
        return (
            obj is None or request.user.is_superuser or self.access_allows(request, obj, "change")
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self.partnership_path == "" and not request.user.is_superuser:
            # A new partnership belongs to no one yet: the pages make them (from a match),
            # or an administrator.
            return False
        return model_permission(request, self.opts, "add")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # A new record (or one moved to another partnership) must land where the person may
        # change things on the pages: raw id fields accept any id; never in a closed one.
        if self.closed(obj) or (
            not request.user.is_superuser and not self.access_allows(request, obj, "change")
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)  # type: ignore[misc]


class RecordAdmin(AccessScoped, SimpleHistoryAdmin):  # type: ignore[misc]
    """The admin of a record with history (and a version, where the record has one)."""

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
        # The access check of AccessScoped.save_model, then the versioned save.
        if self.closed(obj) or (
            not request.user.is_superuser and not self.access_allows(request, obj, "change")
        ):
            raise PermissionDenied
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


class SuperuserOnly:
    """Records that grant access or hold every study's evidence: superusers only. A staff
    member never gives herself a coordinator's area, a membership or a study's evidence."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
