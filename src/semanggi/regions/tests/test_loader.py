import re
from pathlib import Path

import pytest

from semanggi.regions.models import Region, RegionLevel
from semanggi.regions.services import RegionDataError, region_load

HEADERS = {
    "provinces.csv": "code,name",
    "regencies.csv": "code,province_code,name",
    "districts.csv": "code,regency_code,name",
    "villages.csv": "code,district_code,name",
}


def write_regions(directory: Path, rows: dict[str, list[str]]) -> Path:
    for filename, header in HEADERS.items():
        lines = [header, *rows.get(filename, [])]
        (directory / filename).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


SMALL = {
    "provinces.csv": ["33,Jawa Tengah"],
    "regencies.csv": ["33.72,33,Kota Surakarta"],
    "districts.csv": ["33.72.03,33.72,Pasar Kliwon"],
    "villages.csv": ["33.72.03.1002,33.72.03,Semanggi", "33.72.03.1001,33.72.03,Joyosuran"],
}


@pytest.mark.django_db
def test_loader_builds_the_hierarchy_from_the_codes(tmp_path: Path) -> None:
    result = region_load(directory=write_regions(tmp_path, SMALL))

    assert (result.created, result.updated) == (5, 0)
    semanggi = Region.objects.get(code="33.72.03.1002")
    assert semanggi.name == "Semanggi"
    assert semanggi.level == RegionLevel.VILLAGE
    assert semanggi.parent.parent.name == "Kota Surakarta"
    assert list(Region.objects.get(code="33.72.03").children.values_list("code", flat=True)) == [
        "33.72.03.1001",
        "33.72.03.1002",
    ]


@pytest.mark.django_db
def test_loading_again_changes_nothing_but_refreshed_names(tmp_path: Path) -> None:
    directory = write_regions(tmp_path, SMALL)
    region_load(directory=directory)
    renamed = {
        **SMALL,
        "villages.csv": ["33.72.03.1002,33.72.03,Semanggi Baru", SMALL["villages.csv"][1]],
    }

    result = region_load(directory=write_regions(tmp_path, renamed))

    assert (result.created, result.updated) == (0, 5)
    assert Region.objects.count() == 5
    assert Region.objects.get(code="33.72.03.1002").name == "Semanggi Baru"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "bad_row", "message"),
    [
        ("villages.csv", "33.72.03.12,33.72.03,Salah", "villages.csv:4: invalid code"),
        (
            "villages.csv",
            "33.72.09.1001,33.72.09,Yatim",
            "parent 33.72.09 of 33.72.09.1001 is unknown",
        ),
        ("villages.csv", "33.72.03.1003,33.72.04,Keliru", "district_code does not match"),
        ("villages.csv", "33.72.03.1002,33.72.03,Kembar", "duplicate code 33.72.03.1002"),
        ("regencies.csv", "33.73,33,", "region 33.73 has no name"),
    ],
)
def test_a_bad_row_stops_the_load_and_nothing_is_written(
    tmp_path: Path, filename: str, bad_row: str, message: str
) -> None:
    rows = {key: list(value) for key, value in SMALL.items()}
    rows[filename].append(bad_row)

    with pytest.raises(RegionDataError, match=re.escape(message)):
        region_load(directory=write_regions(tmp_path, rows))

    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path: Path) -> None:
    write_regions(tmp_path, SMALL)
    (tmp_path / "districts.csv").unlink()

    with pytest.raises(RegionDataError, match=r"districts\.csv: file not found"):
        region_load(directory=tmp_path)


@pytest.mark.django_db
def test_the_shipped_data_holds_every_official_region() -> None:
    region_load()

    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel}
    assert counts == {
        RegionLevel.PROVINCE: 38,
        RegionLevel.REGENCY: 514,
        RegionLevel.DISTRICT: 7285,
        RegionLevel.VILLAGE: 83762,
    }
    semanggi = Region.objects.select_related("parent__parent__parent").get(code="33.72.03.1002")
    assert [semanggi.name, semanggi.parent.name, semanggi.parent.parent.name] == [
        "Semanggi",
        "Pasar Kliwon",
        "Kota Surakarta",
    ]
    assert semanggi.parent.parent.parent.name == "Jawa Tengah"
    assert not Region.objects.filter(level__gt=RegionLevel.PROVINCE, parent__isnull=True).exists()
