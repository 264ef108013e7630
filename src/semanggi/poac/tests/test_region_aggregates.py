"""The stored region figures are the figures the pages would add up from the records: after
every kind of change (creation, publication, phase, places, money, flags, deletion) they
equal a recomputation, and every reader gets exactly what the live computation over the
partnerships she may see gives."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from semanggi.access.selectors import principal_for
from semanggi.core.lifecycle import Phase
from semanggi.demo.services import founding_case_load
from semanggi.jobs.services import job_submit
from semanggi.opendata.portal import map_data, totals_by_sector, totals_by_year
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import PartnershipFilters, partnership_list
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory
from semanggi.poac.aggregates import region_aggregates_update
from semanggi.poac.aggregates_rebuild import region_aggregates_differences
from semanggi.poac.dashboard import dashboard_charts, dashboard_get, dashboard_totals
from semanggi.poac.figures import area_figures
from semanggi.poac.forms import PartnershipForm, TransactionForm
from semanggi.poac.models import AggregateShare, RegionAggregate
from semanggi.poac.services import (
    partnership_phase_change,
    partnership_save,
    partnership_summary_refresh,
    record_save,
)
from semanggi.regions.models import Region, within_q
from semanggi.regions.selectors import count_by_area
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

READERS = ("alice", "kurnia", "bima", "eva", "charlie", "anonymous", "dewi", "fajar")


@pytest.fixture(autouse=True)
def _more_readers(world: World) -> None:
    """Two coordinators whose figures combine several ways of seeing: dewi coordinates a
    district and a village (one read from stored rows, one partnership by partnership) and
    is a member of Bank Z; fajar coordinates a province and a city inside it, and is on the
    Jakarta study."""
    from django.contrib.auth import get_user_model

    from semanggi.access.models import CoordinatorScope, OrganisationMembership

    User = get_user_model()
    dewi = User.objects.create_user("dewi", "dewi@example.org", "dewi-pass")
    fajar = User.objects.create_user("fajar", "fajar@example.org", "fajar-pass")
    for user, code in (
        (dewi, "33.72.03"),
        (dewi, "31.71.01.1001"),
        (fajar, "33"),
        (fajar, "33.72"),
    ):
        CoordinatorScope.objects.create(user=user, region=world.regions[code])
    OrganisationMembership.objects.create(user=dewi, organisation=world.bank_z)
    world.study.team.add(fajar)
    world.dewi = dewi  # type: ignore[attr-defined]
    world.fajar = fajar  # type: ignore[attr-defined]


AREAS = (None, "33", "33.72", "33.72.03", "33.72.03.1002", "31", "31.71.01.1001")


def _live(world: World, reader: str, area: str | None) -> dict[str, Any]:
    """What the pages showed before the figures were stored: added up over the
    partnerships the reader may see within the area."""
    principal = principal_for(world.user(reader))
    today = timezone.localdate()
    shown = partnership_list(principal=principal, filters=PartnershipFilters(region=area))
    totals = dashboard_totals(shown)
    charts = dashboard_charts(partnerships=shown, area=area, today=today)
    region = Region.objects.get(code=area) if area else None
    rows = Partnership.locations.through.objects.filter(partnership__in=shown.values("pk"))
    if area:
        rows = rows.filter(within_q("region__code", [area]))
    located = list(rows.values_list("partnership_id", "region_id"))
    level = area.count(".") + 2 if area else 1
    return {
        "totals": _totals(totals),
        "charts": charts,
        "map": map_data(principal=principal, area=region, partnerships=shown),
        "parts": count_by_area(level, located),
        "count": shown.count(),
        "country": (
            (
                totals_by_sector(principal=principal),
                totals_by_year(principal=principal),
                len({code for _pk, code in located}),
                len(count_by_area(1, located)),
            )
            if area is None
            else None
        ),
    }


def _stored(world: World, reader: str, area: str | None) -> dict[str, Any]:
    principal = principal_for(world.user(reader))
    today = timezone.localdate()
    figures = area_figures(principal=principal, area=area, today=today)
    shown = partnership_list(principal=principal, filters=PartnershipFilters(region=area))
    region = Region.objects.get(code=area) if area else None
    return {
        "totals": _totals(
            dashboard_get(principal=principal, filters=PartnershipFilters(region=area))
        ),
        "charts": dashboard_charts(partnerships=shown, area=area, today=today, figures=figures),
        "map": map_data(principal=principal, area=region, figures=figures),
        "parts": (
            {code: n for code, (n, _money) in figures.parts.items()}
            if area is None or area.count(".") < 3
            else {}
        ),
        "count": figures.total,
        "country": (
            (
                totals_by_sector(principal=principal, figures=figures),
                totals_by_year(principal=principal, figures=figures),
                figures.places,
                len(figures.parts),
            )
            if area is None
            else None
        ),
    }


def _totals(dashboard: Any) -> tuple[Any, ...]:
    return (
        dashboard.total,
        dashboard.by_phase,
        list(dashboard.by_sector.items()),
        dashboard.money,
        dashboard.red,
        dashboard.amber,
        dashboard.overdue_updates,
        dashboard.flagged,
    )


def _agree(world: World) -> None:
    assert region_aggregates_differences() == []
    for reader in READERS:
        for area in AREAS:
            assert _stored(world, reader, area) == _live(world, reader, area), (reader, area)


def _edit(partnership: Partnership, **changes: Any) -> None:
    """Save the partnership's own facts through the service, as its edit page does."""
    partnership.refresh_from_db()
    data = {
        k: v for k, v in model_to_dict(partnership).items() if v is not None and k != "locations"
    }
    data.update(changes, version=partnership.version)
    form = PartnershipForm(data, partnership=partnership)
    assert form.is_valid(), form.errors
    partnership_save(form=form)


