"""A REFI-QDA import as a background job, on a phone-sized screen in a real Chromium: the form,
the job page with its report, and the link to the result; no page breaks the CSP."""

from pathlib import Path
from typing import Any

import pytest

from semanggi.evidence.exchange import study_qdpx
from semanggi.evidence.models import Study
from semanggi.evidence.tests.factories import filled_study
from semanggi.testing.world import world_create

WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 392)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 8)"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_import_runs_as_a_job_and_leads_to_its_result(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    world = world_create()
    filled_study(world.study, world.eva)
    archive = tmp_path / "studi.qdpx"
    archive.write_bytes(study_qdpx(study=world.study))

    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    try:
        page.goto(live_server.url + "/accounts/login/?next=/studies/import/")
        page.fill("[name=username]", "eva")
        page.fill("[name=password]", "eva-pass")
        page.locator("form [type=submit]").last.click()
        # The page after signing in, not the sign-in page still on screen.
        page.wait_for_url("**/studies/import/")
        # On a phone the language buttons are inside the menu.
        toggle = page.locator("button.menu-toggle")
        if toggle.is_visible():
            toggle.click()
        page.get_by_role("button", name="English").click()
        page.get_by_role("heading", name="Import a REFI-QDA project").wait_for()
        page.set_input_files("[name=file]", str(archive))
        page.fill("[name=title]", "Salinan lewat peramban")
        page.get_by_role("button", name="Import").click()

        page.get_by_role("heading", name="REFI-QDA project import").wait_for()
        assert "Done" in page.locator(".job-status").inner_text()
        assert "Imported:" in page.locator("main").inner_text()
        wide = page.evaluate(WIDEST)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
        page.get_by_role("link", name="Open the result").click()
        page.get_by_role("heading", name="Salinan lewat peramban").wait_for()
        assert Study.objects.filter(title="Salinan lewat peramban", lead=world.eva).exists()

        if toggle.is_visible():
            toggle.click()
        page.get_by_role("link", name="Jobs").click()
        page.get_by_role("link", name="REFI-QDA project import").wait_for()
    finally:
        context.close()
    assert blocked == []
