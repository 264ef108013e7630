"""Reads go to the PostgreSQL replica, writes to the primary (when DATABASE_REPLICA_URL is
set). Reads inside a transaction go to the primary, so a service never reads stale rows in the
middle of a write."""

from typing import Any

from django.db import connections


class PrimaryReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        # Inside a transaction on the primary, read what it sees (no stale reads mid-write).
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
