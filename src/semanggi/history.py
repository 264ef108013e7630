"""Readable change history from django-simple-history rows, built in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

_SKIPPED = {"id", "created_at", "updated_at"}
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


def _value(row: Any, attname: str) -> str:
    value = getattr(row, attname)
    return "" if value is None else str(value)


def _label(row: Any) -> str:
    # Read from the row itself: str(row.instance) may follow relations, a query per row.
    for attname in ("title", "name", "text", "description", "role"):
        value = getattr(row, attname, None)
        if value:
            return str(value)[:100]
    return f"#{row.id}"


def history_entries(querysets: Iterable[QuerySet[Any]], *, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes across the given historical querysets, newest first.

    Each queryset is read once; a change lists the fields that differ from the same record's
    previous version.
    """
    entries: list[HistoryEntry] = []
    for queryset in querysets:
        model = queryset.model.instance_type
        fields = [
            (field.attname, str(field.verbose_name))
            for field in model._meta.concrete_fields
            if field.attname not in _SKIPPED
        ]
        previous: dict[Any, Any] = {}
        rows = queryset.select_related("history_user").order_by("history_date", "history_id")
        for row in rows:
            before = previous.get(row.id)
            changes = tuple(
                Change(label, _value(before, attname), _value(row, attname))
                for attname, label in fields
                if before is not None and _value(before, attname) != _value(row, attname)
            )
            previous[row.id] = row
            if row.history_type == "~" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=row.history_date,
                    who=str(row.history_user) if row.history_user else "",
                    record=str(model._meta.verbose_name),
                    label=_label(row),
                    action=_ACTIONS[row.history_type],
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
