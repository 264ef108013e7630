"""Shared set-up of the benchmarks: a fresh database (a temporary SQLite file, or a
PostgreSQL database made for the run), migrated, with the real regions loaded."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def database(postgres: bool, name: str) -> None:
    """Point Django at a fresh database before it is set up."""
    if postgres:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        folder = tempfile.mkdtemp(prefix=f"{name}-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semanggi.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from semanggi.regions.services import region_load

    region_load()


def timed(label: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def measure(label: str, request: Callable[[], Any], runs: int) -> tuple[str, int, float, float]:
    """Median and 95th percentile of ``runs`` in-process requests, and their query count
    (printed, and returned as label, queries, median, p95)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200, response.status_code
    queries = len(context.captured_queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = request()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{label}: {queries} queries, median {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms over {runs} requests",
        flush=True,
    )
    return label, queries, statistics.median(times), p95
