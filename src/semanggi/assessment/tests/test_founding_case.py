"""The founding case: the source study found pseudo, mutualism and conjugation in the same
partnership. From the demo data, and from a dossier written from the study's abstract alone
(src/semanggi/dossier/examples/), the assessment finds each at least moderate under the
study's reading: where the framework ships the study's own reading of a label (its
operationalisation, e.g. of conjugation) that reading's result counts, else the definition's.
The page shows, label by label, how the elements of the published definition stand.

Nothing here is tuned to the case: the rules come from the definitions (the core's tests);
these tests only say whether the study's result is reproduced.
"""

import re
from pathlib import Path

import pytest
from django.test import Client

from semanggi.assessment.selectors import case_for
from semanggi.assessment.tests.conftest import Founding
from semanggi.core.assessment import Assessment, Strength, assess, load_framework
from semanggi.core.assessment.results import LabelAssessment
from semanggi.dossier import format as fmt
from semanggi.dossier.importer import dossier_import
from semanggi.partnerships.models import Partnership

ORDER = {Strength.ABSENT: 0, Strength.WEAK: 1, Strength.MODERATE: 2, Strength.STRONG: 3}
FOUND = ("pseudo", "mutualism", "conjugation")
STUDY_READING = "source-study"
ABSTRACT = (
    Path(__file__).resolve().parents[2]
    / "dossier"
    / "examples"
    / "bina-kesehatan-semanggi-abstract.yaml"
)


def under_the_study_reading(partnership: Partnership) -> Assessment:
    case = case_for(partnership, readings=(STUDY_READING,))
    assert case is not None
    return assess(case, load_framework("sulistiyani-life"))


def strength_read(label: LabelAssessment) -> Strength:
    """The study's reading where the framework ships one for the label, else the definition."""
    for reading in label.readings:
        if reading.id == STUDY_READING:
            return reading.strength
    return label.strength


def found(result: Assessment) -> dict[str, Strength]:
    return {label_id: strength_read(result.label(label_id)) for label_id in FOUND}


def explain(result: Assessment) -> str:
    return "\n".join(f"{label.label_id}: {label.summary.en}" for label in result.labels())


@pytest.mark.parametrize("label_id", FOUND)
def test_from_the_demo_data(founding: Founding, label_id: str) -> None:
    result = under_the_study_reading(founding.partnership)
    strength = found(result)[label_id]
    assert ORDER[strength] >= ORDER[Strength.MODERATE], explain(result)


@pytest.mark.parametrize("label_id", FOUND)
def test_from_a_dossier_written_from_the_abstract_alone(founding: Founding, label_id: str) -> None:
    result = dossier_import(
        fmt.read(ABSTRACT.read_text(encoding="utf-8"), name=ABSTRACT.name),
        lead=founding.evaluator,
    )
    [partnership] = result.partnerships
    assessed = under_the_study_reading(partnership)
    strength = found(assessed)[label_id]
    assert ORDER[strength] >= ORDER[Strength.MODERATE], explain(assessed)


def test_the_abstract_dossier_says_only_what_the_abstract_reports(founding: Founding) -> None:
    dossier = fmt.read(ABSTRACT.read_text(encoding="utf-8"), name=ABSTRACT.name)
    [case] = dossier.partnerships
    assert not case.decisions and not case.agreements and not case.activities  # none reported
    assert all(c.planned_value is None for p in case.parties for c in p.contributions)
    assert dossier.study is not None and dossier.study.method == "published_study"
    assert {s.kind for s in dossier.study.sources} == {"published_study"}
    assert not dossier.study.findings  # the study's conclusions are not carried as findings
    study_part = ABSTRACT.read_text(encoding="utf-8").lower().split("\nstudy:")[1]
    for conclusion in (r"\bsemu\b", "mutualis", "konjugasi", "pseudo", "conjugation"):
        assert not re.search(conclusion, study_part), conclusion


def test_the_page_shows_how_each_element_of_the_definitions_stands(
    client: Client, founding: Founding
) -> None:
    text = client.get(f"/partnerships/{founding.partnership.slug}/assessment/").content.decode()
    result = under_the_study_reading(founding.partnership)
    for label_id in FOUND:
        row = text[text.index(f'id="label-sulistiyani-life-life-{label_id}"') :]
        detail = row[: row.index('class="explanation"')]
        label = result.label(label_id)
        assert label.elements
        for element in label.elements:
            assert f'data-element="{element.id}" data-status="{element.status}"' in detail
