"""The access model as database filters and object facts (same rules as semanggi.core.access)."""

from typing import Any

from django.db.models import Q, QuerySet

from semanggi.access.models import CoordinatorScope, OrganisationMembership
from semanggi.core.access import ANONYMOUS, PartnershipFacts, Principal
from semanggi.evidence.models import Study
from semanggi.partnerships.models import Partnership, Party
from semanggi.regions.models import within_q

_CACHE_ATTRIBUTE = "_semanggi_principal"


def principal_for(user: Any) -> Principal:
    """The Principal for a request's user, built once per user object (three small queries)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Principal | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    studies = Study.objects.filter(Q(lead=user) | Q(team=user)).values_list("id", "lead_id")
    study_rows = set(studies)
    principal = Principal(
        authenticated=True,
        admin=user.is_superuser,
        coordinator_areas=frozenset(
            CoordinatorScope.objects.filter(user=user).values_list("region_id", flat=True)
        ),
        organisation_ids=frozenset(
            OrganisationMembership.objects.filter(user=user).values_list(
                "organisation_id", flat=True
            )
        ),
        study_ids=frozenset(study_id for study_id, _ in study_rows),
        led_study_ids=frozenset(study_id for study_id, lead in study_rows if lead == user.pk),
    )
    setattr(user, _CACHE_ATTRIBUTE, principal)
    return principal


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


def partnerships_visible_to(principal: Principal) -> QuerySet[Partnership]:
    return Partnership.objects.filter(partnership_visible_q(principal))


def partnership_facts(partnership: Partnership) -> PartnershipFacts:
    """Facts about one partnership for an object-level decision (two or three queries)."""
    return PartnershipFacts(
        published=partnership.is_published,
        location_codes=frozenset(
            Partnership.locations.through.objects.filter(partnership_id=partnership.pk).values_list(
                "region_id", flat=True
            )
        ),
        party_organisation_ids=frozenset(
            partnership.parties.values_list("organisation_id", flat=True)
        ),
        study_ids=frozenset(partnership.studies.values_list("id", flat=True)),
    )
