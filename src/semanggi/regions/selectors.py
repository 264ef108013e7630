from collections import defaultdict

from django.db.models import QuerySet

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
