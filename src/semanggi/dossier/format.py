"""Reading, checking and writing partnership dossiers (docs/dossier.md).

Pure Python: no database. Format 2 is the typed model in ``semanggi.dossier.model`` (its JSON
Schema is generated from it); format 1 files are still read: they are checked against their
own, frozen schema (``schema/dossier-1.schema.json``) so that problems name the file's own
fields, then upgraded to format 2 (``partnership`` becomes the one item of ``partnerships``;
every other field is the same).

Reading is defensive, because a dossier comes from outside: the bytes must be UTF-8, a file
larger than ``MAX_BYTES`` is refused unread, YAML anchors and aliases are refused before
anything is built (an alias bomb expands a few hundred bytes into gigabytes), and nesting
deeper than any dossier needs is refused. Every problem is a ``Problem`` with the path of the
field at fault and a message in Indonesian and English.

Writing is canonical: keys in the order of the model's fields, a field holding its default
left out, so the same case always gives the same file.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from semanggi.core.text import Message
from semanggi.dossier.model import (
    FORMAT,
    VERSION,
    Agreement,
    Dossier,
    Partnership,
    Study,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "Dossier",
    "DossierError",
    "Problem",
    "decode",
    "read",
    "read_bytes",
    "reference_problems",
    "schema",
    "write",
]

SCHEMA_FILE = "dossier-2.schema.json"
SCHEMA_FILE_V1 = "dossier-1.schema.json"
VERSIONS = (1, 2)
# A dossier of a large case with its transcripts is a few megabytes.
MAX_BYTES = 20 * 1024 * 1024
# The deepest a dossier goes is about seven levels (partnerships, indicators, periods, ...).
MAX_DEPTH = 24


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: ``path`` names the field, e.g.
    ``partnerships[0].parties[1].contributions[0].kind``."""

    path: str
    message: Message

    def text(self, language: str | None = None) -> str:
        message = self.message.in_language(language)
        return f"{self.path}: {message}" if self.path else message

    def __str__(self) -> str:
        return self.text("en")


class DossierError(ValueError):
    """A dossier that cannot be used; ``problems`` lists every field at fault."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _stop(id_text: str, en_text: str, path: str = "") -> DossierError:
    return DossierError([Problem(path, Message(id_text, en_text))])


# ---------------------------------------------------------------------------------------------
# bytes to data


def decode(data: bytes) -> str:
    """The text of a dossier file: UTF-8 (a byte-order mark is allowed), within the size
    limit."""
    if len(data) > MAX_BYTES:
        raise _stop(
            f"berkas terlalu besar ({len(data):,} bita; paling besar {MAX_BYTES:,})",
            f"the file is too large ({len(data):,} bytes; at most {MAX_BYTES:,})",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _stop(
            f"berkas bukan teks UTF-8 (bita ke-{error.start + 1} tidak sah): simpan ulang "
            "sebagai UTF-8",
            f"the file is not UTF-8 text (byte {error.start + 1} is not valid): save it again "
            "as UTF-8",
        ) from None


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests more than ``limit`` levels (no recursion: any depth is safe)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
    return False


TOO_DEEP = (
    f"berkas bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat): ini bukan dosir",
    f"the file nests too deeply (more than {MAX_DEPTH} levels): this is not a dossier",
)


def _refuse_yaml_aliases(text: str) -> None:
    """Refuse anchors and aliases from the event stream, before any node is built: nothing is
    expanded, so a few hundred bytes cannot become gigabytes."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise _stop(
                    f"baris {line}: anchor dan alias YAML (&, *) tidak diterima dalam dosir; "
                    "tuliskan nilainya",
                    f"line {line}: YAML anchors and aliases (&, *) are not accepted in a "
                    "dossier; write the values out",
                )
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # libyaml's own bound on nesting
            raise _stop(*TOO_DEEP) from None
        raise _stop(f"bukan YAML yang sah: {error}", f"not valid YAML: {error}") from None


