"""Flags name their subject; spending beyond what was disbursed to a party is flagged; an
activity with a recorded actual end is finished; a closed partnership has no live flags."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from semanggi.poac.models import Transaction
from semanggi.poac.selectors import flag_subjects, partnership_flags
from semanggi.poac.tests.factories import every_record_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 1)


def _flags(world: World) -> dict[str, str]:
    found = partnership_flags([world.semanggi.pk], TODAY)[world.semanggi.pk]
    return {f.subject: f.level.value for f in found if f.kind.value != "update_overdue"}


def test_spending_beyond_what_a_party_received_is_red_and_named(world: World) -> None:
    records = every_record_create(world.semanggi)
    bank, dinkes = records["transaction"].provider, records["transaction"].receiver
    Transaction.objects.create(
        partnership=world.semanggi,
        type="4",
        amount=Decimal(400),
        transacted_on=TODAY,
        provider=dinkes,
    )
    assert _flags(world)[f"spending:{dinkes.pk}"] == "green"  # 400 of the 500 received
    Transaction.objects.create(
        partnership=world.semanggi,
        type="4",
        amount=Decimal(200),
        transacted_on=TODAY,
        provider=dinkes,
    )
    # The bank spends its own money: received nothing, so nothing to exceed.
    Transaction.objects.create(
        partnership=world.semanggi,
        type="4",
        amount=Decimal(10**9),
        transacted_on=TODAY,
        provider=bank,
    )
    flags = _flags(world)
    assert flags[f"spending:{dinkes.pk}"] == "red"
    assert flags[f"spending:{bank.pk}"] == "green"
    with translation.override("en"):
        subject = flag_subjects([f"spending:{dinkes.pk}"])[f"spending:{dinkes.pk}"]
    assert subject.label == "Spending of Dinas Kesehatan Kota Surakarta"
    assert subject.anchor == "transactions"


def test_subjects_name_the_record_and_where_it_is(world: World) -> None:
    records = every_record_create(world.semanggi)
    activity, line = records["activity"], records["budget line"]
    period = records["indicator period"]
    refs = [f"activity:{activity.pk}", f"budget-line:{line.pk}", f"indicator-period:{period.pk}"]
    with translation.override("en"):
        subjects = flag_subjects(refs)
    assert subjects[f"activity:{activity.pk}"].label == "Activity: Renovasi ruang tunggu"
    assert subjects[f"activity:{activity.pk}"].anchor == f"activity-{activity.pk}"
    assert subjects[f"budget-line:{line.pk}"].label.startswith("Budget line: Bahan bangunan")
    assert subjects[f"indicator-period:{period.pk}"].label.startswith("Indicator: Kunjungan")
    assert subjects[f"indicator-period:{period.pk}"].anchor == f"indicator-{period.indicator_id}"


def test_an_activity_with_an_actual_end_is_finished_and_closed_partnerships_stop(
    world: World,
) -> None:
    records = every_record_create(world.semanggi)
    activity = records["activity"]
    activity.planned_end = TODAY - timedelta(days=60)
    activity.save()
    assert _flags(world)[f"activity:{activity.pk}"] == "red"
    activity.actual_end = TODAY - timedelta(days=50)
    activity.save()
    assert _flags(world)[f"activity:{activity.pk}"] == "green"
    world.semanggi.phase = "closed"
    world.semanggi.save()
    assert partnership_flags([world.semanggi.pk], TODAY)[world.semanggi.pk] == []


def test_corrective_actions_and_reports_name_the_flag_they_answer(world: World) -> None:
    from django.test import Client

    from semanggi.poac.forms import CorrectiveActionForm
    from semanggi.poac.models import Activity, CorrectiveAction

    records = every_record_create(world.semanggi)
    late = Activity.objects.create(
        partnership=world.semanggi,
        title="Pengadaan alat",
        planned_start=date(2020, 1, 1),
        planned_end=date(2020, 2, 1),
    )
    ref = f"activity:{late.pk}"
    with translation.override("en"):
        form = CorrectiveActionForm(partnership=world.semanggi)
        labels = dict(form.fields["flag"].choices)
    assert labels[ref].startswith("Activity: Pengadaan alat — ")  # by name, with its reason
    dinkes = records["transaction"].receiver
    data = {
        "flag": "activity:999999",  # not a flag of this partnership
        "description": "Percepat pengadaan",
        "owner": dinkes.pk,
        "due_on": "2026-12-01",
        "status": "open",
    }
    assert not CorrectiveActionForm(data, partnership=world.semanggi).is_valid()
    form = CorrectiveActionForm({**data, "flag": ref}, partnership=world.semanggi)
    assert form.is_valid(), form.errors
    action = form.save()
    # Once the flag is gone (the activity finished), editing the action keeps it.
    late.actual_end = date(2020, 3, 1)
    late.save()
    assert ref in dict(
        CorrectiveActionForm(instance=action, partnership=world.semanggi).fields["flag"].choices
    )
    assert CorrectiveAction.objects.filter(flag=ref).exists()

    client = Client()
    client.force_login(world.kurnia)
    page = client.get("/partnerships/semanggi/").content.decode()
    item = page[page.index("Percepat pengadaan") :][:600]
    assert f'href="#activity-{late.pk}">Kegiatan: Pengadaan alat</a>' in item
    late.actual_end = None
    late.save()
    report = client.get("/partnerships/semanggi/report.html").content.decode()
    flags = report[report.index("Tanda") :]
    assert "Kegiatan: Pengadaan alat" in flags and ref not in report
