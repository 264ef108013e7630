"""Benchmark of the management pages: a region with many partnerships (parties, 10
activities, 20 transactions and 5 indicators each); prints the query count (which must not
grow with the data) and the median / p95 server time of the dashboard and a partnership page.

    .venv/bin/python bench/poac.py [--postgres] [--partnerships 10000] [--requests 50]
"""

import argparse
import random
from datetime import date, timedelta
from decimal import Decimal

from _setup import database, measure, timed


def generate(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from semanggi.access.models import CoordinatorScope
    from semanggi.organisations.models import Organisation
    from semanggi.partnerships.models import Partnership, Party
    from semanggi.poac.models import (
        Activity,
        Indicator,
        IndicatorPeriod,
        Responsibility,
        Transaction,
    )
    from semanggi.poac.services import partnership_summary_refresh
    from semanggi.regions.models import Region

    rng = random.Random(7)
    villages = list(
        Region.objects.filter(code__startswith="33.72.", level=4).values_list("code", flat=True)
    )
    today = date(2026, 6, 1)
    with transaction.atomic():
        government = Organisation.objects.create(name="Dinas", slug="dinas", kind="regional_unit")
        companies = Organisation.objects.bulk_create(
            Organisation(name=f"PT Mitra {i}", slug=f"mitra-{i}", kind="company")
            for i in range(200)
        )
        partnerships = Partnership.objects.bulk_create(
            Partnership(
                title=f"Kemitraan {i}",
                slug=f"kemitraan-{i}",
                sector=rng.choice(["12220", "12230", "11220", "14030", "16010"]),
                phase=rng.choice(["planning", "organizing", "actuating", "controlling"]),
                is_published=True,
            )
            for i in range(count)
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
                transacted_on=today - timedelta(days=rng.randint(0, 300)),
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
        user = get_user_model().objects.create_user("koordinator", password="x")
        CoordinatorScope.objects.create(user=user, region_id="33.72")
    from django.db import connection

    if connection.vendor == "postgresql":
        # A bulk load leaves the planner without statistics; autovacuum would gather them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ids = [p.pk for p in partnerships]
    timed(
        "summaries (flags, money) for every partnership",
        lambda: [
            partnership_summary_refresh(partnership_ids=ids[i : i + 2000], today=today)
            for i in range(0, len(ids), 2000)
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()
    engine = "PostgreSQL" if options.postgres else "SQLite"
    print(f"== POAC pages on {engine}, {options.partnerships} partnerships", flush=True)
    timed("database and regions", lambda: database(options.postgres, "semanggi_bench_poac"))
    timed("data", lambda: generate(options.partnerships))

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="koordinator"))
    middle = f"kemitraan-{options.partnerships // 2}"
    measure(
        "dashboard /dashboard/?region=33.72",
        lambda: client.get("/dashboard/", {"region": "33.72"}),
        options.requests,
    )
    measure(
        f"partnership page /partnerships/{middle}/",
        lambda: client.get(f"/partnerships/{middle}/"),
        options.requests,
    )


if __name__ == "__main__":
    main()
