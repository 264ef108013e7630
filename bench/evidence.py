"""Benchmark of the evidence workbench (a script, not a timed test).

Builds a study of 1,000 sources of about 5 KB and 50,000 coded segments in a fresh
database (a temporary SQLite file by default, or a PostgreSQL database made for the run and
dropped after it), then prints:

- the import of 50 sources through the path the upload page uses (form, text extraction,
  service), from .txt, .md, .html, .docx and .pdf files;
- the time to code a segment through the API, median and p95 over 1,000 requests, while the
  study holds 50,000 segments, and the same in a 1 MB source (coding must not depend on it);
- the time of each display (the four matrices, code co-occurrence, the displays page);
- the QDPX export and import times, and whether export → import → export gives the same bytes.

Aims: coding a segment p95 under 10 ms, independent of source length; QDPX export under 10 s.

    .venv/bin/python bench/evidence.py [--postgres] [--sources 1000] [--segments 50000]
"""

import argparse
import os
import random
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
# SEMANGGI_BENCH_DATABASE: another name, for runs side by side on one PostgreSQL server.
DATABASE = os.environ.get("SEMANGGI_BENCH_DATABASE", "semanggi_bench_evidence")
VOCABULARY = (
    "puskesmas dinkes bank kemitraan rencana anggaran rapat warga pasien gedung dana csr "
    "lurah kelurahan semanggi pembangunan pelayanan kesehatan perjanjian kerja sama pihak "
    "bersama tanggung jawab laporan kegiatan pengawasan evaluasi koordinasi tim forum "
    "keputusan usulan persetujuan serah terima bangunan alat tenaga medis antrean layanan"
)
WORDS = VOCABULARY.split()


def _database(postgres: bool) -> str:
    """Point Django at a fresh, migrated database (and a temporary data folder)."""
    folder = tempfile.mkdtemp(prefix="semanggi-bench-evidence-")
    os.environ["SEMANGGI_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semanggi.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    if postgres:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            connection.execute(f"CREATE DATABASE {DATABASE}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
        # Persistent connections, as a production site runs (DATABASE_CONN_MAX_AGE): without
        # them every request opens a new PostgreSQL connection, a few milliseconds each.
        os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def _drop(postgres: bool) -> None:
    if not postgres:
        return
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


def _text(rng: random.Random, size: int) -> str:
    lines, line, length = [], [], 0
    while length < size:
        word = rng.choice(WORDS)
        line.append(word)
        length += len(word) + 1
        if len(line) > 12 and rng.random() < 0.2:
            lines.append(("P: " if rng.random() < 0.3 else "J: ") + " ".join(line) + ".")
            line = []
    lines.append(" ".join(line) + " 👍")
    return "\n".join(lines) + "\n"


def _timed(label: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - started:.2f} s", flush=True)
    return result


def _spread(label: str, times: list[float]) -> float:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{label}: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms "
        f"over {len(times)} requests",
        flush=True,
    )
    return p95


def build(sources: int, segments: int) -> dict[str, Any]:
    """The study: informants in a referral chain, the default codebook, sources and coded
    segments, made in bulk (set-up, not what is measured)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from semanggi.evidence.models import (
        Code,
        Finding,
        Informant,
        Sampling,
        Segment,
        Source,
        SourceKind,
        Study,
    )
    from semanggi.evidence.services import codebook_create_default
    from semanggi.organisations.models import Organisation
    from semanggi.partnerships.models import Partnership, Party

    rng = random.Random(11)
    lead = get_user_model().objects.create_user("eva", "eva@example.org", "eva-pass")
    with transaction.atomic():
        partnership = Partnership.objects.create(
            title="Kemitraan uji", slug="uji", sector="12230", phase="actuating"
        )
        parties = [
            Party.objects.create(
                partnership=partnership,
                organisation=Organisation.objects.create(name=name, slug=slug, kind=kind),
            )
            for name, slug, kind in (
                ("Dinas Kesehatan", "dinkes", "regional_unit"),
                ("Bank X", "bank-x", "bank"),
            )
        ]
        study = Study.objects.create(title="Studi beban", lead=lead)
        study.partnerships.add(partnership)
        informants: list[Informant] = []
        for n in range(50):
            informants.append(
                Informant.objects.create(
                    study=study,
                    code=f"INF-{n:02d}",
                    label=rng.choice(["staf Dinkes", "staf bank", "warga", "kader"]),
                    sampling=Sampling.SNOWBALL if n else Sampling.PURPOSIVE,
                    referred_by=informants[rng.randrange(n)] if n else None,
                    party=rng.choice([*parties, None]),
                )
            )
        codebook_create_default(study=study)
        codes = list(Code.objects.filter(study=study, codable=True).values_list("pk", flat=True))
        kinds = list(SourceKind.values)
        rows = Source.objects.bulk_create(
            Source(
                study=study,
                kind=kinds[n % 4],
                title=f"Sumber {n}",
                text=(text := _text(rng, 5_000)),
                text_length=len(text),
                party=parties[n % 2] if kinds[n % 4] == "document" else None,
            )
            for n in range(sources)
        )
        Source.informants.through.objects.bulk_create(
            Source.informants.through(source_id=s.pk, informant_id=rng.choice(informants).pk)
            for s in rows
            if s.kind in ("interview", "observation")
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
                    spans.append(Segment(source=source, start=span[0], end=span[1]))
        made = Segment.objects.bulk_create(spans, batch_size=5_000)
        Segment.codes.through.objects.bulk_create(
            (
                Segment.codes.through(segment_id=s.pk, code_id=c)
                for s in made
                for c in rng.sample(codes, rng.choice([1, 1, 2]))
            ),
            batch_size=10_000,
        )
        for n in range(50):
            finding = Finding.objects.create(study=study, statement=f"Temuan {n}")
            cited = rng.sample(made, 6)
            finding.supporting.set(cited[:5])
            finding.contradicting.set(cited[5:])
    if connection.vendor == "sqlite":
        # The bulk set-up leaves a large write-ahead log; fold it in, as a running site has.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"study": study, "lead": lead, "codes": codes, "sources": rows, "informants": informants}


def import_sources(world: dict[str, Any], count: int) -> None:
    """Sources through the upload page's path: the form, then the service."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from semanggi.evidence.forms import SourceForm
    from semanggi.evidence.services import source_create_from_form
    from semanggi.evidence.tests.factories import docx_bytes, pdf_bytes

    rng = random.Random(5)
    files = []
    for n in range(count):
        text = _text(rng, 5_000)
        kind = n % 5
        if kind == 0:
            files.append((f"wawancara-{n}.txt", text.encode()))
        elif kind == 1:
            files.append((f"catatan-{n}.md", ("# Catatan\n\n" + text).encode()))
        elif kind == 2:
            body = "".join(f"<p>{line}</p>" for line in text.splitlines())
            files.append((f"berita-{n}.html", f"<html><body>{body}</body></html>".encode()))
        elif kind == 3:
            files.append((f"pks-{n}.docx", docx_bytes(text.splitlines())))
        else:
            ascii_lines = [line.encode("ascii", "ignore").decode() for line in text.splitlines()]
            files.append((f"laporan-{n}.pdf", pdf_bytes(ascii_lines[:50])))

    def run() -> None:
        for name, data in files:
            form = SourceForm(
                {"kind": "document", "title": name},
                {"upload": SimpleUploadedFile(name, data)},
                study=world["study"],
            )
            assert form.is_valid(), form.errors
            source_create_from_form(form=form, actor=world["lead"])

    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(
        f"import {count} sources through the upload path (.txt/.md/.html/.docx/.pdf): "
        f"{elapsed:.2f} s, {elapsed / count * 1000:.1f} ms per source",
        flush=True,
    )