def _money(partnership: Partnership, kind: str, amount: int, days_ago: int = 0) -> None:
    """Record a transaction through the service, as the management pages do."""
    party = partnership.parties.order_by("pk").first()
    assert party is not None
    form = TransactionForm(
        {
            "type": kind,
            "amount": amount,
            "transacted_on": timezone.localdate() - timedelta(days=days_ago),
            "provider": party.pk,
        },
        partnership=partnership,
    )
    assert form.is_valid(), form.errors
    record_save(form=form, actor=None)


def test_the_stored_figures_follow_every_change(client: Client, world: World) -> None:
    today = timezone.localdate()
    _agree(world)

    # Created through the services: the founding case, with its records and summary.
    assert founding_case_load()
    case = Partnership.objects.get(slug="bina-kesehatan-semanggi")
    _agree(world)

    # Money in two years and flags on two days.
    _money(world.semanggi, "2", 800_000)
    _money(world.semanggi, "3", 500_000, days_ago=400)
    _money(world.surakarta_draft, "4", 70_000)
    partnership_summary_refresh(
        partnership_ids=[world.semanggi.pk, case.pk], today=today - timedelta(days=1)
    )
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk, case.pk], today=today)
    _agree(world)

    # Published, unpublished, dated.
    _edit(world.surakarta_draft, is_published=True, planned_start=today - timedelta(days=800))
    _edit(world.semanggi, is_published=False, sector="12220")
    _agree(world)

    # A phase moved back (always allowed, with a reason).
    if case.phase != Phase.PLANNING:
        result = partnership_phase_change(
            partnership=case, target=Phase.PLANNING, reason="Ditinjau ulang", actor=world.alice
        )
        assert result.allowed
    _agree(world)

    # Moved: to two places in two provinces, as the admin site saves it.
    world.jakarta_pilot.locations.set(["33.72.03.1001", "31.71.01.1001", "31.71"])
    region_aggregates_update(partnership_ids=[world.jakarta_pilot.pk])
    _agree(world)

    # More partnerships, one in a place that already has one.
    PartyFactory(partnership=PartnershipFactory(locations=["33.72.03.1002"], sector="11220"))
    PartnershipFactory(locations=["33.72.03.1001"], is_published=False)
    _agree(world)

    # Deleted by an administrator on the admin site (the one in two provinces).
    client.force_login(world.alice)
    response = client.post(
        f"/admin/partnerships/partnership/{world.jakarta_pilot.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Partnership.objects.filter(pk=world.jakarta_pilot.pk).exists()
    assert not AggregateShare.objects.filter(partnership_id=world.jakarta_pilot.pk).exists()
    _agree(world)

    # The daily refresh recomputes everything: the same rows.
    before = sorted(
        RegionAggregate.objects.values_list("region_code", "published_only", "partnerships")
    )
    job_submit(kind="flags_refresh", actor=None)
    assert (
        sorted(RegionAggregate.objects.values_list("region_code", "published_only", "partnerships"))
        == before
    )
    _agree(world)


def test_a_change_outside_the_application_is_found_and_repaired(world: World) -> None:
    Partnership.objects.filter(pk=world.semanggi.pk).update(phase="closed")
    assert any("by_phase" in line for line in region_aggregates_differences())
    job_submit(kind="aggregates_refresh", actor=None)
    assert region_aggregates_differences() == []
    figures = area_figures(principal=principal_for(world.anonymous), area="33.72")
    assert figures.by_phase == {"closed": 1}


def test_the_rows_count_each_partnership_once_per_region(world: World) -> None:
    PartnershipFactory(locations=["33.72.03.1001", "33.72.03.1002"], is_published=True)
    row = RegionAggregate.objects.get(region_code="33.72.03", published_only=True)
    # semanggi and the new one; the draft is in 33.72 itself, not in the district
    assert (row.partnerships, row.places) == (2, 2)
    city = RegionAggregate.objects.get(region_code="33.72", published_only=False)
    assert (city.partnerships, city.located_here, city.places) == (3, 1, 3)
    country = RegionAggregate.objects.get(region_code="", published_only=False)
    assert (country.partnerships, country.places) == (4, 4)


@pytest.mark.parametrize(
    ("reader", "area", "expected"),
    [
        ("anonymous", "33.72", 1),
        ("alice", "33.72", 1),
        ("kurnia", "33.72", 1),
        ("charlie", "33", 1),
        # bima may see one unpublished partnership (Jakarta): looked for, none in Surakarta
        ("bima", "33.72", 2),
        # and in Jakarta its stored share is read (one query, no sums) and its place counted
        # once
        ("bima", "31", 3),
        # a coordinator beyond her own area: the rows (her area's two among them), and the
        # shares of the partnerships that reach beyond her area (by their stored span)
        ("kurnia", "33", 2),
        ("kurnia", None, 2),
        # a coordinator of a district and a village, member of an organisation: and the
        # shares of what she sees otherwise, and the places they add
        ("dewi", None, 4),
    ],
)
def test_pages_read_the_stored_rows_and_add_up_only_what_the_reader_alone_sees(
    world: World, reader: str, area: str, expected: int
) -> None:
    """A coordinator in her area, an administrator and the public read stored rows only;
    someone who alone sees a few unpublished partnerships adds up the stored shares of just
    those, in a fixed number of queries, none of them a sum over records."""
    principal = principal_for(world.user(reader))
    with CaptureQueriesContext(connection) as queries:
        figures = area_figures(principal=principal, area=area)
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == expected, sql
    assert "regionaggregate" in sql[0]
    assert not [q for q in sql if "SUM(" in q.upper() or "COUNT(" in q.upper()]
    assert isinstance(figures.money.committed, Decimal)


def test_each_share_knows_the_smallest_region_holding_its_places(world: World) -> None:
    from semanggi.poac.aggregates import share_span

    assert share_span({"codes": []}) is None
    assert share_span({"codes": ["33.72.03.1002"]}) == "33.72.03.1002"
    assert share_span({"codes": ["33.72.03.1001", "33.72.03.1002"]}) == "33.72.03"
    assert share_span({"codes": ["33.72", "33.72.03.1002"]}) == "33.72"
    assert share_span({"codes": ["31.71.01.1001", "33.72"]}) == ""
    world.jakarta_pilot.locations.set(["33.72.03.1001", "31.71.01.1001"])
    region_aggregates_update(partnership_ids=[world.jakarta_pilot.pk])
    spans = dict(AggregateShare.objects.values_list("partnership_id", "span"))
    assert spans[world.jakarta_pilot.pk] == ""
    assert spans[world.semanggi.pk] == "33.72.03.1002"
    job_submit(kind="aggregates_refresh", actor=None)
    assert dict(AggregateShare.objects.values_list("partnership_id", "span")) == spans
