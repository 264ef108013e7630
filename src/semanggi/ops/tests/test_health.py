import json
import logging
from typing import Any

import pytest
from django.db import connections, transaction
from django.test import Client

from semanggi.ops.logs import JsonFormatter
from semanggi.ops.routers import PrimaryReplicaRouter

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_when_database_queue_and_storage_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) >= {"database", "queue", "storage"}
    assert body["checks"]["queue"]["detail"].startswith("in-process")
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_names_what_failed_with_503(client: Client, settings: Any, tmp_path: Any) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed" and body["failed"] == ["queue", "storage"]
    assert body["checks"]["database"]["ok"] is True
    assert "127.0.0.1" not in json.dumps(body)  # the kind of failure, never an address


def test_pages_carry_the_content_security_policy(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy


def test_json_logs_are_one_object_per_line() -> None:
    record = logging.makeLogRecord(
        {"name": "semanggi.jobs", "levelname": "INFO", "msg": "job %s done", "args": ("42",)}
    )
    record.job_kind = "flags_refresh"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "job 42 done" and entry["job_kind"] == "flags_refresh"
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


@pytest.mark.django_db(transaction=True)
def test_the_router_reads_from_the_replica_except_inside_a_write() -> None:
    router = PrimaryReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "replica"
    with transaction.atomic():
        assert connections["default"].in_atomic_block
        assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica", "jobs") is False
