"""Backup and restore at size on PostgreSQL: the synthetic national dataset of national.py
(--partnerships N over the villages of all regencies, --studies S evaluations, the regions)
and --files F media files of 100 KB, built in a fresh database; then `semanggi backup`, and
`semanggi restore` into a second database that only `semanggi migrate` has seen, each run as
its own process the way an operator runs it, with its wall time, CPU time and peak memory
(maximum resident set). The rows of every table and the media files are compared between
the two installations afterwards.

With --sqlite, the archive also goes into a fresh SQLite installation (`restore`), is backed
up again from there (`backup`), and that archive is restored into a third PostgreSQL
database and compared again: the archive is portable between the two databases.

    .venv/bin/python bench/backup.py [--partnerships 2000] [--studies 50] [--files 200]
        [--sqlite] [--keep]

Without --keep the databases made for the run are dropped afterwards."""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import POSTGRES_ADMIN, ROOT, database, timed

NAME = "semanggi_bench_backup"
# The command started by a small process of its own: the peak memory of a child forked from
# this (large) one would count this one's pages.
MEASURED = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print('peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(done.returncode)"
)


def run(label: str, argv: list[str], env: dict[str, str]) -> str:
    """``semanggi argv…`` as its own process: its wall time, CPU time and peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURED, sys.executable, "-m", "semanggi", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{label} failed ({process.returncode}):\n{output}")
    *lines, peak = output.strip().splitlines()
    print(
        f"{label}: {wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU, "
        f"peak memory {int(peak.split()[1]) / 1024:.0f} MiB",
        flush=True,
    )
    print("  " + lines[-1], flush=True)
    return output


def installation(url: str, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(
        DATABASE_URL=url,
        SEMANGGI_DATA_DIR=str(data),
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="semanggi.settings",
    )
    return env


def postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def counts(url: str, tables: list[str]) -> dict[str, int]:
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return {
                t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
            }
    import psycopg

    with psycopg.connect(url) as connection:
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def same(
    label: str, expected: dict[str, int], url: str, files: dict[str, str], media: Path
) -> None:
    found = counts(url, list(expected))
    differ = {t: (n, found[t]) for t, n in expected.items() if found[t] != n}
    print(
        f"  {label}: {sum(found.values()):,} rows in {len(found)} tables, "
        f"{'the same' if not differ else f'DIFFERENT {differ}'}; media files "
        f"{'the same' if digests(media) == files else 'DIFFERENT'}",
        flush=True,
    )
    if differ or digests(media) != files:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=2000)
    parser.add_argument("--studies", type=int, default=50)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="semanggi-bench-backup-"))
    os.environ["SEMANGGI_DATA_DIR"] = str(scratch / "source")
    print(f"== backup and restore on PostgreSQL, {options.partnerships} partnerships", flush=True)
    timed("region load on a fresh database (migrate + regions)", lambda: database(True, NAME))
    from national import generate, generate_studies

    timed("synthetic data", lambda: generate(options.partnerships))
    timed("synthetic studies", lambda: generate_studies(options.studies, 200, 10_000))

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection

    from semanggi.ops.backup import row_counts

    for n in range(options.files):
        default_storage.save(f"bench/{n // 50}/berkas-{n}.bin", ContentFile(os.urandom(100_000)))
    expected = row_counts()
    source_url = os.environ["DATABASE_URL"]
    media = scratch / "source" / "media"
    files = digests(media)
    connection.close()
    print(f"  {sum(expected.values()):,} rows in {len(expected)} tables, {len(files)} media files")

    archive = scratch / "semanggi.tar.gz"
    run("semanggi backup", ["backup", str(archive)], installation(source_url, scratch / "source"))
    print(f"  archive: {archive.stat().st_size / 1e6:.1f} MB", flush=True)
    made = [NAME]

    def restore_into(label: str, name: str | None, source: Path) -> tuple[str, Path]:
        folder = scratch / label
        if name is None:
            folder.mkdir()
            url = f"sqlite:///{folder}/semanggi.sqlite3"
        else:
            url = postgres(name)
            made.append(name)
        env = installation(url, folder)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "semanggi", "migrate", "-v", "0"], env=env, check=True
        )
        print(f"  ({label}: migrate {time.perf_counter() - started:.1f} s, not counted)")
        run(f"semanggi restore into {label}", ["restore", str(source)], env)
        same(label, expected, url, files, folder / "media")
        return url, folder

    restore_into("PostgreSQL", f"{NAME}_restored", archive)
    if options.sqlite:
        sqlite_url, sqlite_folder = restore_into("SQLite", None, archive)
        again = scratch / "from-sqlite.tar.gz"
        run(
            "semanggi backup of SQLite",
            ["backup", str(again)],
            installation(sqlite_url, sqlite_folder),
        )
        restore_into("PostgreSQL-from-SQLite", f"{NAME}_again", again)
    if not options.keep:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            for name in made:
                admin.execute(f"DROP DATABASE IF EXISTS {name}")
        subprocess.run(["rm", "-rf", str(scratch)], check=True)


if __name__ == "__main__":
    main()
