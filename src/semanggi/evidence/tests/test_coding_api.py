"""What the coding page does, the API does: segments with their words and codes (filtered
by code), codes with colours, labels and counts per source, a code created while coding,
sentences and paragraphs, search hits, auto-coding, and memos beside a source."""

import json
from typing import Any

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.core.coding import PALETTE
from semanggi.evidence.models import Code, Memo, Segment
from semanggi.evidence.services import segment_create
from semanggi.evidence.tests.factories import CodeFactory, SourceFactory, StudyFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

TEXT = "P: Siapa merencanakan?\nJ: Kami dan bank. Dr. Sari setuju. Bank membayar.\n"


@pytest.fixture
def source(world: World) -> Any:
    return SourceFactory(study=world.study, text=TEXT)


@pytest.fixture
def code(world: World) -> Code:
    return CodeFactory(study=world.study, name="Perencanaan (P)")


def _post(client: Client, url: str, body: Any, **extra: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


def _base(world: World, source: Any) -> str:
    return f"/api/studies/{world.study.pk}/sources/{source.pk}"


def test_segments_come_with_their_words_and_codes_and_filter_by_code(
    client: Client, world: World, source: Any, code: Code
) -> None:
    money = CodeFactory(study=world.study, name="Dana CSR", colour="#aa3300")
    start = TEXT.index("Kami dan bank.")
    segment_create(source=source, start=start, end=start + 14, code_ids=[code.pk], actor=world.eva)
    paid = TEXT.index("Bank membayar.")
    segment_create(
        source=source, start=paid, end=paid + 14, code_ids=[money.pk, code.pk], actor=world.eva
    )
    client.force_login(world.eva)
    items = client.get(_base(world, source) + "/segments").json()["items"]
    assert [i["quote"] for i in items] == ["Kami dan bank.", "Bank membayar."]
    labels = {c["name"]: c for c in items[1]["code_labels"]}
    assert labels["Dana CSR"] == {
        "id": money.pk,
        "name": "Dana CSR",
        "colour": "#aa3300",
        "abbreviation": "DC",
    }
    assert labels["Perencanaan (P)"]["colour"] in PALETTE
    assert labels["Perencanaan (P)"]["abbreviation"] == "P"
    only = client.get(_base(world, source) + f"/segments?code={money.pk}").json()
    assert only["count"] == 1 and only["items"][0]["quote"] == "Bank membayar."


def test_codes_carry_colour_label_and_counts_in_a_source(
    client: Client, world: World, source: Any, code: Code
) -> None:
    other = SourceFactory(study=world.study, text="Bank.\n")
    segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    segment_create(source=other, start=0, end=4, code_ids=[code.pk], actor=world.eva)
    client.force_login(world.eva)
    url = f"/api/studies/{world.study.pk}/codes"
    row = client.get(url + f"?source={source.pk}").json()["items"][0]
    assert (row["segments"], row["in_source"], row["abbreviation"]) == (2, 1, "P")
    assert row["colour"] == "" and row["shown_colour"] in PALETTE
    assert client.get(url).json()["items"][0]["in_source"] is None
    foreign = SourceFactory(study=StudyFactory())
    assert client.get(url + f"?source={foreign.pk}").status_code == 404


def test_a_code_is_created_while_coding_and_a_new_code_gets_a_palette_colour(
    client: Client, world: World, source: Any, code: Code
) -> None:
    client.force_login(world.eva)
    response = _post(
        client,
        _base(world, source) + "/segments",
        {
            "start": 0,
            "end": 2,
            "codes": [code.pk],
            "new_code": "Penanya",
            "new_code_parent": code.pk,
        },
    )
    assert response.status_code == 201, response.content
    created = Code.objects.get(name="Penanya")
    assert created.parent == code and created.colour in PALETTE
    assert response.json()["codes"] == sorted([code.pk, created.pk])
    plain = _post(client, f"/api/studies/{world.study.pk}/codes", {"name": "Tanpa warna"})
    assert plain.status_code == 201, plain.content
    assert plain.json()["colour"] in PALETTE and plain.json()["colour"] != created.colour
    nothing = _post(client, _base(world, source) + "/segments", {"start": 0, "end": 2})
    assert nothing.status_code == 422


def test_sentences_and_paragraphs_with_their_positions(
    client: Client, world: World, source: Any
) -> None:
    client.force_login(world.eva)
    sentences = client.get(_base(world, source) + "/units").json()
    assert [u["text"] for u in sentences["items"]] == [
        "P: Siapa merencanakan?",
        "J: Kami dan bank.",
        "Dr. Sari setuju.",
        "Bank membayar.",
    ]
    assert all(TEXT[u["start"] : u["end"]] == u["text"] for u in sentences["items"])
    paragraphs = client.get(_base(world, source) + "/units?by=paragraph").json()
    assert paragraphs["count"] == 2
    assert client.get(_base(world, source) + "/units?by=word").status_code == 422


def test_hits_and_auto_coding(client: Client, world: World, source: Any, code: Code) -> None:
    client.force_login(world.eva)
    hits = client.get(_base(world, source) + "/hits?q=bank").json()
    assert (hits["count"], hits["over_limit"]) == (2, False)
    assert [h["match"] for h in hits["items"]] == ["bank", "Bank"]
    assert hits["items"][0]["before"].endswith("Kami dan ")
    assert client.get(_base(world, source) + "/hits?q=b").status_code == 422
    url = _base(world, source) + "/autocode"
    first = _post(client, url, {"query": "bank", "codes": [code.pk]})
    assert first.status_code == 200, first.content
    body = first.json()
    assert (body["hits"], body["created"], body["added"], body["skipped"]) == (2, 2, 0, 0)
    again = _post(client, url, {"query": "BANK", "codes": [code.pk]}).json()
    assert (again["created"], again["skipped"]) == (0, 2) and again["segments"] == body["segments"]
    refused = _post(client, url, {"query": "gedung", "codes": [code.pk]})
    assert refused.status_code == 422 and "gedung" in refused.json()["detail"]
    assert Segment.objects.count() == 2


def test_too_many_hits_are_refused_by_the_api(client: Client, world: World, code: Code) -> None:
    source = SourceFactory(study=world.study, text="ya " * 501)
    client.force_login(world.eva)
    assert client.get(_base(world, source) + "/hits?q=ya").json()["over_limit"] is True
    refused = _post(client, _base(world, source) + "/autocode", {"query": "ya", "codes": [code.pk]})
    assert refused.status_code == 422 and "500" in refused.json()["detail"]
    assert not Segment.objects.exists()


def test_auto_coding_needs_the_team_a_login_and_the_csrf_token(
    world: World, source: Any, code: Code
) -> None:
    url = _base(world, source) + "/autocode"
    body = {"query": "bank", "codes": [code.pk]}
    assert _post(Client(), url, body).status_code in (401, 404)
    outsider = Client()
    outsider.force_login(world.charlie)
    assert _post(outsider, url, body).status_code == 404
    for path in ("/units", "/hits?q=bank", "/segments"):
        assert outsider.get(_base(world, source) + path).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.eva)
    assert _post(strict, url, body).status_code == 403
    assert not Segment.objects.exists()
    token = api_token_create(user=world.eva, name="skrip")
    by_token = _post(Client(), url, body, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert by_token.status_code == 200 and Segment.objects.count() == 2


def test_memos_beside_a_source(client: Client, world: World, source: Any, code: Code) -> None:
    segment = segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
    other = SourceFactory(study=world.study)
    Memo.objects.create(study=world.study, title="Sumber", text="t", source=source)
    Memo.objects.create(study=world.study, title="Segmen", text="t", segment=segment)
    Memo.objects.create(study=world.study, title="Lain", text="t", source=other)
    Memo.objects.create(study=world.study, title="Studi", text="t")
    client.force_login(world.eva)
    url = f"/api/studies/{world.study.pk}/memos"
    beside = client.get(url + f"?source={source.pk}").json()["items"]
    assert sorted(m["title"] for m in beside) == ["Segmen", "Sumber"]
    on_segment = client.get(url + f"?segment={segment.pk}").json()["items"]
    assert [m["title"] for m in on_segment] == ["Segmen"]
    assert client.get(url).json()["count"] == 4


def test_the_openapi_document_lists_the_coding_endpoints(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    base = "/api/studies/{pk}/sources/{sid}"
    assert "post" in paths[base + "/autocode"]
    assert "get" in paths[base + "/units"] and "get" in paths[base + "/hits"]
    assert "get" in paths[base + "/segments"] and "post" in paths[base + "/segments"]
