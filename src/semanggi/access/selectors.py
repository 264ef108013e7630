"""The access model as database filters and object facts (same rules as semanggi.core.access)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, CharField, Q, QuerySet, Value

from semanggi.access.models import (
    AccessDecision,
    AccessRequest,
    CoordinatorScope,
    OrganisationMembership,
)
from semanggi.core.access import (
    ANONYMOUS,
    AccessRequestFacts,
    PartnershipFacts,
    Principal,
    may_decide_access,
)
from semanggi.core.access import AccessDecision as Decided
from semanggi.core.regions import ancestor_codes
from semanggi.evidence.models import Study
from semanggi.partnerships.models import Partnership, Party
from semanggi.regions.models import within_q

_CACHE_ATTRIBUTE = "_semanggi_principal"


def principal_for(user: Any) -> Principal:
    """The Principal for a request's user, built once per user object, in one query (the
    studies, coordinator areas and memberships of the user as one UNION ALL)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Principal | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    none = Value("", output_field=CharField())
    zero = Value(0, output_field=BigIntegerField())
    studies = (
        Study.objects.filter(Q(lead=user) | Q(team=user))
        .order_by()
        .values_list(Value("s"), "id", "lead_id", none)
    )
    areas = (
        CoordinatorScope.objects.filter(user=user)
        .order_by()
        .values_list(Value("c"), zero, zero, "region_id")
    )
    # A membership of an organisation that is not verified grants nothing.
    organisations = (
        OrganisationMembership.objects.filter(user=user, organisation__verification="verified")
        .order_by()
        .values_list(Value("o"), "organisation_id", zero, none)
    )
    rows = list(studies.union(areas, organisations, all=True))
    principal = Principal(
        authenticated=True,
        user_id=user.pk,
        admin=user.is_superuser,
        coordinator_areas=frozenset(code for kind, _, _, code in rows if kind == "c"),
        organisation_ids=frozenset(pk for kind, pk, _, _ in rows if kind == "o"),
        study_ids=frozenset(pk for kind, pk, _, _ in rows if kind == "s"),
        led_study_ids=frozenset(
            pk for kind, pk, lead, _ in rows if kind == "s" and lead == user.pk
        ),
    )
    setattr(user, _CACHE_ATTRIBUTE, principal)
    return principal


