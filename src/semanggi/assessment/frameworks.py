"""The shipped frameworks, loaded and checked once per process."""

from functools import cache

from semanggi.core.assessment import Framework, FrameworkError, available_frameworks, load_framework
from semanggi.core.text import Message


class AssessmentError(Exception):
    """A request the rules refuse; ``message`` says why in Indonesian and English, ``field``
    names the part of the request at fault."""

    def __init__(self, message: Message, field: str = "") -> None:
        super().__init__(message.en)
        self.message = message
        self.field = field


@cache
def framework_get(framework_id: str) -> Framework:
    try:
        return load_framework(framework_id)
    except FrameworkError as error:
        raise AssessmentError(
            Message(f"kerangka tidak dikenal: {error}", f"unknown framework: {error}"),
            "framework",
        ) from None


def frameworks_get(framework_ids: list[str] | tuple[str, ...] | None = None) -> list[Framework]:
    """The frameworks named (all shipped ones when none is), in the order given."""
    return [framework_get(framework_id) for framework_id in framework_ids or available_frameworks()]
