"""Format 2 through the database: several partnerships, records of absence, dependences,
standing, published-study sources; `import --check` checks what the import checks; hostile
files get a clear message in both languages, exit code 2, and nothing is saved."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from semanggi.assessment.selectors import case_for
from semanggi.core.assessment.inputs import AbsenceWhat, DependenceKind, Standing
from semanggi.dossier import format as fmt
from semanggi.dossier.importer import dossier_import
from semanggi.evidence.models import Source, Study
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership
from semanggi.regions.tests.factories import regions_create

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent

CASE: dict[str, Any] = {
    "format": "semanggi-dossier",
    "version": 2,
    "regions": [{"code": "33.72"}],
    "organisations": [
        {"slug": "dinas-contoh", "name": "Dinas Contoh", "kind": "regional_unit"},
        {"slug": "koperasi-contoh", "name": "Koperasi Contoh", "kind": "cooperative"},
        {"slug": "sekolah-contoh", "name": "SD Contoh", "kind": "school"},
        {"slug": "inspektorat-contoh", "name": "Inspektorat Contoh", "kind": "government"},
    ],
    "partnerships": [
        {
            "slug": "satu",
            "title": "Kemitraan satu",
            "sector": "12230",
            "locations": ["33.72"],
            "no_agreement_reason": "Cukup surat tugas",
            "objectives": [{"key": "o1", "text": "Tujuan bersama", "held_by": ["dinas-contoh"]}],
            "parties": [
                {"organisation": "dinas-contoh", "beneficiary": True},
                {
                    "organisation": "koperasi-contoh",
                    "contributions": [{"kind": "other", "description": "Tidak jelas"}],
                },
                {
                    "organisation": "inspektorat-contoh",
                    "standing": "supervisor",
                    "beneficiary": False,
                },
            ],
            "absences": [
                {"what": "forum", "reason": "Tidak ada forum"},
                {"what": "contribution", "party": "dinas-contoh", "reason": "Tidak dilaporkan"},
            ],
            "dependences": [
                {"party": "koperasi-contoh", "on_party": "dinas-contoh", "kind": "authority"}
            ],
        },
        {
            "slug": "dua",
            "title": "Kemitraan dua",
            "sector": "11220",
            "locations": ["33.72"],
            "parties": [{"organisation": "dinas-contoh"}, {"organisation": "sekolah-contoh"}],
        },
    ],
    "study": {
        "title": "Rendering of a publication",
        "method": "published_study",
        "publication": "Penulis (2004), Judul, Penerbit",
        "sources": [
            {
                "key": "s1",
                "kind": "published_study",
                "title": "Ringkasan publikasi",
                "publication": "Penulis (2004), Judul, Penerbit",
                "illustrative": True,
                "text": "Koperasi bergantung pada izin dinas.",
            }
        ],
        "codes": [
            {"key": "c1", "name": "Tanpa pihak", "indicator": "K6", "direction": -1},
            {"key": "c2", "name": "Dinas", "indicator": "K3", "party": "satu/dinas-contoh"},
        ],
        "segments": [{"key": "g1", "source": "s1", "start": 0, "end": 36, "codes": ["c1", "c2"]}],
    },
}


@pytest.fixture
def lead(db: None) -> Any:
    regions_create()
    return get_user_model().objects.create_user("dewi")


def test_several_partnerships_and_the_new_records_import_and_reach_the_assessment(
    lead: Any,
) -> None:
    result = dossier_import(fmt.read(json.dumps(CASE)), lead=lead)
    assert [p.slug for p in result.partnerships] == ["satu", "dua"]
    study = Study.objects.get()
    assert set(study.partnerships.values_list("slug", flat=True)) == {"satu", "dua"}
    assert (study.method, study.publication) == (
        "published_study",
        "Penulis (2004), Judul, Penerbit",
    )
    source = Source.objects.get()
    assert source.illustrative and source.kind == "published_study"
    assert source.text_length == len(source.text)  # issue 11 item 20: the source can be coded
    assert Organisation.objects.get(slug="koperasi-contoh").iati_type == "90"
    assert Organisation.objects.get(slug="sekolah-contoh").iati_type == "80"

    case = case_for(Partnership.objects.get(slug="satu"))
    assert case is not None
    inspektorat = case.party("inspektorat-contoh")
    assert (inspektorat.standing, inspektorat.beneficiary) == (Standing.SUPERVISOR, False)
    assert case.party("dinas-contoh").beneficiary is True
    absences = {(a.what, a.party_id, a.reason) for a in case.absences}
    assert absences == {
        (AbsenceWhat.AGREEMENT, None, "Cukup surat tugas"),
        (AbsenceWhat.FORUM, None, "Tidak ada forum"),
        (AbsenceWhat.CONTRIBUTION, "dinas-contoh", "Tidak dilaporkan"),
    }
    [dependence] = case.dependences
    assert (dependence.party_id, dependence.on_party_id, dependence.kind) == (
        "koperasi-contoh",
        "dinas-contoh",
        DependenceKind.AUTHORITY,
    )
    [joint] = case.objectives
    assert joint.party_id is None and joint.held_by == ("dinas-contoh",)
    assert case.records_publication == "Penulis (2004), Judul, Penerbit"
    # Evidence with no party reaches the assessment, marked illustrative, with its publication.
    items = {(item.indicator, item.party_id) for item in case.evidence}
    assert items == {("K6", None), ("K3", "dinas-contoh")}
    assert all(item.illustrative and item.publication for item in case.evidence)
    assert case_for(
        Partnership.objects.get(slug="satu"), exclude_illustrative=True
    ).exclude_illustrative  # type: ignore[union-attr]
    # The study's party-less evidence is the second partnership's too; the first's party's
    # is not.
    other = case_for(Partnership.objects.get(slug="dua"))
    assert other is not None and {(i.indicator, i.party_id) for i in other.evidence} == {
        ("K6", None)
    }


def test_export_of_a_version_2_case_imports_back_the_same(lead: Any) -> None:
    from semanggi.dossier.exporter import dossier_export

    single = {**CASE, "partnerships": [CASE["partnerships"][0]]}
    dossier_import(fmt.read(json.dumps(single)), lead=lead)
    first = fmt.write(dossier_export("satu"))
    data = json.loads(first)
    assert data["version"] == 2
    assert data["partnerships"][0]["dependences"][0]["kind"] == "authority"
    assert data["partnerships"][0]["objectives"][0]["held_by"] == ["dinas-contoh"]
    Study.objects.all().delete()
    Partnership.objects.all().delete()
    dossier_import(fmt.read(first), lead=lead)
    assert fmt.write(dossier_export("satu")) == first


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _refused(*args: str, language: str = "en") -> str:
    with pytest.raises(CommandError) as error:
        call_command("dossier", "import", *args, language=language)
    assert error.value.returncode == 2
    assert "Traceback" not in str(error.value)
    return str(error.value)


def test_check_runs_every_check_of_the_import_and_saves_nothing(lead: Any, tmp_path: Path) -> None:
    data = json.loads(json.dumps(CASE))
    data["regions"].append({"code": "35.07"})  # not loaded
    data["partnerships"][1]["sector"] = "99999"  # well formed, not a DAC code
    path = _write(tmp_path, "case.json", json.dumps(data).encode())
    message = _refused(path, "--check", "--lead", "dewi")
    assert "regions[1].code: region '35.07' is not loaded" in message
    data["regions"].pop()
    path = _write(tmp_path, "case.json", json.dumps(data).encode())
    message = _refused(path, "--check", "--lead", "dewi")
    assert "partnerships[1].sector: 99999 is not a DAC 5-digit sector code." in message
    message = _refused(path, "--check", "--lead", "dewi", language="id")
    assert "partnerships[1].sector: 99999 bukan kode sektor DAC 5 digit." in message
    assert not Partnership.objects.exists() and not Organisation.objects.exists()

    data["partnerships"][1]["sector"] = "11220"
    path = _write(tmp_path, "case.json", json.dumps(data).encode())
    call_command("dossier", "import", path, "--check", "--lead", "dewi")
    assert not Partnership.objects.exists() and not Study.objects.exists()
    call_command("dossier", "import", path, "--lead", "dewi")
    assert Partnership.objects.count() == 2
    message = _refused(path, "--check", "--lead", "dewi")
    assert "partnerships[0].slug: a partnership 'satu' already exists" in message


def test_a_yaml_alias_bomb_is_refused_before_it_expands(lead: Any, tmp_path: Path) -> None:
    """Issue 11 item 13: 342 bytes that expand to 10^9 strings when aliases are followed."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    bomb = "\n".join(rows[:7]).encode()
    assert len(bomb) <= 400
    path = _write(tmp_path, "bomb.yaml", bomb)
    message = _refused(path, "--check")
    assert "YAML anchors and aliases (&, *) are not accepted" in message
    assert "anchor dan alias YAML" in _refused(path, "--check", language="id")
    # A merge key is an alias too.
    merge = b"format: semanggi-dossier\nbase: &b {x: 1}\nother:\n  <<: *b\n"
    assert "aliases" in _refused(_write(tmp_path, "merge.yaml", merge))


