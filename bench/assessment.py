"""Benchmark: assess every partnership of a region of 10,000 partnerships.

    .venv/bin/python bench/assessment.py                 # SQLite in a temporary directory
    .venv/bin/python bench/assessment.py --postgres      # a scratch PostgreSQL database
    .venv/bin/python bench/assessment.py --partnerships 2000

It builds the region in bulk (each partnership with two parties, contributions, objectives,
decisions, a work plan with dependencies, a handover, an agreement, a joint team, an indicator
and a progress update; 10 % of them studied, with informants, sources, coded segments and
findings), then reads the core's cases in batches with ``cases_for`` and assesses each one
against every shipped framework. It prints the time per partnership and the number of
queries per batch, which must be the same for every batch: the reads work in sets, never
per partnership. A benchmark, not a test: nothing fails on time. The aim is under 20 ms per
partnership on PostgreSQL.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "semanggi_bench"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--studied", type=float, default=0.10, help="share with evidence")
    parser.add_argument("--batch", type=int, default=500, help="partnerships per read")
    parser.add_argument("--postgres", action="store_true", help="use a scratch PostgreSQL db")
    parser.add_argument("--server", default=POSTGRES_SERVER, help="PostgreSQL server URL")
    return parser.parse_args()


def configure(args: argparse.Namespace, scratch: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "semanggi.settings"
    os.environ["SEMANGGI_DATA_DIR"] = str(scratch)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    if args.postgres:
        import psycopg

        with psycopg.connect(
            args.server.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            c.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
            c.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        os.environ["DATABASE_URL"] = args.server.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()


def drop(args: argparse.Namespace) -> None:
    if not args.postgres:
        return
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(args.server.replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def build(count: int, studied: float) -> list[int]:
    """The region's partnerships, in bulk; returns their ids."""
    from django.contrib.auth import get_user_model

    from semanggi.evidence.models import Code, Finding, Informant, Segment, Source, Study
    from semanggi.organisations.models import Organisation
    from semanggi.partnerships.models import (
        Agreement,
        Contribution,
        Objective,
        Partnership,
        Party,
        PartyRole,
    )
    from semanggi.poac.models import (
        Activity,
        Decision,
        DecisionParty,
        Forum,
        Handover,
        Indicator,
        IndicatorPeriod,
        ProgressUpdate,
        Responsibility,
    )
    from semanggi.regions.tests.factories import regions_create

    regions_create()
    villages = ["33.72.03.1001", "33.72.03.1002"]
    lead = get_user_model().objects.create_user("bench", "bench@example.org", "x")
    governments = Organisation.objects.bulk_create(
        Organisation(name=f"Dinas {n}", slug=f"dinas-{n}", kind="regional_unit") for n in range(20)
    )
    companies = Organisation.objects.bulk_create(
        Organisation(name=f"Bank {n}", slug=f"bank-{n}", kind="bank" if n % 2 else "company")
        for n in range(50)
    )
    batch = 2000
    partnerships = Partnership.objects.bulk_create(
        (
            Partnership(
                title=f"Kemitraan {n}",
                slug=f"kemitraan-{n}",
                sector="12230",
                phase="actuating",
                is_published=True,
            )
            for n in range(count)
        ),
        batch_size=batch,
    )
    Location = Partnership.locations.through
    Location.objects.bulk_create(
        (
            Location(partnership_id=p.pk, region_id=villages[n % 2])
            for n, p in enumerate(partnerships)
        ),
        batch_size=batch,
    )
    parties = Party.objects.bulk_create(
        (
            Party(partnership=p, organisation=organisation)
            for n, p in enumerate(partnerships)
            for organisation in (governments[n % 20], companies[n % 50])
        ),
        batch_size=batch,
    )
    pairs = [(parties[2 * n], parties[2 * n + 1]) for n in range(count)]
    PartyRole.objects.bulk_create(
        (
            PartyRole(party=party, role=role)
            for gov, firm in pairs
            for party, role in ((gov, "accountable"), (firm, "funding"), (firm, "implementing"))
        ),
        batch_size=batch,
    )
    Contribution.objects.bulk_create(
        (
            Contribution(party=party, kind=kind, description="x", planned_value=value)
            for n, (gov, firm) in enumerate(pairs)
            for party, kind, value in (
                (firm, "money", Decimal(1_000_000 * (n % 7 + 1))),
                (firm, "construction", None),
                (gov, "land" if n % 3 else "staff", Decimal(300_000) if n % 3 else None),
            )
        ),
        batch_size=batch,
    )
    objectives = Objective.objects.bulk_create(
        (
            Objective(partnership=p, party=party, text="Tujuan")
            for p, (gov, firm) in zip(partnerships, pairs, strict=True)
            for party in (None, gov, firm)
        ),
        batch_size=batch,
    )
    decisions = Decision.objects.bulk_create(
        (
            Decision(partnership=p, decided_on=date(2020, 1, 1 + k), subject=subject, text="x")
            for p in partnerships
            for k, subject in enumerate(("planning", "budget"))
        ),
        batch_size=batch,
    )
    DecisionParty.objects.bulk_create(
        (
            DecisionParty(decision=decisions[2 * n + k], party=party, involvement=level)
            for n, (gov, firm) in enumerate(pairs)
            for k in range(2)
            for party, level in (
                (gov, "joint" if k == 0 else ("consulted" if n % 2 else "informed")),
                (firm, "joint" if k == 0 else "alone"),
            )
        ),
        batch_size=batch,
    )
    activities = Activity.objects.bulk_create(
        (
            Activity(
                partnership=p,
                title=f"Kegiatan {k}",
                planned_start=date(2020, 1 + k, 1),
                planned_end=date(2020, 2 + k, 1),
                percent_complete=100 if k < 2 else 50,
            )
            for p in partnerships
            for k in range(3)
        ),
        batch_size=batch,
    )
    Depends = Activity.depends_on.through
    Depends.objects.bulk_create(
        (
            Depends(
                from_activity_id=activities[3 * n + k].pk,
                to_activity_id=activities[3 * n + k - 1].pk,
            )
            for n in range(count)
            for k in (1, 2)
        ),
        batch_size=batch,
    )
    Responsibility.objects.bulk_create(
        (
            Responsibility(activity=activities[3 * n + k], party=party, letter=letter)
            for n, (gov, firm) in enumerate(pairs)
            for k in range(3)
            for party, letter in (
                ((gov, "A"), (firm, "R")) if k else ((gov, "R"), (gov, "A"), (firm, "C"))
            )
        ),
        batch_size=batch,
    )
    ProgressUpdate.objects.bulk_create(
        (
            ProgressUpdate(
                activity=activities[3 * n + 1], reported_on=date(2020, 3, 1), percent_complete=100,
                narrative="Selesai",
            )
            for n in range(count)
        ),
        batch_size=batch,
    )  # fmt: skip
    agreements = Agreement.objects.bulk_create(
        (Agreement(partnership=p, kind="mou" if n % 2 else "bast", title="Perjanjian")
         for n, p in enumerate(partnerships)),
        batch_size=batch,
    )  # fmt: skip
    Signed = Agreement.parties.through
    Signed.objects.bulk_create(
        (
            Signed(agreement_id=agreements[n].pk, party_id=party.pk)
            for n, pair in enumerate(pairs)
            for party in pair
        ),
        batch_size=batch,
    )
    Handover.objects.bulk_create(
        (
            Handover(partnership=p, asset="Gedung", from_party=firm, to_party=gov)
            for p, (gov, firm) in zip(partnerships, pairs, strict=True)
        ),
        batch_size=batch,
    )
    Forum.objects.bulk_create(
        (Forum(partnership=p, kind="team", name="Tim") for p in partnerships), batch_size=batch
    )
    indicators = Indicator.objects.bulk_create(
        (
            Indicator(
                partnership=p, objective=objectives[3 * n], name="Hasil", kind="output",
                unit="unit", accountable=pairs[n][0],
            )
            for n, p in enumerate(partnerships)
        ),
        batch_size=batch,
    )  # fmt: skip
    IndicatorPeriod.objects.bulk_create(
        (
            IndicatorPeriod(
                indicator=indicator, period_start=date(2020, 1, 1), period_end=date(2020, 12, 31),
                target=Decimal(10), actual=Decimal(10 if n % 4 else 5),
                approved_at=None if n % 5 == 0 else datetime(2021, 1, 5, tzinfo=UTC),
            )
            for n, indicator in enumerate(indicators)
        ),
        batch_size=batch,
    )  # fmt: skip

    step = max(1, round(1 / studied)) if studied > 0 else 0
    chosen = list(range(0, count, step)) if step else []
    studies = Study.objects.bulk_create(Study(title=f"Studi {n}", lead=lead) for n in chosen)
    Studied = Study.partnerships.through
    Studied.objects.bulk_create(
        Studied(study_id=s.pk, partnership_id=partnerships[n].pk)
        for s, n in zip(studies, chosen, strict=True)
    )
    informants = Informant.objects.bulk_create(
        Informant(study=s, code=f"INF-0{k}", label=label, sampling="purposive", party=party)
        for s, n in zip(studies, chosen, strict=True)
        for k, (label, party) in enumerate(
            (("staf dinas", pairs[n][0]), ("petugas CSR", pairs[n][1])), 1
        )
    )
    text = "Bank mengerjakan semuanya sendiri. Dinas hanya menerima hasilnya. Kami paham tujuannya."
    sources = Source.objects.bulk_create(
        Source(study=s, kind=kind, title=f"Sumber {kind}", text=text)
        for s in studies
        for kind in ("interview", "interview", "document")
    )
    Voices = Source.informants.through
    Voices.objects.bulk_create(
        Voices(source_id=sources[3 * i + k].pk, informant_id=informants[2 * i + k].pk)
        for i in range(len(studies))
        for k in range(2)
    )
    codes = Code.objects.bulk_create(
        Code(study=s, name=name, indicator=indicator, direction=direction, party=party)
        for s, n in zip(studies, chosen, strict=True)
        for name, indicator, direction, party in (
            ("timpang", "K1", -1, None),
            ("mandiri", "K10", 1, pairs[n][1]),
            ("paham dinas", "K3", 1, pairs[n][0]),
            ("paham bank", "K3", 1, pairs[n][1]),
        )
    )
    segments = Segment.objects.bulk_create(
        Segment(source=sources[3 * i + k], start=start, end=end)
        for i in range(len(studies))
        for k in range(3)
        for start, end in ((0, 34), (68, 88))
    )
    Coded = Segment.codes.through
    Coded.objects.bulk_create(
        Coded(segment_id=segments[6 * i + 2 * k + m].pk, code_id=codes[4 * i + c].pk)
        for i in range(len(studies))
        for k in range(3)
        for m, c in ((0, 0), (0, 1), (1, 2 + (k % 2)))
    )
    findings = Finding.objects.bulk_create(
        Finding(study=s, statement="Kontribusi timpang", indicator="K1", direction=-1)
        for s in studies
    )
    Supports = Finding.supporting.through
    Supports.objects.bulk_create(
        Supports(finding_id=f.pk, segment_id=segments[6 * i + 2 * k].pk)
        for i, f in enumerate(findings)
        for k in range(3)
    )
    return [p.pk for p in partnerships]


