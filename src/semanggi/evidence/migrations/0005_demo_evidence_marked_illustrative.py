"""The demo once marked its illustrative evidence with "(ilustratif)" in each source's title.
That mark is now data (``illustrative``): existing installations get the field set and the
word taken out of the title, so that the assessment can show and leave out that evidence."""

from typing import Any

from django.db import migrations

MARK = " (ilustratif)"


def mark(apps: Any, schema_editor: Any) -> None:
    Source = apps.get_model("evidence", "Source")
    Study = apps.get_model("evidence", "Study")
    study_ids = set()
    for source in Source.objects.filter(title__endswith=MARK).only("pk", "title", "study_id"):
        source.title = source.title[: -len(MARK)]
        source.illustrative = True
        source.save(update_fields=["title", "illustrative"])
        study_ids.add(source.study_id)
    Study.objects.filter(pk__in=study_ids).update(illustrative=True)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0004_study_method_publications_illustrative")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
