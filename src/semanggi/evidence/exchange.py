"""A study as a REFI-QDA project (``.qdpx``) and its codebook (``.qdc``), and back.

The mapping (domain brief, section 4):

- informant → Case named by its pseudonym ("INF-03 (staf Dinkes)"), with sampling, referrer,
  role, organisation, party, where and when met and consent as Variables; the referral is a
  one-way Link from the referrer's case to the referred one. Real names and contacts are
  never exported.
- source → TextSource; its kind, its type of document and its party are Sets of sources (so
  other tools show them as document groups); date, place, caption and description travel in
  the source's Description as one ``semanggi:source {json}`` line.
- segment → PlainTextSelection with one Coding per code.
- code → Code; what it is evidence for (function, indicator reading, party) are Sets of codes.
- memo → Note on what it is about (an informant's memo: a Link from the note to the case).
- finding → Note (``semanggi:finding {json}``) on its supporting selections, a second Note on
  the contradicting ones, and a Set of the sources and codes of its evidence.
- the study's status and triangulation rules → a project Note ``semanggi:study {json}``.

Material of informants who withdrew consent is not exported (their case stays, with the
date of withdrawal). User accounts are not exported, and verification is not: it is an act
in this Semanggi, not part of the evidence. The same study therefore exports to the same
bytes, and a study exported, imported and exported again gives the same bytes again.
"""

import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby
from typing import Any

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from semanggi import __version__
from semanggi.access.services import AccessRefused, access_request_partnership
from semanggi.bounds import EARLIEST, LATEST
from semanggi.core import utf8
from semanggi.core.assessment.indicators import NAMES as INDICATOR_NAMES
from semanggi.core.text import Message
from semanggi.evidence.models import (
    Code,
    Direction,
    DocumentType,
    Finding,
    Function,
    Indicator,
    Informant,
    Memo,
    Sampling,
    Segment,
    Source,
    SourceKind,
    Study,
    StudyStatus,
)
from semanggi.evidence.selectors import withdrawn_sources
from semanggi.evidence.services import ServiceError
from semanggi.evidence.texts import source_text_write
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Party
from semanggi.refiqda import RefiImportError, export_qdc, export_qdpx, import_qdc, import_qdpx
from semanggi.refiqda.model import (
    Case,
    Link,
    LinkDirection,
    Note,
    PlainTextSelection,
    Project,
    Set,
    TextSource,
    Variable,
    VariableType,
    VariableValue,
    derived_guid,
)
from semanggi.refiqda.model import Code as QdaCode
from semanggi.refiqda.report import ImportReport, Reporter

ORIGIN = f"Semanggi {__version__}"
MARK = "semanggi:"

KIND_NAMES = {
    "interview": ("Transkrip wawancara", "Interview transcript"),
    "document": ("Dokumen", "Document"),
    "observation": ("Catatan pengamatan", "Observation note"),
    "field_note": ("Catatan lapangan", "Field note"),
}
DOCUMENT_NAMES = {
    "mou": ("MoU atau perjanjian", "MoU or agreement"),
    "report": ("Laporan", "Report"),
    "news": ("Berita", "News"),
    "photo": ("Foto dengan keterangan", "Photo with caption"),
    "other": ("Dokumen lain", "Other document"),
}
FUNCTION_NAMES = {
    "planning": ("Perencanaan", "Planning"),
    "organizing": ("Pengorganisasian", "Organizing"),
    "actuating": ("Penggerakan", "Actuating"),
    "controlling": ("Pengendalian", "Controlling"),
}
# Informant facts as case variables, in the order they are written.
VARIABLES: tuple[tuple[str, VariableType, str], ...] = (
    ("sampling", VariableType.TEXT, "purposive / snowball / accidental"),
    ("referred_by", VariableType.TEXT, "code of the informant who referred (snowball)"),
    ("role", VariableType.TEXT, "role"),
    ("organisation", VariableType.TEXT, "organisation (Semanggi slug)"),
    ("party", VariableType.TEXT, "party (Semanggi organisation slug)"),
    ("met_where", VariableType.TEXT, "where met (accidental sampling)"),
    ("met_on", VariableType.DATE, "when met"),
    ("consent_on", VariableType.DATE, "consent given on"),
    ("consent_form", VariableType.TEXT, "consent form"),
    ("consent_withdrawn_on", VariableType.DATE, "consent withdrawn on"),
)
_CASE_NAME = re.compile(r"^(?P<code>.+?) \((?P<label>.*)\)$", re.DOTALL)


def _guid(*parts: str) -> str:
    return derived_guid("semanggi", *parts)


def _variable_guid(name: str) -> str:
    return _guid("variable", name)


def _marker(kind: str, data: Any) -> str:
    if isinstance(data, dict):
        return f"{MARK}{kind} {json.dumps(data, ensure_ascii=False, sort_keys=True)}"
    return f"{MARK}{kind} {data}"


def _read_marker(description: str) -> tuple[str, str] | None:
    if not description.startswith(MARK):
        return None
    head, _, rest = description[len(MARK) :].partition(" ")
    return head, rest


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- Export -----------------------------------------------------------------------------------


