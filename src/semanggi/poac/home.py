"""What a signed-in person finds on her own home page: her drafts, the matches for her needs
and offers, the actuals waiting for her approval, and the flags on the partnerships she
manages. A fixed number of queries, whatever the data: how many partnerships she manages
comes from the stored region figures, her most flagged ones from an index on the summaries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum

from semanggi.access.selectors import partnership_changeable_q
from semanggi.core.access import Principal
from semanggi.core.regions import is_within
from semanggi.needs.models import Need, NeedStatus, Offer, OfferStatus
from semanggi.needs.selectors import (
    NeedMatch,
    OfferMatch,
    matches_for_need,
    matches_for_offer,
    need_changeable_q,
)
from semanggi.partnerships.models import Partnership, Party
from semanggi.poac.models import IndicatorPeriod, PartnershipSummary, RegionAggregate
from semanggi.poac.selectors import FlagSubject, flag_subjects
from semanggi.regions.models import within_q

# A home page shows the first few of each list and links to the whole.
SHOWN = 5
MATCHES_SHOWN = 3


@dataclass(frozen=True)
class FlagRow:
    partnership: Partnership
    level: str
    subject: FlagSubject | None
    reason: dict[str, str]


@dataclass
class Home:
    draft_needs: list[Need] = field(default_factory=list)
    draft_partnerships: list[Partnership] = field(default_factory=list)
    need_matches: list[tuple[Need, list[OfferMatch]]] = field(default_factory=list)
    offer_matches: list[tuple[Offer, list[NeedMatch]]] = field(default_factory=list)
    approvals: list[IndicatorPeriod] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)
    overdue_updates: int = 0
    managed: int = 0


def outermost(areas: "frozenset[str] | set[str]") -> list[str]:
    """The areas not lying within another of them ("" the country)."""
    return sorted(a for a in areas if not any(a != b and is_within(a, b) for b in areas))


def managed_count(principal: Principal) -> int:
    """How many partnerships ``principal`` manages: those of her areas from the stored region
    figures (never counted over her whole area per request), plus those of her
    organisations located outside her areas (a set as large as her organisations' own). A
    partnership located in two of her areas, apart from each other, counts in both."""
    if not principal.authenticated:
        return 0
    areas = [""] if principal.admin else outermost(principal.coordinator_areas)
    count = 0
    if areas:
        stored = RegionAggregate.objects.filter(region_code__in=areas, published_only=False)
        count = stored.aggregate(n=Sum("partnerships"))["n"] or 0
    if principal.organisation_ids and not principal.admin:
        theirs = Partnership.objects.filter(
            pk__in=Party.objects.filter(organisation_id__in=principal.organisation_ids).values(
                "partnership_id"
            )
        )
        if areas:
            located = Partnership.locations.through.objects.filter(
                within_q("region__code", areas), partnership_id=OuterRef("pk")
            )
            theirs = theirs.exclude(Exists(located))
        count += theirs.count()
    return count


def home_get(*, principal: Principal) -> Home:
    """The home page of ``principal`` (signed in)."""
    home = Home()
    if not principal.authenticated:
        return home
    needs = Need.objects.filter(need_changeable_q(principal)).select_related("publisher")
    home.draft_needs = list(needs.filter(status=NeedStatus.DRAFT).order_by("-pk")[:SHOWN])
    managed = Partnership.objects.filter(partnership_changeable_q(principal))
    home.managed = managed_count(principal)
    home.draft_partnerships = list(
        managed.filter(is_published=False).exclude(phase="closed").order_by("title")[:SHOWN]
    )
    for need in needs.filter(status=NeedStatus.OPEN).order_by("-pk")[:MATCHES_SHOWN]:
        found = matches_for_need(need=need, principal=principal)[:MATCHES_SHOWN]
        home.need_matches.append((need, found))
    offers = Offer.objects.filter(
        organisation_id__in=principal.organisation_ids, status=OfferStatus.OPEN
    ).select_related("organisation")
    for offer in offers.order_by("-pk")[:MATCHES_SHOWN]:
        home.offer_matches.append(
            (offer, matches_for_offer(offer=offer, principal=principal)[:MATCHES_SHOWN])
        )
    waiting = IndicatorPeriod.objects.filter(
        actual__isnull=False, approved_by__isnull=True
    ).exclude(indicator__partnership__phase="closed")
    if not principal.admin:
        waiting = waiting.filter(
            indicator__accountable__organisation_id__in=principal.organisation_ids
        )
    home.approvals = list(
        waiting.select_related("indicator__partnership").order_by("period_end")[:SHOWN]
    )
    summaries = (
        PartnershipSummary.objects.filter(partnership__in=managed)
        .filter(Q(red__gt=0) | Q(amber__gt=0))
        .select_related("partnership")
        .order_by("-red", "-amber")[:SHOWN]
    )
    rows: list[tuple[Partnership, dict[str, Any]]] = [
        (summary.partnership, flag) for summary in summaries for flag in summary.flags
    ]
    home.overdue_updates = sum(summary.overdue_updates for summary in summaries)
    subjects = flag_subjects({flag["subject"] for _p, flag in rows})
    rows.sort(key=lambda row: (row[1]["level"] != "red", row[0].title))
    home.flags = [
        FlagRow(
            partnership,
            flag["level"],
            subjects.get(flag["subject"]),
            {"id": flag["id"], "en": flag["en"]},
        )
        for partnership, flag in rows[: SHOWN * 2]
    ]
    return home
