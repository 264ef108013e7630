"""The management phases of a partnership: G. R. Terry's Planning, Organizing, Actuating and
Controlling, then closed. The gates between phases grow with the management records."""

from enum import StrEnum


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


def previous_phase(phase: Phase) -> Phase | None:
    """The phase before ``phase``, or None in planning."""
    index = ORDER.index(phase)
    return ORDER[index - 1] if index > 0 else None
