"""Reads for the needs catalogue, offers and matching: every page and endpoint asks here.

Who sees and changes what (the same rule twice, as for partnerships: a set filter for lists,
an object decision for one record; the tests hold them together):

| who | sees needs | changes needs | sees offers | changes offers |
|---|---|---|---|---|
| anyone | published (not draft) | nothing | nothing | nothing |
| member of the organisation | + its drafts | its needs | its offers | its offers |
| coordinator | + drafts in her regions | in her regions | + every open offer | nothing |
| administrator | everything | everything | everything | everything |

The organisation is the need's publisher, or the offer's organisation.
Offers are not public: a company's budget intentions are its own until it agrees to a
partnership. Coordinators see every open offer because matching is their work.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from semanggi.core import matching
from semanggi.core.access import Principal, coordinates
from semanggi.core.lifecycle import Message
from semanggi.core.regions import ancestor_codes, is_valid_code
from semanggi.iati.codelists import codelist
from semanggi.needs.models import Need, NeedStatus, Offer, OfferStatus, Priority, RegionFigure
from semanggi.organisations.models import Organisation, OrganisationKind, Verification
from semanggi.regions.models import Region, within_q

POVERTY_RATE = "poverty-rate"

# Only government units publish needs (the catalogue is the government's list of what its
# programmes lack); any organisation may offer support.
PUBLISHER_KINDS = (OrganisationKind.GOVERNMENT, OrganisationKind.REGIONAL_UNIT)

# Needs a partnership can still be made from: open, or marked matched without a partnership.
MATCHABLE = (NeedStatus.OPEN, NeedStatus.MATCHED)

_PRIORITY = {
    Priority.HIGH: matching.Priority.HIGH,
    Priority.MEDIUM: matching.Priority.MEDIUM,
    Priority.LOW: matching.Priority.LOW,
}


# --- Who may see and change what ------------------------------------------------------------


def _nothing() -> Q:
    return Q(pk__in=[])


def need_changeable_q(principal: Principal) -> Q:
    """Needs ``principal`` may change, as a filter (subqueries: no duplicate rows)."""
    if principal.admin:
        return Q()
    if not principal.authenticated:
        return _nothing()
    in_area = Need.regions.through.objects.filter(
        within_q("region__code", sorted(principal.coordinator_areas))
    ).values("need_id")
    return Q(publisher_id__in=principal.organisation_ids) | Q(pk__in=in_area)


def need_visible_q(principal: Principal) -> Q:
    """Needs ``principal`` may see: the published ones, and the drafts she may change."""
    if principal.admin:
        return Q()
    published = ~Q(status=NeedStatus.DRAFT)
    if not principal.authenticated:
        return published
    return published | need_changeable_q(principal)


def _codes(need: Need) -> frozenset[str]:
    # Reads the prefetched regions when there are, so that a list costs no query per row.
    return frozenset(region.code for region in need.regions.all())


def need_can_change(principal: Principal, need: Need) -> bool:
    return (
        principal.admin
        or need.publisher_id in principal.organisation_ids
        or coordinates(principal, _codes(need))
    )


def need_can_view(principal: Principal, need: Need) -> bool:
    return need.status != NeedStatus.DRAFT or need_can_change(principal, need)


def partnership_can_create_from_match(principal: Principal, need: Need) -> bool:
    """Turning a match into a partnership is a coordinator's act, in her own regions."""
    return principal.admin or coordinates(principal, _codes(need))


def need_publisher_choices(principal: Principal) -> QuerySet[Organisation]:
    """The units ``principal`` may publish a need for: her own government units, and as a
    coordinator the government units located in her regions."""
    organisations = Organisation.objects.filter(verification=Verification.VERIFIED).order_by("name")
    if principal.admin:
        return organisations
    if not principal.authenticated:
        return organisations.none()
    return organisations.filter(
        Q(pk__in=principal.organisation_ids)
        | within_q("region__code", sorted(principal.coordinator_areas)),
        kind__in=PUBLISHER_KINDS,
    )


def offer_visible_q(principal: Principal) -> Q:
    """Offers ``principal`` may see, as a filter. Never public."""
    if principal.admin:
        return Q()
    if not principal.authenticated:
        return _nothing()
    visible = Q(organisation_id__in=principal.organisation_ids)
    if principal.is_coordinator:
        visible |= Q(status=OfferStatus.OPEN)
    return visible


def offer_can_change(principal: Principal, offer: Offer) -> bool:
    return principal.admin or offer.organisation_id in principal.organisation_ids


