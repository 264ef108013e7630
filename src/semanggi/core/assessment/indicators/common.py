"""What every indicator shares: names, weights, and how a record becomes provenance."""

from collections.abc import Mapping, Sequence

from semanggi.core.assessment.inputs import AbsenceWhat, Case, Participation
from semanggi.core.assessment.tally import records_voice
from semanggi.core.assessment.values import Provenance, ProvenanceKind
from semanggi.core.text import Message

NAMES: Mapping[str, Message] = {
    "K1": Message("keseimbangan kontribusi", "contribution balance"),
    "K2": Message("partisipasi dalam keputusan", "participation in decisions"),
    "K3": Message("pemahaman tujuan kemitraan", "understanding of the partnership's purpose"),
    "K4": Message("memandang kerja sama penting", "sees cooperation as important"),
    "K5": Message("manfaat sesuai tujuan sendiri", "benefit tied to its own objectives"),
    "K6": Message("kesetaraan kekuasaan dan ketergantungan", "symmetry of power and dependence"),
    "K7": Message("hubungan setara, bukan atas-bawah", "peer rather than top-down relation"),
    "K8": Message("visi dan misi saling melengkapi", "complementary vision and mission"),
    "K9": Message("kapasitas yang diperoleh", "capacity gained"),
    "K10": Message("kemandirian", "independence"),
    "K11": Message("formalisasi (perjanjian tertulis)", "formalisation (written agreement)"),
    "K12": Message("forum koordinasi atau tim bersama", "coordination forum or joint team"),
    "K13": Message("cakupan POAC", "POAC coverage"),
    "K14": Message("transparansi", "transparency"),
}

# Share of a decision a party holds at each level; being consulted counts a quarter, after the
# Kepmentan 944/1997 rubric where one-sided planning scores 25 of 100 (ours).
PARTICIPATION_WEIGHTS: Mapping[Participation, float] = {
    Participation.NONE: 0.0,
    Participation.CONSULTED: 0.25,
    Participation.JOINT: 1.0,
    Participation.DECIDES: 1.0,
}


def record(
    reference: str,
    description: str,
    code: str,
    direction: int,
    *,
    party_id: str | None = None,
    facet: str | None = None,
) -> Provenance:
    """A record that went into an indicator (its voice is set when the value is assembled)."""
    return Provenance(
        kind=ProvenanceKind.RECORD,
        reference=reference,
        description=description,
        indicator=code,
        direction=direction,
        weight=1.0,
        party_id=party_id,
        facet=facet,
    )


def balance(amounts: Sequence[float]) -> float | None:
    """1 when every party holds an equal share, 0 when one party holds everything."""
    total = sum(amounts)
    if total <= 0:
        return None
    if len(amounts) < 2:
        return 0.0
    largest = max(amounts) / total
    equal = 1 / len(amounts)
    return (1 - largest) / (1 - equal)


def absences(case: Case, what: AbsenceWhat, code: str, direction: int = -1) -> list[Provenance]:
    """The case's records of absence of one kind, as provenance (reason included)."""
    found = []
    for absence in case.absences:
        if absence.what is not what:
            continue
        who = f"{case.party(absence.party_id).name}: " if absence.party_id else ""
        reason = f" ({absence.reason})" if absence.reason else ""
        found.append(
            Provenance(
                kind=ProvenanceKind.RECORD,
                reference=f"absence:{absence.id}",
                description=f"{who}no {what.replace('_', ' ')} recorded{reason}",
                indicator=code,
                direction=direction,
                weight=1.0,
                party_id=absence.party_id,
                voice=records_voice(case),
            )
        )
    return found
