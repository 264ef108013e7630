"""The explanation of a label, in Indonesian and English, from its readings and evidence."""

from collections.abc import Iterable, Sequence
from typing import TypeVar

from semanggi.core.assessment.frameworks import Aggregate, Framework, Label, Reading, Strength
from semanggi.core.assessment.indicators import NAMES
from semanggi.core.assessment.inputs import Case
from semanggi.core.assessment.results import (
    ElementResult,
    ElementStatus,
    Sufficiency,
    TermResult,
)
from semanggi.core.assessment.values import Conflict, Missing, Provenance, ProvenanceKind
from semanggi.core.text import Message

T = TypeVar("T")


def unique(items: Iterable[T]) -> tuple[T, ...]:
    """The items without repeats, in order of first appearance."""
    return tuple(dict.fromkeys(items))


def _number(value: float, language: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "id" else text


def _term_phrase(term: TermResult, case: Case, language: str) -> str:
    name = getattr(NAMES[term.indicator], language)
    scope = ""
    if term.facet is not None:
        scope = f" ({'untuk' if language == 'id' else 'on'} {term.facet})"
    elif term.aggregate is Aggregate.SPREAD:
        scope = " (selisih antarpihak)" if language == "id" else " (spread between parties)"
    elif term.aggregate is not Aggregate.VALUE:
        lowest = term.aggregate is Aggregate.LOWEST_PARTY
        if language == "id":
            scope = f" (pihak {'terendah' if lowest else 'tertinggi'}"
        else:
            scope = f" ({'lowest' if lowest else 'highest'} party"
        scope += f": {case.party(term.party_id).name})" if term.party_id else ")"
    if term.value is None or term.score is None:
        gap = "tanpa bukti" if language == "id" else "no evidence"
        return f"{term.indicator} {name}{scope}: {gap}"
    if language == "id":
        wanted = "nilai tinggi" if term.reading is Reading.HIGH else "nilai rendah"
        return (
            f"{term.indicator} {name}{scope} = {_number(term.value, language)} "
            f"(yang mendukung: {wanted}; dukungan {_number(term.score, language)})"
        )
    wanted = "high" if term.reading is Reading.HIGH else "low"
    return (
        f"{term.indicator} {name}{scope} = {_number(term.value, language)} "
        f"({wanted} supports; support {_number(term.score, language)})"
    )


def _evidence_phrase(items: Sequence[Provenance], language: str) -> str:
    records = sum(1 for item in items if item.kind is ProvenanceKind.RECORD)
    segments = [item for item in items if item.kind is ProvenanceKind.EVIDENCE]
    if language == "id":
        text = f"{records} catatan, {len(segments)} segmen berkode"
    else:
        text = f"{records} record(s), {len(segments)} coded segment(s)"
    if segments:
        text += ": " + "; ".join(item.cite(language) for item in segments)
    return text


STATUS_WORDS = {
    ElementStatus.MET: Message("terpenuhi", "met"),
    ElementStatus.NOT_MET: Message("tidak terpenuhi", "not met"),
    ElementStatus.NOT_ENOUGH: Message("belum cukup bukti", "not enough evidence"),
}

SUFFICIENCY_WORDS = {
    Sufficiency.SUFFICIENT: Message("bukti cukup", "enough evidence"),
    Sufficiency.LIMITED: Message(
        "bukti terbatas: satu sumber saja untuk suatu unsur",
        "limited evidence: one source only for an element",
    ),
    Sufficiency.INSUFFICIENT: Message(
        "bukti tidak cukup: ada unsur wajib yang belum cukup buktinya",
        "insufficient evidence: a required element has not enough evidence",
    ),
}


def summarise(
    name: Message,
    level: Message,
    elements: Sequence[ElementResult],
    sufficiency: Sufficiency,
) -> Message:
    """One plain line: the label, its level, and how the definition's elements stand."""
    texts = {}
    for language in ("id", "en"):
        parts = []
        for status in ElementStatus:
            named = [getattr(e.name, language) for e in elements if e.status is status]
            if named:
                parts.append(f"{getattr(STATUS_WORDS[status], language)}: {'; '.join(named)}")
        line = f"{getattr(name, language)}, {getattr(level, language)}"
        if parts:
            line += " — " + ". ".join(parts)
        if sufficiency is not Sufficiency.SUFFICIENT:
            line += f" ({getattr(SUFFICIENCY_WORDS[sufficiency], language)})"
        texts[language] = line + "."
    return Message(id=texts["id"], en=texts["en"])


def _element_phrase(element: ElementResult, language: str) -> str:
    status = getattr(STATUS_WORDS[element.status], language)
    text = f"{getattr(element.name, language)}: {status}"
    if element.score is not None:
        text += f" ({_number(element.score, language)}"
        if element.voices:
            count = len(element.voices)
            text += f", {count} {'suara' if language == 'id' else 'voice(s)'}"
        text += ")"
    if not element.required:
        text += " [tidak wajib]" if language == "id" else " [optional]"
    return f"{text} [{element.source}]"


def explain(
    label: Label,
    framework: Framework,
    case: Case,
    *,
    score: float | None,
    confidence: float,
    terms: Sequence[TermResult],
    strength: Strength,
    supporting: Sequence[Provenance],
    contradicting: Sequence[Provenance],
    conflicts: Sequence[Conflict],
    missing: Sequence[Missing],
    elements: Sequence[ElementResult] = (),
    sufficiency: Sufficiency | None = None,
) -> Message:
    """The label's strength, rule, readings, evidence, conflicts and gaps, in both languages."""
    texts = {}
    codes = ", ".join(label.indicators)
    for language in ("id", "en"):
        name = getattr(label.name, language)
        level = getattr(framework.level(strength), language)
        if score is None:
            head = (
                f"{name}: tidak tampak, tidak ada bukti. Belum ada catatan atau segmen berkode "
                f"untuk indikator yang dibacanya ({codes})."
                if language == "id"
                else f"{name}: absent, no evidence. None of the indicators it reads ({codes}) "
                f"has records or coded segments."
            )
        elif language == "id":
            head = (
                f"{name}: {level} (skor {_number(score, language)}, keyakinan "
                f"{_number(confidence, language)})."
            )
        else:
            head = (
                f"{name}: {level} (score {_number(score, language)}, confidence "
                f"{_number(confidence, language)})."
            )
        parts = [head]
        if sufficiency is not None:
            parts.append(getattr(SUFFICIENCY_WORDS[sufficiency], language).capitalize() + ".")
        if elements:
            lead = "Unsur definisi" if language == "id" else "Elements of the definition"
            listed = "; ".join(_element_phrase(element, language) for element in elements)
            parts.append(f"{lead}: {listed}.")
        if label.rule_note is not None:
            rule = "Aturan (milik Semanggi)" if language == "id" else "Rule (ours)"
            parts.append(f"{rule}: {getattr(label.rule_note, language)}")
        readings = "; ".join(_term_phrase(term, case, language) for term in terms)
        parts.append(f"{'Pembacaan' if language == 'id' else 'Readings'}: {readings}.")
        if supporting:
            lead = "Mendukung" if language == "id" else "For"
            parts.append(f"{lead}: {_evidence_phrase(supporting, language)}.")
        if contradicting:
            lead = "Menentang" if language == "id" else "Against"
            parts.append(f"{lead}: {_evidence_phrase(contradicting, language)}.")
        parts.extend(getattr(conflict.text, language) for conflict in conflicts)
        if missing:
            lead = "Bukti yang belum ada" if language == "id" else "Missing evidence"
            gaps = "; ".join(getattr(item.text, language) for item in missing)
            parts.append(f"{lead}: {gaps}.")
        texts[language] = " ".join(parts)
    return Message(id=texts["id"], en=texts["en"])
