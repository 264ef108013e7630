"""Framework files: every shipped file loads, and a broken file says where it is broken."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from semanggi.core.assessment.frameworks import (
    Aggregate,
    Combine,
    FrameworkError,
    Origin,
    Reading,
    Strength,
    Term,
    Thresholds,
    available_frameworks,
    load_framework,
    load_framework_file,
)
from semanggi.core.assessment.indicators import INDICATORS

SHIPPED = ("partnering-principles", "poac-quality", "sulistiyani-development", "sulistiyani-life")
FOLDER = Path(__file__).resolve().parents[1] / "assessment" / "frameworks"


def test_the_shipped_frameworks_are_found() -> None:
    assert available_frameworks() == SHIPPED


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_every_framework_file_loads_and_says_what_is_ours(framework_id: str) -> None:
    framework = load_framework(framework_id)
    assert framework.id == framework_id
    assert framework.version
    assert framework.title.id and framework.title.en
    assert framework.citation
    assert "ours" in framework.ours.en.lower() and "ours" in framework.ours.id
    assert "published" in framework.published.en.lower()
    for axis in framework.axes:
        assert axis.labels
        for label in axis.labels:
            assert label.definition.origin is Origin.PUBLISHED
            assert label.definition.text.id and label.definition.text.en
            assert label.rule_origin is Origin.OURS
            assert label.definition.source, "every definition cites its source"
            assert label.elements and any(element.required for element in label.elements)
            for element in label.elements:
                assert element.source, f"{label.id}.{element.id} cites no source"
                assert element.name.id and element.name.en
            for reading in label.readings:
                assert reading.source and reading.elements
            assert sorted(label.indicators) == sorted(label.rule.indicators())
            assert all(code in INDICATORS for code in label.indicators)
    for strength in Strength:
        assert framework.level(strength).en


def test_sulistiyani_axes_carry_the_six_models() -> None:
    life = load_framework("sulistiyani-life").axis("life")
    development = load_framework("sulistiyani-development").axis("development")
    assert [label.id for label in life.labels] == ["pseudo", "mutualism", "conjugation"]
    assert [label.id for label in development.labels] == [
        "subordinate_union",
        "linear_union",
        "linear_collaborative",
    ]


@pytest.mark.parametrize(
    ("framework_id", "label_id", "elements"),
    [
        ("sulistiyani-life", "pseudo", ("imbalance", "not_joint", "valued")),
        ("sulistiyani-life", "mutualism", ("aware", "benefit")),
        ("sulistiyani-life", "conjugation", ("capacity", "independence")),
        ("sulistiyani-development", "subordinate_union", ("asymmetry", "top_down")),
        ("sulistiyani-development", "linear_union", ("equal", "aims")),
        ("sulistiyani-development", "linear_collaborative", ("peer", "complementary")),
    ],
)
def test_each_sulistiyani_model_is_the_elements_of_its_definition(
    framework_id: str, label_id: str, elements: tuple[str, ...]
) -> None:
    framework = load_framework(framework_id)
    label = next(label for axis in framework.axes for label in axis.labels if label.id == label_id)
    assert tuple(element.id for element in label.elements) == elements
    assert all("Sulistiyani" in element.source for element in label.elements)


def test_pseudo_needs_imbalance_and_not_really_joint_and_both_valuing_it() -> None:
    pseudo = load_framework("sulistiyani-life").axis("life").labels[0]
    imbalance, not_joint, valued = pseudo.elements
    assert imbalance.rule.combine is Combine.ANY
    assert imbalance.indicators() == ("K1", "K2")
    assert not_joint.rule.terms[0] == Term("K5", Reading.HIGH, aggregate=Aggregate.SPREAD)
    assert valued.rule.terms == (Term("K4", Reading.HIGH, aggregate=Aggregate.LOWEST_PARTY),)
    assert all(element.required for element in pseudo.elements)


def test_conjugation_needs_capacity_then_independence_and_offers_the_study_reading() -> None:
    conjugation = load_framework("sulistiyani-life").axis("life").labels[2]
    assert [element.indicators() for element in conjugation.elements] == [("K9",), ("K10",)]
    (reading,) = conjugation.readings
    assert reading.id == "source-study"
    assert "Hapsari" in reading.source
    assert [element.indicators() for element in reading.elements] == [("K10",)]
    assert "source-study" not in conjugation.definition.source


def test_no_status_is_read_from_the_kind_of_organisation() -> None:
    subordinate = load_framework("sulistiyani-development").axis("development").labels[0]
    assert "kind of organisation" in (subordinate.elements[0].note or subordinate.name).en


@pytest.mark.parametrize(
    ("score", "strength"),
    [
        (None, Strength.ABSENT),
        (0.0, Strength.ABSENT),
        (0.19, Strength.ABSENT),
        (0.2, Strength.WEAK),
        (0.45, Strength.MODERATE),
        (0.67, Strength.STRONG),
        (1.0, Strength.STRONG),
    ],
)
def test_thresholds_turn_a_score_into_a_strength(score: float | None, strength: Strength) -> None:
    assert Thresholds(strong=0.67, moderate=0.45, weak=0.2).strength_of(score) is strength


def valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (FOLDER / "sulistiyani-life.json").read_text(encoding="utf-8")
    )
    return data


def first_term(data: dict[str, Any]) -> dict[str, Any]:
    term: dict[str, Any] = data["axes"][0]["labels"][0]["elements"][0]["rule"]["terms"][0]
    return term


def drop_version(data: dict[str, Any]) -> None:
    del data["version"]


def unknown_indicator(data: dict[str, Any]) -> None:
    first_term(data)["indicator"] = "K99"


def sideways_reading(data: dict[str, Any]) -> None:
    first_term(data)["reading"] = "sideways"


def undeclared_indicator(data: dict[str, Any]) -> None:
    data["axes"][0]["labels"][1]["indicators"] = ["K3"]


def falling_thresholds(data: dict[str, Any]) -> None:
    data["thresholds"] = {"strong": 0.3, "moderate": 0.5, "weak": 0.1}


def unknown_facet(data: dict[str, Any]) -> None:
    term = first_term(data)
    term["facet"] = "budget"


def per_party_on_partnership_indicator(data: dict[str, Any]) -> None:
    first_term(data)["aggregate"] = "lowest_party"


def element_without_source(data: dict[str, Any]) -> None:
    del data["axes"][0]["labels"][0]["elements"][1]["source"]


def definition_without_source(data: dict[str, Any]) -> None:
    del data["axes"][0]["labels"][1]["definition"]["source"]


def no_required_element(data: dict[str, Any]) -> None:
    for element in data["axes"][0]["labels"][1]["elements"]:
        element["required"] = False


def rule_and_elements(data: dict[str, Any]) -> None:
    data["axes"][0]["labels"][0]["rule"] = {"origin": "ours", "combine": "all", "terms": []}


def borrowed_origin(data: dict[str, Any]) -> None:
    data["axes"][0]["labels"][2]["definition"]["origin"] = "borrowed"


def title_without_english(data: dict[str, Any]) -> None:
    del data["title"]["en"]


def stray_field(data: dict[str, Any]) -> None:
    data["axes"][0]["labels"][0]["colour"] = "red"


def other_id(data: dict[str, Any]) -> None:
    data["id"] = "something-else"


def weight_as_text(data: dict[str, Any]) -> None:
    first_term(data)["weight"] = "heavy"


def no_labels(data: dict[str, Any]) -> None:
    data["axes"][0]["labels"] = []


def duplicate_label(data: dict[str, Any]) -> None:
    labels = data["axes"][0]["labels"]
    labels.append(copy.deepcopy(labels[0]))


@pytest.mark.parametrize(
    ("breakage", "field", "problem"),
    [
        (drop_version, "version", "is required"),
        (
            unknown_indicator,
            "axes[0].labels[0].elements[0].rule.terms[0].indicator",
            "unknown indicator 'K99'",
        ),
        (
            sideways_reading,
            "axes[0].labels[0].elements[0].rule.terms[0].reading",
            "must be one of high, low",
        ),
        (undeclared_indicator, "axes[0].labels[1].indicators", "exactly the indicators"),
        (falling_thresholds, "thresholds", "must rise"),
        (
            unknown_facet,
            "axes[0].labels[0].elements[0].rule.terms[0].facet",
            "K1 has no facet 'budget'",
        ),
        (
            per_party_on_partnership_indicator,
            "axes[0].labels[0].elements[0].rule.terms[0].aggregate",
            "K1 is not read per party",
        ),
        (element_without_source, "axes[0].labels[0].elements[1].source", "is required"),
        (definition_without_source, "axes[0].labels[1].definition.source", "is required"),
        (no_required_element, "axes[0].labels[1].elements", "at least one element"),
        (rule_and_elements, "axes[0].labels[0]", "either elements or a rule"),
        (borrowed_origin, "axes[0].labels[2].definition.origin", "published, ours"),
        (title_without_english, "title.en", "is required"),
        (stray_field, "axes[0].labels[0].colour", "is not a known field"),
        (other_id, "id", "must match the file name"),
        (
            weight_as_text,
            "axes[0].labels[0].elements[0].rule.terms[0].weight",
            "must be a number",
        ),
        (no_labels, "axes[0].labels", "must be a non-empty list"),
        (duplicate_label, "axes[0].labels[3].id", "duplicate label 'pseudo'"),
    ],
)
def test_an_invalid_framework_names_the_file_and_the_field(
    tmp_path: Path, breakage: Callable[[dict[str, Any]], None], field: str, problem: str
) -> None:
    data = valid()
    breakage(data)
    path = tmp_path / "sulistiyani-life.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)
    assert caught.value.source == "sulistiyani-life.json"
    assert caught.value.field == field
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"sulistiyani-life.json: {field}: ")


def test_a_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "broken",\n  "version": }', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"broken\.json: not valid JSON \(line 2"):
        load_framework_file(path)


def test_an_unknown_framework_is_refused_with_the_known_ones() -> None:
    with pytest.raises(FrameworkError, match=r"no such framework .*sulistiyani-life"):
        load_framework("sulistiyani-everything")


def test_a_new_framework_file_needs_nothing_but_the_file(tmp_path: Path) -> None:
    data = {
        "id": "austin-continuum",
        "version": "0.1.0",
        "title": {"id": "Kontinum kolaborasi", "en": "Collaboration continuum"},
        "citation": ["Austin, James E. (2000). The Collaboration Challenge. Jossey-Bass."],
        "parts": {
            "published": {"id": "Tahapan kontinum.", "en": "The stages of the continuum."},
            "ours": {"id": "Aturan (ours).", "en": "The rules (ours)."},
        },
        "thresholds": {"strong": 0.67, "moderate": 0.45, "weak": 0.2},
        "axes": [
            {
                "id": "continuum",
                "origin": "published",
                "title": {"id": "Kontinum", "en": "Continuum"},
                "labels": [
                    {
                        "id": "philanthropic",
                        "name": {"id": "Filantropis", "en": "Philanthropic"},
                        "definition": {
                            "origin": "published",
                            "source": "Austin 2000",
                            "id": "Pemberi.",
                            "en": "Giver.",
                        },
                        "indicators": ["K1"],
                        "rule": {
                            "origin": "ours",
                            "combine": "mean",
                            "terms": [{"indicator": "K1", "reading": "low"}],
                        },
                    }
                ],
            }
        ],
    }
    path = tmp_path / "austin-continuum.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    framework = load_framework_file(path)
    label = framework.axis("continuum").labels[0]
    assert label.indicators == ("K1",)
    # A label written with one rule is read as one element: the whole definition.
    assert [element.id for element in label.elements] == ["definition"]
    assert label.elements[0].source == "Austin 2000"
    assert framework.level(Strength.STRONG).en == "strong"
