"""Large files for the memory tests and benchmarks, generated from a seed (nothing stored).

Two kinds of text cost Python the most: text mostly of characters beyond Unicode's Basic
Multilingual Plane ("astral": rare CJK ideographs, emoji), four bytes each in UTF-8 and in
memory; and Latin text with a few emoji, one byte each in UTF-8 but four in memory.
"""

import uuid
from random import Random
from xml.sax.saxutils import escape

from semanggi.testing.files import docx_file, zip_file

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def text(size: int, kind: str, seed: int = 1) -> str:
    """About ``size`` bytes of UTF-8: ``kind`` "astral" (words of CJK Extension B ideographs
    and emoji) or "latin" (words of Latin letters, one in a hundred an emoji); CRLF line ends
    every fifty words or so."""
    random = Random(seed)
    latin = [
        "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(2, 9)))
        for _ in range(5000)
    ]
    words, length = [], 0
    while length < size:
        if kind == "astral":
            word = "".join(
                chr(random.randint(0x20000, 0x2A6DF))
                if random.random() < 0.9
                else chr(random.randint(0x1F600, 0x1F64F))
                for _ in range(random.randint(1, 4))
            )
        else:
            word = chr(random.randint(0x1F600, 0x1F64F)) if random.random() < 0.01 else None
            word = word or random.choice(latin)
        word += "\r\n" if random.random() < 0.02 else " "
        words.append(word)
        length += len(word.encode())
    return "".join(words)


def docx(body: str) -> bytes:
    """A Word document with one paragraph per line of ``body``."""
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in body.split("\r\n")
    )
    document = f'<w:document xmlns:w="{WORD}"><w:body>{paragraphs}</w:body></w:document>'
    return docx_file(document=document.encode())


def qdpx(body: str, selections: int, seed: int = 3) -> bytes:
    """A REFI-QDA project as real tools write it: one text source holding ``body`` (in a file
    of the archive) and ``selections`` selections spread over it, each coded with one of 30
    codes, every GUID random (so that the file compresses as exports do)."""
    random = Random(seed)

    def guid() -> str:
        return str(uuid.UUID(int=random.getrandbits(128), version=4))

    codes = [guid() for _ in range(30)]
    source = guid()
    step = max(len(body) // max(selections, 1), 1)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Uji" origin="Semanggi">'
        "<CodeBook><Codes>",
        *(f'<Code guid="{c}" name="Kode {n}" isCodable="true"/>' for n, c in enumerate(codes)),
        f'</Codes></CodeBook><Sources><TextSource guid="{source}" name="Wawancara" '
        f'plainTextPath="internal://{source}.txt">',
    ]
    for number in range(selections):
        start = number * step
        parts.append(
            f'<PlainTextSelection guid="{guid()}" startPosition="{start}" '
            f'endPosition="{start + random.randint(1, step)}"><Coding guid="{guid()}">'
            f'<CodeRef targetGUID="{random.choice(codes)}"/></Coding></PlainTextSelection>'
        )
    parts.append("</TextSource></Sources></Project>")
    return zip_file(
        {"project.qde": "".join(parts).encode(), f"sources/{source}.txt": body.encode()}
    )
