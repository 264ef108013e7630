"""A real Semanggi server process on its own database, for the concurrency tests and the
concurrency benchmark: migrated, seeded with the fixture world plus what the races need
(tokens, an indicator to approve, a study with a source and codes), served by Django's
threaded server on a free port of 127.0.0.1.

On SQLite the server gets a database file of its own (in a temporary folder); with
``DATABASE_URL`` pointing at PostgreSQL, a database of its own beside that one
(``<name>_live``), dropped and made again each time.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCE_LENGTH = 5000


def seed() -> dict[str, Any]:
    """Inside a configured Django process: the fixture world and the races' records."""
    from django.db import transaction

    from semanggi.access.services import api_token_create
    from semanggi.evidence.models import Code, Source, Study
    from semanggi.poac.models import Indicator, IndicatorPeriod
    from semanggi.testing.world import world_create

    with transaction.atomic():
        world = world_create()
        world.dinkes.memberships.create(user=world.charlie)
        dinkes = world.semanggi.parties.get(organisation=world.dinkes)
        indicator = Indicator.objects.create(
            partnership=world.semanggi,
            name="Kunjungan",
            kind="outcome",
            unit="orang",
            accountable=dinkes,
        )
        period = IndicatorPeriod.objects.create(
            indicator=indicator,
            period_start="2026-01-01",
            period_end="2026-06-30",
            target=10,
            actual=8,
        )
        study = Study.objects.create(title="Studi serentak", lead=world.eva)
        study.team.add(world.kurnia)
        text = "".join(chr(ord("a") + i % 26) for i in range(SOURCE_LENGTH))
        source = Source.objects.create(
            study=study, kind="interview", title="Wawancara", text=text, text_length=len(text)
        )
        codes = [Code.objects.create(study=study, name=f"Kode {n}") for n in range(6)]
        return {
            "tokens": {
                name: api_token_create(user=getattr(world, name), name="live")
                for name in ("alice", "kurnia", "bima", "eva", "charlie")
            },
            "passwords": {name: f"{name}-pass" for name in ("kurnia", "bima")},
            "partnership": world.semanggi.slug,
            "period": period.pk,
            "study": study.pk,
            "source": source.pk,
            "source_length": len(text),
            "codes": [c.pk for c in codes],
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_database(url: str) -> str:
    """A fresh database beside the one ``url`` names; its URL."""
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    live = f"{name}_live"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{live}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{live}"')
    return f"{base}/{live}"


@dataclass
class Live:
    url: str
    seed: dict[str, Any]
    engine: str
    log: Path


@contextmanager
def live_server() -> Iterator[Live]:
    """Start a migrated, seeded server; stop it (and drop nothing else) afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="semanggi-live-"))
    env = dict(os.environ)
    env.update(
        SEMANGGI_DATA_DIR=str(folder),
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="semanggi.settings",
        # The threaded server starts a thread per request: no connection to keep.
        DATABASE_CONN_MAX_AGE="0",
    )
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        env["DATABASE_URL"] = _postgres_database(database)
        engine = "postgresql"
    else:
        env.pop("DATABASE_URL", None)
        engine = "sqlite"
    command = [sys.executable, "-m", "semanggi.cli"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True)
    seeded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); "
            "from semanggi.testing.live import seed; print(json.dumps(seed()))",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = folder / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(url + "/api/openapi.json", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield Live(url=url, seed=data, engine=engine, log=log)
    finally:
        server.terminate()
        server.wait(timeout=20)


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


def call(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Answer:
    """One HTTP request with a JSON body; the answer, whatever its status."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status, answer_headers = response.status, dict(response.headers.items())
    except urllib.error.HTTPError as error:
        raw = error.read()
        status, answer_headers = error.code, dict(error.headers.items())
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return Answer(status, parsed, answer_headers)
