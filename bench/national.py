"""National-scale data and the background work at that size, on PostgreSQL: a synthetic
dataset (every title starts with "[SINTETIS]") of partnerships over the villages of all
regencies, 2 to 5 parties each, a year of activities, progress updates, transactions and
indicators; then the region load, the daily flag refresh, an assessment batch and a full
backup, each run as the production runs it (jobs, `semanggi backup`) and timed.

    .venv/bin/python bench/national.py [--partnerships 50000] [--studies 1000]
        [--largest-sources 1000] [--largest-segments 50000] [--assess 2000] [--keep]
        [--database semanggi_bench_national]

Studies: --studies evaluations, each of one partnership, led by the user `peneliti`; the
largest holds --largest-sources sources of about 5 KB and --largest-segments coded segments,
every other one 5 sources of about 2 KB with 20 coded segments each.

With --keep the database (--database, semanggi_bench_national unless said) stays for
bench/http_load.py (BENCH_DATABASE_URL=postgres://…/NAME for another name than the default),
so that the same load can be run at two sizes."""

import argparse
import random
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _setup import database, timed
from evidence import _text

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


def generate_studies(count: int, largest_sources: int, largest_segments: int) -> None:
    """Evaluations in bulk: the largest first, then small ones (set-up, not measured)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from semanggi.evidence.models import Code, Segment, Source, Study
    from semanggi.evidence.services import codebook_create_default
    from semanggi.partnerships.models import Partnership

    rng = random.Random(13)
    lead = get_user_model().objects.create_user("peneliti", password="bench-pass")
    evaluated = list(Partnership.objects.order_by("pk").values_list("pk", flat=True)[:count])
    texts = [_text(rng, 5_000) for _ in range(50)] + [_text(rng, 2_000) for _ in range(50)]

    def add_sources(study: Study, number: int, segments: int, long: bool) -> None:
        codes = list(Code.objects.filter(study=study, codable=True).values_list("pk", flat=True))
        rows = Source.objects.bulk_create(
            Source(
                study=study,
                kind="interview" if n % 2 else "document",
                title=f"[SINTETIS] Sumber {n}",
                text=(text := texts[rng.randrange(50) + (0 if long else 50)]),
                text_length=len(text),
            )
            for n in range(number)
        )
        per_source = max(segments // len(rows), 1)
        spans = []
        for source in rows:
            taken: set[tuple[int, int]] = set()  # one segment per span
            while len(taken) < per_source:
                start = rng.randrange(source.text_length - 200)
                span = (start, start + rng.randint(20, 200))
                if span not in taken:
                    taken.add(span)
                    spans.append(
                        Segment(source=source, start=span[0], end=span[1], created_by=lead)
                    )
        made = Segment.objects.bulk_create(spans, batch_size=5_000)
        Segment.codes.through.objects.bulk_create(
            (Segment.codes.through(segment_id=s.pk, code_id=rng.choice(codes)) for s in made),
            batch_size=10_000,
        )

    for n, partnership in enumerate(evaluated):
        with transaction.atomic():
            study = Study.objects.create(
                title=f"[SINTETIS] Evaluasi {n}", lead=lead, status="analysis"
            )
            study.partnerships.add(partnership)
            if n == 0:
                codebook_create_default(study=study)
                add_sources(study, largest_sources, largest_segments, long=True)
            else:
                Code.objects.bulk_create(
                    Code(study=study, name=f"Kode {k}", colour="#1f6f43") for k in range(8)
                )
                add_sources(study, 5, 100, long=False)
        if (n + 1) % 200 == 0 or n + 1 == len(evaluated):
            print(f"  {n + 1} studies", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=50_000)
    parser.add_argument("--studies", type=int, default=1000)
    parser.add_argument("--largest-sources", type=int, default=1000)
    parser.add_argument("--largest-segments", type=int, default=50_000)
    parser.add_argument("--assess", type=int, default=2000, help="partnerships in the batch")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--database",
        default="semanggi_bench_national",
        help="the PostgreSQL database to make (http_load.py reads BENCH_DATABASE_URL)",
    )
    options = parser.parse_args()
    print(f"== national data on PostgreSQL, {options.partnerships} partnerships", flush=True)
    timed(
        "region load on a fresh database (migrate + 91,599 regions)",
        lambda: database(True, options.database),
    )
    timed("synthetic data", lambda: generate(options.partnerships))
    timed(
        "synthetic studies",
        lambda: generate_studies(
            options.studies, options.largest_sources, options.largest_segments
        ),
    )

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
        print(f"(database {options.database} kept only with --keep)")


if __name__ == "__main__":
    main()
