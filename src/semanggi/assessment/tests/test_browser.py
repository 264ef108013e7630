"""The evaluator in a real Chromium: the founding case's assessment, its evidence one click
away, and a label confirmed."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from semanggi.assessment.models import LabelDecision
from semanggi.assessment.services import assessment_run
from semanggi.demo.services import FOUNDING_SLUG, founding_case_load, founding_study_load
from semanggi.partnerships.models import Partnership
from semanggi.regions.tests.factories import regions_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PSEUDO = "#label-sulistiyani-life-life-pseudo"


def test_the_evaluator_reads_the_assessment_and_confirms_a_label(
    live_server: Any, page: Any
) -> None:
    regions_create()
    founding_case_load()
    evaluator = get_user_model().objects.create_user("dewi", "dewi@example.org", "dewi-pass")
    founding_study_load(lead=evaluator)
    assessment_run(partnership=Partnership.objects.get(slug=FOUNDING_SLUG), actor=evaluator)
    base = live_server.url

    page.goto(base + "/accounts/login/?next=/partnerships/bina-kesehatan-semanggi/")
    page.fill("#id_username", "dewi")
    page.fill("#id_password", "dewi-pass")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/partnerships/bina-kesehatan-semanggi/")

    section = page.locator("section#assessment")
    row = section.locator(PSEUDO)
    assert "Kemitraan semu" in row.inner_text()
    proposed = row.get_attribute("data-strength")
    # Label by label, the elements of the definition with their state, in words and a mark.
    detail = section.locator(f"{PSEUDO} + tr.label-detail")
    elements = detail.locator("table.elements tr.element")
    assert elements.count() >= 2
    assert elements.first.get_attribute("data-status") in ("met", "not_met", "not_enough")
    assert detail.locator("p.summary").inner_text().startswith("Kemitraan semu")

    # The evidence is one click away, with the informant's code and the excerpt.
    excerpt = detail.locator("blockquote", has_text="kami tinggal menerima gedung yang sudah jadi")
    assert not excerpt.is_visible()
    detail.locator("details.evidence > summary").click()
    excerpt.wait_for()
    assert "INF-01 (staf Dinkes)" in detail.locator("details.evidence").inner_text()

    detail.locator("form.label-decision button[value=confirm]").click()
    page.wait_for_url("**/partnerships/bina-kesehatan-semanggi/#label-sulistiyani-life-life-pseudo")
    decided = page.locator(f"{PSEUDO} td.decision")
    assert decided.get_attribute("data-decision") == "confirm"
    assert "dewi" in decided.inner_text()
    decision = LabelDecision.objects.get()
    assert (decision.label_id, decision.decision, decision.strength) == (
        "pseudo",
        "confirm",
        proposed,
    )
    # The decision is now the label's headline.
    headline = page.locator(f"{PSEUDO} [data-headline]")
    assert headline.get_attribute("data-headline") == "decision"
    assert decision.decided_by == evaluator
