"""Benchmark of the management and portal pages at two sizes, so that growth shows: a
regency (Kota Surakarta, 33.72) with many partnerships (4 in 5 published; parties, 10
activities, 20 transactions, 5 indicators and 30 days of flag tallies each). At each size it
prints, per page, the query count (which must not grow with the data) and the median / p95
server time: the coordinator's dashboard and partnership page, the region page, the home
page and the public list by region (anonymous).

    .venv/bin/python bench/poac.py [--postgres] [--sizes 2000,10000] [--requests 30]
        [--database semanggi_bench_poac]
"""

import argparse
import random
from datetime import timedelta
from decimal import Decimal

from _setup import database, measure, timed

AREA = "33.72"


def world() -> None:
    """The organisations and the coordinator of the area."""
    from django.contrib.auth import get_user_model

    from semanggi.access.models import CoordinatorScope
    from semanggi.organisations.models import Organisation

    Organisation.objects.create(name="Dinas", slug="dinas", kind="regional_unit")
    Organisation.objects.bulk_create(
        Organisation(name=f"PT Mitra {i}", slug=f"mitra-{i}", kind="company") for i in range(200)
    )
    user = get_user_model().objects.create_user("koordinator", password="x")
    CoordinatorScope.objects.create(user=user, region_id=AREA)


