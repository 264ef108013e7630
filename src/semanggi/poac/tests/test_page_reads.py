"""The partnership page computes its flags and their subjects from the records it has read:
the same answers as the set-based reads, whatever the records; its queries do not grow, and
who sees an unpublished one is decided as before."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from semanggi.partnerships.models import Partnership
from semanggi.partnerships.tests.factories import PartyFactory
from semanggi.poac.models import BudgetLine, Indicator, IndicatorPeriod, Transaction
from semanggi.poac.page_reads import flags_from_records, subjects_from_records
from semanggi.poac.selectors import flag_subjects, management_records, partnership_flags
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def records_of_every_kind(partnership: Partnership) -> None:
    """Late, on-time and finished activities, budget lines over and under, commitments
    behind and met, spending beyond what was received, indicators behind and ahead."""
    first, second = list(partnership.parties.order_by("pk"))[:2]
    third = PartyFactory(partnership=partnership)
    late = ActivityFactory(
        partnership=partnership,
        planned_start=TODAY - timedelta(days=90),
        planned_end=TODAY - timedelta(days=30),
        percent_complete=60,
    )
    ActivityFactory(
        partnership=partnership,
        planned_start=TODAY - timedelta(days=100),
        planned_end=TODAY + timedelta(days=100),
        percent_complete=10,
        last_update_on=TODAY - timedelta(days=45),
    )
    ActivityFactory(partnership=partnership, percent_complete=100)
    over = BudgetLine.objects.create(activity=late, party=first, description="Semen", amount=100)
    BudgetLine.objects.create(activity=late, party=second, description="", amount=500)

    def transaction(kind: str, amount: int, **fields: object) -> None:
        Transaction.objects.create(
            partnership=partnership,
            type=kind,
            amount=Decimal(amount),
            transacted_on=fields.pop("on", TODAY - timedelta(days=10)),
            **fields,
        )

    transaction("4", 120, budget_line=over, activity=late, provider=first)
    transaction("4", 30, budget_line=over, activity=late, provider=first)
    transaction("2", 1000, due_on=TODAY - timedelta(days=60), provider=first)
    transaction("2", 500, due_on=TODAY - timedelta(days=5), provider=first)
    transaction("3", 200, provider=first, receiver=second)
    transaction("3", 50, provider=first, receiver=second)
    transaction("2", 300, due_on=TODAY + timedelta(days=30), provider=second)
    transaction("3", 300, provider=second, receiver=third)
    transaction("4", 400, provider=second)
    transaction("4", 90, provider=third)
    transaction("11", 70, provider=third)
    for actual, baseline in ((70, 0), (120, 10), (None, 0)):
        indicator = Indicator.objects.create(
            partnership=partnership,
            name=f"Indikator {actual}",
            kind="outcome",
            unit="orang",
            baseline=baseline,
            accountable=first,
        )
        for months in (2, 1):
            IndicatorPeriod.objects.create(
                indicator=indicator,
                period_start=TODAY - timedelta(days=30 * months + 30),
                period_end=TODAY - timedelta(days=30 * months),
                target=100,
                actual=actual,
            )


@pytest.mark.parametrize("phase", ["planning", "actuating", "closed"])
def test_flags_and_subjects_from_the_records_are_those_read_in_sets(
    world: World, phase: str
) -> None:
    partnership = world.semanggi
    records_of_every_kind(partnership)
    Partnership.objects.filter(pk=partnership.pk).update(phase=phase)
    partnership = Partnership.objects.prefetch_related("parties__organisation").get(
        pk=partnership.pk
    )
    records = management_records(partnership)
    parties = list(partnership.parties.all())

    from_records = flags_from_records(partnership, records, TODAY)
    in_sets = partnership_flags([partnership.pk], TODAY)[partnership.pk]
    assert from_records == in_sets
    if phase != "closed":
        assert {flag.level.value for flag in in_sets} >= {"red", "amber", "green"}
        # Every kind of flag (progress updates are expected only from Actuating on).
        assert len({flag.kind for flag in in_sets}) == (6 if phase == "actuating" else 5)

    refs = {flag.subject for flag in in_sets} | {"activity:999999", "party:0"}
    named = subjects_from_records(refs, records, parties)
    expected = flag_subjects(refs)  # also names the other refs of a party it was asked for
    assert {ref: named.get(ref) for ref in refs} == {ref: expected.get(ref) for ref in refs}
    assert "activity:999999" not in named and len(named) == len(refs) - 2


@pytest.mark.parametrize("who", ["kurnia", "bima", "anonymous"])
def test_the_partnership_page_does_not_grow_for_any_reader(
    client: Client, world: World, who: str
) -> None:
    records_of_every_kind(world.semanggi)  # one of each kind first, history included
    if who != "anonymous":
        client.force_login(world.user(who))
    assert_constant_queries(
        lambda: client.get("/partnerships/semanggi/"),
        lambda: records_of_every_kind(world.semanggi),
    )


@pytest.mark.parametrize(
    ("who", "slug", "status"),
    [
        ("anonymous", "surakarta-draft", 404),
        ("charlie", "surakarta-draft", 404),
        ("kurnia", "surakarta-draft", 200),  # coordinator of its area
        ("bima", "surakarta-draft", 404),
        ("kurnia", "jakarta-pilot", 404),  # beyond her area
        ("bima", "jakarta-pilot", 200),  # member of a party
        ("eva", "jakarta-pilot", 200),  # on a study of it
        ("alice", "jakarta-pilot", 200),
        ("anonymous", "semanggi", 200),
    ],
)
def test_who_sees_an_unpublished_partnership_page(
    client: Client, world: World, who: str, slug: str, status: int
) -> None:
    if who != "anonymous":
        client.force_login(world.user(who))
    assert client.get(f"/partnerships/{slug}/").status_code == status
