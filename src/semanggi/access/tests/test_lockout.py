"""Accounts: login throttling and lockout on the site, the admin and API tokens; changing and
resetting one's own password, checked by Django's validators."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from semanggi.access.services import api_token_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_leave_the_account_closed_to_the_fifty_first(
    world: World, client: Client
) -> None:
    for guess in range(50):
        response = client.post(LOGIN, {"username": "bima", "password": f"tebakan-{guess}"})
        assert response.status_code in (200, 429)
    right = client.post(LOGIN, {"username": "bima", "password": "bima-pass"})
    assert right.status_code == 429
    assert not _signed_in(client)
    text = right.content.decode()
    assert "Akun terkunci" in text and "administrator" in text
    assert "30 menit" in text
    # Another person's account is not touched.
    assert client.post(LOGIN, {"username": "eva", "password": "eva-pass"}).status_code == 302
    assert _signed_in(client)


def test_the_lock_is_the_same_whatever_the_address(world: World) -> None:
    for guess in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{guess}").post(
            LOGIN, {"username": "bima", "password": f"salah-{guess}"}
        )
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    assert elsewhere.post(LOGIN, {"username": "bima", "password": "bima-pass"}).status_code == 429


def test_the_admin_login_is_locked_too(world: World, english: Client) -> None:
    for guess in range(5):
        english.post("/admin/login/", {"username": "alice", "password": f"salah-{guess}"})
    response = english.post("/admin/login/", {"username": "alice", "password": "alice-pass"})
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert not _signed_in(english)


def test_an_administrator_unlocks_and_the_lock_expires(world: World, client: Client) -> None:
    for guess in range(5):
        client.post(LOGIN, {"username": "bima", "password": f"salah-{guess}"})
    assert client.post(LOGIN, {"username": "bima", "password": "bima-pass"}).status_code == 429
    call_command("axes_reset_username", "bima")
    assert client.post(LOGIN, {"username": "bima", "password": "bima-pass"}).status_code == 302

    client.logout()
    for guess in range(5):
        client.post(LOGIN, {"username": "eva", "password": f"salah-{guess}"})
    assert client.post(LOGIN, {"username": "eva", "password": "eva-pass"}).status_code == 429
    # Thirty-one minutes later (the configured lockout is thirty).
    AccessAttempt.objects.filter(username="eva").update(
        attempt_time=timezone.now() - timedelta(minutes=31)
    )
    assert client.post(LOGIN, {"username": "eva", "password": "eva-pass"}).status_code == 302


def test_wrong_api_tokens_lock_tokens_from_that_address(world: World) -> None:
    token = api_token_create(user=world.bima, name="skrip")
    caller = Client(REMOTE_ADDR="192.0.2.7")
    for guess in range(5):
        wrong = caller.get(
            "/api/studies", HTTP_AUTHORIZATION=f"Bearer smg_salah{guess}", HTTP_COOKIE=""
        )
        # The fifth wrong one already meets the lock.
        assert wrong.status_code == (429 if guess == 4 else 401)
    assert wrong.json()["detail"].startswith("Terlalu banyak token API")
    locked = caller.get("/api/studies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert locked.status_code == 429
    assert "token API" in locked.json()["detail"]
    other = Client(REMOTE_ADDR="192.0.2.8")
    assert other.get("/api/studies", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_users_change_their_own_password_checked_by_the_validators(
    world: World, client: Client
) -> None:
    client.force_login(world.eva)
    assert client.get("/accounts/password/").status_code == 200
    weak = client.post(
        "/accounts/password/",
        {"old_password": "eva-pass", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    text = weak.content.decode()
    assert "terlalu umum" in text  # Django's CommonPasswordValidator, in Indonesian
    world.eva.refresh_from_db()
    assert world.eva.check_password("eva-pass")
    done = client.post(
        "/accounts/password/",
        {
            "old_password": "eva-pass",
            "new_password1": "kelurahan-semanggi-2026",
            "new_password2": "kelurahan-semanggi-2026",
        },
    )
    assert done.status_code == 302
    world.eva.refresh_from_db()
    assert world.eva.check_password("kelurahan-semanggi-2026")


def test_a_reset_link_by_mail_sets_a_new_password_and_lifts_a_lockout(
    world: World, client: Client
) -> None:
    for guess in range(5):
        client.post(LOGIN, {"username": "kurnia", "password": f"salah-{guess}"})
    assert client.post(LOGIN, {"username": "kurnia", "password": "kurnia-pass"}).status_code == 429

    sent = client.post("/accounts/password/reset/", {"email": "kurnia@example.org"})
    assert sent.status_code == 302
    [message] = mail.outbox
    assert "Atur ulang kata sandi" in message.subject and "Reset" in message.subject
    assert "Halo kurnia" in message.body and "Hello kurnia" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new = "pasar-kliwon-surakarta-33"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.post(LOGIN, {"username": "kurnia", "password": new}).status_code == 302
    # An unknown address gets the same answer and no mail.
    client.logout()
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1


def test_behind_a_proxy_the_token_lock_counts_the_caller_s_address(
    world: World, settings: object
) -> None:
    settings.SEMANGGI_PROXY_COUNT = 1  # type: ignore[attr-defined]
    token = api_token_create(user=world.bima, name="skrip")
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for guess in range(5):
        # The caller writes a false address first; the proxy appends the real one.
        proxy.get(
            "/api/studies",
            HTTP_AUTHORIZATION=f"Bearer smg_salah{guess}",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{guess}, 198.51.100.9",
        )
    real = {"HTTP_X_FORWARDED_FOR": "198.51.100.9", "HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert proxy.get("/api/studies", **real).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.10", "HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert proxy.get("/api/studies", **other).status_code == 200
