"""The partnership dossier, format 1: one file for a whole case, as plain frozen dataclasses.

Pure Python: reading and writing JSON and YAML, checking the file against its JSON Schema
(``schema/dossier-1.schema.json``) and checking that every reference inside it resolves. The
database side lives in ``importer`` and ``exporter``. docs/dossier.md describes the format.

Conventions: dates are ISO strings (``2012-12-21``), amounts are decimal strings
(``"1500000000.00"``), records refer to each other by the keys the file gives them, parties
by their organisation's slug, regions by their official code. On writing, keys come in the
order of the fields below and a field holding its default is left out, so that the same case
always gives the same file.
"""

import dataclasses
import json
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, TypeVar, Union

import yaml

FORMAT = "semanggi-dossier"
VERSION = 1
SCHEMA_FILE = "dossier-1.schema.json"

T = TypeVar("T")


@dataclass(frozen=True)
class Region:
    code: str
    name: str = ""


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    kind: str
    acronym: str = ""
    parent: str = ""
    region: str = ""
    iati_identifier: str = ""
    description: str = ""
    description_en: str = ""
    is_pseudonymous: bool = False


@dataclass(frozen=True)
class Objective:
    key: str
    text: str
    text_en: str = ""


@dataclass(frozen=True)
class Contribution:
    kind: str
    description: str
    description_en: str = ""
    planned_value: str | None = None
    realised_value: str | None = None
    values_illustrative: bool = False


@dataclass(frozen=True)
class Party:
    organisation: str
    roles: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = ()
    contributions: tuple[Contribution, ...] = ()


@dataclass(frozen=True)
class Agreement:
    key: str
    kind: str
    title: str
    title_en: str = ""
    number: str = ""
    signed_on: str | None = None
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    kind: str
    text: str
    text_en: str = ""
    agreement: str = ""


@dataclass(frozen=True)
class Responsibility:
    party: str
    letters: str


