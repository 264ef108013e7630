"""A whole case through a dossier file: export, import into an empty database, export again;
errors that name the field and save nothing; `semanggi assess` on what was imported."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from semanggi.assessment.selectors import case_for
from semanggi.core.assessment import Strength, assess, load_framework
from semanggi.dossier import format as fmt
from semanggi.dossier.exporter import dossier_export
from semanggi.dossier.importer import dossier_import
from semanggi.dossier.tests.conftest import Founding, wipe
from semanggi.evidence.models import Informant, Segment, Study
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership

SLUG = "bina-kesehatan-semanggi"
HERE = Path(__file__).parent


def life_strengths(slug: str) -> dict[str, Strength]:
    case = case_for(Partnership.objects.get(slug=slug))
    assert case is not None
    result = assess(case, load_framework("sulistiyani-life"))
    return {label.label_id: label.strength for label in result.labels()}


@pytest.mark.parametrize("form", ["json", "yaml"])
def test_export_import_export_gives_the_same_file(founding: Founding, form: str) -> None:
    before = life_strengths(SLUG)
    first = fmt.write(dossier_export(SLUG), form=form)
    wipe()
    assert not Partnership.objects.exists() and not Organisation.objects.exists()

    dossier_import(fmt.read(first, name=f"case.{form}"), lead=founding.evaluator)
    second = fmt.write(dossier_export(SLUG), form=form)
    assert second == first
    # The case assesses as before: the records and the evidence came through.
    assert life_strengths(SLUG) == before


def test_the_dossier_holds_the_whole_case(founding: Founding) -> None:
    data = json.loads(fmt.write(dossier_export(SLUG)))
    case = data["partnerships"][0]
    assert [r["code"] for r in data["regions"]] == ["33.72", "33.72.03.1002"]
    assert {o["slug"] for o in data["organisations"]} == {
        "pemkot-surakarta",
        "dinkes-surakarta",
        "bank-x-cabang-y",
    }
    for key in ("parties", "agreements", "activities", "decisions", "transactions",
                "handovers", "indicators", "objectives", "forums", "progress_updates"):  # fmt: skip
        assert case[key], key
    assert case["activities"][1]["depends_on"] == ["activity-1"]
    assert case["indicators"][0]["objective"] == "objective-1"
    study = data["study"]
    assert [i["code"] for i in study["informants"]] == ["INF-01", "INF-02", "INF-03", "INF-04"]
    assert study["informants"][2]["referred_by"] == "INF-01"
    assert len(study["sources"]) == 6 and study["segments"] and study["findings"]
    text = json.dumps(data, ensure_ascii=False)
    assert "real_name" not in text and "contact" not in text


def test_a_withdrawn_informant_travels_without_their_words(founding: Founding) -> None:
    Informant.objects.filter(code="INF-04").update(real_name="Nama Asli", contact="0812")
    Informant.objects.filter(code="INF-04").update(consent_withdrawn_on="2024-01-01")
    data = json.loads(fmt.write(dossier_export(SLUG)))
    text = json.dumps(data, ensure_ascii=False)
    assert "Nama Asli" not in text and "0812" not in text
    assert "berobat cukup jalan kaki" not in text
    [withdrawn] = [i for i in data["study"]["informants"] if i["code"] == "INF-04"]
    assert withdrawn["consent_withdrawn_on"] == "2024-01-01"


def test_an_invalid_record_saves_nothing_and_names_the_field(founding: Founding) -> None:
    data = json.loads(fmt.write(dossier_export(SLUG)))
    wipe()
    data["partnerships"][0]["sector"] = "99999"  # well formed, but no DAC sector
    with pytest.raises(fmt.DossierError) as error, translation.override("en"):
        dossier_import(fmt.read(json.dumps(data)), lead=founding.evaluator)
    assert [str(p) for p in error.value.problems] == [
        "partnerships[0].sector: 99999 is not a DAC 5-digit sector code."
    ]
    assert not Partnership.objects.exists()
    assert not Organisation.objects.exists()  # created earlier in the import, rolled back


def test_a_late_problem_rolls_everything_back(founding: Founding) -> None:
    data = json.loads(fmt.write(dossier_export(SLUG)))
    wipe()
    data["study"]["codes"][0]["colour"] = "#12345"  # schema catches it before the database
    with pytest.raises(fmt.DossierError, match=r"study\.codes\[0\]\.colour"):
        dossier_import(fmt.read(json.dumps(data)), lead=founding.evaluator)
    data["study"]["codes"][0]["colour"] = "#123456"
    data["study"]["informants"][1]["met_where"] = "x" * 300  # too long for the database
    with pytest.raises(fmt.DossierError) as error:
        dossier_import(fmt.read(json.dumps(data)), lead=founding.evaluator)
    assert str(error.value.problems[0]).startswith("study.informants[1].met_where:")
    assert not Partnership.objects.exists() and not Study.objects.exists()
    assert not Segment.objects.exists() and not Organisation.objects.exists()


def test_an_existing_partnership_is_never_replaced(founding: Founding) -> None:
    dossier = dossier_export(SLUG)
    with pytest.raises(fmt.DossierError, match=r"partnerships\[0\]\.slug: .* already exists"):
        dossier_import(dossier, lead=founding.evaluator)


def test_regions_must_be_loaded_and_a_study_needs_a_lead(founding: Founding) -> None:
    data = json.loads(fmt.write(dossier_export(SLUG)))
    wipe()
    data["regions"].append({"code": "35.07", "name": "Kab. Malang"})
    with pytest.raises(fmt.DossierError) as error:
        dossier_import(fmt.read(json.dumps(data)))
    problems = [str(p) for p in error.value.problems]
    assert problems[0].startswith("regions[2].code: region '35.07' is not loaded")
    assert problems[1].startswith("study: a study needs a lead")


def test_the_dossier_command_exports_and_imports(
    founding: Founding, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "semanggi.yaml"
    call_command("dossier", "export", SLUG, "-o", str(path))
    assert path.read_text(encoding="utf-8").startswith("format: semanggi-dossier\n")
    call_command("dossier", "export", SLUG)
    assert json.loads(capsys.readouterr().out)["partnerships"][0]["slug"] == SLUG
    wipe()
    with pytest.raises(CommandError, match="a study needs a lead"):
        call_command("dossier", "import", str(path), "--check", language="en")
    call_command("dossier", "import", str(path), "--check", "--lead", founding.evaluator.username)
    assert not Partnership.objects.exists() and not Study.objects.exists()
    call_command(
        "dossier", "--language", "en", "import", str(path), "--lead", founding.evaluator.username
    )
    assert "Imported 'bina-kesehatan-semanggi'" in capsys.readouterr().out
    assert Study.objects.get().lead == founding.evaluator


def test_the_dossier_command_lists_the_problems(founding: Founding, tmp_path: Path) -> None:
    data = json.loads(fmt.write(dossier_export(SLUG)))
    data["partnerships"][0]["parties"][1]["contributions"][0]["kind"] = "cash"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("dossier", "import", str(path), language="en")
    message = str(error.value)
    assert error.value.returncode == 2
    assert "nothing was saved" in message
    assert "partnerships[0].parties[1].contributions[0].kind: 'cash' is not one of" in message
    with pytest.raises(CommandError) as error:
        call_command("dossier", "import", str(path))
    assert "tidak ada yang disimpan" in str(error.value)
    assert "contributions[0].kind: 'cash' bukan salah satu dari" in str(error.value)


def test_assess_json_works_on_an_imported_dossier(db: None, capsys: Any) -> None:
    from semanggi.regions.tests.factories import regions_create

    regions_create()
    get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    call_command("dossier", "import", str(HERE / "kampung-wisata.yaml"))
    capsys.readouterr()
    call_command("assess", "kampung-wisata", "--json", "--framework", "sulistiyani-development")
    data = json.loads(capsys.readouterr().out)
    [result] = data["assessments"]
    labels = {label["label_id"]: label for axis in result["axes"] for label in axis["labels"]}
    assert labels["subordinate_union"]["strength"] in ("strong", "moderate")
    assert labels["linear_collaborative"]["strength"] in ("weak", "absent")
    k7 = next(value for value in result["indicators"] if value["code"] == "K7")
    assert any(item["reference"].startswith("decision:") for item in k7["provenance"])


def test_an_amount_beyond_fifteen_digits_is_refused(founding: Founding) -> None:
    # SQLite keeps 15 significant digits of a decimal: a longer amount was saved, then every
    # page that read it failed. Amounts take 13 digits before the point and 2 after.
    data = json.loads(fmt.write(dossier_export(SLUG)))

    def amounts(node: object) -> list[dict[str, object]]:
        if isinstance(node, dict):
            here = [node] if isinstance(node.get("amount"), str) else []
            return here + [found for value in node.values() for found in amounts(value)]
        if isinstance(node, list):
            return [found for value in node for found in amounts(value)]
        return []

    first = amounts(data)[0]
    first["amount"] = "9999999999999.99"
    fmt.read(json.dumps(data))  # 15 digits: read
    first["amount"] = "99999999999999.00"
    with pytest.raises(fmt.DossierError):
        fmt.read(json.dumps(data))
