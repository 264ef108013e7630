"""Managing a partnership through the API: the same rules as the pages."""

import json
from typing import Any

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.poac.models import Activity, Decision, Indicator, IndicatorPeriod, PhaseChange
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def token_client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')}")


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json")


ACTIVITY = {"title": "Survei", "planned_start": "2026-01-05", "planned_end": "2026-02-27"}


def test_a_coordinator_creates_and_updates_an_activity_with_a_token(world: World) -> None:
    client = token_client(world.kurnia)
    created = post(client, "/api/partnerships/surakarta-draft/records/activity", ACTIVITY)

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "Survei" and body["planned_end"] == "2026-02-27"
    updated = patch(
        client,
        f"/api/partnerships/surakarta-draft/records/activity/{body['id']}",
        {"title": "Survei lapangan"},
    )
    assert updated.status_code == 200
    assert Activity.objects.get().title == "Survei lapangan"
    listed = client.get("/api/partnerships/surakarta-draft/records/activity").json()
    assert [row["title"] for row in listed] == ["Survei lapangan"]


@pytest.mark.parametrize(
    ("user", "slug", "status"),
    [
        (None, "semanggi", 401),
        # Anonymous callers are asked to sign in before anything is looked up: the same
        # answer for every partnership, so nothing about a hidden one is told.
        (None, "jakarta-pilot", 401),
        ("charlie", "jakarta-pilot", 404),
        ("eva", "jakarta-pilot", 403),
        ("bima", "jakarta-pilot", 201),
    ],
)
def test_writes_follow_the_access_model(
    world: World, user: str | None, slug: str, status: int
) -> None:
    client = token_client(world.user(user)) if user else Client()
    response = post(client, f"/api/partnerships/{slug}/records/activity", ACTIVITY)
    assert response.status_code == status
    assert ("detail" in response.json()) is (status != 201)


def test_a_wrong_token_is_refused(world: World) -> None:
    client = Client(HTTP_AUTHORIZATION="Bearer smg_not-a-token")
    assert client.get("/api/partnerships").status_code == 401