def run(ids: list[int], size: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from semanggi.assessment.selectors import cases_for
    from semanggi.core.assessment import assess, available_frameworks, load_framework

    frameworks = [load_framework(f) for f in available_frameworks()]
    read_time = assess_time = 0.0
    queries = []
    labels = 0
    evidence = studied = 0
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            cases = cases_for(chunk)
        read = time.perf_counter()
        for case in cases.values():
            evidence += len(case.evidence)
            studied += bool(case.evidence)
            for framework in frameworks:
                labels += len(assess(case, framework).labels())
        done = time.perf_counter()
        read_time += read - began
        assess_time += done - read
        queries.append(len(captured.captured_queries))
    n = len(ids)
    total = read_time + assess_time
    print(f"database            {connection.vendor}")
    print(f"partnerships        {n} ({len(queries)} batches of up to {size})")
    print(f"frameworks          {len(frameworks)}: {', '.join(f.id for f in frameworks)}")
    print(f"labels scored       {labels}")
    print(f"with evidence       {studied} partnerships, {evidence} coded segments in all")
    print(f"queries per batch   {sorted(set(queries))} (total {sum(queries)})")
    print(f"read (cases_for)    {read_time:8.2f} s  {1000 * read_time / n:7.2f} ms/partnership")
    print(f"assess (core)       {assess_time:8.2f} s  {1000 * assess_time / n:7.2f} ms/partnership")
    print(f"total               {total:8.2f} s  {1000 * total / n:7.2f} ms/partnership")
    per_framework = 1000 * assess_time / n / len(frameworks)
    print(f"assess, one framework          {per_framework:7.2f} ms/partnership")
    if len(set(queries)) != 1:
        print("WARNING: the number of queries differs between batches", file=sys.stderr)


def main() -> None:
    args = parse()
    with tempfile.TemporaryDirectory(prefix="semanggi-bench-") as scratch:
        configure(args, Path(scratch))
        try:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            began = time.perf_counter()
            ids = build(args.partnerships, args.studied)
            print(f"built in {time.perf_counter() - began:.1f} s")
            run(ids, args.batch)
        finally:
            drop(args)


if __name__ == "__main__":
    main()
