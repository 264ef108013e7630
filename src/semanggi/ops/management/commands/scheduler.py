"""``semanggi scheduler``: starts the scheduled jobs (the daily flag refresh). Run exactly one."""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the scheduler (celery beat) that queues the daily jobs; run one per installation."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("no broker configured (set REDIS_URL) / tidak ada broker")
        argv = [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "semanggi.celery",
            "beat",
            "--schedule",
            settings.CELERY_BEAT_SCHEDULE_FILENAME,
            "--loglevel",
            os.environ.get("LOG_LEVEL", "INFO"),
        ]
        os.execv(argv[0], argv)
