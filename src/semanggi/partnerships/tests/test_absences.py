"""Records of absence, dependences, a party's standing and the joint objectives a party holds:
entered on the pages and through the API, validated the same way, shown on the partnership."""

import json
from typing import Any

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.partnerships.models import Absence, Dependence, Objective, Party
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def parties(world: World) -> tuple[Party, Party]:
    dinkes = Party.objects.get(partnership=world.semanggi, organisation=world.dinkes)
    bank = Party.objects.get(partnership=world.semanggi, organisation=world.bank_x)
    return dinkes, bank


def test_a_coordinator_records_what_is_absent_and_who_depends_on_whom(
    client: Client, world: World
) -> None:
    dinkes, bank = parties(world)
    client.force_login(world.kurnia)
    url = "/partnerships/semanggi/records/{}/add/"
    response = client.post(url.format("absence"), {"what": "forum", "reason": "Tidak dibentuk"})
    assert response.status_code == 302, response.content.decode()[:2000]
    refused = client.post(url.format("absence"), {"what": "contribution", "reason": "?"})
    assert refused.status_code == 400  # a contribution not reported needs its party
    assert "Sebutkan pihak yang tidak memilikinya." in refused.content.decode()
    client.post(url.format("absence"), {"what": "contribution", "party": dinkes.pk})
    client.post(
        url.format("dependence"),
        {"party": dinkes.pk, "on_party": bank.pk, "kind": "funds", "description": "Dana CSR"},
    )
    assert {(a.what, a.party_id) for a in Absence.objects.all()} == {
        ("forum", None),
        ("contribution", dinkes.pk),
    }
    dependence = Dependence.objects.get()
    assert (dependence.party, dependence.on_party, dependence.kind) == (dinkes, bank, "funds")
    assert dependence.history.get().history_user == world.kurnia

    page = client.get("/partnerships/semanggi/").content.decode()
    assert "Tidak ada forum koordinasi" in page and "Tidak dibentuk" in page
    assert "bergantung pada" in page


def test_a_party_of_another_partnership_is_refused(client: Client, world: World) -> None:
    other = Party.objects.filter(partnership=world.surakarta_draft).first()
    assert other is not None
    dinkes, _ = parties(world)
    client.force_login(world.alice)
    response = client.post(
        "/partnerships/semanggi/records/dependence/add/",
        {"party": dinkes.pk, "on_party": other.pk, "kind": "funds"},
    )
    assert response.status_code == 400 and not Dependence.objects.exists()


def test_standing_and_held_objectives_are_entered_with_the_party(
    client: Client, world: World
) -> None:
    dinkes, bank = parties(world)
    client.force_login(world.kurnia)
    response = client.post(
        f"/partnerships/semanggi/records/party/{dinkes.pk}/edit/",
        {"organisation": world.dinkes.pk, "standing": "supervisor", "beneficiary": "false",
         "roles": ["accountable"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    dinkes.refresh_from_db()
    assert (dinkes.standing, dinkes.beneficiary) == ("supervisor", False)
    client.post(
        "/partnerships/semanggi/records/objective/add/",
        {"text": "Puskesmas baru", "held_by": [bank.pk]},
    )
    objective = Objective.objects.get(text="Puskesmas baru")
    assert list(objective.held_by.all()) == [bank]
    refused = client.post(
        "/partnerships/semanggi/records/objective/add/",
        {"party": dinkes.pk, "text": "Milik sendiri", "held_by": [bank.pk]},
    )
    assert refused.status_code == 400 and not Objective.objects.filter(text="Milik sendiri")
    page = client.get("/partnerships/semanggi/").content.decode()
    assert "Pengawas" in page and "tidak memperoleh manfaat dari kemitraan" in page


def test_the_api_takes_the_same_records(world: World) -> None:
    dinkes, bank = parties(world)
    token = api_token_create(user=world.kurnia, name="t")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    created = client.post(
        "/api/partnerships/semanggi/records/absence",
        json.dumps({"what": "agreement", "reason": "Hanya BAST"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    refused = client.post(
        "/api/partnerships/semanggi/records/absence",
        json.dumps({"what": "agreement", "party_id": dinkes.pk}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    body: Any = client.post(
        "/api/partnerships/semanggi/records/dependence",
        json.dumps({"party_id": bank.pk, "on_party_id": dinkes.pk, "kind": "authority"}),
        content_type="application/json",
    )
    assert body.status_code == 201, body.content
    listed = client.get("/api/partnerships/semanggi/records/absence").json()
    assert [row["what"] for row in listed] == ["agreement"]
