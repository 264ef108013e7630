"""Numbers no key can hold, ids written in other scripts and dates in year 1 are refused at the
edge (404 or a form error), never a 500, on the pages and in the API."""

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.bounds import IdConverter, parse_id
from semanggi.evidence.models import Memo, Segment
from semanggi.evidence.tests.factories import filled_study
from semanggi.poac.models import Activity
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"  # over 2**63


def token_client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')}")


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", 1), ("9223372036854775807", 2**63 - 1), ("9223372036854775808", None), ("0", None),
     ("²", None), ("١٢", None), ("-1", None), ("", None), (None, None), (" 1", None)],
)  # fmt: skip
def test_an_id_is_ascii_digits_within_a_key(text: str | None, value: int | None) -> None:
    assert parse_id(text) == value


def test_a_url_id_a_key_cannot_hold_matches_nothing() -> None:
    with pytest.raises(ValueError):
        IdConverter().to_python(HUGE)
    assert IdConverter().to_python("12") == 12


def test_oversized_ids_are_not_found_on_pages(client: Client, world: World) -> None:
    filled_study(world.study, world.eva)
    client.force_login(world.eva)
    study = world.study.pk
    for url in (
        f"/studies/{study}/sources/{HUGE}/",
        f"/studies/{study}/segments/{HUGE}/",
        f"/studies/{HUGE}/",
        f"/needs/{HUGE}/",
    ):
        assert client.get(url).status_code == 404, url
    for query in (f"code={HUGE}", f"party={HUGE}", "party=²", f"informant={HUGE}"):
        assert client.get(f"/studies/{study}/segments/?{query}").status_code == 404, query


def test_a_memo_target_in_another_script_is_not_found(client: Client, world: World) -> None:
    filled_study(world.study, world.eva)
    client.force_login(world.eva)
    before = Memo.objects.count()
    response = client.post(
        f"/studies/{world.study.pk}/memos/",
        {"on": "source", "target": "²", "title": "x", "text": "y"},
    )
    assert response.status_code == 404
    assert Memo.objects.count() == before


def test_oversized_ids_in_api_bodies_and_paths_are_4xx(world: World) -> None:
    data = filled_study(world.study, world.eva)
    client = token_client(world.eva)
    segment = Segment.objects.filter(source__study=world.study).first()
    assert segment is not None
    study = world.study.pk
    put = client.put(
        f"/api/studies/{study}/segments/{segment.pk}/codes",
        json.dumps({"codes": [10**20]}),
        content_type="application/json",
    )
    assert put.status_code == 422
    source = data["interview"]
    post = client.post(
        f"/api/studies/{study}/sources/{source.pk}/segments",
        json.dumps({"start": 0, "end": 10**20, "codes": [1]}),
        content_type="application/json",
    )
    assert post.status_code == 422
    assert client.get(f"/api/studies/{study}/sources/{HUGE}").status_code in (404, 422)
    assert client.delete(f"/api/studies/{study}/segments/{HUGE}/codes/1").status_code in (
        404,
        422,
    )


def test_oversized_ids_in_record_relations_are_a_form_error(world: World) -> None:
    client = token_client(world.kurnia)
    response = client.post(
        "/api/partnerships/surakarta-draft/records/meeting",
        json.dumps({"held_on": "2026-01-05", "attendees": [10**20], "summary": "x"}),
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    page = Client()
    page.force_login(world.kurnia)
    response = page.post(
        "/partnerships/surakarta-draft/records/meeting/add/",
        {"held_on": "2026-01-05", "attendees": [HUGE], "summary": "x"},
    )
    assert response.status_code in (200, 400)


def test_a_year_one_activity_does_not_break_the_public_page(client: Client, world: World) -> None:
    # A date like this can only come from an old import; the pages must still answer.
    ActivityFactory(
        partnership=world.semanggi, planned_start=date(1, 1, 2), planned_end=date(9999, 12, 31)
    )
    assert client.get("/partnerships/semanggi/").status_code == 200
    assert client.get("/partnerships/semanggi/timeline.svg").status_code == 200


def test_dates_people_enter_lie_between_1900_and_2100(world: World) -> None:
    client = token_client(world.kurnia)
    url = "/api/partnerships/surakarta-draft/records/activity"
    body = {"title": "Survei", "planned_start": "0001-01-02", "planned_end": "2026-02-27"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert "antara tahun 1900 dan 2100" in response.content.decode()  # Indonesian by default
    body["planned_start"] = "1900-01-01"
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 201
    assert Activity.objects.get().planned_start == date(1900, 1, 1)
