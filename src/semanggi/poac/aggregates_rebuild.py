"""Recomputing the region aggregates from the records, in sets (the daily refresh,
``semanggi refresh_aggregates``), and comparing the stored rows with a recomputation."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from semanggi.core.regions import ancestor_codes
from semanggi.partnerships.models import Partnership
from semanggi.poac.aggregates import (
    Tally,
    chunks,
    flag_cutoff,
    inside_q,
    level_of_code,
    share_regions,
    share_span,
    shares_of,
)
from semanggi.poac.models import AggregateShare, RegionAggregate
from semanggi.regions.models import Region


def _lock_tables() -> None:
    """Writers wait while everything is recomputed (PostgreSQL; SQLite has one writer)."""
    if connection.vendor == "postgresql":
        names = ", ".join(
            connection.ops.quote_name(model._meta.db_table)
            for model in (AggregateShare, RegionAggregate)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def region_aggregates_rebuild(*, today: date | None = None) -> int:
    """Recompute every region aggregate and share from the records, in sets: one province at
    a time (so memory follows the largest province, not the country), the country last.
    Returns the number of partnerships counted."""
    today = today or timezone.localdate()
    cutoff = flag_cutoff(today)
    through = Partnership.locations.through
    with transaction.atomic():
        _lock_tables()
        RegionAggregate.objects.all().delete()
        AggregateShare.objects.all().delete()
        country: dict[bool, Tally] = {False: Tally(), True: Tally()}
        seen: set[int] = set()
        provinces = list(
            Region.objects.filter(level=1).order_by("code").values_list("code", flat=True)
        )
        groups: list[tuple[str | None, list[int]]] = [
            (
                province,
                sorted(
                    set(
                        through.objects.filter(
                            Q(region_id=province) | inside_q(province, "region_id")
                        ).values_list("partnership_id", flat=True)
                    )
                ),
            )
            for province in provinces
        ]
        unlocated = list(
            Partnership.objects.exclude(pk__in=through.objects.values("partnership_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        groups.append((None, unlocated))
        for province, ids in groups:
            tallies: dict[tuple[str, bool], Tally] = defaultdict(Tally)
            places: dict[bool, set[str]] = {False: set(), True: set()}
            for batch in chunks(ids):
                shares = shares_of(batch, today)
                first = [pk for pk in batch if pk in shares and pk not in seen]
                for pk, share in shares.items():
                    variants = (False, True) if share["p"] else (False,)
                    for code in share_regions(share):
                        if province is None or not (
                            code == province or code.startswith(province + ".")
                        ):
                            continue
                        for variant in variants:
                            tallies[(code, variant)].contribute(share, code, 1, cutoff)
                    for variant in variants:
                        places[variant].update(
                            c for c in share["codes"] if province and c.split(".")[0] == province
                        )
                        if pk not in seen:
                            country[variant].contribute(share, "", 1, cutoff)
                AggregateShare.objects.bulk_create(
                    AggregateShare(partnership_id=pk, share=shares[pk], span=share_span(shares[pk]))
                    for pk in first
                )
                seen.update(first)
            for variant, codes in places.items():
                for code in codes:
                    for region in (*ancestor_codes(code), code):
                        tallies[(region, variant)].places += 1
                    country[variant].places += 1
            RegionAggregate.objects.bulk_create(
                (
                    tally.to_row(
                        RegionAggregate(
                            region_code=code, level=level_of_code(code), published_only=variant
                        )
                    )
                    for (code, variant), tally in sorted(tallies.items())
                    if tally.partnerships > 0
                ),
                batch_size=1000,
            )
        RegionAggregate.objects.bulk_create(
            tally.to_row(RegionAggregate(region_code="", level=0, published_only=variant))
            for variant, tally in country.items()
            if tally.partnerships > 0
        )
    return len(seen)


def region_aggregates_stored(today: date) -> dict[tuple[str, bool], dict[str, Any]]:
    """Every stored row as comparable values (flag days within the days pages read)."""
    cutoff = flag_cutoff(today)
    stored = {}
    for row in RegionAggregate.objects.all():
        tally = Tally.from_row(row)
        tally.prune(cutoff)
        stored[(row.region_code, row.published_only)] = tally.normalized()
    return stored


def region_aggregates_differences(*, today: date | None = None) -> list[str]:
    """Where the stored rows differ from a recomputation from the records (nothing is
    changed: the recomputation is rolled back). Empty when they agree."""
    today = today or timezone.localdate()
    before = region_aggregates_stored(today)

    class _RollBack(Exception):
        pass

    after: dict[tuple[str, bool], dict[str, Any]] = {}
    try:
        with transaction.atomic():
            region_aggregates_rebuild(today=today)
            after = region_aggregates_stored(today)
            raise _RollBack
    except _RollBack:
        pass
    differences = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None or new is None:
            differences.append(f"{key}: stored {old is not None}, recomputed {new is not None}")
            continue
        for name in new:
            if old[name] != new[name]:
                differences.append(f"{key} {name}: stored {old[name]!r}, recomputed {new[name]!r}")
    return differences
