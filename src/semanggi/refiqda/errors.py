"""Errors of the REFI-QDA exchange, each with its message in Indonesian and in English."""


class ExchangeError(Exception):
    """Base of every refusal; ``str()`` gives the Indonesian message, then the English."""

    def __init__(self, indonesian: str, english: str) -> None:
        super().__init__(f"{indonesian} / {english}")
        self.indonesian = indonesian
        self.english = english


class ExportError(ExchangeError, ValueError):
    """The project cannot be written as a valid REFI-QDA file."""


class RefiImportError(ExchangeError):
    """A file that cannot be imported at all (as opposed to parts dropped and reported)."""


class EmptyFileError(RefiImportError):
    pass


class CorruptArchiveError(RefiImportError):
    pass


class UnsafeArchiveError(RefiImportError):
    """Entry names that climb out of the archive, or other constructions no tool produces."""


class LimitExceededError(RefiImportError):
    pass


class MissingProjectFileError(RefiImportError):
    pass


class InvalidXmlError(RefiImportError):
    pass
