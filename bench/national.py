"""National-scale data and the background work at that size, on PostgreSQL: a synthetic
dataset (every title starts with "[SINTETIS]") of partnerships over the villages of all
regencies, 2 to 5 parties each, a year of activities, progress updates, transactions and
indicators; then the region load, the daily flag refresh, an assessment batch and a full
backup, each run as the production runs it (jobs, `semanggi backup`) and timed.

    .venv/bin/python bench/national.py [--partnerships 50000] [--assess 2000] [--keep]

With --keep the database (semanggi_bench_national) stays for bench/http_load.py."""

import argparse
import random
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _setup import database, timed

BATCH = 2000
SECTORS = ["12220", "12230", "11220", "14030", "16010", "31120", "32130", "15110"]


def generate(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from semanggi.access.models import CoordinatorScope
    from semanggi.organisations.models import Organisation
    from semanggi.partnerships.models import Partnership, Party, PartyRole
    from semanggi.poac.models import (
        Activity,
        Indicator,
        IndicatorPeriod,
        ProgressUpdate,
        Transaction,
    )
    from semanggi.regions.models import Region

    rng = random.Random(12)
    villages = list(Region.objects.filter(level=4).values_list("code", flat=True))
    regencies = list(Region.objects.filter(level=2).values_list("code", "name"))
    print(f"  {len(villages)} villages in {len(regencies)} regencies", flush=True)
    start = date(2026, 1, 1)
    with transaction.atomic():
        governments = Organisation.objects.bulk_create(
            Organisation(
                name=f"[SINTETIS] Pemerintah {name}",
                slug=f"pemda-{code.replace('.', '-')}",
                kind="regional_unit",
                region_id=code,
            )
            for code, name in regencies
        )
        government_of = {g.region_id: g for g in governments}
        companies = Organisation.objects.bulk_create(
            Organisation(name=f"[SINTETIS] PT Mitra {i}", slug=f"mitra-{i}", kind="company")
            for i in range(3000)
        )
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            partnerships = Partnership.objects.bulk_create(
                Partnership(
                    title=f"[SINTETIS] Kemitraan {made + i}",
                    slug=f"sintetis-{made + i}",
                    programme="data sintetis untuk tolok ukur / synthetic benchmark data",
                    sector=rng.choice(SECTORS),
                    phase=rng.choice(["planning", "organizing", "actuating", "controlling"]),
                    is_published=(made + i) % 5 != 0,  # 4 in 5 are public
                    planned_start=start,
                    planned_end=start + timedelta(days=365),
                )
                for i in range(size)
            )
            places = {p.pk: rng.choice(villages) for p in partnerships}
            through = Partnership.locations.through
            through.objects.bulk_create(
                through(partnership_id=pk, region_id=code) for pk, code in places.items()
            )
            parties = Party.objects.bulk_create(
                Party(partnership=p, organisation=org)
                for p in partnerships
                for org in (
                    government_of[".".join(places[p.pk].split(".")[:2])],
                    *rng.sample(companies, rng.randint(1, 4)),
                )
            )
            by_partnership: dict[int, list[Party]] = {}
            for party in parties:
                by_partnership.setdefault(party.partnership_id, []).append(party)
            PartyRole.objects.bulk_create(
                PartyRole(party=party, role="accountable" if k == 0 else "funding")
                for group in by_partnership.values()
                for k, party in enumerate(group)
            )
            activities = Activity.objects.bulk_create(
                Activity(
                    partnership=p,
                    title=f"Kegiatan bulan {m + 1}",
                    planned_start=start + timedelta(days=30 * m),
                    planned_end=start + timedelta(days=30 * m + 29),
                    percent_complete=rng.choice([0, 25, 50, 75, 100]),
                    last_update_on=start + timedelta(days=30 * m + rng.randint(0, 40)),
                )
                for p in partnerships
                for m in range(12)
            )
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(
                    activity=a,
                    reported_on=a.planned_end,
                    percent_complete=a.percent_complete,
                    narrative="Laporan kemajuan sintetis.",
                )
                for a in activities
            )
            Transaction.objects.bulk_create(
                Transaction(
                    partnership=p,
                    type=rng.choice(["2", "3", "4"]),
                    amount=Decimal(rng.randint(1, 500)) * 1_000_000,
                    transacted_on=start + timedelta(days=rng.randint(0, 330)),
                    provider=by_partnership[p.pk][1],
                )
                for p in partnerships
                for _ in range(24)
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
                for j in range(4)
            )
            IndicatorPeriod.objects.bulk_create(
                IndicatorPeriod(
                    indicator=i,
                    period_start=start + timedelta(days=91 * q),
                    period_end=start + timedelta(days=91 * q + 90),
                    target=100,
                    actual=rng.randint(20, 120),
                )
                for i in indicators
                for q in range(4)
            )
        made += size
        print(f"  {made} partnerships", flush=True)
    user = get_user_model().objects.create_user("koordinator", password="bench-pass")
    CoordinatorScope.objects.create(user=user, region_id="33")
    get_user_model().objects.create_superuser("admin", password="bench-pass")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=50_000)
    parser.add_argument("--assess", type=int, default=2000, help="partnerships in the batch")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    print(f"== national data on PostgreSQL, {options.partnerships} partnerships", flush=True)
    timed(
        "region load on a fresh database (migrate + 91,599 regions)",
        lambda: database(True, "semanggi_bench_national"),
    )
    timed("synthetic data", lambda: generate(options.partnerships))

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from semanggi.jobs.models import Job
    from semanggi.jobs.services import job_submit
    from semanggi.partnerships.models import Partnership

    admin = get_user_model().objects.get(username="admin")
    job = timed("daily flag refresh (job)", lambda: job_submit(kind="flags_refresh", actor=None))
    print(f"  {Job.objects.get(pk=job.pk).message_en}", flush=True)
    ids = list(Partnership.objects.order_by("pk").values_list("pk", flat=True)[: options.assess])
    job = timed(
        f"assessment batch of {len(ids)} partnerships (job, every framework)",
        lambda: job_submit(kind="assessment_batch", actor=admin, params={"partnerships": ids}),
    )
    print(f"  {Job.objects.get(pk=job.pk).message_en}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "backup.tar.gz"
        timed("full backup (semanggi backup)", lambda: call_command("backup", str(target)))
        print(f"  archive: {target.stat().st_size / 1e6:.1f} MB", flush=True)
    if not options.keep:
        print("(database semanggi_bench_national kept only with --keep)")


if __name__ == "__main__":
    main()
