"""The management phases of a partnership: G. R. Terry's Planning, Organizing, Actuating and
Controlling, then closed. The gates between phases grow with the management records.

A partnership moves forward one phase at a time, and only through the gate of the phase it
enters; it may move back any number of phases when someone records why. The gates read a
``LifecycleSnapshot``, which the partnerships app's selectors build from its records; nothing
here touches the database.

Which records each gate asks for is Semanggi's own operationalisation of Terry's functions as
the domain brief describes them, not a published checklist.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from semanggi.core.text import Message


class Phase(StrEnum):
    PLANNING = "planning"
    ORGANIZING = "organizing"
    ACTUATING = "actuating"
    CONTROLLING = "controlling"
    CLOSED = "closed"


ORDER: tuple[Phase, ...] = tuple(Phase)


def next_phase(phase: Phase) -> Phase | None:
    """The phase that follows ``phase``, or None once closed."""
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


# The IATI ActivityStatus a partnership takes on entering each phase: 1 pipeline/identification
# while it is planned and organised, 2 implementation while it is carried out and controlled,
# 4 closed.
_IATI_STATUS: dict[Phase, str] = {
    Phase.PLANNING: "1",
    Phase.ORGANIZING: "1",
    Phase.ACTUATING: "2",
    Phase.CONTROLLING: "2",
    Phase.CLOSED: "4",
}


def iati_status(phase: Phase) -> str:
    """The IATI ActivityStatus code that follows from entering ``phase``."""
    return _IATI_STATUS[phase]


def previous_phase(phase: Phase) -> Phase | None:
    """The phase before ``phase``, or None in planning."""
    index = ORDER.index(phase)
    return ORDER[index - 1] if index > 0 else None


PHASE_LABELS: dict[Phase, Message] = {
    Phase.PLANNING: Message("Perencanaan", "Planning"),
    Phase.ORGANIZING: Message("Pengorganisasian", "Organizing"),
    Phase.ACTUATING: Message("Pelaksanaan", "Actuating"),
    Phase.CONTROLLING: Message("Pengendalian", "Controlling"),
    Phase.CLOSED: Message("Ditutup", "Closed"),
}


def phase_label(phase: Phase) -> Message:
    """The name of a phase as people read it."""
    return PHASE_LABELS[phase]


# --- What the gates read --------------------------------------------------------------------


class Raci(StrEnum):
    """A party's part in an activity: Responsible does the work, Accountable answers for it
    (one party per activity), Consulted is asked before, Informed is told after."""

    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


@dataclass(frozen=True)
class PartyRecord:
    """A party to the partnership and how many objectives of its own it has recorded."""

    ref: str
    name: str
    objectives: int = 0


@dataclass(frozen=True)
class Assignment:
    """One cell of the responsibility matrix: ``party`` (a ``PartyRecord.ref``) holds ``role``."""

    party: str
    role: Raci


@dataclass(frozen=True)
class ActivityRecord:
    """A planned activity with its row of the responsibility matrix."""

    ref: str
    name: str
    assignments: tuple[Assignment, ...] = ()

    def parties_with(self, role: Raci) -> tuple[str, ...]:
        """The distinct parties holding ``role``, in the order first assigned."""
        return tuple(dict.fromkeys(a.party for a in self.assignments if a.role is role))

    @property
    def responsible(self) -> tuple[str, ...]:
        return self.parties_with(Raci.RESPONSIBLE)

    @property
    def accountable(self) -> tuple[str, ...]:
        return self.parties_with(Raci.ACCOUNTABLE)


@dataclass(frozen=True)
class LifecycleSnapshot:
    """A partnership's management records, reduced to what the gates need.

    ``transactions`` counts money that actually moved (IATI disbursements and expenditures),
    not commitments. ``asset_built`` is true when the partnership builds or equips something
    that one party hands over to another (the puskesmas of the source study).
    """

    parties: tuple[PartyRecord, ...] = ()
    joint_objectives: int = 0
    activities: tuple[ActivityRecord, ...] = ()
    agreements: int = 0
    no_agreement_reason: str | None = None
    coordination_forum: bool = False
    coordination_team: bool = False
    progress_updates: int = 0
    transactions: int = 0
    asset_built: bool = False
    handover_recorded: bool = False
    closing_note: bool = False
    sustainability_statement: bool = False
    open_red_flags: int = 0
    unapproved_actuals: int = 0
    open_corrective_actions: int = 0


# --- The responsibility matrix ---------------------------------------------------------------


@dataclass(frozen=True)
class RaciProblem:
    """Something wrong in one activity's row of the responsibility matrix."""

    code: str
    activity: str
    message: Message
    parties: tuple[str, ...] = ()


