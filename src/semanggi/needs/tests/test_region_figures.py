"""Importing area-level region figures from CSV: all or nothing, every error located."""

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from semanggi.needs.models import RegionFigure
from semanggi.needs.services import (
    FIGURES_MAX_BYTES,
    FiguresRejected,
    region_figures_import,
)
from semanggi.needs.tests.factories import figure
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

HEADER = "region_code,year,measure,value,unit,source\n"
GOOD = (
    HEADER
    + "33,2024,poverty-rate,10.47,%,BPS Jawa Tengah\n"
    + "33.72,2024,poverty-rate,8.44,%,BPS Kota Surakarta\n"
    + "33.72.03.1002,2024,poverty-rate,12.5,%,\n"
    + '31.71,2023,population,"2235606",people,"BPS, Jakarta Selatan"\n'
)


# Spreadsheets saved as "Unicode text" are UTF-16: NUL bytes between the letters.
UTF16_LINE = "33,2024,pov,5,%,Badan Pusat Statistik\n".encode("utf-16")


def upload(text: str | bytes, name: str = "figures.csv") -> SimpleUploadedFile:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def rejected(text: str | bytes, actor: Any = None, name: str = "figures.csv") -> list[Any]:
    with pytest.raises(FiguresRejected) as refusal:
        region_figures_import(file=upload(text, name), actor=actor)
    return refusal.value.errors


def test_a_good_file_is_saved_for_regions_of_any_level(world: World) -> None:
    result = region_figures_import(file=upload(GOOD), actor=world.alice)

    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    saved = {
        (f.region_id, f.year, f.measure): (f.value, f.unit, f.source)
        for f in RegionFigure.objects.all()
    }
    assert saved[("33.72.03.1002", 2024, "poverty-rate")] == (Decimal("12.5"), "%", "")
    assert saved[("31.71", 2023, "population")] == (
        Decimal("2235606"),
        "people",
        "BPS, Jakarta Selatan",
    )
    history = RegionFigure.history.filter(region_id="33")
    assert history.count() == 1 and history.first().history_user == world.alice  # type: ignore[union-attr]


def test_importing_again_replaces_per_region_year_and_measure(world: World) -> None:
    region_figures_import(file=upload(GOOD), actor=None)
    again = (
        HEADER
        + "33,2024,poverty-rate,10.1,%,BPS 2025\n"  # changed
        + "33.72,2024,poverty-rate,8.44,%,BPS Kota Surakarta\n"  # the same
        + "33,2023,poverty-rate,11,%,\n"  # new
    )
    result = region_figures_import(file=upload(again), actor=None)

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert RegionFigure.objects.get(region_id="33", year=2024).value == Decimal("10.1")
    assert RegionFigure.objects.count() == 5


def test_a_byte_order_mark_windows_line_ends_and_blank_lines_are_fine(world: World) -> None:
    text = "\ufeff" + GOOD.replace("\n", "\r\n") + "\r\n,,,,,\r\n"
    assert region_figures_import(file=upload(text), actor=None).created == 4


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("99.99,2024,poverty-rate,5,%,", "region_code", "Unknown region code: 99.99."),
        ("33.7,2024,poverty-rate,5,%,", "region_code", "Not a region code: 33.7."),
        (",2024,poverty-rate,5,%,", "region_code", "Not a region code: —."),
        ("33,20x4,poverty-rate,5,%,", "year", "The year must be a whole number"),
        ("33,1900,poverty-rate,5,%,", "year", "The year must lie between 1945 and 2100."),
        ("33,2101,poverty-rate,5,%,", "year", "between 1945 and 2100"),
        ("33,2024,poverty rate,5,%,", "measure", "The measure must be a short name"),
        ("33,2024,,5,%,", "measure", "The measure must be a short name"),
        ("33,2024,poverty-rate,abc,%,", "value", "The value must be a number"),
        ('33,2024,poverty-rate,"1.234,5",%,', "value", "The value must be a number"),
        ("33,2024,poverty-rate,NaN,%,", "value", "The value must be a number"),
        (
            "33,2024,poverty-rate,101,%,",
            "value",
            "A poverty rate is a percentage between 0 and 100.",
        ),
        ("33,2024,poverty-rate,-1,%,", "value", "A poverty rate is a percentage"),
        ("33,2024,income,1.123456,IDR,", "value", "At most 4 decimals."),
        ("33,2024,income,123456789012345,IDR,", "value", "The value is too large."),
        # 16 significant digits: SQLite would read it back as a different number.
        ("33,2024,income,12345678901.23456,IDR,", "value", "At most 4 decimals."),
        ("33,2024,income,123456789012.3456,IDR,", "value", "At most 15 significant digits."),
        ("33,2024,income,5," + "x" * 31 + ",", "unit", "At most 30 characters."),
        ("33,2024,income,5,%," + "x" * 251, "source", "At most 250 characters."),
        ("33,2024,poverty-rate,5,%", "", "Expected 6 columns, found 5."),
        ("33,2024,poverty-rate,5,%,BPS,extra", "", "Expected 6 columns, found 7."),
        ("33.72,2024,poverty-rate,9,%,", "region_code", "already on line 2"),
    ],
)
def test_each_kind_of_bad_line_is_located_and_nothing_is_saved(
    world: World, line: str, column: str, message: str
) -> None:
    text = (
        HEADER
        + "33.72,2024,poverty-rate,8.44,%,BPS\n"
        + "33,2023,poverty-rate,11,%,\n"
        + line
        + "\n"
    )
    errors = rejected(text)

    assert [(e.line, e.column) for e in errors] == [(4, column)]
    assert message in errors[0].text("en")
    assert not RegionFigure.objects.exists()


