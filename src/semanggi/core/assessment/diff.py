"""What changed between two assessments of a partnership: framework, labels, scores,
strengths, evidence, gaps and conflicts, in both languages."""

from dataclasses import dataclass

from semanggi.core.assessment.results import Assessment, LabelAssessment
from semanggi.core.text import Message


@dataclass(frozen=True)
class Change:
    """One difference between two assessments; ``field`` says what kind."""

    field: str
    text: Message
    axis_id: str | None = None
    label_id: str | None = None
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class AssessmentDiff:
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)


def _score_text(score: float | None) -> str:
    return "none" if score is None else f"{score:.4f}"


def _label_changes(old: LabelAssessment, new: LabelAssessment) -> list[Change]:
    where = {"axis_id": new.axis_id, "label_id": new.label_id}
    name = new.name
    changes = []
    if old.strength != new.strength:
        changes.append(
            Change(
                "strength",
                Message(
                    f"{name.id}: kekuatan berubah dari {old.level.id} menjadi {new.level.id}",
                    f"{name.en}: strength changed from {old.level.en} to {new.level.en}",
                ),
                old=str(old.strength),
                new=str(new.strength),
                **where,
            )
        )
    if old.score != new.score:
        before, after = _score_text(old.score), _score_text(new.score)
        changes.append(
            Change(
                "score",
                Message(
                    f"{name.id}: skor berubah dari {before} menjadi {after}",
                    f"{name.en}: score changed from {before} to {after}",
                ),
                old=before,
                new=after,
                **where,
            )
        )
    for field, old_items, new_items, word in (
        ("supporting", old.supporting, new.supporting, Message("pendukung", "supporting")),
        (
            "contradicting",
            old.contradicting,
            new.contradicting,
            Message("penentang", "contradicting"),
        ),
    ):
        old_refs = {(item.indicator, item.reference, item.party_id) for item in old_items}
        new_refs = {(item.indicator, item.reference, item.party_id) for item in new_items}
        for item in new_items:
            if (item.indicator, item.reference, item.party_id) not in old_refs:
                changes.append(
                    Change(
                        field,
                        Message(
                            f"{name.id}: bukti {word.id} baru pada {item.indicator}: "
                            f"{item.cite('id')}",
                            f"{name.en}: new {word.en} evidence on {item.indicator}: {item.cite()}",
                        ),
                        new=item.reference,
                        **where,
                    )
                )
        for item in old_items:
            if (item.indicator, item.reference, item.party_id) not in new_refs:
                changes.append(
                    Change(
                        field,
                        Message(
                            f"{name.id}: bukti {word.id} pada {item.indicator} tidak lagi "
                            f"berlaku: {item.cite('id')}",
                            f"{name.en}: {word.en} evidence on {item.indicator} no longer "
                            f"counts: {item.cite()}",
                        ),
                        old=item.reference,
                        **where,
                    )
                )
    for gap in new.missing:
        if gap not in old.missing:
            changes.append(
                Change(
                    "missing",
                    Message(f"{name.id}: kini {gap.text.id}", f"{name.en}: now {gap.text.en}"),
                    new=gap.text.en,
                    **where,
                )
            )
    for gap in old.missing:
        if gap not in new.missing:
            changes.append(
                Change(
                    "missing",
                    Message(
                        f"{name.id}: terisi: {gap.text.id}",
                        f"{name.en}: filled: {gap.text.en}",
                    ),
                    old=gap.text.en,
                    **where,
                )
            )
    old_conflicts = {c.text for c in old.conflicts}
    new_conflicts = {c.text for c in new.conflicts}
    for conflict in new.conflicts:
        if conflict.text not in old_conflicts:
            changes.append(
                Change(
                    "conflict",
                    Message(f"{name.id}: {conflict.text.id}", f"{name.en}: {conflict.text.en}"),
                    new=conflict.indicator,
                    **where,
                )
            )
    for conflict in old.conflicts:
        if conflict.text not in new_conflicts:
            changes.append(
                Change(
                    "conflict",
                    Message(
                        f"{name.id}: pertentangan selesai: {conflict.text.id}",
                        f"{name.en}: conflict resolved: {conflict.text.en}",
                    ),
                    old=conflict.indicator,
                    **where,
                )
            )
    return changes


def diff(old: Assessment, new: Assessment) -> AssessmentDiff:
    """What changed from ``old`` to ``new``: framework, labels, scores, strengths, evidence.

    Labels are matched by axis and label id; a label only on one side is reported as added
    or removed.
    """
    changes: list[Change] = []
    before = f"{old.framework_id} {old.framework_version}"
    after = f"{new.framework_id} {new.framework_version}"
    if before != after:
        changes.append(
            Change(
                "framework",
                Message(
                    f"kerangka berubah dari {before} menjadi {after}",
                    f"framework changed from {before} to {after}",
                ),
                old=before,
                new=after,
            )
        )
    old_labels = {(label.axis_id, label.label_id): label for label in old.labels()}
    new_labels = {(label.axis_id, label.label_id): label for label in new.labels()}
    for key, label in new_labels.items():
        if key not in old_labels:
            changes.append(
                Change(
                    "label",
                    Message(f"label baru: {label.name.id}", f"new label: {label.name.en}"),
                    axis_id=key[0],
                    label_id=key[1],
                    new=str(label.strength),
                )
            )
        else:
            changes.extend(_label_changes(old_labels[key], label))
    for key, label in old_labels.items():
        if key not in new_labels:
            changes.append(
                Change(
                    "label",
                    Message(f"label dihapus: {label.name.id}", f"label removed: {label.name.en}"),
                    axis_id=key[0],
                    label_id=key[1],
                    old=str(label.strength),
                )
            )
    return AssessmentDiff(tuple(changes))
