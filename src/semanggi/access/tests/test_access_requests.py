"""Access requests: a study sees a partnership, and a person joins a study of it, only with
the consent of the partnership's accountable side; never by the person who wants it."""

import json
from typing import Any

import pytest
from django.test import Client

from semanggi.access.models import AccessDecision, AccessRequest, OrganisationMembership
from semanggi.access.selectors import (
    access_request_decidable_q,
    access_requests_for,
    may_decide,
    partnerships_visible_to,
    principal_for,
)
from semanggi.access.services import (
    AccessRefused,
    access_request_decide,
    access_request_member,
    access_request_partnership,
)
from semanggi.evidence.exchange import study_import_qdpx, study_qdpx
from semanggi.evidence.models import Study
from semanggi.evidence.services import ServiceError
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def _new_study(client: Client, title: str, *partnerships: int, team: str = "") -> Study:
    response = client.post(
        "/studies/new/",
        {
            "title": title,
            "status": "planned",
            "partnerships": list(partnerships),
            "team_usernames": team,
            "min_informants": 2,
            "min_source_kinds": 2,
            "min_sources": 2,
            "min_parties": 2,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Study.objects.get(title=title)


def test_a_self_made_study_neither_assesses_nor_decides_labels_until_consent(
    world: World, client: Client
) -> None:
    client.force_login(world.charlie)
    study = _new_study(client, "Studi Charlie", world.semanggi.pk)

    # Asked, not attached: charlie's study is no study team of the partnership.
    assert not study.partnerships.exists()
    asked = AccessRequest.objects.get(study=study)
    assert (asked.decision, asked.requested_by, asked.member) == ("pending", world.charlie, None)
    assert not world.charlie.has_perm("assessment.run_assessment", world.semanggi)
    decide = client.post(
        "/partnerships/semanggi/assessment/decisions/",
        {"framework": "sulistiyani-life", "axis": "life", "label": "pseudo", "decision": "confirm"},
    )
    assert decide.status_code == 403
    api = client.post(
        "/api/partnerships/semanggi/assessment/decisions",
        json.dumps(
            {"framework": "sulistiyani-life", "axis": "life", "label": "pseudo",
             "decision": "confirm"}
        ),
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code in (403, 401)

    # The coordinator of Kota Surakarta answers for the partnership and grants it.
    client.force_login(world.kurnia)
    page = client.get("/access/requests/").content.decode()
    assert "Studi Charlie" in page and 'value="grant"' in page
    assert (
        client.post(f"/access/requests/{asked.pk}/decide/", {"decision": "grant"}).status_code
        == 302
    )
    asked.refresh_from_db()
    assert (asked.decision, asked.decided_by) == ("granted", world.kurnia)
    assert asked.decided_at is not None
    assert list(study.partnerships.all()) == [world.semanggi]
    charlie = type(world.charlie).objects.get(pk=world.charlie.pk)
    assert charlie.has_perm("assessment.run_assessment", world.semanggi)


def test_the_requester_never_decides_her_own_request(world: World, client: Client) -> None:
    # bima is a member of a party of the Jakarta pilot: he answers for it, yet asks.
    client.force_login(world.bima)
    study = _new_study(client, "Studi Bima", world.jakarta_pilot.pk)
    asked = AccessRequest.objects.get(study=study)
    assert asked.is_pending and not study.partnerships.exists()
    assert 'value="grant"' not in client.get("/access/requests/").content.decode()
    client.post(f"/access/requests/{asked.pk}/decide/", {"decision": "grant"})
    asked.refresh_from_db()
    assert asked.is_pending
    with pytest.raises(AccessRefused):
        access_request_decide(access_request=asked, actor=world.bima, grant=True)
    # Nor does anyone else on the study's team, nor a stranger to the partnership.
    study.team.add(world.charlie)
    for outsider in (world.charlie, world.kurnia, world.eva):
        with pytest.raises(AccessRefused):
            access_request_decide(access_request=asked, actor=outsider, grant=True)
    assert not study.partnerships.exists()
    # An administrator decides.
    access_request_decide(access_request=asked, actor=world.alice, grant=False, note="Belum.")
    asked.refresh_from_db()
    assert (asked.decision, asked.decision_note) == ("refused", "Belum.")
    assert not study.partnerships.exists()
    assert asked.history.count() == 2  # asked, then refused: who and when are kept


def test_administrators_and_coordinators_attach_directly_with_a_record(world: World) -> None:
    study = Study.objects.create(title="Studi kota", lead=world.kurnia)
    row = access_request_partnership(
        study=study, partnership=world.surakarta_draft, actor=world.kurnia
    )
    assert row is not None
    assert (row.decision, row.requested_by, row.decided_by) == (
        "granted",
        world.kurnia,
        world.kurnia,
    )
    assert list(study.partnerships.all()) == [world.surakarta_draft]


def test_nobody_asks_for_a_partnership_they_cannot_see(world: World, client: Client) -> None:
    study = Study.objects.create(title="Studi Charlie", lead=world.charlie)
    with pytest.raises(AccessRefused):
        access_request_partnership(
            study=study, partnership=world.jakarta_pilot, actor=world.charlie
        )
    client.force_login(world.charlie)
    response = client.post(
        f"/api/studies/{study.pk}/partnerships",
        json.dumps({"partnership": "jakarta-pilot"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not AccessRequest.objects.exists()


def test_a_party_member_cannot_share_an_unpublished_partnership_through_a_study_team(
    world: World, client: Client
) -> None:
    study = Study.objects.create(title="Studi Bima", lead=world.bima)
    asked = access_request_partnership(
        study=study, partnership=world.jakarta_pilot, actor=world.bima
    )
    assert asked is not None
    access_request_decide(access_request=asked, actor=world.alice, grant=True)

    # bima puts charlie on the study: charlie does not join before the consent.
    client.force_login(world.bima)
    covered = client.post(
        f"/api/studies/{study.pk}/partnerships",
        json.dumps({"partnership": "jakarta-pilot"}),
        content_type="application/json",
    )
    assert covered.status_code == 200 and "sudah mencakup" in covered.json()["detail"]
    response = client.post(
        f"/studies/{study.pk}/edit/",
        {
            "title": study.title,
            "status": "planned",
            "partnerships": [world.jakarta_pilot.pk],
            "team_usernames": "charlie",
            "access_note": "Charlie membantu wawancara.",
            "min_informants": 2,
            "min_source_kinds": 2,
            "min_sources": 2,
            "min_parties": 2,
        },
    )
    assert response.status_code == 302
    assert not study.team.filter(pk=world.charlie.pk).exists()
    waiting = AccessRequest.objects.get(study=study, member=world.charlie)
    assert (waiting.decision, waiting.note) == ("pending", "Charlie membantu wawancara.")
    charlie = type(world.charlie).objects.get(pk=world.charlie.pk)
    assert not charlie.has_perm("partnerships.view_partnership", world.jakarta_pilot)
    assert client.get("/partnerships/jakarta-pilot/").status_code == 200  # bima himself
    client.force_login(charlie)
    assert client.get("/partnerships/jakarta-pilot/").status_code == 404
    assert client.get(f"/studies/{study.pk}/").status_code == 404

    # The administrator grants through the API: charlie joins and sees it.
    client.force_login(world.alice)
    decided = client.post(
        f"/api/access-requests/{waiting.pk}/decision",
        json.dumps({"decision": "grant", "note": "Disetujui."}),
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "granted"
    assert study.team.filter(pk=world.charlie.pk).exists()
    client.force_login(charlie)
    assert client.get("/partnerships/jakarta-pilot/").status_code == 200
    # Taking access away needs no consent: the lead removes charlie again.
    client.force_login(world.bima)
    assert client.delete(f"/api/studies/{study.pk}/team/charlie").status_code == 204
    assert not study.team.filter(pk=charlie.pk).exists()
    client.force_login(charlie)
    assert client.delete(f"/api/studies/{study.pk}/team/charlie").status_code == 404
    # Added again, he is asked for again: a consent ends when he leaves.
    again = access_request_member(study=study, member=charlie, actor=world.bima)
    assert [row.decision for row in again] == ["pending"]
    assert not study.team.filter(pk=charlie.pk).exists()
    # Decided once: a second decision is a conflict.
    client.force_login(world.alice)
    again = client.post(
        f"/api/access-requests/{waiting.pk}/decision",
        json.dumps({"decision": "refuse"}),
        content_type="application/json",
    )
    assert again.status_code == 409


def test_a_person_joins_only_when_every_partnership_of_the_study_consents(world: World) -> None:
    study = Study.objects.create(title="Studi ganda", lead=world.alice)
    study.partnerships.add(world.jakarta_pilot, world.surakarta_draft)
    # bima answers for neither directly: each partnership is asked.
    OrganisationMembership.objects.create(user=world.eva, organisation=world.bank_z)
    waiting = access_request_member(study=study, member=world.charlie, actor=world.bima)
    assert {row.partnership for row in waiting} == {world.jakarta_pilot, world.surakarta_draft}
    first = next(row for row in waiting if row.partnership == world.surakarta_draft)
    access_request_decide(access_request=first, actor=world.kurnia, grant=True)
    assert not study.team.filter(pk=world.charlie.pk).exists()
    second = next(row for row in waiting if row.partnership == world.jakarta_pilot)
    access_request_decide(access_request=second, actor=world.alice, grant=True)
    assert study.team.filter(pk=world.charlie.pk).exists()


def test_the_api_asks_lists_and_decides(world: World, client: Client) -> None:
    study = Study.objects.create(title="Studi API", lead=world.charlie)
    client.force_login(world.charlie)
    asked = client.post(
        f"/api/studies/{study.pk}/partnerships",
        json.dumps({"partnership": "semanggi", "note": "Evaluasi puskesmas."}),
        content_type="application/json",
    )
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert (body["decision"], body["can_decide"], body["member"]) == ("pending", False, None)
    assert client.get("/api/access-requests").json()["items"][0]["id"] == body["id"]
    again = client.post(
        f"/api/studies/{study.pk}/partnerships",
        json.dumps({"partnership": "semanggi"}),
        content_type="application/json",
    )
    assert again.status_code == 201 and again.json()["id"] == body["id"]  # one ask
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/access-requests",
        "/api/access-requests/{pk}/decision",
        "/api/studies/{pk}/partnerships",
        "/api/studies/{pk}/team",
    ):
        assert path in paths

    client.force_login(world.bima)  # member of Bank X, a party of the published case
    listed = client.get("/api/access-requests").json()["items"]
    assert [(row["id"], row["can_decide"]) for row in listed] == [(body["id"], True)]
    refused = client.post(
        f"/api/access-requests/{body['id']}/decision",
        json.dumps({"decision": "refuse", "note": "Tidak sekarang."}),
        content_type="application/json",
    )
    assert refused.status_code == 200
    assert refused.json()["decided_by"] == "bima"
    assert not study.partnerships.exists()
    # Someone who may not decide gets 403 (she sees the request: it is her study's)...
    client.force_login(world.charlie)
    other = AccessRequest.objects.create(
        study=study, partnership=world.semanggi, requested_by=world.charlie
    )
    denied = client.post(
        f"/api/access-requests/{other.pk}/decision",
        json.dumps({"decision": "grant"}),
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert "pihak yang bertanggung jawab" in denied.json()["detail"]
    # ...and anonymous callers 401.
    client.logout()
    assert client.get("/api/access-requests").json()["items"] == []
    anonymous = client.post(
        f"/api/access-requests/{other.pk}/decision",
        json.dumps({"decision": "grant"}),
        content_type="application/json",
    )
    assert anonymous.status_code == 401


@pytest.mark.parametrize("name", ["alice", "kurnia", "bima", "eva", "charlie", "anonymous"])
def test_the_decidable_filter_agrees_with_the_rule(world: World, name: str) -> None:
    OrganisationMembership.objects.create(user=world.eva, organisation=world.dinkes)
    rows = [
        AccessRequest.objects.create(study=world.study, partnership=p, requested_by=world.eva)
        for p in (world.semanggi, world.surakarta_draft)
    ]
    mine = Study.objects.create(title="Studi Bima", lead=world.bima)
    rows.append(
        AccessRequest.objects.create(
            study=mine, partnership=world.jakarta_pilot, requested_by=world.bima
        )
    )
    rows.append(
        AccessRequest.objects.create(
            study=mine, partnership=world.semanggi, requested_by=world.bima, member=world.charlie
        )
    )
    principal = principal_for(world.user(name))
    by_rule = {row.pk for row in rows if may_decide(principal, row)}
    by_filter = set(
        AccessRequest.objects.filter(access_request_decidable_q(principal)).values_list(
            "pk", flat=True
        )
    )
    assert by_rule == by_filter
    assert by_rule <= {row.pk for row in access_requests_for(principal)}


def test_pending_requests_leave_the_visible_set_unchanged(world: World) -> None:
    study = Study.objects.create(title="Studi Charlie", lead=world.charlie)
    access_request_partnership(study=study, partnership=world.semanggi, actor=world.charlie)
    assert AccessRequest.objects.filter(decision=AccessDecision.PENDING).count() == 1
    # Asking twice is one ask.
    access_request_partnership(study=study, partnership=world.semanggi, actor=world.charlie)
    assert AccessRequest.objects.count() == 1
    visible = partnerships_visible_to(principal_for(world.charlie)).values_list("slug", flat=True)
    assert set(visible) == {"semanggi"}


def test_the_request_pages_keep_their_query_count_as_requests_grow(
    world: World, client: Client
) -> None:
    def grow() -> None:
        for n in range(3):
            study = Study.objects.create(title=f"Studi {n}", lead=world.charlie)
            study.team.add(world.eva)
            access_request_partnership(study=study, partnership=world.semanggi, actor=world.charlie)
            access_request_member(study=world.study, member=world.charlie, actor=world.eva)

    grow()
    client.force_login(world.bima)
    assert_constant_queries(lambda: client.get("/access/requests/"), grow)
    assert_constant_queries(lambda: client.get("/api/access-requests"), grow)
    client.force_login(world.charlie)
    assert_constant_queries(lambda: client.get("/access/requests/"), grow)


def test_those_who_may_decide_are_told_by_mail(
    world: World, client: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    study = Study.objects.create(title="Studi Charlie", lead=world.charlie)
    with django_capture_on_commit_callbacks(execute=True):
        access_request_partnership(
            study=study, partnership=world.semanggi, actor=world.charlie, note="Untuk skripsi."
        )
    # The coordinator of Kota Surakarta and the bank's member, each in a mail of their own.
    assert sorted(tuple(mail.to) for mail in mailoutbox) == [
        ("bima@example.org",),
        ("kurnia@example.org",),
    ]
    body = mailoutbox[0].body
    assert "Studi Charlie" in body and "Puskesmas Semanggi" in body and "Untuk skripsi." in body
    assert "/access/requests/" in body
    assert "menunggu keputusan Anda" in mailoutbox[0].subject
    # Asking again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        access_request_partnership(study=study, partnership=world.semanggi, actor=world.charlie)
    assert len(mailoutbox) == 2


def test_an_import_cannot_ask_for_a_partnership_its_importer_cannot_see(world: World) -> None:
    project = study_qdpx(study=world.study)
    with pytest.raises(ServiceError) as refused:
        study_import_qdpx(
            lead=world.charlie, data=project, title="Salinan", partnerships=[world.jakarta_pilot]
        )
    assert "tidak dapat Anda lihat" in refused.value.message.id
    assert not Study.objects.filter(title="Salinan").exists()
    assert not AccessRequest.objects.exists()
