"""``semanggi worker``: a task-queue worker (Celery), configured from the environment."""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run a worker for background jobs (needs REDIS_URL). From the environment: "
        "SEMANGGI_WORKER_CONCURRENCY (2), LOG_LEVEL."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "no broker configured (set REDIS_URL): jobs run inside the web process / "
                "tidak ada broker (atur REDIS_URL): pekerjaan berjalan di proses web"
            )
        argv = [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "semanggi.celery",
            "worker",
            "--concurrency",
            os.environ.get("SEMANGGI_WORKER_CONCURRENCY", "2"),
            "--loglevel",
            os.environ.get("LOG_LEVEL", "INFO"),
            "--without-gossip",
            "--without-mingle",
        ]
        os.execv(argv[0], argv)
