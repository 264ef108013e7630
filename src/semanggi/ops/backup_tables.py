"""The tables of a backup: which there are, in what order they are restored, and their rows
read and written a bounded part at a time, the same on SQLite and PostgreSQL.

A row is a JSON array of its column values in the archive's column order, in portable form:
numbers, text and booleans as JSON, decimals, dates, times, datetimes (with their offset),
UUIDs and durations as text, bytes in base64, JSON fields as JSON. Reading goes through the
field's database converters (Django's ``values_list`` iterator: a server-side cursor on
PostgreSQL, ``fetchmany`` on SQLite), writing through the field's ``to_python`` and
``get_db_prep_save``, so each database gets its own representation of the same value."""

import base64
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Field, Model
from django.utils.duration import duration_string

# Rows read from the database per round trip, and rows written per statement (SQLite).
CHUNK = 5000
# Made by `migrate` in every installation, with ids of its own: replaced by the archived
# rows on restore (so that every reference to them keeps its id).
REBUILT = ("django_content_type", "auth_permission")
# Stored as JSON gives them: no conversion on restore.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "BooleanField",
    "FileField",
    "ImageField",
    "FloatField",
}


def models_in_order() -> list[type[Model]]:
    """Every table of the installation once (many-to-many tables included), each after the
    tables its foreign keys point to; tables in a cycle of references (there are none today)
    come last in name order. The foreign keys are checked at the end of the restore, so the
    order is a help to the database, not a condition."""
    tables: dict[str, type[Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        if options.managed and not options.proxy and not options.swapped:
            tables.setdefault(options.db_table, model)
    needs = {
        table: {
            field.related_model._meta.db_table
            for field in model._meta.local_concrete_fields
            if field.is_relation and field.related_model is not None
        }
        & set(tables) - {table}
        for table, model in tables.items()
    }
    order: list[str] = []
    waiting = sorted(tables)
    while waiting:
        ready = [t for t in waiting if needs[t] <= set(order)]
        if not ready:
            order.extend(waiting)
            break
        order.extend(ready)
        waiting = [t for t in waiting if t not in ready]
    return [tables[t] for t in order]


def row_counts(*, rebuilt: bool = True) -> dict[str, int]:
    """Rows per table (many-to-many tables included); without the tables `migrate` fills when
    ``rebuilt`` is false."""
    return {
        m._meta.db_table: m._base_manager.using("default").count()
        for m in models_in_order()
        if rebuilt or m._meta.db_table not in REBUILT
    }


def columns(model: type[Model]) -> list[str]:
    return [field.column for field in model._meta.local_concrete_fields]


def _portable(value: Any) -> Any:
    if isinstance(value, date | time):  # datetime included
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"{type(value).__name__} has no portable form")


_encode = json.JSONEncoder(
    default=_portable, ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode


def rows_read(model: type[Model]) -> Iterator[bytes]:
    """The table's rows in primary-key order, each one line of JSON (UTF-8, ending in a
    newline), read ``CHUNK`` rows at a time."""
    names = [field.attname for field in model._meta.local_concrete_fields]
    rows = (
        model._base_manager.using("default")
        .order_by("pk")
        .values_list(*names)
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        yield (_encode(row) + "\n").encode()


def _converter(field: Field) -> Callable[[Any], Any] | None:
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    if kind in _AS_IS:
        return None

    def convert(value: Any) -> Any:
        if value is None:
            return None
        return field.get_db_prep_save(field.to_python(value), connection)

    return convert


class TableWriter:
    """Inserts archived rows into one table: the column list must be the model's own (the
    archive and the installation are at the same migrations)."""

    def __init__(self, model: type[Model], archived_columns: list[str]) -> None:
        fields = {field.column: field for field in model._meta.local_concrete_fields}
        if list(archived_columns) != columns(model):
            raise ValueError(f"columns of {model._meta.db_table} differ")
        self.converters = [_converter(fields[c]) for c in archived_columns]
        self.width = len(archived_columns)
        quote = connection.ops.quote_name
        self.table = model._meta.db_table
        names = ", ".join(quote(c) for c in archived_columns)
        if connection.vendor == "postgresql":
            self.sql = f"COPY {quote(self.table)} ({names}) FROM STDIN"
        else:
            marks = ", ".join(["%s"] * self.width)
            self.sql = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})"

    def convert(self, line: bytes) -> list[Any]:
        row = json.loads(line)
        if not isinstance(row, list) or len(row) != self.width:
            raise ValueError(f"a row of {self.table} does not have its columns")
        for i, convert in enumerate(self.converters):
            if convert is not None:
                row[i] = convert(row[i])
        return row

    def write(self, lines: Iterable[bytes]) -> int:
        """Insert the rows (one JSON array per line); their number."""
        written = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: the fastest way in, streamed by the driver in its own buffers.
                with cursor.cursor.copy(self.sql) as copy:
                    for line in lines:
                        copy.write_row(self.convert(line))
                        written += 1
            else:
                batch: list[list[Any]] = []
                for line in lines:
                    batch.append(self.convert(line))
                    if len(batch) == CHUNK:
                        cursor.executemany(self.sql, batch)
                        written, batch = written + len(batch), []
                if batch:
                    cursor.executemany(self.sql, batch)
                    written += len(batch)
        return written


def sequences_reset(models: list[type[Model]]) -> None:
    """After rows were inserted with their ids: the next id of each table follows the
    largest (PostgreSQL; SQLite keeps track by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
