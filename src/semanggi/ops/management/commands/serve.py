"""``semanggi serve``: the production server (gunicorn), configured from the environment."""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

ACCESS_LOG_JSON = (
    '{"time": "%(t)s", "logger": "access", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, '
    '"agent": "%(a)s"}'
)


def gunicorn_argv(environ: dict[str, str]) -> list[str]:
    """The gunicorn command line for this environment (SEMANGGI_BIND, SEMANGGI_WORKERS, …)."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "semanggi.wsgi:application",
        "--bind",
        environ.get("SEMANGGI_BIND", "127.0.0.1:8000"),
        "--workers",
        environ.get("SEMANGGI_WORKERS", "2"),
        "--threads",
        environ.get("SEMANGGI_THREADS", "1"),
        "--timeout",
        environ.get("SEMANGGI_TIMEOUT", "60"),
        "--graceful-timeout",
        environ.get("SEMANGGI_TIMEOUT", "60"),
        "--max-requests",
        environ.get("SEMANGGI_MAX_REQUESTS", "2000"),
        "--max-requests-jitter",
        "200",
        # The application is loaded once, before the fork: the workers share its pages.
        "--preload",
        "--forwarded-allow-ips",
        environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]
    if environ.get("LOG_FORMAT") == "json":
        argv += ["--access-logformat", ACCESS_LOG_JSON]
    return argv


class Command(BaseCommand):
    help = (
        "Serve Semanggi with the production server (gunicorn). From the environment: "
        "SEMANGGI_BIND (127.0.0.1:8000), SEMANGGI_WORKERS (2), SEMANGGI_THREADS (1), "
        "SEMANGGI_TIMEOUT (60 s), FORWARDED_ALLOW_IPS, LOG_FORMAT=json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print", action="store_true", help="print the command, do not run")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = gunicorn_argv(dict(os.environ))
        if options["print"]:
            self.stdout.write(" ".join(argv))
            return
        os.execv(argv[0], argv)
