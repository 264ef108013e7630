from django.db import migrations, models


class Migration(migrations.Migration):
    """The flag summary also keeps the money totals, so it becomes the partnership summary."""

    dependencies = [
        ("partnerships", "0003_ordering_by_key"),
        ("poac", "0002_ordering_by_key"),
    ]

    operations = [
        migrations.RenameModel("FlagSummary", "PartnershipSummary"),
        migrations.AlterModelOptions(
            name="partnershipsummary",
            options={
                "verbose_name": "partnership summary",
                "verbose_name_plural": "partnership summaries",
            },
        ),
        migrations.AlterField(
            model_name="partnershipsummary",
            name="partnership",
            field=models.OneToOneField(
                on_delete=models.deletion.CASCADE,
                related_name="summary",
                to="partnerships.partnership",
            ),
        ),
        migrations.AddField(
            model_name="partnershipsummary",
            name="committed",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=20),
        ),
        migrations.AddField(
            model_name="partnershipsummary",
            name="disbursed",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=20),
        ),
        migrations.AddField(
            model_name="partnershipsummary",
            name="spent",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=20),
        ),
    ]
