"""The onboarding journey in a real Chromium, on a phone (390 px) and on a desktop
(1366 px): a newcomer creates her account and registers her company; the coordinator of its
region verifies it from her home page; the newcomer, now its member, expresses interest in
a published need; the need's publisher finds the notification (and the mail). Nothing
scrolls sideways, no serious accessibility violation, every confirmation is in view."""

import re
from typing import Any

import pytest
from django.core import mail

from semanggi.needs.tests.factories import catalogue_create
from semanggi.testing.browser import WIDTHS, check_page, in_view
from semanggi.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kelapa-muda-2026-Solo"


@pytest.fixture(params=["phone", "desktop"])
def width(request: Any, page: Any) -> str:
    page.set_viewport_size(WIDTHS[request.param])
    page.on("dialog", lambda dialog: dialog.accept())
    return str(request.param)


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/me/")


def confirmed(page: Any, text: str) -> None:
    toast = page.locator(".toast")
    toast.first.wait_for()
    assert in_view(page, ".toast")
    assert text in toast.first.inner_text()


def test_a_newcomer_registers_is_verified_and_her_interest_reaches_the_publisher(
    live_server: Any, page: Any, width: str, world: World
) -> None:
    catalogue = catalogue_create(world)
    need = catalogue.semanggi
    base = live_server.url
    mail.outbox.clear()

    # A newcomer creates her account from the login page's link.
    page.goto(base + "/accounts/login/")
    if width == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Buat akun").first.click()
    page.wait_for_url(base + "/accounts/signup/")
    check_page(page, f"signup-{width}")
    page.fill("#id_username", "nadia")
    page.fill("#id_first_name", "Nadia Putri")
    page.fill("#id_email", "nadia@sinar.example")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Buat akun ini").click()
    page.wait_for_url(base + "/me/organisation/new/")
    confirmed(page, "Akun Anda sudah siap")

    # She registers her company, its region picked by name.
    page.fill("#id_name", "PT Sinar Mojosongo")
    page.locator("#id_kind").select_option(value="company")
    page.locator("#id_region").fill("semang")
    option = page.get_by_role("option", name="Semanggi · Pasar Kliwon · Kota Surakarta")
    option.wait_for()
    option.click()
    page.locator("#id_sectors").select_option(["12220"])
    page.fill("#id_contact_name", "Nadia Putri")
    page.fill("#id_contact_email", "nadia@sinar.example")
    page.fill("#id_proposer_position", "Manajer CSR")
    check_page(page, f"organisation-register-{width}")
    page.get_by_role("button", name="Daftarkan untuk diverifikasi").click()
    page.wait_for_url(re.compile(r"/organisations/pt-sinar-mojosongo/$"))
    confirmed(page, "menunggu verifikasi")
    assert "Menunggu verifikasi" in page.locator("#verification").inner_text()
    check_page(page, f"organisation-pending-{width}")
    # Not hers to act for yet: no interest button on the need.
    page.goto(f"{base}/needs/{need.pk}/")
    assert page.get_by_role("link", name="Nyatakan minat").count() == 0

    # Kurnia, coordinator of Kota Surakarta, verifies it from her home page.
    log_in(page, base, "kurnia", "kurnia-pass")
    queue = page.locator("#verifications")
    assert "PT Sinar Mojosongo" in queue.inner_text()
    check_page(page, f"my-home-verifications-{width}")
    queue.get_by_role("button", name="Verifikasi PT Sinar Mojosongo").click()
    page.wait_for_url(base + "/me/#verifications")
    confirmed(page, "PT Sinar Mojosongo sudah diverifikasi")
    assert page.locator("#verifications").count() == 0

    # Nadia is told; now a member, she expresses interest in the need.
    log_in(page, base, "nadia", PASSWORD)
    assert "sudah diverifikasi" in page.locator("#notifications").inner_text()
    page.goto(f"{base}/needs/{need.pk}/")
    page.get_by_role("link", name="Nyatakan minat").click()
    page.wait_for_url(f"{base}/needs/{need.pk}/interest/")
    page.fill("#id_message", "Kami dapat menyediakan alat kesehatan tahun ini.")
    check_page(page, f"interest-form-{width}")
    page.get_by_role("button", name="Kirim minat").click()
    page.wait_for_url(re.compile(rf"/needs/{need.pk}/#interest-\d+$"))
    confirmed(page, "Minat Anda sudah dikirim")
    assert "PT Sinar Mojosongo" in page.locator("#interests").inner_text()
    check_page(page, f"need-interest-{width}")

    # Dian, of the publishing Dinkes, sees the count in the header and the notification.
    log_in(page, base, "dian", "dian-pass")
    if width == "phone":
        badge = page.get_by_role("button", name="Menu").locator(".count-badge")
    else:
        badge = page.locator(".notifications-link .count-badge")
    assert badge.inner_text().startswith("1")
    notice = page.locator("#notifications")
    assert "PT Sinar Mojosongo menyatakan minat" in notice.inner_text()
    check_page(page, f"my-home-interest-{width}")
    page.goto(base + "/me/notifications/")
    check_page(page, f"notifications-{width}")
    page.get_by_role("button", name=re.compile("^Tandai sudah dibaca")).first.click()
    confirmed(page, "Ditandai sudah dibaca")
    # And the interest waits on the need's page, with her answers.
    page.goto(f"{base}/needs/{need.pk}/#interests")
    assert page.get_by_role("button", name=re.compile("^Mulai kemitraan")).count() == 1
    # The mails went out too, in both languages.
    to_dian = [m for m in mail.outbox if m.to == ["dian@example.org"]]
    assert to_dian and "Interest in a need" in to_dian[0].subject