def study_project(*, study: Study) -> Project:
    """The study as a REFI-QDA project (ten queries, whatever its size)."""
    excluded = set(withdrawn_sources(study.pk).values_list("source_id", flat=True))
    codes = _tree_order(
        list(Code.objects.filter(study=study).select_related("party__organisation"))
    )
    position = {code.pk: n for n, code in enumerate(codes)}
    informants = list(
        Informant.objects.filter(study=study)
        .defer("real_name", "contact", "referred_by__real_name", "referred_by__contact")
        .select_related("organisation", "party__organisation", "referred_by")
        .order_by("pk")
    )
    sources = [
        s
        for s in Source.objects.filter(study=study)
        .select_related("party__organisation")
        .order_by("pk")
        if s.pk not in excluded
    ]
    source_guid = {s.pk: str(s.guid) for s in sources}
    heard: dict[int, list[int]] = defaultdict(list)
    for source_id, informant_id in (
        Source.informants.through.objects.filter(source__study=study)
        .order_by("source_id")
        .values_list("source_id", "informant_id")
    ):
        if source_id in source_guid:
            heard[informant_id].append(source_id)
    segments = [
        row
        for row in Segment.objects.filter(source__study=study)
        .order_by("source_id", "start", "end", "pk")
        .values_list("pk", "guid", "source_id", "start", "end")
        if row[2] in source_guid
    ]
    segment_guid = {pk: str(guid) for pk, guid, *_ in segments}
    segment_source = {pk: source_id for pk, _, source_id, *_ in segments}
    code_guid = {c.pk: str(c.guid) for c in codes}
    coded: dict[int, list[int]] = defaultdict(list)
    for segment_id, code_id in (
        Segment.codes.through.objects.filter(segment__source__study=study)
        .order_by("segment_id", "code_id")
        .values_list("segment_id", "code_id")
    ):
        if segment_id in segment_guid:
            coded[segment_id].append(code_id)
    for codes_of_segment in coded.values():
        codes_of_segment.sort(key=position.__getitem__)

    selections = tuple(
        PlainTextSelection(
            guid=str(guid),
            source_guid=source_guid[source_id],
            start=start,
            end=end,
            codings=tuple(code_guid[c] for c in coded.get(pk, ())),
        )
        for pk, guid, source_id, start, end in segments
    )
    notes, note_refs, links, finding_sets = _notes(
        study, informants, source_guid, segment_guid, segment_source, coded, code_guid, position
    )
    return Project(
        name=study.title,
        origin=ORIGIN,
        codes=_code_tree(codes),
        sources=tuple(
            TextSource(str(s.guid), s.title, s.text, description=_source_description(s))
            for s in sources
        ),
        selections=selections,
        cases=tuple(_case(i, heard, source_guid) for i in informants),
        variables=(
            tuple(Variable(_variable_guid(n), n, t, d) for n, t, d in VARIABLES)
            if informants
            else ()
        ),
        notes=notes,
        sets=_sets(codes, sources) + finding_sets,
        links=tuple(_referrals(informants)) + links,
        description=study.research_questions,
        note_refs=note_refs,
    )


def _tree_order(codes: list[Code]) -> list[Code]:
    """Codes parents first, children in the order they were made: the order of the file, so
    that a study imported from it writes its codes back in the same order."""
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in sorted(codes, key=lambda c: c.pk):
        children[code.parent_id].append(code)
    ordered: list[Code] = []

    def walk(parent: int | None) -> None:
        for code in children.get(parent, []):
            ordered.append(code)
            walk(code.pk)

    walk(None)
    return ordered


def _code_tree(codes: list[Code]) -> tuple[QdaCode, ...]:
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)

    def build(code: Code) -> QdaCode:
        return QdaCode(
            guid=str(code.guid),
            name=code.name,
            color=code.colour or None,
            description=code.description,
            is_codable=code.codable,
            children=tuple(build(child) for child in children.get(code.pk, [])),
        )

    return tuple(build(code) for code in children.get(None, []))


def _source_description(source: Source) -> str:
    data = {
        "date": source.collected_on.isoformat() if source.collected_on else "",
        "place": source.place,
        "caption": source.caption,
        "description": source.description,
        "file": source.original_name,
    }
    data = {k: v for k, v in data.items() if v}
    return _marker("source", data) if data else ""


def _slug(party: Party | None) -> str:
    return party.organisation.slug if party is not None else ""


def _case(informant: Informant, heard: dict[int, list[int]], guids: dict[int, str]) -> Case:
    values: dict[str, Any] = {
        "sampling": informant.sampling,
        "referred_by": informant.referred_by.code if informant.referred_by else "",
        "role": informant.role,
        "organisation": informant.organisation.slug if informant.organisation else "",
        "party": _slug(informant.party),
        "met_where": informant.met_where,
        "met_on": informant.met_on,
        "consent_on": informant.consent_on,
        "consent_form": informant.consent_form,
        "consent_withdrawn_on": informant.consent_withdrawn_on,
    }
    return Case(
        guid=str(informant.guid),
        name=f"{informant.code} ({informant.label})",
        description="",
        values=tuple(
            VariableValue(_variable_guid(name), values[name])
            for name, _, _ in VARIABLES
            if values[name] not in ("", None)
        ),
        source_refs=tuple(guids[s] for s in heard.get(informant.pk, [])),
    )


