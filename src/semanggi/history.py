"""Readable change history from django-simple-history rows, built in a fixed number of queries.

Values are shown as people read them: the label of a choice ("Ditutup", not "closed"), the
name of a related record ("Bank X", not "#4"), dates in the page's format, yes/no.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Field, IntegerField, Model, QuerySet, Value
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semanggi.core.money import format_rupiah

_SKIPPED = {"id", "created_at", "updated_at", "version", "search_name"}
_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    record: str
    label: str
    action: str  # created / changed / deleted
    changes: tuple[Change, ...]


def _name(obj: Model) -> str:
    """How a related record is named in the history."""
    organisation = getattr(obj, "organisation", None)
    if organisation is not None and obj._meta.model_name == "party":
        return str(organisation.name)
    full_name = getattr(obj, "get_full_name", None)
    if callable(full_name):
        return str(full_name() or getattr(obj, "username", ""))
    localized = getattr(obj, "localized", None)
    for attname in ("title", "name"):
        if hasattr(obj, attname):
            return str(localized(attname) if callable(localized) else getattr(obj, attname))
    for attname in ("asset", "caption", "narrative", "text", "description"):
        if getattr(obj, attname, None):
            return str(getattr(obj, attname))[:100]
    return str(obj._meta.verbose_name)


class _Names:
    """Names of the related records the history rows point at, read once per model."""

    def __init__(self) -> None:
        self.wanted: defaultdict[type[Model], set[Any]] = defaultdict(set)
        self.found: dict[tuple[type[Model], Any], str] = {}

    def want(self, model: type[Model], pk: Any) -> None:
        # Every model a field points at is read, rows or not: the number of queries then
        # depends on the kinds of records with a history, never on their number.
        self.wanted[model]
        if pk is not None:
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            queryset = model._default_manager.all()
            if model._meta.model_name == "party":
                queryset = queryset.select_related("organisation")
            # An empty list would skip the query; no record has the primary key 0.
            for pk, obj in queryset.filter(pk__in=list(pks) or [0]).in_bulk().items():
                self.found[(model, pk)] = _name(obj)

    def get(self, model: type[Model], pk: Any) -> str:
        return self.found.get((model, pk), _("(removed)"))


def _display(field: "Field[Any, Any]", value: Any, names: _Names) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation and field.related_model is not None:
        return names.get(field.related_model, value)  # type: ignore[arg-type]
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(value, "j M Y H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


def _fields(model: type[Model]) -> "list[Field[Any, Any]]":
    return [field for field in model._meta.concrete_fields if field.attname not in _SKIPPED]


def _label(row: Any, model: type[Model], names: _Names) -> str:
    # Read from the row itself: str(row.instance) may follow relations, a query per row.
    if getattr(row, "amount", None) is not None and getattr(row, "type", None):
        kind = _display(model._meta.get_field("type"), row.type, names)  # type: ignore[arg-type]
        return f"{kind} {format_rupiah(row.amount)}"
    attnames = ("title", "name", "asset", "caption", "text", "description", "closing_note", "role")
    for attname in attnames:
        value = getattr(row, attname, None)
        if value:
            if attname == "role":
                field = model._meta.get_field("role")
                return _display(field, value, names)  # type: ignore[arg-type]
            return str(value)[:100]
    # A record without a name of its own is named by what it links (activity · party).
    linked = [
        names.get(field.related_model, getattr(row, field.attname))  # type: ignore[arg-type]
        for field in _fields(model)
        if field.many_to_one
        and getattr(row, field.attname) is not None
        and field.related_model is not None
        and field.related_model._meta.model_name != "partnership"
    ]
    # ...and by what it says, when that is a choice ("Renovasi · Bank X: Penanggung jawab").
    choice = next((f for f in _fields(model) if f.choices and not f.is_relation), None)
    said = _display(choice, getattr(row, choice.attname), names) if choice else ""
    if said:
        return f"{' · '.join(linked[:2])}: {said}" if linked else said
    return " · ".join(linked[:2]) or str(model._meta.verbose_name)


def _m2m_sets(queryset: QuerySet[Any], names: _Names) -> dict[str, tuple[Any, dict[int, set[Any]]]]:
    """For each many-to-many field the history keeps (a meeting's parties present, what an
    activity depends on), the related ids at each historical row: one query per field."""
    historical = queryset.model
    found: dict[str, tuple[Any, dict[int, set[Any]]]] = {}
    for field in getattr(historical, "_history_m2m_fields", []):
        through = field.remote_field.through
        m2m_history = next(
            rel.related_model
            for rel in historical._meta.related_objects
            if getattr(rel.related_model, "instance_type", None) is through
        )
        target = through._meta.get_field(field.m2m_reverse_field_name())
        names.want(field.related_model, None)
        sets: dict[int, set[Any]] = {}
        rows = m2m_history.objects.filter(history__in=queryset.values("history_id")).values_list(
            "history_id", target.attname
        )
        for history_id, pk in rows:
            sets.setdefault(history_id, set()).add(pk)
            names.want(field.related_model, pk)
        found[field.name] = (field, sets)
    return found


def _listed(field: Any, pks: set[Any], names: _Names) -> str:
    return ", ".join(sorted(names.get(field.related_model, pk) for pk in pks))


def _with_rows(querysets: list[QuerySet[Any]]) -> list[QuerySet[Any]]:
    """The querysets that hold rows, found together in one query (a UNION of their numbers),
    so that a page asking for many kinds of records reads only the kinds it has: one query,
    plus one or two for each kind of record with a history, whatever their rows."""
    if len(querysets) <= 1:
        return querysets
    probes = [
        queryset.order_by().values_list(Value(number, output_field=IntegerField()))
        for number, queryset in enumerate(querysets)
    ]
    present = {number for (number,) in probes[0].union(*probes[1:])}
    return [queryset for number, queryset in enumerate(querysets) if number in present]


def history_entries(querysets: Iterable[QuerySet[Any]], *, limit: int = 100) -> list[HistoryEntry]:
    """The newest ``limit`` changes across the given historical querysets, newest first.

    Each queryset is read once, and the records they link to once per model; a change lists
    the fields that differ from the same record's previous version, by their labels.
    """
    names = _Names()
    read: list[tuple[type[Model], list[Field[Any, Any]], list[Any], dict[str, Any]]] = []
    for queryset in _with_rows(list(querysets)):
        model = queryset.model.instance_type
        fields = _fields(model)
        rows = list(queryset.select_related("history_user").order_by("history_date", "history_id"))
        for row in rows:
            for field in fields:
                if field.is_relation and field.related_model is not None:
                    names.want(field.related_model, getattr(row, field.attname))  # type: ignore[arg-type]
        read.append((model, fields, rows, _m2m_sets(queryset, names)))
    names.load()
    entries: list[HistoryEntry] = []
    for model, fields, rows, m2m in read:
        previous: dict[Any, Any] = {}
        for row in rows:
            before = previous.get(row.id)
            changes = tuple(
                Change(
                    str(field.verbose_name).capitalize(),
                    _display(field, getattr(before, field.attname), names),
                    _display(field, getattr(row, field.attname), names),
                )
                for field in fields
                if before is not None
                and getattr(before, field.attname) != getattr(row, field.attname)
            ) + tuple(
                Change(
                    str(field.verbose_name).capitalize(),
                    _listed(field, sets.get(before.history_id, set()), names),
                    _listed(field, sets.get(row.history_id, set()), names),
                )
                for field, sets in m2m.values()
                if before is not None
                and sets.get(before.history_id, set()) != sets.get(row.history_id, set())
            )
            previous[row.id] = row
            if row.history_type == "~" and not changes:
                continue
            user = row.history_user
            entries.append(
                HistoryEntry(
                    when=row.history_date,
                    who=(user.get_full_name() or user.username) if user else "",
                    record=str(model._meta.verbose_name).capitalize(),
                    label=_label(row, model, names),
                    action=_ACTIONS[row.history_type],
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
