from semanggi.core.regions import search_key
from semanggi.regions.models import Region

# Real codes and names, enough for the fixture world: the founding case's path, and a
# second province for what lies outside a coordinator's area.
WORLD_REGIONS = [
    ("31", "DKI Jakarta"),
    ("31.71", "Kota Jakarta Selatan"),
    ("31.71.01", "Jagakarsa"),
    ("31.71.01.1001", "Cipedak"),
    ("33", "Jawa Tengah"),
    ("33.72", "Kota Surakarta"),
    ("33.72.03", "Pasar Kliwon"),
    ("33.72.03.1002", "Semanggi"),
    ("33.72.03.1001", "Joyosuran"),
]


def regions_create(rows: list[tuple[str, str]] = WORLD_REGIONS) -> dict[str, Region]:
    regions = [
        Region(
            code=code,
            name=name,
            search_name=search_key(name),
            level=code.count(".") + 1,
            parent_id=code.rpartition(".")[0] or None,
        )
        for code, name in rows
    ]
    Region.objects.bulk_create(regions, ignore_conflicts=True)
    return {region.code: region for region in Region.objects.filter(code__in=dict(rows))}
