"""People create their own account: a user name, an e-mail address and a password that
Django's validators accept; sign-ups are throttled per address like logins, and an account
alone grants nothing beyond what the public sees."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from semanggi.access.selectors import principal_for
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
GOOD = {
    "username": "nadia",
    "first_name": "Nadia Putri",
    "email": "nadia@sinar.example",
    "password1": "kelapa-muda-2026-Solo",
    "password2": "kelapa-muda-2026-Solo",
}


def test_a_newcomer_creates_her_account_and_is_led_to_register_her_organisation(
    world: World, client: Client
) -> None:
    page = client.get(SIGNUP)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Buat akun" in text and "Alamat surel" in text
    response = client.post(SIGNUP, {**GOOD, "is_staff": "on", "is_superuser": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/me/organisation/new/"
    assert "Akun Anda sudah siap" in response.content.decode()
    nadia = get_user_model().objects.get(username="nadia")
    assert (nadia.email, nadia.first_name) == ("nadia@sinar.example", "Nadia Putri")
    assert not nadia.is_staff and not nadia.is_superuser and nadia.is_active
    assert nadia.check_password(GOOD["password1"])
    # Signed in, and nothing more: no organisation, no region, no study.
    principal = principal_for(nadia)
    assert principal.authenticated
    assert not (principal.organisation_ids or principal.coordinator_areas or principal.study_ids)
    assert client.get("/offers/new/").status_code == 403
    # Signed in, the page sends her home.
    assert client.get(SIGNUP)["Location"] == "/me/"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password1": "pendek", "password2": "pendek"}, "password2"),  # too short
        ({"password1": "password123", "password2": "password123"}, "password2"),  # common
        ({"password1": "83749201938", "password2": "83749201938"}, "password2"),  # numeric
        ({"password1": "nadiaputri", "password2": "nadiaputri"}, "password2"),  # her name
        ({"password2": "kelapa-tua-2026-Solo"}, "password2"),  # not the same twice
        ({"username": "bima"}, "username"),  # taken
        ({"username": "BIMA"}, "username"),  # taken, whatever the case
        ({"username": "nadia putri!"}, "username"),
        ({"email": "BIMA@example.org"}, "email"),  # an account has it
        ({"email": "nadia-at-sinar"}, "email"),
        ({"email": ""}, "email"),
        ({"username": "x" * 151}, "username"),
    ],
)
def test_bad_sign_ups_are_refused_field_by_field(
    world: World, client: Client, changes: dict[str, Any], field: str
) -> None:
    response = client.post(SIGNUP, {**GOOD, **changes})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Formulir belum disimpan" in response.content.decode()
    assert not get_user_model().objects.filter(email__iexact=GOOD["email"]).exists()
    assert "_auth_user_id" not in client.session


def test_sign_ups_are_throttled_per_address(world: World) -> None:
    here = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(5):
        answer = here.post(SIGNUP, {**GOOD, "username": f"orang{n}", "email": f"o{n}@x.example"})
        assert answer.status_code == 302
        here.logout()
    refused = here.post(SIGNUP, {**GOOD, "username": "orang5", "email": "o5@x.example"})
    assert refused.status_code == 429
    assert "Terlalu banyak akun diminta dari alamat Anda" in refused.content.decode()
    assert not get_user_model().objects.filter(username="orang5").exists()
    # Another address is not touched, nor is logging in from this one.
    there = Client(REMOTE_ADDR="10.2.2.2")
    assert there.post(SIGNUP, GOOD).status_code == 302
    assert (
        here.post("/accounts/login/", {"username": "bima", "password": "bima-pass"}).status_code
        == 302
    )


def test_failed_sign_ups_count_too(world: World) -> None:
    here = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(5):
        assert here.post(SIGNUP, {**GOOD, "username": "bima"}).status_code == 400
    assert here.post(SIGNUP, GOOD).status_code == 429
    assert not get_user_model().objects.filter(username="nadia").exists()


def test_sign_up_can_be_closed(world: World, client: Client, settings: Any) -> None:
    settings.SEMANGGI_SIGNUP = False
    assert client.get(SIGNUP).status_code == 404
    assert client.post(SIGNUP, GOOD).status_code == 404
    assert "/accounts/signup/" not in client.get("/accounts/login/").content.decode()
    settings.SEMANGGI_SIGNUP = True
    assert "/accounts/signup/" in client.get("/accounts/login/").content.decode()


def test_the_sign_up_page_speaks_english_when_asked(world: World, english: Client) -> None:
    text = english.get(SIGNUP).content.decode()
    assert "Create an account" in text and "E-mail address" in text
