"""The IATI files through the API: the same bytes as the pages, and what keeps a partnership
out."""

import pytest
from django.test import Client

from semanggi.demo.services import founding_case_load
from semanggi.iati.validate import iati_problems
from semanggi.partnerships.models import Partnership
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

SLUG = "bina-kesehatan-semanggi"


def test_the_api_serves_the_same_iati_files_as_the_pages(world: World, client: Client) -> None:
    assert founding_case_load() is True
    for path in (
        f"/iati/partnerships/{SLUG}.xml",
        "/iati/activities.xml",
        "/iati/organisations.xml",
        "/iati/regions/33.72/activities.xml",
    ):
        page = client.get(path)
        api = client.get(f"/api{path}")
        assert api.status_code == 200, (path, api.content[:200])
        assert api.content == page.content
        assert iati_problems(api.content) == []
    summary = client.get("/api/iati").json()
    assert summary["activities"] >= 1


def test_a_partnership_not_ready_says_what_it_lacks(world: World, client: Client) -> None:
    assert founding_case_load() is True
    Partnership.objects.filter(slug=SLUG).update(sector="")
    answer = client.get(f"/api/iati/partnerships/{SLUG}.xml")
    assert answer.status_code == 409
    assert answer.json()["reasons"]
    assert client.get("/api/iati/partnerships/no-such.xml").status_code == 404
    assert client.get("/api/iati/regions/99.99/activities.xml").status_code == 404
    assert any(m["partnership"] == SLUG for m in client.get("/api/iati").json()["not_ready"])
