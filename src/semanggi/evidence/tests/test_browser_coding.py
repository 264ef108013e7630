"""The coding view in a real Chromium, on a phone (390 px) and on a desktop (1366 px):
coding with the keyboard alone (sentences chosen with the arrow keys, a code found by typing,
the confirmation in view, the segment in the list), code names on hover and on keyboard
focus, "show only code X", a code created while coding, and auto-coding of search hits;
nothing scrolls sideways and axe-core finds no serious violation. Screenshots go to
``var/screenshots/``."""

from typing import Any

import pytest

from semanggi.core.coding import PALETTE
from semanggi.evidence.models import Code, Segment
from semanggi.evidence.services import segment_create, source_create
from semanggi.testing.browser import WIDTHS, check_page, in_view
from semanggi.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "P: Siapa yang merencanakan puskesmas?\n"
    "J: Kami 👩🏽‍⚕️ merencanakan bersama bank. Dinkes memilih lokasi. Bank membayar dana CSR.\n"
    "J: Rapat di Bappeda dihadiri bank dan warga.\n"
)


@pytest.fixture(params=["phone", "desktop"])
def width(request: Any, page: Any) -> str:
    page.set_viewport_size(WIDTHS[request.param])
    return str(request.param)


@pytest.fixture
def coding(world: World) -> dict[str, Any]:
    source = source_create(
        study=world.study, actor=world.eva, kind="interview", title="Wawancara Dinkes", text=TEXT
    )
    group = Code.objects.create(study=world.study, name="Fungsi manajemen", codable=False)
    plan = Code.objects.create(study=world.study, name="Perencanaan (P)", parent=group)
    money = Code.objects.create(study=world.study, name="Dana CSR")
    start = TEXT.index("Bank membayar dana CSR.")
    paid = segment_create(
        source=source, start=start, end=start + 23, code_ids=[money.pk], actor=world.eva
    )
    return {"source": source, "plan": plan, "money": money, "paid": paid}


def _log_in(page: Any, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "eva")
    page.fill("#id_password", "eva-pass")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/me/")


def _active(page: Any) -> str:
    found: str = page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.id || e.className || e.tagName) : ''; }"
    )
    return found


