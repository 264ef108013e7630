"""Auto-coding: every hit of a search in a source coded in one step (a write of the
evidence workbench, beside ``services``). All or nothing, in a fixed number of statements
whatever the number of hits."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from semanggi.core.coding import find_hits
from semanggi.core.text import Message
from semanggi.evidence.models import Segment, Source
from semanggi.evidence.services import (
    ServiceError,
    _person,
    code_create,
    codes_of_study,
    segments_history,
)

# The most hits one auto-coding codes: past it, the search is too broad to check by eye.
AUTOCODE_MAX_HITS = 500
QUERY_MIN = 2
QUERY_MAX = 200


@dataclass(frozen=True)
class AutocodeOutcome:
    hits: int  # hits of the search in the source
    created: int  # new segments
    added: int  # segments that were there and received a code
    skipped: int  # segments that were there with every code already
    segment_ids: tuple[int, ...]  # the segments of the hits, in the order of the text
    code_ids: tuple[int, ...]  # the codes applied


def _query(query: str) -> str:
    q = query.strip()
    if len(q) < QUERY_MIN or len(q) > QUERY_MAX:
        raise ServiceError(
            Message(
                f"Kata yang dicari harus {QUERY_MIN}–{QUERY_MAX} karakter.",
                f"The search must be {QUERY_MIN}–{QUERY_MAX} characters long.",
            )
        )
    return q


def segments_autocode(
    *,
    source: Source,
    query: str,
    code_ids: Sequence[int],
    actor: Any,
    new_code: str = "",
    new_code_parent: int | None = None,
) -> AutocodeOutcome:
    """Code every hit of ``query`` in ``source`` (ignoring case) with ``code_ids`` (and a
    code named ``new_code``, created on the way). A hit whose span is already a segment
    receives the codes it lacks; one that carries them all is skipped, so that running the
    same auto-coding twice changes nothing. More than AUTOCODE_MAX_HITS hits, or none, is
    refused with the reason, and nothing is saved."""
    q = _query(query)
    text = Source.objects.filter(pk=source.pk).values_list("text", flat=True).get()
    spans = find_hits(text, q, AUTOCODE_MAX_HITS)
    if not spans:
        raise ServiceError(
            Message(f"«{q}» tidak ada dalam sumber ini.", f"«{q}» does not occur in this source.")
        )
    if len(spans) > AUTOCODE_MAX_HITS:
        raise ServiceError(
            Message(
                f"«{q}» muncul lebih dari {AUTOCODE_MAX_HITS} kali dalam sumber ini: "
                "persempit pencarian (kata yang lebih panjang) lalu kodekan lagi.",
                f"«{q}» occurs more than {AUTOCODE_MAX_HITS} times in this source: narrow "
                "the search (a longer phrase) and code again.",
            )
        )
    through = Segment.codes.through
    with transaction.atomic():
        wanted = list(code_ids)
        if new_code.strip():
            wanted.append(
                code_create(study_id=source.study_id, name=new_code, parent_id=new_code_parent).pk
            )
        codes = codes_of_study(source.study_id, wanted)
        pairs = [(s.start, s.end) for s in spans]
        wanted_pairs = set(pairs)
        existing = {
            (seg.start, seg.end): seg
            for seg in Segment.objects.select_for_update().filter(
                source_id=source.pk, start__in=sorted({s for s, _ in pairs})
            )
            if (seg.start, seg.end) in wanted_pairs
        }
        present: dict[int, list[tuple[int, int]]] = {seg.pk: [] for seg in existing.values()}
        for row_id, segment_id, code_id in through.objects.filter(
            segment_id__in=list(present)
        ).values_list("pk", "segment_id", "code_id"):
            present[segment_id].append((row_id, code_id))
        person = _person(actor)
        try:
            with transaction.atomic():
                fresh = Segment.objects.bulk_create(
                    [
                        Segment(source_id=source.pk, start=start, end=end, created_by=person)
                        for start, end in pairs
                        if (start, end) not in existing
                    ]
                )
        except IntegrityError:
            raise ServiceError(
                Message(
                    "Sumber ini sedang dikodekan oleh orang lain; coba lagi.",
                    "Someone else is coding this source at this moment; try again.",
                )
            ) from None
        for segment in fresh:
            existing[(segment.start, segment.end)] = segment
            present[segment.pk] = []
        created_ids = {segment.pk for segment in fresh}
        missing = [
            (existing[pair], code)
            for pair in pairs
            for code in codes
            if code not in {c for _, c in present[existing[pair].pk]}
        ]
        added_rows = through.objects.bulk_create(
            [through(segment_id=segment.pk, code_id=code) for segment, code in missing]
        )
        for row in added_rows:
            present[row.segment_id].append((row.pk, row.code_id))
        changed = {row.segment_id for row in added_rows}
        segments_history(
            [
                (existing[pair], present[existing[pair].pk], "+" if pk in created_ids else "~")
                for pair in pairs
                if (pk := existing[pair].pk) in changed
            ],
            actor,
        )
    return AutocodeOutcome(
        hits=len(pairs),
        created=len(created_ids),
        added=len(changed - created_ids),
        skipped=len(pairs) - len(changed),
        segment_ids=tuple(existing[pair].pk for pair in pairs),
        code_ids=tuple(codes),
    )
