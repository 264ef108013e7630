"""Reads of organisations. Verified organisations are public; one a person registered
herself is seen, until it is verified, only by her, the coordinators of its region and
administrators (semanggi.core.access.may_see_organisation_proposal), as a set filter here."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from semanggi.access.selectors import partnership_visible_q
from semanggi.core.access import (
    OrganisationProposalFacts,
    Principal,
    may_verify_organisation,
)
from semanggi.core.regions import ancestor_codes
from semanggi.organisations.models import Organisation, Verification
from semanggi.partnerships.models import Partnership, Party
from semanggi.regions.models import within_q

VERIFIED = Q(verification=Verification.VERIFIED)
# How many registrations one person may have waiting at a time.
PENDING_PER_PERSON = 3


def organisation_visible_q(principal: Principal) -> Q:
    """Organisations ``principal`` may see, as a filter: the verified ones, and the
    registered ones she proposed or whose region she coordinates."""
    if principal.admin:
        return Q()
    if not principal.authenticated:
        return VERIFIED
    return (
        VERIFIED
        | Q(proposed_by_id=principal.user_id)
        | within_q("region__code", sorted(principal.coordinator_areas))
    )


def organisation_verifiable_q(principal: Principal) -> Q:
    """Registered organisations ``principal`` may verify or refuse, as a filter (the same
    rule as ``semanggi.core.access.may_verify_organisation``)."""
    if not principal.authenticated or principal.user_id is None:
        return Q(pk__in=[])
    pending = Q(verification=Verification.PENDING) & ~Q(proposed_by_id=principal.user_id)
    if principal.admin:
        return pending
    return pending & within_q("region__code", sorted(principal.coordinator_areas))


def organisation_proposal_facts(organisation: Organisation) -> OrganisationProposalFacts:
    return OrganisationProposalFacts(
        region_code=organisation.region_id,
        proposed_by=organisation.proposed_by_id,
        pending=organisation.verification == Verification.PENDING,
    )


def organisation_may_verify(principal: Principal, organisation: Organisation) -> bool:
    return may_verify_organisation(principal, organisation_proposal_facts(organisation))


def organisation_list(*, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    """The public list: verified organisations only."""
    queryset = Organisation.objects.filter(VERIFIED).select_related("parent", "region")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("name", "pk")


def organisation_detail(*, principal: Principal, slug: str) -> Organisation | None:
    """An organisation the reader may see, with its verified units and its places in the
    partnerships the reader may see."""
    visible_parties = (
        Party.objects.filter(
            partnership__in=Partnership.objects.filter(partnership_visible_q(principal))
        )
        .select_related("partnership")
        .prefetch_related("roles")
        .order_by("partnership__title", "pk")
    )
    return (
        Organisation.objects.filter(organisation_visible_q(principal))
        .select_related("parent", "region", "proposed_by", "decided_by")
        .prefetch_related(
            Prefetch("parties", queryset=visible_parties),
            Prefetch("units", queryset=Organisation.objects.filter(VERIFIED).order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )


def organisations_awaiting(*, principal: Principal) -> QuerySet[Organisation]:
    """The registered organisations waiting for ``principal``'s verification, oldest first."""
    return (
        Organisation.objects.filter(organisation_verifiable_q(principal))
        .select_related("region", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def organisations_proposed_by(*, user: Any) -> QuerySet[Organisation]:
    """The organisations a person registered, newest first, with their verification."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(proposed_by=user)
        .select_related("region", "decided_by")
        .order_by("-proposed_at", "-pk")
    )


def organisation_pending_count(*, user: Any) -> int:
    return Organisation.objects.filter(proposed_by=user, verification=Verification.PENDING).count()


def organisation_deciders(organisation: Organisation) -> QuerySet[Any]:
    """Who is told of a registration: the coordinators of the organisation's region (and of
    the areas that contain it), or, where nobody coordinates it, the administrators; never
    the person who proposed it."""
    User = get_user_model()
    people = User.objects.filter(is_active=True).exclude(pk=organisation.proposed_by_id)
    if organisation.region_id:
        areas = [organisation.region_id, *ancestor_codes(organisation.region_id)]
        coordinators = people.filter(coordinator_scopes__region_id__in=areas).distinct()
        if coordinators.exists():
            return coordinators.order_by("pk")
    return people.filter(is_superuser=True).order_by("pk")
