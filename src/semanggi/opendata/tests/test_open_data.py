"""Open data: every public table as CSV and XLSX with bilingual headers and names beside
codes, nothing unpublished, the DCAT catalogue and the Atom feeds."""

import csv
import io
import json
from decimal import Decimal
from functools import partial

import pytest
from django.test import Client
from lxml import etree
from openpyxl import load_workbook

from semanggi.demo.services import founding_case_load
from semanggi.needs.models import NeedStatus, RegionFigure
from semanggi.needs.tests.factories import NeedFactory
from semanggi.opendata.tables import TABLES
from semanggi.partnerships.tests.factories import PartnershipFactory
from semanggi.poac.models import IndicatorPeriod
from semanggi.testing.queries import count_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def data(world: World) -> World:
    assert founding_case_load() is True
    NeedFactory(title="Sumur bor Joyosuran", regions=["33.72.03.1001"], publisher=world.dinkes)
    NeedFactory(title="Draf rahasia", status=NeedStatus.DRAFT, publisher=world.dinkes)
    RegionFigure.objects.create(
        region_id="33.72",
        year=2024,
        measure="poverty-rate",
        value=Decimal("8.44"),
        unit="%",
        source="BPS",
    )
    return world


def read_csv(client: Client, slug: str) -> list[dict[str, str]]:
    response = client.get(f"/data/{slug}.csv")
    assert response.status_code == 200
    assert 'filename="semanggi-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_table_downloads_as_csv_and_xlsx_with_bilingual_headers(
    client: Client, data: World
) -> None:
    for table in TABLES:
        rows = read_csv(client, table.slug)
        assert rows, table.slug
        assert list(rows[0]) == [f"{c.id} / {c.en}" for c in table.columns]
        response = client.get(f"/data/{table.slug}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]] == table.headers
        assert sheet.max_row == len(rows) + 1


def test_codes_have_their_names_beside_them(client: Client, data: World) -> None:
    rows = {r["Kode kemitraan / Partnership key"]: r for r in read_csv(client, "partnerships")}
    case = rows["bina-kesehatan-semanggi"]
    assert case["Kode sektor DAC / DAC sector code"] == "12230"
    assert case["Nama sektor (Inggris) / Sector name (English)"] == "Basic health infrastructure"
    assert case["Nama sektor / Sector name (Indonesian)"] != ""
    assert case["Status / Status (Indonesian)"] == "Penyelesaian"
    assert case["Status (Inggris) / Status (English)"] == "Finalisation"
    assert case["Nama wilayah / Region names"] == "Semanggi"
    transactions = read_csv(client, "transactions")
    assert (
        transactions[0]["Jenis transaksi (Inggris) / Transaction type (English)"] == "Expenditure"
    )


def test_only_public_records_are_in_the_tables(client: Client, data: World) -> None:
    everything = "".join(
        b"".join(client.get(f"/data/{t.slug}.csv").streaming_content).decode() for t in TABLES
    )
    assert "Draf Surakarta" not in everything and "Rintisan Jakarta" not in everything
    assert "Draf rahasia" not in everything
    assert "Sumur bor Joyosuran" in everything
    assert "8.4400" in everything or "8.44" in everything


def test_unapproved_actuals_are_left_out(client: Client, data: World) -> None:
    IndicatorPeriod.objects.update(approved_at=None, approved_by=None)
    rows = read_csv(client, "indicators")
    assert rows and all(r["Realisasi (disetujui) / Actual (approved)"] == "" for r in rows)


def test_unknown_tables_and_formats_are_404(client: Client, data: World) -> None:
    for url in ("/data/informants.csv", "/data/partnerships.pdf", "/data/partnerships.CSV"):
        assert client.get(url).status_code == 404, url


def test_downloads_keep_their_query_count(client: Client, data: World) -> None:
    before = {t.slug: count_queries(partial(client.get, f"/data/{t.slug}.xlsx"))[0] for t in TABLES}
    for n in range(3):
        PartnershipFactory(slug=f"grow-{n}", locations=["33.72.03.1001"])
        NeedFactory(regions=["33.72"], publisher=data.dinkes)
    for table in TABLES:
        after, response = count_queries(partial(client.get, f"/data/{table.slug}.xlsx"))
        assert response.status_code == 200
        assert after == before[table.slug], table.slug


def test_the_data_page_lists_every_download_with_its_licence(client: Client, data: World) -> None:
    page = client.get("/data/").content.decode()
    assert "creativecommons.org/licenses/by/4.0/" in page
    for table in TABLES:
        assert f'href="/data/{table.slug}.csv"' in page
        assert f'href="/data/{table.slug}.xlsx"' in page
    assert 'href="/data/catalog.jsonld"' in page and 'href="/iati/"' in page
    assert 'href="/feeds/partnerships.atom"' in page


def test_the_catalogue_is_dcat_and_every_distribution_answers(client: Client, data: World) -> None:
    response = client.get("/data/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    datasets = catalogue["dcat:dataset"]
    assert {d["dct:identifier"] for d in datasets} >= {f"semanggi-{t.slug}" for t in TABLES}
    for dataset in datasets:
        assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
        languages = {t["@language"] for t in dataset["dct:title"]}
        assert languages == {"id", "en"}
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith("http://127.0.0.1:8000/")
            path = url.removeprefix("http://127.0.0.1:8000")
            assert client.get(path).status_code == 200, path


def test_the_feed_of_published_partnerships(client: Client, data: World) -> None:
    response = client.get("/feeds/partnerships.atom")
    assert response.status_code == 200
    feed = etree.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any("Program Bina Kesehatan" in t for t in titles)
    assert any("Puskesmas Semanggi" in t for t in titles)
    assert not any("Draf Surakarta" in t or "Rintisan Jakarta" in t for t in titles)


def test_the_feed_of_a_region_holds_its_updates(client: Client, data: World) -> None:
    feed = etree.fromstring(client.get("/feeds/regions/33.72.atom").content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any("100 %" in t for t in titles)  # the construction's progress update
    assert any(t.startswith("Dipublikasikan") for t in titles)
    outside = etree.fromstring(client.get("/feeds/regions/31.atom").content)
    assert list(outside.iter(f"{ATOM}entry")) == []
    for code in ("99", "x.y", "33.72.99"):
        assert client.get(f"/feeds/regions/{code}.atom").status_code == 404