def _normalise(value: Any) -> Any:
    """YAML reads unquoted dates as dates: make them the strings the format holds."""
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def parse_text(text: str, *, name: str = "") -> Any:
    """The raw data of a dossier file: YAML when the name says so, else JSON."""
    try:
        if name.endswith((".yaml", ".yml")):
            _refuse_yaml_aliases(text)
            try:
                raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError as error:
                raise _stop(f"bukan YAML yang sah: {error}", f"not valid YAML: {error}") from None
        else:
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as error:
                place_id = f"baris {error.lineno}, kolom {error.colno}"
                place_en = f"line {error.lineno}, column {error.colno}"
                raise _stop(
                    f"bukan JSON yang sah ({place_id}): {error.msg}",
                    f"not valid JSON ({place_en}): {error.msg}",
                ) from None
    except RecursionError:
        raise _stop(*TOO_DEEP) from None
    if _deeper_than(raw, MAX_DEPTH):
        raise _stop(*TOO_DEEP)
    return _normalise(raw)


# ---------------------------------------------------------------------------------------------
# checking against the format


@cache
def _schema_file(file: str) -> dict[str, Any]:
    text = resources.files("semanggi.dossier").joinpath("schema", file).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema(version: int = VERSION) -> dict[str, Any]:
    """The checked-in JSON Schema of a format version (draft 2020-12)."""
    return _schema_file(SCHEMA_FILE if version == VERSION else SCHEMA_FILE_V1)


def path_text(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _v1_schema_problems(raw: Any) -> list[Problem]:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    validator = Draft202012Validator(schema(1), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for error in sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.path]):
        message = error.message
        if error.validator == "additionalProperties" and "informants" in error.path:
            problems.append(Problem(path_text(error.path), _real_name(message)))
            continue
        problems.append(Problem(path_text(error.path), Message(f"tidak sah: {message}", message)))
    return problems


def _real_name(detail: str) -> Message:
    return Message(
        f"{detail} (dosir tidak pernah memuat nama asli atau kontak informan)",
        f"{detail} (a dossier never carries an informant's real name or contact)",
    )


def _pydantic_message(error: Any) -> Message:
    """A validation error of the model in both languages."""
    kind = error["type"]
    context = error.get("ctx", {})
    value = error.get("input")
    shown = repr(value) if isinstance(value, str | int | float | bool) else ""
    if kind == "missing":
        return Message("wajib diisi", "is required")
    if kind == "extra_forbidden":
        return Message("bidang ini tidak dikenal dalam format", "is not a field of the format")
    if kind == "literal_error":
        expected = context.get("expected", "")
        return Message(
            f"{shown} bukan salah satu dari {expected}", f"{shown} is not one of {expected}"
        )
    if kind == "string_pattern_mismatch":
        pattern = context.get("pattern", "")
        return Message(
            f"{shown} tidak sesuai pola {pattern}", f"{shown} does not match the pattern {pattern}"
        )
    if kind in ("string_too_short", "too_short"):
        return Message("tidak boleh kosong", "must not be empty")
    if kind == "string_too_long":
        limit = context.get("max_length")
        return Message(f"paling panjang {limit} karakter", f"at most {limit} characters")
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        low = "ge" in context
        word_id, word_en = ("paling kecil", "at least") if low else ("paling besar", "at most")
        return Message(f"{shown}: {word_id} {bound}", f"{shown}: {word_en} {bound}")
    types_id = {
        "string_type": ("teks", "text"),
        "int_type": ("bilangan bulat", "a whole number"),
        "bool_type": ("true atau false", "true or false"),
        "tuple_type": ("daftar", "a list"),
        "list_type": ("daftar", "a list"),
        "model_type": ("objek", "an object"),
        "dict_type": ("objek", "an object"),
    }
    if kind in types_id:
        word_id, word_en = types_id[kind]
        return Message(f"{shown} harus berupa {word_id}", f"{shown} must be {word_en}".strip())
    if kind == "value_error":
        return Message(
            f"{shown}: tanggal tidak sah, pakai bentuk YYYY-MM-DD",
            f"{shown}: not a valid date, use the form YYYY-MM-DD",
        )
    return Message(f"tidak sah: {error['msg']}", str(error["msg"]))