def _tab_to(page: Any, test: str, most: int = 80) -> None:
    """Press Tab until the focused element passes ``test`` (a JavaScript predicate)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test}); }}"):
            return
    raise AssertionError(f"Tab never reached {test}; last: {_active(page)}")


def _utf16(index: int) -> int:
    return len(TEXT[:index].encode("utf-16-le")) // 2


def test_coding_with_the_keyboard_alone(
    live_server: Any, page: Any, width: str, world: World, coding: dict[str, Any]
) -> None:
    base = live_server.url
    source, plan = coding["source"], coding["plan"]
    _log_in(page, base)
    page.goto(f"{base}/studies/{world.study.pk}/sources/{source.pk}/")
    check_page(page, f"coding-{width}")
    assert page.locator("#coding-keys").inner_text().startswith("Mengode dengan papan ketik")

    # Tab to the text; the arrow keys choose sentences, Shift widens the choice.
    _tab_to(page, "e.id === 'source-text'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    selection = page.locator("#coding-selection")
    assert "J: Kami 👩🏽‍⚕️ merencanakan bersama bank." in selection.inner_text()
    page.keyboard.press("Shift+ArrowRight")
    first = TEXT.index("J: Kami")
    last = TEXT.index("Dinkes memilih lokasi.") + len("Dinkes memilih lokasi.")
    # Positions in code points, whatever JavaScript counts (the emoji is several units).
    assert page.input_value("[name=start]") == str(first)
    assert page.input_value("[name=end]") == str(last)
    assert "Dinkes memilih lokasi." in selection.inner_text()
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowRight")
    assert page.input_value("[name=end]") == str(last)

    # Enter goes to the codes: typing filters them, a code is ticked with Space.
    page.keyboard.press("Enter")
    assert _active(page) == "code-filter"
    page.keyboard.type("renc")
    assert page.locator(".code-row", has_text="Dana CSR").is_hidden()
    assert page.locator(".code-row", has_text="Perencanaan (P)").is_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator(f"input[name=codes][value='{plan.pk}']").is_checked()
    _tab_to(page, "e.id === 'code-button'")
    check_page(page, f"coding-ready-{width}")
    page.keyboard.press("Enter")

    # The confirmation is in view; the segment is in the list with its code; the text has
    # the focus again, for the next sentence.
    toast = page.locator(".toast")
    toast.wait_for()
    assert in_view(page, ".toast")
    assert "dikodekan dengan Perencanaan (P)" in toast.inner_text()
    item = page.locator(".segment-list li", has_text="Dinkes memilih lokasi.")
    item.wait_for()
    assert "Perencanaan (P)" in item.inner_text()
    segment = Segment.objects.get(source=source, codes=plan)
    assert TEXT[segment.start : segment.end] == TEXT[first:last]
    assert _active(page) == "source-text"
    page.keyboard.press("ArrowRight")
    assert page.locator("#coding-selection").inner_text().startswith("«Bank membayar dana CSR.»")
    assert "Dana CSR" in page.locator("#coding-selection").inner_text()  # its codes, named
    counts = page.locator(f".code-counts[data-counts='{plan.pk}']")
    assert counts.locator(".n-source").inner_text() == "1"
    check_page(page, f"coding-done-{width}")


def test_code_names_show_on_hover_and_on_keyboard_focus(
    live_server: Any, page: Any, width: str, world: World, coding: dict[str, Any]
) -> None:
    base = live_server.url
    source, paid = coding["source"], coding["paid"]
    _log_in(page, base)
    page.goto(f"{base}/studies/{world.study.pk}/sources/{source.pk}/")
    tip = page.locator("#code-tip")
    piece = page.locator(f"#seg-{paid.pk}")
    assert piece.get_attribute("data-abbr") == "DC"  # the label beside the highlight
    piece.hover()
    tip.wait_for()
    assert tip.inner_text() == "Berkode: Dana CSR"
    page.mouse.move(0, 0)
    page.locator("h1").hover()
    assert tip.is_hidden()

    # From the keyboard: C goes to the next coded passage, focuses it and names its codes.
    _tab_to(page, "e.id === 'source-text'")
    page.keyboard.press("c")
    tip.wait_for()
    assert "Dana CSR" in tip.inner_text()
    assert page.evaluate("() => document.activeElement.id") == f"seg-{paid.pk}"
    assert (
        page.evaluate("() => document.activeElement.getAttribute('aria-describedby')") == "code-tip"
    )
    check_page(page, f"coding-tooltip-{width}")
    # The list's quotation leads to its place in the text, with the same names.
    page.locator(".segment-list a.quote").first.click()
    assert page.evaluate("() => document.activeElement.id") == f"seg-{paid.pk}"
    assert tip.is_visible()


def test_show_only_one_code_and_create_a_code_while_coding(
    live_server: Any, page: Any, width: str, world: World, coding: dict[str, Any]
) -> None:
    base = live_server.url
    source, plan, money = coding["source"], coding["plan"], coding["money"]
    start = TEXT.index("Rapat di Bappeda")
    segment_create(source=source, start=start, end=start + 16, code_ids=[plan.pk], actor=world.eva)
    _log_in(page, base)
    page.goto(f"{base}/studies/{world.study.pk}/sources/{source.pk}/")
    assert page.locator("#source-text .seg").count() == 2

    # Show only "Dana CSR": a link, so it works without JavaScript too.
    page.locator(f".code-counts[data-counts='{money.pk}']").click()
    page.wait_for_url(f"**?code={money.pk}")
    assert page.locator("#source-text .seg").count() == 1
    assert page.locator(".segment-list li[data-segment]").count() == 1
    assert "Dana CSR" in page.locator(".filter-note").inner_text()
    check_page(page, f"coding-only-{width}")
    page.get_by_role("link", name="Tampilkan semua kode").click()
    page.locator("#source-text .seg").nth(1).wait_for()

    # A new code, named in the sidebar: created, ticked, the selection kept.
    page.locator("#source-text").focus()
    page.keyboard.press("ArrowDown")  # the first paragraph
    page.locator("#new-code").fill("Partisipasi warga")
    page.locator("#new-code").press("Enter")
    toast = page.locator(".toast")
    toast.wait_for()
    assert "Partisipasi warga" in toast.inner_text() and in_view(page, ".toast")
    created = Code.objects.get(study=world.study, name="Partisipasi warga")
    assert created.colour in PALETTE
    box = page.locator(f"input[name=codes][value='{created.pk}']")
    assert box.is_checked()
    assert page.input_value("[name=end]") == str(TEXT.index("\n"))
    page.locator("#code-button").click()
    page.locator(".segment-list li", has_text="Partisipasi warga").wait_for()
    assert Segment.objects.filter(source=source, codes=created).count() == 1
    check_page(page, f"coding-new-code-{width}")


def test_search_hits_are_coded_in_one_step(
    live_server: Any, page: Any, width: str, world: World, coding: dict[str, Any]
) -> None:
    base = live_server.url
    source, plan = coding["source"], coding["plan"]
    _log_in(page, base)
    page.goto(f"{base}/studies/{world.study.pk}/sources/{source.pk}/")
    page.locator("#find-q").fill("bank")
    page.locator("#find-q").press("Enter")
    page.wait_for_url("**?q=bank")
    assert page.locator("#source-text mark.hit").count() == 3
    assert page.locator(".hit-list li").count() == 3
    check_page(page, f"coding-hits-{width}")

    # From the keyboard, H goes from hit to hit.
    page.locator("#source-text").focus()
    page.keyboard.press("h")
    page.keyboard.press("h")
    hit = TEXT.index("Bank membayar")
    assert page.input_value("[name=start]") == str(hit)
    assert page.input_value("[name=end]") == str(hit + 4)

    page.locator(f"input[name=codes][value='{plan.pk}']").check()
    with page.expect_navigation():
        page.locator("#autocode-button").click()
    assert page.url.endswith("?q=bank")
    toast = page.locator(".toast")
    assert in_view(page, ".toast")
    assert "3 hasil dikodekan dengan Perencanaan (P)" in toast.inner_text()
    assert Segment.objects.filter(source=source, codes=plan).count() == 3
    check_page(page, f"coding-autocoded-{width}")

    # The page that codes without JavaScript, by sentence.
    page.goto(f"{base}/studies/{world.study.pk}/sources/{source.pk}/code/")
    page.get_by_role("link", name="Pilih (3)").click()
    page.locator("#chosen blockquote").wait_for()
    assert page.locator("#chosen blockquote").inner_text() == "Dinkes memilih lokasi."
    check_page(page, f"coding-nojs-{width}")
    page.locator(f"#chosen input[name=codes][value='{plan.pk}']").check()
    page.locator("#chosen").get_by_role("button", name="Kodekan").click()
    assert in_view(page, ".toast")
    assert Segment.objects.filter(source=source, start=TEXT.index("Dinkes memilih")).exists()


@pytest.mark.parametrize(
    "size",
    [{"width": 768, "height": 1024}, {"width": 1024, "height": 768}],
    ids=["tablet-portrait", "tablet-landscape"],
)
def test_the_coding_view_works_on_a_tablet(
    live_server: Any, page: Any, world: World, coding: dict[str, Any], size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    base = live_server.url
    source, money = coding["source"], coding["money"]
    _log_in(page, base)
    page.goto(f"{base}/studies/{world.study.pk}/sources/{source.pk}/")
    check_page(page, "coding-tablet")
    # The codes stand beside the text, not below it.
    text = page.locator("#source-text").bounding_box()
    codes = page.locator("#codes").bounding_box()
    assert codes["x"] >= text["x"] + text["width"] and codes["y"] < text["y"] + text["height"]
    page.locator("#source-text").focus()
    page.keyboard.press("ArrowDown")
    page.locator(f"input[name=codes][value='{money.pk}']").check()
    page.locator("#code-button").click()
    page.locator(".toast").wait_for()
    assert in_view(page, ".toast")
    assert Segment.objects.filter(source=source, codes=money).count() == 2
