"""UTF-8 texts turned into Python strings and back without passing memory spikes.

Python holds a string at one, two or four bytes per character: four as soon as one character
lies beyond Unicode's Basic Multilingual Plane (an emoji, a rare CJK ideograph). Its codecs
make that worse for a moment: decoding ``n`` bytes into such a string first reserves
``4 × n`` bytes, and encoding it back reserves four bytes per character, before shrinking to
size. On texts of tens of megabytes that moment is what a server's memory must hold. The
functions here work in pieces of CHUNK bytes or characters, so that the moment costs a piece,
not the text.
"""

import re

CHUNK = 1 << 20
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)


def char_count(data: bytes | bytearray) -> int:
    """The number of characters of UTF-8 ``data`` (bytes that do not continue a character)."""
    if data.isascii():
        return len(data)
    return len(data) - len(data.translate(None, _NOT_CONTINUATION))


def _boundary(data: bytes | bytearray, position: int) -> int:
    """The first character start at or after ``position`` (at most 3 bytes further)."""
    end = min(position + 3, len(data))
    while position < end and 0x80 <= data[position] < 0xC0:
        position += 1
    return position


def pieces(data: bytes | bytearray, size: int = CHUNK) -> list[tuple[int, int]]:
    """``(start, end)`` of pieces of about ``size`` bytes that begin and end between
    characters."""
    result = []
    start = 0
    while start < len(data):
        end = _boundary(data, min(start + size, len(data)))
        result.append((start, end))
        start = end
    return result


def first_error(data: bytes | bytearray) -> int | None:
    """The position of the first byte of ``data`` that is not UTF-8, or None; checked a piece
    at a time, nothing kept."""
    view = memoryview(data)
    for start, end in pieces(data, CHUNK):
        try:
            str(view[start:end], "utf-8")
        except UnicodeDecodeError as error:
            return start + error.start
    return None


def decode(data: bytes | bytearray, errors: str = "strict") -> str:
    """``data.decode("utf-8")``, without reserving four bytes per byte of it: a text mostly of
    characters of three or four bytes (CJK, emoji) is decoded in pieces and joined."""
    if data.isascii():
        return data.decode("ascii")
    if 2 * char_count(data) >= len(data):
        # Mostly one- and two-byte characters: one decoding reserves little more than the
        # pieces would, and keeps no pieces.
        return data.decode("utf-8", errors)
    view = memoryview(data)
    return "".join(str(view[start:end], "utf-8", errors) for start, end in pieces(data, CHUNK))


def encode(text: str) -> bytes:
    """``text.encode("utf-8")``, a piece of CHUNK characters at a time (each piece reserves
    four bytes per character for a moment, not the whole text)."""
    if text.isascii() or len(text) <= CHUNK:
        return text.encode("utf-8", "surrogatepass")
    return b"".join(
        text[start : start + CHUNK].encode("utf-8", "surrogatepass")
        for start in range(0, len(text), CHUNK)
    )


def is_blank(data: bytes | bytearray) -> bool:
    """True when UTF-8 ``data`` holds only white space (or nothing); a piece at a time."""
    if data.isascii():
        return data.isspace() or not data
    view = memoryview(data)
    return all(
        str(view[start:end], "utf-8", "replace").isspace() for start, end in pieces(data, CHUNK)
    )


_FOUR = re.compile(b"[\\xf0-\\xff]")  # leads of characters beyond the BMP
_TWO_OR_THREE = re.compile(b"[\\xc4-\\xef]")  # leads of characters from U+0100 within it


def width(data: bytes | bytearray) -> int:
    """The bytes per character Python will take to hold UTF-8 ``data`` as a string: 1, 2 or
    4 (the widest character decides for the whole string)."""
    if data.isascii():
        return 1
    if _FOUR.search(data):
        return 4
    return 2 if _TWO_OR_THREE.search(data) else 1


def string_cost(data: bytes | bytearray) -> int:
    """The bytes a string of UTF-8 ``data`` will take in Python (without its header)."""
    return char_count(data) * width(data)
