from django.db.models import Prefetch, Q, QuerySet

from semanggi.access.selectors import partnership_visible_q
from semanggi.core.access import Principal
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership, Party


def organisation_list(*, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    queryset = Organisation.objects.select_related("parent", "region")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("name", "pk")


def organisation_detail(*, principal: Principal, slug: str) -> Organisation | None:
    """An organisation with its units and its places in the partnerships the reader may see."""
    visible_parties = (
        Party.objects.filter(
            partnership__in=Partnership.objects.filter(partnership_visible_q(principal))
        )
        .select_related("partnership")
        .prefetch_related("roles")
        .order_by("partnership__title", "pk")
    )
    return (
        Organisation.objects.select_related("parent", "region")
        .prefetch_related(
            Prefetch("parties", queryset=visible_parties),
            Prefetch("units", queryset=Organisation.objects.order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )
