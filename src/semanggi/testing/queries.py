"""Does a page's query count stay the same when the data grows?"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(request: Callable[[], Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as context:
        response = request()
    return len(context.captured_queries), response


def assert_constant_queries(request: Callable[[], Any], grow: Callable[[], None]) -> int:
    """Run ``request``, add data with ``grow``, run it again: same number of queries."""
    before, first = count_queries(request)
    assert first.status_code == 200, first.status_code
    grow()
    after, second = count_queries(request)
    assert second.status_code == 200, second.status_code
    assert after == before, f"{before} queries, then {after} after adding rows"
    return before
