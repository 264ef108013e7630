"""Queries of a fixed shape, compiled to SQL by the ORM once and then run with new values.

Building and compiling a queryset costs far more Python than running it does on a hot path
(coding a segment sends two short SELECTs, and the token that signs it in one more). A query
whose SQL depends only on a few values (ids, a digest, a name, a moment) and on its *shape*
(which branch of an access filter, how many codes) is built once per shape with stand-ins
that cannot occur as real values, compiled, and the positions of the stand-ins among its
parameters are remembered; later calls put their values in those positions and run the same
SQL. The SQL is always the ORM's own: the filters (access checks included) are written once,
as querysets. The columns read are converted as the ORM converts them (dates, booleans).

Values are integers, strings or aware datetimes. A value is replaced only in parameters that
equal its stand-in exactly (a datetime as the database takes it); a shape whose compiled
parameters do not show every stand-in is never cached (the queryset is compiled afresh each
time instead), so a value that the ORM transforms cannot be mixed up.
"""

from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

Value = int | str | datetime

# Stand-ins: far from any value this application stores, distinct from each other.
_BASE = 7_340_000_000_000_000_000
_EPOCH = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


class _Compiled:
    def __init__(
        self, sql: str, params: list[Any], positions: list[tuple[int, int]], converters: Any
    ) -> None:
        self.sql = sql
        self.params = params
        self.positions = positions
        self.converters = converters


_compiled: dict[tuple[str, Hashable, tuple[type, ...]], _Compiled] = {}


def _kind(value: Value) -> type:
    if isinstance(value, bool):
        raise TypeError("booleans are part of a query's shape, not its values")
    for kind in (int, str, datetime):
        if isinstance(value, kind):
            return kind
    raise TypeError(f"not a value sqlshape replaces: {type(value).__name__}")


def _stand_in(kind: type, n: int) -> Value:
    if kind is int:
        return _BASE + n
    if kind is str:
        return f"\x1fsqlshape-stand-in-{n}\x1f"
    return _EPOCH + timedelta(microseconds=n + 1)


def _adapt(value: Value, using: str) -> Any:
    """The value as the compiled parameters hold it."""
    if isinstance(value, datetime):
        return connections[using].ops.adapt_datetimefield_value(value)
    return value


def _compile(query: QuerySet[Any], using: str) -> tuple[str, list[Any], Any]:
    compiler = query.query.get_compiler(using)
    sql, params = compiler.as_sql()
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    return sql, list(params), list(compiler.get_converters(fields).items())


def rows(
    shape: Hashable,
    build: Callable[..., QuerySet[Any]],
    values: Sequence[Value],
    using: str = "default",
) -> list[tuple[Any, ...]]:
    """The rows of ``build(*values)`` (a ``values_list`` queryset), converted as the ORM
    converts them, its SQL compiled once per ``shape`` (which must say everything but
    ``values`` that changes the SQL)."""
    kinds = tuple(_kind(v) for v in values)
    key = (using, shape, kinds)
    found = _compiled.get(key)
    if found is None:
        stand_ins = [_stand_in(kind, n) for n, kind in enumerate(kinds)]
        try:
            sql, params, converters = _compile(build(*stand_ins), using)
        except EmptyResultSet:
            return []
        positions = []
        for i, param in enumerate(params):
            for n, stand_in in enumerate(stand_ins):
                adapted = _adapt(stand_in, using)
                if type(param) is type(adapted) and param == adapted:
                    positions.append((i, n))
        if {n for _, n in positions} != set(range(len(values))):
            try:
                sql, params, converters = _compile(build(*values), using)
            except EmptyResultSet:
                return []
            return _run(using, sql, params, converters)
        found = _compiled[key] = _Compiled(sql, params, positions, converters)
    params = list(found.params)
    for i, n in found.positions:
        params[i] = _adapt(values[n], using)
    return _run(using, found.sql, params, found.converters)


def _run(using: str, sql: str, params: list[Any], converters: Any) -> list[tuple[Any, ...]]:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if not converters:
        return [tuple(row) for row in fetched]
    converted = []
    for row in fetched:
        values = list(row)
        for position, (functions, expression) in converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        converted.append(tuple(values))
    return converted
