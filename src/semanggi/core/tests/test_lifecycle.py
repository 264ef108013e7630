from dataclasses import replace
from typing import Any

import pytest

from semanggi.core.lifecycle import (
    ORDER,
    ActivityRecord,
    Assignment,
    Gate,
    LifecycleSnapshot,
    PartyRecord,
    Phase,
    Raci,
    TransitionOutcome,
    gate,
    is_read_only,
    next_phase,
    phase_label,
    previous_phase,
    transition,
    validate_raci,
)


@pytest.mark.parametrize(
    ("phase", "after", "before"),
    [
        (Phase.PLANNING, Phase.ORGANIZING, None),
        (Phase.ORGANIZING, Phase.ACTUATING, Phase.PLANNING),
        (Phase.ACTUATING, Phase.CONTROLLING, Phase.ORGANIZING),
        (Phase.CONTROLLING, Phase.CLOSED, Phase.ACTUATING),
        (Phase.CLOSED, None, Phase.CONTROLLING),
    ],
)
def test_phases_follow_poac_order(phase: Phase, after: Phase | None, before: Phase | None) -> None:
    assert next_phase(phase) == after
    assert previous_phase(phase) == before


# --- Gates, transitions and the responsibility matrix -----------------------------------------
# The world: Dinkes Kota Surakarta and Bank X build a puskesmas in Kelurahan Semanggi.

DINKES = PartyRecord("dinkes", "Dinkes Kota Surakarta", objectives=1)
BANK = PartyRecord("bank", "Bank X Cabang Y", objectives=2)


def _activity(ref: str, *cells: tuple[str, Raci]) -> ActivityRecord:
    return ActivityRecord(ref, ref.capitalize(), tuple(Assignment(p, r) for p, r in cells))


BUILD = _activity("build", ("bank", Raci.RESPONSIBLE), ("bank", Raci.ACCOUNTABLE))
PERMIT = _activity(
    "permit",
    ("dinkes", Raci.RESPONSIBLE),
    ("dinkes", Raci.ACCOUNTABLE),
    ("bank", Raci.INFORMED),
)

READY = LifecycleSnapshot(
    parties=(DINKES, BANK),
    joint_objectives=1,
    activities=(BUILD, PERMIT),
    agreements=1,
    coordination_team=True,
    progress_updates=1,
    asset_built=True,
    handover_recorded=True,
    closing_note=True,
    sustainability_statement=True,
)


def _codes(result: Gate) -> dict[str, bool]:
    return {r.code: r.met for r in result.requirements}


@pytest.mark.parametrize(
    ("target", "codes"),
    [
        (Phase.PLANNING, []),
        (
            Phase.ORGANIZING,
            [
                "planning.parties",
                "planning.party_objectives",
                "planning.joint_objectives",
                "planning.activities",
                "planning.agreement",
            ],
        ),
        (
            Phase.ACTUATING,
            ["organizing.responsible", "organizing.accountable", "organizing.coordination"],
        ),
        (Phase.CONTROLLING, ["actuating.progress"]),
        (
            Phase.CLOSED,
            [
                "controlling.closing_note",
                "controlling.sustainability",
                "controlling.handover",
                "controlling.red_flags",
                "controlling.unapproved_actuals",
                "controlling.corrective_actions",
            ],
        ),
    ],
)
def test_a_complete_record_passes_every_gate(target: Phase, codes: list[str]) -> None:
    result = gate(READY, target)
    assert result.target is target
    assert _codes(result) == dict.fromkeys(codes, True)
    assert result.passed
    assert result.missing == ()