def _model_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path = path_text(part for part in item["loc"] if isinstance(part, str | int))
        message = _pydantic_message(item)
        if item["type"] == "extra_forbidden" and ".informants[" in f".{path}":
            message = _real_name(path.rsplit(".", 1)[-1])
        problems.append(Problem(path, message))
    return problems


def upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    """Format 1 data as format 2 data: the one partnership becomes a list of one."""
    data = {key: value for key, value in raw.items() if key != "partnership"}
    data["version"] = VERSION
    data["partnerships"] = [raw["partnership"]]
    order = ("format", "version", "note", "regions", "organisations", "partnerships", "study")
    return {key: data[key] for key in order if key in data}


def check(raw: Any) -> Dossier:
    """The dossier in ``raw`` (the data of a file of format 1 or 2), fully checked against its
    format and its own references; DossierError lists every problem found."""
    if not isinstance(raw, dict):
        raise _stop("dosir harus berupa objek", "a dossier must be an object")
    if raw.get("format") != FORMAT:
        raise _stop(
            f"bukan dosir Semanggi: 'format' harus {FORMAT!r}",
            f"not a Semanggi dossier: 'format' must be {FORMAT!r}",
            "format",
        )
    version = raw.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        raise _stop(
            f"versi {version!r} tidak dikenal: 1 atau 2",
            f"version {version!r} is not known: 1 or 2",
            "version",
        )
    if version == 1:
        problems = _v1_schema_problems(raw)
        if problems:
            raise DossierError(problems)
        raw = upgrade(raw)
    try:
        dossier = Dossier.model_validate_json(json.dumps(raw))
    except ValidationError as error:
        raise DossierError(_model_problems(error)) from None
    problems = reference_problems(dossier)
    if problems and version == 1:
        # Name the fields of the file as it was written.
        problems = [_as_version_1(problem) for problem in problems]
    if problems:
        raise DossierError(problems)
    return dossier


def _as_version_1(problem: Problem) -> Problem:
    if problem.path.startswith("partnerships[0]"):
        return Problem(
            "partnership" + problem.path.removeprefix("partnerships[0]"), problem.message
        )
    return problem


def read(text: str, *, name: str = "") -> Dossier:
    """Read and check a dossier file's text completely."""
    return check(parse_text(text, name=name))


def read_bytes(data: bytes, *, name: str = "") -> Dossier:
    """Read and check a dossier file's bytes completely (encoding and size included)."""
    return read(decode(data), name=name)


# ---------------------------------------------------------------------------------------------
# references inside the file


def _m(id_text: str, en_text: str) -> Message:
    return Message(id_text, en_text)


WHAT = {
    "region": ("wilayah", "region"),
    "organisation": ("organisasi", "organisation"),
    "earlier organisation": ("organisasi yang disebut lebih dulu", "earlier organisation"),
    "party": ("pihak", "party"),
    "activity": ("kegiatan", "activity"),
    "agreement": ("perjanjian", "agreement"),
    "forum": ("forum", "forum"),
    "meeting": ("rapat", "meeting"),
    "objective": ("tujuan", "objective"),
    "informant": ("informan", "informant"),
    "source": ("sumber", "source"),
    "code": ("kode", "code"),
    "earlier code": ("kode yang disebut lebih dulu", "earlier code"),
    "segment": ("segmen", "segment"),
    "partnership": ("kemitraan", "partnership"),
}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, id_text: str, en_text: str) -> None:
        self.problems.append(Problem(path, _m(id_text, en_text)))

    def refer(self, value: str, known: Iterable[str], path: str, what: str) -> None:
        if value and value not in set(known):
            word_id, word_en = WHAT[what]
            article = "an" if word_en[0] in "aeiou" else "a"
            self.add(
                path,
                f"{value!r} bukan {word_id} dalam dosir ini",
                f"{value!r} is not {article} {word_en} of this dossier",
            )

    def unique(self, keys: list[str], path: str, field: str) -> None:
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if key in seen:
                self.add(f"{path}[{index}].{field}", f"{key!r} dipakai dua kali",
                         f"{key!r} is used twice")  # fmt: skip
            seen.add(key)


