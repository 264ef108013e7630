"""The public portal in a real Chromium, on a phone (390 px) and a desktop (1366 px): the map
is drawn without tiles or scripts, fits the screen, is reachable from the keyboard, and has
its table."""

from pathlib import Path
from typing import Any

import pytest

from semanggi.demo.services import founding_case_load
from semanggi.needs.tests.factories import NeedFactory
from semanggi.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTEFACTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"


@pytest.mark.parametrize("width", [390, 1366])
def test_the_portal_map_at_phone_and_desktop_width(
    live_server: Any, browser: Any, world: World, width: int
) -> None:
    founding_case_load()
    NeedFactory(title="Sumur bor Joyosuran", regions=["33.72.03.1001"], publisher=world.dinkes)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    # Nothing may leave the machine: no tiles, no fonts, no scripts from elsewhere.
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        svg = page.locator("svg.region-map")
        svg.wait_for()
        box = svg.bounding_box()
        assert box is not None and box["width"] <= width and box["height"] > 100
        section = page.locator("section.map-section")
        wider = section.evaluate(
            """s => [...s.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > s.getBoundingClientRect().right + 1
                             && !e.closest('.table-scroll, details:not([open])'))
                .map(e => e.tagName + ' ' + e.textContent.slice(0, 40))"""
        )
        assert wider == [] and section.evaluate("s => s.scrollWidth <= s.clientWidth"), wider
        assert page.locator("svg.region-map .outlines path").count() > 400
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"portal-home-{width}.png"), full_page=True)

        # The keyboard reaches the province marker and opens the province.
        marker = page.locator("svg.region-map a[data-region='33']")
        for _ in range(60):
            page.keyboard.press("Tab")
            if marker.evaluate("e => e === document.activeElement"):
                break
        else:
            pytest.fail("the map's marker is not reachable with the Tab key")
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + "/regions/33/")
        page.locator("svg.region-map a[data-region='33.72']").wait_for()

        # The same figures as a table.
        page.get_by_text("Peta dalam bentuk tabel").click()
        row = page.locator("tr[data-cluster='33.72']")
        assert "Kota Surakarta" in row.inner_text()
        assert row.locator("td").nth(0).inner_text() == "2"  # the world's and the founding case
        assert row.locator("td").nth(1).inner_text() == "1"
        page.screenshot(path=str(ARTEFACTS / f"portal-region-{width}.png"), full_page=True)
        assert outside == []
    finally:
        context.close()