def test_every_error_is_listed_not_only_the_first(world: World) -> None:
    text = HEADER + "99,2024,poverty-rate,5,%,\n33,2024,poverty-rate,5,%,\n33,19,x y,z,%,\n"
    errors = rejected(text)
    assert [(e.line, e.column) for e in errors] == [
        (2, "region_code"),
        (4, "year"),
        (4, "measure"),
        (4, "value"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The file is empty."),
        ("code;year;measure\n33;2024;x\n", "The first line must be the header"),
        (HEADER, "The file holds no figures."),
        (HEADER.encode() + UTF16_LINE, "Save the table as CSV (UTF-8)."),
        ("33,2024,poverty-rate,5,%,\n".encode("latin-1") + b"\xe9\n", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "This is not a text file."),
    ],
)
def test_files_that_are_not_figures_are_refused(
    world: World, content: str | bytes, message: str
) -> None:
    errors = rejected(content)
    assert message in errors[0].text("en")
    assert not RegionFigure.objects.exists()


def test_other_kinds_of_file_are_refused(world: World) -> None:
    (error,) = rejected(GOOD, name="figures.xlsx")
    assert "Give a CSV file (.csv)." in error.text("en")


def test_too_large_a_file_is_refused_before_it_is_read(world: World) -> None:
    big = HEADER + "33,2024,poverty-rate,10,%," + "x" * (FIGURES_MAX_BYTES) + "\n"
    (error,) = rejected(big)
    assert "The file is too large" in error.text("en") and "at most 5 MB" in error.text("en")


def test_a_stream_without_a_size_is_cut_at_the_limit(world: World) -> None:
    stream = io.BytesIO(b"x" * (FIGURES_MAX_BYTES + 10))
    with pytest.raises(FiguresRejected) as refusal:
        region_figures_import(file=stream, actor=None)
    assert "too large" in refusal.value.errors[0].text("en")


def test_a_coordinator_imports_only_for_her_regions(world: World) -> None:
    errors = rejected(GOOD, actor=world.kurnia)
    assert [(e.line, e.column) for e in errors] == [(2, "region_code"), (5, "region_code")]
    assert "33 lies outside your regions." in errors[0].text("en")
    inside = HEADER + "33.72.03.1002,2024,poverty-rate,12.5,%,\n"
    assert region_figures_import(file=upload(inside), actor=world.kurnia).created == 1


def test_a_long_list_of_errors_is_cut_short(world: World) -> None:
    text = HEADER + "99,2024,poverty-rate,5,%,\n" * 150
    errors = rejected(text)
    assert len(errors) == 101
    assert "and 50 more errors" in errors[-1].text("en")


def test_the_import_page_is_for_coordinators_and_administrators(
    client: Client, world: World
) -> None:
    url = "/region-figures/import/"
    assert client.get(url).status_code == 302
    for who in ("charlie", "bima", "eva"):
        client.force_login(world.user(who))
        assert client.get(url).status_code == 403, who
    client.force_login(world.kurnia)
    assert client.get(url).status_code == 200


def test_the_import_page_saves_a_good_file_and_lists_errors_of_a_bad_one(
    english: Client, world: World
) -> None:
    english.force_login(world.alice)
    url = "/region-figures/import/"
    response = english.post(url, {"file": upload(GOOD)}, follow=True)
    assert response.status_code == 200
    assert "Figures imported: 4 new, 0 changed, 0 unchanged." in response.content.decode()

    bad = GOOD + "33,2024,poverty-rate,120,%,\n"
    response = english.post(url, {"file": upload(bad)})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in text
    assert '<td class="num">6</td><td>value</td>' in text
    assert "A poverty rate is a percentage between 0 and 100." in text
    assert RegionFigure.objects.count() == 4

    assert english.post(url, {}).status_code == 400  # no file


def test_the_import_page_speaks_indonesian_by_default(client: Client, world: World) -> None:
    client.force_login(world.alice)
    text = client.get("/region-figures/import/").content.decode()
    assert 'lang="id"' in text
    assert "region_code,year,measure,value,unit,source" in text


def test_the_command_imports_a_file(world: World, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_region_figures", str(path))
    assert "4 baru / new" in capsys.readouterr().out
    assert RegionFigure.objects.count() == 4


def test_the_command_lists_errors_and_saves_nothing(
    world: World, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(GOOD + "33,2024,poverty-rate,abc,%,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_region_figures", str(path))
    assert f"{path}:6 (value)" in capsys.readouterr().err
    assert not RegionFigure.objects.exists()
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_region_figures", str(tmp_path / "missing.csv"))


def test_figures_feed_the_matching(world: World) -> None:
    figure("33", "20")
    assert RegionFigure.objects.get().value == Decimal("20")
