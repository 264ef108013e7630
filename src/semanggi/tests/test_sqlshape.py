"""Queries compiled once per shape: the same rows as the queryset, for any values, and a
shape whose values do not all show in the compiled parameters is never cached."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semanggi import sqlshape
from semanggi.evidence.models import Code
from semanggi.evidence.tests.factories import CodeFactory, StudyFactory

pytestmark = pytest.mark.django_db


def _codes(study: int, *pks: int) -> Any:
    return Code.objects.filter(study_id=study, pk__in=pks).order_by("pk").values_list("pk")


def test_rows_are_the_querysets_whatever_the_values() -> None:
    one, two = StudyFactory(), StudyFactory()
    a, b = CodeFactory(study=one), CodeFactory(study=one)
    c = CodeFactory(study=two)
    shape = ("test-codes", 2)
    for study, pks in ((one.pk, (a.pk, b.pk)), (two.pk, (a.pk, c.pk)), (one.pk, (c.pk, b.pk))):
        assert sqlshape.rows(shape, _codes, [study, *pks]) == list(_codes(study, *pks))
    assert ("default", shape, (int, int, int)) in sqlshape._compiled


def test_a_shape_that_hides_a_value_is_compiled_each_time() -> None:
    study = StudyFactory()
    code = CodeFactory(study=study)

    def ignoring_the_study(study_id: int, pk: int) -> Any:
        return Code.objects.filter(pk=pk).values_list("study_id")

    shape = ("test-hidden",)
    assert sqlshape.rows(shape, ignoring_the_study, [999, code.pk]) == [(study.pk,)]
    assert ("default", shape, (int, int)) not in sqlshape._compiled


def test_an_empty_filter_sends_nothing() -> None:
    def nothing(pk: int) -> Any:
        return Code.objects.filter(pk__in=[]).values_list("pk")

    with CaptureQueriesContext(connection) as captured:
        assert sqlshape.rows(("test-empty",), nothing, [1]) == []
    assert not captured.captured_queries


def test_strings_and_moments_are_values_too() -> None:
    """A name and a moment are replaced like ids, and the columns read come back converted
    as the ORM converts them (a boolean as a boolean, a moment as an aware datetime)."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from semanggi.evidence.models import Segment
    from semanggi.evidence.tests.factories import SegmentFactory

    study = StudyFactory()
    CodeFactory(study=study, name="Awal", codable=False)
    CodeFactory(study=study, name="Akhir")
    early, late = SegmentFactory(), SegmentFactory()
    Segment.objects.filter(pk=early.pk).update(created_at=timezone.now() - timedelta(days=10))
    early.refresh_from_db()

    def codes(name: str) -> Any:
        return Code.objects.filter(name=name).values_list("name", "codable")

    def segments(since: Any) -> Any:
        return (
            Segment.objects.filter(created_at__gte=since)
            .order_by("pk")
            .values_list("pk", "created_at")
        )

    for name in ("Akhir", "Awal", "Lain"):
        assert sqlshape.rows(("test-names",), codes, [name]) == list(codes(name))
    assert sqlshape.rows(("test-names",), codes, ["Awal"]) == [("Awal", False)]
    week_ago = timezone.now() - timedelta(days=7)
    for since in (week_ago, early.created_at):
        found = sqlshape.rows(("test-moments",), segments, [since])
        assert found == list(segments(since))
    assert [pk for pk, _ in found] == [early.pk, late.pk]
    assert found[0][1] == early.created_at and found[0][1].tzinfo is not None
    assert ("default", ("test-names",), (str,)) in sqlshape._compiled
    assert ("default", ("test-moments",), (datetime,)) in sqlshape._compiled


def test_a_boolean_is_shape_not_value() -> None:
    with pytest.raises(TypeError):
        sqlshape.rows(("test-bool",), _codes, [True])
