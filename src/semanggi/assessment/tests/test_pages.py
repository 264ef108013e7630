"""The Assessment section of the partnership page, the full assessment page, and the
evaluator's forms."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from semanggi.assessment.models import AssessmentRun, LabelDecision
from semanggi.assessment.services import assessment_run
from semanggi.assessment.tests.conftest import Founding
from semanggi.testing.queries import assert_constant_queries

PAGE = "/partnerships/bina-kesehatan-semanggi/"


@pytest.fixture(autouse=True)
def _stored_run(founding: Founding) -> None:
    # As the demo does: the case's first run is stored, and the partnership page shows it.
    assessment_run(partnership=founding.partnership, actor=founding.evaluator)


DECIDE = "/partnerships/bina-kesehatan-semanggi/assessment/decisions/"
RUN = "/partnerships/bina-kesehatan-semanggi/assessment/run/"


def test_the_public_sees_labels_strengths_and_explanations_without_excerpts(
    client: Client, founding: Founding
) -> None:
    text = client.get(PAGE).content.decode()
    assert '<section id="assessment" class="function">' in text
    assert "Kemitraan semu" in text and "Kemitraan mutualistik" in text
    assert "Kemitraan konjugasi" in text
    assert 'data-label="pseudo" data-strength="' in text
    # Label by label, how the elements of the published definition stand.
    assert 'class="list elements"' in text and 'data-element="imbalance"' in text
    assert text.count('class="summary"') >= 3
    assert "kami tinggal menerima gedung" not in text
    assert "INF-01" not in text
    assert 'name="decision"' not in text  # no forms for the public
    assert "ilustratif" in text  # the demo's evidence is marked as such (from the field)


def test_the_study_team_sees_the_evidence_and_the_forms(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    text = client.get(PAGE).content.decode()
    assert "kami tinggal menerima gedung yang sudah jadi" in text
    assert "INF-01 (staf Dinkes)" in text
    assert 'value="confirm"' in text and 'value="override"' in text
    assert "Wawancara staf Dinkes" in text
    assert 'class="badge illustrative"' in text
    assert f'href="/studies/{founding.study.pk}/segments/' in text  # quotes link to the segment


def test_the_evaluator_confirms_and_overrides_labels(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    label = {"framework": "sulistiyani-life", "axis": "life", "label": "pseudo"}
    response = client.post(DECIDE, {**label, "decision": "confirm"})
    assert response.status_code == 302
    assert response["Location"].endswith("#label-sulistiyani-life-life-pseudo")
    assert LabelDecision.objects.get().decision == "confirm"

    refused = client.post(
        DECIDE, {**label, "decision": "override", "strength": "weak"}, follow=True
    )
    assert "alasan" in refused.content.decode()  # an override needs a reason
    proposed = LabelDecision.objects.get().proposed_strength
    other = "moderate" if proposed != "moderate" else "weak"
    client.post(
        DECIDE,
        {**label, "decision": "override", "strength": other, "reason": "Cukup sedang."},
    )
    decision = LabelDecision.objects.get()
    assert (decision.decision, decision.strength, decision.proposed_strength) == (
        "override",
        other,
        proposed,
    )
    text = client.get(PAGE).content.decode()
    assert "Cukup sedang." in text
    assert 'data-decision="override"' in text
    # The evaluator's decision is the headline of the label.
    row = text[text.index('id="label-sulistiyani-life-life-pseudo"') :]
    assert f'strength-{other}" data-headline="decision"' in row[: row.index("</tr>")]


def test_running_again_shows_what_changed(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    assert client.post(RUN).status_code == 302
    assert client.post(RUN).status_code == 302
    # The fixture's stored run, then these two.
    assert AssessmentRun.objects.filter(framework_id="sulistiyani-life").count() == 3
    text = client.get(PAGE).content.decode()
    assert 'class="changes"' in text


def test_outsiders_cannot_assess(client: Client, founding: Founding) -> None:
    assert client.post(RUN).status_code == 403  # anonymous
    outsider = get_user_model().objects.create_user("luar", "luar@example.org", "x")
    client.force_login(outsider)
    assert client.post(RUN).status_code == 403
    assert client.post(DECIDE, {"decision": "confirm"}).status_code == 403
    assert client.post("/partnerships/nope/assessment/run/").status_code == 404
    assert AssessmentRun.objects.count() == 4  # only the fixture's run, one per framework


def test_the_full_page_lists_the_indicators_with_their_provenance(
    english: Client, founding: Founding
) -> None:
    response = english.get(PAGE + "assessment/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="indicator-K1"' in text and 'id="indicator-K14"' in text
    assert "contribution balance" in text
    assert "no evidence on K9" in text  # gaps are said, not guessed


def test_the_partnership_page_keeps_its_query_count(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    client.post(RUN)

    def grow() -> None:
        client.post(RUN)
        for name in ("pseudo", "mutualism"):
            client.post(
                DECIDE,
                {"framework": "sulistiyani-life", "axis": "life", "label": name,
                 "decision": "confirm"},
            )  # fmt: skip

    assert_constant_queries(lambda: client.get(PAGE), grow)


def test_the_section_speaks_english_when_chosen(english: Client, founding: Founding) -> None:
    text = english.get(PAGE).content.decode()
    assert "Pseudo partnership" in text and "Element of the definition" in text


def test_the_full_page_computes_with_the_evaluators_choices(
    client: Client, founding: Founding
) -> None:
    client.force_login(founding.evaluator)
    text = client.get(PAGE + "assessment/", {"reading": "source-study"}).content.decode()
    assert 'class="readings side-by-side"' in text and 'data-reading="source-study"' in text
    left_out = client.get(PAGE + "assessment/", {"exclude_illustrative": "1"}).content.decode()
    assert "kami tinggal menerima gedung" not in left_out.split('id="indicators"')[0]


def test_a_run_keeps_the_evaluators_choices(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    client.post(RUN, {"reading": ["source-study", "made-up"], "exclude_illustrative": "1"})
    run = AssessmentRun.objects.filter(framework_id="sulistiyani-life").order_by("-id").first()
    assert run is not None and run.result["readings"] == ["source-study"]
    assert any("left out" in note["en"] for note in run.result["notes"])


def test_the_partnership_page_shows_stored_runs_and_the_full_page_computes_live(
    client: Client, founding: Founding
) -> None:
    from semanggi.assessment.models import AssessmentRun

    AssessmentRun.objects.all().delete()
    section = client.get(PAGE).content.decode()
    assert "Belum dinilai." in section
    assert 'data-label="pseudo"' not in section
    full = client.get(PAGE + "assessment/").content.decode()
    assert 'data-label="pseudo"' in full
