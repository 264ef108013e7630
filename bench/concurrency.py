"""Benchmark of concurrent writers over HTTP (a script, not a timed test).

Starts a real server process (Django's threaded server, one process) on a database of its
own (a temporary SQLite file by default, a fresh PostgreSQL database with ``--postgres``),
seeded with the test world, then runs ``--writers`` clients (20) for ``--seconds`` (60),
each authenticated with a personal API token and writing as fast as it gets answers:
coding a span of one source (POST segments; the spans are few, so writers code the same
span at once) and, one request in five, replacing the codes of a segment (PUT). Prints the
requests made, the answers by status (every answer but 201/200 is an error), throughput,
the median and p95 latency of each kind, and whether any span was stored twice.

Target: 0 errors and 0 duplicate spans, on SQLite and on PostgreSQL.

    .venv/bin/python bench/concurrency.py [--postgres] [--writers 20] [--seconds 60]
"""

import argparse
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from semanggi.testing.live import call, live_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--spans", type=int, default=50, help="distinct spans coded")
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/semanggi_bench_concurrency"
        )
        _ensure_postgres(os.environ["DATABASE_URL"])
    else:
        os.environ.pop("DATABASE_URL", None)

    with live_server() as live:
        seed = live.seed
        base = f"{live.url}/api/studies/{seed['study']}"
        segments_url = f"{base}/sources/{seed['source']}/segments"
        tokens = [seed["tokens"]["eva"], seed["tokens"]["kurnia"]]
        codes = seed["codes"]
        spans = [(37 * n, 37 * n + 20) for n in range(args.spans)]
        statuses: Counter[tuple[str, int]] = Counter()
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.writers + 1)
        deadline = [0.0]

        def writer(index: int) -> None:
            rng = random.Random(index)
            token = tokens[index % len(tokens)]
            known: list[int] = []
            barrier.wait()
            while time.monotonic() < deadline[0]:
                if known and rng.random() < 0.2:
                    kind = "replace codes (PUT)"
                    chosen = rng.sample(codes, rng.randint(1, 3))
                    segment = rng.choice(known)
                    began = time.perf_counter()
                    answer = call(
                        "PUT",
                        f"{base}/segments/{segment}/codes",
                        token=token,
                        body={"codes": chosen},
                    )
                    ok = answer.status == 200
                else:
                    kind = "code a span (POST)"
                    start, end = rng.choice(spans)
                    began = time.perf_counter()
                    answer = call(
                        "POST",
                        segments_url,
                        token=token,
                        body={"start": start, "end": end, "codes": [rng.choice(codes)]},
                    )
                    ok = answer.status == 201
                    if ok:
                        known.append(answer.body["id"])
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    statuses[(kind, answer.status)] += 1
                    latencies[kind].append(elapsed)
                    if not ok and len(errors) < 5:
                        errors.append(f"{kind}: {answer.status} {str(answer.body)[:200]}")

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(args.writers)]
        for thread in threads:
            thread.start()
        deadline[0] = time.monotonic() + args.seconds
        began = time.monotonic()
        barrier.wait()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - began

        listed = call("GET", segments_url, token=tokens[0]).body
        stored = [(s["start"], s["end"]) for s in listed]
        log = live.log.read_text()

    total = sum(statuses.values())
    failed = sum(n for (kind, status), n in statuses.items() if status not in (200, 201))
    print(f"database: {live.engine}; server: Django threaded server, 1 process")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores (shared); client: same machine")
    print(f"writers: {args.writers}; duration: {wall:.1f} s; spans: {args.spans}")
    print(f"requests: {total}; errors: {failed} ({100 * failed / max(total, 1):.2f} %)")
    print(f"throughput: {total / wall:.1f} requests/s")
    for (kind, status), n in sorted(statuses.items()):
        print(f"  {kind}: {status} × {n}")
    for kind, values in sorted(latencies.items()):
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(f"  {kind}: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms")
    print(f"segments stored: {len(stored)}; duplicate spans: {len(stored) - len(set(stored))}")
    print(f"server errors logged: {log.count('Traceback')}")
    for line in errors:
        print(f"  e.g. {line}")


def _ensure_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