def reference_problems(dossier: Dossier) -> list[Problem]:
    """Keys that repeat and references that lead nowhere, each with the field that names them."""
    c = _Checker()
    regions = [r.code for r in dossier.regions]
    organisations = [o.slug for o in dossier.organisations]
    c.unique(regions, "regions", "code")
    c.unique(organisations, "organisations", "slug")
    for i, org in enumerate(dossier.organisations):
        c.refer(org.parent, organisations[:i], f"organisations[{i}].parent", "earlier organisation")
        c.refer(org.region, regions, f"organisations[{i}].region", "region")
    c.unique([p.slug for p in dossier.partnerships], "partnerships", "slug")
    parties_of: dict[str, list[str]] = {}
    for index, partnership in enumerate(dossier.partnerships):
        parties_of[partnership.slug] = _partnership(
            c, partnership, f"partnerships[{index}]", regions, organisations
        )
    if dossier.study is not None:
        _study(c, dossier.study, dossier, parties_of, organisations)
    return c.problems


def _partnership(
    c: _Checker, p: Partnership, at: str, regions: list[str], organisations: list[str]
) -> list[str]:
    for i, location in enumerate(p.locations):
        c.refer(location, regions, f"{at}.locations[{i}]", "region")
    parties = [party.organisation for party in p.parties]
    c.unique(parties, f"{at}.parties", "organisation")
    for i, party in enumerate(p.parties):
        c.refer(party.organisation, organisations, f"{at}.parties[{i}].organisation",
                "organisation")  # fmt: skip
    objectives = [o.key for o in p.objectives] + [
        o.key for party in p.parties for o in party.objectives
    ]
    c.unique(objectives, f"{at}.objectives", "key")
    for i, objective in enumerate(p.objectives):
        for j, holder in enumerate(objective.held_by):
            c.refer(holder, parties, f"{at}.objectives[{i}].held_by[{j}]", "party")
    for i, party in enumerate(p.parties):
        for j, objective in enumerate(party.objectives):
            if objective.held_by:
                c.add(
                    f"{at}.parties[{i}].objectives[{j}].held_by",
                    "hanya tujuan bersama yang dipegang oleh pihak-pihak",
                    "only a joint objective is held by parties",
                )
    for i, absence in enumerate(p.absences):
        c.refer(absence.party, parties, f"{at}.absences[{i}].party", "party")
    for i, dependence in enumerate(p.dependences):
        c.refer(dependence.party, parties, f"{at}.dependences[{i}].party", "party")
        c.refer(dependence.on_party, parties, f"{at}.dependences[{i}].on_party", "party")
        if dependence.party == dependence.on_party:
            c.add(f"{at}.dependences[{i}].on_party", "pihak bergantung pada pihak lain",
                  "a party depends on another party")  # fmt: skip
    agreements = [a.key for a in p.agreements]
    c.unique(agreements, f"{at}.agreements", "key")
    _agreements(c, p.agreements, parties, at)
    agreement_keys = [a.key for a in p.agreements]
    for i, condition in enumerate(p.conditions):
        if condition.agreement:
            c.refer(
                condition.agreement, agreement_keys, f"{at}.conditions[{i}].agreement", "agreement"
            )
    activities = [a.key for a in p.activities]
    c.unique(activities, f"{at}.activities", "key")
    for i, activity in enumerate(p.activities):
        base = f"{at}.activities[{i}]"
        for j, other in enumerate(activity.depends_on):
            c.refer(other, activities, f"{base}.depends_on[{j}]", "activity")
            if other == activity.key:
                c.add(f"{base}.depends_on[{j}]", "kegiatan tidak dapat menunggu dirinya sendiri",
                      "an activity cannot wait for itself")  # fmt: skip
        for j, cell in enumerate(activity.responsibilities):
            c.refer(cell.party, parties, f"{base}.responsibilities[{j}].party", "party")
        accountable = [cell.party for cell in activity.responsibilities if "A" in cell.letters]
        if len(accountable) > 1:
            c.add(f"{base}.responsibilities", "paling banyak satu pihak akuntabel (A)",
                  "at most one party is accountable (A)")  # fmt: skip
    for i, update in enumerate(p.progress_updates):
        c.refer(update.activity, activities, f"{at}.progress_updates[{i}].activity", "activity")
    forums = [f.key for f in p.forums]
    c.unique(forums, f"{at}.forums", "key")
    meetings = [m.key for m in p.meetings]
    c.unique(meetings, f"{at}.meetings", "key")
    for i, meeting in enumerate(p.meetings):
        c.refer(meeting.forum, forums, f"{at}.meetings[{i}].forum", "forum")
        for j, attendee in enumerate(meeting.attendees):
            c.refer(attendee, parties, f"{at}.meetings[{i}].attendees[{j}]", "party")
    c.unique([d.key for d in p.decisions], f"{at}.decisions", "key")
    for i, decision in enumerate(p.decisions):
        c.refer(decision.meeting, meetings, f"{at}.decisions[{i}].meeting", "meeting")
        for j, entry in enumerate(decision.involvement):
            c.refer(entry.party, parties, f"{at}.decisions[{i}].involvement[{j}].party", "party")
    for i, t in enumerate(p.transactions):
        base = f"{at}.transactions[{i}]"
        c.refer(t.provider, parties, f"{base}.provider", "party")
        c.refer(t.receiver, parties, f"{base}.receiver", "party")
        c.refer(t.activity, activities, f"{base}.activity", "activity")
    for i, handover in enumerate(p.handovers):
        base = f"{at}.handovers[{i}]"
        c.refer(handover.from_party, parties, f"{base}.from_party", "party")
        c.refer(handover.to_party, parties, f"{base}.to_party", "party")
        c.refer(handover.agreement, agreements, f"{base}.agreement", "agreement")
        if handover.from_party == handover.to_party:
            c.add(f"{base}.to_party", "aset diserahkan kepada pihak lain",
                  "an asset is handed over to another party")  # fmt: skip
    c.unique([ind.key for ind in p.indicators], f"{at}.indicators", "key")
    for i, indicator in enumerate(p.indicators):
        c.refer(indicator.accountable, parties, f"{at}.indicators[{i}].accountable", "party")
        c.refer(indicator.objective, objectives, f"{at}.indicators[{i}].objective", "objective")
    return parties


