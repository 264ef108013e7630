"""The production server and `check --deploy`, run as real processes."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from semanggi.ops.management.commands.serve import gunicorn_argv
from semanggi.ops.tests.helpers import BIN, environment, free_port, start, stop, wait_http

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DEBUG": "false",
    "ALLOWED_HOSTS": "semanggi.example.go.id,127.0.0.1",
    "CSRF_TRUSTED_ORIGINS": "https://semanggi.example.go.id",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
    "LOG_FORMAT": "json",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = environment(SEMANGGI_DATA_DIR=str(tmp_path), **PRODUCTION)
    result = subprocess.run(
        [str(BIN / "semanggi"), "check", "--deploy", "--fail-level", "DEBUG"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # and the same check does complain about the demo defaults
    demo = subprocess.run(
        [str(BIN / "semanggi"), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment(SEMANGGI_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode != 0 and "security.W004" in demo.stderr + demo.stdout


def test_the_serve_command_reads_workers_bind_and_timeout_from_the_environment() -> None:
    argv = gunicorn_argv(
        {"SEMANGGI_BIND": "0.0.0.0:9000", "SEMANGGI_WORKERS": "4", "SEMANGGI_TIMEOUT": "120"}
    )
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "semanggi.wsgi:application"]
    options = dict(zip(argv[4::2], argv[5::2], strict=False))
    assert options["--bind"] == "0.0.0.0:9000" and options["--workers"] == "4"
    assert options["--timeout"] == "120"
    # the application is loaded before the fork, so that the workers share its memory
    assert "--preload" in argv


def test_semanggi_serve_answers_health_and_static_files_with_json_logs(tmp_path: Path) -> None:
    port = free_port()
    env = environment(
        SEMANGGI_DATA_DIR=str(tmp_path),
        SEMANGGI_BIND=f"127.0.0.1:{port}",
        SEMANGGI_WORKERS="2",
        **{**PRODUCTION, "SECURE_SSL_REDIRECT": "false"},
    )
    log = tmp_path / "server.log"
    server = start([str(BIN / "semanggi"), "serve"], env, log)
    try:
        health = wait_http(f"http://127.0.0.1:{port}/healthz", process=server)
        body = json.loads(health.read())
        assert health.status == 200 and body["status"] == "ok", body
        css = wait_http(f"http://127.0.0.1:{port}/static/semanggi/semanggi.css")
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert b"{" in css.read()
    finally:
        stop(server)
    lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
    access = [json.loads(line) for line in lines if '"logger": "access"' in line]
    assert any(entry["path"] == "/healthz" and entry["status"] == 200 for entry in access), lines


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_worker_and_scheduler_refuse_to_start_without_a_broker(
    tmp_path: Path, command: str
) -> None:
    result = subprocess.run(
        [str(BIN / "semanggi"), command],
        env=environment(SEMANGGI_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "REDIS_URL" in result.stderr
