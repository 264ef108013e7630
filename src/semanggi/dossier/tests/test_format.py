"""The dossier format without a database: schema, references, canonical writing."""

import json

import pytest
from jsonschema import Draft202012Validator

from semanggi.dossier import format as fmt
from semanggi.dossier.model import json_schema

MINIMAL = {
    "format": "semanggi-dossier",
    "version": 1,
    "regions": [{"code": "33.72"}],
    "organisations": [
        {"slug": "pemkot-x", "name": "Pemkot X", "kind": "government"},
        {"slug": "bank-z", "name": "Bank Z", "kind": "bank"},
    ],
    "partnership": {
        "slug": "contoh",
        "title": "Contoh",
        "sector": "12230",
        "locations": ["33.72"],
        "parties": [{"organisation": "pemkot-x"}, {"organisation": "bank-z"}],
    },
}


def test_the_schemas_are_valid_draft_2020_12_schemas() -> None:
    Draft202012Validator.check_schema(fmt.schema(1))
    Draft202012Validator.check_schema(fmt.schema(2))


def test_the_checked_in_schema_is_the_one_the_model_generates() -> None:
    """Run `semanggi dossier schema -o src/semanggi/dossier/schema/dossier-2.schema.json`
    after changing the model."""
    assert fmt.schema(2) == json.loads(json.dumps(json_schema()))


def test_a_version_1_file_reads_as_version_2() -> None:
    dossier = fmt.read(json.dumps(MINIMAL))
    assert dossier.version == 2
    assert [p.slug for p in dossier.partnerships] == ["contoh"]
    assert json.loads(fmt.write(dossier)) == fmt.upgrade(MINIMAL)


MINIMAL_2 = fmt.upgrade(MINIMAL)


def test_a_minimal_dossier_reads_and_writes_back_the_same() -> None:
    dossier = fmt.read(json.dumps(MINIMAL_2))
    assert dossier.partnerships[0].parties[1].organisation == "bank-z"
    assert json.loads(fmt.write(dossier)) == MINIMAL_2
    assert fmt.read(fmt.write(dossier, form="yaml"), name="x.yaml") == dossier


def _broken(change: dict[str, object], base: dict[str, object] = MINIMAL) -> list[str]:
    data = json.loads(json.dumps(base))
    for path, value in change.items():
        target = data
        *parents, last = path.split("/")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    with pytest.raises(fmt.DossierError) as error:
        fmt.read(json.dumps(data))
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"partnership/parties/1/contributions": [{"kind": "cash", "description": "Dana"}]},
            "partnership.parties[1].contributions[0].kind: 'cash' is not one of",
        ),
        ({"partnership/sector": "health"}, "partnership.sector: 'health' does not match"),
        ({"partnership/planned_start": "2012-13-01"}, "partnership.planned_start: '2012-13-01'"),
        (
            {"partnership/parties/1/organisation": "bank-q"},
            "partnership.parties[1].organisation: 'bank-q' is not an organisation of this dossier",
        ),
        ({"partnership/locations/0": "31.71"}, "partnership.locations[0]: '31.71' is not a region"),
        ({"version": 2}, "partnership: is not a field of the format"),
        (
            {
                "partnership/handovers": [
                    {"asset": "Gedung", "from_party": "bank-z", "to_party": "bank-z"}
                ]
            },
            "partnership.handovers[0].to_party: an asset is handed over to another party",
        ),
    ],
)
def test_problems_of_a_version_1_file_name_its_own_fields(
    change: dict[str, object], expected: str
) -> None:
    problems = _broken(change)
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize(
    ("change", "english", "indonesian"),
    [
        (
            {"partnerships/0/parties/1/contributions": [{"kind": "cash", "description": "Dana"}]},
            "partnerships[0].parties[1].contributions[0].kind: 'cash' is not one of",
            "partnerships[0].parties[1].contributions[0].kind: 'cash' bukan salah satu dari",
        ),
        (
            {"partnerships/0/sector": "health"},
            "partnerships[0].sector: 'health' does not match",
            "partnerships[0].sector: 'health' tidak sesuai pola",
        ),
        (
            {"partnerships/0/planned_start": "2012-13-01"},
            "partnerships[0].planned_start: '2012-13-01': not a valid date",
            "partnerships[0].planned_start: '2012-13-01': tanggal tidak sah",
        ),
        (
            {"partnerships/0/parties/1/organisation": "bank-q"},
            "partnerships[0].parties[1].organisation: 'bank-q' is not an organisation of this",
            "partnerships[0].parties[1].organisation: 'bank-q' bukan organisasi dalam dosir",
        ),
        (
            {"partnerships/0/parties/0/standing": "boss"},
            "partnerships[0].parties[0].standing: 'boss' is not one of",
            "partnerships[0].parties[0].standing: 'boss' bukan salah satu",
        ),
        (
            {"partnerships/0/absences": [{"what": "agreement", "party": "bank-q"}]},
            "partnerships[0].absences[0].party: 'bank-q' is not a party",
            "partnerships[0].absences[0].party: 'bank-q' bukan pihak",
        ),
        (
            {
                "partnerships/0/dependences": [
                    {"party": "bank-z", "on_party": "bank-z", "kind": "funds"}
                ]
            },
            "partnerships[0].dependences[0].on_party: a party depends on another party",
            "partnerships[0].dependences[0].on_party: pihak bergantung pada pihak lain",
        ),
        (
            {"partnerships/0/objectives": [{"key": "o", "text": "T", "held_by": ["pemkot-y"]}]},
            "partnerships[0].objectives[0].held_by[0]: 'pemkot-y' is not a party",
            "partnerships[0].objectives[0].held_by[0]: 'pemkot-y' bukan pihak",
        ),
        (
            {"partnerships/0/surprise": 1},
            "partnerships[0].surprise: is not a field",
            "partnerships[0].surprise: bidang ini tidak dikenal",
        ),
        ({"version": 3}, "version: version 3 is not known", "version: versi 3 tidak dikenal"),
    ],
)
def test_problems_name_the_field_in_both_languages(
    change: dict[str, object], english: str, indonesian: str
) -> None:
    data = json.loads(json.dumps(MINIMAL_2))
    for path, value in change.items():
        target = data
        *parents, last = path.split("/")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    with pytest.raises(fmt.DossierError) as error:
        fmt.read(json.dumps(data))
    problems = error.value.problems
    assert any(p.text("en").startswith(english) for p in problems), [str(p) for p in problems]
    assert any(p.text("id").startswith(indonesian) for p in problems), [
        p.text("id") for p in problems
    ]