@pytest.mark.parametrize(
    ("target", "changes", "unmet"),
    [
        # Planning -> Organizing
        (Phase.ORGANIZING, {"parties": (DINKES,)}, {"planning.parties"}),
        (Phase.ORGANIZING, {"parties": ()}, {"planning.parties", "planning.party_objectives"}),
        (
            Phase.ORGANIZING,
            {"parties": (DINKES, replace(BANK, objectives=0))},
            {"planning.party_objectives"},
        ),
        (Phase.ORGANIZING, {"activities": ()}, {"planning.activities"}),
        (Phase.ORGANIZING, {"agreements": 0}, {"planning.agreement"}),
        (Phase.ORGANIZING, {"agreements": 0, "no_agreement_reason": "  "}, {"planning.agreement"}),
        (
            Phase.ORGANIZING,
            {"agreements": 0, "no_agreement_reason": "Hibah CSR tanpa PKS"},
            set(),
        ),
        # Organizing -> Actuating
        (
            Phase.ACTUATING,
            {"activities": (BUILD, _activity("permit", ("dinkes", Raci.ACCOUNTABLE)))},
            {"organizing.responsible"},
        ),
        (
            Phase.ACTUATING,
            {"activities": (BUILD, _activity("permit", ("dinkes", Raci.RESPONSIBLE)))},
            {"organizing.accountable"},
        ),
        (
            Phase.ACTUATING,
            {
                "activities": (
                    BUILD,
                    _activity(
                        "permit",
                        ("dinkes", Raci.RESPONSIBLE),
                        ("dinkes", Raci.ACCOUNTABLE),
                        ("bank", Raci.ACCOUNTABLE),
                    ),
                )
            },
            {"organizing.accountable"},
        ),
        (
            Phase.ACTUATING,
            {"activities": ()},
            {"organizing.responsible", "organizing.accountable"},
        ),
        (Phase.ACTUATING, {"coordination_team": False}, {"organizing.coordination"}),
        (
            Phase.ACTUATING,
            {"coordination_team": False, "coordination_forum": True},
            set(),
        ),
        # Actuating -> Controlling
        (Phase.CONTROLLING, {"progress_updates": 0}, {"actuating.progress"}),
        (Phase.CONTROLLING, {"progress_updates": 0, "transactions": 1}, set()),
        # Controlling -> Closed
        (Phase.CLOSED, {"closing_note": False}, {"controlling.closing_note"}),
        (Phase.CLOSED, {"sustainability_statement": False}, {"controlling.sustainability"}),
        (Phase.CLOSED, {"handover_recorded": False}, {"controlling.handover"}),
        (Phase.CLOSED, {"handover_recorded": False, "asset_built": False}, set()),
        (Phase.CLOSED, {"open_red_flags": 1}, {"controlling.red_flags"}),
        (Phase.CLOSED, {"unapproved_actuals": 2}, {"controlling.unapproved_actuals"}),
        (Phase.CLOSED, {"open_corrective_actions": 1}, {"controlling.corrective_actions"}),
    ],
)
def test_each_gate_requirement_holds_back_until_met(
    target: Phase, changes: dict[str, Any], unmet: set[str]
) -> None:
    result = gate(replace(READY, **changes), target)
    assert {r.code for r in result.requirements if not r.met} == unmet
    assert {r.code for r in result.missing} == unmet
    assert result.passed is (not unmet)


def test_joint_objectives_are_advice_not_a_condition() -> None:
    result = gate(replace(READY, joint_objectives=0), Phase.ORGANIZING)
    advice = next(r for r in result.requirements if r.code == "planning.joint_objectives")
    assert not advice.met
    assert not advice.blocking
    assert result.passed


def test_unmet_requirements_name_what_is_missing_in_both_languages() -> None:
    snapshot = replace(READY, parties=(DINKES, replace(BANK, objectives=0)))
    (missing,) = gate(snapshot, Phase.ORGANIZING).missing
    assert "Bank X Cabang Y" in missing.message.id
    assert "Bank X Cabang Y" in missing.message.en
    assert missing.message.id.startswith("Belum ada tujuan")
    assert missing.message.en.startswith("No objectives yet")

    no_r = replace(READY, activities=(_activity("permit", ("dinkes", Raci.ACCOUNTABLE)),))
    (missing,) = gate(no_r, Phase.ACTUATING).missing
    assert missing.message.id.endswith("Permit.")
    assert missing.message.en.endswith("Permit.")


