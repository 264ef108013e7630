"""Memory is bounded by design: reading an upload within the limits raises the process's peak
memory by at most ten times the upload's size, whatever characters its text holds. Each file
is read in a fresh interpreter whose peak resident size is compared before and after (a
bound, not a timing): this counts the parsers' own memory (libxml2, zlib) too, which
tracemalloc does not see (test_memory_peak.py measures the whole path, database included)."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest

from semanggi.testing import bulky
from semanggi.testing.files import docx_file, zip_file

SRC = str(Path(__file__).resolve().parents[3])

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
random = Random(7)
WORDS = [
    "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(2, 9)))
    for _ in range(20_000)
] + ["Café", "é"]
EMOJI = "\U0001f600"


def prose(size: int, *, emoji: bool = False) -> str:
    parts, length = [], 0
    while length < size:
        word = EMOJI if emoji and random.random() < 0.01 else random.choice(WORDS)
        parts.append(word + ("\r\n" if random.random() < 0.02 else " "))
        length += len(parts[-1])
    return "".join(parts)


def qdpx_long_text(emoji: bool = False) -> bytes:
    """The report's case: one long text (CRLF and é, NVivo: positions need converting)."""
    guid, code = "0b7e3f0a-1111-4c2d-8e9f-000000000001", "6a1b7f0e-2c4d-4e8f-9a0b-1c2d3e4f5a61"
    selections = "".join(
        f'<PlainTextSelection guid="5e1ec710-0000-4000-8000-{i:012d}" '
        f'startPosition="{i * 1000}" endPosition="{i * 1000 + 5}"><Coding '
        f'guid="c0d10000-0000-4000-8000-{i:012d}"><CodeRef targetGUID="{code}"/>'
        "</Coding></PlainTextSelection>"
        for i in range(2000)
    )
    document = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="NVivo"><CodeBook><Codes>'
        f'<Code guid="{code}" name="K" isCodable="true"/></Codes></CodeBook><Sources>'
        f'<TextSource guid="{guid}" name="t" plainTextPath="internal://{guid}.txt">'
        f"{selections}</TextSource></Sources></Project>"
    )
    return zip_file(
        {
            "project.qde": document.encode(),
            f"sources/{guid}.txt": prose(12_000_000, emoji=emoji).encode(),
        }
    )


def docx_text(emoji: bool = False) -> bytes:
    body = "".join(
        f"<w:p><w:r><w:t>{prose(300, emoji=emoji)}</w:t></w:r></w:p>" for _ in range(12_000)
    )
    document = f'<w:document xmlns:w="{WORD}"><w:body>{body}</w:body></w:document>'
    return docx_file(document=document.encode())


def docx_huge_xml() -> bytes:
    # Small paragraphs by the million: far more XML than the file's size suggests.
    paragraph = b"<w:p><w:r><w:t>ab</w:t></w:r></w:p>"
    document = (
        f'<w:document xmlns:w="{WORD}"><w:body>'.encode()
        + paragraph * 2_500_000
        + b"</w:body></w:document>"
    )
    return docx_file(document=document)


# Reads the file in a fresh interpreter: the peak before and after reading it (Linux).
CHILD = """
import gc, sys
sys.path.insert(0, {src!r})
from semanggi.evidence.extract import ExtractionError, extract
from semanggi.refiqda.errors import RefiImportError
from semanggi.refiqda.import_ import import_qdpx
import pypdf
data = open({path!r}, "rb").read()
read = (lambda: import_qdpx(data)) if {path!r}.endswith(".qdpx") else (
    lambda: extract("a.docx", data, max_bytes=20 * 2**20))
gc.collect()
def peak():
    # The high-water mark of this process's resident memory (ru_maxrss would carry the
    # parent's over the exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
before = peak()
try:
    read()
    outcome = "read"
except (ExtractionError, RefiImportError):
    outcome = "refused"
print(len(data), peak() - before, outcome)
"""


def measure(path: Path) -> tuple[int, int, str]:
    script = CHILD.format(src=SRC, path=str(path))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=600
    )
    size, growth, outcome = done.stdout.split()
    return int(size), int(growth), outcome


@pytest.mark.parametrize(
    ("make", "name", "outcome", "bound"),
    [
        (qdpx_long_text, "project.qdpx", "read", 10),
        (docx_text, "teks.docx", "read", 10),
        (docx_huge_xml, "raksasa.docx", "refused", 10),
        # A DOCX's text is kept as UTF-8: an emoji costs nothing more.
        (lambda: docx_text(emoji=True), "emoji.docx", "read", 10),
        # Astral characters (four bytes each) and 30,000 selections, random GUIDs as tools
        # write them: read as a stream, within the bound.
        (lambda: bulky.qdpx(bulky.text(4_000_000, "astral"), 30_000), "astral.qdpx", "read", 10),
        # One emoji makes Python hold a text at four bytes per character, and Latin text
        # compresses twice: 12 million characters would take eight times the file for the
        # text alone. The memory budget refuses it before it is decoded.
        (lambda: qdpx_long_text(emoji=True), "emoji.qdpx", "refused", 10),
    ],
)
def test_reading_an_upload_costs_a_bounded_multiple_of_its_size(
    make: Callable[[], bytes], name: str, outcome: str, bound: int, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    size, growth, result = measure(path)
    assert result == outcome
    assert growth <= bound * size, f"{name}: {growth / 2**20:.1f} MB for {size / 2**20:.1f} MB"
