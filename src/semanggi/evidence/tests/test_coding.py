"""Coding (data reduction): by offsets in Unicode code points through the API and the
page, changing and removing codes, and a cost that does not grow with the source's length."""

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from semanggi.access.services import api_token_create
from semanggi.evidence.models import Code, Finding, Memo, Segment
from semanggi.evidence.services import segment_create
from semanggi.evidence.tests.factories import CodeFactory, SourceFactory, StudyFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

ASTRAL = "Ibu 👩🏽‍⚕️ berkata: 𝓟uskesmas sudah jadi 👍\nAntrean rapi.\n"


def _api(client: Client, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    return getattr(client, method)(
        url,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        **extra,
    )


@pytest.fixture
def source(world: World) -> Any:
    return SourceFactory(study=world.study, text=ASTRAL)


@pytest.fixture
def code(world: World) -> Code:
    return CodeFactory(study=world.study, name="Perencanaan", colour="#2b6cb0")


def test_offsets_are_code_points_even_with_astral_characters(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    part = "𝓟uskesmas sudah jadi 👍"
    start = ASTRAL.index(part)
    end = start + len(part)  # Python counts code points, as Semanggi does
    assert len(part.encode("utf-16-le")) // 2 > len(part)  # JavaScript would count more

    response = _api(
        client,
        "post",
        f"/api/studies/{world.study.pk}/sources/{source.pk}/segments",
        {"start": start, "end": end, "codes": [code.pk]},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["start"], body["end"], body["codes"]) == (start, end, [code.pk])
    segment = Segment.objects.get()
    assert ASTRAL[segment.start : segment.end] == part
    page = client.get(f"/studies/{world.study.pk}/sources/{source.pk}/?fragment=coding")
    drawn = re.search(
        rf'<span class="seg" data-segments="{segment.pk}"[^>]*'
        r'style="--seg: #2b6cb0; --b1: #2b6cb0;"[^>]*>([^<]*)</span>',
        page.content.decode(),
    )
    assert drawn is not None and drawn.group(1) == part


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, len(ASTRAL) + 1)])
def test_offsets_outside_the_text_are_refused(
    client: Client, world: World, source: Any, code: Code, start: int, end: int
) -> None:
    client.force_login(world.eva)
    response = _api(
        client,
        "post",
        f"/api/studies/{world.study.pk}/sources/{source.pk}/segments",
        {"start": start, "end": end, "codes": [code.pk]},
    )
    assert response.status_code == 422
    assert not Segment.objects.exists()


def test_the_whole_text_may_be_coded(client: Client, world: World, source: Any, code: Code) -> None:
    client.force_login(world.eva)
    response = _api(
        client,
        "post",
        f"/api/studies/{world.study.pk}/sources/{source.pk}/segments",
        {"start": 0, "end": len(ASTRAL), "codes": [code.pk]},
    )
    assert response.status_code == 201


def test_codes_of_another_study_or_grouping_codes_are_refused(
    client: Client, world: World, source: Any
) -> None:
    client.force_login(world.eva)
    foreign = CodeFactory(study=StudyFactory())
    group = CodeFactory(study=world.study, codable=False)
    for codes in ([foreign.pk], [group.pk], [], [999999]):
        response = _api(
            client,
            "post",
            f"/api/studies/{world.study.pk}/sources/{source.pk}/segments",
            {"start": 0, "end": 3, "codes": codes},
        )
        assert response.status_code == 422, codes
    assert not Segment.objects.exists()


def test_coding_the_same_span_again_adds_codes_to_one_segment(
    world: World, source: Any, code: Code
) -> None:
    other = CodeFactory(study=world.study)
    segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    again = segment_create(source=source, start=0, end=3, code_ids=[other.pk], actor=world.eva)
    assert Segment.objects.count() == 1
    assert set(again.codes.values_list("pk", flat=True)) == {code.pk, other.pk}


def _coding_queries(world: World, text: str, code: Code) -> list[str]:
    source = SourceFactory(study=world.study, text=text)
    client = Client()
    client.force_login(world.eva)
    url = f"/api/studies/{world.study.pk}/sources/{source.pk}/segments"
    with CaptureQueriesContext(connection) as captured:
        response = _api(client, "post", url, {"start": 1, "end": 4, "codes": [code.pk]})
    assert response.status_code == 201
    return [q["sql"] for q in captured.captured_queries]


def test_coding_costs_the_same_in_a_long_source_and_never_reads_the_text(
    world: World, code: Code
) -> None:
    short = _coding_queries(world, "Pendek sekali.\n", code)
    long = _coding_queries(world, "Panjang sekali. " * 200_000, code)
    assert len(short) == len(long)
    text_column = (
        f"{connection.ops.quote_name('evidence_source')}.{connection.ops.quote_name('text')}"
    )
    assert not [q for q in long if text_column in q and q.lstrip().upper().startswith("SELECT")]