PL, OR, AC, CO, CL = ORDER  # planning, organizing, actuating, controlling, closed


@pytest.mark.parametrize(
    ("current", "target", "reason", "code", "phase"),
    [
        (PL, OR, None, "transition.advanced", OR),
        (OR, AC, "", "transition.advanced", AC),
        (AC, CO, None, "transition.advanced", CO),
        (CO, CL, "selesai", "transition.advanced", CL),
        (PL, AC, None, "transition.skip", PL),
        (OR, CL, "mendesak", "transition.skip", OR),
        (AC, AC, "x", "transition.same_phase", AC),
        (CL, CL, None, "transition.same_phase", CL),
        (OR, PL, None, "transition.reason_required", OR),
        (OR, PL, " \n", "transition.reason_required", OR),
        (CL, CO, None, "transition.reason_required", CL),
        (OR, PL, "RAB direvisi", "transition.returned", PL),
        (CL, OR, "Dibuka lagi", "transition.returned", OR),
    ],
)
def test_transitions_go_forward_one_step_and_back_with_a_reason(
    current: Phase, target: Phase, reason: str | None, code: str, phase: Phase
) -> None:
    # As an administrator, who alone may reopen a closed partnership.
    result = transition(READY, current, target, reason, admin=True)
    assert result.code == code
    assert result.phase is phase
    assert result.outcome is {
        "transition.advanced": TransitionOutcome.ADVANCED,
        "transition.returned": TransitionOutcome.RETURNED,
    }.get(code, TransitionOutcome.REFUSED)
    assert result.allowed is (result.outcome is not TransitionOutcome.REFUSED)
    assert result.message.id and result.message.en
    assert result.missing == ()


def test_a_move_back_keeps_the_reason_without_surrounding_blanks() -> None:
    result = transition(READY, Phase.ACTUATING, Phase.PLANNING, "  Lokasi pindah  ")
    assert result.outcome is TransitionOutcome.RETURNED
    assert result.reason == "Lokasi pindah"
    assert "Pelaksanaan" in result.message.id and "Perencanaan" in result.message.id
    assert "Actuating" in result.message.en and "Planning" in result.message.en


def test_a_forward_move_through_an_unmet_gate_is_refused_with_what_is_missing() -> None:
    snapshot = replace(READY, agreements=0, activities=())
    result = transition(snapshot, Phase.PLANNING, Phase.ORGANIZING, None)
    assert result.outcome is TransitionOutcome.REFUSED
    assert result.code == "transition.gate_not_met"
    assert result.phase is Phase.PLANNING
    assert {r.code for r in result.missing} == {"planning.activities", "planning.agreement"}
    assert "2 syarat" in result.message.id
    assert "2 requirement" in result.message.en


def test_a_skip_names_the_only_phase_that_may_follow() -> None:
    result = transition(READY, Phase.PLANNING, Phase.CONTROLLING, None)
    assert "Pengorganisasian" in result.message.id
    assert "Organizing" in result.message.en


def test_every_phase_has_a_label_in_both_languages() -> None:
    assert [phase_label(p).id for p in ORDER] == [
        "Perencanaan",
        "Pengorganisasian",
        "Pelaksanaan",
        "Pengendalian",
        "Ditutup",
    ]
    assert [phase_label(p).en for p in ORDER] == [
        "Planning",
        "Organizing",
        "Actuating",
        "Controlling",
        "Closed",
    ]


