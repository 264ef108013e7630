"""Who may assess, decide and see the evidence: the study team and administrators only."""

import pytest

from semanggi.testing.world import World

PERMISSIONS = ("assessment.run_assessment", "assessment.decide_label", "assessment.view_evidence")


@pytest.mark.parametrize(
    ("user", "partnership", "allowed"),
    [
        ("alice", "semanggi", True),  # administrator
        ("alice", "jakarta_pilot", True),
        ("eva", "jakarta_pilot", True),  # evaluator on the study of the Jakarta pilot
        ("eva", "semanggi", False),  # not her study
        ("kurnia", "semanggi", False),  # a coordinator manages, she does not assess
        ("bima", "semanggi", False),  # a party's member does not assess itself
        ("charlie", "semanggi", False),
        ("anonymous", "semanggi", False),
    ],
)
def test_only_the_study_team_and_administrators_assess(
    world: World, user: str, partnership: str, allowed: bool
) -> None:
    who = world.user(user)
    target = getattr(world, partnership)
    for permission in PERMISSIONS:
        assert who.has_perm(permission, target) is allowed, permission


def test_a_team_member_who_does_not_lead_also_assesses(world: World) -> None:
    world.study.team.add(world.charlie)
    assert world.charlie.has_perm("assessment.run_assessment", world.jakarta_pilot)