def _referrals(informants: list[Informant]) -> Iterable[Link]:
    guids = {i.pk: str(i.guid) for i in informants}
    for informant in informants:
        if informant.referred_by_id in guids:
            yield Link(
                _guid("referral", str(informant.guid)),
                guids[informant.referred_by_id],  # type: ignore[index]
                str(informant.guid),
                LinkDirection.ONE_WAY,
                "merujuk / referred",
            )


def _sets(codes: list[Code], sources: list[Source]) -> tuple[Set, ...]:
    result: list[Set] = []
    for kind, (name_id, name_en) in KIND_NAMES.items():
        members = tuple(str(s.guid) for s in sources if s.kind == kind)
        if members:
            result.append(
                Set(
                    _guid("set", "source-kind", kind),
                    f"Jenis sumber: {name_id} / Source kind: {name_en}",
                    _marker("source-kind", kind),
                    member_sources=members,
                )
            )
    for kind, (name_id, name_en) in DOCUMENT_NAMES.items():
        members = tuple(str(s.guid) for s in sources if s.document_type == kind)
        if members:
            result.append(
                Set(
                    _guid("set", "document-type", kind),
                    f"Jenis dokumen: {name_id} / Document type: {name_en}",
                    _marker("document-type", kind),
                    member_sources=members,
                )
            )
    for function, (name_id, name_en) in FUNCTION_NAMES.items():
        members = tuple(str(c.guid) for c in codes if c.function == function)
        if members:
            result.append(
                Set(
                    _guid("set", "function", function),
                    f"Fungsi manajemen: {name_id} / Management function: {name_en}",
                    _marker("function", function),
                    member_codes=members,
                )
            )
    for indicator in Indicator.values:
        names = INDICATOR_NAMES[indicator]
        for direction, word_id, word_en in ((1, "tinggi", "high"), (-1, "rendah", "low")):
            members = tuple(
                str(c.guid) for c in codes if c.indicator == indicator and c.direction == direction
            )
            if members:
                result.append(
                    Set(
                        _guid("set", "indicator", indicator, str(direction)),
                        f"{indicator} {names.id} ({word_id}) / {indicator} {names.en} ({word_en})",
                        _marker("indicator", f"{indicator} {direction}"),
                        member_codes=members,
                    )
                )
    parties: dict[str, tuple[str, list[str], list[str]]] = {}
    for code in codes:
        if code.party is not None:
            entry = parties.setdefault(_slug(code.party), (code.party.organisation.name, [], []))
            entry[1].append(str(code.guid))
    for source in sources:
        if source.party is not None:
            entry = parties.setdefault(
                _slug(source.party), (source.party.organisation.name, [], [])
            )
            entry[2].append(str(source.guid))
    for slug in sorted(parties):
        name, member_codes, member_sources = parties[slug]
        result.append(
            Set(
                _guid("set", "party", slug),
                f"Pihak / Party: {name}",
                _marker("party", slug),
                member_codes=tuple(member_codes),
                member_sources=tuple(member_sources),
            )
        )
    return tuple(result)


def _notes(
    study: Study,
    informants: list[Informant],
    source_guid: dict[int, str],
    segment_guid: dict[int, str],
    segment_source: dict[int, int],
    coded: dict[int, list[int]],
    code_guid: dict[int, str],
    position: dict[int, int],
) -> tuple[tuple[Note, ...], tuple[str, ...], tuple[Link, ...], tuple[Set, ...]]:
    settings = Note(
        _guid("study"),
        "Pengaturan studi / Study settings",
        "Status dan aturan triangulasi studi Semanggi / "
        "Status and triangulation rules of a Semanggi study",
        description=_marker(
            "study",
            {
                "status": study.status,
                "min_informants": study.min_informants,
                "min_source_kinds": study.min_source_kinds,
                "min_sources": study.min_sources,
                "min_parties": study.min_parties,
            },
        ),
    )
    notes = [settings]
    note_refs = [settings.guid]
    links: list[Link] = []
    case_guid = {i.pk: str(i.guid) for i in informants}
    for memo in Memo.objects.filter(study=study).order_by("pk"):
        note = Note(str(memo.guid), memo.title, memo.text)
        if memo.segment_id is not None:
            if memo.segment_id not in segment_guid:
                continue
            note = replace(note, targets=(segment_guid[memo.segment_id],))
        elif memo.source_id is not None:
            if memo.source_id not in source_guid:
                continue
            note = replace(note, targets=(source_guid[memo.source_id],))
        elif memo.code_id is not None:
            note = replace(note, targets=(code_guid[memo.code_id],))
        elif memo.informant_id is not None:
            links.append(
                Link(
                    _guid("memo-on", note.guid),
                    note.guid,
                    case_guid[memo.informant_id],
                    LinkDirection.ONE_WAY,
                    "memo",
                )
            )
        else:
            note_refs.append(note.guid)
        notes.append(note)

    findings = list(
        Finding.objects.filter(study=study).select_related("party__organisation").order_by("pk")
    )
    sides: dict[tuple[int, str], list[int]] = defaultdict(list)
    for through, side in (
        (Finding.supporting.through, "for"),
        (Finding.contradicting.through, "against"),
    ):
        for finding_id, segment_id in (
            through.objects.filter(finding__study=study)
            .order_by("segment__source_id", "segment__start", "segment__end", "segment_id")
            .values_list("finding_id", "segment_id")
        ):
            if segment_id in segment_guid:
                sides[(finding_id, side)].append(segment_id)
    sets = []
    for finding in findings:
        data = {
            "function": finding.function,
            "indicator": finding.indicator,
            "direction": finding.direction,
            "party": _slug(finding.party),
            "model": finding.model_label,
            "statement_en": finding.statement_en,
        }
        note = Note(
            str(finding.guid),
            "Temuan / Finding",
            finding.statement,
            description=_marker("finding", {k: v for k, v in data.items() if v}),
            targets=tuple(segment_guid[s] for s in sides[(finding.pk, "for")]),
        )
        notes.append(note)
        members = [note.guid]
        against = sides[(finding.pk, "against")]
        if against:
            counter = Note(
                _guid("contradicting", note.guid),
                "Bukti yang membantah / Contradicting evidence",
                finding.statement,
                description=_marker("contradicting", note.guid),
                targets=tuple(segment_guid[s] for s in against),
            )
            notes.append(counter)
            members.append(counter.guid)
        evidence = sides[(finding.pk, "for")] + against
        sources = sorted({segment_source[s] for s in evidence})
        codes = sorted({c for s in evidence for c in coded.get(s, ())}, key=position.__getitem__)
        sets.append(
            Set(
                _guid("set", "finding", note.guid),
                f"Bukti temuan / Evidence of finding: {finding.statement[:80]}",
                _marker("finding-evidence", note.guid),
                member_codes=tuple(code_guid[c] for c in codes),
                member_sources=tuple(source_guid[s] for s in sources),
                member_notes=tuple(members),
            )
        )
    return tuple(notes), tuple(note_refs), tuple(links), tuple(sets)


