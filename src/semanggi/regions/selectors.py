from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from semanggi.core.regions import is_valid_code, search_key
from semanggi.regions.models import Region, RegionLevel


def province_list() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")


def region_get(code: str) -> Region | None:
    return Region.objects.select_related("parent").filter(code=code).first()


def region_children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def count_by_area(level: int, located: list[tuple[int, str]]) -> dict[str, int]:
    """Distinct partnerships per region of ``level``, from (partnership id, location code)
    pairs: one query's rows serve every region on the page."""
    seen: defaultdict[str, set[int]] = defaultdict(set)
    for pk, code in located:
        parts = code.split(".")
        if len(parts) >= level:
            seen[".".join(parts[:level])].add(pk)
    return {code: len(pks) for code, pks in seen.items()}


# --- Search by name -------------------------------------------------------------------------

# Searches answer a person typing: a handful of matches, never a whole province of villages.
SEARCH_LIMIT = 20
SEARCH_MAX_TOKENS = 4


@dataclass(frozen=True)
class RegionMatch:
    """A region found by name, with the names of its two nearest parents for telling apart
    the many villages that share a name."""

    code: str
    name: str
    level: int
    level_name: str
    parents: tuple[str, ...]

    @property
    def label(self) -> str:
        """``Semanggi · Pasar Kliwon · Kota Surakarta``."""
        return " · ".join((self.name, *self.parents))


def region_match(region: Region) -> RegionMatch:
    """The match of a region read with ``select_related("parent__parent")``."""
    parents: list[str] = []
    parent = region.parent
    if parent is not None:
        parents.append(parent.name)
        # Only two levels were read: going further would cost a query per row.
        if parent.parent_id is not None and parent.parent is not None:
            parents.append(parent.parent.name)
    return RegionMatch(
        region.code, region.name, region.level, str(region.get_level_display()), tuple(parents)
    )


def region_search(
    *, q: str, level: int | None = None, within: str | None = None, limit: int = SEARCH_LIMIT
) -> list[RegionMatch]:
    """Regions whose name holds what was typed, best first: the name itself, then names that
    start with it, then names that contain it; within each, higher levels first. Case,
    accents and hyphens do not matter (``search_key``).

    When no name holds the whole text, several words narrow the search: one of them must be
    in the region's own name and each in its name or one of its three parents' names
    ("semanggi surakarta"). A region code finds that region and what lies within it. On
    PostgreSQL a trigram index on ``search_name`` answers "contains" (migration
    ``regions.0002``); ``bench/regions.py`` measures it.
    """
    text = " ".join(q.split())[:100]
    if not text:
        return []
    queryset = Region.objects.select_related("parent__parent")
    if level:
        queryset = queryset.filter(level=level)
    if within:
        queryset = queryset.filter(_inside(within))
    if is_valid_code(text):
        rows = queryset.filter(_inside(text)).order_by("level", "code")[:limit]
        return [region_match(region) for region in rows]
    key = search_key(text)
    if not key:
        return []
    rank = Case(
        When(search_name=key, then=Value(0)),
        When(search_name__startswith=key, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    order = ("rank", "level", "name", "code")
    # The whole text in the region's own name first ("pasar kliwon", "tanjung priok").
    rows = list(
        queryset.filter(search_name__contains=key).annotate(rank=rank).order_by(*order)[:limit]
    )
    tokens = key.split(" ")[:SEARCH_MAX_TOKENS]
    if not rows and len(tokens) > 1:
        # Otherwise the words spread over the name and its parents ("semanggi surakarta").
        own = Q()
        for token in tokens:
            own |= Q(search_name__contains=token)
        spread = queryset.filter(own)
        for token in tokens:
            spread = spread.filter(
                Q(search_name__contains=token)
                | Q(parent__search_name__contains=token)
                | Q(parent__parent__search_name__contains=token)
                | Q(parent__parent__parent__search_name__contains=token)
            )
        rows = list(spread.annotate(rank=Value(3)).order_by(*order)[:limit])
    return [region_match(region) for region in rows]


def _inside(code: str) -> Q:
    """The region ``code`` and everything within it, as a range over the primary key that
    every database answers from its index ("/" sorts right after ".")."""
    return Q(code=code) | Q(code__gt=f"{code}.", code__lt=f"{code}/")


def region_matches(codes: "list[str] | set[str]") -> dict[str, RegionMatch]:
    """The matches (name and parents) of the given codes, in one query."""
    rows = Region.objects.select_related("parent__parent").filter(code__in=list(codes))
    return {region.code: region_match(region) for region in rows}
