"""Reads of the evidence workbench, each taking the reader's Principal where access is in
question, each in a fixed number of queries.

A study is visible to administrators, its lead and its team (``Principal.study_ids``).
Informants' real names and contacts are for the study lead (and administrators) alone:
nothing here returns them but :func:`informant_identity`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import (
    Coalesce,
    Greatest,
    Least,
    Length,
    Lower,
    Replace,
    StrIndex,
    Substr,
)

from semanggi import sqlshape
from semanggi.access.selectors import study_visible_to_user_q
from semanggi.core import triangulation as core
from semanggi.core.access import Principal, can_see_informant_identity, can_view_study
from semanggi.evidence.models import (
    Code,
    Finding,
    Informant,
    Memo,
    Segment,
    Source,
    Study,
)

SNIPPET = 300  # characters of a segment shown in lists
# Columns of Informant that are never loaded where a pseudonym will do.
IDENTITY = ("real_name", "contact")
SEARCH_CONTEXT = 60


# --- Studies ----------------------------------------------------------------------------------


def study_visible_q(principal: Principal) -> Q:
    if principal.admin:
        return Q()
    return Q(pk__in=sorted(principal.study_ids))


def _count(model: Any, **match: Any) -> Subquery:
    """A correlated count of ``model`` rows, free of the row multiplication of joins."""
    rows = (
        model.objects.filter(**match)
        .order_by()
        .values(next(iter(match)))
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def study_list(*, principal: Principal) -> QuerySet[Study]:
    """The studies ``principal`` may see, with their sizes."""
    return (
        Study.objects.filter(study_visible_q(principal))
        .select_related("lead")
        .annotate(
            n_informants=_count(Informant, study=OuterRef("pk")),
            n_sources=_count(Source, study=OuterRef("pk")),
            n_findings=_count(Finding, study=OuterRef("pk")),
        )
        .order_by("title", "pk")
    )


def study_get(*, principal: Principal, pk: int) -> Study | None:
    """The study, if ``principal`` may see it; None otherwise (shown as 404)."""
    if not can_view_study(principal, pk):
        return None
    return (
        Study.objects.filter(pk=pk)
        .select_related("lead")
        .prefetch_related("team", "partnerships")
        .first()
    )


def study_for_writing_sources(*, user: Any, pk: int) -> Study | None:
    """The study ``pk`` (its id alone) if ``user`` may see it (``can_view_study``, as a
    filter): one query, for adding a source, which needs neither the study's relations nor
    the reader's whole access profile. None: unknown or not hers (404)."""
    return Study.objects.filter(study_visible_to_user_q(user), pk=pk).only("pk").first()


def study_may_manage(principal: Principal, study: Study) -> bool:
    """The lead (and administrators) change the study itself and its team."""
    return principal.admin or study.pk in principal.led_study_ids


def identity_visible(principal: Principal, study: Study) -> bool:
    return can_see_informant_identity(principal, study.pk)


def study_rules(study: Study) -> core.RuleSet:
    return core.RuleSet(
        min_informants=study.min_informants,
        min_source_kinds=study.min_source_kinds,
        min_sources=study.min_sources,
        min_parties=study.min_parties,
    )


def withdrawn_sources(study_id: int) -> QuerySet[Any]:
    """Sources of the study with an informant who withdrew consent, as a subquery. Their
    material is left out of displays and findings (a group interview goes with any of its
    informants: it may carry the words of the one who withdrew)."""
    return Source.informants.through.objects.filter(
        source__study_id=study_id, informant__consent_withdrawn_on__isnull=False
    ).values("source_id")


@dataclass(frozen=True)
class Exclusion:
    informants: tuple[str, ...]  # "INF-03 (staf Dinkes)"
    sources: int
    segments: int


def exclusion(*, study: Study) -> Exclusion:
    """What consent withdrawals leave out of the displays and findings (two queries)."""
    withdrawn = Informant.objects.filter(study=study, consent_withdrawn_on__isnull=False)
    names = tuple(f"{code} ({label})" for code, label in withdrawn.values_list("code", "label"))
    if not names:
        return Exclusion((), 0, 0)
    counts = Segment.objects.filter(source_id__in=withdrawn_sources(study.pk)).aggregate(
        segments=Count("pk"), sources=Count("source_id", distinct=True)
    )
    return Exclusion(names, counts["sources"], counts["segments"])


