"""The deployment recipe, tested without a container runtime: compose.yaml is parsed, and the
processes it starts (upgrade, two application servers, two workers, the scheduler) are started
here with its own commands and environment, against the local PostgreSQL and Redis. Then a
mixed load of readers and writers crosses both servers: 0 errors, sessions and jobs shared."""

import http.cookiejar
import json
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from semanggi.ops.tests.helpers import (
    BIN,
    environment,
    free_port,
    redis_url,
    start,
    stop,
    wait_http,
)

ROOT = Path(__file__).resolve().parents[4]
APP_SERVICES = ("upgrade", "web", "worker", "scheduler")


def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    found: dict[str, Any] = compose["services"]
    return found


def test_the_compose_file_describes_the_whole_installation() -> None:
    found = services()
    assert set(found) >= {*APP_SERVICES, "postgres", "redis"}
    for name in APP_SERVICES:
        service = found[name]
        assert service["image"] == "semanggi:latest" and service["command"][0] == "semanggi"
        assert "semanggi-data:/data" in service["volumes"]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:")
    for name in ("web", "worker", "scheduler"):
        assert found[name]["depends_on"]["upgrade"]["condition"] == (
            "service_completed_successfully"
        )
    containerfile = (ROOT / "Containerfile").read_text()
    assert 'CMD ["semanggi", "serve"]' in containerfile and "healthz" in containerfile


@pytest.fixture
def database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this installation, dropped afterwards."""
    import psycopg

    admin = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"semanggi_compose_{uuid.uuid4().hex[:12]}"
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no PostgreSQL server at " + admin)
    with connection:
        connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield admin.rsplit("/", 1)[0] + "/" + name
        finally:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def service_env(service: dict[str, Any], **local: str) -> dict[str, str]:
    """The service's environment from compose.yaml, with the addresses of this machine."""
    values = {k: str(v) for k, v in service["environment"].items()}
    values.update(local)
    return environment(**values)


def run(command: list[str], env: dict[str, str], *, extra: tuple[str, ...] = ()) -> str:
    argv = [str(BIN / command[0]), *command[1:], *extra]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Browser:
    """A client with its own cookies (its session), speaking to any of the servers."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, request: urllib.request.Request | str) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")


def test_the_compose_commands_run_two_servers_and_two_workers_with_zero_errors(
    tmp_path: Path, database: str
) -> None:
    broker = redis_url()
    found = services()
    local = {
        "DATABASE_URL": database,
        "REDIS_URL": broker,
        "SEMANGGI_QUEUE": f"semanggi-test-{uuid.uuid4().hex}",
        "SEMANGGI_DATA_DIR": str(tmp_path / "data"),  # the shared volume
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "INFO",
    }
    run(found["upgrade"]["command"], service_env(found["upgrade"], **local))
    admin_env = service_env(found["upgrade"], **local, DJANGO_SUPERUSER_PASSWORD="Rahasia-Ops-2026")
    run(["semanggi", "load_demo"], admin_env)
    run(
        ["semanggi", "createsuperuser", "--noinput"],
        admin_env,
        extra=("--username", "ops", "--email", "ops@example.go.id"),
    )
    token = run(["semanggi", "create_api_token", "ops"], admin_env).strip().splitlines()[-1]

    processes: list[subprocess.Popen[bytes]] = []
    ports = [free_port(), free_port()]
    try:
        for index, port in enumerate(ports):
            env = service_env(
                found["web"], **local, SEMANGGI_BIND=f"127.0.0.1:{port}", SEMANGGI_WORKERS="2"
            )
            processes.append(start(found["web"]["command"], env, tmp_path / f"web{index}.log"))
        for index in range(2):
            env = service_env(found["worker"], **local, SEMANGGI_WORKER_CONCURRENCY="1")
            processes.append(
                start(found["worker"]["command"], env, tmp_path / f"worker{index}.log")
            )
        scheduler_env = service_env(found["scheduler"], **local)
        processes.append(start(found["scheduler"]["command"], scheduler_env, tmp_path / "beat.log"))

        for port in ports:
            health = wait_http(f"http://127.0.0.1:{port}/healthz", seconds=120)
            body = json.loads(health.read())
            assert health.status == 200 and body["checks"]["queue"]["detail"] == "redis", body

        # A session opened on one server is valid on the other (sessions in the database).
        person = Browser()
        base = [f"http://127.0.0.1:{port}" for port in ports]
        person.open(base[0] + "/accounts/login/")
        form = urllib.parse.urlencode(
            {
                "username": "ops",
                "password": "Rahasia-Ops-2026",
                "csrfmiddlewaretoken": person.csrf(),
            }
        ).encode()
        login = urllib.request.Request(
            base[0] + "/accounts/login/", data=form, headers={"Referer": base[0] + "/"}
        )
        status, _ = person.open(login)
        assert status == 200
        status, page = person.open(base[1] + "/jobs/")
        assert status == 200 and b"ops" in page

        def api(index: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
            data = json.dumps(body).encode() if body is not None else None
            request = urllib.request.Request(
                base[index % 2] + path,
                data=data,
                method=method,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            status, raw = Browser().open(request)
            return status, json.loads(raw) if raw.startswith((b"{", b"[")) else raw

        reads = [
            "/",
            "/partnerships/",
            "/partnerships/bina-kesehatan-semanggi/",
            "/regions/33.72/",
            "/dashboard/",
            "/api/partnerships",
            "/api/regions?q=Surakarta",
            "/healthz",
        ]

        def reader(index: int) -> int:
            status, _ = Browser().open(base[index % 2] + reads[index % len(reads)])
            return status

        def writer(index: int) -> tuple[int, Any]:
            kind = "flags_refresh" if index % 2 else "assessment_batch"
            return api(index, "POST", "/api/jobs", {"kind": kind})

        with ThreadPoolExecutor(max_workers=8) as pool:
            read_results = pool.map(reader, range(160))
            write_results = pool.map(writer, range(16))
            statuses = list(read_results)
            submitted = list(write_results)
        assert [s for s in statuses if s != 200] == []
        assert [s for s, _ in submitted if s != 202] == []

        # Every job is finished by one of the workers, read back through either server.
        pending = {body["id"] for _, body in submitted}
        deadline = time.monotonic() + 240
        outcomes: dict[str, str] = {}
        while pending and time.monotonic() < deadline:
            for index, job_id in enumerate(sorted(pending)):
                status, body = api(index, "GET", f"/api/jobs/{job_id}")
                assert status == 200
                if body["status"] in ("succeeded", "failed"):
                    outcomes[job_id] = body["status"] + ":" + body["error"]
                    pending.discard(job_id)
            time.sleep(1)
        assert not pending and set(outcomes.values()) == {"succeeded:"}, outcomes
        ran = [
            len(re.findall(r"semanggi\.jobs\.run\[", (tmp_path / f"worker{i}.log").read_text()))
            for i in range(2)
        ]
        assert sum(ran) >= 16
        assert all(p.poll() is None for p in processes), "a process stopped"
        assert "beat" in (tmp_path / "beat.log").read_text().lower()
    finally:
        for process in processes:
            stop(process)
    errors = [
        line
        for i in range(2)
        for line in (tmp_path / f"web{i}.log").read_text().splitlines()
        if '"status": 5' in line or "Traceback" in line
    ]
    assert errors == []
