"""Reads for partnerships: every list and page asks here, with the reader's Principal."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from semanggi.access.selectors import partnership_facts, partnership_visible_q
from semanggi.core.access import (
    Principal,
    can_view_partnership,
    may_see_unpublished,
    sees_all_within,
)
from semanggi.core.regions import ancestor_codes
from semanggi.history import HistoryEntry, history_entries
from semanggi.partnerships.models import (
    Absence,
    Agreement,
    Condition,
    Contribution,
    Dependence,
    Objective,
    Partnership,
    Party,
    PartyRole,
)
from semanggi.regions.models import Region, within_q


@dataclass(frozen=True)
class PartnershipFilters:
    region: str | None = None
    sector: str | None = None
    status: str | None = None
    phase: str | None = None
    q: str | None = None


def partnership_list(*, principal: Principal, filters: PartnershipFilters) -> QuerySet[Partnership]:
    """Visible partnerships matching ``filters``, with what a list row shows prefetched,
    in title order (an index serves it: the first page is read without sorting the set)."""
    if filters.region and sees_all_within(principal, filters.region):
        # Everything within her own area is visible to a coordinator: the region filter
        # says it all, and the database need not look up her whole area per row.
        queryset = Partnership.objects.all()
    else:
        queryset = Partnership.objects.filter(partnership_visible_q(principal))
    if filters.region:
        located = Partnership.locations.through.objects.filter(
            within_q("region__code", [filters.region])
        ).values("partnership_id")
        queryset = queryset.filter(pk__in=located)
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.phase:
        queryset = queryset.filter(phase=filters.phase)
    if filters.q:
        queryset = queryset.filter(
            Q(title__icontains=filters.q)
            | Q(title_en__icontains=filters.q)
            | Q(programme__icontains=filters.q)
        )
    return queryset.prefetch_related(
        "locations",
        Prefetch("parties", queryset=Party.objects.select_related("organisation")),
    ).order_by("title", "pk")


def partnership_detail(*, principal: Principal, slug: str) -> Partnership | None:
    """One visible partnership with everything its page shows, or None (unknown or hidden).
    Whether an unpublished one is visible is decided on its own prefetched locations and
    parties (semanggi.core.access), never by listing every partnership of the reader's area."""
    candidates = Partnership.objects.filter(slug=slug)
    if not may_see_unpublished(principal):
        candidates = candidates.filter(is_published=True)
    found = candidates.prefetch_related(
        "locations",
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation", "organisation__parent")
            .prefetch_related("roles", "contributions", "objectives")
            .order_by("pk"),
        ),
        "objectives",
        Prefetch(
            "agreements",
            queryset=Agreement.objects.prefetch_related("parties__organisation"),
        ),
        Prefetch("absences", queryset=Absence.objects.select_related("party__organisation")),
        Prefetch(
            "dependences",
            queryset=Dependence.objects.select_related(
                "party__organisation", "on_party__organisation"
            ),
        ),
    ).first()
    if found is None or found.is_published:
        return found
    return found if can_view_partnership(principal, partnership_facts(found)) else None


def region_paths(regions: list[Region]) -> dict[str, list[Region]]:
    """For each region, its ancestors then itself (province first), in one query."""
    wanted = {code for region in regions for code in ancestor_codes(region.code)}
    ancestors = Region.objects.in_bulk(wanted)
    return {
        region.code: [ancestors[code] for code in ancestor_codes(region.code) if code in ancestors]
        + [region]
        for region in regions
    }


def partnership_history(partnership: Partnership, parties: list[Party]) -> list[HistoryEntry]:
    """Every recorded change to the partnership and the records inside it (its parties and
    agreements, and every management record of Planning, Organizing, Actuating and
    Controlling), newest first, in a fixed number of queries."""
    from semanggi.poac import models as poac  # the management records build on this app

    pk = partnership.pk
    party_ids = [party.pk for party in parties]
    activities = poac.Activity.history.filter(partnership_id=pk).values("id")
    updates = poac.ProgressUpdate.history.filter(activity_id__in=activities).values("id")
    indicators = poac.Indicator.history.filter(partnership_id=pk).values("id")
    decisions = poac.Decision.history.filter(partnership_id=pk).values("id")
    return history_entries(
        [
            Partnership.history.filter(id=pk),
            Party.history.filter(partnership_id=pk),
            PartyRole.history.filter(party_id__in=party_ids),
            Objective.history.filter(partnership_id=pk),
            Contribution.history.filter(party_id__in=party_ids),
            Agreement.history.filter(partnership_id=pk),
            Condition.history.filter(partnership_id=pk),
            Absence.history.filter(partnership_id=pk),
            Dependence.history.filter(partnership_id=pk),
            # Planning
            poac.Activity.history.filter(partnership_id=pk),
            poac.BudgetLine.history.filter(activity_id__in=activities),
            poac.Risk.history.filter(partnership_id=pk),
            # Organizing
            poac.Responsibility.history.filter(activity_id__in=activities),
            poac.TeamMember.history.filter(partnership_id=pk),
            poac.Forum.history.filter(partnership_id=pk),
            poac.Meeting.history.filter(partnership_id=pk),
            poac.Decision.history.filter(partnership_id=pk),
            poac.DecisionParty.history.filter(decision_id__in=decisions),
            # Actuating
            poac.ProgressUpdate.history.filter(activity_id__in=activities),
            poac.ProgressEvidence.history.filter(update_id__in=updates),
            poac.Transaction.history.filter(partnership_id=pk),
            poac.Handover.history.filter(partnership_id=pk),
            poac.Obstacle.history.filter(partnership_id=pk),
            # Controlling
            poac.Indicator.history.filter(partnership_id=pk),
            poac.IndicatorPeriod.history.filter(indicator_id__in=indicators),
            poac.CorrectiveAction.history.filter(partnership_id=pk),
            poac.Closure.history.filter(partnership_id=pk),
        ]
    )