@dataclass(frozen=True)
class Activity:
    key: str
    title: str
    planned_start: str
    planned_end: str
    title_en: str = ""
    description: str = ""
    actual_start: str | None = None
    actual_end: str | None = None
    percent_complete: int = 0
    last_update_on: str | None = None
    illustrative: bool = False
    depends_on: tuple[str, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()


@dataclass(frozen=True)
class ProgressUpdate:
    activity: str
    reported_on: str
    percent_complete: int
    narrative: str


@dataclass(frozen=True)
class Forum:
    key: str
    kind: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Meeting:
    key: str
    held_on: str
    title: str
    forum: str = ""
    attendees: tuple[str, ...] = ()
    agenda: str = ""
    minutes: str = ""


@dataclass(frozen=True)
class Involvement:
    party: str
    involvement: str


@dataclass(frozen=True)
class Decision:
    key: str
    decided_on: str
    subject: str
    text: str
    meeting: str = ""
    involvement: tuple[Involvement, ...] = ()


@dataclass(frozen=True)
class Transaction:
    type: str
    amount: str
    transacted_on: str
    provider: str = ""
    receiver: str = ""
    activity: str = ""
    description: str = ""
    due_on: str | None = None
    values_illustrative: bool = False


@dataclass(frozen=True)
class Handover:
    asset: str
    from_party: str
    to_party: str
    asset_en: str = ""
    handed_over_on: str | None = None
    agreement: str = ""


@dataclass(frozen=True)
class Period:
    period_start: str
    period_end: str
    target: str
    actual: str | None = None
    approved: bool = False
    illustrative: bool = False


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    kind: str
    unit: str
    accountable: str
    name_en: str = ""
    baseline: str = "0.00"
    objective: str = ""
    periods: tuple[Period, ...] = ()


@dataclass(frozen=True)
class Closure:
    closing_note: str
    sustainability: str
    closed_on: str | None = None


@dataclass(frozen=True)
class Partnership:
    slug: str
    title: str
    sector: str
    title_en: str = ""
    programme: str = ""
    description: str = ""
    description_en: str = ""
    status: str = "1"
    phase: str = "planning"
    planned_start: str | None = None
    planned_end: str | None = None
    actual_start: str | None = None
    actual_end: str | None = None
    no_agreement_reason: str = ""
    is_published: bool = False
    locations: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = ()
    parties: tuple[Party, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    conditions: tuple[Condition, ...] = ()
    activities: tuple[Activity, ...] = ()
    progress_updates: tuple[ProgressUpdate, ...] = ()
    forums: tuple[Forum, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    decisions: tuple[Decision, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    handovers: tuple[Handover, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    closure: Closure | None = None


@dataclass(frozen=True)
class Informant:
    """A person the study heard, by code and role label only: never a name or a contact."""

    code: str
    label: str
    sampling: str
    role: str = ""
    party: str = ""
    organisation: str = ""
    referred_by: str = ""
    met_where: str = ""
    met_on: str | None = None
    consent_on: str | None = None
    consent_withdrawn_on: str | None = None


@dataclass(frozen=True)
class Source:
    key: str
    kind: str
    title: str
    text: str
    collected_on: str | None = None
    place: str = ""
    informants: tuple[str, ...] = ()
    party: str = ""
    caption: str = ""


@dataclass(frozen=True)
class Code:
    key: str
    name: str
    parent: str = ""
    description: str = ""
    colour: str = "#1f6f43"
    function: str = ""
    indicator: str = ""
    direction: int = 1
    party: str = ""


@dataclass(frozen=True)
class Segment:
    key: str
    source: str
    start: int
    end: int
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    key: str
    statement: str
    statement_en: str = ""
    function: str = ""
    indicator: str = ""
    direction: int = 1
    party: str = ""
    model_label: str = ""
    supporting: tuple[str, ...] = ()
    contradicting: tuple[str, ...] = ()
    verified: bool = False


@dataclass(frozen=True)
class Study:
    title: str
    research_questions: str = ""
    status: str = "planned"
    min_informants: int = 2
    min_source_kinds: int = 2
    min_parties: int = 2
    informants: tuple[Informant, ...] = ()
    sources: tuple[Source, ...] = ()
    codes: tuple[Code, ...] = ()
    segments: tuple[Segment, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Dossier:
    partnership: Partnership
    format: str = FORMAT
    version: int = VERSION
    note: str = ""
    regions: tuple[Region, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    study: Study | None = None


# Key order on writing: the header first, then the case from the outside in.
TOP_ORDER = ("format", "version", "note", "regions", "organisations", "partnership", "study")
# The header says what the file is even when it holds the defaults.
ALWAYS_WRITTEN = frozenset({"format", "version"})


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: ``path`` names the field, e.g.
    ``partnership.parties[1].contributions[0].kind``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DossierError(ValueError):
    """A dossier that cannot be used; ``problems`` lists every field at fault."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# ---------------------------------------------------------------------------------------------
# dict <-> dataclasses


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def to_data(value: Any) -> Any:
    """A JSON-ready copy: fields in declaration order, defaults left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: field for field in dataclasses.fields(value)}
        names = TOP_ORDER if isinstance(value, Dossier) else tuple(fields)
        result = {}
        for name in names:
            field = fields[name]
            item = getattr(value, name)
            if name in ALWAYS_WRITTEN:
                pass
            elif field.default is not dataclasses.MISSING and item == field.default:
                continue
            if field.default_factory is not dataclasses.MISSING and item == field.default_factory():
                continue
            result[name] = to_data(item)
        return result
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


def from_data(kind: Any, raw: Any) -> Any:
    """Build ``kind`` from checked data (the schema has already vouched for the types)."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        if raw is None:
            return None
        [option] = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_data(option, raw)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        return tuple(from_data(item_kind, item) for item in raw)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(
            **{
                field.name: from_data(hints[field.name], raw[field.name])
                for field in dataclasses.fields(kind)
                if field.name in raw
            }
        )
    return raw


# ---------------------------------------------------------------------------------------------
# reading


def _normalise(value: Any) -> Any:
    """YAML reads unquoted dates as dates and amounts as numbers: make them the strings the
    format holds (JSON files already have them so)."""
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
    if name.endswith((".yaml", ".yml")):
        try:
            return _normalise(yaml.safe_load(text))
        except yaml.YAMLError as error:
            raise DossierError([Problem("", f"not valid YAML: {error}")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DossierError(
            [
                Problem(
                    "", f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
                )
            ]
        ) from None


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of format 1 (draft 2020-12)."""
    text = resources.files("semanggi.dossier").joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def path_text(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def schema_problems(raw: Any) -> list[Problem]:
    """Every place where ``raw`` breaks the schema, in file order."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for error in sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.path]):
        message = error.message
        if error.validator == "additionalProperties" and "informants" in error.path:
            message += " (a dossier never carries an informant's real name or contact)"
        problems.append(Problem(path_text(error.path), message))
    return problems


def _unique(keys: list[str], path: str, field: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            yield Problem(f"{path}[{index}].{field}", f"{key!r} is used twice")
        seen.add(key)


def reference_problems(dossier: Dossier) -> list[Problem]:
    """Keys that repeat and references that lead nowhere, each with the field that names them."""
    problems: list[Problem] = []
    add = problems.extend

    def refer(value: str, known: Iterable[str], path: str, what: str) -> None:
        if value and value not in known:
            article = "an" if what[0] in "aeiou" else "a"
            problems.append(Problem(path, f"{value!r} is not {article} {what} of this dossier"))

    regions = [r.code for r in dossier.regions]
    organisations = [o.slug for o in dossier.organisations]
    add(_unique(regions, "regions", "code"))
    add(_unique(organisations, "organisations", "slug"))
    for i, org in enumerate(dossier.organisations):
        refer(org.parent, organisations[:i], f"organisations[{i}].parent", "earlier organisation")
        refer(org.region, regions, f"organisations[{i}].region", "region")

    p = dossier.partnership
    for i, location in enumerate(p.locations):
        refer(location, regions, f"partnership.locations[{i}]", "region")
    parties = [party.organisation for party in p.parties]
    add(_unique(parties, "partnership.parties", "organisation"))
    for i, party in enumerate(p.parties):
        refer(party.organisation, organisations, f"partnership.parties[{i}].organisation",
              "organisation")  # fmt: skip
    objectives = [o.key for o in p.objectives] + [
        o.key for party in p.parties for o in party.objectives
    ]
    add(_unique(objectives, "objectives", "key"))
    agreements = [a.key for a in p.agreements]
    add(_unique(agreements, "partnership.agreements", "key"))
    for i, agreement in enumerate(p.agreements):
        for j, signatory in enumerate(agreement.parties):
            refer(signatory, parties, f"partnership.agreements[{i}].parties[{j}]", "party")
    activities = [a.key for a in p.activities]
    add(_unique(activities, "partnership.activities", "key"))
    for i, activity in enumerate(p.activities):
        base = f"partnership.activities[{i}]"
        for j, other in enumerate(activity.depends_on):
            refer(other, activities, f"{base}.depends_on[{j}]", "activity")
            if other == activity.key:
                problems.append(
                    Problem(f"{base}.depends_on[{j}]", "an activity cannot wait for itself")
                )
        for j, cell in enumerate(activity.responsibilities):
            refer(cell.party, parties, f"{base}.responsibilities[{j}].party", "party")
        accountable = [c.party for c in activity.responsibilities if "A" in c.letters]
        if len(accountable) > 1:
            problems.append(
                Problem(f"{base}.responsibilities", "at most one party is accountable (A)")
            )
    for i, update in enumerate(p.progress_updates):
        refer(
            update.activity, activities, f"partnership.progress_updates[{i}].activity", "activity"
        )
    forums = [f.key for f in p.forums]
    add(_unique(forums, "partnership.forums", "key"))
    meetings = [m.key for m in p.meetings]
    add(_unique(meetings, "partnership.meetings", "key"))
    for i, meeting in enumerate(p.meetings):
        refer(meeting.forum, forums, f"partnership.meetings[{i}].forum", "forum")
        for j, attendee in enumerate(meeting.attendees):
            refer(attendee, parties, f"partnership.meetings[{i}].attendees[{j}]", "party")
    add(_unique([d.key for d in p.decisions], "partnership.decisions", "key"))
    for i, decision in enumerate(p.decisions):
        refer(decision.meeting, meetings, f"partnership.decisions[{i}].meeting", "meeting")
        for j, entry in enumerate(decision.involvement):
            refer(entry.party, parties, f"partnership.decisions[{i}].involvement[{j}].party",
                  "party")  # fmt: skip
    for i, t in enumerate(p.transactions):
        base = f"partnership.transactions[{i}]"
        refer(t.provider, parties, f"{base}.provider", "party")
        refer(t.receiver, parties, f"{base}.receiver", "party")
        refer(t.activity, activities, f"{base}.activity", "activity")
    for i, condition in enumerate(p.conditions):
        refer(
            condition.agreement, agreements, f"partnership.conditions[{i}].agreement", "agreement"
        )
    for i, handover in enumerate(p.handovers):
        base = f"partnership.handovers[{i}]"
        refer(handover.from_party, parties, f"{base}.from_party", "party")
        refer(handover.to_party, parties, f"{base}.to_party", "party")
        refer(handover.agreement, agreements, f"{base}.agreement", "agreement")
        if handover.from_party == handover.to_party:
            problems.append(Problem(f"{base}.to_party", "an asset is handed over to another party"))
    add(_unique([ind.key for ind in p.indicators], "partnership.indicators", "key"))
    for i, indicator in enumerate(p.indicators):
        base = f"partnership.indicators[{i}]"
        refer(indicator.accountable, parties, f"{base}.accountable", "party")
        refer(indicator.objective, objectives, f"{base}.objective", "objective")

    study = dossier.study
    if study is not None:
        informants = [inf.code for inf in study.informants]
        add(_unique(informants, "study.informants", "code"))
        for i, informant in enumerate(study.informants):
            base = f"study.informants[{i}]"
            refer(informant.party, parties, f"{base}.party", "party")
            refer(informant.organisation, organisations, f"{base}.organisation", "organisation")
            refer(informant.referred_by, informants, f"{base}.referred_by", "informant")
            if informant.referred_by == informant.code:
                problems.append(Problem(f"{base}.referred_by", "an informant cannot refer itself"))
        sources = {s.key: s for s in study.sources}
        add(_unique([s.key for s in study.sources], "study.sources", "key"))
        for i, source in enumerate(study.sources):
            for j, voice in enumerate(source.informants):
                refer(voice, informants, f"study.sources[{i}].informants[{j}]", "informant")
            refer(source.party, parties, f"study.sources[{i}].party", "party")
        codes = [c.key for c in study.codes]
        add(_unique(codes, "study.codes", "key"))
        for i, code in enumerate(study.codes):
            refer(code.parent, codes[:i], f"study.codes[{i}].parent", "earlier code")
            refer(code.party, parties, f"study.codes[{i}].party", "party")
        segments = [s.key for s in study.segments]
        add(_unique(segments, "study.segments", "key"))
        for i, segment in enumerate(study.segments):
            base = f"study.segments[{i}]"
            refer(segment.source, sources, f"{base}.source", "source")
            for j, code_key in enumerate(segment.codes):
                refer(code_key, codes, f"{base}.codes[{j}]", "code")
            if segment.end <= segment.start:
                problems.append(Problem(f"{base}.end", "must be greater than start"))
            elif segment.source in sources and segment.end > len(sources[segment.source].text):
                problems.append(Problem(f"{base}.end", "lies beyond the end of the source's text"))
        for i, finding in enumerate(study.findings):
            base = f"study.findings[{i}]"
            refer(finding.party, parties, f"{base}.party", "party")
            for side in ("supporting", "contradicting"):
                for j, key in enumerate(getattr(finding, side)):
                    refer(key, segments, f"{base}.{side}[{j}]", "segment")
        add(_unique([f.key for f in study.findings], "study.findings", "key"))
    return problems


def read(text: str, *, name: str = "") -> Dossier:
    """Read and check a dossier file completely; DossierError lists every problem found."""
    raw = parse_text(text, name=name)
    problems = schema_problems(raw)
    if problems:
        raise DossierError(problems)
    dossier: Dossier = from_data(Dossier, raw)
    problems = reference_problems(dossier)
    if problems:
        raise DossierError(problems)
    return dossier


# ---------------------------------------------------------------------------------------------
# writing


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
