"""The migration that makes a span unique first merges the segments a race stored twice."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evidence", "0005_demo_evidence_marked_illustrative")]
AFTER = [("evidence", "0007_version")]


@pytest.mark.django_db(transaction=True)
def test_duplicate_spans_become_one_segment_with_everything_they_carried() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        User = apps.get_model("auth", "User")
        Study = apps.get_model("evidence", "Study")
        Source = apps.get_model("evidence", "Source")
        Code = apps.get_model("evidence", "Code")
        Segment = apps.get_model("evidence", "Segment")
        Memo = apps.get_model("evidence", "Memo")
        Finding = apps.get_model("evidence", "Finding")
        lead = User.objects.create(username="lead")
        study = Study.objects.create(title="S", lead=lead)
        source = Source.objects.create(study=study, kind="document", title="S", text="abcdef")
        one, two = (Code.objects.create(study=study, name=n) for n in ("satu", "dua"))
        first, second = (Segment.objects.create(source=source, start=1, end=4) for _ in range(2))
        other = Segment.objects.create(source=source, start=2, end=4)
        first.codes.add(one)
        second.codes.add(one, two)
        Memo.objects.create(study=study, title="m", text="t", segment=second)
        finding = Finding.objects.create(study=study, statement="f")
        finding.supporting.add(second)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Segment = apps.get_model("evidence", "Segment")
    Memo = apps.get_model("evidence", "Memo")
    Finding = apps.get_model("evidence", "Finding")
    kept = Segment.objects.get(source_id=source.pk, start=1, end=4)
    assert kept.pk == first.pk
    assert set(kept.codes.values_list("name", flat=True)) == {"satu", "dua"}
    assert Memo.objects.get().segment_id == kept.pk
    assert list(Finding.objects.get().supporting.values_list("pk", flat=True)) == [kept.pk]
    assert Segment.objects.filter(pk=other.pk).exists()
    assert Segment.objects.count() == 2
