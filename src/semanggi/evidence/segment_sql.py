"""A new coded segment in one PostgreSQL statement: the segment, its codes, its history row
and the history of its codes, as four data-modifying parts of one ``WITH`` statement.

One statement is atomic by itself: it needs no transaction of its own (no ``BEGIN`` and
``COMMIT`` around it), so coding a new span costs one round trip to the database instead of
six. What is written is what :func:`semanggi.evidence.services.segments_history` writes,
column for column (the history row's columns are those of django-simple-history's model,
the segment's own taken from the inserted row). The statement's text is made once per
number of codes from the models' metadata; only the values change from call to call.

When the span is already a segment, the ``INSERT … ON CONFLICT DO NOTHING`` makes nothing
and nothing else is written either (every later part reads the rows the first returned):
the caller then takes the general path, which adds the codes to the segment there is."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connection

from semanggi.evidence.models import Segment


def _columns(model: Any) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@cache
def _statement(n_codes: int) -> tuple[str, list[Any], list[Any]]:
    """The statement for ``n_codes`` codes, with the segment's fields and the history
    row's own fields (those not copied from the segment), in the order of their values."""
    quote = connection.ops.quote_name
    through = Segment.codes.through
    historical = Segment.history.model
    history_codes = apps.get_model("evidence", "HistoricalSegment_codes")

    segment_fields = _columns(Segment)
    span = ", ".join(quote(Segment._meta.get_field(n).column) for n in ("source", "start", "end"))
    tracked = {f.attname for f in historical.tracked_fields}
    own = [f for f in _columns(historical) if f.attname not in tracked]
    copied = [f for f in _columns(historical) if f.attname in tracked]
    segment_column = {f.attname: f.column for f in Segment._meta.concrete_fields}

    code_type = through._meta.get_field("code").db_type(connection)
    through_column = {f.attname: f.column for f in through._meta.concrete_fields}
    history_fk = history_codes._meta.get_field("history")
    history_pk = historical._meta.pk.column

    def names(columns: list[str]) -> str:
        return ", ".join(quote(c) for c in columns)

    segment_pk = quote(Segment._meta.pk.column)
    codes = ", ".join([f"(%s::{code_type})"] * n_codes)
    history_codes_fields = _columns(history_codes)
    history_codes_values = ", ".join(
        f"hist.{quote(history_pk)}"
        if f is history_fk
        else f"coded.{quote(through_column[f.attname])}"
        for f in history_codes_fields
    )
    copied_values = ", ".join(f"seg.{quote(segment_column[f.attname])}" for f in copied)
    sql = f"""WITH seg AS (
    INSERT INTO {quote(Segment._meta.db_table)} ({names([f.column for f in segment_fields])})
    VALUES ({", ".join(["%s"] * len(segment_fields))})
    ON CONFLICT ({span}) DO NOTHING
    RETURNING *
), coded AS (
    INSERT INTO {quote(through._meta.db_table)}
        ({names([through_column["segment_id"], through_column["code_id"]])})
    SELECT seg.{segment_pk}, wanted.code FROM seg CROSS JOIN (VALUES {codes}) AS wanted (code)
    RETURNING *
), hist AS (
    INSERT INTO {quote(historical._meta.db_table)} ({names([f.column for f in copied + own])})
    SELECT {copied_values}, {", ".join(["%s"] * len(own))} FROM seg
    RETURNING {quote(history_pk)}
), hist_codes AS (
    INSERT INTO {quote(history_codes._meta.db_table)}
        ({names([f.column for f in history_codes_fields])})
    SELECT {history_codes_values} FROM hist CROSS JOIN coded
)
SELECT {segment_pk} FROM seg"""
    return sql, segment_fields, own


def segment_insert_coded(segment: Segment, code_ids: Sequence[int], history: Any) -> bool:
    """Insert the unsaved ``segment`` with ``code_ids`` (codable codes of its study, checked
    by the caller, without repeats) and its history row ``history`` (an unsaved historical
    instance, for the values of its own fields), in one statement. False, and nothing
    written, when the span is already a segment."""
    sql, segment_fields, own = _statement(len(code_ids))
    values = [f.get_db_prep_save(f.pre_save(segment, True), connection) for f in segment_fields]
    values += list(code_ids)
    values += [f.get_db_prep_save(f.pre_save(history, True), connection) for f in own]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        made = cursor.fetchone()
    if made is None:
        return False
    segment.pk = made[0]
    segment._state.adding = False
    segment._state.db = connection.alias
    return True
