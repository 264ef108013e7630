"""`semanggi assess SLUG`, readable and as JSON."""

import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from semanggi.assessment.models import AssessmentRun
from semanggi.assessment.tests.conftest import Founding
from semanggi.core.assessment import available_frameworks, load_framework


def test_assess_json_gives_framework_axis_label_strength_score_and_provenance(
    founding: Founding, capsys: Any
) -> None:
    call_command("assess", "bina-kesehatan-semanggi", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["partnership"] == "bina-kesehatan-semanggi"
    by_framework = {a["framework_id"]: a for a in data["assessments"]}
    assert set(by_framework) == set(available_frameworks())
    life = by_framework["sulistiyani-life"]
    assert life["framework_version"] == load_framework("sulistiyani-life").version
    [axis] = life["axes"]
    assert axis["id"] == "life"
    labels = {label["label_id"]: label for label in axis["labels"]}
    for label_id in ("pseudo", "mutualism", "conjugation"):
        label = labels[label_id]
        assert label["strength"] in ("strong", "moderate", "weak", "absent")
        assert label["score"] is None or 0 <= label["score"] <= 1
        assert label["explanation"]["id"] and label["explanation"]["en"]
        assert label["supporting"]
        # Per label: how the definition's elements stand, the sufficiency, the rank.
        assert label["elements"] and label["sufficiency"] and label["rank"] >= 1
        for element in label["elements"]:
            assert element["status"] in ("met", "not_met", "not_enough")
            assert element["source"]  # the citation of the definition
    assert axis["dominance"]["en"]
    indicators = {value["code"]: value for value in life["indicators"]}
    assert list(indicators) == [f"K{n}" for n in range(1, 15)]
    k1 = indicators["K1"]
    kinds = {item["kind"] for item in k1["provenance"]}
    assert kinds == {"record", "evidence"}
    segment = next(item for item in k1["provenance"] if item["kind"] == "evidence")
    assert segment["informant"] is None or segment["informant"].startswith("INF-")
    assert segment["source_kind"] in ("interview", "document", "observation")
    assert data["decisions"] == []
    assert not AssessmentRun.objects.exists()  # printing does not store


def test_assess_prints_the_labels_readably_in_either_language(
    founding: Founding, capsys: Any
) -> None:
    call_command("assess", "bina-kesehatan-semanggi", "--framework", "sulistiyani-life")
    out = capsys.readouterr().out
    assert "Kemitraan semu" in out and "Kemitraan konjugasi" in out
    assert "[terpenuhi]" in out or "[tidak terpenuhi]" in out or "[bukti kurang]" in out
    call_command(
        "assess",
        "bina-kesehatan-semanggi",
        "--framework",
        "sulistiyani-life",
        "--language",
        "en",
        "--reading",
        "source-study",
    )
    out = capsys.readouterr().out
    assert "Pseudo partnership" in out and "Dominant" in out
    assert "[met]" in out or "[not met]" in out or "[not enough evidence]" in out
    assert ">> The source study's reading" in out  # beside the definition's result


def test_assess_shows_the_evaluators_decision_first(founding: Founding, capsys: Any) -> None:
    from semanggi.assessment.services import label_decide

    label_decide(
        partnership=founding.partnership,
        framework_id="sulistiyani-life",
        axis_id="life",
        label_id="pseudo",
        decision="confirm",
        actor=founding.evaluator,
    )
    call_command(
        "assess", "bina-kesehatan-semanggi", "--framework", "sulistiyani-life", "--language", "en"
    )
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "Pseudo partnership:" in line)
    assert "[confirmed]" in line


def test_illustrative_evidence_can_be_left_out_of_the_command(
    founding: Founding, capsys: Any
) -> None:
    call_command(
        "assess",
        "bina-kesehatan-semanggi",
        "--framework",
        "sulistiyani-life",
        "--json",
        "--exclude-illustrative",
    )
    [life] = json.loads(capsys.readouterr().out)["assessments"]
    assert any("left out" in note["en"] for note in life["notes"])
    with pytest.raises(CommandError, match="--reading"):
        call_command("assess", "bina-kesehatan-semanggi", "--reading", "nope")


def test_assess_save_stores_a_run(founding: Founding, capsys: Any) -> None:
    call_command("assess", "bina-kesehatan-semanggi", "--framework", "sulistiyani-life", "--save")
    assert AssessmentRun.objects.get().framework_id == "sulistiyani-life"


def test_assess_says_what_is_wrong(founding: Founding) -> None:
    with pytest.raises(CommandError, match="no partnership"):
        call_command("assess", "nope")
    with pytest.raises(CommandError, match="unknown framework"):
        call_command("assess", "bina-kesehatan-semanggi", "--framework", "nope")
