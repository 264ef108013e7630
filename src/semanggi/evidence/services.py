"""Writes of the evidence workbench: studies and their team, informants, sources (typed in or
read from a file), the codebook, coding, memos, findings and their verification.

Every function is keyword-only and runs in one transaction: a refusal (a :class:`ServiceError`
with its reason in Indonesian and English) leaves nothing behind, files included.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from semanggi.access.services import access_request_member, access_request_partnership
from semanggi.core import coding
from semanggi.core.assessment.indicators import NAMES as INDICATOR_NAMES
from semanggi.core.text import Message
from semanggi.core.triangulation import Status
from semanggi.evidence.extract import Extracted, ExtractionError, extract, normalise
from semanggi.evidence.forms import CodeForm, FindingForm, InformantForm, SourceForm, StudyForm
from semanggi.evidence.models import (
    Code,
    Direction,
    Finding,
    Function,
    Indicator,
    Informant,
    Memo,
    Segment,
    Source,
    Study,
)
from semanggi.evidence.segment_sql import segment_insert_coded
from semanggi.evidence.texts import source_text_write
from semanggi.partnerships.models import Party
from semanggi.versions import version_save


class ServiceError(Exception):
    """A request the workbench refuses; ``message`` says why in Indonesian and English."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


class NotFoundError(ServiceError):
    """A request naming records that are not there (for the caller): the API's 404."""


class StateError(ServiceError):
    """A request the record's present state refuses (it may succeed later): the API's 409."""


