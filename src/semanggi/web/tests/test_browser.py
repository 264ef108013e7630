"""The founding case in a real Chromium, as a visitor walks it, in Indonesian then English."""

from typing import Any

import pytest

from semanggi.demo.services import founding_case_load
from semanggi.regions.tests.factories import regions_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_walks_the_founding_case_in_both_languages(live_server: Any, page: Any) -> None:
    regions_create()
    founding_case_load()

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("[data-count=partnerships]").inner_text() == "1"

    page.get_by_role("link", name="Kemitraan", exact=True).click()
    page.get_by_role("heading", name="Kemitraan").wait_for()
    page.get_by_role("link", name="Program Bina Kesehatan: pembangunan puskesmas baru").click()

    page.wait_for_url("**/partnerships/bina-kesehatan-semanggi/")
    parties = page.locator("article.party")
    assert parties.count() == 2
    dinkes = page.locator("article.party", has_text="Dinas Kesehatan Kota Surakarta")
    bank = page.locator("article.party", has_text='Bank "X" Cabang "Y"')
    assert "Menerima bangunan puskesmas yang sudah jadi" in dinkes.inner_text()
    bank_text = bank.inner_text()
    assert "Konstruksi/pekerjaan fisik" in bank_text
    assert "Rp 1.500.000.000" in bank_text and "ilustratif" in bank_text
    assert "Semanggi" in page.locator("dl.facts").first.inner_text()
    assert page.locator(".phases [aria-current=step]").inner_text() == "Pengendalian"

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Health Development Programme: a new puskesmas").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    bank_text = page.locator("article.party", has_text='Bank "X" Cabang "Y"').inner_text()
    assert "Construction/physical work" in bank_text
    assert "without depending on an active role of Dinkes" in bank_text
    assert "illustrative" in bank_text
    assert (
        "Receives the finished puskesmas building"
        in page.locator("article.party", has_text="Dinas Kesehatan").inner_text()
    )
    assert page.locator(".phases [aria-current=step]").inner_text() == "Controlling"

    # The choice is remembered from page to page.
    page.get_by_role("link", name="Regions").click()
    page.get_by_role("heading", name="Regions").wait_for()


def test_an_unknown_page_is_friendly(live_server: Any, page: Any) -> None:
    response = page.goto(live_server.url + "/partnerships/tidak-ada/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Halaman tidak ditemukan").is_visible()
