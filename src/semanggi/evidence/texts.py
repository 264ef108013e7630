"""Long source texts written to the database from their UTF-8 bytes.

Python holds a text at up to four bytes per character (four as soon as it has one emoji), and
a database driver first encodes a string back to UTF-8, reserving four bytes per character
again while it does. A text of tens of megabytes would cost several times its size just to be
sent. Written from its UTF-8 bytes, which the database decodes itself, it costs its bytes.
"""

from typing import Any

from django.db import connection, models
from django.db.models import Func, Value

from semanggi.evidence.models import Source


class Utf8Text(Func):
    """A text value from UTF-8 bytes, decoded by the database (SQLite or PostgreSQL)."""

    output_field = models.TextField()

    def __init__(self, data: bytes | bytearray) -> None:
        super().__init__(Value(data, output_field=models.BinaryField()))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite reads a BLOB cast to TEXT as text in the database's encoding (UTF-8).
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS TEXT)", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="convert_from(%(expressions)s, 'UTF8')", **extra
        )


def source_text_write(source: Source, data: bytes | bytearray) -> None:
    """Set the text of a saved ``source`` from valid UTF-8 ``data`` (without NUL). The
    instance forgets its text: it is read from the database when next asked for."""
    if connection.vendor == "postgresql":
        _postgresql_write(source.pk, data)
    else:
        Source.objects.filter(pk=source.pk).update(text=Utf8Text(data))
    source.__dict__.pop("text", None)


def _postgresql_write(pk: int, data: bytes | bytearray) -> None:
    """Django's PostgreSQL cursors write parameters into the statement's text, a bytea as
    hexadecimal: twice the text, then the statement again. A cursor of psycopg's own binds
    the bytes as they are (``%b``: in binary), on the same connection and transaction."""
    import psycopg
    from psycopg import sql

    connection.ensure_connection()
    statement = sql.SQL("UPDATE {} SET {} = convert_from(%b, 'UTF8') WHERE {} = %s").format(
        sql.Identifier(Source._meta.db_table),
        sql.Identifier(Source._meta.get_field("text").column),
        sql.Identifier(Source._meta.pk.column),  # type: ignore[union-attr]
    )
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(statement, [data, pk])
