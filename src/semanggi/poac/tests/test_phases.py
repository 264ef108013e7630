"""Moving a partnership through its phases: the gates hold, the reasons are kept."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from semanggi.partnerships.models import Agreement, Objective, Partnership
from semanggi.poac.models import Closure, Forum, PhaseChange, Responsibility, Transaction
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def move(client: Client, slug: str, target: str, reason: str = "") -> str:
    response = client.post(f"/partnerships/{slug}/phase/", {"target": target, "reason": reason})
    assert response.status_code == 302
    return client.get(f"/partnerships/{slug}/").content.decode()


def phase(slug: str) -> str:
    return Partnership.objects.get(slug=slug).phase


def test_the_gate_lists_what_is_missing_and_holds(client: Client, world: World) -> None:
    client.force_login(world.kurnia)
    page = move(client, "surakarta-draft", "organizing")

    assert phase("surakarta-draft") == "planning"
    assert "Belum dapat maju ke tahap Pengorganisasian" in page
    assert 'data-code="planning.activities"' in page
    assert not PhaseChange.objects.exists()


def test_a_partnership_walks_through_every_gate_to_closing(client: Client, world: World) -> None:
    partnership = world.surakarta_draft
    dinkes, bank = partnership.parties.order_by("pk")
    client.force_login(world.kurnia)

    activity = ActivityFactory(partnership=partnership)
    Agreement.objects.create(partnership=partnership, kind="mou", title="MoU")
    Objective.objects.create(partnership=partnership, text="Bersama")
    move(client, "surakarta-draft", "organizing")
    assert phase("surakarta-draft") == "organizing"

    Responsibility.objects.create(activity=activity, party=bank, letter="R")
    Responsibility.objects.create(activity=activity, party=dinkes, letter="A")
    page = move(client, "surakarta-draft", "actuating")
    assert phase("surakarta-draft") == "organizing"  # no coordination arrangement yet
    assert 'data-code="organizing.coordination"' in page
    Forum.objects.create(partnership=partnership, kind="forum", name="Forum CSR")
    move(client, "surakarta-draft", "actuating")
    assert phase("surakarta-draft") == "actuating"
    assert Partnership.objects.get(pk=partnership.pk).status == "2"

    Transaction.objects.create(
        partnership=partnership, type="3", amount=1000, transacted_on=date.today(), provider=bank
    )
    move(client, "surakarta-draft", "controlling")
    assert phase("surakarta-draft") == "controlling"

    Closure.objects.create(partnership=partnership, closing_note="Selesai", sustainability="Dinkes")
    move(client, "surakarta-draft", "closed")
    assert phase("surakarta-draft") == "closed"
    assert Partnership.objects.get(pk=partnership.pk).status == "4"
    assert list(PhaseChange.objects.values_list("to_phase", flat=True).order_by("pk")) == [
        "organizing",
        "actuating",
        "controlling",
        "closed",
    ]
    assert set(PhaseChange.objects.values_list("changed_by", flat=True)) == {world.kurnia.pk}


def test_moving_back_needs_a_reason(client: Client, world: World) -> None:
    Partnership.objects.filter(pk=world.semanggi.pk).update(phase="actuating")
    client.force_login(world.kurnia)

    page = move(client, "semanggi", "planning")
    assert phase("semanggi") == "actuating"
    assert "memerlukan alasan" in page

    move(client, "semanggi", "planning", "Anggaran berubah")
    assert phase("semanggi") == "planning"
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.reason) == (
        "actuating",
        "planning",
        "Anggaran berubah",
    )


def test_phases_cannot_be_skipped(client: Client, world: World) -> None:
    client.force_login(world.alice)
    page = move(client, "semanggi", "controlling")
    assert phase("semanggi") == "planning"
    assert "tidak dapat dilompati" in page


def test_only_editors_change_phases(client: Client, world: World) -> None:
    client.force_login(world.eva)
    response = client.post("/partnerships/jakarta-pilot/phase/", {"target": "organizing"})
    assert response.status_code == 403
    client.logout()
    assert client.post("/partnerships/semanggi/phase/", {"target": "organizing"}).status_code == 403


def test_the_page_builds_the_same_snapshot_as_the_gates_read(world: World) -> None:
    from semanggi.access.selectors import principal_for
    from semanggi.demo.services import founding_case_load
    from semanggi.partnerships.selectors import partnership_detail
    from semanggi.poac.selectors import (
        lifecycle_snapshot,
        management_records,
        partnership_flags,
        snapshot_from_records,
    )

    founding_case_load()
    for slug in ("bina-kesehatan-semanggi", "semanggi", "surakarta-draft"):
        partnership = partnership_detail(principal=principal_for(world.alice), slug=slug)
        assert partnership is not None
        parties = list(partnership.parties.all())
        records = management_records(partnership)
        flags = partnership_flags([partnership.pk], timezone.localdate())[partnership.pk]
        assert snapshot_from_records(partnership, parties, records, flags) == lifecycle_snapshot(
            partnership
        )