def generate(first: int, count: int) -> None:
    """Partnerships ``first`` … ``first + count - 1`` with their records and summaries."""
    from django.db import connection, transaction
    from django.utils import timezone

    from semanggi.organisations.models import Organisation
    from semanggi.partnerships.models import Partnership, Party
    from semanggi.poac.models import (
        Activity,
        FlagTally,
        Indicator,
        IndicatorPeriod,
        Responsibility,
        Transaction,
    )
    from semanggi.poac.services import partnership_summary_refresh
    from semanggi.regions.models import Region

    rng = random.Random(7 + first)
    villages = list(
        Region.objects.filter(code__startswith=f"{AREA}.", level=4).values_list("code", flat=True)
    )
    government = Organisation.objects.get(slug="dinas")
    companies = list(Organisation.objects.filter(kind="company"))
    today = timezone.localdate()
    with transaction.atomic():
        partnerships = Partnership.objects.bulk_create(
            Partnership(
                title=f"Kemitraan {i}",
                slug=f"kemitraan-{i}",
                sector=rng.choice(["12220", "12230", "11220", "14030", "16010"]),
                phase=rng.choice(["planning", "organizing", "actuating", "controlling"]),
                is_published=i % 5 != 0,  # 4 in 5 are public
            )
            for i in range(first, first + count)
        )
        through = Partnership.locations.through
        through.objects.bulk_create(
            through(partnership_id=p.pk, region_id=rng.choice(villages)) for p in partnerships
        )
        parties = Party.objects.bulk_create(
            Party(partnership=p, organisation=org)
            for p in partnerships
            for org in (government, rng.choice(companies))
        )
        by_partnership: dict[int, list[Party]] = {}
        for party in parties:
            by_partnership.setdefault(party.partnership_id, []).append(party)
        activities = Activity.objects.bulk_create(
            Activity(
                partnership=p,
                title=f"Kegiatan {j}",
                planned_start=today - timedelta(days=200 - 15 * j),
                planned_end=today - timedelta(days=100 - 15 * j),
                percent_complete=rng.choice([0, 30, 60, 100]),
                last_update_on=today - timedelta(days=rng.randint(0, 90)),
            )
            for p in partnerships
            for j in range(10)
        )
        Responsibility.objects.bulk_create(
            Responsibility(activity=a, party=by_partnership[a.partnership_id][k], letter=letter)
            for a in activities
            for k, letter in ((0, "A"), (1, "R"))
        )
        Transaction.objects.bulk_create(
            Transaction(
                partnership=p,
                type=rng.choice(["2", "3", "4"]),
                amount=Decimal(rng.randint(1, 500)) * 1_000_000,
                transacted_on=today - timedelta(days=rng.randint(0, 500)),
                due_on=today - timedelta(days=30),
                provider=by_partnership[p.pk][1],
            )
            for p in partnerships
            for _ in range(20)
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(
                partnership=p,
                name=f"Indikator {j}",
                kind="output",
                unit="unit",
                accountable=by_partnership[p.pk][0],
            )
            for p in partnerships
            for j in range(5)
        )
        IndicatorPeriod.objects.bulk_create(
            IndicatorPeriod(
                indicator=i,
                period_start=today - timedelta(days=180),
                period_end=today,
                target=100,
                actual=rng.randint(20, 120),
            )
            for i in indicators
        )
        # A month of daily refreshes (today's tally is the refresh's own).
        FlagTally.objects.bulk_create(
            (
                FlagTally(
                    partnership=p,
                    day=today - timedelta(days=d),
                    red=rng.randint(0, 3),
                    amber=rng.randint(0, 3),
                )
                for p in partnerships
                for d in range(1, 30)
            ),
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        # A bulk load leaves the planner without statistics; autovacuum would gather them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ids = [p.pk for p in partnerships]
    timed(
        f"  summaries (flags, money) of {len(ids)} partnerships",
        lambda: [
            partnership_summary_refresh(partnership_ids=ids[i : i + 2000], today=today)
            for i in range(0, len(ids), 2000)
        ],
    )


def pages(size: int, runs: int) -> list[tuple[str, int, float, float]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    coordinator = Client()
    coordinator.force_login(get_user_model().objects.get(username="koordinator"))
    anonymous = Client()
    middle = f"kemitraan-{size // 2 + 1}"
    return [
        measure(
            "dashboard (coordinator) /dashboard/?region=33.72",
            lambda: coordinator.get("/dashboard/", {"region": AREA}),
            runs,
        ),
        measure(
            "partnership page (coordinator)",
            lambda: coordinator.get(f"/partnerships/{middle}/"),
            runs,
        ),
        measure(f"region page /regions/{AREA}/", lambda: anonymous.get(f"/regions/{AREA}/"), runs),
        measure("region page (coordinator)", lambda: coordinator.get(f"/regions/{AREA}/"), runs),
        measure("home page /", lambda: anonymous.get("/"), runs),
        measure("own home page /me/ (coordinator)", lambda: coordinator.get("/me/"), runs),
        measure(
            f"public list by region /partnerships/?region={AREA}",
            lambda: anonymous.get("/partnerships/", {"region": AREA}),
            runs,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--sizes", default="2000,10000", help="partnership counts, ascending")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--database",
        default="semanggi_bench_poac",
        help="name of the database made for the run (one per concurrent run)",
    )
    options = parser.parse_args()
    sizes = sorted(int(s) for s in options.sizes.split(","))
    engine = "PostgreSQL" if options.postgres else "SQLite"
    print(f"== POAC and portal pages on {engine}, sizes {sizes}", flush=True)
    timed("database and regions", lambda: database(options.postgres, options.database))
    timed("organisations and the coordinator", world)
    made = 0
    results: dict[int, list[tuple[str, int, float, float]]] = {}
    for size in sizes:
        timed(
            f"data up to {size} partnerships",
            lambda first=made, count=size - made: generate(first, count),
        )
        made = size

        timed("stored aggregates (semanggi refresh_aggregates)", refresh)
        print(f"-- {size} partnerships", flush=True)
        results[size] = pages(size, options.requests)
    print("== summary: queries and median ms per page, at each size", flush=True)
    for index, row in enumerate(results[sizes[0]]):
        cells = "  ".join(f"{results[s][index][1]} q {results[s][index][2]:.1f} ms" for s in sizes)
        print(f"{row[0]}: {cells}", flush=True)


def refresh() -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("refresh_aggregates")
    except CommandError:
        print("  (no stored aggregates in this version)")


if __name__ == "__main__":
    main()
