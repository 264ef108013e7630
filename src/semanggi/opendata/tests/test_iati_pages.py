"""The IATI files on the web and from the command line: links, missing essentials, bad input."""

import io
import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.demo.services import founding_case_load
from semanggi.iati.validate import iati_problems
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership, PartyRoleKind
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory, party_fill
from semanggi.testing.queries import count_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

SLUG = "bina-kesehatan-semanggi"


@pytest.fixture
def case(world: World) -> Partnership:
    assert founding_case_load() is True
    return Partnership.objects.get(slug=SLUG)


def test_the_public_partnership_page_links_its_activity_file(
    client: Client, case: Partnership
) -> None:
    page = client.get(f"/partnerships/{SLUG}/")
    assert f'href="/iati/partnerships/{SLUG}.xml"'.encode() in page.content
    response = client.get(f"/iati/partnerships/{SLUG}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert iati_problems(response.content) == []


def test_every_published_file_is_valid(client: Client, case: Partnership) -> None:
    for url in (
        "/iati/activities.xml",
        "/iati/organisations.xml",
        "/iati/organisations/pemkot-surakarta/activities.xml",
        "/iati/regions/33/activities.xml",
        "/iati/regions/33.72.03.1002/activities.xml",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert iati_problems(response.content) == [], url


def test_a_partnership_missing_essentials_is_listed_with_what_is_missing(
    client: Client, case: Partnership, world: World
) -> None:
    # The world's published partnership has no IATI identifier and no dates.
    index = client.get("/iati/")
    assert index.status_code == 200
    row = index.content.decode().split('data-missing="semanggi"')[1].split("</tr>")[0]
    assert "tidak punya pengenal IATI" in row
    assert "tanggal mulai" in row
    response = client.get("/iati/partnerships/semanggi.xml")
    assert response.status_code == 409
    assert "pengenal IATI" in response.content.decode()


def test_missing_essentials_in_english(english: Client, case: Partnership) -> None:
    response = english.get("/iati/partnerships/semanggi.xml")
    assert response.status_code == 409
    assert "no IATI identifier" in response.content.decode()


def test_unpublished_unknown_and_malformed_requests_get_404_never_500(
    client: Client, case: Partnership, world: World
) -> None:
    for url in (
        "/iati/partnerships/surakarta-draft.xml",
        "/iati/partnerships/no-such.xml",
        "/iati/organisations/no-such/activities.xml",
        "/iati/regions/99.99/activities.xml",
        "/iati/regions/not-a-code/activities.xml",
        "/iati/regions/31/activities.xml",  # a region with nothing publishable
        "/iati/organisations/bank-z/activities.xml",
    ):
        assert client.get(url).status_code == 404, url


def test_an_unpublished_partnership_page_has_no_iati_link(client: Client, world: World) -> None:
    client.force_login(world.alice)
    page = client.get("/partnerships/surakarta-draft/")
    assert b"/iati/partnerships/" not in page.content


def test_the_files_keep_their_query_count_as_partnerships_grow(
    client: Client, case: Partnership, world: World
) -> None:
    pemkot = Organisation.objects.get(slug="pemkot-surakarta")
    dinkes = Organisation.objects.get(slug="dinkes-surakarta")

    def grow() -> None:
        for n in range(3):
            partnership = PartnershipFactory(
                slug=f"more-{n}",
                description="Lagi.",
                planned_start="2024-01-01",
                locations=["33.72.03.1001"],
            )
            party_fill(
                PartyFactory(partnership=partnership, organisation=dinkes),
                roles=(PartyRoleKind.ACCOUNTABLE,),
            )
            party_fill(
                PartyFactory(partnership=partnership, organisation=world.bank_x),
                roles=(PartyRoleKind.FUNDING,),
            )

    urls = (
        "/iati/activities.xml",
        "/iati/",
        "/iati/regions/33/activities.xml",
        f"/iati/organisations/{pemkot.slug}/activities.xml",
    )
    before = {url: count_queries(partial(client.get, url))[0] for url in urls}
    grow()
    for url in urls:
        after, response = count_queries(partial(client.get, url))
        assert response.status_code == 200, url
        assert after == before[url], url
    assert client.get("/iati/activities.xml").content.count(b"<iati-activity ") == 4


def test_the_command_exports_and_checks(case: Partnership, tmp_path: Path) -> None:
    target = tmp_path / "activities.xml"
    errors = io.StringIO()
    call_command("iati", "export", "--region", "33.72", "--output", str(target), stderr=errors)
    assert iati_problems(target.read_bytes()) == []
    assert "semanggi" in errors.getvalue()  # the world's partnership, with what it lacks
    out = io.StringIO()
    call_command("iati", "check", str(target), stdout=out)
    assert "Valid" in out.getvalue()
    broken = tmp_path / "broken.xml"
    broken.write_bytes(target.read_bytes().replace(b'role="2"', b'role="9"'))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("iati", "check", str(broken), stdout=out)
    assert "OrganisationRole" in out.getvalue()


def test_the_command_refuses_unknown_organisations_and_regions(case: Partnership) -> None:
    with pytest.raises(CommandError, match="unknown organisation"):
        call_command("iati", "export", "--organisation", "no-such")
    with pytest.raises(CommandError, match="unknown region"):
        call_command("iati", "export", "--region", "../etc")
    with pytest.raises(CommandError, match="no such file"):
        call_command("iati", "check", "/no/such/file.xml")


def test_organisation_file_from_the_command(
    case: Partnership, tmp_path: Path, capsysbinary: Any
) -> None:
    target = tmp_path / "orgs.xml"
    call_command("iati", "export", "--organisations", "-o", str(target))
    assert b"ID-COA-3372" in target.read_bytes()
    assert iati_problems(target.read_bytes()) == []


def test_a_condition_recorded_on_the_page_is_published_with_the_activity(
    client: Client, case: Partnership, world: World
) -> None:
    client.force_login(world.alice)
    response = client.post(
        f"/partnerships/{SLUG}/records/condition/add/",
        {
            "kind": "2",
            "text": "Dana dicairkan setelah izin bangunan terbit.",
            "text_en": "Money is released once the building permit is issued.",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/partnerships/{SLUG}/").content.decode()
    assert "Dana dicairkan setelah izin bangunan terbit." in page
    client.logout()
    content = client.get(f"/iati/partnerships/{SLUG}.xml").content
    assert iati_problems(content) == []
    assert b'<conditions attached="1">' in content
    assert b'<condition type="2">' in content
    assert b"Money is released once the building permit is issued." in content


def test_the_reporting_organisation_page_links_its_file(client: Client, case: Partnership) -> None:
    page = client.get("/organisations/pemkot-surakarta/").content.decode()
    assert 'href="/iati/organisations/pemkot-surakarta/activities.xml"' in page


def test_conditions_through_the_api(case: Partnership, world: World) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.alice, name='t')}")
    created = client.post(
        f"/api/partnerships/{SLUG}/records/condition",
        json.dumps({"kind": "3", "text": "Laporan keuangan diaudit setiap tahun."}),
        content_type="application/json",
    )
    assert created.status_code in (200, 201), created.content
    listed = client.get(f"/api/partnerships/{SLUG}/records/condition").json()
    assert any("diaudit" in str(item) for item in listed)
    content = Client().get(f"/iati/partnerships/{SLUG}.xml").content
    assert b'<condition type="3">' in content and iati_problems(content) == []
