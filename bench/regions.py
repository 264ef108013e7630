"""Benchmark of the region search behind the region picker: all 91,599 official regions
(83,762 villages); prints the median / p95 time of the API search for names people type,
and, on PostgreSQL, whether the plan uses the trigram index.

    .venv/bin/python bench/regions.py [--postgres] [--requests 50]
"""

import argparse

from _setup import database, measure, timed

# Full names, prefixes, a name shared by many villages, two words, a code, and a rare one.
QUERIES = [
    "Semanggi",
    "Mojosongo",
    "Sukamaju",
    "sari",
    "pasar kliwon",
    "semanggi surakarta",
    "33.72.03",
    "Kliw",
    "Tanjung Priok",
    "xyzzy",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()
    timed("database and regions", lambda: database(options.postgres, "semanggi_bench_regions"))

    from django.db import connection
    from django.test import Client

    from semanggi.regions.models import Region

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does soon after a load; without it the planner guesses.
            cursor.execute("ANALYZE regions_region")
    print(f"regions: {Region.objects.count()}, villages: {Region.objects.filter(level=4).count()}")
    client = Client()
    for q in QUERIES:
        measure(
            f"search {q!r}",
            lambda q=q: client.get("/api/regions/search", {"q": q}),
            options.requests,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN ANALYZE SELECT code FROM regions_region "
                "WHERE search_name::text LIKE '%semanggi%'"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print("plan for name contains 'semanggi':\n" + plan)


if __name__ == "__main__":
    main()
