"""Uploaded files live as long as their record: a file goes when its record is deleted or
when another file replaces it, once the change is committed (a rolled-back delete keeps it).

Signals, not services, because records are deleted by cascade too (a study takes its
sources, a partnership its agreements) and by the admin: only the model layer sees every
deletion.
"""

from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, pre_save


def _delete_on_commit(storage: Any, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def files_follow_records(model: type[models.Model], *fields: str) -> None:
    """Delete the files of ``fields`` with their ``model`` record, and a replaced file."""

    def deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        for field in fields:
            stored = getattr(instance, field)
            _delete_on_commit(stored.storage, stored.name)

    def saving(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw or instance.pk is None:
            return
        before = model._default_manager.filter(pk=instance.pk).values(*fields).first()
        for field in fields:
            old = (before or {}).get(field) or ""
            stored = getattr(instance, field)
            if old and old != stored.name:
                _delete_on_commit(stored.storage, old)

    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"files-{model}")
    pre_save.connect(saving, sender=model, weak=False, dispatch_uid=f"files-{model}")
