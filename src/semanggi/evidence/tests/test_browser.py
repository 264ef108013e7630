"""The source study's method, end to end in a real Chromium: informants with a snowball
chain → sources of three kinds → codes → coding a selection with the mouse → displays →
a triangulated finding from two informants and two kinds of source → verified."""

from typing import Any

import pytest

from semanggi.evidence.models import Finding, Segment, Study
from semanggi.testing.world import world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTERVIEW = "P: Siapa yang merencanakan?\nJ: Kami 👩🏽‍⚕️ merencanakan bersama bank sejak awal.\n"
OBSERVATION = "Rapat perencanaan di aula puskesmas dihadiri Dinkes dan bank.\n"
DOCUMENT = "PERJANJIAN KERJA SAMA\nPasal 1: Para pihak membangun puskesmas.\n"

# Select characters [start, end) of the source text (counted in UTF-16 units, as the DOM
# counts), the way a person drags the mouse across them.
SELECT = """([start, end]) => {
  const node = document.getElementById('source-text').firstChild;
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _add_informant(page: Any, base: str, code: str, label: str, sampling: str, **more: str) -> None:
    page.goto(f"{base}informants/new/")
    page.fill("[name=code]", code)
    page.fill("[name=label]", label)
    page.select_option("[name=sampling]", sampling)
    if "referrer" in more:
        page.select_option("[name=referred_by]", label=more["referrer"])
    if "where" in more:
        page.fill("[name=met_where]", more["where"])
    page.fill("[name=consent_on]", "2025-03-01")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=f"{code} ({label})").wait_for()


def _add_source(
    page: Any, base: str, kind: str, title: str, text: str, informant: str = ""
) -> None:
    page.goto(f"{base}sources/new/")
    page.select_option("[name=kind]", kind)
    page.fill("[name=title]", title)
    page.fill("[name=collected_on]", "2025-03-12")
    if informant:
        page.get_by_label(informant).check()
    page.fill("[name=text]", text)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=title).wait_for()


def _code_selection(page: Any, text: str, part: str, code: str) -> None:
    start = text.index(part)
    page.evaluate(SELECT, [_utf16(text, start), _utf16(text, start + len(part))])
    page.wait_for_function("document.querySelector('[name=end]').value !== ''")
    page.locator("#coding-form label", has_text=code).locator("input").check()
    count = page.locator("#source-text .seg").count()
    page.get_by_role("button", name="Code", exact=True).click()
    page.wait_for_function(f"document.querySelectorAll('#source-text .seg').length > {count}")


def test_an_evaluator_carries_out_the_method_in_the_browser(live_server: Any, page: Any) -> None:
    world = world_create()
    study = world.study
    base = f"{live_server.url}/studies/{study.pk}/"

    page.goto(live_server.url + "/accounts/login/?next=/studies/")
    page.fill("[name=username]", "eva")
    page.fill("[name=password]", "eva-pass")
    page.locator("form [type=submit]").last.click()
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Studies").wait_for()
    page.get_by_role("link", name=study.title).click()
    page.get_by_role("heading", name=study.title).wait_for()

    # Informants, with a snowball chain.
    _add_informant(page, base, "INF-01", "staf Dinkes", "purposive")
    _add_informant(page, base, "INF-02", "staf bank", "snowball", referrer="INF-01 (staf Dinkes)")
    _add_informant(page, base, "INF-03", "warga", "accidental", where="ruang tunggu")
    page.goto(f"{base}informants/")
    assert "INF-02 (staf bank)" in page.locator("table.informants").inner_text()
    graph = page.goto(f"{base}referrals.svg")
    assert graph.status == 200 and 'class="referral"' in graph.text()

    # Sources of three kinds, typed in.
    _add_source(page, base, "interview", "Wawancara INF-01", INTERVIEW, "INF-01 (staf Dinkes)")
    _add_source(page, base, "observation", "Pengamatan rapat", OBSERVATION, "INF-03 (warga)")
    _add_source(page, base, "document", "PKS Dinkes–Bank", DOCUMENT)

    # The default codebook.
    page.goto(f"{base}codes/")
    page.get_by_role("button", name="Add the default codebook (POAC, K1–K14, parties)").click()
    page.get_by_role("link", name="Perencanaan (P)").wait_for()

    # Code selections with the mouse: offsets reach the server in code points.
    interview = Study.objects.get(pk=study.pk).sources.get(kind="interview")
    page.goto(f"{base}sources/{interview.pk}/")
    part = "Kami 👩🏽‍⚕️ merencanakan bersama bank"
    _code_selection(page, INTERVIEW, part, "Perencanaan (P)")
    segment = Segment.objects.get(source=interview)
    assert INTERVIEW[segment.start : segment.end] == part
    assert page.locator("#source-text .seg").first.inner_text() == part
    assert "Perencanaan (P)" in page.locator(".segment-list").inner_text()

    observation = Study.objects.get(pk=study.pk).sources.get(kind="observation")
    page.goto(f"{base}sources/{observation.pk}/")
    page.locator("#source-text").dblclick(position={"x": 20, "y": 10})  # a word, by mouse
    page.wait_for_function("document.querySelector('[name=end]').value !== ''")
    _code_selection(page, OBSERVATION, "Rapat perencanaan di aula puskesmas", "Perencanaan (P)")

    # A code put on by mistake comes off again.
    document = Study.objects.get(pk=study.pk).sources.get(kind="document")
    page.goto(f"{base}sources/{document.pk}/")
    _code_selection(page, DOCUMENT, "Para pihak membangun", "Pengorganisasian (O)")
    page.locator("button.remove-code").click()
    page.locator(".segment-list .empty").wait_for()
    assert page.locator("#source-text .seg").count() == 0

    # Displays: the matrices count the two segments and open them.
    page.goto(f"{base}displays/")
    kinds = page.locator("table[data-matrix=code-kind]")
    row = kinds.locator("tr", has_text="Perencanaan (P)")
    assert row.locator("td a").all_inner_texts() == ["1", "1"]
    page.locator("table[data-matrix=code-informant] tr", has_text="Perencanaan (P)").locator(
        "td a"
    ).first.click()
    page.get_by_role("heading", name="Segments").wait_for()
    assert page.locator(".segment-results li").count() == 1
    page.goto(f"{base}displays/")
    assert page.locator("#referrals svg .referral").count() == 1

    # A finding supported by two informants in two kinds of source: triangulated; verified.
    page.goto(f"{base}findings/new/")
    page.fill("[name=statement]", "Dinkes dan bank merencanakan bersama.")
    page.select_option("[name=function]", "planning")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Triangulation: unsupported").wait_for()
    page.select_option("#add-evidence select[name=code]", label="· Perencanaan (P)")
    page.get_by_role("button", name="Show").click()
    for _ in range(2):
        page.locator(".candidates li").first.get_by_role("button", name="Supports").click()
        page.wait_for_load_state()
    status = page.locator("[data-status]")
    assert status.inner_text() == "triangulated"
    assert "Supported by 2 informants" in page.locator("#triangulation").inner_text()
    page.get_by_role("button", name="Verify this finding").click()
    page.locator(".verified").wait_for()
    assert "Verified by eva" in page.locator(".verified").inner_text()

    finding = Finding.objects.get(study=study)
    assert finding.verified_by == world.eva and finding.verified_status == "triangulated"
    page.goto(f"{base}findings/")
    assert "triangulated" in page.locator("table.findings").inner_text()
