"""Charts of the dashboard and the partnership page: accessible SVG drawn on the server,
with the same numbers as a table and as CSV."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from semanggi.partnerships.models import Partnership
from semanggi.poac.dashboard import dashboard_charts
from semanggi.poac.models import FlagTally, Transaction
from semanggi.poac.services import partnership_summary_refresh
from semanggi.poac.tests.factories import every_record_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def test_the_dashboard_draws_money_by_sector_and_region_and_flags_over_time(
    client: Client, world: World
) -> None:
    records = every_record_create(world.semanggi)
    Transaction.objects.create(
        partnership=world.semanggi,
        type="2",
        amount=Decimal(800),
        transacted_on=date(2026, 1, 1),
        provider=records["transaction"].provider,
    )
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk], today=date(2026, 3, 1))
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk], today=date(2026, 3, 2))
    assert FlagTally.objects.filter(partnership=world.semanggi).count() == 2

    drawn = dashboard_charts(
        partnerships=Partnership.objects.all(), area="33", today=date(2026, 3, 2)
    )
    (code, name, money), *_ = drawn.money_by_region
    assert (code, name) == ("33.72", "Kota Surakarta")
    assert (money.committed, money.disbursed) == (Decimal(800), Decimal(500))
    assert [day for day, _red, _amber in drawn.flags_by_day] == [date(2026, 3, 1), date(2026, 3, 2)]

    client.force_login(world.alice)
    html = client.get("/dashboard/", {"region": "33"}).content.decode()
    for key in ("phases", "money-sector", "money-region", "flags"):
        assert f'id="chart-{key}"' in html
    assert html.count('role="img"') >= 4
    assert '<title id="money-region-t">Uang menurut wilayah (Rp)</title>' in html
    assert "Kota Surakarta" in html
    csv = b"".join(client.get("/dashboard/", {"format": "charts"}).streaming_content).decode()
    assert csv.splitlines()[0].lstrip("\ufeff") == "chart,label,series,value"
    assert "money-region,Kota Surakarta" in csv or "money-region,DKI Jakarta" in csv


def test_the_partnership_page_draws_money_and_indicators_against_targets(
    client: Client, world: World
) -> None:
    every_record_create(world.semanggi)
    html = client.get("/partnerships/semanggi/").content.decode()
    assert 'id="chart-money"' in html and 'id="chart-indicators"' in html
    assert "Indikator: capaian terhadap target" in html
