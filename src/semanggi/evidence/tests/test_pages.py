"""Every page and endpoint of the workbench: the team sees it, everyone else gets 404, real
identities reach the study lead alone, and no list costs a query per row."""

import itertools
from typing import Any

import pytest
from django.test import Client

from semanggi.evidence.models import Informant, Memo, Sampling, Study
from semanggi.evidence.services import segment_create
from semanggi.evidence.tests.factories import (
    CodeFactory,
    InformantFactory,
    SourceFactory,
    StudyFactory,
    filled_study,
)
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

SECRETS = ("Sari Wulandari", "0812-555-0101", "Budi Santoso", "budi@example.org")


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    return filled_study(world.study, world.eva)


def study_urls(study: Study, d: dict[str, Any]) -> list[str]:
    s = f"/studies/{study.pk}/"
    return [
        s,
        s + "edit/",
        s + "informants/",
        s + "informants/new/",
        s + f"informants/{d['budi'].pk}/",
        s + f"informants/{d['budi'].pk}/edit/",
        s + "referrals.svg",
        s + "sources/",
        s + "sources/new/",
        s + "sources/upload/",
        s + f"sources/{d['interview'].pk}/",
        s + f"sources/{d['interview'].pk}/?fragment=coding",
        s + f"sources/{d['interview'].pk}/edit/",
        s + "timeline.svg",
        s + "search/?q=bank",
        s + f"segments/?code={d['planning'].pk}",
        s + f"segments/{d['plan'].pk}/",
        s + "codes/",
        s + "codes/new/",
        s + f"codes/{d['planning'].pk}/",
        s + "codebook.qdc",
        s + "export.qdpx",
        s + "displays/",
        s + "displays/cooccurrence/",
        s + "displays/code-informant.csv",
        s + "displays/code-party.xlsx",
        s + "findings/",
        s + "findings/table.csv",
        s + "findings/new/",
        s + f"findings/{d['finding'].pk}/",
        s + f"findings/{d['finding'].pk}/?code={d['planning'].pk}",
        s + f"findings/{d['finding'].pk}/edit/",
    ]