def study_visible_to_user_q(user: Any, prefix: str = "") -> Q:
    """Studies ``user`` may see (``can_view_study``: administrators all, others those they
    lead or are on the team of) as a filter on ``<prefix>`` of a query, for a request that
    needs this one decision rather than the whole profile (coding a segment)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    team = Study.team.through.objects.filter(user_id=user.pk).values("study_id")
    return Q(**{f"{prefix}lead_id": user.pk}) | Q(**{f"{prefix}pk__in": team})


def _changeable_q(principal: Principal) -> Q:
    if principal.admin:
        return Q()
    located = Partnership.locations.through.objects.filter(
        within_q("region__code", sorted(principal.coordinator_areas))
    ).values("partnership_id")
    return Q(pk__in=located) | Q(
        pk__in=Party.objects.filter(organisation_id__in=principal.organisation_ids).values(
            "partnership_id"
        )
    )


def partnership_changeable_q(principal: Principal) -> Q:
    """Partnerships ``principal`` may change (administrator, coordinator of a region where it
    is located, or member of a party), as a filter."""
    if not principal.authenticated:
        return Q(pk__in=[])
    return _changeable_q(principal)


def partnership_visible_q(principal: Principal) -> Q:
    """Partnerships ``principal`` may see, as a filter (subqueries: no duplicate rows)."""
    if principal.admin:
        return Q()
    visible = Q(is_published=True)
    if not principal.authenticated:
        return visible
    studied = Study.partnerships.through.objects.filter(study_id__in=principal.study_ids).values(
        "partnership_id"
    )
    return visible | _changeable_q(principal) | Q(pk__in=studied)


def unpublished_visible_q(principal: Principal) -> Q:
    """The unpublished partnerships ``principal`` may see, as a filter written without the
    published ones (``NOT published AND (published OR …)`` misleads PostgreSQL's planner)."""
    if principal.admin:
        return Q(is_published=False)
    if not principal.authenticated:
        return Q(pk__in=[])
    studied = Study.partnerships.through.objects.filter(study_id__in=principal.study_ids).values(
        "partnership_id"
    )
    return Q(is_published=False) & (_changeable_q(principal) | Q(pk__in=studied))


def partnerships_visible_to(principal: Principal) -> QuerySet[Partnership]:
    return Partnership.objects.filter(partnership_visible_q(principal))


def partnership_facts(partnership: Partnership) -> PartnershipFacts:
    """Facts about one partnership for an object-level decision (one to three queries: its
    locations and parties are taken from what a page has prefetched, when it has)."""
    prefetched = getattr(partnership, "_prefetched_objects_cache", {})
    if "locations" in prefetched:
        codes = frozenset(region.pk for region in prefetched["locations"])
    else:
        codes = frozenset(
            Partnership.locations.through.objects.filter(partnership_id=partnership.pk).values_list(
                "region_id", flat=True
            )
        )
    if "parties" in prefetched:
        organisations = frozenset(party.organisation_id for party in prefetched["parties"])
    else:
        organisations = frozenset(partnership.parties.values_list("organisation_id", flat=True))
    return PartnershipFacts(
        published=partnership.is_published,
        location_codes=codes,
        party_organisation_ids=organisations,
        study_ids=frozenset(partnership.studies.values_list("id", flat=True)),
    )


def study_team_ids(study: Study) -> frozenset[int]:
    """The study's lead and members (one query)."""
    return frozenset(study.team.values_list("pk", flat=True)) | {study.lead_id}


def access_request_facts(row: AccessRequest) -> AccessRequestFacts:
    return AccessRequestFacts(
        requested_by=row.requested_by_id,
        member=row.member_id,
        team=study_team_ids(row.study),
        decision=Decided(row.decision),
    )


def may_decide(principal: Principal, row: AccessRequest) -> bool:
    """Whether ``principal`` may grant or refuse this request (semanggi.core.access)."""
    return may_decide_access(
        principal, partnership_facts(row.partnership), access_request_facts(row)
    )


def access_request_decidable_q(principal: Principal) -> Q:
    """Pending requests ``principal`` may decide, as a filter: the same rule as
    ``may_decide_access`` (accountable side, not the requester, the person to join or the
    study's team; administrators decide all)."""
    pending = Q(decision=AccessDecision.PENDING)
    if principal.admin:
        return pending
    if not principal.authenticated or principal.user_id is None:
        return Q(pk__in=[])
    located = Partnership.locations.through.objects.filter(
        within_q("region__code", sorted(principal.coordinator_areas))
    ).values("partnership_id")
    parties = Party.objects.filter(organisation_id__in=principal.organisation_ids).values(
        "partnership_id"
    )
    mine = principal.user_id
    return (
        pending
        & (Q(partnership_id__in=located) | Q(partnership_id__in=parties))
        & ~Q(requested_by_id=mine)
        & ~Q(member_id=mine)
        & ~Q(study__lead_id=mine)
        & ~Q(study__in=Study.team.through.objects.filter(user_id=mine).values("study_id"))
    )


def access_requests_decidable_ids(principal: Principal) -> set[int]:
    """The ids of the pending requests ``principal`` may decide (one query)."""
    return set(
        AccessRequest.objects.filter(access_request_decidable_q(principal)).values_list(
            "pk", flat=True
        )
    )


def access_requests_for(principal: Principal) -> QuerySet[AccessRequest]:
    """The requests a person sees: those she may decide, and those of her own studies."""
    if principal.admin:
        visible = Q()
    elif not principal.authenticated:
        visible = Q(pk__in=[])
    else:
        visible = access_request_decidable_q(principal) | Q(study_id__in=principal.study_ids)
    return (
        AccessRequest.objects.filter(visible)
        .select_related("study__lead", "partnership", "member", "requested_by", "decided_by")
        .prefetch_related("study__team")
        .order_by("-requested_at", "-id")
    )


def access_requests_of(*, study: Study, limit: int = 100) -> list[AccessRequest]:
    """The study's requests, newest first (the study page; its team sees them)."""
    return list(
        AccessRequest.objects.filter(study=study)
        .select_related("study__lead", "partnership", "member", "requested_by", "decided_by")
        .prefetch_related("study__team")
        .order_by("-requested_at", "-id")[:limit]
    )


def access_request_deciders(row: AccessRequest) -> QuerySet[Any]:
    """The people (with an e-mail address) who may decide ``row`` besides administrators:
    the coordinators of the partnership's regions and the members of its parties, minus the
    requester, the person to join and the study's team (two or three queries)."""
    locations = Partnership.locations.through.objects.filter(
        partnership_id=row.partnership_id
    ).values_list("region_id", flat=True)
    areas = {area for code in locations for area in [code, *ancestor_codes(code)]}
    parties = Party.objects.filter(partnership_id=row.partnership_id).values("organisation_id")
    involved = study_team_ids(row.study) | {row.requested_by_id}
    if row.member_id is not None:
        involved |= {row.member_id}
    return (
        get_user_model()
        .objects.filter(
            Q(coordinator_scopes__region_id__in=sorted(areas))
            | Q(memberships__organisation_id__in=parties),
            is_active=True,
        )
        .exclude(pk__in=involved)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