def test_session_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.kurnia)
    refused = post(client, "/api/partnerships/semanggi/records/activity", ACTIVITY)
    assert refused.status_code == 403

    client.get("/partnerships/semanggi/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/partnerships/semanggi/records/activity",
        json.dumps(ACTIVITY),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201


def test_validation_errors_name_the_field_in_the_readers_language(world: World) -> None:
    client = token_client(world.kurnia)
    response = post(
        client,
        "/api/partnerships/semanggi/records/activity",
        {**ACTIVITY, "planned_end": "2025-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["planned_end"] == [
        "Tanggal selesai lebih awal dari tanggal mulai."
    ]
    missing = post(client, "/api/partnerships/semanggi/records/activity", {"title": "x"})
    assert missing.status_code == 422
    assert not Activity.objects.exists()


def test_decisions_carry_each_partys_involvement(world: World) -> None:
    dinkes, bank = world.semanggi.parties.order_by("pk")
    client = token_client(world.kurnia)
    response = post(
        client,
        "/api/partnerships/semanggi/records/decision",
        {
            "decided_on": "2026-02-01",
            "subject": "budget",
            "text": "Anggaran disepakati",
            "involvement": {str(dinkes.pk): "joint", str(bank.pk): "joint"},
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["involvement"] == {str(dinkes.pk): "joint", str(bank.pk): "joint"}
    assert Decision.objects.get().parties.count() == 2


def test_gate_and_phase_change(world: World) -> None:
    client = token_client(world.kurnia)
    gate = client.get("/api/partnerships/surakarta-draft/gate").json()
    assert gate["next_phase"] == "organizing" and gate["passed"] is False
    assert "planning.activities" in {r["code"] for r in gate["requirements"] if not r["met"]}

    refused = post(client, "/api/partnerships/surakarta-draft/phase", {"target": "organizing"})
    assert refused.status_code == 409
    assert refused.json()["missing"]

    back = post(client, "/api/partnerships/semanggi/phase", {"target": "planning"})
    assert back.status_code == 409  # already in planning
    assert not PhaseChange.objects.exists()


def test_flags_and_approval(world: World) -> None:
    ActivityFactory(
        partnership=world.semanggi, planned_end="2020-01-01", planned_start="2019-01-01"
    )
    flags = Client().get("/api/partnerships/semanggi/flags").json()
    assert [f["level"] for f in flags] == ["red"]

    dinkes = world.semanggi.parties.get(organisation=world.dinkes)
    indicator = Indicator.objects.create(
        partnership=world.semanggi,
        name="Kunjungan",
        kind="outcome",
        unit="orang",
        accountable=dinkes,
    )
    period = IndicatorPeriod.objects.create(
        indicator=indicator,
        period_start="2026-01-01",
        period_end="2026-06-30",
        target=10,
        actual=8,
    )
    url = f"/api/partnerships/semanggi/indicator-periods/{period.pk}/approve"
    assert post(token_client(world.bima), url, {}).status_code == 403  # the bank is not accountable
    world.dinkes.memberships.create(user=world.charlie)
    assert post(token_client(world.charlie), url, {}).status_code == 428  # names no version
    assert post(token_client(world.charlie), url, {"version": period.version}).status_code == 200
    period.refresh_from_db()
    assert period.approved_by == world.charlie


def test_every_record_type_is_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for kind in ("activity", "decision", "transaction", "handover", "indicator-period", "closure"):
        assert f"/api/partnerships/{{slug}}/records/{kind}" in paths
    assert "/api/partnerships/{slug}/phase" in paths


def test_parties_contributions_and_the_partnership_through_the_api(world: World) -> None:
    client = token_client(world.kurnia)
    created = post(
        client,
        "/api/partnerships/surakarta-draft/records/party",
        {
            "organisation_id": world.pemkot.pk,
            "roles": ["regulator"],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["roles"] == ["regulator"]
    party_id = created.json()["id"]
    contribution = post(
        client,
        "/api/partnerships/surakarta-draft/records/contribution",
        {
            "party_id": party_id,
            "kind": "land",
            "description": "Lahan milik pemkot",
            "planned_value": "250000000",
        },
    )
    assert contribution.status_code == 201, contribution.content

    patched = patch(client, "/api/partnerships/surakarta-draft", {"is_published": True})
    assert patched.status_code == 200 and patched.json()["is_published"] is True
    bad = patch(client, "/api/partnerships/surakarta-draft", {"sector": "99999"})
    assert bad.status_code == 422 and "sector" in bad.json()["errors"]
    assert patch(token_client(world.eva), "/api/partnerships/jakarta-pilot", {}).status_code == 403


def test_malformed_lists_of_ids_are_refused_not_crashed(world: World) -> None:
    client = token_client(world.kurnia)
    response = post(
        client,
        "/api/partnerships/semanggi/records/meeting",
        {
            "held_on": "2026-01-01",
            "title": "Rapat",
            "attendees": ["x", []],
        },
    )
    assert response.status_code == 422
    assert {error["loc"][-2] for error in response.json()["errors"]} == {"attendees"}


def test_a_value_beyond_fifteen_digits_is_refused_and_the_partnership_stays_readable(
    world: World,
) -> None:
    # SQLite reads decimals back through 15 digits: 9999999999999996.00 (18 digits, what the
    # column declares) was saved, then every read of the partnership failed (a fuzzer's find).
    client = token_client(world.kurnia)
    party = post(
        client,
        "/api/partnerships/surakarta-draft/records/party",
        {"organisation_id": world.pemkot.pk, "roles": ["regulator"]},
    ).json()["id"]
    body = {"party_id": party, "kind": "land", "description": "Lahan", "planned_value": "1"}
    for value in ("9999999999999996", "10000000000000"):
        refused = post(
            client,
            "/api/partnerships/surakarta-draft/records/contribution",
            {**body, "realised_value": value},
        )
        assert refused.status_code == 422 and "realised_value" in refused.json()["errors"]
    saved = post(
        client,
        "/api/partnerships/surakarta-draft/records/contribution",
        {**body, "realised_value": "9999999999999.99"},
    )
    assert saved.status_code == 201, saved.content
    assert saved.json()["realised_value"] in ("9999999999999.99", 9999999999999.99)
    assert client.get("/api/partnerships/surakarta-draft").status_code == 200
