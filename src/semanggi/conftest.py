"""Fixtures shared by every app's tests."""

import os
from collections.abc import Iterator
from typing import Any

import pytest

from semanggi.testing.world import World, world_create


@pytest.fixture
def world(db: None) -> World:
    return world_create()


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    # Uploads of one test never land in the checkout or in another test.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing is deliberately slow; tests log in many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english(client: Any, settings: Any) -> Iterator[Any]:
    """A test client whose visitor chose English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client


BROWSER = os.environ.get("SEMANGGI_BROWSER", "/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. A missing browser fails the test: it is a
    broken set-up, not a reason to pass (scripts/test.sh installs it)."""
    if not os.path.exists(BROWSER):
        pytest.fail(f"Chromium not found at {BROWSER}: run scripts/test.sh, which installs it")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=BROWSER, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # Playwright evaluates its wait_for_function strings with eval, which the site's CSP
    # forbids; the CSP itself is checked by a browser test that does not bypass it.
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
