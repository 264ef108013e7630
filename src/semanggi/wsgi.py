"""The WSGI application, as the production server (gunicorn) loads it.

`semanggi serve` runs gunicorn with ``--preload``: this module is imported once, in the
master process, before the workers are forked. Loading here what every request needs (the URL
patterns and, with them, the API's schemas) and then freezing the garbage collector's view of
those objects lets the workers share those memory pages instead of each building and
copying its own (see bench/README.md, memory per worker)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semanggi.settings")
application = get_wsgi_application()


def _warm() -> None:
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view and the API)
    connections.close_all()  # no connection is ever shared across the fork
    gc.freeze()


_warm()
