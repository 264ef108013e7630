"""Each stored share learns the smallest region its places lie within (``span``)."""

from typing import Any

from django.db import migrations, models


def _span(codes: list[str]) -> str | None:
    # As semanggi.poac.aggregates.share_span at the time of this migration.
    if not codes:
        return None
    common = codes[0].split(".")
    for code in codes[1:]:
        parts = code.split(".")
        n = 0
        while n < min(len(common), len(parts)) and common[n] == parts[n]:
            n += 1
        common = common[:n]
    return ".".join(common)


def fill(apps: Any, schema_editor: Any) -> None:
    AggregateShare = apps.get_model("poac", "AggregateShare")
    batch = []
    for row in AggregateShare.objects.order_by("pk").iterator(chunk_size=2000):
        row.span = _span(row.share.get("codes", []))
        batch.append(row)
        if len(batch) >= 2000:
            AggregateShare.objects.bulk_update(batch, ["span"])
            batch = []
    if batch:
        AggregateShare.objects.bulk_update(batch, ["span"])


class Migration(migrations.Migration):
    dependencies = [
        ("poac", "0007_summary_most_flagged"),
    ]

    operations = [
        migrations.AddField(
            model_name="aggregateshare",
            name="span",
            field=models.CharField(blank=True, db_index=True, max_length=13, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