def _agreements(
    c: _Checker, agreements: tuple[Agreement, ...], parties: list[str], at: str
) -> None:
    for i, agreement in enumerate(agreements):
        for j, signatory in enumerate(agreement.parties):
            c.refer(signatory, parties, f"{at}.agreements[{i}].parties[{j}]", "party")


def study_partnerships(dossier: Dossier) -> list[str]:
    """The slugs of the partnerships the study covers (every one when it names none)."""
    if dossier.study is None:
        return []
    return list(dossier.study.partnerships) or [p.slug for p in dossier.partnerships]


def party_of(reference: str, parties_of: dict[str, list[str]]) -> tuple[str, str] | None:
    """(partnership slug, organisation slug) of a study's party reference, when it names
    exactly one party of the covered partnerships."""
    if "/" in reference:
        slug, organisation = reference.split("/", 1)
        if organisation in parties_of.get(slug, []):
            return slug, organisation
        return None
    found = [(slug, reference) for slug, parties in parties_of.items() if reference in parties]
    return found[0] if len(found) == 1 else None


def _study(
    c: _Checker,
    study: Study,
    dossier: Dossier,
    all_parties: dict[str, list[str]],
    organisations: list[str],
) -> None:
    for i, slug in enumerate(study.partnerships):
        c.refer(slug, all_parties, f"study.partnerships[{i}]", "partnership")
    covered = {slug: all_parties.get(slug, []) for slug in study_partnerships(dossier)}

    def party(reference: str, path: str) -> None:
        if not reference or party_of(reference, covered) is not None:
            return
        bare = reference.rsplit("/", 1)[-1]
        if "/" not in reference and sum(bare in p for p in covered.values()) > 1:
            c.add(
                path,
                f"{reference!r} adalah pihak di beberapa kemitraan: tulis 'slug-kemitraan/"
                f"{reference}'",
                f"{reference!r} is a party of several partnerships: write "
                f"'partnership-slug/{reference}'",
            )
        else:
            c.refer(reference, [], path, "party")

    informants = [inf.code for inf in study.informants]
    c.unique(informants, "study.informants", "code")
    for i, informant in enumerate(study.informants):
        base = f"study.informants[{i}]"
        party(informant.party, f"{base}.party")
        c.refer(informant.organisation, organisations, f"{base}.organisation", "organisation")
        c.refer(informant.referred_by, informants, f"{base}.referred_by", "informant")
        if informant.referred_by == informant.code:
            c.add(f"{base}.referred_by", "informan tidak dapat merujuk dirinya sendiri",
                  "an informant cannot refer itself")  # fmt: skip
    sources = {s.key: s for s in study.sources}
    c.unique([s.key for s in study.sources], "study.sources", "key")
    for i, source in enumerate(study.sources):
        for j, voice in enumerate(source.informants):
            c.refer(voice, informants, f"study.sources[{i}].informants[{j}]", "informant")
        party(source.party, f"study.sources[{i}].party")
    codes = [code.key for code in study.codes]
    c.unique(codes, "study.codes", "key")
    for i, code in enumerate(study.codes):
        c.refer(code.parent, codes[:i], f"study.codes[{i}].parent", "earlier code")
        party(code.party, f"study.codes[{i}].party")
    segments = [s.key for s in study.segments]
    c.unique(segments, "study.segments", "key")
    for i, segment in enumerate(study.segments):
        base = f"study.segments[{i}]"
        c.refer(segment.source, sources, f"{base}.source", "source")
        for j, code_key in enumerate(segment.codes):
            c.refer(code_key, codes, f"{base}.codes[{j}]", "code")
        if segment.end <= segment.start:
            c.add(f"{base}.end", "harus lebih besar daripada start", "must be greater than start")
        elif segment.source in sources and segment.end > len(sources[segment.source].text):
            c.add(f"{base}.end", "melewati akhir teks sumbernya",
                  "lies beyond the end of the source's text")  # fmt: skip
    for i, finding in enumerate(study.findings):
        base = f"study.findings[{i}]"
        party(finding.party, f"{base}.party")
        for side in ("supporting", "contradicting"):
            for j, key in enumerate(getattr(finding, side)):
                c.refer(key, segments, f"{base}.{side}[{j}]", "segment")
    c.unique([f.key for f in study.findings], "study.findings", "key")


# ---------------------------------------------------------------------------------------------
# writing


def to_data(dossier: Dossier) -> dict[str, Any]:
    """A JSON-ready copy: fields in the model's order, defaults left out but the header."""
    data: dict[str, Any] = dossier.model_dump(mode="json", exclude_defaults=True)
    header = {"format": dossier.format, "version": dossier.version}
    return {**header, **{key: value for key, value in data.items() if key not in header}}


def write(dossier: Dossier, *, form: str = "json") -> str:
    """The dossier as text, JSON (default) or YAML, in canonical order."""
    data = to_data(dossier)
    if form == "yaml":
        dumped: str = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
        return dumped
    if form != "json":
        raise ValueError(f"unknown format {form!r}: json or yaml")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
