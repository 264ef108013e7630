"""The task queue (Celery). Settings are the ``CELERY_*`` ones in semanggi.settings: with no
broker configured, tasks run in the process that asks for them (the Quick start)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semanggi.settings")

app = Celery("semanggi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["semanggi.jobs"])
