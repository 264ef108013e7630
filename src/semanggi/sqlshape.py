"""Queries of a fixed shape, compiled to SQL by the ORM once and then run with new values.

Building and compiling a queryset costs far more Python than running it does on a hot path
(coding a segment sends two short SELECTs). A query whose SQL depends only on a few integer
values (ids) and on its *shape* (which branch of an access filter, how many codes) is built
once per shape with stand-in integers that cannot occur as ids, compiled, and the positions
of the stand-ins among its parameters are remembered; later calls put their values in those
positions and run the same SQL. The SQL is always the ORM's own: the filters (access checks
included) are written once, as querysets.

Only integer values are replaced, and only in parameters that equal a stand-in exactly; a
shape whose compiled parameters do not show every stand-in is never cached (the queryset is
compiled afresh each time instead), so a value that the ORM transforms cannot be mixed up.
"""

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# Stand-ins: far above any id a table of this application will reach, distinct from each other.
_BASE = 7_340_000_000_000_000_000

_compiled: dict[tuple[str, Hashable], tuple[str, list[Any], list[tuple[int, int]]]] = {}


def _stand_ins(n: int) -> list[int]:
    return [_BASE + i for i in range(n)]


def _compile(query: QuerySet[Any], using: str) -> tuple[str, list[Any]]:
    sql, params = query.query.get_compiler(using).as_sql()
    return sql, list(params)


def rows(
    shape: Hashable,
    build: Callable[..., QuerySet[Any]],
    values: Sequence[int],
    using: str = "default",
) -> list[tuple[Any, ...]]:
    """The rows of ``build(*values)`` (a ``values_list`` queryset whose columns need no
    conversion: integers), its SQL compiled once per ``shape`` (which must say everything
    but ``values`` that changes the SQL)."""
    key = (using, shape)
    found = _compiled.get(key)
    if found is None:
        stand_ins = _stand_ins(len(values))
        try:
            sql, params = _compile(build(*stand_ins), using)
        except EmptyResultSet:
            return []
        where = {value: n for n, value in enumerate(stand_ins)}
        positions = [(i, where[p]) for i, p in enumerate(params) if type(p) is int and p in where]
        if {n for _, n in positions} != set(range(len(values))):
            try:
                sql, params = _compile(build(*values), using)
            except EmptyResultSet:
                return []
            return _run(using, sql, params)
        found = _compiled[key] = (sql, params, positions)
    sql, template, positions = found
    params = list(template)
    for i, n in positions:
        params[i] = int(values[n])
    return _run(using, sql, params)


def _run(using: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