def validate_raci(
    activities: Iterable[ActivityRecord], parties: Iterable[PartyRecord] | None = None
) -> tuple[RaciProblem, ...]:
    """Check the responsibility matrix, activity by activity.

    Problems: ``raci.no_responsible`` (nobody does the work), ``raci.no_accountable`` (nobody
    answers for it), ``raci.many_accountable`` (more than one party answers for it) and, when
    ``parties`` is given, ``raci.unknown_party`` (a cell names a party that is not in the
    partnership). A party may hold several letters in one activity (A and R together is
    common); the same letter given twice to one party counts once.
    """
    known = None if parties is None else {party.ref: party.name for party in parties}
    problems: list[RaciProblem] = []
    for activity in activities:
        name = activity.name
        if not activity.responsible:
            problems.append(
                RaciProblem(
                    "raci.no_responsible",
                    activity.ref,
                    Message(
                        f"Kegiatan \u201c{name}\u201d belum memiliki pihak pelaksana (R).",
                        f"Activity \u201c{name}\u201d has no responsible party (R).",
                    ),
                )
            )
        accountable = activity.accountable
        if not accountable:
            problems.append(
                RaciProblem(
                    "raci.no_accountable",
                    activity.ref,
                    Message(
                        f"Kegiatan \u201c{name}\u201d belum memiliki pihak penanggung jawab (A).",
                        f"Activity \u201c{name}\u201d has no accountable party (A).",
                    ),
                )
            )
        elif len(accountable) > 1:
            names = _names(accountable, known)
            problems.append(
                RaciProblem(
                    "raci.many_accountable",
                    activity.ref,
                    Message(
                        f"Kegiatan \u201c{name}\u201d memiliki {len(accountable)} pihak "
                        f"penanggung jawab (A): {names}; seharusnya hanya satu.",
                        f"Activity \u201c{name}\u201d has {len(accountable)} accountable "
                        f"parties (A): {names}; there must be only one.",
                    ),
                    accountable,
                )
            )
        if known is not None:
            unknown = tuple(
                dict.fromkeys(a.party for a in activity.assignments if a.party not in known)
            )
            if unknown:
                refs = ", ".join(unknown)
                problems.append(
                    RaciProblem(
                        "raci.unknown_party",
                        activity.ref,
                        Message(
                            f"Kegiatan \u201c{name}\u201d menyebut pihak yang bukan anggota "
                            f"kemitraan: {refs}.",
                            f"Activity \u201c{name}\u201d names parties that are not in the "
                            f"partnership: {refs}.",
                        ),
                        unknown,
                    )
                )
    return tuple(problems)


def _names(refs: Iterable[str], known: dict[str, str] | None) -> str:
    return ", ".join(known.get(ref, ref) if known else ref for ref in refs)


