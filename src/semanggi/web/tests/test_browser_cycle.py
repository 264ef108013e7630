"""A coordinator in a real Chromium: a need is published, matched with a company's offer,
becomes a partnership, and is managed through every phase to its closing."""

from typing import Any

import pytest

from semanggi.needs.models import Offer
from semanggi.partnerships.models import Partnership
from semanggi.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-pass")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/me/")


def add_record(page: Any, base: str, slug: str, kind: str, fields: dict[str, str]) -> None:
    page.goto(f"{base}/partnerships/{slug}/records/{kind}/add/")
    for selector, value in fields.items():
        element = page.locator(selector)
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(label=value)
        else:
            element.fill(value)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(f"{base}/partnerships/{slug}/#*")


def move_to(page: Any, base: str, slug: str, phase_label: str) -> None:
    page.goto(f"{base}/partnerships/{slug}/#phase")
    page.locator("select[name=target]").select_option(label=phase_label)
    page.get_by_role("button", name="Ubah tahap").click()
    page.wait_for_url(f"{base}/partnerships/{slug}/#phase")


def test_need_to_match_to_partnership_through_every_phase_to_closing(
    live_server: Any, page: Any, world: World
) -> None:
    base = live_server.url
    offer = Offer.objects.create(
        organisation=world.bank_x,
        title="CSR kesehatan 2026",
        sectors=["12230"],
        budget_min=100_000_000,
        budget_max=2_000_000_000,
    )
    offer.regions.set(["33.72"])
    # Irreversible steps (creating a partnership, changing phase) ask first: say yes.
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, base, "kurnia")

    # The need: written, published.
    page.goto(base + "/needs/new/")
    page.fill("#id_title", "Pustu baru di Joyosuran")
    page.locator("#id_publisher").select_option(label="Dinas Kesehatan Kota Surakarta")
    page.fill("#id_sector", "health infrastructure")
    page.get_by_role("option", name="Infrastruktur kesehatan dasar").click()
    page.fill("#id_regions", "Joyosuran")
    page.get_by_role("option", name="Joyosuran · Pasar Kliwon · Kota Surakarta").click()
    page.fill("#id_estimated_cost", "750000000")
    page.fill("#id_beneficiaries", "4000")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Publikasikan").click()

    # The match: the offer ranks the need, with the parts of its score.
    page.goto(f"{base}/offers/{offer.pk}/")
    row = page.locator("li.match", has_text="Pustu baru di Joyosuran")
    assert "Sektor" in row.inner_text() or "sektor" in row.inner_text().lower()
    row.get_by_role("button", name="Buat kemitraan").click()
    page.wait_for_url("**/partnerships/*/")
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    partnership = Partnership.objects.get(slug=slug)
    assert partnership.phase == "planning"
    assert page.locator("article.party").count() == 2

    dinkes = "Dinas Kesehatan Kota Surakarta"
    bank = 'Bank "X" Cabang "Y"'
    # Planning.
    for party in (dinkes, bank):
        add_record(
            page, base, slug, "objective", {"#id_party": party, "#id_text": f"Tujuan {party}"}
        )
    add_record(
        page,
        base,
        slug,
        "activity",
        {
            "#id_title": "Pembangunan pustu",
            "#id_planned_start": "2026-01-05",
            "#id_planned_end": "2026-06-30",
        },
    )
    add_record(
        page,
        base,
        slug,
        "agreement",
        {
            "#id_kind": "Perjanjian kerja sama (PKS)",
            "#id_title": "PKS pembangunan pustu",
        },
    )
    move_to(page, base, slug, "Pengorganisasian")
    assert page.locator(".phases [aria-current=step]").inner_text() == "Pengorganisasian"

    # Organizing: the gate first refuses, and says why.
    move_to(page, base, slug, "Pelaksanaan")
    assert "Belum dapat maju" in page.locator(".messages").inner_text()
    add_record(
        page,
        base,
        slug,
        "responsibility",
        {
            "#id_activity": "Pembangunan pustu",
            "#id_party": bank,
            "#id_letter": "Pelaksana (R)",
        },
    )
    add_record(
        page,
        base,
        slug,
        "responsibility",
        {
            "#id_activity": "Pembangunan pustu",
            "#id_party": dinkes,
            "#id_letter": "Penanggung jawab",
        },
    )
    add_record(page, base, slug, "forum", {"#id_kind": "Forum koordinasi", "#id_name": "Forum CSR"})
    move_to(page, base, slug, "Pelaksanaan")
    assert page.locator(".phases [aria-current=step]").inner_text() == "Pelaksanaan"

    # Actuating.
    add_record(
        page,
        base,
        slug,
        "progress-update",
        {
            "#id_activity": "Pembangunan pustu",
            "#id_reported_on": "2026-03-01",
            "#id_percent_complete": "50",
            "#id_narrative": "Atap selesai",
        },
    )
    add_record(
        page,
        base,
        slug,
        "transaction",
        {
            "#id_type": "Pencairan",
            "#id_amount": "300000000",
            "#id_transacted_on": "2026-03-02",
            "#id_provider": bank,
        },
    )
    move_to(page, base, slug, "Pengendalian")
    # The work is finished: a late activity would hold back the closing with a red flag.
    add_record(
        page,
        base,
        slug,
        "progress-update",
        {
            "#id_activity": "Pembangunan pustu",
            "#id_reported_on": "2026-06-20",
            "#id_percent_complete": "100",
            "#id_narrative": "Pustu selesai",
        },
    )

    # Controlling, then closing with a note and who carries on.
    add_record(
        page,
        base,
        slug,
        "closure",
        {
            "#id_closing_note": "Pustu selesai dan beroperasi",
            "#id_sustainability": "Dinkes menanggung operasional pustu",
        },
    )
    move_to(page, base, slug, "Ditutup")
    assert page.locator(".phases [aria-current=step]").inner_text() == "Ditutup"
    assert Partnership.objects.get(slug=slug).status == "4"
    assert "Dinkes menanggung operasional pustu" in page.locator("dl.closure").inner_text()
