"""The coded evidence of many partnerships at once, as the core's ``EvidenceItem`` values.

Evidence comes from the studies of a partnership, in two ways:

(a) a segment coded with a code that names an indicator (K1-K14) is evidence for it, in the
    code's direction, about the code's party;
(b) a finding that names an indicator makes each of its supporting segments evidence in the
    finding's direction about the finding's party, and each contradicting segment evidence the
    other way.

One segment counts once per (indicator, party, direction). Its weight is the triangulation of
the strongest finding that cites it on that side (``semanggi.core.triangulation``, under the
study's own rules); a segment no finding cites on that side is single-source. Segments of an
informant who withdrew consent are left out altogether. Evidence about a party counts only for
that party's partnership; evidence about no party counts for every partnership of the study
(the core reads it for every partner where an indicator is per party). A segment carries its
source's id, the publication a published-study source paraphrases, and whether the source or
its study is illustrative; illustrative evidence is always passed, and the Case says whether
the evaluator leaves it out.

Every read is one query over the set of partnerships: the number of queries does not grow with
the number of partnerships, studies or segments.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Least, Substr

from semanggi.core.assessment.inputs import TRIANGULATION_WEIGHTS, Direction, EvidenceItem
from semanggi.core.triangulation import EvidenceSegment, RuleSet, SourceKind, Status, triangulate
from semanggi.evidence.models import Finding, Segment, Source, Study

EXCERPT_LIMIT = 600


@dataclass(frozen=True)
class _Segment:
    pk: int
    study_id: int
    source_title: str
    source_kind: SourceKind
    source_id: int
    informant_key: str | None
    informant: str | None
    withdrawn: bool
    party_id: int | None
    excerpt: str
    illustrative: bool = False
    publication: str = ""


@dataclass(frozen=True)
class EvidenceKey:
    segment_id: int
    indicator: str
    party_id: int | None
    direction: int


def _segments(study_ids: Collection[int]) -> dict[int, _Segment]:
    """The segments that can be evidence: coded to an indicator or cited by a finding that
    names one, with their source, informants and an excerpt (three queries)."""
    coded = Segment.codes.through.objects.filter(code__study_id__in=study_ids).exclude(
        code__indicator=""
    )
    supports = Finding.supporting.through.objects.filter(finding__study_id__in=study_ids).exclude(
        finding__indicator=""
    )
    contradicts = Finding.contradicting.through.objects.filter(
        finding__study_id__in=study_ids
    ).exclude(finding__indicator="")
    rows = (
        Segment.objects.filter(
            Q(pk__in=coded.values("segment_id"))
            | Q(pk__in=supports.values("segment_id"))
            | Q(pk__in=contradicts.values("segment_id"))
        )
        .annotate(
            excerpt=Substr(
                "source__text", F("start") + 1, Least(F("end") - F("start"), EXCERPT_LIMIT)
            )
        )
        .values(
            "pk",
            "source_id",
            "source__study_id",
            "source__kind",
            "source__title",
            "source__party_id",
            "source__illustrative",
            "source__publication",
            "source__study__illustrative",
            "excerpt",
        )
    )
    rows = list(rows)
    source_ids = {row["source_id"] for row in rows}
    voices: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for link in (
        Source.informants.through.objects.filter(
            source_id__in=Source.objects.filter(study_id__in=study_ids).values("pk")
        )
        .values(
            "source_id",
            "informant_id",
            "informant__code",
            "informant__label",
            "informant__party_id",
            "informant__consent_withdrawn_on",
        )
        .order_by("informant__code", "informant_id")
    ):
        if link["source_id"] in source_ids:
            voices[link["source_id"]].append(link)
    result = {}
    for row in rows:
        speakers = voices.get(row["source_id"], [])
        # A group interview speaks with several voices; they count as one voice together.
        informant_key = "+".join(str(s["informant_id"]) for s in speakers) or None
        informant = (
            ", ".join(f"{s['informant__code']} ({s['informant__label']})" for s in speakers) or None
        )
        party = next((s["informant__party_id"] for s in speakers if s["informant__party_id"]), None)
        excerpt = row["excerpt"] or ""
        result[row["pk"]] = _Segment(
            pk=row["pk"],
            study_id=row["source__study_id"],
            source_title=row["source__title"],
            source_kind=SourceKind(row["source__kind"]),
            source_id=row["source_id"],
            informant_key=informant_key,
            informant=informant,
            withdrawn=any(s["informant__consent_withdrawn_on"] is not None for s in speakers),
            party_id=party or row["source__party_id"],
            excerpt=excerpt + ("…" if len(excerpt) >= EXCERPT_LIMIT else ""),
            illustrative=row["source__illustrative"] or row["source__study__illustrative"],
            publication=row["source__publication"],
        )
    return result


def _evidence_segment(segment: _Segment) -> EvidenceSegment:
    return EvidenceSegment(
        segment_id=segment.pk,
        source_id=segment.source_id,
        source_kind=segment.source_kind,
        informant_id=segment.informant_key,
        informant_withdrawn=segment.withdrawn,
        party_id=segment.party_id,
    )


def _rules(study_ids: Collection[int]) -> dict[int, RuleSet]:
    return {
        row["pk"]: RuleSet(
            min_informants=row["min_informants"],
            min_source_kinds=row["min_source_kinds"],
            min_parties=row["min_parties"],
        )
        for row in Study.objects.filter(pk__in=study_ids).values(
            "pk", "min_informants", "min_source_kinds", "min_parties"
        )
    }


def study_evidence(
    study_ids: Collection[int],
) -> tuple[dict[int, dict[EvidenceKey, Status]], dict[int, _Segment]]:
    """Per study, every piece of evidence with its triangulation status; and the segments.

    Seven queries whatever the number of studies.
    """
    segments = _segments(study_ids)
    rules = _rules(study_ids)
    evidence: dict[int, dict[EvidenceKey, Status | None]] = defaultdict(dict)

    def note(study_id: int, key: EvidenceKey, status: Status | None) -> None:
        known = evidence[study_id].get(key)
        # The strongest finding citing the segment on this side sets its weight.
        if status is not None and (
            known is None or TRIANGULATION_WEIGHTS[status] > TRIANGULATION_WEIGHTS[known]
        ):
            evidence[study_id][key] = status
        else:
            evidence[study_id].setdefault(key, known)

    for segment_id, indicator, direction, party_id in (
        Segment.codes.through.objects.filter(code__study_id__in=study_ids)
        .exclude(code__indicator="")
        .values_list("segment_id", "code__indicator", "code__direction", "code__party_id")
        .order_by("segment_id", "code_id")
    ):
        segment = segments.get(segment_id)
        if segment is not None:
            note(segment.study_id, EvidenceKey(segment_id, indicator, party_id, direction), None)

    findings = list(
        Finding.objects.filter(study_id__in=study_ids)
        .exclude(indicator="")
        .values("pk", "study_id", "indicator", "direction", "party_id")
        .order_by("pk")
    )
    cited: dict[tuple[int, str], list[int]] = defaultdict(list)
    for through, side in (
        (Finding.supporting.through, "supporting"),
        (Finding.contradicting.through, "contradicting"),
    ):
        for finding_id, segment_id in (
            through.objects.filter(finding__study_id__in=study_ids)
            .exclude(finding__indicator="")
            .values_list("finding_id", "segment_id")
            .order_by("finding_id", "segment_id")
        ):
            cited[(finding_id, side)].append(segment_id)
    for finding in findings:
        support = [segments[pk] for pk in cited[(finding["pk"], "supporting")] if pk in segments]
        against = [segments[pk] for pk in cited[(finding["pk"], "contradicting")] if pk in segments]
        status = triangulate(
            supporting=[_evidence_segment(s) for s in support],
            contradicting=[_evidence_segment(s) for s in against],
            rules=rules.get(finding["study_id"], RuleSet()),
        ).status
        for segment in support:
            key = EvidenceKey(
                segment.pk, finding["indicator"], finding["party_id"], finding["direction"]
            )
            note(finding["study_id"], key, status)
        for segment in against:
            key = EvidenceKey(
                segment.pk, finding["indicator"], finding["party_id"], -finding["direction"]
            )
            note(finding["study_id"], key, None)
    settled = {
        study_id: {key: status or Status.SINGLE_SOURCE for key, status in keys.items()}
        for study_id, keys in evidence.items()
    }
    return settled, segments


def evidence_items(
    keys: dict[EvidenceKey, Status],
    segments: dict[int, _Segment],
    party_slugs: dict[int, str],
) -> list[EvidenceItem]:
    """The evidence of one study for one partnership (whose parties are ``party_slugs``)."""
    items = []
    for key, status in keys.items():
        segment = segments[key.segment_id]
        if segment.withdrawn:
            continue
        if key.party_id is not None and key.party_id not in party_slugs:
            continue
        items.append(
            EvidenceItem(
                indicator=key.indicator,
                direction=Direction(1 if key.direction > 0 else -1),
                triangulation=status,
                segment=str(segment.pk),
                source=segment.source_title,
                source_kind=segment.source_kind,
                party_id=party_slugs[key.party_id] if key.party_id is not None else None,
                informant=segment.informant,
                excerpt=segment.excerpt,
                source_id=str(segment.source_id),
                publication=segment.publication,
                illustrative=segment.illustrative,
            )
        )
    return items