def study_qdpx(*, study: Study) -> bytes:
    buffer = io.BytesIO()
    export_qdpx(study_project(study=study), buffer)
    return buffer.getvalue()


def study_qdc(*, study: Study) -> bytes:
    """The study's codebook as a ``.qdc`` file, with the code sets that say what each code is
    evidence for."""
    codes = _tree_order(
        list(Code.objects.filter(study=study).select_related("party__organisation"))
    )
    if not codes:
        raise ServiceError(
            Message(
                "Buku kode kosong tidak dapat diekspor.", "An empty codebook cannot be exported."
            )
        )
    buffer = io.BytesIO()
    export_qdc(_code_tree(codes), buffer, sets=_sets(codes, []), origin=ORIGIN)
    return buffer.getvalue()


# --- Import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    study: Study | None
    report: ImportReport


def _clean(text: str, limit: int | None = None) -> str:
    # PostgreSQL text cannot hold NUL; U+FFFD keeps every position where it was.
    text = text.replace("\x00", "\ufffd")
    return text[:limit] if limit is not None else text


def _refused(error: RefiImportError) -> ServiceError:
    return ServiceError(Message(error.indonesian, error.english))


class _Links:
    """What the set, link and note markers say, read once from the project."""

    def __init__(self, project: Project, reporter: Reporter) -> None:
        self.parties: dict[str, Party] = {}
        self.unknown_parties: set[str] = set()
        self.kind: dict[str, str] = {}
        self.document_type: dict[str, str] = {}
        self.function: dict[str, str] = {}
        self.indicator: dict[str, tuple[str, int]] = {}
        self.party: dict[str, str] = {}  # code or source GUID → organisation slug
        dropped = []
        for item in project.sets:
            marker = _read_marker(item.description) or ("", "")
            kind, value = marker
            if kind == "source-kind" and value in SourceKind.values:
                self.kind.update(dict.fromkeys(item.member_sources, value))
            elif kind == "document-type" and value in DocumentType.values:
                self.document_type.update(dict.fromkeys(item.member_sources, value))
            elif kind == "function" and value in Function.values:
                self.function.update(dict.fromkeys(item.member_codes, value))
            elif kind == "indicator" and len(value.split()) == 2:
                indicator, direction = value.split()
                if indicator in Indicator.values and direction in ("1", "-1"):
                    for guid in item.member_codes:
                        self.indicator[guid] = (indicator, int(direction))
            elif kind == "party" and value:
                self.party.update(dict.fromkeys(item.member_codes + item.member_sources, value))
            elif kind != "finding-evidence":
                dropped.append(item.name)
        if dropped:
            reporter.dropped(
                "set",
                f"{len(dropped)} set dibuang (Semanggi tidak menyimpan kelompok bebas)",
                f"{len(dropped)} set(s) dropped (Semanggi keeps no free groups)",
                ", ".join(dropped),
            )
        case_guids = {c.guid for c in project.cases}
        note_guids = {n.guid for n in project.notes}
        self.referrer: dict[str, str] = {}
        self.memo_on_case: dict[str, str] = {}
        others = []
        for link in project.links:
            if link.origin in case_guids and link.target in case_guids:
                self.referrer[link.target] = link.origin
            elif link.origin in note_guids and link.target in case_guids:
                self.memo_on_case[link.origin] = link.target
            else:
                others.append(link.name or link.guid)
        if others:
            reporter.dropped(
                "link",
                f"{len(others)} tautan dibuang (hanya rujukan antarinforman yang disimpan)",
                f"{len(others)} link(s) dropped (only referrals between informants are kept)",
                ", ".join(others),
            )


