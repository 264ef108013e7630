"""The calibration set: small dossiers written from Sulistiyani's definitions (not from any
study), each imported through the real dossier import and assessed as a partnership is
assessed, against the ranking and elements its definition implies (``expected.yaml``)."""

from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth import get_user_model

from semanggi.assessment.selectors import case_for
from semanggi.core.assessment import Assessment, Strength, assess, load_framework
from semanggi.core.assessment.inputs import Case
from semanggi.dossier import format as fmt
from semanggi.dossier.importer import dossier_import
from semanggi.regions.tests.factories import regions_create

pytestmark = pytest.mark.django_db

FOLDER = Path(__file__).resolve().parents[1] / "calibration"
EXPECTED: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(
    (FOLDER / "expected.yaml").read_text(encoding="utf-8")
)
RANK = {Strength.ABSENT: 0, Strength.WEAK: 1, Strength.MODERATE: 2, Strength.STRONG: 3}
LABELS = {
    "sulistiyani-life": ("pseudo", "mutualism", "conjugation"),
    "sulistiyani-development": ("subordinate_union", "linear_union", "linear_collaborative"),
}


def test_the_set_covers_every_label_with_at_least_24_dossiers() -> None:
    files = sorted(path.stem for path in FOLDER.glob("*.yaml") if path.stem != "expected")
    assert files == sorted(EXPECTED)
    assert len(files) >= 24
    for path in FOLDER.glob("*.yaml"):
        if path.stem == "expected":
            continue
        head = path.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# Calibration dossier, written from the definitions")
    tested = {
        key.split(".")[0]
        for expectations in EXPECTED.values()
        for framework in expectations.values()
        for field in ("elements", "at_least", "at_most")
        for key in framework.get(field, {})
    }
    assert tested >= {label for labels in LABELS.values() for label in labels}


def imported(name: str) -> Case:
    regions_create()
    lead = get_user_model().objects.create_user("kalibrasi", "k@example.org", "kalibrasi-pass")
    path = FOLDER / f"{name}.yaml"
    dossier = fmt.read(path.read_text(encoding="utf-8"), name=path.name)
    (partnership,) = dossier_import(dossier, lead=lead).partnerships
    case = case_for(partnership)
    assert case is not None
    return case


def strength(value: str) -> int:
    return RANK[Strength(value)]


def check(result: Assessment, expected: dict[str, Any], name: str) -> None:
    (axis,) = result.axes
    where = f"{name} ({result.framework_id})"
    if "dominant" in expected:
        assert axis.dominant == expected["dominant"], f"{where}: {axis.dominance.en}"
    order = expected.get("order", [])
    for higher, lower in pairwise(order):
        assert result.label(higher).rank < result.label(lower).rank, f"{where}: {axis.dominance.en}"
    for label_id, floor in expected.get("at_least", {}).items():
        label = result.label(label_id)
        assert RANK[label.strength] >= strength(floor), f"{where}: {label.summary.en}"
    for label_id, ceiling in expected.get("at_most", {}).items():
        label = result.label(label_id)
        assert RANK[label.strength] <= strength(ceiling), f"{where}: {label.summary.en}"
    for key, status in expected.get("elements", {}).items():
        label_id, element_id = key.split(".")
        element = result.label(label_id).element(element_id)
        assert element.status == status, f"{where}: {key} is {element.status}"
    for label_id, sufficiency in expected.get("sufficiency", {}).items():
        assert result.label(label_id).sufficiency == sufficiency, where
    for key, floor in expected.get("readings", {}).items():
        label_id, reading_id = key.split(".")
        reading = result.label(label_id).reading(reading_id)
        assert RANK[reading.strength] >= strength(floor), f"{where}: {reading.summary.en}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_calibration_dossier_is_assessed_as_its_definition_says(name: str) -> None:
    case = imported(name)
    for framework_id, expected in EXPECTED[name].items():
        readings = tuple(key.split(".")[1] for key in expected.get("readings", {}))
        chosen = replace(
            case,
            exclude_illustrative=bool(expected.get("exclude_illustrative", False)),
            readings=readings,
        )
        check(assess(chosen, load_framework(framework_id)), expected, name)


ABSTRACT = Path(__file__).resolve().parents[2] / "dossier" / "examples"


def study_reading(case: Case) -> dict[str, tuple[Strength, str]]:
    """Each life label under the source study's reading where it has one, else under the
    definition: its strength and one-line summary."""
    result = assess(replace(case, readings=("source-study",)), load_framework("sulistiyani-life"))
    found = {}
    for label in result.labels():
        assert [element.id for element in label.elements], "the definition's elements are shown"
        if label.readings:
            (reading,) = label.readings
            found[label.label_id] = (reading.strength, reading.summary.en)
        else:
            found[label.label_id] = (label.strength, label.summary.en)
    return found


def test_the_founding_case_holds_under_the_study_reading(founding: Any) -> None:
    case = case_for(founding.partnership)
    assert case is not None
    for label_id, (found, summary) in study_reading(case).items():
        assert RANK[found] >= RANK[Strength.MODERATE], f"{label_id}: {summary}"


def test_the_founding_case_from_its_abstract_holds_under_the_study_reading() -> None:
    regions_create()
    lead = get_user_model().objects.create_user("abstrak", "a@example.org", "abstrak-pass")
    path = ABSTRACT / "bina-kesehatan-semanggi-abstract.yaml"
    dossier = fmt.read(path.read_text(encoding="utf-8"), name=path.name)
    (partnership,) = dossier_import(dossier, lead=lead).partnerships
    case = case_for(partnership)
    assert case is not None
    for label_id, (found, summary) in study_reading(case).items():
        assert RANK[found] >= RANK[Strength.MODERATE], f"{label_id}: {summary}"
