"""`semanggi assess SLUG`, readable and as JSON."""

import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from semanggi.assessment.models import AssessmentRun
from semanggi.assessment.tests.conftest import Founding
from semanggi.core.assessment import available_frameworks


def test_assess_json_gives_framework_axis_label_strength_score_and_provenance(
    founding: Founding, capsys: Any
) -> None:
    call_command("assess", "bina-kesehatan-semanggi", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["partnership"] == "bina-kesehatan-semanggi"
    by_framework = {a["framework_id"]: a for a in data["assessments"]}
    assert set(by_framework) == set(available_frameworks())
    life = by_framework["sulistiyani-life"]
    assert life["framework_version"] == "1.0.0"
    [axis] = life["axes"]
    assert axis["id"] == "life"
    labels = {label["label_id"]: label for label in axis["labels"]}
    for label_id in ("pseudo", "mutualism", "conjugation"):
        label = labels[label_id]
        assert label["strength"] in ("strong", "moderate")
        assert 0 <= label["score"] <= 1
        assert label["explanation"]["id"] and label["explanation"]["en"]
        assert label["supporting"]
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
    assert "Kemitraan semu" in out and "kuat" in out and "Kemitraan konjugasi" in out
    call_command(
        "assess", "bina-kesehatan-semanggi", "--framework", "sulistiyani-life", "--language", "en"
    )
    out = capsys.readouterr().out
    assert "Pseudo partnership" in out and "strong" in out and "Readings:" in out


def test_assess_save_stores_a_run(founding: Founding, capsys: Any) -> None:
    call_command("assess", "bina-kesehatan-semanggi", "--framework", "sulistiyani-life", "--save")
    assert AssessmentRun.objects.get().framework_id == "sulistiyani-life"


def test_assess_says_what_is_wrong(founding: Founding) -> None:
    with pytest.raises(CommandError, match="no partnership"):
        call_command("assess", "nope")
    with pytest.raises(CommandError, match="unknown framework"):
        call_command("assess", "bina-kesehatan-semanggi", "--framework", "nope")
