"""Helpers for the browser tests: page width, accessibility (axe-core, vendored), and
screenshots kept as test artefacts in ``var/screenshots/`` (ignored by git)."""

from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SERIOUS = ("serious", "critical")


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls
    sideways)."""
    overflow: int = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )
    return max(overflow, 0)


def axe_violations(page: Any, impacts: tuple[str, ...] = SERIOUS) -> list[str]:
    """The axe-core violations of the page at the given impacts, one line each (rule, impact,
    first offending element)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in impacts
    ]


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot, ``var/screenshots/<name>-<width>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def in_view(page: Any, selector: str) -> bool:
    """Whether the first element matching ``selector`` is inside the visible window."""
    visible: bool = page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0"
        " && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }"
    )
    return visible


def check_page(page: Any, name: str) -> None:
    """What every main page must hold at every width: nothing scrolls sideways, no serious
    accessibility violation; and a screenshot to look at."""
    screenshot(page, name)
    assert horizontal_overflow(page) == 0, f"{name}: {horizontal_overflow(page)} px too wide"
    violations = axe_violations(page)
    assert not violations, f"{name}:\n" + "\n".join(violations)