def test_a_party_of_several_partnerships_is_named_with_its_partnership() -> None:
    second = json.loads(json.dumps(MINIMAL_2["partnerships"][0]))
    second["slug"] = "contoh-2"
    data = {**MINIMAL_2, "partnerships": [MINIMAL_2["partnerships"][0], second]}
    study = {"title": "Studi", "codes": [{"key": "c", "name": "K", "party": "bank-z"}]}
    with pytest.raises(fmt.DossierError) as error:
        fmt.read(json.dumps({**data, "study": study}))
    assert "study.codes[0].party: 'bank-z' is a party of several partnerships" in str(error.value)
    study["codes"][0]["party"] = "contoh-2/bank-z"  # type: ignore[index]
    dossier = fmt.read(json.dumps({**data, "study": study}))
    assert fmt.party_of("contoh-2/bank-z", {"contoh": ["bank-z"], "contoh-2": ["bank-z"]}) == (
        "contoh-2",
        "bank-z",
    )
    assert dossier.study is not None and dossier.study.codes[0].party == "contoh-2/bank-z"


def test_the_allowed_values_are_the_records_choices() -> None:
    import typing

    from semanggi.dossier import model
    from semanggi.evidence.models import Sampling, SourceKind, StudyMethod, StudyStatus
    from semanggi.organisations.models import OrganisationKind
    from semanggi.partnerships.models import (
        AbsenceKind,
        AgreementKind,
        ContributionKind,
        DependenceKind,
        PartyRoleKind,
        Standing,
    )

    pairs = [
        (model.OrganisationKind, OrganisationKind),
        (model.Role, PartyRoleKind),
        (model.Standing, Standing),
        (model.ContributionKind, ContributionKind),
        (model.AgreementKind, AgreementKind),
        (model.AbsenceWhat, AbsenceKind),
        (model.DependenceKind, DependenceKind),
        (model.Sampling, Sampling),
        (model.SourceKind, SourceKind),
        (model.StudyStatus, StudyStatus),
        (model.StudyMethod, StudyMethod),
    ]
    for literal, choices in pairs:
        assert set(typing.get_args(literal)) == set(choices.values), choices.__name__


def test_an_informant_never_carries_a_real_name() -> None:
    problems = _broken(
        {
            "study": {
                "title": "Studi",
                "informants": [
                    {"code": "INF-01", "label": "staf", "sampling": "purposive",
                     "real_name": "Siti"},
                ],
            }
        }
    )  # fmt: skip
    assert any(
        p.startswith("study.informants[0]:") and "real_name" in p and "never" in p for p in problems
    ), problems


def test_segments_must_lie_inside_their_source() -> None:
    problems = _broken(
        {
            "study": {
                "title": "Studi",
                "sources": [{"key": "s1", "kind": "document", "title": "Dok", "text": "pendek"}],
                "segments": [{"key": "g1", "source": "s1", "start": 2, "end": 60}],
            }
        }
    )
    assert "study.segments[0].end: lies beyond the end of the source's text" in problems


def test_bad_syntax_is_reported_with_its_place() -> None:
    with pytest.raises(fmt.DossierError, match="line 1"):
        fmt.read("{not json")
    with pytest.raises(fmt.DossierError, match="not valid YAML"):
        fmt.read("a: [b", name="case.yaml")
