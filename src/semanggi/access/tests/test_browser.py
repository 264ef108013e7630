"""The consent journey in a real Chromium on a phone (390 px): an evaluator asks that her
study may cover a partnership, the coordinator of its region grants it, and the evaluator
then reads her study's evidence in the partnership's assessment."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from semanggi.access.models import AccessRequest, CoordinatorScope
from semanggi.demo.services import FOUNDING_SLUG, founding_case_load
from semanggi.evidence.models import Code, Informant, Segment, Source, SourceKind, Study
from semanggi.partnerships.models import Partnership
from semanggi.regions.models import Region
from semanggi.regions.tests.factories import regions_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SAYS = "Bank dan Dinkes memahami tujuan kemitraan ini bersama-sama."


def _log_in(browser: Any, base: str, username: str, next_url: str) -> Any:
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-pass")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + next_url)
    return page


def test_asked_granted_then_the_evaluator_reads_her_evidence(
    live_server: Any, browser: Any
) -> None:
    regions_create()
    founding_case_load()
    partnership = Partnership.objects.get(slug=FOUNDING_SLUG)
    User = get_user_model()
    rina = User.objects.create_user("rina", "rina@example.org", "rina-pass")
    kurnia = User.objects.create_user("kurnia", "kurnia@example.org", "kurnia-pass")
    CoordinatorScope.objects.create(user=kurnia, region=Region.objects.get(code="33.72"))
    study = Study.objects.create(title="Studi warga Semanggi", lead=rina)
    informant = Informant.objects.create(
        study=study, code="R-01", label="warga", sampling="accidental"
    )
    text = f"P: Apa tujuannya?\nJ: {SAYS}\n"
    source = Source.objects.create(
        study=study, kind=SourceKind.INTERVIEW, title="Wawancara warga", text=text,
        text_length=len(text),
    )  # fmt: skip
    source.informants.add(informant)
    code = Code.objects.create(study=study, name="Paham tujuan", indicator="K3", direction=1)
    start = text.index(SAYS)
    Segment.objects.create(source=source, start=start, end=start + len(SAYS)).codes.add(code)
    base = live_server.url
    assessment = f"/partnerships/{partnership.slug}/assessment/"

    # The evaluator asks, with a reason, from her study's page.
    page = _log_in(browser, base, "rina", f"/studies/{study.pk}/edit/")
    page.get_by_label(partnership.title).check()
    page.get_by_label("Mengapa studi memerlukan akses").fill("Evaluasi dari sisi warga.")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{base}/studies/{study.pk}/")
    assert "menunggu persetujuan" in page.locator(".messages").inner_text()
    assert "menunggu persetujuan" in page.locator("#access-requests").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(base + assessment)
    assert SAYS not in page.content()

    # The coordinator of Kota Surakarta finds the request and grants it.
    coordinator = _log_in(browser, base, "kurnia", "/access/requests/")
    card = coordinator.locator("article.access-request", has_text="Studi warga Semanggi")
    assert "Evaluasi dari sisi warga." in card.inner_text()
    card.get_by_label("Catatan atas keputusan").fill("Silakan.")
    card.get_by_role("button", name="Setujui").click()
    coordinator.wait_for_url(base + "/access/requests/")
    assert "Akses disetujui." in coordinator.locator(".messages").inner_text()
    assert coordinator.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    asked = AccessRequest.objects.get(study=study)
    assert (asked.decision, asked.decided_by_id, asked.decision_note) == (
        "granted",
        kurnia.pk,
        "Silakan.",
    )

    # The evaluator now reads her own evidence in the assessment, one click away.
    page.goto(base + assessment)
    excerpt = page.locator("blockquote", has_text=SAYS).first
    page.locator("details", has=excerpt).first.locator("summary").first.click()
    excerpt.wait_for()
    assert "R-01 (warga)" in page.content()
    page.context.close()
    coordinator.context.close()
