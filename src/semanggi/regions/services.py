"""Writes for regions: loading the official hierarchy."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from semanggi.core.regions import InvalidRegionCode, level_of, parent_code, search_key
from semanggi.regions.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"
# One file per level, parents first; the second column names the parent's code.
FILES = (
    ("provinces.csv", None),
    ("regencies.csv", "province_code"),
    ("districts.csv", "regency_code"),
    ("villages.csv", "district_code"),
)


class RegionDataError(ValueError):
    """A region file that cannot be loaded; the message names the file and line."""


@dataclass(frozen=True)
class RegionLoadResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def _read(directory: Path) -> Iterator[Region]:
    known: set[str] = set()
    for filename, parent_column in FILES:
        path = directory / filename
        if not path.exists():
            raise RegionDataError(f"{path}: file not found / berkas tidak ditemukan")
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                where = f"{filename}:{line}"
                code = (row.get("code") or "").strip()
                name = (row.get("name") or "").strip()
                try:
                    level = level_of(code)
                except InvalidRegionCode:
                    raise RegionDataError(f"{where}: invalid code {code!r}") from None
                if not name:
                    raise RegionDataError(f"{where}: region {code} has no name")
                parent = parent_code(code)
                if parent_column and (row.get(parent_column) or "").strip() != parent:
                    raise RegionDataError(f"{where}: {parent_column} does not match {code}")
                if parent is not None and parent not in known:
                    raise RegionDataError(f"{where}: parent {parent} of {code} is unknown")
                if code in known:
                    raise RegionDataError(f"{where}: duplicate code {code}")
                known.add(code)
                yield Region(
                    code=code,
                    name=name,
                    search_name=search_key(name),
                    level=int(level),
                    parent_id=parent,
                )


def region_load(*, directory: Path = DATA_DIR, batch_size: int = 5000) -> RegionLoadResult:
    """Load (or refresh) every region in ``directory``: all or nothing, safe to repeat.

    The whole file set is validated before anything is written; existing regions keep their
    code and get the file's name, so records that point at them stay valid.
    """
    regions = list(_read(directory))
    existing = set(Region.objects.values_list("code", flat=True))
    with transaction.atomic():
        Region.objects.bulk_create(
            regions,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "search_name", "level", "parent"],
        )
    updated = sum(1 for region in regions if region.code in existing)
    return RegionLoadResult(created=len(regions) - updated, updated=updated)
