"""Text people read, in both languages of Semanggi."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """Text shown to people: Bahasa Indonesia (``id``) first, English (``en``) second."""

    id: str
    en: str

    def in_language(self, language: str | None) -> str:
        """The English text when ``language`` is English, else the Indonesian."""
        return self.en if language == "en" else self.id