def test_a_file_that_is_not_utf8_gets_a_clear_message(lead: Any, tmp_path: Path) -> None:
    """Issue 11 item 14."""
    latin1 = json.dumps(CASE, ensure_ascii=False).replace("Contoh", "Contóh").encode("latin-1")
    path = _write(tmp_path, "case.json", latin1)
    assert "the file is not UTF-8 text (byte" in _refused(path)
    assert "berkas bukan teks UTF-8" in _refused(path, language="id")
    yaml_path = _write(tmp_path, "case.yaml", b"format: semanggi-dossier\nnote: caf\xe9\n")
    assert "not UTF-8" in _refused(yaml_path)
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("name", ["deep.json", "deep.yaml"])
def test_deeply_nested_data_gets_a_clear_message(lead: Any, tmp_path: Path, name: str) -> None:
    """Issue 11 item 14: nesting beyond Python's recursion limit, and merely beyond the format's."""
    for depth in (100_000, 200):
        text = "[" * depth + "]" * depth
        message = _refused(_write(tmp_path, name, text.encode()))
        assert "the file nests too deeply" in message
    assert "bersarang terlalu dalam" in _refused(
        _write(tmp_path, name, text.encode()), language="id"
    )
    assert not Partnership.objects.exists()


def test_a_version_1_file_still_imports_unchanged(lead: Any, tmp_path: Path) -> None:
    text = (HERE / "kampung-wisata.yaml").read_text(encoding="utf-8")
    assert "\nversion: 1\n" in text  # the file stays a format 1 file
    call_command("dossier", "import", str(HERE / "kampung-wisata.yaml"), "--lead", "dewi")
    partnership = Partnership.objects.get(slug="kampung-wisata")
    assert partnership.parties.count() == 2