def test_codes_of_a_segment_are_changed_and_removed(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    other = CodeFactory(study=world.study)
    segment = segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    base = f"/api/studies/{world.study.pk}/segments/{segment.pk}"

    changed = _api(client, "put", f"{base}/codes", {"codes": [other.pk, code.pk]})
    assert changed.status_code == 200
    assert changed.json()["codes"] == sorted([code.pk, other.pk])

    removed = _api(client, "delete", f"{base}/codes/{code.pk}")
    assert removed.status_code == 200
    assert removed.json()["segment"]["codes"] == [other.pk]

    last = _api(client, "delete", f"{base}/codes/{other.pk}")
    assert last.status_code == 200 and last.json() == {"segment": None}
    assert not Segment.objects.exists()


def test_the_last_code_stays_while_a_finding_cites_the_segment_or_a_memo_is_on_it(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    segment = segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    finding = Finding.objects.create(study=world.study, statement="Temuan")
    finding.supporting.add(segment)
    url = f"/api/studies/{world.study.pk}/segments/{segment.pk}/codes/{code.pk}"
    assert _api(client, "delete", url).status_code == 409
    finding.supporting.clear()
    Memo.objects.create(study=world.study, title="m", text="t", segment=segment)
    assert _api(client, "delete", url).status_code == 409
    assert Segment.objects.filter(pk=segment.pk).exists()


def test_coding_needs_the_team_a_login_and_the_csrf_token(
    world: World, source: Any, code: Code
) -> None:
    url = f"/api/studies/{world.study.pk}/sources/{source.pk}/segments"
    body = {"start": 0, "end": 3, "codes": [code.pk]}
    assert _api(Client(), "post", url, body).status_code in (401, 404)
    outsider = Client()
    outsider.force_login(world.charlie)
    assert _api(outsider, "post", url, body).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.eva)
    assert _api(strict, "post", url, body).status_code == 403
    assert not Segment.objects.exists()


def test_coding_with_an_api_token(world: World, source: Any, code: Code) -> None:
    token = api_token_create(user=world.eva, name="skrip")
    response = _api(
        Client(),
        "post",
        f"/api/studies/{world.study.pk}/sources/{source.pk}/segments",
        {"start": 0, "end": 3, "codes": [code.pk]},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    assert Segment.objects.get().created_by == world.eva


def test_coding_without_javascript_through_the_form(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    response = client.post(
        f"/studies/{world.study.pk}/sources/{source.pk}/code/",
        {"start": 4, "end": 10, "codes": [code.pk]},
    )
    assert response.status_code == 302
    segment = Segment.objects.get()
    assert (segment.start, segment.end) == (4, 10)
    removed = client.post(
        f"/studies/{world.study.pk}/segments/{segment.pk}/codes/{code.pk}/remove/"
    )
    assert removed.status_code == 302 and not Segment.objects.exists()


def test_a_segment_page_changes_its_codes(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    other = CodeFactory(study=world.study, name="Pengendalian")
    segment = segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    page = client.get(f"/studies/{world.study.pk}/segments/{segment.pk}/")
    assert page.status_code == 200 and "Ibu" in page.content.decode()
    response = client.post(
        f"/studies/{world.study.pk}/segments/{segment.pk}/", {"codes": [other.pk]}
    )
    assert response.status_code == 302
    assert list(segment.codes.values_list("pk", flat=True)) == [other.pk]


def test_overlapping_segments_are_drawn_without_changing_the_text(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    segment_create(source=source, start=0, end=10, code_ids=[code.pk], actor=world.eva)
    segment_create(source=source, start=5, end=20, code_ids=[code.pk], actor=world.eva)
    html = client.get(f"/studies/{world.study.pk}/sources/{source.pk}/").content.decode()
    assert 'class="seg overlap"' in html
    inner = re.split(r'id="source-text"[^>]*>', html, maxsplit=1)[1].split("</div>", 1)[0]
    assert re.sub(r"<[^>]+>", "", inner).replace("&#x27;", "'") == ASTRAL


def test_coding_is_kept_in_history_with_its_codes(world: World, source: Any, code: Code) -> None:
    other = CodeFactory(study=world.study)
    segment = segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    segment_create(source=source, start=0, end=3, code_ids=[other.pk], actor=world.eva)
    records = list(segment.history.order_by("history_date", "history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[0].history_user == world.eva
    assert [c.code_id for c in records[0].codes.all()] == [code.pk]
    assert sorted(c.code_id for c in records[1].codes.all()) == sorted([code.pk, other.pk])


def _statements(client: Client, url: str, body: dict[str, Any]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = _api(client, "post", url, body)
    assert response.status_code == 201, response.content
    return [q["sql"].split(" ", 1)[0].upper() for q in captured.captured_queries]


def test_coding_with_a_token_costs_few_statements(world: World, code: Code) -> None:
    """The token with the lock's count, then access, source and codes together, then the
    segment, its codes and its history: what a coding request sends to the database, counted
    exactly so that it cannot creep back. On PostgreSQL the writes are one statement (no
    transaction of their own); elsewhere four in a transaction."""
    source = SourceFactory(study=world.study, text="Pendek sekali.\n")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.eva, name='t')}")
    url = f"/api/studies/{world.study.pk}/sources/{source.pk}/segments"
    postgresql = connection.vendor == "postgresql"
    writes = (
        ["WITH"]  # the segment, its codes, its history and that of its codes
        if postgresql
        else [
            "SAVEPOINT",
            "INSERT",  # the segment (nothing if the span exists)
            "INSERT",  # its codes
            "INSERT",  # its history
            "INSERT",  # the history of its codes
            "RELEASE",
        ]
    )

    first = _statements(client, url, {"start": 0, "end": 3, "codes": [code.pk]})
    # The first call of the hour also records the token's use (its own savepoint).
    assert first.count("UPDATE") == 1 and len(first) == 2 + len(writes) + 3

    with CaptureQueriesContext(connection) as captured:
        again = _statements(client, url, {"start": 1, "end": 4, "codes": [code.pk]})
    assert again == [
        "SELECT",  # the token, the user and the count of recent wrong tokens
        "SELECT",  # the source, whether the reader is on its study, whether the codes are
        *writes,
    ]
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    # The reader's access profile (areas, memberships, studies) is not built for this.
    assert "access_coordinatorscope" not in sql and "access_organisationmembership" not in sql

    # Coding the same span again reads the segment and its codes instead of inserting (on
    # PostgreSQL after the one statement that found the span taken and wrote nothing).
    assert _statements(client, url, {"start": 1, "end": 4, "codes": [code.pk]}) == [
        "SELECT",
        "SELECT",
        *(["WITH"] if postgresql else []),
        "SAVEPOINT",
        "INSERT",
        "SELECT",
        "SELECT",
        "RELEASE",
    ]
    assert Segment.objects.filter(source=source).count() == 2


def test_coding_through_the_api_writes_the_history_the_service_writes(
    world: World, code: Code
) -> None:
    """The one-statement path (PostgreSQL) and the general one leave the same rows: the
    segment, its codes, one history row by its author with every field, and its codes."""
    other = CodeFactory(study=world.study)
    source = SourceFactory(study=world.study, text="Pendek sekali.\n")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.eva, name='t')}")
    url = f"/api/studies/{world.study.pk}/sources/{source.pk}/segments"
    response = _api(client, "post", url, {"start": 2, "end": 6, "codes": [other.pk, code.pk]})
    assert response.status_code == 201
    assert response.json()["codes"] == sorted([code.pk, other.pk])
    segment = Segment.objects.get(pk=response.json()["id"])
    assert (segment.source_id, segment.start, segment.end) == (source.pk, 2, 6)
    assert segment.created_by == world.eva and segment.created_at is not None
    assert sorted(segment.codes.values_list("pk", flat=True)) == sorted([code.pk, other.pk])
    [record] = segment.history.all()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        world.eva,
        None,
    )
    for field in ("id", "source_id", "start", "end", "created_by_id", "created_at", "guid"):
        assert getattr(record, field) == getattr(segment, field), field
    through = {row.pk: row.code_id for row in Segment.codes.through.objects.filter(segment=segment)}
    assert {(c.id, c.code_id, c.segment_id) for c in record.codes.all()} == {
        (pk, code_id, segment.pk) for pk, code_id in through.items()
    }


def test_coding_with_a_token_refuses_what_the_reader_may_not_code(world: World, code: Code) -> None:
    source = SourceFactory(study=world.study, text="Pendek sekali.\n")
    other = CodeFactory(study=StudyFactory(lead=world.eva))
    url = f"/api/studies/{world.study.pk}/sources/{source.pk}/segments"
    eva = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.eva, name='e')}")
    charlie = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.charlie, name='c')}")
    alice = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.alice, name='a')}")
    body = {"start": 0, "end": 3, "codes": [code.pk]}
    assert _api(charlie, "post", url, body).status_code == 404  # not on the study
    wrong = f"/api/studies/{other.study_id}/sources/{source.pk}/segments"
    assert _api(eva, "post", wrong, body).status_code == 404  # the source is another study's
    mixed = _api(eva, "post", url, {"start": 0, "end": 3, "codes": [code.pk, other.pk]})
    assert mixed.status_code == 422 and str(other.pk) in mixed.json()["detail"]
    assert _api(eva, "post", url, {"start": 0, "end": 3, "codes": []}).status_code == 422
    assert not Segment.objects.exists()
    assert _api(alice, "post", url, body).status_code == 201  # an administrator may
