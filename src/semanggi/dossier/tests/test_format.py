"""The dossier format without a database: schema, references, canonical writing."""

import dataclasses
import json

import pytest
from jsonschema import Draft202012Validator

from semanggi.dossier import format as fmt

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


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(fmt.schema())


def _classes() -> list[type]:
    found: list[type] = []

    def walk(cls: type) -> None:
        if cls in found:
            return
        found.append(cls)
        for field in dataclasses.fields(cls):  # type: ignore[arg-type]
            for kind in _inner(fmt._hints(cls)[field.name]):
                if dataclasses.is_dataclass(kind):
                    walk(kind)  # type: ignore[arg-type]

    walk(fmt.Dossier)
    return found


def _inner(kind: object) -> list[object]:
    import typing

    args = typing.get_args(kind)
    return [kind] if not args else [inner for arg in args for inner in _inner(arg)]


def test_the_schema_describes_exactly_the_fields_of_the_format() -> None:
    schema = fmt.schema()
    for cls in _classes():
        node = schema if cls is fmt.Dossier else schema["$defs"][cls.__name__]
        fields = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
        assert set(node["properties"]) == fields, cls.__name__
        required = {
            f.name
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        assert set(node["required"]) >= required, cls.__name__


def test_a_minimal_dossier_reads_and_writes_back_the_same() -> None:
    dossier = fmt.read(json.dumps(MINIMAL))
    assert dossier.partnership.parties[1].organisation == "bank-z"
    assert json.loads(fmt.write(dossier)) == MINIMAL
    assert fmt.read(fmt.write(dossier, form="yaml"), name="x.yaml") == dossier


def _broken(change: dict[str, object]) -> list[str]:
    data = json.loads(json.dumps(MINIMAL))
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
        ({"version": 2}, "version: 1 was expected"),
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
def test_problems_name_the_field_of_the_record(change: dict[str, object], expected: str) -> None:
    problems = _broken(change)
    assert any(problem.startswith(expected) for problem in problems), problems


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
