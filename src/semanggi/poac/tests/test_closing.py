"""Closing means closed: the gate to Closed holds while a red flag, an unapproved actual or
an open corrective action remains; once closed, the partnership is read-only everywhere (but
for an administrator reopening it with a reason) and its live flags stop, on its page, in
the stored summaries the dashboards and home pages read, and in the API."""

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from semanggi.partnerships.models import Partnership, Party
from semanggi.poac.models import (
    Activity,
    CorrectiveAction,
    IndicatorPeriod,
    PartnershipSummary,
    Transaction,
)
from semanggi.poac.services import partnership_summary_refresh
from semanggi.poac.tests.factories import every_record_create
from semanggi.poac.tests.test_api_poac import ACTIVITY, token_client
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def ending(world: World) -> dict[str, Any]:
    """Semanggi in Controlling with all it needs to close, but for three things left open:
    Dinkes spent more than it received (red), an actual waits for approval, and a
    corrective action is open."""
    records = every_record_create(world.semanggi)
    dinkes, bank = Party.objects.filter(partnership=world.semanggi).order_by("pk")
    records["dinkes"], records["bank"] = dinkes, bank
    Activity.objects.filter(partnership=world.semanggi).update(
        actual_end=timezone.localdate() - timedelta(days=1), percent_complete=100
    )
    records["overspent"] = Transaction.objects.create(
        partnership=world.semanggi,
        type="4",
        amount=Decimal(900),  # of the 500 disbursed to Dinkes
        transacted_on=date(2026, 3, 5),
        provider=dinkes,
    )
    IndicatorPeriod.objects.filter(pk=records["indicator period"].pk).update(actual=Decimal(90))
    Partnership.objects.filter(pk=world.semanggi.pk).update(phase="controlling")
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk], today=timezone.localdate())
    return records


def close(client: Client) -> str:
    client.post("/partnerships/semanggi/phase/", {"target": "closed"})
    return client.get("/partnerships/semanggi/").content.decode()


def test_the_gate_to_closed_holds_while_something_is_open(
    client: Client, world: World, ending: dict[str, Any]
) -> None:
    client.force_login(world.kurnia)
    page = close(client)
    assert Partnership.objects.get(pk=world.semanggi.pk).phase == "controlling"
    for code in (
        "controlling.red_flags",
        "controlling.unapproved_actuals",
        "controlling.corrective_actions",
    ):
        assert f'<li class="unmet" data-code="{code}"' in page, code

    # The three are dealt with: the missing disbursement recorded, the actual approved by
    # the accountable party (Dinkes), the corrective action done.
    Transaction.objects.create(
        partnership=world.semanggi,
        type="3",
        amount=Decimal(400),
        transacted_on=date(2026, 3, 4),
        provider=ending["bank"],
        receiver=ending["dinkes"],
    )
    IndicatorPeriod.objects.filter(pk=ending["indicator period"].pk).update(
        approved_by=world.kurnia, approved_at=timezone.now()
    )
    CorrectiveAction.objects.filter(pk=ending["corrective action"].pk).update(status="done")
    close(client)
    assert Partnership.objects.get(pk=world.semanggi.pk).phase == "closed"


def test_a_closed_partnership_stops_its_flags_and_refuses_every_edit(
    client: Client, world: World, ending: dict[str, Any]
) -> None:
    assert PartnershipSummary.objects.get(partnership=world.semanggi).red >= 1
    Partnership.objects.filter(pk=world.semanggi.pk).update(phase="controlling")
    client.force_login(world.alice)
    # An administrator closes it after fixing what was open (here: straight in the rows).
    Transaction.objects.filter(pk=ending["overspent"].pk).delete()
    IndicatorPeriod.objects.filter(pk=ending["indicator period"].pk).update(
        approved_by=world.alice, approved_at=timezone.now()
    )
    CorrectiveAction.objects.filter(pk=ending["corrective action"].pk).update(status="done")
    close(client)
    assert Partnership.objects.get(pk=world.semanggi.pk).phase == "closed"
    # What would raise a red flag (an activity long overdue) raises none once closed.
    Activity.objects.create(
        partnership=world.semanggi,
        title="Terlambat",
        planned_start=date(2020, 1, 1),
        planned_end=date(2020, 2, 1),
    )
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk], today=timezone.localdate())
    summary = PartnershipSummary.objects.get(partnership=world.semanggi)
    assert (summary.red, summary.amber, summary.flags) == (0, 0, [])
    page = client.get("/partnerships/semanggi/").content.decode()
    assert '<ul class="flags">' not in page and "tidak mempunyai tanda aktif" in page
    assert client.get("/api/partnerships/semanggi/flags").json() == []

    # Read-only everywhere: the pages, the API, the grids, the approvals.
    kurnia = Client()
    kurnia.force_login(world.kurnia)
    for url in (
        "/partnerships/semanggi/edit/",
        "/partnerships/semanggi/records/activity/add/",
        f"/partnerships/semanggi/records/risk/{ending['risk'].pk}/edit/",
        "/partnerships/semanggi/raci/",
        "/partnerships/semanggi/involvement/",
    ):
        response = kurnia.post(url, {"title": "Diubah", "version": "1"})
        assert response.status_code == 302 and response["Location"].endswith("#phase"), url
    api = token_client(world.kurnia)
    for method, url, body in (
        ("post", "/api/partnerships/semanggi/records/activity", ACTIVITY),
        ("patch", f"/api/partnerships/semanggi/records/risk/{ending['risk'].pk}", {"impact": 1}),
        ("patch", "/api/partnerships/semanggi", {"title": "Diubah"}),
        ("put", "/api/partnerships/semanggi/raci", {"version": 1, "cells": []}),
    ):
        answer = getattr(api, method)(url, json.dumps(body), content_type="application/json")
        assert answer.status_code == 409, (url, answer.content)
    assert Partnership.objects.get(pk=world.semanggi.pk).title == "Puskesmas Semanggi"

    # Reopening: an administrator only, and only with a reason.
    kurnia.post("/partnerships/semanggi/phase/", {"target": "controlling", "reason": "Koreksi"})
    assert Partnership.objects.get(pk=world.semanggi.pk).phase == "closed"
    client.post("/partnerships/semanggi/phase/", {"target": "controlling"})
    assert Partnership.objects.get(pk=world.semanggi.pk).phase == "closed"
    client.post("/partnerships/semanggi/phase/", {"target": "controlling", "reason": "Koreksi"})
    assert Partnership.objects.get(pk=world.semanggi.pk).phase == "controlling"
    # Its flags are live again.
    assert PartnershipSummary.objects.get(partnership=world.semanggi).red >= 1


def test_flags_in_the_api_name_their_subject_and_link_to_it(
    world: World, ending: dict[str, Any]
) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    flags = client.get("/api/partnerships/semanggi/flags").json()
    spending = next(f for f in flags if f["kind"] == "spending_beyond_disbursement")
    assert spending["subject_name"] == "Spending of Dinas Kesehatan Kota Surakarta"
    assert spending["subject_url"] == "/partnerships/semanggi/#transactions"
    assert spending["level"] == "red"