# --- Informants -------------------------------------------------------------------------------


def informant_list(*, study: Study) -> QuerySet[Informant]:
    """The study's informants as pseudonyms; real names are deferred (never loaded)."""
    return (
        Informant.objects.filter(study=study)
        .defer(*IDENTITY, *(f"referred_by__{f}" for f in IDENTITY))
        .select_related("referred_by", "party__organisation", "organisation")
        .annotate(n_sources=_count(Source.informants.through, informant_id=OuterRef("pk")))
        .order_by("code", "pk")
    )


def informant_get(*, study: Study, pk: int) -> Informant | None:
    return informant_list(study=study).filter(pk=pk).first()


def informant_identity(*, principal: Principal, informant: Informant) -> tuple[str, str] | None:
    """(real name, contact) for the study lead and administrators; None for anyone else."""
    if not can_see_informant_identity(principal, informant.study_id):
        return None
    row = Informant.objects.filter(pk=informant.pk).values_list("real_name", "contact").first()
    return row if row is not None else ("", "")


# --- Sources ----------------------------------------------------------------------------------


def source_list(*, study: Study) -> QuerySet[Source]:
    """The study's sources without their texts, with their informants and segment counts."""
    return (
        Source.objects.filter(study=study)
        .defer("text")
        .select_related("party__organisation")
        .prefetch_related(Prefetch("informants", queryset=Informant.objects.defer(*IDENTITY)))
        .annotate(
            n_segments=_count(Segment, source_id=OuterRef("pk")),
            withdrawn=Coalesce(
                Subquery(
                    Source.informants.through.objects.filter(
                        source_id=OuterRef("pk"), informant__consent_withdrawn_on__isnull=False
                    )
                    .values("source_id")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("collected_on", "pk")
    )


def source_get(*, study: Study, pk: int) -> Source | None:
    return (
        Source.objects.filter(study=study, pk=pk)
        .select_related("party__organisation")
        .prefetch_related(Prefetch("informants", queryset=Informant.objects.defer(*IDENTITY)))
        .first()
    )


def source_for_coding(*, study: Study, pk: int) -> Source | None:
    """Just what coding needs: the source's study and text length, never its text."""
    return Source.objects.filter(study=study, pk=pk).only("pk", "study_id", "text_length").first()


@dataclass(frozen=True)
class CodingTarget:
    """A source to code, as much of it as coding needs, and whether every code asked for is
    a codable code of its study."""

    source: Source
    codes_valid: bool


def _coding_target_query(
    user: Any, study_id: int, source_id: int, *code_ids: int
) -> QuerySet[Source]:
    valid = (
        Code.objects.filter(study_id=OuterRef("study_id"), pk__in=code_ids, codable=True)
        .order_by()
        .values("study_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Source.objects.filter(
            study_visible_to_user_q(user, "study__"), study_id=study_id, pk=source_id
        )
        .annotate(valid_codes=Coalesce(Subquery(valid[:1]), 0))
        .order_by()
        .values_list("pk", "study_id", "text_length", "valid_codes")[:1]
    )


def coding_target(
    *, user: Any, study_id: int, source_id: int, code_ids: Iterable[int]
) -> CodingTarget | None:
    """The source ``source_id`` of study ``study_id`` if ``user`` may see the study
    (``can_view_study``, as a filter), with the check of the codes asked for: one query,
    without building the reader's whole access profile, its SQL compiled once per shape
    (``semanggi.sqlshape``). None: unknown or not hers (404)."""
    wanted = sorted({int(c) for c in code_ids})
    # What changes the SQL: the branch of the access filter and the number of codes.
    shape = (
        "coding_target",
        bool(user is not None and user.is_authenticated and user.is_active),
        bool(getattr(user, "is_superuser", False)),
        len(wanted),
    )
    active, admin = shape[1], shape[2]
    if not active:
        return None  # no study is visible to her (an empty filter)

    def build(*values: int) -> QuerySet[Any]:
        # The reader as the access filter reads her: her id (a stand-in when compiling;
        # an administrator's filter does not use it) and the flags that are the shape.
        user_id, (study, source, *codes) = (0, values) if admin else (values[0], values[1:])
        reader = SimpleNamespace(
            pk=user_id, is_authenticated=active, is_active=active, is_superuser=admin
        )
        return _coding_target_query(reader, study, source, *codes)

    reader_id = [] if admin else [user.pk]
    found = sqlshape.rows(shape, build, [*reader_id, study_id, source_id, *wanted])
    if not found:
        return None
    pk, study, length, valid = found[0]
    source = Source.from_db(
        DEFAULT_DB_ALIAS, ["id", "study_id", "text_length"], [pk, study, length]
    )
    return CodingTarget(source, bool(wanted) and valid == len(wanted))


def source_segments_query(*, source: Source, code: int | None = None) -> QuerySet[Segment]:
    """The source's segments by position, with their codes (a query, to be sliced); with
    ``code``, only the segments that carry it."""
    query = Segment.objects.filter(source=source)
    if code is not None:
        query = query.filter(
            pk__in=Segment.codes.through.objects.filter(code_id=code).values("segment_id")
        )
    return query.prefetch_related(
        Prefetch("codes", queryset=Code.objects.order_by("name"))
    ).order_by("start", "end", "pk")


def source_segments_quoted(*, source: Source, code: int | None = None) -> QuerySet[Segment]:
    """The source's segments by position with their codes and words (``snippet``, read by
    the database), for the API's list beside the text."""
    return _snippets(source_segments_query(source=source, code=code))


def source_segments(
    *, source: Source, start: int = 0, end: int | None = None, code: int | None = None
) -> list[Segment]:
    """The segments over ``[start, end)`` of the source's text (all of it by default), at
    most SEGMENTS_PER_PAGE of them; with ``code``, only those that carry it."""
    query = source_segments_query(source=source, code=code).filter(end__gt=start)
    if end is not None:
        query = query.filter(start__lt=end)
    return list(query[:SEGMENTS_PER_PAGE])


# The most segments one page of a source shows, and how much of its text (a page ends at
# the next line end, if one comes soon).
SEGMENTS_PER_PAGE = 1_000
SOURCE_PAGE_CHARS = 20_000


@dataclass(frozen=True)
class SourceWindow:
    start: int
    end: int
    length: int

    @property
    def previous(self) -> int | None:
        return max(self.start - SOURCE_PAGE_CHARS, 0) if self.start else None

    @property
    def next(self) -> int | None:
        return self.end if self.end < self.length else None


def source_window(text: str, start: int) -> SourceWindow:
    """The part of a source's text one page shows, from ``start``."""
    start = min(max(start, 0), len(text))
    end = min(start + SOURCE_PAGE_CHARS, len(text))
    if end < len(text):
        line_end = text.find("\n", end, end + SOURCE_PAGE_CHARS // 10)
        end = line_end + 1 if line_end != -1 else end
    return SourceWindow(start, end, len(text))


def text_search(*, study: Study, q: str) -> QuerySet[Source]:
    """Sources whose text holds ``q`` (case-insensitive), with the first hit in context and
    the number of hits, computed by the database (texts are not loaded)."""
    needle = Lower(Value(q))
    position = StrIndex(Lower("text"), needle)
    return (
        Source.objects.filter(study=study, text__icontains=q)
        .defer("text")
        .annotate(
            position=position,
            hits=(Length("text") - Length(Replace(Lower("text"), needle, Value("")))) / len(q),
            before=Substr(
                "text",
                Greatest(position - SEARCH_CONTEXT, Value(1)),
                Greatest(Least(position - 1, Value(SEARCH_CONTEXT)), Value(0)),
            ),
            match=Substr("text", position, len(q)),
            after=Substr("text", position + len(q), SEARCH_CONTEXT),
        )
        .order_by("-hits", "pk")
    )


# --- Codebook ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeRow:
    code: Code
    depth: int
    segments: int


def code_tree(*, study: Study) -> list[CodeRow]:
    """The codebook, parents before their children, with how often each code is applied."""
    codes = list(
        Code.objects.filter(study=study)
        .select_related("party__organisation")
        .annotate(n=_count(Segment.codes.through, code_id=OuterRef("pk")))
        .order_by("pk")
    )
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    rows: list[CodeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            rows.append(CodeRow(code, depth, code.n))  # type: ignore[attr-defined]
            walk(code.pk, depth + 1)

    walk(None, 0)
    return rows


def code_get(*, study: Study, pk: int) -> Code | None:
    return Code.objects.filter(study=study, pk=pk).first()


# --- Segments ---------------------------------------------------------------------------------


def segment_get(*, study: Study, pk: int) -> Segment | None:
    return (
        Segment.objects.filter(source__study=study, pk=pk)
        .select_related("source")
        .defer("source__text")
        .prefetch_related("codes")
        .first()
    )


def _snippets(queryset: QuerySet[Segment]) -> QuerySet[Segment]:
    return queryset.annotate(
        snippet=Substr("source__text", F("start") + 1, Least(F("end") - F("start"), SNIPPET))
    )


@dataclass(frozen=True)
class SegmentFilters:
    code: int | None = None
    informant: int | None = None
    kind: str | None = None
    party: int | str | None = None  # a party id, or "none"
    function: str | None = None


def party_of_coding() -> Any:
    """The party a coding speaks for: the code's own party, else the source's (a document's
    author), else its informant's."""
    return Coalesce(
        "code__party_id", "segment__source__party_id", "segment__source__informants__party_id"
    )


def party_of_speaker() -> Any:
    """The party a segment comes from: the source's, else its informant's."""
    return Coalesce("segment__source__party_id", "segment__source__informants__party_id")


def codings(*, study: Study) -> QuerySet[Any]:
    """Rows (segment, code) of the study, without the material of withdrawn informants."""
    return Segment.codes.through.objects.filter(segment__source__study_id=study.pk).exclude(
        segment__source_id__in=withdrawn_sources(study.pk)
    )


def segment_list(*, study: Study, filters: SegmentFilters) -> QuerySet[Segment]:
    """Segments behind one cell of a display: the same rules as the counts, so the list is
    as long as the number in the cell."""
    rows = codings(study=study)
    if filters.code:
        rows = rows.filter(code_id=filters.code)
    if filters.function:
        rows = rows.filter(code__function=filters.function)
    if filters.kind:
        rows = rows.filter(segment__source__kind=filters.kind)
    if filters.informant:
        rows = rows.filter(segment__source__informants=filters.informant)
    if filters.party is not None:
        party = party_of_coding() if filters.function else party_of_speaker()
        rows = rows.annotate(party=party)
        rows = (
            rows.filter(party__isnull=True)
            if filters.party == "none"
            else rows.filter(party=filters.party)
        )
    queryset = Segment.objects.filter(pk__in=rows.values("segment_id"))
    return _snippets(
        queryset.select_related("source")
        .defer("source__text")
        .prefetch_related(Prefetch("codes", queryset=Code.objects.order_by("name")))
        .order_by("source_id", "start", "pk")
    )


# --- Memos ------------------------------------------------------------------------------------


def memo_list(*, study: Study, every: bool = False, **target: Any) -> QuerySet[Memo]:
    """Memos on the study itself (no target given), on one thing (``source=...``), or, with
    ``every``, all of the study's memos."""
    memos = Memo.objects.filter(study=study).select_related("created_by")
    if every:
        return memos.order_by("-pk")
    if not target:
        return memos.filter(
            source__isnull=True, segment__isnull=True, code__isnull=True, informant__isnull=True
        )
    return memos.filter(**target)


# --- Findings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    result: core.Triangulation
    supporting: tuple[int, ...]
    contradicting: tuple[int, ...]

    @property
    def verification_outdated(self) -> bool:
        f = self.finding
        return f.verified_at is not None and f.verified_status != self.result.status.value


def _evidence(study: Study, findings: QuerySet[Finding]) -> tuple[Any, Any, dict[int, Any]]:
    """Who cites which segment, and the facts triangulation needs about each segment."""
    supporting = list(
        Finding.supporting.through.objects.filter(finding__in=findings).values_list(
            "finding_id", "segment_id"
        )
    )
    contradicting = list(
        Finding.contradicting.through.objects.filter(finding__in=findings).values_list(
            "finding_id", "segment_id"
        )
    )
    cited = Q(
        pk__in=Finding.supporting.through.objects.filter(finding__in=findings).values("segment_id")
    ) | Q(
        pk__in=Finding.contradicting.through.objects.filter(finding__in=findings).values(
            "segment_id"
        )
    )
    segments = list(
        Segment.objects.filter(cited).values_list(
            "pk", "source_id", "source__kind", "source__party_id"
        )
    )
    voices: dict[int, list[tuple[int, bool, int | None]]] = defaultdict(list)
    links = Source.informants.through.objects.filter(
        source_id__in=Segment.objects.filter(cited).values("source_id")
    ).values_list(
        "source_id", "informant_id", "informant__consent_withdrawn_on", "informant__party_id"
    )
    for source_id, informant_id, withdrawn_on, party_id in links:
        voices[source_id].append((informant_id, withdrawn_on is not None, party_id))
    facts = {}
    for pk, source_id, kind, source_party in segments:
        people = voices.get(source_id, [])
        # One informant speaks for the segment; a group interview without a named speaker
        # counts as one voice (its source), never as several informants.
        informant = people[0][0] if len(people) == 1 else None
        parties = {p for _, _, p in people if p is not None}
        facts[pk] = core.EvidenceSegment(
            segment_id=pk,
            source_id=source_id,
            source_kind=core.SourceKind(kind),
            informant_id=informant,
            informant_withdrawn=any(w for _, w, _ in people),
            party_id=source_party or (next(iter(parties)) if len(parties) == 1 else None),
        )
    return supporting, contradicting, facts


def finding_rows(*, study: Study, pk: int | None = None) -> list[FindingRow]:
    """The study's findings (or one), each triangulated by the core under the study's rules,
    in five queries whatever their number and evidence."""
    findings = Finding.objects.filter(study=study)
    if pk is not None:
        findings = findings.filter(pk=pk)
    supporting, contradicting, facts = _evidence(study, findings)
    by_finding: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for finding_id, segment_id in supporting:
        by_finding[finding_id][0].append(segment_id)
    for finding_id, segment_id in contradicting:
        by_finding[finding_id][1].append(segment_id)
    rules = study_rules(study)
    rows = []
    for finding in findings.select_related("verified_by", "party__organisation").order_by("pk"):
        support, against = by_finding[finding.pk]
        result = core.triangulate(
            supporting=[facts[s] for s in sorted(support)],
            contradicting=[facts[s] for s in sorted(against)],
            rules=rules,
        )
        rows.append(FindingRow(finding, result, tuple(sorted(support)), tuple(sorted(against))))
    return rows


def finding_get(*, study: Study, pk: int) -> FindingRow | None:
    rows = finding_rows(study=study, pk=pk)
    return rows[0] if rows else None


def segments_by_id(*, study: Study, ids: Iterable[int]) -> dict[int, Segment]:
    """Segments with their source, codes and a snippet, for a finding's evidence lists."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = _snippets(
        Segment.objects.filter(source__study=study, pk__in=wanted)
        .select_related("source")
        .defer("source__text")
        .prefetch_related(
            Prefetch("codes", queryset=Code.objects.order_by("name")),
            Prefetch("source__informants", queryset=Informant.objects.defer(*IDENTITY)),
        )
    )
    return {s.pk: s for s in rows}


@dataclass(frozen=True)
class Verification:
    when: Any
    who: str
    status: str  # the status verified, or "" when the verification was cleared


def finding_verifications(*, finding: Finding) -> list[Verification]:
    """Every verification of the finding, and every clearing of one, oldest first."""
    rows = (
        Finding.history.filter(id=finding.pk)
        .select_related("verified_by")
        .order_by("history_date", "history_id")
    )
    result = []
    previous = None
    for row in rows:
        if row.verified_at != previous:
            who = row.verified_by.username if row.verified_by else ""
            result.append(Verification(row.history_date, who, row.verified_status))
            previous = row.verified_at
    return result
