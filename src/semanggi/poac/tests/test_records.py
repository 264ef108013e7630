"""Adding and editing management records through the pages, under the access model."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.poac.models import (
    Activity,
    Decision,
    ProgressEvidence,
    ProgressUpdate,
    Responsibility,
    Risk,
)
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.files import image_file
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def add(client: Client, slug: str, kind: str, data: dict[str, Any]) -> Any:
    return client.post(f"/partnerships/{slug}/records/{kind}/add/", data)


def test_a_coordinator_plans_an_activity_and_sees_it(client: Client, world: World) -> None:
    client.force_login(world.kurnia)
    response = add(
        client,
        "surakarta-draft",
        "activity",
        {"title": "Survei lokasi", "planned_start": "2026-01-05", "planned_end": "2026-02-27"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/partnerships/surakarta-draft/#work-plan"
    activity = Activity.objects.get(title="Survei lokasi")
    assert activity.partnership == world.surakarta_draft
    assert activity.history.get().history_user == world.kurnia
    page = client.get("/partnerships/surakarta-draft/").content.decode()
    assert "Survei lokasi" in page


@pytest.mark.parametrize(
    ("user", "slug", "status"),
    [
        ("anonymous", "surakarta-draft", 404),  # hidden
        ("charlie", "surakarta-draft", 404),
        ("charlie", "semanggi", 403),  # visible, not his
        ("eva", "jakarta-pilot", 403),  # evaluators read, they do not manage
        ("bima", "jakarta-pilot", 200),
        ("kurnia", "semanggi", 200),
    ],
)
def test_only_those_who_may_change_a_partnership_get_its_forms(
    client: Client, world: World, user: str, slug: str, status: int
) -> None:
    if user != "anonymous":
        client.force_login(world.user(user))
    assert client.get(f"/partnerships/{slug}/records/risk/add/").status_code == status


def test_unknown_record_kind_is_a_404(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert client.get("/partnerships/semanggi/records/spaceship/add/").status_code == 404


def test_bad_input_is_explained_in_indonesian_and_nothing_is_saved(
    client: Client, world: World
) -> None:
    client.force_login(world.kurnia)
    response = add(
        client,
        "surakarta-draft",
        "activity",
        {"title": "", "planned_start": "2026-03-01", "planned_end": "2026-02-01"},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Bidang ini tidak boleh kosong" in text
    assert not Activity.objects.exists()


def test_end_before_start_is_refused(client: Client, world: World) -> None:
    client.force_login(world.kurnia)
    response = add(
        client,
        "surakarta-draft",
        "activity",
        {"title": "Terbalik", "planned_start": "2026-03-01", "planned_end": "2026-02-01"},
    )
    assert "Tanggal selesai lebih awal dari tanggal mulai." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_record_of_another_partnership_cannot_be_chosen(client: Client, world: World) -> None:
    elsewhere = world.jakarta_pilot.parties.get()
    client.force_login(world.kurnia)
    response = add(
        client,
        "surakarta-draft",
        "risk",
        {"description": "Banjir", "likelihood": 2, "impact": 4, "owner": elsewhere.pk},
    )
    assert response.status_code == 400
    assert not Risk.objects.exists()


def test_at_most_one_accountable_party_per_activity(client: Client, world: World) -> None:
    activity = ActivityFactory(partnership=world.surakarta_draft)
    dinkes, bank_z = world.surakarta_draft.parties.order_by("pk")
    client.force_login(world.kurnia)

    first = add(
        client,
        "surakarta-draft",
        "responsibility",
        {"activity": activity.pk, "party": dinkes.pk, "letter": "A"},
    )
    second = add(
        client,
        "surakarta-draft",
        "responsibility",
        {"activity": activity.pk, "party": bank_z.pk, "letter": "A"},
    )

    assert first.status_code == 302
    assert second.status_code == 400
    assert "paling banyak satu" in second.content.decode()
    assert Responsibility.objects.filter(activity=activity, letter="A").count() == 1


def test_a_decision_records_how_each_party_took_part(client: Client, world: World) -> None:
    dinkes, bank_x = world.semanggi.parties.order_by("pk")
    client.force_login(world.kurnia)
    response = add(
        client,
        "semanggi",
        "decision",
        {
            "decided_on": "2026-01-10",
            "subject": "design",
            "text": "Desain gedung disepakati",
            f"party_{dinkes.pk}": "joint",
            f"party_{bank_x.pk}": "joint",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.recorded_by == world.kurnia
    assert dict(decision.parties.values_list("party_id", "involvement")) == {
        dinkes.pk: "joint",
        bank_x.pk: "joint",
    }


@pytest.mark.parametrize(
    ("dinkes", "bank", "message"),
    [
        ("alone", "alone", "Hanya satu pihak"),
        ("alone", "joint", "bersama-sama atau oleh satu pihak"),
        ("joint", "none", "paling sedikit dua pihak"),
    ],
)
def test_impossible_decisions_are_refused(
    client: Client, world: World, dinkes: str, bank: str, message: str
) -> None:
    first, second = world.semanggi.parties.order_by("pk")
    client.force_login(world.kurnia)
    response = add(
        client,
        "semanggi",
        "decision",
        {
            "decided_on": "2026-01-10",
            "subject": "budget",
            "text": "x",
            f"party_{first.pk}": dinkes,
            f"party_{second.pk}": bank,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_a_progress_update_moves_the_activity_and_keeps_its_evidence(
    client: Client, world: World
) -> None:
    activity = ActivityFactory(partnership=world.semanggi)
    client.force_login(world.bima)
    photo = SimpleUploadedFile("fondasi.png", image_file())
    response = client.post(
        "/partnerships/semanggi/records/progress-update/add/",
        {
            "activity": activity.pk,
            "reported_on": date.today().isoformat(),
            "percent_complete": 40,
            "narrative": "Fondasi selesai",
            "evidence": photo,
            "caption": "Foto fondasi",
        },
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.percent_complete == 40
    assert activity.last_update_on == date.today()
    assert activity.actual_start == date.today()
    assert ProgressUpdate.objects.get().reported_by == world.bima
    assert ProgressEvidence.objects.get().caption == "Foto fondasi"


def test_a_progress_update_with_a_bad_file_saves_nothing(client: Client, world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi)
    client.force_login(world.bima)
    response = client.post(
        "/partnerships/semanggi/records/progress-update/add/",
        {
            "activity": activity.pk,
            "reported_on": "2026-01-10",
            "percent_complete": 40,
            "narrative": "x",
            "evidence": SimpleUploadedFile("virus.exe", b"MZ"),
        },
    )
    assert response.status_code == 400
    assert "tidak diterima" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    activity.refresh_from_db()
    assert activity.percent_complete == 0


def test_records_are_edited_in_place(client: Client, world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi, title="Lama")
    client.force_login(world.kurnia)
    url = f"/partnerships/semanggi/records/activity/{activity.pk}/edit/"
    assert "Lama" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "title": "Baru",
            "planned_start": activity.planned_start.isoformat(),
            "planned_end": activity.planned_end.isoformat(),
        },
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Baru"
    other = ActivityFactory(partnership=world.jakarta_pilot)
    assert (
        client.get(f"/partnerships/semanggi/records/activity/{other.pk}/edit/").status_code == 404
    )


def test_an_activity_cannot_depend_on_itself(client: Client, world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi)
    client.force_login(world.kurnia)
    response = client.post(
        f"/partnerships/semanggi/records/activity/{activity.pk}/edit/",
        {
            "title": "x",
            "planned_start": "2026-01-01",
            "planned_end": "2026-02-01",
            "depends_on": [activity.pk],
        },
    )
    assert response.status_code == 400
    assert not activity.depends_on.exists()


def test_a_party_joins_with_its_roles_and_brings_a_contribution(
    client: Client, world: World
) -> None:
    client.force_login(world.kurnia)
    response = add(
        client,
        "surakarta-draft",
        "party",
        {
            "organisation": world.pemkot.pk,
            "roles": ["regulator", "coordinator"],
        },
    )
    assert response.status_code == 302
    party = world.surakarta_draft.parties.get(organisation=world.pemkot)
    assert set(party.roles.values_list("role", flat=True)) == {"regulator", "coordinator"}

    again = add(
        client,
        "surakarta-draft",
        "party",
        {
            "organisation": world.pemkot.pk,
            "roles": ["funding"],
        },
    )
    assert again.status_code == 400
    assert world.surakarta_draft.parties.filter(organisation=world.pemkot).count() == 1

    response = add(
        client,
        "surakarta-draft",
        "contribution",
        {
            "party": party.pk,
            "kind": "permits",
            "description": "Izin mendirikan bangunan",
        },
    )
    assert response.status_code == 302
    assert party.contributions.get().kind == "permits"
    page = client.get("/partnerships/surakarta-draft/").content.decode()
    assert "Izin mendirikan bangunan" in page and "Regulator" in page


def test_a_partys_roles_are_changed_in_place(client: Client, world: World) -> None:
    party = world.semanggi.parties.get(organisation=world.bank_x)
    client.force_login(world.bima)
    response = client.post(
        f"/partnerships/semanggi/records/party/{party.pk}/edit/",
        {"organisation": world.bank_x.pk, "roles": ["funding"]},
    )
    assert response.status_code == 302
    assert list(party.roles.values_list("role", flat=True)) == ["funding"]


def test_the_partnership_itself_is_edited_and_published(client: Client, world: World) -> None:
    client.force_login(world.kurnia)
    url = "/partnerships/surakarta-draft/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Draf Surakarta",
            "sector": "12220",
            "is_published": "on",
            "planned_start": "2026-01-01",
            "planned_end": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert "Tanggal selesai lebih awal" in response.content.decode()

    response = client.post(
        url, {"title": "Draf Surakarta", "sector": "12220", "is_published": "on"}
    )
    assert response.status_code == 302
    world.surakarta_draft.refresh_from_db()
    assert world.surakarta_draft.is_published and world.surakarta_draft.sector == "12220"
    client.logout()
    assert client.get("/partnerships/surakarta-draft/").status_code == 200
    client.force_login(world.eva)
    assert client.get("/partnerships/jakarta-pilot/edit/").status_code == 403