# --- Gates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One condition of a gate. A requirement that is not ``blocking`` is advice: it is shown
    with the others but does not hold the partnership back."""

    code: str
    met: bool
    message: Message
    blocking: bool = True


@dataclass(frozen=True)
class Gate:
    """The conditions for entering ``target``."""

    target: Phase
    requirements: tuple[Requirement, ...]

    @property
    def passed(self) -> bool:
        return all(r.met for r in self.requirements if r.blocking)

    @property
    def missing(self) -> tuple[Requirement, ...]:
        """The blocking requirements not yet met."""
        return tuple(r for r in self.requirements if r.blocking and not r.met)


def gate(snapshot: LifecycleSnapshot, target: Phase) -> Gate:
    """The gate a partnership passes to enter ``target`` from the phase before it.

    Entering **Organizing** (the plan is made and agreed): at least two parties, because a
    partnership is an alliance of two or more; objectives recorded for every party; at least
    one activity; an agreement (MoU / PKS) or a recorded reason for having none. Joint
    objectives are advised, not required: in a CSR grant they are often left implicit, and the
    assessment of the partnership model reads their absence as evidence.

    Entering **Actuating** (the work is divided): every activity has a responsible party and
    exactly one accountable party; a coordination forum or a joint team exists.

    Entering **Controlling** (something has been carried out that can be compared with the
    plan): at least one progress update or one disbursement or expenditure is recorded.
    Either is enough, because some partnerships report by money (a CSR transfer) and others
    by work done (in kind contributions), and asking for both would hold back the first kind.

    Entering **Closed**: a closing note and a sustainability statement (who carries on, with
    what) are present. When the partnership built an asset, its handover (serah terima, BAST)
    must be recorded as well: closing without it leaves unclear who owns and maintains what
    was built, which is the question sustainability depends on. Without an asset the handover
    requirement is shown as met and says why.

    Closing also asks that nothing is left open: no red variance flag, no indicator actual
    waiting for its accountable party's approval, no corrective action still open. A closed
    partnership is read-only (``is_read_only``), so whatever is open then would stay open.

    Entering **Planning** asks for nothing.
    """
    requirements: tuple[Requirement, ...]
    if target is Phase.ORGANIZING:
        requirements = _to_organizing(snapshot)
    elif target is Phase.ACTUATING:
        requirements = _to_actuating(snapshot)
    elif target is Phase.CONTROLLING:
        requirements = _to_controlling(snapshot)
    elif target is Phase.CLOSED:
        requirements = _to_closed(snapshot)
    else:
        requirements = ()
    return Gate(target, requirements)


def _to_organizing(snapshot: LifecycleSnapshot) -> tuple[Requirement, ...]:
    count = len(snapshot.parties)
    without = [party.name for party in snapshot.parties if party.objectives < 1]
    if not count:
        objectives = Message(
            "Belum ada pihak, sehingga belum ada tujuan para pihak.",
            "There are no parties yet, so no party objectives either.",
        )
    elif without:
        objectives = Message(
            "Belum ada tujuan untuk pihak: " + ", ".join(without) + ".",
            "No objectives yet for: " + ", ".join(without) + ".",
        )
    else:
        objectives = Message(
            "Setiap pihak telah mencatat tujuannya sendiri.",
            "Every party has recorded its own objectives.",
        )
    has_agreement = snapshot.agreements > 0
    reason = (snapshot.no_agreement_reason or "").strip()
    if has_agreement:
        agreement = Message(
            f"Kesepakatan tertulis tercatat ({snapshot.agreements}).",
            f"A written agreement is recorded ({snapshot.agreements}).",
        )
    elif reason:
        agreement = Message(
            "Tidak ada kesepakatan tertulis; alasannya tercatat.",
            "There is no written agreement; the reason is recorded.",
        )
    else:
        agreement = Message(
            "Catat kesepakatan (MoU / PKS) atau alasan tidak adanya kesepakatan tertulis.",
            "Record an agreement (MoU / PKS) or the reason there is no written agreement.",
        )
    return (
        Requirement(
            "planning.parties",
            count >= 2,
            Message(
                f"Kemitraan memiliki {count} pihak; diperlukan sedikitnya dua.",
                f"The partnership has {count} parties; at least two are needed.",
            ),
        ),
        Requirement("planning.party_objectives", count > 0 and not without, objectives),
        Requirement(
            "planning.joint_objectives",
            snapshot.joint_objectives > 0,
            Message(
                f"Tujuan bersama tercatat: {snapshot.joint_objectives} (disarankan).",
                f"Joint objectives recorded: {snapshot.joint_objectives} (advised).",
            ),
            blocking=False,
        ),
        Requirement(
            "planning.activities",
            bool(snapshot.activities),
            Message(
                f"Kegiatan yang direncanakan: {len(snapshot.activities)}; "
                "diperlukan sedikitnya satu.",
                f"Planned activities: {len(snapshot.activities)}; at least one is needed.",
            ),
        ),
        Requirement("planning.agreement", has_agreement or bool(reason), agreement),
    )


def _to_actuating(snapshot: LifecycleSnapshot) -> tuple[Requirement, ...]:
    activities = snapshot.activities
    problems = validate_raci(activities)
    no_r = [p.activity for p in problems if p.code == "raci.no_responsible"]
    bad_a = [
        p.activity for p in problems if p.code in ("raci.no_accountable", "raci.many_accountable")
    ]
    names = {activity.ref: activity.name for activity in activities}
    coordination = snapshot.coordination_forum or snapshot.coordination_team
    return (
        _matrix_requirement(
            "organizing.responsible",
            activities,
            [names[ref] for ref in no_r],
            Message(
                "Setiap kegiatan memiliki pihak pelaksana (R).",
                "Every activity has a responsible party (R).",
            ),
            Message(
                "Kegiatan tanpa pihak pelaksana (R): ",
                "Activities without a responsible party (R): ",
            ),
        ),
        _matrix_requirement(
            "organizing.accountable",
            activities,
            [names[ref] for ref in bad_a],
            Message(
                "Setiap kegiatan memiliki tepat satu pihak penanggung jawab (A).",
                "Every activity has exactly one accountable party (A).",
            ),
            Message(
                "Kegiatan tanpa tepat satu pihak penanggung jawab (A): ",
                "Activities without exactly one accountable party (A): ",
            ),
        ),
        Requirement(
            "organizing.coordination",
            coordination,
            Message(
                "Forum koordinasi atau tim bersama telah dibentuk.",
                "A coordination forum or joint team is in place.",
            )
            if coordination
            else Message(
                "Bentuk forum koordinasi atau tim bersama.",
                "Set up a coordination forum or a joint team.",
            ),
        ),
    )


def _matrix_requirement(
    code: str,
    activities: tuple[ActivityRecord, ...],
    failing: list[str],
    ok: Message,
    prefix: Message,
) -> Requirement:
    if not activities:
        return Requirement(
            code,
            False,
            Message(
                "Belum ada kegiatan untuk dibagi di antara para pihak.",
                "There are no activities to divide among the parties yet.",
            ),
        )
    if not failing:
        return Requirement(code, True, ok)
    listed = ", ".join(failing)
    return Requirement(code, False, Message(prefix.id + listed + ".", prefix.en + listed + "."))


def _to_controlling(snapshot: LifecycleSnapshot) -> tuple[Requirement, ...]:
    updates, transactions = snapshot.progress_updates, snapshot.transactions
    return (
        Requirement(
            "actuating.progress",
            updates > 0 or transactions > 0,
            Message(
                f"Laporan kemajuan: {updates}; pencairan atau belanja: {transactions}. "
                "Diperlukan sedikitnya satu di antaranya.",
                f"Progress updates: {updates}; disbursements or expenditures: {transactions}. "
                "At least one of them is needed.",
            ),
        ),
    )


def _to_closed(snapshot: LifecycleSnapshot) -> tuple[Requirement, ...]:
    if not snapshot.asset_built:
        handover = Message(
            "Tidak ada aset yang dibangun; serah terima tidak diperlukan.",
            "No asset was built; no handover is needed.",
        )
    elif snapshot.handover_recorded:
        handover = Message(
            "Serah terima aset (BAST) tercatat.", "The handover of the asset (BAST) is recorded."
        )
    else:
        handover = Message(
            "Aset telah dibangun: catat serah terimanya (BAST) sebelum kemitraan ditutup.",
            "An asset was built: record its handover (BAST) before closing the partnership.",
        )
    return (
        Requirement(
            "controlling.closing_note",
            snapshot.closing_note,
            Message("Catatan penutupan tersedia.", "A closing note is present.")
            if snapshot.closing_note
            else Message("Tulis catatan penutupan.", "Write a closing note."),
        ),
        Requirement(
            "controlling.sustainability",
            snapshot.sustainability_statement,
            Message("Pernyataan keberlanjutan tersedia.", "A sustainability statement is present.")
            if snapshot.sustainability_statement
            else Message(
                "Tulis pernyataan keberlanjutan: siapa melanjutkan apa, dengan sumber daya apa.",
                "Write a sustainability statement: who carries on what, with which resources.",
            ),
        ),
        Requirement(
            "controlling.handover",
            not snapshot.asset_built or snapshot.handover_recorded,
            handover,
        ),
        _nothing_open(
            "controlling.red_flags",
            snapshot.open_red_flags,
            Message("Tidak ada tanda merah.", "No red flag is open."),
            Message(
                f"Tangani {snapshot.open_red_flags} tanda merah sebelum kemitraan ditutup.",
                f"Deal with {snapshot.open_red_flags} red flag(s) before closing.",
            ),
        ),
        _nothing_open(
            "controlling.unapproved_actuals",
            snapshot.unapproved_actuals,
            Message(
                "Semua capaian indikator telah disetujui.", "Every indicator actual is approved."
            ),
            Message(
                f"{snapshot.unapproved_actuals} capaian indikator menunggu persetujuan.",
                f"{snapshot.unapproved_actuals} indicator actual(s) wait for approval.",
            ),
        ),
        _nothing_open(
            "controlling.corrective_actions",
            snapshot.open_corrective_actions,
            Message("Tidak ada tindakan korektif yang terbuka.", "No corrective action is open."),
            Message(
                f"Selesaikan {snapshot.open_corrective_actions} tindakan korektif yang terbuka.",
                f"Complete {snapshot.open_corrective_actions} open corrective action(s).",
            ),
        ),
    )


def _nothing_open(code: str, count: int, met: Message, unmet: Message) -> Requirement:
    return Requirement(code, count == 0, met if count == 0 else unmet)


def is_read_only(phase: Phase) -> bool:
    """A closed partnership's records can no longer change; only an administrator can
    reopen it, with a recorded reason (``transition``)."""
    return phase is Phase.CLOSED


# --- Transitions -----------------------------------------------------------------------------


class TransitionOutcome(StrEnum):
    ADVANCED = "advanced"
    RETURNED = "returned"
    REFUSED = "refused"


@dataclass(frozen=True)
class TransitionResult:
    """What became of a request to move from ``current`` to ``target``.

    ``phase`` is where the partnership stands afterwards. ``code`` names the rule that
    decided: ``transition.advanced``, ``transition.returned``, ``transition.same_phase``,
    ``transition.skip``, ``transition.gate_not_met`` or ``transition.reason_required``.
    ``missing`` lists the unmet requirements when a gate refused; ``reason`` is the cleaned
    reason given, to be recorded with the change.
    """

    outcome: TransitionOutcome
    code: str
    current: Phase
    target: Phase
    message: Message
    missing: tuple[Requirement, ...] = ()
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.outcome is not TransitionOutcome.REFUSED

    @property
    def phase(self) -> Phase:
        return self.current if self.outcome is TransitionOutcome.REFUSED else self.target


def transition(
    snapshot: LifecycleSnapshot,
    current: Phase,
    target: Phase,
    reason: str | None,
    *,
    admin: bool = False,
) -> TransitionResult:
    """Decide whether a partnership in ``current`` may move to ``target``.

    Forward moves go one phase at a time and only when the gate of ``target`` is met; a
    reason is optional and kept. Moving back, by one phase or several, is always possible
    but needs a non-blank reason, because it undoes recorded management decisions and the
    history must say why. Staying in the same phase is refused. A closed partnership is
    reopened only by an administrator (``admin``), and always with a reason.
    """
    cleaned = (reason or "").strip() or None
    here, there = phase_label(current), phase_label(target)
    step = ORDER.index(target) - ORDER.index(current)

    def refused(
        code: str, message: Message, missing: tuple[Requirement, ...] = ()
    ) -> TransitionResult:
        return TransitionResult(
            TransitionOutcome.REFUSED, code, current, target, message, missing, cleaned
        )

    if step == 0:
        return refused(
            "transition.same_phase",
            Message(
                f"Kemitraan sudah berada pada tahap {here.id}.",
                f"The partnership is already in the {here.en} phase.",
            ),
        )
    if current is Phase.CLOSED and not admin:
        return refused(
            "transition.closed",
            Message(
                "Kemitraan sudah ditutup; hanya administrator yang dapat membukanya kembali, "
                "dengan alasan yang dicatat.",
                "The partnership is closed; only an administrator can reopen it, with a "
                "recorded reason.",
            ),
        )
    if step > 1:
        after = phase_label(ORDER[ORDER.index(current) + 1])
        return refused(
            "transition.skip",
            Message(
                f"Tahap tidak dapat dilompati: dari {here.id} kemitraan hanya dapat maju ke "
                f"{after.id}, bukan langsung ke {there.id}.",
                f"Phases cannot be skipped: from {here.en} the partnership can only move on "
                f"to {after.en}, not straight to {there.en}.",
            ),
        )
    if step == 1:
        checked = gate(snapshot, target)
        if not checked.passed:
            missing = checked.missing
            return refused(
                "transition.gate_not_met",
                Message(
                    f"Belum dapat maju ke tahap {there.id}: {len(missing)} syarat belum terpenuhi.",
                    f"Cannot move on to {there.en} yet: {len(missing)} requirement(s) not met.",
                ),
                missing,
            )
        return TransitionResult(
            TransitionOutcome.ADVANCED,
            "transition.advanced",
            current,
            target,
            Message(
                f"Kemitraan maju ke tahap {there.id}.",
                f"The partnership moves on to {there.en}.",
            ),
            reason=cleaned,
        )
    if cleaned is None:
        return refused(
            "transition.reason_required",
            Message(
                f"Kembali dari {here.id} ke {there.id} memerlukan alasan yang dicatat.",
                f"Moving back from {here.en} to {there.en} needs a recorded reason.",
            ),
        )
    return TransitionResult(
        TransitionOutcome.RETURNED,
        "transition.returned",
        current,
        target,
        Message(
            f"Kemitraan kembali dari {here.id} ke tahap {there.id}.",
            f"The partnership moves back from {here.en} to {there.en}.",
        ),
        reason=cleaned,
    )
