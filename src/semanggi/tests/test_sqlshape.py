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
    assert ("default", shape) in sqlshape._compiled


def test_a_shape_that_hides_a_value_is_compiled_each_time() -> None:
    study = StudyFactory()
    code = CodeFactory(study=study)

    def ignoring_the_study(study_id: int, pk: int) -> Any:
        return Code.objects.filter(pk=pk).values_list("study_id")

    shape = ("test-hidden",)
    assert sqlshape.rows(shape, ignoring_the_study, [999, code.pk]) == [(study.pk,)]
    assert ("default", shape) not in sqlshape._compiled


def test_an_empty_filter_sends_nothing() -> None:
    def nothing(pk: int) -> Any:
        return Code.objects.filter(pk__in=[]).values_list("pk")

    with CaptureQueriesContext(connection) as captured:
        assert sqlshape.rows(("test-empty",), nothing, [1]) == []
    assert not captured.captured_queries
