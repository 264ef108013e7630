"""Regions get a search form of their name, and PostgreSQL a trigram index on it.

The region picker finds "Semanggi" or "kliwon" anywhere in 91,599 names. Comparing a stored
lower-case, accent-free column avoids computing UPPER() on every row, and a GIN trigram index
answers "contains" without reading the table. pg_trgm is a trusted extension (PostgreSQL 13+),
so the database owner may create it; where it cannot be created the search still works, only
slower. SQLite needs no index: it reads the whole table in a few milliseconds.
"""

from typing import Any

from django.db import migrations, models, transaction

from semanggi.core.regions import search_key

INDEX = "regions_region_search_name_trgm"


def fill(apps: Any, schema_editor: Any) -> None:
    Region = apps.get_model("regions", "Region")
    batch = []
    for region in Region.objects.only("code", "name").iterator(chunk_size=5000):
        region.search_name = search_key(region.name)
        batch.append(region)
        if len(batch) >= 5000:
            Region.objects.bulk_update(batch, ["search_name"])
            batch = []
    Region.objects.bulk_update(batch, ["search_name"])


def index(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - a missing privilege only costs speed
        return
    with connection.cursor() as cursor:
        # Django compares ``search_name::text`` in its LIKE lookups: index that expression.
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON regions_region "
            "USING gin (((search_name)::text) gin_trgm_ops)"
        )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="search_name",
            field=models.CharField(
                default="", editable=False, max_length=120, verbose_name="name for search"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, drop_index),
    ]