def test_several_partnerships_export_as_one_dossier_and_import_back_the_same(
    lead: Any, tmp_path: Path
) -> None:
    from semanggi.dossier.exporter import dossier_export_many

    both = json.loads(json.dumps(CASE))
    # The same organisation is party to both: the study names it with its partnership.
    both["partnerships"][1]["parties"].append({"organisation": "koperasi-contoh"})
    both["study"]["codes"].append(
        {"key": "c3", "name": "Koperasi dua", "indicator": "K5", "party": "dua/koperasi-contoh"}
    )
    dossier_import(fmt.read(json.dumps(both)), lead=lead)
    first = fmt.write(dossier_export_many(["satu", "dua"]))
    data = json.loads(first)
    assert [p["slug"] for p in data["partnerships"]] == ["satu", "dua"]
    parties = {code["key"]: code.get("party") for code in data["study"]["codes"]}
    assert "dua/koperasi-contoh" in parties.values()
    assert "satu/dinas-contoh" in parties.values()  # Dinas is party to both as well
    path = tmp_path / "both.json"
    path.write_text(first, encoding="utf-8")
    Study.objects.all().delete()
    Partnership.objects.all().delete()
    call_command("dossier", "import", str(path), "--lead", "dewi")
    assert fmt.write(dossier_export_many(["satu", "dua"])) == first
    with pytest.raises(CommandError, match="'nope'"):
        call_command("dossier", "export", "satu", "nope", language="en")


def test_conditions_travel_with_their_agreement(lead: Any) -> None:
    from semanggi.dossier.exporter import dossier_export

    one = dict(CASE["partnerships"][1])
    one["agreements"] = [{"key": "a1", "kind": "pks", "title": "PKS"}]
    one["conditions"] = [{"kind": "2", "text": "Dana cair setelah izin terbit", "agreement": "a1"}]
    dossier_import(fmt.read(json.dumps({**CASE, "partnerships": [one], "study": None})), lead=lead)
    data = json.loads(fmt.write(dossier_export("dua")))
    assert data["partnerships"][0]["conditions"] == [
        {"kind": "2", "text": "Dana cair setelah izin terbit", "agreement": "agreement-1"}
    ]
    broken = {**one, "slug": "tiga", "conditions": [{"kind": "2", "text": "x", "agreement": "zz"}]}
    with pytest.raises(fmt.DossierError) as refused:
        dossier_import(
            fmt.read(json.dumps({**CASE, "partnerships": [broken], "study": None})), lead=lead
        )
    assert "partnerships[0].conditions[0].agreement" in str(refused.value.problems)
