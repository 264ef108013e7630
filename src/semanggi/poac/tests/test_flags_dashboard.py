"""Variance flags computed from the records, stored for the dashboard, exported."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from semanggi.partnerships.models import Partnership
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory
from semanggi.poac.models import (
    BudgetLine,
    Indicator,
    IndicatorPeriod,
    PartnershipSummary,
    Transaction,
)
from semanggi.poac.selectors import partnership_flags
from semanggi.poac.services import partnership_summary_refresh
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def levels(partnership: Partnership) -> dict[str, str]:
    flags = partnership_flags([partnership.pk], TODAY)[partnership.pk]
    return {f"{f.kind.value}:{f.subject.split(':')[0]}": f.level.value for f in flags}


def test_a_late_activity_is_red_and_a_finished_one_green(world: World) -> None:
    ActivityFactory(
        partnership=world.semanggi,
        planned_start=TODAY - timedelta(days=90),
        planned_end=TODAY - timedelta(days=30),
        percent_complete=60,
    )
    assert levels(world.semanggi)["activity_late:activity"] == "red"

    world.semanggi.activities.update(percent_complete=100)
    assert levels(world.semanggi)["activity_late:activity"] == "green"


def test_spending_over_its_budget_line_is_red(world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi)
    party = world.semanggi.parties.first()
    line = BudgetLine.objects.create(
        activity=activity, party=party, description="Semen", amount=100
    )
    Transaction.objects.create(
        partnership=world.semanggi,
        type="4",
        amount=Decimal("120"),
        transacted_on=TODAY,
        budget_line=line,
        activity=activity,
        provider=party,
    )
    assert levels(world.semanggi)["spending_over_budget:budget-line"] == "red"


def test_disbursement_behind_commitment_after_its_due_date(world: World) -> None:
    party = world.semanggi.parties.first()
    Transaction.objects.create(
        partnership=world.semanggi,
        type="2",
        amount=1000,
        transacted_on=TODAY - timedelta(days=90),
        due_on=TODAY - timedelta(days=60),
        provider=party,
    )
    Transaction.objects.create(
        partnership=world.semanggi,
        type="3",
        amount=200,
        transacted_on=TODAY - timedelta(days=70),
        provider=party,
    )
    assert levels(world.semanggi)["disbursement_behind:party"] == "red"


def test_an_indicator_behind_target(world: World) -> None:
    indicator = Indicator.objects.create(
        partnership=world.semanggi,
        name="Kunjungan",
        kind="outcome",
        unit="orang",
        baseline=0,
        accountable=world.semanggi.parties.first(),
    )
    IndicatorPeriod.objects.create(
        indicator=indicator,
        period_start=TODAY - timedelta(days=60),
        period_end=TODAY,
        target=100,
        actual=70,
    )
    assert levels(world.semanggi)["indicator_behind:indicator-period"] == "amber"


def test_progress_updates_are_expected_only_while_actuating(world: World) -> None:
    ActivityFactory(
        partnership=world.semanggi,
        planned_start=TODAY - timedelta(days=100),
        planned_end=TODAY + timedelta(days=100),
        percent_complete=50,
    )
    assert "update_overdue:activity" not in levels(world.semanggi)
    Partnership.objects.filter(pk=world.semanggi.pk).update(phase="actuating")
    world.semanggi.refresh_from_db()
    assert levels(world.semanggi)["update_overdue:activity"] == "red"


def test_the_partnership_page_shows_its_flags(client: Client, world: World) -> None:
    ActivityFactory(
        partnership=world.semanggi,
        planned_start=timezone.localdate() - timedelta(days=90),
        planned_end=timezone.localdate() - timedelta(days=30),
        percent_complete=10,
    )
    text = client.get("/partnerships/semanggi/").content.decode()
    assert 'class="flag flag-red"' in text
    assert "Terlambat 30 hari" in text


def test_summaries_are_stored_for_the_dashboard(client: Client, world: World) -> None:
    ActivityFactory(
        partnership=world.semanggi,
        planned_start=timezone.localdate() - timedelta(days=90),
        planned_end=timezone.localdate() - timedelta(days=30),
    )
    partnership_summary_refresh(
        partnership_ids=[world.semanggi.pk, world.surakarta_draft.pk],
        today=timezone.localdate(),
    )
    summary = PartnershipSummary.objects.get(partnership=world.semanggi)
    assert (summary.worst, summary.red) == ("red", 1)
    assert PartnershipSummary.objects.get(partnership=world.surakarta_draft).worst == "green"

    client.force_login(world.kurnia)
    page = client.get("/dashboard/", {"region": "33.72"}).content.decode()
    assert 'data-count="partnerships">2<' in page
    assert 'data-count="flagged">1<' in page


def test_dashboard_totals_money_recorded_through_the_pages(client: Client, world: World) -> None:
    party = world.semanggi.parties.first()
    client.force_login(world.kurnia)
    for kind, amount in (("2", 1000), ("3", 600), ("4", 250)):
        response = client.post(
            "/partnerships/semanggi/records/transaction/add/",
            {"type": kind, "amount": amount, "transacted_on": "2026-05-01", "provider": party.pk},
        )
        assert response.status_code == 302
    page = client.get("/dashboard/").content.decode()
    assert 'data-count="committed">Rp 1.000<' in page
    assert 'data-count="disbursed">Rp 600<' in page
    assert 'data-count="spent">Rp 250<' in page


def test_dashboard_exports_csv_and_xlsx(client: Client, world: World) -> None:
    client.force_login(world.alice)
    csv_response = client.get("/dashboard/", {"format": "csv"})
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("slug,title,regions,sector")
    assert len(lines) == 4
    assert any(
        line.startswith("semanggi,Puskesmas Semanggi,33.72.03.1002,12230,Semanggi,")
        for line in lines
    )

    xlsx = client.get("/dashboard/", {"format": "xlsx", "region": "31"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "slug" and [r[0] for r in rows[1:]] == ["jakarta-pilot"]


def test_exports_do_not_carry_spreadsheet_formulas(client: Client, world: World) -> None:
    Partnership.objects.filter(pk=world.semanggi.pk).update(title='=HYPERLINK("x")')
    text = b"".join(client.get("/dashboard/", {"format": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in text


def test_dashboard_query_count_does_not_grow(client: Client, world: World) -> None:
    client.force_login(world.alice)

    def grow() -> None:
        for _ in range(4):
            partnership = PartnershipFactory(locations=["33.72"])
            party = PartyFactory(partnership=partnership)
            ActivityFactory(partnership=partnership)
            Transaction.objects.create(
                partnership=partnership, type="3", amount=5, transacted_on=TODAY, provider=party
            )
        partnership_summary_refresh(
            partnership_ids=list(Partnership.objects.values_list("pk", flat=True)), today=TODAY
        )

    assert_constant_queries(lambda: client.get("/dashboard/", {"region": "33"}), grow)


def test_partnership_page_query_count_does_not_grow_with_management_records(
    client: Client, world: World
) -> None:
    client.force_login(world.alice)
    party = world.semanggi.parties.first()
    # One of each first: a prefetch over no rows is skipped, and the history reads only the
    # kinds of records that have one, so counts start from one.
    first = ActivityFactory(partnership=world.semanggi)
    BudgetLine.objects.create(activity=first, party=party, description="x", amount=9)
    Transaction.objects.create(
        partnership=world.semanggi, type="4", amount=5, transacted_on=TODAY, provider=party
    )

    def grow() -> None:
        for _ in range(3):
            activity = ActivityFactory(partnership=world.semanggi)
            BudgetLine.objects.create(activity=activity, party=party, description="x", amount=9)
            Transaction.objects.create(
                partnership=world.semanggi,
                type="4",
                amount=5,
                transacted_on=TODAY,
                provider=party,
                activity=activity,
            )

    assert_constant_queries(lambda: client.get("/partnerships/semanggi/"), grow)
