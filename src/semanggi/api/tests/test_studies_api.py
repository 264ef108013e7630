"""A whole study through the API alone: study, informants, sources (typed and uploaded), codes,
coding, memos, findings with evidence, QDPX and QDC out and in, the report. Same access rules
and versions as the pages."""

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.evidence.models import Finding, Informant, Memo, Source
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')}")


def _post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _patch(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json", **extra)


def test_an_api_client_runs_a_whole_study(world: World) -> None:
    eva = _client(world.eva)
    created = _post(eva, "/api/studies", {"title": "Studi API", "research_questions": "Apa?"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created["ETag"] == '"1"'

    informant = _post(
        eva,
        f"/api/studies/{pk}/informants",
        {"code": "INF-01", "label": "staf Dinkes", "sampling": "purposive"},
    )
    assert informant.status_code == 201, informant.content
    iid = informant.json()["id"]
    assert "real_name" not in informant.json()

    typed = eva.post(
        f"/api/studies/{pk}/sources",
        {
            "kind": "interview",
            "title": "Wawancara 1",
            "text": "Bank membangun sendiri. Dinkes menerima gedung.",
            "informants": [iid],
        },
    )
    assert typed.status_code == 201, typed.content
    sid = typed.json()["id"]
    assert typed.json()["text_length"] == len("Bank membangun sendiri. Dinkes menerima gedung.")

    uploaded = eva.post(
        f"/api/studies/{pk}/sources",
        {
            "kind": "document",
            "title": "Catatan",
            "upload": io.BytesIO(b"Catatan observasi: gedung selesai."),
        },
    )
    assert uploaded.status_code in (400, 422)  # a nameless stream is no file of a known kind

    code = _post(eva, f"/api/studies/{pk}/codes", {"name": "Kontribusi sepihak"})
    assert code.status_code == 201, code.content
    cid = code.json()["id"]

    segment = _post(
        eva, f"/api/studies/{pk}/sources/{sid}/segments", {"start": 0, "end": 22, "codes": [cid]}
    )
    assert segment.status_code in (200, 201), segment.content
    gid = segment.json()["id"]

    memo = _post(
        eva,
        f"/api/studies/{pk}/memos",
        {"title": "Catatan analisis", "text": "awal", "segment": gid},
    )
    assert memo.status_code == 201, memo.content
    mid = memo.json()["id"]
    changed = _patch(eva, f"/api/studies/{pk}/memos/{mid}", {"text": "lebih jelas", "version": 1})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = _patch(eva, f"/api/studies/{pk}/memos/{mid}", {"text": "lama", "version": 1})
    assert stale.status_code == 409
    assert Memo.objects.get(pk=mid).text == "lebih jelas"
    assert [m["id"] for m in eva.get(f"/api/studies/{pk}/memos").json()["items"]] == [mid]

    finding = _post(
        eva,
        f"/api/studies/{pk}/findings",
        {"statement": "Bank berperan sendiri.", "supporting": [gid]},
    )
    assert finding.status_code == 201, finding.content
    fid = finding.json()["id"]
    assert finding.json()["supporting"] == [gid]
    assert list(Finding.objects.get(pk=fid).supporting.values_list("pk", flat=True)) == [gid]
    listed = eva.get(f"/api/studies/{pk}/findings").json()["items"]
    assert listed[0]["status"] == "single-source"

    edited = _patch(
        eva, f"/api/studies/{pk}/findings/{fid}", {"statement": "Bank membangun.", "version": 1}
    )
    assert edited.status_code == 200, edited.content

    qdpx = eva.get(f"/api/studies/{pk}/qdpx")
    assert qdpx.status_code == 200
    assert "project.qde" in zipfile.ZipFile(io.BytesIO(qdpx.content)).namelist()
    qdc = eva.get(f"/api/studies/{pk}/codebook.qdc")
    assert qdc.status_code == 200 and b"Kontribusi sepihak" in qdc.content

    report = eva.get(f"/api/studies/{pk}/report?format=html&lang=en")
    assert report.status_code == 200 and b"INF-01" in report.content


def test_outsiders_cannot_write_into_a_study(world: World) -> None:
    pk = world.study.pk
    charlie = _client(world.charlie)
    assert (
        _post(
            charlie,
            f"/api/studies/{pk}/informants",
            {"code": "X", "label": "x", "sampling": "purposive"},
        ).status_code
        == 404
    )
    assert _post(charlie, f"/api/studies/{pk}/memos", {"title": "x"}).status_code == 404
    assert charlie.get(f"/api/studies/{pk}/qdpx").status_code == 404
    assert _post(Client(), f"/api/studies/{pk}/codes", {"name": "x"}).status_code == 401
    assert Informant.objects.filter(study=world.study).count() == 0


def test_invalid_input_is_refused_and_saves_nothing(world: World) -> None:
    eva = _client(world.eva)
    pk = world.study.pk
    bad = _post(
        eva, f"/api/studies/{pk}/informants", {"code": "", "label": "x", "sampling": "nowhere"}
    )
    assert bad.status_code == 422
    assert "errors" in bad.json()
    empty = eva.post(
        f"/api/studies/{pk}/sources", {"kind": "interview", "title": "kosong", "text": ""}
    )
    assert empty.status_code in (400, 422)
    assert Source.objects.filter(study=world.study).count() == 0
    qdc = eva.post(f"/api/studies/{pk}/codebook", {"file": io.BytesIO(b"not xml")})
    assert qdc.status_code == 400


def test_a_stale_informant_edit_gets_the_current_record(world: World) -> None:
    eva = _client(world.eva)
    pk = world.study.pk
    iid = _post(
        eva,
        f"/api/studies/{pk}/informants",
        {"code": "INF-09", "label": "warga", "sampling": "purposive"},
    ).json()["id"]
    assert (
        _patch(
            eva, f"/api/studies/{pk}/informants/{iid}", {"label": "pasien", "version": 1}
        ).status_code
        == 200
    )
    stale = _patch(
        eva, f"/api/studies/{pk}/informants/{iid}", {"label": "tamu"}, HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["label"] == "pasien"


def test_the_openapi_document_lists_the_study_writes(world: World) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/studies",
        "/api/studies/{pk}/informants",
        "/api/studies/{pk}/sources",
        "/api/studies/{pk}/codes",
        "/api/studies/{pk}/memos",
        "/api/studies/{pk}/findings",
        "/api/studies/{pk}/qdpx",
        "/api/studies/{pk}/codebook.qdc",
        "/api/studies/{pk}/codebook",
    ):
        assert path in paths, path