def api_urls(study: Study, d: dict[str, Any]) -> list[str]:
    a = f"/api/studies/{study.pk}"
    return [
        a,
        a + "/informants",
        a + "/codes",
        a + "/sources",
        a + f"/sources/{d['interview'].pk}",
        a + f"/sources/{d['interview'].pk}/segments",
        a + "/findings",
        a + "/displays/code-informant",
    ]


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_the_team_sees_every_page_and_endpoint(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    world.study.team.add(world.charlie)
    for user in (world.eva, world.charlie, world.alice):
        client.force_login(user)
        for url in study_urls(world.study, data) + api_urls(world.study, data):
            if url == f"/studies/{world.study.pk}/edit/" and user == world.charlie:
                continue  # the study itself is the lead's (tested below)
            response = client.get(url)
            assert response.status_code == 200, (user, url, response.status_code)


@pytest.mark.parametrize("who", ["charlie", "bima", "kurnia", "anonymous"])
def test_everyone_else_gets_404_under_the_study(
    client: Client, world: World, data: dict[str, Any], who: str
) -> None:
    if who != "anonymous":
        client.force_login(world.user(who))
    for url in study_urls(world.study, data) + api_urls(world.study, data):
        assert client.get(url).status_code == 404, url
    s = f"/studies/{world.study.pk}/"
    for url in (
        s + "memos/",
        s + f"sources/{data['interview'].pk}/code/",
        s + "codes/default/",
        s + f"findings/{data['finding'].pk}/verify/",
        s + f"findings/{data['finding'].pk}/evidence/",
        s + f"segments/{data['plan'].pk}/codes/{data['planning'].pk}/remove/",
    ):
        assert client.post(url, {"title": "x", "text": "y", "segment": 1}).status_code == 404, url
    assert Memo.objects.count() == 5


def test_the_study_list_shows_my_studies_only(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    other = StudyFactory(title="Studi orang lain")
    assert client.get("/studies/").status_code == 302  # anonymous: log in first
    client.force_login(world.eva)
    text = client.get("/studies/").content.decode()
    assert "Studi rintisan Jakarta" in text and other.title not in text
    client.force_login(world.charlie)
    assert "Studi rintisan Jakarta" not in client.get("/studies/").content.decode()
    client.force_login(world.alice)
    assert other.title in client.get("/studies/").content.decode()
    api = client.get("/api/studies").json()
    assert {s["title"] for s in api["items"]} >= {"Studi rintisan Jakarta", other.title}


def test_a_new_study_is_led_by_its_maker_with_the_team_she_names(
    client: Client, world: World
) -> None:
    client.force_login(world.charlie)
    response = client.post(
        "/studies/new/",
        {
            "title": "Studi Semanggi",
            "research_questions": "Bagaimana kemitraan dikelola?",
            "status": "planned",
            "partnerships": [world.semanggi.pk],
            "team_usernames": "eva, bima",
            "min_informants": 2,
            "min_source_kinds": 2,
            "min_sources": 2,
            "min_parties": 2,
        },
    )
    assert response.status_code == 302
    study = Study.objects.get(title="Studi Semanggi")
    assert study.lead == world.charlie
    assert {u.username for u in study.team.all()} == {"eva", "bima"}


def test_a_study_cannot_take_partnerships_its_maker_cannot_see(
    client: Client, world: World
) -> None:
    client.force_login(world.charlie)
    response = client.post(
        "/studies/new/",
        {
            "title": "Mengintip",
            "status": "planned",
            "partnerships": [world.jakarta_pilot.pk],
            "min_informants": 2,
            "min_source_kinds": 2,
            "min_sources": 2,
            "min_parties": 2,
            "team_usernames": "nobody-here",
        },
    )
    assert response.status_code == 400
    assert "nobody-here" in response.content.decode()
    assert not Study.objects.filter(title="Mengintip").exists()


def test_only_the_lead_changes_the_study(client: Client, world: World) -> None:
    world.study.team.add(world.charlie)
    client.force_login(world.charlie)
    assert client.get(f"/studies/{world.study.pk}/edit/").status_code == 403
    client.force_login(world.eva)
    assert client.get(f"/studies/{world.study.pk}/edit/").status_code == 200


def test_informants_are_chosen_as_the_method_says(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    url = f"/studies/{world.study.pk}/informants/new/"
    base = {"label": "warga", "consent_on": "2025-03-01"}
    snowball = english.post(url, {**base, "code": "INF-10", "sampling": Sampling.SNOWBALL})
    assert "say which informant referred" in snowball.content.decode()
    accidental = english.post(url, {**base, "code": "INF-11", "sampling": Sampling.ACCIDENTAL})
    assert "say where the informant was met" in accidental.content.decode()
    taken = english.post(url, {**base, "code": "INF-01", "sampling": Sampling.PURPOSIVE})
    assert "has this code" in taken.content.decode()
    ok = english.post(
        url,
        {**base, "code": "INF-12", "sampling": Sampling.SNOWBALL, "referred_by": data["budi"].pk},
    )
    assert ok.status_code == 302
    # No circles: INF-01 cannot be referred by INF-12, whom INF-01 referred indirectly.
    circle = english.post(
        f"/studies/{world.study.pk}/informants/{data['sari'].pk}/edit/",
        {
            **base,
            "code": "INF-01",
            "sampling": Sampling.SNOWBALL,
            "referred_by": Informant.objects.get(code="INF-12").pk,
        },
    )
    assert "would make a circle" in circle.content.decode()


def test_memos_on_the_study_and_on_each_kind_of_thing(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.eva)
    url = f"/studies/{world.study.pk}/memos/"
    for on, target in (
        ("", ""),
        ("source", data["document"].pk),
        ("segment", data["mou"].pk),
        ("code", data["actuating"].pk),
        ("informant", data["tini"].pk),
    ):
        response = client.post(
            url, {"on": on, "target": target, "title": f"Memo {on}", "text": "Isi"}
        )
        assert response.status_code == 302
    assert Memo.objects.count() == 5 + 5
    assert Memo.objects.get(title="Memo informant").informant == data["tini"]
    page = client.get(f"/studies/{world.study.pk}/informants/{data['tini'].pk}/").content.decode()
    assert "Memo informant" in page
    foreign = InformantFactory()
    assert (
        client.post(
            url, {"on": "informant", "target": foreign.pk, "title": "x", "text": "y"}
        ).status_code
        == 404
    )


def test_the_default_codebook_has_poac_the_indicators_both_ways_and_the_parties(
    client: Client, world: World
) -> None:
    client.force_login(world.eva)
    client.post(f"/studies/{world.study.pk}/codes/default/")
    codes = world.study.codes
    assert (
        codes.filter(function__in=["planning", "organizing", "actuating", "controlling"]).count()
        == 4
    )
    assert codes.filter(indicator="K14", codable=True).count() == 2
    assert codes.filter(party__isnull=False).count() == 1
    before = codes.count()
    client.post(f"/studies/{world.study.pk}/codes/default/")
    assert codes.count() == before  # safe to repeat
    page = client.get(f"/studies/{world.study.pk}/codes/").content.decode()
    assert "Perencanaan (P)" in page and "K1+ keseimbangan kontribusi: tinggi" in page


def test_codes_are_edited_in_their_study(client: Client, world: World) -> None:
    client.force_login(world.eva)
    url = f"/studies/{world.study.pk}/codes/new/"
    response = client.post(
        url, {"name": "Dana CSR", "colour": "#AA3300", "direction": 1, "codable": "on"}
    )
    assert response.status_code == 302
    code = world.study.codes.get(name="Dana CSR")
    assert code.colour == "#aa3300"
    child = client.post(
        url, {"name": "Cair", "parent": code.pk, "colour": "#112233", "direction": 1}
    )
    assert child.status_code == 302
    # A code cannot be moved under its own child.
    loop = client.post(
        f"/studies/{world.study.pk}/codes/{code.pk}/",
        {
            "name": "Dana CSR",
            "parent": world.study.codes.get(name="Cair").pk,
            "colour": "#aa3300",
            "direction": 1,
        },
    )
    assert loop.status_code == 400
    bad = client.post(url, {"name": "Merah", "colour": "red", "direction": 1})
    assert bad.status_code == 400


def test_search_finds_text_across_sources(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    text = english.get(f"/studies/{world.study.pk}/search/?q=BANK").content.decode()
    assert "Wawancara INF-01" in text and "Wawancara INF-02" in text
    assert "<mark>bank</mark>" in text and "<mark>Bank</mark>" in text
    assert "PKS Dinkes" not in text
    none = english.get(f"/studies/{world.study.pk}/search/?q=zzzz").content.decode()
    assert "No source holds" in none


def test_pages_are_indonesian_first(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.eva)
    page = client.get(f"/studies/{world.study.pk}/")
    assert page.headers["Content-Language"] == "id"
    assert '<html lang="id">' in page.content.decode()


# --- Privacy ---------------------------------------------------------------------------------


def test_real_identities_reach_the_study_lead_only(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    world.study.team.add(world.charlie)
    client.force_login(world.charlie)
    for url in (
        study_urls(world.study, data)
        + api_urls(world.study, data)
        + [
            f"/studies/{world.study.pk}/informants/{data['sari'].pk}/",
            f"/studies/{world.study.pk}/informants/{data['sari'].pk}/edit/",
            "/api/studies",
        ]
    ):
        response = client.get(url)
        body = _body(response) if not url.endswith((".qdpx", ".xlsx")) else ""
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    assert (
        'name="real_name"'
        not in client.get(
            f"/studies/{world.study.pk}/informants/{data['sari'].pk}/edit/"
        ).content.decode()
    )

    # A team member's edit leaves the identity as it was.
    client.post(
        f"/studies/{world.study.pk}/informants/{data['sari'].pk}/edit/",
        {"code": "INF-01", "label": "staf Dinkes", "sampling": "purposive", "real_name": "X"},
    )
    data["sari"].refresh_from_db()
    assert data["sari"].real_name == "Sari Wulandari"

    client.force_login(world.eva)
    page = client.get(f"/studies/{world.study.pk}/informants/{data['sari'].pk}/").content.decode()
    assert "Sari Wulandari" in page and "0812-555-0101" in page
    # Only on the informant's page: not in lists, graphs or the API.
    assert (
        "Sari Wulandari"
        not in client.get(f"/studies/{world.study.pk}/informants/").content.decode()
    )
    assert (
        "Sari Wulandari"
        not in client.get(f"/api/studies/{world.study.pk}/informants").content.decode()
    )


def test_history_never_records_identities() -> None:
    fields = {f.name for f in Informant.history.model._meta.fields}
    assert "real_name" not in fields and "contact" not in fields


# --- Query counts -----------------------------------------------------------------------------


def test_lists_keep_their_query_count(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.eva)
    numbers = itertools.count(50)

    def grow() -> None:
        for _ in range(3):
            informant = Informant.objects.create(
                study=world.study,
                code=f"INF-{next(numbers)}",
                label="warga",
                sampling=Sampling.SNOWBALL,
                referred_by=data["sari"],
                party=data["party"],
            )
            source = SourceFactory(study=world.study, informants=[informant], party=data["party"])
            code = CodeFactory(study=world.study, parent=data["planning"], party=data["party"])
            segment_create(source=source, start=0, end=3, code_ids=[code.pk], actor=world.eva)
            segment_create(
                source=data["interview"], start=1, end=9, code_ids=[code.pk], actor=world.eva
            )
            Memo.objects.create(study=world.study, title="m", text="t")
            StudyFactory(lead=world.eva)

    s = f"/studies/{world.study.pk}/"
    for url in (
        "/studies/",
        s,
        s + "informants/",
        s + "sources/",
        s + "codes/",
        s + f"sources/{data['interview'].pk}/",
        s + "search/?q=a",
        s + "referrals.svg",
        s + "timeline.svg",
        f"/api/studies/{world.study.pk}/sources",
        f"/api/studies/{world.study.pk}/informants",
        f"/api/studies/{world.study.pk}/codes",
    ):
        assert_constant_queries(lambda url=url: client.get(url), grow)


def test_the_team_never_even_reads_identities(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world.study.team.add(world.charlie)
    client.force_login(world.charlie)
    urls = study_urls(world.study, data) + api_urls(world.study, data)
    urls += [f"/studies/{world.study.pk}/informants/{data['sari'].pk}/"]
    with CaptureQueriesContext(connection) as captured:
        for url in urls:
            client.get(url)
    reads = [q["sql"] for q in captured.captured_queries if "real_name" in q["sql"]]
    assert reads == [], "\n\n".join(reads)