@pytest.mark.parametrize(
    ("cells", "codes"),
    [
        ([("bank", Raci.RESPONSIBLE), ("dinkes", Raci.ACCOUNTABLE)], []),
        ([("bank", Raci.RESPONSIBLE), ("bank", Raci.ACCOUNTABLE)], []),
        ([("bank", Raci.ACCOUNTABLE), ("dinkes", Raci.CONSULTED)], ["raci.no_responsible"]),
        ([("bank", Raci.RESPONSIBLE), ("dinkes", Raci.INFORMED)], ["raci.no_accountable"]),
        ([], ["raci.no_responsible", "raci.no_accountable"]),
        (
            [("bank", Raci.RESPONSIBLE), ("bank", Raci.ACCOUNTABLE), ("dinkes", Raci.ACCOUNTABLE)],
            ["raci.many_accountable"],
        ),
        (
            [("bank", Raci.RESPONSIBLE), ("bank", Raci.ACCOUNTABLE), ("bank", Raci.ACCOUNTABLE)],
            [],
        ),
        (
            [("bank", Raci.RESPONSIBLE), ("bank", Raci.ACCOUNTABLE), ("bpn", Raci.CONSULTED)],
            ["raci.unknown_party"],
        ),
    ],
)
def test_raci_matrix_problems(cells: list[tuple[str, Raci]], codes: list[str]) -> None:
    activity = _activity("build", *cells)
    problems = validate_raci([activity], [DINKES, BANK])
    assert [p.code for p in problems] == codes
    for problem in problems:
        assert problem.activity == "build"
        assert "Build" in problem.message.id and "Build" in problem.message.en


def test_raci_problems_name_the_parties_concerned() -> None:
    activity = _activity(
        "build",
        ("bank", Raci.RESPONSIBLE),
        ("bank", Raci.ACCOUNTABLE),
        ("dinkes", Raci.ACCOUNTABLE),
        ("bpn", Raci.INFORMED),
    )
    many, unknown = validate_raci([activity], [DINKES, BANK])
    assert many.parties == ("bank", "dinkes")
    assert "Bank X Cabang Y, Dinkes Kota Surakarta" in many.message.id
    assert "2 accountable parties" in many.message.en
    assert unknown.parties == ("bpn",)
    assert "bpn" in unknown.message.en


def test_raci_without_a_party_list_does_not_check_membership() -> None:
    activity = _activity("build", ("bpn", Raci.RESPONSIBLE), ("bpn", Raci.ACCOUNTABLE))
    assert validate_raci([activity]) == ()


@pytest.mark.parametrize(
    ("phase", "status"),
    [
        (Phase.PLANNING, "1"),
        (Phase.ORGANIZING, "1"),
        (Phase.ACTUATING, "2"),
        (Phase.CONTROLLING, "2"),
        (Phase.CLOSED, "4"),
    ],
)
def test_each_phase_sets_its_iati_activity_status(phase: Phase, status: str) -> None:
    from semanggi.core.lifecycle import iati_status

    assert iati_status(phase) == status


def test_closing_names_what_is_still_open_in_both_languages() -> None:
    snapshot = replace(READY, open_red_flags=2, unapproved_actuals=1, open_corrective_actions=3)
    missing = {r.code: r.message for r in gate(snapshot, Phase.CLOSED).missing}
    assert missing["controlling.red_flags"].en == "Deal with 2 red flag(s) before closing."
    assert missing["controlling.unapproved_actuals"].id.startswith("1 capaian indikator")
    assert "3 tindakan korektif" in missing["controlling.corrective_actions"].id


def test_a_closed_partnership_is_read_only_and_reopened_only_by_an_administrator() -> None:
    assert is_read_only(Phase.CLOSED)
    assert not any(is_read_only(phase) for phase in ORDER if phase is not Phase.CLOSED)
    refused = transition(READY, Phase.CLOSED, Phase.CONTROLLING, "audit found an error")
    assert not refused.allowed and refused.code == "transition.closed"
    assert "administrator" in refused.message.en
    no_reason = transition(READY, Phase.CLOSED, Phase.CONTROLLING, " ", admin=True)
    assert no_reason.code == "transition.reason_required"
    reopened = transition(READY, Phase.CLOSED, Phase.CONTROLLING, "audit", admin=True)
    assert reopened.allowed and reopened.phase is Phase.CONTROLLING
