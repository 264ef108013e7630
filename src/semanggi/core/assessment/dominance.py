"""Which label dominates an axis, and why (ours).

The labels of an axis are ranked by strength (after sufficiency), then by the weight of their
evidence (score x confidence), then by score; labels equal on all three share a rank. The
first label dominates when it is at least moderate (every required element met) and not
tied; the reason names its weight beside the others', so that "mutual benefit exists but
one party dominates" reads as pseudo first, mutualism second.
"""

from collections.abc import Sequence
from dataclasses import replace

from semanggi.core.assessment.frameworks import Framework, Strength
from semanggi.core.assessment.results import LabelAssessment
from semanggi.core.text import Message

ORDER = (Strength.ABSENT, Strength.WEAK, Strength.MODERATE, Strength.STRONG)


def _key(label: LabelAssessment) -> tuple[int, float, float]:
    return (ORDER.index(label.strength), label.weight, label.score or 0.0)


def _number(value: float, language: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "id" else text


def _standing(label: LabelAssessment, framework: Framework, language: str) -> str:
    level = getattr(framework.level(label.strength), language)
    if label.score is None:
        none = "tanpa bukti" if language == "id" else "no evidence"
        return f"{getattr(label.name, language)} ({none})"
    weight = "bobot" if language == "id" else "weight"
    return f"{getattr(label.name, language)} ({level}, {weight} {_number(label.weight, language)})"


def rank_axis(
    labels: Sequence[LabelAssessment], framework: Framework
) -> tuple[tuple[LabelAssessment, ...], str | None, Message]:
    """The labels with their rank (in the framework's order), the dominant label, and why."""
    ordered = sorted(range(len(labels)), key=lambda index: _key(labels[index]), reverse=True)
    ranks: dict[int, int] = {}
    previous = None
    rank = 0
    for position, index in enumerate(ordered, start=1):
        key = _key(labels[index])
        if key != previous:
            rank, previous = position, key
        ranks[index] = rank
    ranked = tuple(replace(label, rank=ranks[index]) for index, label in enumerate(labels))
    first = [ranked[index] for index in ordered]
    top = first[0]
    tied = [label for label in first[1:] if label.rank == top.rank]
    texts = {}
    dominant = None
    for language in ("id", "en"):
        others = ", ".join(_standing(label, framework, language) for label in first[1:])
        if top.score is None or top.strength is Strength.ABSENT:
            texts[language] = (
                "Tidak ada model yang menonjol: belum ada model dengan bukti yang cukup."
                if language == "id"
                else "No model dominates: none has enough evidence for it."
            )
        elif top.strength is Strength.WEAK:
            lead = _standing(top, framework, language)
            texts[language] = (
                f"Tidak ada model yang menonjol: yang teratas, {lead}, hanya lemah."
                if language == "id"
                else f"No model dominates: the first, {lead}, is only weak."
            )
        elif tied:
            names = ", ".join(getattr(label.name, language) for label in (top, *tied))
            texts[language] = (
                f"Tidak ada model yang menonjol: {names} sama kuat."
                if language == "id"
                else f"No model dominates: {names} weigh the same."
            )
        else:
            dominant = top.label_id
            lead = _standing(top, framework, language)
            if language == "id":
                texts[language] = f"Yang menonjol: {lead}" + (
                    f", di atas {others}." if others else "."
                )
            else:
                texts[language] = f"Dominant: {lead}" + (f", above {others}." if others else ".")
    return ranked, dominant, Message(id=texts["id"], en=texts["en"])