def offer_can_view(principal: Principal, offer: Offer) -> bool:
    return offer_can_change(principal, offer) or (
        principal.is_coordinator and offer.status == OfferStatus.OPEN
    )


def offer_organisation_choices(principal: Principal) -> QuerySet[Organisation]:
    """The organisations ``principal`` may make an offer for: those she acts for."""
    organisations = Organisation.objects.filter(verification=Verification.VERIFIED).order_by("name")
    if principal.admin:
        return organisations
    return organisations.filter(pk__in=principal.organisation_ids)


def offer_can_create(principal: Principal) -> bool:
    return principal.admin or bool(principal.organisation_ids)


def region_figures_can_import(principal: Principal) -> bool:
    """Administrators import figures for any region, coordinators for their own regions."""
    return principal.admin or principal.is_coordinator


# --- Lists and pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedFilters:
    region: str | None = None
    sector: str | None = None
    status: str | None = None
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    q: str | None = None


def _need_rows(queryset: QuerySet[Need]) -> QuerySet[Need]:
    return queryset.select_related("publisher", "partnership").prefetch_related("regions")


def need_list(*, principal: Principal, filters: NeedFilters) -> QuerySet[Need]:
    """Visible needs matching ``filters``, with what a list row shows prefetched."""
    queryset = Need.objects.filter(need_visible_q(principal))
    if filters.region:
        located = Need.regions.through.objects.filter(
            within_q("region__code", [filters.region])
        ).values("need_id")
        queryset = queryset.filter(pk__in=located)
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.cost_min is not None:
        queryset = queryset.filter(estimated_cost__gte=filters.cost_min)
    if filters.cost_max is not None:
        queryset = queryset.filter(estimated_cost__lte=filters.cost_max)
    if filters.q:
        queryset = queryset.filter(
            Q(title__icontains=filters.q)
            | Q(title_en__icontains=filters.q)
            | Q(description__icontains=filters.q)
        )
    return _need_rows(queryset)


def need_detail(*, principal: Principal, pk: int) -> Need | None:
    """One visible need with what its page shows, or None (unknown or hidden)."""
    return _need_rows(Need.objects.filter(need_visible_q(principal), pk=pk)).first()


@dataclass(frozen=True)
class OfferFilters:
    region: str | None = None
    sector: str | None = None
    status: str | None = None
    q: str | None = None


