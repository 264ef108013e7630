"""What a write costs besides itself: the token check does not write on every call, the
reader's access profile is one query, and a span is stored once."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from semanggi.access.models import ApiToken
from semanggi.access.selectors import principal_for
from semanggi.access.services import api_token_create, api_token_user
from semanggi.evidence.models import Code, Segment, Source, Study
from semanggi.evidence.services import segment_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]


def test_a_token_records_its_use_at_most_once_an_hour(world: World) -> None:
    token = api_token_create(user=world.bima, name="t")
    with CaptureQueriesContext(connection) as first:
        assert api_token_user(token) == world.bima
    assert len(_writes(first)) == 1
    with CaptureQueriesContext(connection) as later:
        for _ in range(5):
            assert api_token_user(token) == world.bima
    assert _writes(later) == []  # reading with a token is not a write
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(hours=2))
    with CaptureQueriesContext(connection) as next_hour:
        api_token_user(token)
    assert len(_writes(next_hour)) == 1


def test_the_readers_access_profile_is_one_query(world: World) -> None:
    world.dinkes.memberships.create(user=world.kurnia)
    world.study.team.add(world.kurnia)
    with CaptureQueriesContext(connection) as queries:
        principal = principal_for(world.kurnia)
    assert len(queries.captured_queries) == 1
    assert principal.coordinator_areas == frozenset({"33.72"})
    assert principal.organisation_ids == frozenset({world.dinkes.pk})
    assert principal.study_ids == frozenset({world.study.pk})
    assert principal.led_study_ids == frozenset()
    assert principal_for(world.eva).led_study_ids == frozenset({world.study.pk})


def test_a_span_is_stored_once(world: World) -> None:
    study = Study.objects.create(title="Studi", lead=world.eva)
    source = Source.objects.create(
        study=study, kind="document", title="S", text="abcdef", text_length=6
    )
    one, two = (Code.objects.create(study=study, name=n) for n in ("satu", "dua"))
    first = segment_create(source=source, start=1, end=4, code_ids=[one.pk], actor=world.eva)
    again = segment_create(source=source, start=1, end=4, code_ids=[two.pk], actor=world.eva)
    assert again.pk == first.pk
    assert again.code_ids == sorted([one.pk, two.pk])  # type: ignore[attr-defined]
    with pytest.raises(IntegrityError), transaction.atomic():
        Segment.objects.create(source=source, start=1, end=4)
    assert Segment.objects.filter(source=source).count() == 1
