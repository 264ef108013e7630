"""The grids through the API: GET the whole grid with its version, PUT the whole grid
naming that version; the same rules and answers as the pages."""

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from semanggi.partnerships.models import Party
from semanggi.poac.models import Activity, DecisionParty, Responsibility
from semanggi.poac.tests.factories import every_record_create
from semanggi.poac.tests.test_api_poac import token_client
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
RACI = "/api/partnerships/semanggi/raci"
INVOLVEMENT = "/api/partnerships/semanggi/involvement"


def put(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def planned(world: World) -> dict[str, Any]:
    records = every_record_create(world.semanggi)  # Bank X is accountable for the activity
    records["second"] = Activity.objects.create(
        partnership=world.semanggi,
        title="Pelatihan kader",
        planned_start=date(2026, 1, 5),
        planned_end=date(2026, 2, 5),
    )
    records["dinkes"], records["bank"] = Party.objects.filter(partnership=world.semanggi).order_by(
        "pk"
    )
    return records


def test_the_matrix_is_read_whole_with_its_version(world: World, planned: dict[str, Any]) -> None:
    activity, bank = planned["activity"], planned["bank"]
    response = Client().get(RACI)  # published: anyone reads it
    assert response.status_code == 200
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    assert [a["name"] for a in body["activities"]] == ["Pelatihan kader", "Renovasi ruang tunggu"]
    assert [p["id"] for p in body["parties"]] == [planned["dinkes"].pk, bank.pk]
    assert body["cells"] == [{"activity": activity.pk, "party": bank.pk, "letters": "A"}]
    assert Client().get("/api/partnerships/jakarta-pilot/raci").status_code == 404


def test_a_put_replaces_the_whole_matrix(world: World, planned: dict[str, Any]) -> None:
    activity, second, dinkes, bank = (planned[k] for k in ("activity", "second", "dinkes", "bank"))
    client = token_client(world.kurnia)
    version = client.get(RACI).json()["version"]
    body = {
        "version": version,
        "cells": [
            {"activity": activity.pk, "party": dinkes.pk, "letters": "A"},
            {"activity": second.pk, "party": bank.pk, "letters": "RA"},
        ],
    }
    response = put(client, RACI, body)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["version"] > version and response["ETag"] == f'"{saved["version"]}"'
    # The bank's A on the first activity was not listed: emptied.
    assert set(Responsibility.objects.values_list("activity_id", "party_id", "letter")) == {
        (activity.pk, dinkes.pk, "A"),
        (second.pk, bank.pk, "A"),
        (second.pk, bank.pk, "R"),
    }
    assert {"activity": second.pk, "party": bank.pk, "letters": "AR"} in saved["cells"]


def test_a_put_names_the_version_and_a_stale_one_is_a_conflict(
    world: World, planned: dict[str, Any]
) -> None:
    second, dinkes = planned["second"], planned["dinkes"]
    client = token_client(world.kurnia)
    version = client.get(RACI).json()["version"]
    cells = [{"activity": second.pk, "party": dinkes.pk, "letters": "R"}]
    assert put(client, RACI, {"cells": cells}).status_code == 428
    Responsibility.objects.create(activity=second, party=dinkes, letter="I")  # meanwhile
    stale = put(client, RACI, {"cells": cells}, **{"If-Match": f'"{version}"'})
    assert stale.status_code == 409
    assert stale.json()["version"] == version + 1
    assert {"activity": second.pk, "party": dinkes.pk, "letters": "I"} in stale.json()["current"][
        "cells"
    ]
    assert set(Responsibility.objects.filter(activity=second).values_list("letter", flat=True)) == {
        "I"
    }


def test_two_accountable_parties_are_refused_naming_the_activity(
    world: World, planned: dict[str, Any]
) -> None:
    activity, dinkes, bank = planned["activity"], planned["dinkes"], planned["bank"]
    client = token_client(world.kurnia)
    client.cookies["django_language"] = "en"
    version = client.get(RACI).json()["version"]
    body = {
        "version": version,
        "cells": [
            {"activity": activity.pk, "party": dinkes.pk, "letters": "A"},
            {"activity": activity.pk, "party": bank.pk, "letters": "A"},
        ],
    }
    response = put(client, RACI, body)
    assert response.status_code == 422
    errors = response.json()["errors"][str(activity.pk)]
    assert "Renovasi ruang tunggu" in errors[0] and "only one" in errors[0]
    assert Responsibility.objects.get().party_id == bank.pk

    twice = put(client, RACI, {"version": version, "cells": [body["cells"][0]] * 2})
    assert twice.status_code == 422
    bad = put(
        client,
        RACI,
        {"version": version, "cells": [{"activity": activity.pk, "party": 0, "letters": "Q"}]},
    )
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("user", "slug", "status"),
    [
        (None, "semanggi", 401),
        ("charlie", "jakarta-pilot", 404),
        ("eva", "jakarta-pilot", 403),
        ("charlie", "semanggi", 403),
    ],
)
def test_writes_follow_the_access_model(
    world: World, user: str | None, slug: str, status: int
) -> None:
    client = token_client(world.user(user)) if user else Client()
    response = put(client, f"/api/partnerships/{slug}/raci", {"version": 1, "cells": []})
    assert response.status_code == status


def test_a_closed_partnership_refuses_the_put(world: World, planned: dict[str, Any]) -> None:
    world.semanggi.phase = "closed"
    world.semanggi.save()
    client = token_client(world.alice)
    version = client.get(RACI).json()["version"]
    response = put(client, RACI, {"version": version, "cells": []})
    assert response.status_code == 409
    assert Responsibility.objects.count() == 1


def test_the_involvement_grid_is_read_and_replaced_whole(
    world: World, planned: dict[str, Any]
) -> None:
    decision, dinkes, bank = planned["decision"], planned["dinkes"], planned["bank"]
    client = token_client(world.kurnia)
    got = client.get(INVOLVEMENT)
    body = got.json()
    assert {"decision": decision.pk, "party": bank.pk, "involvement": "consulted"} in body["cells"]
    assert {"decision": decision.pk, "party": dinkes.pk, "involvement": "none"} in body["cells"]
    joint = [
        {"decision": decision.pk, "party": dinkes.pk, "involvement": "joint"},
        {"decision": decision.pk, "party": bank.pk, "involvement": "joint"},
    ]
    lonely = put(client, INVOLVEMENT, {"version": body["version"], "cells": joint[:1]})
    assert lonely.status_code == 422  # one party "jointly" (the bank becomes "none")
    assert "Anggaran disetujui" in lonely.json()["detail"]
    saved = put(client, INVOLVEMENT, {"version": body["version"], "cells": joint})
    assert saved.status_code == 200, saved.content
    assert set(
        DecisionParty.objects.filter(decision=decision).values_list("party_id", "involvement")
    ) == {(dinkes.pk, "joint"), (bank.pk, "joint")}
    assert put(client, INVOLVEMENT, {"version": body["version"], "cells": []}).status_code == 409


def test_the_openapi_document_lists_the_grids(world: World) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in ("/api/partnerships/{slug}/raci", "/api/partnerships/{slug}/involvement"):
        assert {"get", "put"} <= set(paths[path])
        assert "409" in paths[path]["put"]["responses"]
