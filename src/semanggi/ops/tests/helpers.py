"""Starting Semanggi's own processes (server, worker) for the tests that need real ones."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redis_url(db: int = 0) -> str:
    """The local Redis server; the test is skipped when none answers, except in CI."""
    url = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{db}")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis server at " + url)
    return url


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS"))}
    env.update(values)
    # Not what a deployment has: the demo, and the browser tests' async switch.
    env.pop("SEMANGGI_DEMO", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def start(argv: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``argv`` (``semanggi …`` is this installation's command), its output into ``log``."""
    if argv[0] == "semanggi":
        argv = [str(BIN / "semanggi"), *argv[1:]]
    handle = log.open("wb")
    return subprocess.Popen(
        argv, env=dict(env), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_http(url: str, *, seconds: float = 60, process: subprocess.Popen[bytes] | None = None):  # type: ignore[no-untyped-def]
    """The first answer of ``url`` (any status), waiting for the server to come up."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=10)
        except urllib.error.HTTPError as answer:
            return answer
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {process.returncode})") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