def _person(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


# --- Studies ----------------------------------------------------------------------------------


def study_save(*, form: StudyForm, lead: Any, actor: Any) -> tuple[Study, list[Any]]:
    """Create (``lead`` leads it) or change a study from a valid form, with its partnerships
    and team. What is taken away goes at once; what is added is asked for: partnerships and
    people join when the partnerships' accountable side consents (``actor`` asks; see
    semanggi.access.services). Returns the study and the requests still waiting."""
    data = form.cleaned_data
    note = data.get("access_note", "")
    with transaction.atomic():
        study: Study = form.save(commit=False)
        if not study.pk:
            study.lead = lead
        version_save(study, expected=form.expected_version)
        wanted = set(data["partnerships"])
        covered = set(study.partnerships.all())
        study.partnerships.remove(*(covered - wanted))
        members = {u for u in data["team_usernames"] if u.pk != study.lead_id}
        study.team.remove(*(set(study.team.all()) - members))
        waiting: list[Any] = []
        for partnership in sorted(wanted - covered, key=lambda p: p.pk):
            asked = access_request_partnership(
                study=study, partnership=partnership, actor=actor, note=note
            )
            if asked is not None and asked.is_pending:
                waiting.append(asked)
        for member in sorted(members, key=lambda u: u.pk):
            waiting.extend(
                access_request_member(study=study, member=member, actor=actor, note=note)
            )
    return study, waiting


def study_create(*, lead: Any, title: str, research_questions: str = "", **fields: Any) -> Study:
    with transaction.atomic():
        return Study.objects.create(
            lead=lead, title=title[:250], research_questions=research_questions, **fields
        )


# --- Informants -------------------------------------------------------------------------------


def informant_save(*, form: InformantForm) -> Informant:
    with transaction.atomic():
        informant: Informant = form.save(commit=False)
        informant.study = form.study
        version_save(informant, expected=form.expected_version)
    return informant


# --- Sources ----------------------------------------------------------------------------------


def _too_large(size: int) -> ServiceError:
    limit = settings.MAX_UPLOAD_BYTES
    return ServiceError(
        Message(
            f"Berkas terlalu besar ({size / 2**20:.1f} MB; paling besar {limit / 2**20:.1f} MB).",
            f"The file is too large ({size / 2**20:.1f} MB; at most {limit / 2**20:.1f} MB).",
        )
    )


def upload_read(upload: Any) -> bytes:
    """The bytes of an uploaded file, refused before reading when it is over the limit."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_large(upload.size)
    upload.seek(0)
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data))
    return data


def source_create(
    *,
    study: Study,
    actor: Any,
    kind: str,
    title: str,
    text: str | None = None,
    file_name: str | None = None,
    file_data: bytes | None = None,
    informants: Iterable[Informant] = (),
    **fields: Any,
) -> Source:
    """A new source from typed text or from a file's text layer. The text is normalised
    (BOM gone, LF line ends) and kept with its length; the original file is kept beside it.
    A file that gives no text is refused, and nothing is stored."""
    utf8: bytes | bytearray | None = None
    if file_data is not None:
        extracted = file_text(file_name or "", file_data)
        # Kept as UTF-8 and written as such (texts.py): never a string of the whole text.
        body, utf8, length = "", extracted.utf8, extracted.length
    else:
        body = normalise(text or "")
        if "\x00" in body:
            raise ServiceError(
                Message("Teks memuat karakter nol.", "The text contains null characters.")
            )
        if not body or body.isspace():
            raise ServiceError(Message("Sumber tidak memuat teks.", "The source holds no text."))
        length = len(body)
    source = Source(
        study=study,
        kind=kind,
        title=title[:250],
        text=body,
        text_length=length,
        created_by=_person(actor),
        **fields,
    )
    stored = None
    try:
        with transaction.atomic():
            if file_data is not None:
                stored = original_keep(source, file_name, ContentFile(file_data))
            # The history row is written here, from the instance: django-simple-history's
            # would read the text back from the database (a field it does not keep) and the
            # source's informants (none yet) to write it.
            source.skip_history_when_saving = True  # type: ignore[attr-defined]
            source.save()
            del source.skip_history_when_saving  # type: ignore[attr-defined]
            sources_history([source], actor)
            if utf8 is not None:
                source_text_write(source, utf8)
            if informants:
                source.informants.set(list(informants))
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return source


def file_text(file_name: str, file_data: bytes) -> Extracted:
    """The normalised text of an uploaded source file, or a :class:`ServiceError` saying why
    the file gives none (the one reading of a source file, single or in a batch)."""
    try:
        return extract(file_name, file_data, max_bytes=settings.MAX_UPLOAD_BYTES)
    except ExtractionError as error:
        raise ServiceError(error.message) from None


def original_keep(source: Source, file_name: str | None, content: Any) -> str:
    """Store ``content`` as the original file of the (unsaved) ``source``, under its own
    name made safe; the stored name, to delete it again if the transaction fails."""
    name = default_storage.get_valid_name((file_name or "source").rsplit("/", 1)[-1])
    source.original.save(name, content, save=False)
    source.original_name = (file_name or "")[:250]
    return str(source.original.name)


def sources_history(sources: Sequence[Source], actor: Any) -> None:
    """The history rows of new sources, as django-simple-history writes them on creation,
    in one insert."""
    historical = Source.history.model
    when, user = timezone.now(), _person(actor)
    historical.objects.bulk_create(
        [
            historical(
                history_date=when,
                history_type="+",
                history_user=user,
                **{f.attname: getattr(source, f.attname) for f in historical.tracked_fields},
            )
            for source in sources
        ]
    )


def source_create_from_form(*, form: SourceForm, actor: Any) -> Source:
    """The path of the upload page: a valid form, then :func:`source_create`."""
    data = form.cleaned_data
    upload = data.get("upload")
    fields = {
        name: data.get(name)
        for name in (
            "document_type",
            "collected_on",
            "place",
            "party",
            "caption",
            "description",
            "publication",
            "illustrative",
        )
    }
    fields = {k: v for k, v in fields.items() if v is not None}
    return source_create(
        study=form.study,
        actor=actor,
        kind=data["kind"],
        title=data["title"],
        text=None if upload else data.get("text"),
        file_name=upload.name if upload else None,
        file_data=upload_read(upload) if upload else None,
        informants=data.get("informants") or (),
        **fields,
    )


def source_update(*, form: SourceForm) -> Source:
    """Change what is known about a source; its text stays as it is."""
    with transaction.atomic():
        source: Source = form.save(commit=False)
        version_save(source, expected=form.expected_version)
        form.save_m2m()
    return source


# --- Codebook ---------------------------------------------------------------------------------


def _palette_colour(study_id: int) -> str:
    """The palette colour the fewest of the study's codes carry (core.coding)."""
    taken = Code.objects.filter(study_id=study_id).values_list("colour", flat=True)
    return coding.colour_for_new_code(taken)


def code_save(*, form: CodeForm) -> Code:
    with transaction.atomic():
        code: Code = form.save(commit=False)
        code.study = form.study
        if not code.colour:
            code.colour = _palette_colour(form.study.pk)
        version_save(code, expected=form.expected_version)
    return code


def code_create(*, study_id: int, name: str, parent_id: int | None = None) -> Code:
    """A code created while coding, by its name (and parent) alone, in a palette colour. A
    code of that name under that parent already there is the one returned, so that typing a
    name twice never makes two codes."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError(Message("Kode baru perlu nama.", "A new code needs a name."))
    if len(name) > 200:
        raise ServiceError(
            Message(
                "Nama kode paling panjang 200 karakter.",
                "A code's name has 200 characters at most.",
            )
        )
    with transaction.atomic():
        if (
            parent_id is not None
            and not Code.objects.filter(study_id=study_id, pk=parent_id).exists()
        ):
            raise ServiceError(
                Message(
                    "Kode induk tidak dikenal dalam studi ini.",
                    "Unknown parent code in this study.",
                )
            )
        found = Code.objects.filter(study_id=study_id, parent_id=parent_id, name=name).first()
        if found is not None:
            if not found.codable:
                raise ServiceError(
                    Message(
                        f"Kode «{name}» hanya pengelompok dan tidak dapat dipakai.",
                        f"The code «{name}» only groups others and cannot be applied.",
                    )
                )
            return found
        return Code.objects.create(
            study_id=study_id, parent_id=parent_id, name=name, colour=_palette_colour(study_id)
        )


FUNCTION_CODES = (
    (Function.PLANNING, "Perencanaan (P)", "Planning: objectives, plans, budgets"),
    (Function.ORGANIZING, "Pengorganisasian (O)", "Organizing: roles and agreements"),
    (Function.ACTUATING, "Penggerakan (A)", "Actuating: carrying the work out"),
    (Function.CONTROLLING, "Pengendalian (C)", "Controlling: monitoring and correction"),
)


def codebook_create_default(*, study: Study) -> int:
    """Add the default codebook to ``study``: the four management functions, the indicators
    K1–K14 with a code for each reading (high and low), and one code per party. Codes that
    already exist by name are left as they are; returns how many were created. Codes that
    are applied receive palette colours, each the one fewest codes carry so far; grouping
    codes have none of their own."""
    created = 0
    taken = list(Code.objects.filter(study=study).values_list("colour", flat=True))

    def ensure(name: str, parent: Code | None, **fields: Any) -> Code:
        nonlocal created
        if fields.get("codable", True):
            fields["colour"] = coding.colour_for_new_code(taken)
        code, new = Code.objects.get_or_create(
            study=study, parent=parent, name=name, defaults=fields
        )
        if new:
            taken.append(code.colour)
        created += new
        return code

    with transaction.atomic():
        poac = ensure(
            "Fungsi manajemen (POAC)",
            None,
            description="Management functions (G. R. Terry): Planning, Organizing, Actuating, "
            "Controlling",
            codable=False,
        )
        for function, name, description in FUNCTION_CODES:
            ensure(name, poac, description=description, function=function)
        indicators = ensure(
            "Indikator kemitraan (K1–K14)",
            None,
            description="Partnership indicators K1–K14 (Semanggi's reading of Sulistiyani's "
            "types); each has a code for evidence of a high and of a low reading",
            codable=False,
        )
        for value, label in Indicator.choices:
            name = INDICATOR_NAMES[value]
            parent = ensure(
                f"{value} {name.id}",
                indicators,
                description=str(label),
                indicator=value,
                codable=False,
            )
            ensure(
                f"{value}+ {name.id}: tinggi",
                parent,
                description=f"{value} {name.en}: evidence of a high reading",
                indicator=value,
                direction=Direction.HIGH,
            )
            ensure(
                f"{value}− {name.id}: rendah",
                parent,
                description=f"{value} {name.en}: evidence of a low reading",
                indicator=value,
                direction=Direction.LOW,
            )
        parties = list(
            Party.objects.filter(partnership__studies=study)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        )
        if parties:
            group = ensure(
                "Pihak",
                None,
                description="Parties: evidence about one party",
                codable=False,
            )
            for party in parties:
                ensure(
                    party.organisation.name[:200],
                    group,
                    description=f"Party: {party.organisation.name}",
                    party=party,
                )
    return created


# --- Coding -----------------------------------------------------------------------------------


def codes_of_study(study_id: int, code_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(int(c) for c in code_ids))
    if not wanted:
        raise ServiceError(Message("Pilih sedikitnya satu kode.", "Choose at least one code."))
    found = set(
        Code.objects.filter(study_id=study_id, pk__in=wanted, codable=True).values_list(
            "pk", flat=True
        )
    )
    if missing := [c for c in wanted if c not in found]:
        raise ServiceError(
            Message(
                f"Kode tidak dikenal dalam studi ini atau tidak dapat dipakai: {missing}",
                f"Codes unknown in this study or not applicable: {missing}",
            )
        )
    return wanted


# The history model, read once: each read of ``Segment.history`` builds a manager class.
HISTORICAL_SEGMENT: Any = Segment.history.model


def _segment_history(segment: Segment, rows: list[Any], actor: Any, kind: str) -> None:
    """One history row for a coded segment with its codes, written as django-simple-history
    writes it, where the ORM's save and m2m signals would write two and read the codes back."""
    segments_history([(segment, rows, kind)], actor)


def segments_history(entries: Sequence[tuple[Segment, list[Any], str]], actor: Any) -> None:
    """History rows for coded segments, each ``(segment, [(through row id, code id)], kind)``,
    in two statements whatever their number."""
    if not entries:
        return
    historical = HISTORICAL_SEGMENT
    now = timezone.now()
    person = _person(actor)
    # bulk_create: one INSERT … RETURNING, without the model-save machinery and signals.
    records = historical.objects.bulk_create(
        [
            historical(
                history_date=now,
                history_type=kind,
                history_user=person,
                **{f.attname: getattr(segment, f.attname) for f in historical.tracked_fields},
            )
            for segment, _, kind in entries
        ]
    )
    codes = apps.get_model("evidence", "HistoricalSegment_codes")
    codes.objects.bulk_create(
        codes(id=row_id, history=record, segment_id=segment.pk, code_id=code_id)
        for record, (segment, rows, _) in zip(records, entries, strict=True)
        for row_id, code_id in rows
    )


def segment_create(
    *,
    source: Source,
    start: int,
    end: int,
    code_ids: Sequence[int],
    actor: Any,
    new_code: str = "",
    new_code_parent: int | None = None,
    codes_checked: bool = False,
) -> Segment:
    """Code [start, end) of ``source`` (code points) with ``code_ids``, and with a code named
    ``new_code`` created on the way (see :func:`code_create`), all or nothing. The source's
    text is never loaded: the offsets are checked against its stored length, so coding costs
    the same in a short note as in a long transcript. Coding a span that is already a segment
    adds the codes to it. The segment's ``code_ids`` are the codes it now carries.
    ``codes_checked``: the caller read that every code is a codable code of the source's
    study (``evidence.selectors.coding_target``), so they are not read again."""
    length = source.text_length
    if not (0 <= start < end <= length):
        raise ServiceError(
            Message(
                f"Posisi {start}–{end} tidak sah: harus 0 ≤ awal < akhir ≤ {length}.",
                f"Positions {start}–{end} are not valid: 0 ≤ start < end ≤ {length} is needed.",
            )
        )
    through = Segment.codes.through
    if codes_checked and not new_code.strip() and connection.vendor == "postgresql":
        # A new span with checked codes: one statement (see segment_sql); a span that is
        # already a segment takes the general path below.
        codes = list(dict.fromkeys(int(c) for c in code_ids))
        segment = Segment(source_id=source.pk, start=start, end=end, created_by=_person(actor))
        history = HISTORICAL_SEGMENT(
            history_date=timezone.now(), history_type="+", history_user=_person(actor)
        )
        if codes and segment_insert_coded(segment, codes, history):
            segment.code_ids = sorted(codes)  # type: ignore[attr-defined]
            return segment
    with transaction.atomic():
        wanted = list(code_ids)
        if new_code.strip():
            wanted.append(
                code_create(study_id=source.study_id, name=new_code, parent_id=new_code_parent).pk
            )
            codes = codes_of_study(source.study_id, wanted)
        elif codes_checked:
            codes = list(dict.fromkeys(int(c) for c in wanted))
        else:
            codes = codes_of_study(source.study_id, wanted)
        segment, created = _segment_get_or_create(source, start, end, actor)
        present: list[tuple[int, int]] = []
        if not created:
            present = list(through.objects.filter(segment=segment).values_list("pk", "code_id"))
        known = {code for _, code in present}
        added = through.objects.bulk_create(
            [through(segment_id=segment.pk, code_id=c) for c in codes if c not in known]
        )
        rows = present + [(row.pk, row.code_id) for row in added]
        if added:
            _segment_history(segment, rows, actor, "+" if created else "~")
    segment.code_ids = sorted(code for _, code in rows)  # type: ignore[attr-defined]
    return segment


def _segment_get_or_create(
    source: Source, start: int, end: int, actor: Any
) -> tuple[Segment, bool]:
    """A new segment of [start, end), or the one there is, locked for this transaction. The
    span is unique in the database: one ``INSERT … ON CONFLICT DO NOTHING`` makes it or,
    when it exists (or another request is making it: the insert waits for that one to
    commit), makes nothing, and the segment is then read with its row lock. So neither
    request fails and no span is stored twice; a new span costs one statement."""
    segment = Segment(source_id=source.pk, start=start, end=end, created_by=_person(actor))
    fields = [f for f in Segment._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(segment, True), connection) for f in fields]
    quote = connection.ops.quote_name
    span = ", ".join(quote(Segment._meta.get_field(n).column) for n in ("source", "start", "end"))
    # Raw SQL: the ORM's ignore_conflicts gives no id back. Sends no signals: the history
    # row is written once, by the caller.
    sql = (
        f"INSERT INTO {quote(Segment._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({span}) DO NOTHING RETURNING {quote(Segment._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        made = cursor.fetchone()
    if made is not None:
        segment.pk = made[0]
        segment._state.adding = False
        segment._state.db = connection.alias
        return segment, True
    found = (
        Segment.objects.select_for_update().filter(source_id=source.pk, start=start, end=end).get()
    )
    return found, False


def _segment_locked(segment: Segment) -> None:
    """Take the segment's row lock: changes to one segment's codes happen one after the
    other, each reading what the previous one left."""
    Segment.objects.select_for_update().filter(pk=segment.pk).values_list("pk").first()


def segment_codes_set(*, segment: Segment, study: Study, code_ids: Sequence[int]) -> Segment:
    """Replace the codes of a segment (at least one). Two replacements at once end with one
    of them, never with the union of both."""
    codes = codes_of_study(study.pk, code_ids)
    with transaction.atomic():
        _segment_locked(segment)
        segment.codes.set(codes)
    return segment


def segment_code_remove(*, segment: Segment, code_id: int) -> Segment | None:
    """Take one code off a segment; without codes left the segment goes, unless a finding
    cites it or a memo is written on it (then the code stays and the reason is given)."""
    with transaction.atomic():
        _segment_locked(segment)
        codes = set(segment.codes.values_list("pk", flat=True))
        if code_id not in codes:
            raise ServiceError(
                Message("Segmen ini tidak berkode itu.", "The segment does not carry that code.")
            )
        if len(codes) > 1:
            segment.codes.remove(code_id)
            return segment
        if segment.supports.exists() or segment.contradicts.exists():
            raise ServiceError(
                Message(
                    "Segmen ini menjadi bukti sebuah temuan; lepaskan dulu dari temuan itu.",
                    "This segment is evidence of a finding; take it off the finding first.",
                )
            )
        if segment.memos.exists():
            raise ServiceError(
                Message(
                    "Segmen ini memiliki memo; ganti kodenya alih-alih menghapus yang terakhir.",
                    "This segment has a memo; change its code instead of removing the last one.",
                )
            )
        segment.delete()
    return None


# --- Memos ------------------------------------------------------------------------------------


def memo_create(
    *,
    study: Study,
    actor: Any,
    title: str,
    text: str,
    source: Source | None = None,
    segment: Segment | None = None,
    code: Code | None = None,
    informant: Informant | None = None,
) -> Memo:
    """A memo on the study, or on one source, segment, code or informant of it."""
    targets = [t for t in (source, segment, code, informant) if t is not None]
    if len(targets) > 1:
        raise ServiceError(
            Message("Sebuah memo ditulis pada satu hal.", "A memo is written on one thing.")
        )
    if segment is not None and segment.source.study_id != study.pk:
        raise ServiceError(Message("Segmen bukan milik studi ini.", "Not a segment of this study."))
    for target in (source, code, informant):
        if target is not None and target.study_id != study.pk:
            raise ServiceError(Message("Bukan milik studi ini.", "Not part of this study."))
    with transaction.atomic():
        return Memo.objects.create(
            study=study,
            title=title[:200],
            text=normalise(text),
            source=source,
            segment=segment,
            code=code,
            informant=informant,
            created_by=_person(actor),
        )


def memo_update(*, memo: Memo, title: str | None, text: str | None, expected: int | None) -> Memo:
    """Change a memo's title or text (the fields given), from the version ``expected``."""
    if title is not None:
        memo.title = title[:200]
    if text is not None:
        memo.text = normalise(text)
    with transaction.atomic():
        version_save(memo, expected=expected)
    return memo


# --- Findings ---------------------------------------------------------------------------------


def _unverify(finding: Finding) -> None:
    finding.verified_by = None
    finding.verified_at = None
    finding.verified_status = ""


def finding_save(*, form: FindingForm, study: Study) -> Finding:
    """Create or change a finding's statement and what it is evidence for. A change to a
    verified finding clears its verification: what was verified is no longer what is there."""
    with transaction.atomic():
        finding: Finding = form.save(commit=False)
        finding.study = study
        if finding.pk and form.changed_data:
            _unverify(finding)
        version_save(finding, expected=form.expected_version)
    return finding


def finding_evidence_set(
    *,
    finding: Finding,
    supporting: Sequence[int] | None = None,
    contradicting: Sequence[int] | None = None,
) -> Finding:
    """Set the segments that support and contradict a finding (``None`` leaves a side as it
    is). A segment is on one side only. A change clears the verification."""
    with transaction.atomic():
        current_for = set(finding.supporting.values_list("pk", flat=True))
        current_against = set(finding.contradicting.values_list("pk", flat=True))
        new_for = current_for if supporting is None else {int(i) for i in supporting}
        new_against = current_against if contradicting is None else {int(i) for i in contradicting}
        if new_for & new_against:
            raise ServiceError(
                Message(
                    "Sebuah segmen tidak dapat sekaligus mendukung dan membantah.",
                    "A segment cannot both support and contradict the finding.",
                )
            )
        wanted = new_for | new_against
        known = set(
            Segment.objects.filter(pk__in=wanted, source__study_id=finding.study_id).values_list(
                "pk", flat=True
            )
        )
        if unknown := sorted(wanted - known):
            raise NotFoundError(
                Message(
                    f"Segmen bukan milik studi ini: {unknown}",
                    f"Segments not of this study: {unknown}",
                )
            )
        if new_for == current_for and new_against == current_against:
            return finding
        finding.supporting.set(new_for)
        finding.contradicting.set(new_against)
        if finding.verified_at is not None:
            _unverify(finding)
            version_save(
                finding,
                expected=None,
                update_fields=["verified_by", "verified_at", "verified_status"],
            )
    return finding


def finding_evidence_change(*, finding: Finding, segment_id: int, side: str, add: bool) -> Finding:
    """Add a segment to one side of a finding (taking it off the other), or take it off."""
    supporting = set(finding.supporting.values_list("pk", flat=True))
    contradicting = set(finding.contradicting.values_list("pk", flat=True))
    supporting.discard(segment_id)
    contradicting.discard(segment_id)
    if add:
        (supporting if side == "supporting" else contradicting).add(segment_id)
    return finding_evidence_set(
        finding=finding, supporting=sorted(supporting), contradicting=sorted(contradicting)
    )


def finding_verify(*, finding: Finding, actor: Any, status: Status) -> Finding:
    """The evaluator confirms a finding as it stands, with the triangulation status she saw;
    the history keeps every verification."""
    if status is Status.UNSUPPORTED:
        raise StateError(
            Message(
                "Temuan tanpa bukti pendukung tidak dapat diverifikasi.",
                "A finding without supporting evidence cannot be verified.",
            )
        )
    with transaction.atomic():
        finding.verified_by = _person(actor)
        finding.verified_at = timezone.now()
        finding.verified_status = status.value
        version_save(
            finding, expected=None, update_fields=["verified_by", "verified_at", "verified_status"]
        )
    return finding