def _offer_rows(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    return queryset.select_related("organisation").prefetch_related("regions")


def offer_list(*, principal: Principal, filters: OfferFilters) -> QuerySet[Offer]:
    """Visible offers matching ``filters``. ``region`` keeps the offers whose preferred
    regions overlap it (an offer for all of Jawa Tengah fits a search for Surakarta)."""
    queryset = Offer.objects.filter(offer_visible_q(principal))
    if filters.region:
        overlapping = within_q("region__code", [filters.region]) | Q(
            region__code__in=ancestor_codes(filters.region)
        )
        queryset = queryset.filter(
            pk__in=Offer.regions.through.objects.filter(overlapping).values("offer_id")
        )
    if filters.sector:
        # Sectors are a short JSON list of quoted codes, matched as text: a 5-digit code finds
        # the offers naming it or its category, a category finds the offers naming any code
        # in it. The forms let only codelist codes through, so the patterns stay exact.
        code = filters.sector
        if len(code) == 3:
            queryset = queryset.filter(sectors__icontains=f'"{code}')
        else:
            queryset = queryset.filter(
                Q(sectors__icontains=f'"{code}"') | Q(sectors__icontains=f'"{code[:3]}"')
            )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q:
        queryset = queryset.filter(
            Q(title__icontains=filters.q)
            | Q(title_en__icontains=filters.q)
            | Q(description__icontains=filters.q)
        )
    return _offer_rows(queryset).order_by("title", "pk")


def offer_detail(*, principal: Principal, pk: int) -> Offer | None:
    """One visible offer with what its page shows, or None (unknown or hidden)."""
    return _offer_rows(Offer.objects.filter(offer_visible_q(principal), pk=pk)).first()


def sector_label(code: str, language: str) -> str:
    """The name of a DAC sector code or 3-digit category in ``language``."""
    item = codelist("Sector").get(code) or codelist("SectorCategory").get(code)
    return item.name(language) if item else code


# --- Matching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainedPart:
    """One part of a score as a person reads it, in one language."""

    criterion: str
    label: str
    points: Decimal
    maximum: Decimal
    explanation: str


@dataclass(frozen=True)
class NeedMatch:
    """An open need ranked for an offer."""

    need: Need
    match: matching.Match

    def parts(self, language: str) -> list[ExplainedPart]:
        return match_explained(self.match, language)


@dataclass(frozen=True)
class OfferMatch:
    """An open offer ranked for a need."""

    offer: Offer
    match: matching.Match

    def parts(self, language: str) -> list[ExplainedPart]:
        return match_explained(self.match, language)


def _text(message: Message, language: str) -> str:
    return message.id if language == "id" else message.en


def match_explained(match: matching.Match, language: str) -> list[ExplainedPart]:
    return [
        ExplainedPart(
            criterion=str(part.criterion),
            label=_text(matching.CRITERION_LABELS[part.criterion], language),
            points=part.points,
            maximum=part.maximum,
            explanation=_text(part.explanation, language),
        )
        for part in match.parts
    ]


def _ref(pk: int) -> str:
    # Zero-padded, so that equal scores keep the order in which the rows were created.
    return f"{pk:012d}"


def need_as_core(need: Need) -> matching.Need:
    return matching.Need(
        ref=_ref(need.pk),
        sectors=(need.sector,),
        regions=tuple(sorted(_codes(need))),
        estimated_cost=need.estimated_cost,
        priority=_PRIORITY.get(Priority(need.priority), matching.Priority.MEDIUM),
        is_open=need.status == NeedStatus.OPEN,
    )


def offer_as_core(offer: Offer) -> matching.Offer:
    return matching.Offer(
        ref=_ref(offer.pk),
        sectors=tuple(code for code in offer.sectors if isinstance(code, str)),
        regions=tuple(sorted(region.code for region in offer.regions.all())),
        budget_min=offer.budget_min,
        budget_max=offer.budget_max,
        is_open=offer.status == OfferStatus.OPEN,
    )


def poverty_rates(codes: set[str]) -> dict[str, Decimal]:
    """The latest poverty rate (percent) of each of ``codes`` and their ancestors that has
    one, in one query."""
    wanted = {code for region in codes for code in (region, *ancestor_codes(region))}
    if not wanted:
        return {}
    latest_year = (
        RegionFigure.objects.filter(region=OuterRef("region"), measure=POVERTY_RATE)
        .order_by("-year")
        .values("year")[:1]
    )
    return dict(
        RegionFigure.objects.filter(
            measure=POVERTY_RATE, region_id__in=wanted, year=Subquery(latest_year)
        ).values_list("region_id", "value")
    )


def region_names(codes: set[str]) -> dict[str, str]:
    """Names of these regions and of all their parents (explanations name the region two
    places share), in one query."""
    wanted = {code for c in codes if is_valid_code(c) for code in (c, *ancestor_codes(c))}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def matches_for_offer(*, offer: Offer, principal: Principal) -> list[NeedMatch]:
    """The open needs ``principal`` may see, best fit for ``offer`` first, each with its
    explained score. Three queries, whatever the number of needs."""
    needs = {
        _ref(need.pk): need
        for need in _need_rows(
            Need.objects.filter(need_visible_q(principal), status=NeedStatus.OPEN)
        )
    }
    codes = {code for need in needs.values() for code in _codes(need)}
    core_offer = offer_as_core(offer)
    rates = poverty_rates(codes)
    ranked = matching.rank_needs(
        core_offer,
        [need_as_core(need) for need in needs.values()],
        rates,
        region_names(codes | set(core_offer.regions)),
    )
    return [NeedMatch(need=needs[match.need.ref], match=match) for match in ranked]


def matches_for_need(*, need: Need, principal: Principal) -> list[OfferMatch]:
    """The open offers ``principal`` may see, best fit for ``need`` first, each with its
    explained score. Three queries, whatever the number of offers."""
    offers = {
        _ref(offer.pk): offer
        for offer in _offer_rows(
            Offer.objects.filter(offer_visible_q(principal), status=OfferStatus.OPEN)
        )
    }
    core_need = need_as_core(need)
    core_offers = [offer_as_core(offer) for offer in offers.values()]
    ranked = matching.rank_offers(
        core_need,
        core_offers,
        poverty_rates(set(core_need.regions)),
        region_names({*core_need.regions, *(c for o in core_offers for c in o.regions)}),
    )
    return [OfferMatch(offer=offers[match.offer.ref], match=match) for match in ranked]