def code_segments(world: dict[str, Any], requests: int) -> None:
    """Coding through the API with the browser's session, as coding.js does."""
    import json

    from django.test import Client

    from semanggi.evidence.models import Segment, Source
    from semanggi.evidence.services import source_create

    client = Client()
    client.force_login(world["lead"])
    rng = random.Random(3)
    study = world["study"]
    print(f"segments in the study: {Segment.objects.filter(source__study=study).count()}")

    def post(source: Any) -> float:
        start = rng.randrange(source.text_length - 100)
        body = {
            "start": start,
            "end": start + rng.randint(5, 90),
            "codes": [rng.choice(world["codes"])],
        }
        url = f"/api/studies/{study.pk}/sources/{source.pk}/segments"
        began = time.perf_counter()
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        took = (time.perf_counter() - began) * 1000
        assert response.status_code == 201, response.content
        return took

    sources = world["sources"]
    for _ in range(20):  # warm-up
        post(rng.choice(sources))
    p95 = _spread(
        "code a segment through the API (5 KB sources)",
        [post(rng.choice(sources)) for _ in range(requests)],
    )
    big = source_create(
        study=study,
        actor=world["lead"],
        kind="interview",
        title="Panjang",
        text=_text(rng, 1_000_000),
    )
    big = Source.objects.only("pk", "study_id", "text_length").get(pk=big.pk)
    p95_big = _spread(
        f"code a segment through the API (a {big.text_length:,}-character source)",
        [post(big) for _ in range(requests // 5)],
    )
    print(f"  aim p95 < 10 ms: {'met' if max(p95, p95_big) < 10 else 'NOT met'}")


def show_displays(world: dict[str, Any]) -> None:
    from django.test import Client

    from semanggi.evidence import displays

    study = world["study"]
    for name, build_matrix in displays.MATRICES.items():
        _timed(f"display {name}", lambda b=build_matrix: b(study=study))
    _timed("display code co-occurrence", lambda: displays.cooccurrence(study=study))
    client = Client()
    client.force_login(world["lead"])
    _timed(
        "displays page (four matrices, referral graph, timeline)",
        lambda: client.get(f"/studies/{study.pk}/displays/"),
    )
    _timed(
        "findings table (50 findings triangulated)",
        lambda: client.get(f"/studies/{study.pk}/findings/"),
    )


def exchange(world: dict[str, Any]) -> None:
    from semanggi.evidence.exchange import study_import_qdpx, study_qdpx

    study = world["study"]
    data = _timed("QDPX export", lambda: study_qdpx(study=study))
    print(f"  {len(data) / 2**20:.1f} MB")
    outcome = _timed(
        "QDPX import (into a new study)",
        lambda: study_import_qdpx(
            lead=world["lead"], data=data, partnerships=list(study.partnerships.all())
        ),
    )
    again = study_qdpx(study=outcome.study)
    print(f"  dropped on import: {len(outcome.report.dropped)} entries")
    print(f"  export → import → export gives the same bytes: {again == data}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL")
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=1_000)
    arguments = parser.parse_args()
    _database(arguments.postgres)
    try:
        from django.db import connection

        print(f"database: {connection.vendor}")
        world = _timed(
            f"build: {arguments.sources} sources, {arguments.segments} segments",
            lambda: build(arguments.sources, arguments.segments),
        )
        import_sources(world, 50)
        code_segments(world, arguments.requests)
        show_displays(world)
        exchange(world)
    finally:
        _drop(arguments.postgres)


if __name__ == "__main__":
    main()
