"""Text people read, in both languages of Semanggi."""

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Message:
    """Text shown to people: Bahasa Indonesia (``id``) first, English (``en``) second."""

    id: str
    en: str

    def in_language(self, language: str | None) -> str:
        """The English text when ``language`` is English, else the Indonesian."""
        return self.en if language == "en" else self.id


_MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def format_day(day: date, lang: str) -> str:
    """The one date format people read: ``5 Agu 2026`` (``lang="id"``), ``5 Aug 2026``."""
    months = _MONTHS["en" if lang == "en" else "id"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def day_message(day: date) -> Message:
    """A date in both languages."""
    return Message(format_day(day, "id"), format_day(day, "en"))


# Characters XML 1.0 cannot hold: control characters other than tab and line ends, lone
# surrogates and the two non-characters at the end of the BMP.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` as an XML file (IATI, DOCX) can hold it: each character XML cannot hold
    becomes U+FFFD, so that a stray control character someone typed never breaks a file."""
    return _NOT_XML.sub("\ufffd", text)
