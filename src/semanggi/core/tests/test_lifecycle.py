import pytest

from semanggi.core.lifecycle import Phase, next_phase, previous_phase


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