def _party(links: _Links, slug: Any) -> Party | None:
    """The study's party for an organisation slug; an unknown one is noted for the report."""
    if not isinstance(slug, str) or not slug:
        return None
    party = links.parties.get(slug)
    if party is None:
        links.unknown_parties.add(slug)
    return party


def _unique(name: str, taken: set[str], limit: int) -> str:
    candidate, number = name[:limit], 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate, number = name[: limit - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


def _create_codes(
    study: Study,
    codes: Iterable[QdaCode],
    links: _Links,
    reporter: Reporter,
    existing: dict[str, Code] | None = None,
) -> dict[str, Code]:
    """Codes in the file, parents first; returns GUID → Code (with ``existing`` ones)."""
    by_guid = dict(existing or {})
    names: dict[int | None, set[str]] = defaultdict(set)
    for code in by_guid.values():
        names[code.parent_id].add(code.name)
    renamed: list[str] = []

    def make(item: QdaCode, parent: Code | None) -> None:
        code = by_guid.get(item.guid)
        if code is None:
            indicator, direction = links.indicator.get(item.guid, ("", Direction.HIGH))
            name = _unique(_clean(item.name) or "?", names[parent.pk if parent else None], 200)
            if name != item.name:
                renamed.append(item.name)
            code = Code.objects.create(
                study=study,
                parent=parent,
                name=name,
                description=_clean(item.description),
                colour=(item.color or "").lower()[:7],
                function=links.function.get(item.guid, ""),
                indicator=indicator,
                direction=direction,
                party=_party(links, links.party.get(item.guid)),
                codable=item.is_codable,
                guid=item.guid,
            )
            by_guid[item.guid] = code
        for child in item.children:
            make(child, code)

    for item in codes:
        make(item, None)
    if renamed:
        reporter.changed(
            "code_renamed",
            f"{len(renamed)} kode diberi nama baru (nama kembar atau terlalu panjang)",
            f"{len(renamed)} code(s) renamed (duplicate or too long names)",
            ", ".join(renamed),
        )
    return by_guid


def _report_parties(slugs: set[str], reporter: Reporter) -> None:
    if slugs:
        reporter.dropped(
            "party_unknown",
            "Kaitan dengan pihak yang tidak ada dalam kemitraan studi ini dibuang: "
            + ", ".join(sorted(slugs)),
            "Links to parties that are not in this study's partnerships dropped: "
            + ", ".join(sorted(slugs)),
        )


def _study_parties(study: Study, asked: Iterable[Any] = ()) -> dict[str, Party]:
    """The parties of the study's partnerships, and of those it asked for (``asked``: the
    importer sees them, and their links are kept for when the request is granted)."""
    parties: dict[str, Party] = {}
    for party in (
        Party.objects.filter(
            Q(partnership__studies=study) | Q(partnership__in=[p.pk for p in asked])
        )
        .distinct()
        .select_related("organisation")
        .order_by("pk")
    ):
        parties.setdefault(party.organisation.slug, party)
    return parties


def _settings(project: Project, study: Study) -> set[str]:
    """Apply the study-settings note; returns the GUIDs of notes that are not memos."""
    special = set()
    for note in project.notes:
        marker = _read_marker(note.description)
        if marker and marker[0] == "study":
            data = _json(marker[1])
            if data.get("status") in StudyStatus.values:
                study.status = data["status"]
            for name in ("min_informants", "min_source_kinds", "min_sources", "min_parties"):
                value = data.get(name)
                if isinstance(value, int) and 1 <= value <= 100:
                    setattr(study, name, value)
            study.save()
            special.add(note.guid)
        elif marker and marker[0] in ("finding", "contradicting"):
            special.add(note.guid)
    return special


def _create_informants(
    study: Study, project: Project, links: _Links, reporter: Reporter
) -> dict[str, Informant]:
    variables = {v.guid: v.name for v in project.variables}
    known = {name for name, _, _ in VARIABLES}
    unknown_variables: set[str] = set()
    organisations = {
        o.slug: o
        for o in Organisation.objects.filter(
            slug__in=[
                v.value
                for c in project.cases
                for v in c.values
                if variables.get(v.variable_guid) == "organisation" and isinstance(v.value, str)
            ]
        )
    }
    codes_taken: set[str] = set()
    result: dict[str, Informant] = {}
    referrer_codes: dict[str, str] = {}
    guessed = 0
    for case in project.cases:
        values: dict[str, Any] = {}
        for value in case.values:
            name = variables.get(value.variable_guid, "")
            if name in known:
                values[name] = value.value
            else:
                unknown_variables.add(name or value.variable_guid)
        match = _CASE_NAME.match(case.name)
        code, label = (match["code"], match["label"]) if match else (case.name, case.name)
        sampling = values.get("sampling")
        if sampling not in Sampling.values:
            sampling = Sampling.SNOWBALL if case.guid in links.referrer else Sampling.PURPOSIVE
            guessed += 1

        def text(name: str, limit: int, values: dict[str, Any] = values) -> str:
            value = values.get(name)
            return _clean(value, limit) if isinstance(value, str) else ""

        def day(name: str, values: dict[str, Any] = values) -> date | None:
            value = values.get(name)
            return value if isinstance(value, date) else None

        informant = Informant.objects.create(
            study=study,
            code=_unique(_clean(code).strip() or "INF", codes_taken, 20),
            label=_clean(label, 120),
            role=text("role", 200) or _clean(case.description, 200),
            organisation=organisations.get(values.get("organisation", "")),
            party=_party(links, values.get("party")),
            sampling=sampling,
            met_where=text("met_where", 200),
            met_on=day("met_on"),
            consent_on=day("consent_on"),
            consent_form=text("consent_form", 200),
            consent_withdrawn_on=day("consent_withdrawn_on"),
            guid=case.guid,
        )
        result[case.guid] = informant
        if isinstance(values.get("referred_by"), str):
            referrer_codes[case.guid] = values["referred_by"]
    by_code = {i.code: i for i in result.values()}
    for guid, informant in result.items():
        referrer = result.get(links.referrer.get(guid, "")) or by_code.get(
            referrer_codes.get(guid, "")
        )
        if referrer is not None and referrer.pk != informant.pk:
            informant.referred_by = referrer
            informant.save(update_fields=["referred_by"])
    if unknown_variables:
        reporter.dropped(
            "case_variable",
            "Nilai variabel kasus yang tidak dikenal Semanggi dibuang: "
            + ", ".join(sorted(unknown_variables)),
            "Values of case variables Semanggi does not know dropped: "
            + ", ".join(sorted(unknown_variables)),
        )
    if guessed:
        reporter.changed(
            "case_sampling",
            f"{guessed} informan tanpa cara pemilihan: dicatat purposive (atau snowball bila "
            "dirujuk)",
            f"{guessed} informant(s) without a sampling method: recorded as purposive (or "
            "snowball when referred)",
        )
    return result


# Texts of this many characters or more are written from their UTF-8 bytes (texts.py).
LONG_TEXT = 1 << 20


def _create_sources(
    study: Study,
    project: Project,
    links: _Links,
    informants: dict[str, Informant],
    actor: Any,
    reporter: Reporter,
) -> dict[str, Source]:
    heard: dict[str, list[Informant]] = defaultdict(list)
    for case in project.cases:
        for guid in case.source_refs:
            heard[guid].append(informants[case.guid])
    objects = []
    long_texts: dict[str, str] = {}
    guessed = 0
    for item in project.sources:
        marker = _read_marker(item.description)
        data = _json(marker[1]) if marker and marker[0] == "source" else {}
        free = "" if data or marker else item.description
        kind = links.kind.get(item.guid)
        if kind is None:
            kind = SourceKind.INTERVIEW if heard.get(item.guid) else SourceKind.DOCUMENT
            guessed += 1
        try:
            collected = date.fromisoformat(data.get("date", "")) if data.get("date") else None
        except (TypeError, ValueError):
            collected = None
        if collected is not None and not EARLIEST <= collected <= LATEST:
            collected = None  # a date no study collected anything on
        text = _clean(item.text)
        if len(text) >= LONG_TEXT:
            long_texts[item.guid] = text
        objects.append(
            Source(
                study=study,
                kind=kind,
                document_type=links.document_type.get(item.guid, ""),
                title=_clean(item.name, 250) or "?",
                text="" if len(text) >= LONG_TEXT else text,
                text_length=len(text),
                collected_on=collected,
                place=_clean(str(data.get("place", "")), 200),
                caption=_clean(str(data.get("caption", "")), 250),
                description=_clean(str(data.get("description", free))),
                original_name=_clean(str(data.get("file", "")), 250),
                party=_party(links, links.party.get(item.guid)),
                created_by=actor,
                guid=item.guid,
            )
        )
    created = bulk_create_with_history(objects, Source, default_user=actor)
    by_guid = {str(s.guid): s for s in created}
    for guid, text in long_texts.items():
        # As UTF-8, encoded a piece at a time: see texts.py.
        source_text_write(by_guid[guid], utf8.encode(text))
    Source.informants.through.objects.bulk_create(
        Source.informants.through(source_id=by_guid[guid].pk, informant_id=i.pk)
        for guid, people in heard.items()
        if guid in by_guid
        for i in dict.fromkeys(people)
    )
    if guessed:
        reporter.changed(
            "source_kind",
            f"{guessed} sumber tanpa jenis: dicatat sebagai wawancara (bila ada kasusnya) atau "
            "dokumen",
            f"{guessed} source(s) without a kind: recorded as interviews (when a case refers to "
            "them) or documents",
        )
    return by_guid


# Segments are written this many at a time, so that a project with a hundred thousand
# selections never holds them all as rows (with their history and codes) at once.
SEGMENT_BATCH = 2000


def _create_segments(
    project: Project,
    sources: dict[str, Source],
    codes: dict[str, Code],
    actor: Any,
    r: Reporter,
    wanted: set[str],
) -> tuple[dict[str, int], list[tuple[PlainTextSelection, int]], int, int]:
    """One segment per span of a source: selections with the same span (next to each other,
    as the project keeps them by position) are merged, their codes joined. Written in
    batches. Returns the segment ids of the ``wanted`` selection GUIDs (those notes point at),
    the described selections with their segment id, the segments and the codings saved."""
    by_guid: dict[str, int] = {}
    described: list[tuple[PlainTextSelection, int]] = []
    batch: list[tuple[Segment, list[PlainTextSelection]]] = []
    saved = {"segments": 0, "codings": 0}

    def write() -> None:
        created = bulk_create_with_history(
            [segment for segment, _ in batch], Segment, default_user=actor, batch_size=500
        )
        links = []
        for (_, same), segment in zip(batch, created, strict=True):
            applied = dict.fromkeys(
                codes[guid].pk for selection in same for guid in selection.codings if guid in codes
            )
            links.extend(Segment.codes.through(segment_id=segment.pk, code_id=c) for c in applied)
            for selection in same:
                if selection.guid in wanted:
                    by_guid[selection.guid] = segment.pk
                if selection.description:
                    described.append((selection, segment.pk))
        Segment.codes.through.objects.bulk_create(links, batch_size=500)
        saved["segments"] += len(created)
        saved["codings"] += len(links)
        batch.clear()

    merged = empty = 0
    spans = groupby(project.selections, key=lambda s: (s.source_guid, s.start, s.end))
    for (source_guid, start, end), group in spans:
        source = sources.get(source_guid)
        if source is None:
            continue
        same = list(group)
        if end <= start:
            empty += len(same)
            continue
        merged += len(same) - 1
        segment = Segment(
            source_id=source.pk, start=start, end=end, created_by=actor, guid=same[0].guid
        )
        batch.append((segment, same))
        if len(batch) >= SEGMENT_BATCH:
            write()
    if batch:
        write()
    if merged:
        r.changed(
            "selection_same_span",
            f"{merged} seleksi dengan rentang yang sama persis dengan seleksi lain digabung; "
            "kodenya disatukan pada satu segmen",
            f"{merged} selection(s) covering exactly the same span as another were merged; "
            "their codes were joined on one segment",
        )
    if empty:
        r.dropped(
            "selection_empty",
            f"{empty} seleksi kosong dibuang (segmen harus memuat sedikitnya satu karakter)",
            f"{empty} empty selection(s) dropped (a segment holds at least one character)",
        )
    return by_guid, described, saved["segments"], saved["codings"]


def _create_notes(
    study: Study,
    project: Project,
    links: _Links,
    special: set[str],
    refs: dict[str, Any],
    informants: dict[str, Informant],
    actor: Any,
    reporter: Reporter,
) -> None:
    several = 0
    for note in project.notes:
        if note.guid in special:
            continue
        target: dict[str, Any] = {}
        if note.guid in links.memo_on_case:
            target = {"informant": informants[links.memo_on_case[note.guid]]}
        else:
            for guid in note.targets:
                found = refs.get(guid)
                if found is not None:
                    target = {found[0]: found[1]}
                    break
            several += len(note.targets) > 1
        Memo.objects.create(
            study=study,
            title=_clean(note.name, 200) or "Memo",
            text=_clean(note.text),
            created_by=actor,
            guid=note.guid,
            **target,
        )
    if several:
        reporter.changed(
            "note_several_targets",
            f"{several} catatan menunjuk beberapa hal; memonya dikaitkan dengan yang pertama",
            f"{several} note(s) point at several things; the memo is attached to the first",
        )
    findings: dict[str, Finding] = {}
    sides: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    segments = {guid: value[1] for guid, value in refs.items() if value[0] == "segment_id"}
    for note in project.notes:
        marker = _read_marker(note.description)
        if not marker or marker[0] != "finding":
            continue
        data = _json(marker[1])
        direction = data.get("direction")
        findings[note.guid] = Finding.objects.create(
            study=study,
            statement=_clean(note.text),
            statement_en=_clean(str(data.get("statement_en", ""))),
            function=data.get("function") if data.get("function") in Function.values else "",
            indicator=data.get("indicator") if data.get("indicator") in Indicator.values else "",
            direction=direction if direction in Direction.values else Direction.HIGH,
            party=_party(links, data.get("party")),
            model_label=_clean(str(data.get("model", "")), 80),
            guid=note.guid,
        )
        sides[note.guid][0].extend(segments[t] for t in note.targets if t in segments)
    for note in project.notes:
        marker = _read_marker(note.description)
        if marker and marker[0] == "contradicting" and marker[1] in findings:
            sides[marker[1]][1].extend(segments[t] for t in note.targets if t in segments)
    for guid, (support, against) in sides.items():
        finding = findings[guid]
        Finding.supporting.through.objects.bulk_create(
            Finding.supporting.through(finding_id=finding.pk, segment_id=s)
            for s in dict.fromkeys(support)
        )
        Finding.contradicting.through.objects.bulk_create(
            Finding.contradicting.through(finding_id=finding.pk, segment_id=s)
            for s in dict.fromkeys(against)
            if s not in support
        )


def qdpx_check(*, data: bytes) -> None:
    """Read a ``.qdpx`` without saving anything: ServiceError, with the reason, when the file
    cannot be read at all or holds nothing to import. The pages check a file so before they
    queue its import, so that a refusal is shown at once, where the file was chosen."""
    try:
        result = import_qdpx(data)
    except RefiImportError as error:
        raise _refused(error) from None
    project = result.project
    if not (project.sources or project.codes or project.notes or project.cases):
        raise ServiceError(_nothing_to_import(result.report))


def study_import_qdpx(
    *, lead: Any, data: bytes, title: str = "", partnerships: Iterable[Any] = ()
) -> ImportOutcome:
    """Import a ``.qdpx`` project into a new study led by ``lead``, all or nothing. What the
    file holds and Semanggi cannot keep is listed in the report; a file that cannot be read
    at all is refused (ServiceError)."""
    try:
        result = import_qdpx(data)
    except RefiImportError as error:
        raise _refused(error) from None
    project = result.project
    if not (project.sources or project.codes or project.notes or project.cases):
        raise ServiceError(_nothing_to_import(result.report))
    reporter = Reporter()
    if project.users:
        reporter.note(
            "users",
            f"{len(project.users)} pengguna dalam berkas tidak dijadikan akun Semanggi",
            f"{len(project.users)} user(s) in the file were not made Semanggi accounts",
        )
    blank = [s.name for s in project.sources if not s.text or s.text.isspace()]
    if blank:
        reporter.note(
            "source_blank",
            f"{len(blank)} sumber hanya berisi spasi atau baris kosong; sumber itu diimpor "
            "tetapi tidak ada yang dapat dikodekan di dalamnya",
            f"{len(blank)} source(s) hold only spaces or empty lines; they were imported but "
            "hold nothing to code",
            ", ".join(blank),
        )
    with transaction.atomic():
        study = Study.objects.create(
            lead=lead,
            title=_clean(title or project.name or "REFI-QDA", 250),
            research_questions=_clean(project.description),
        )
        # A partnership joins the study with its accountable side's consent, as on the
        # study's page: asked for here, granted at once only to those who may grant it.
        asked = list(partnerships)
        for partnership in asked:
            try:
                access_request_partnership(study=study, partnership=partnership, actor=lead)
            except AccessRefused as refused:
                raise ServiceError(refused.message) from None
        links = _Links(project, reporter)
        links.parties = _study_parties(study, asked)
        special = _settings(project, study)
        codes = _create_codes(study, project.codes, links, reporter)
        informants = _create_informants(study, project, links, reporter)
        sources = _create_sources(study, project, links, informants, lead, reporter)
        wanted = {target for note in project.notes for target in note.targets}
        segments, described, saved, codings = _create_segments(
            project, sources, codes, lead, reporter, wanted
        )
        refs: dict[str, Any] = {g: ("code", c) for g, c in codes.items()}
        refs.update({g: ("source", s) for g, s in sources.items()})
        refs.update({g: ("segment_id", s) for g, s in segments.items()})
        _create_notes(study, project, links, special, refs, informants, lead, reporter)
        for selection, segment in described:
            Memo.objects.create(
                study=study,
                title=_clean(selection.name, 200) or "Keterangan / Description",
                text=_clean(selection.description),
                segment_id=segment,
                created_by=lead,
            )
        if described:
            reporter.changed(
                "selection_description",
                f"Keterangan pada {len(described)} seleksi disimpan sebagai memo segmennya",
                f"Descriptions of {len(described)} selection(s) kept as memos on their segments",
            )
        _report_parties(links.unknown_parties, reporter)
    # The summary counts what was saved: merged and empty selections are not counted twice.
    counts = replace(result.report.counts, selections=saved, codings=codings)
    report = ImportReport(
        counts,
        result.report.entries + tuple(reporter.entries),
        result.report.offset_unit,
    )
    return ImportOutcome(study, report)


def _nothing_to_import(report: ImportReport) -> Message:
    reasons = report.dropped[:3]
    more = len(report.dropped) - len(reasons)
    indonesian = " ".join(e.indonesian + "." for e in reasons)
    english = " ".join(e.english + "." for e in reasons)
    if more:
        indonesian += f" (dan {more} lainnya)"
        english += f" (and {more} more)"
    return Message(
        "Tidak ada yang dapat diimpor dari berkas ini (tidak ada kode, sumber teks, kasus atau "
        f"catatan), jadi tidak ada studi yang dibuat. {indonesian}".strip(),
        "Nothing in this file can be imported (no codes, text sources, cases or notes), so no "
        f"study was created. {english}".strip(),
    )


def codebook_import_qdc(*, study: Study, data: bytes) -> ImportReport:
    """Add the codes of a ``.qdc`` codebook to the study's codebook, all or nothing. Codes
    already in it (same GUID) are kept as they are; their new children are added under them."""
    try:
        result = import_qdc(data)
    except RefiImportError as error:
        raise _refused(error) from None
    reporter = Reporter()
    project = Project(name="", codes=result.codebook.codes, sets=result.codebook.sets)
    existing = {str(c.guid): c for c in Code.objects.filter(study=study)}
    already = sum(1 for c in project.all_codes() if c.guid in existing)
    if already:
        reporter.note(
            "code_present",
            f"{already} kode sudah ada dalam buku kode studi dan dibiarkan",
            f"{already} code(s) were already in the study's codebook and were left as they are",
        )
    links = _Links(project, reporter)
    links.parties = _study_parties(study)
    with transaction.atomic():
        _create_codes(study, project.codes, links, reporter, existing)
    _report_parties(links.unknown_parties, reporter)
    return ImportReport(result.report.counts, result.report.entries + tuple(reporter.entries))
