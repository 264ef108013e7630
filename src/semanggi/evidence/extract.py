"""The text of an uploaded source file: plain functions from bytes to text, no Django.

Every text Semanggi keeps is normalised the same way, and only that way: the UTF-8 byte-order
mark is removed and CRLF / CR line ends become LF. Nothing else changes: no Unicode
normalisation (NFC), no trimming, no collapsing of spaces, so that positions counted by other
tools in the same file (in code points, after the line-end change) stay meaningful.

A file that cannot give text raises :class:`ExtractionError` with a message in Indonesian
and English that says what is wrong and what to do. Archives (DOCX) are checked for entry
count, declared and actual decompressed size before anything is read; XML is parsed without
entities, DTDs or network access.
"""

import io
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from semanggi.archives import DOCX_LIMITS, Archive, ArchiveError, xml_events
from semanggi.core import utf8
from semanggi.core.text import Message

MiB = 1024 * 1024
EXTENSIONS = ("txt", "md", "html", "htm", "docx", "pdf")
PDF_MAX_PAGES = 2_000
# Text taken from a compressed file (DOCX, PDF): at most TEXT_RATIO bytes of UTF-8 per byte of
# the file, and always at least TEXT_FLOOR_BYTES. Natural text compresses about three times;
# far more is a bomb. The text is kept as UTF-8 (see Extracted), so its memory does not depend
# on the characters it holds.
TEXT_RATIO = 4
TEXT_FLOOR_BYTES = 4 * MiB

_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Elements that end a paragraph (a blank line) and elements that end a line.
_PARAGRAPHS = {
    "address", "article", "aside", "blockquote", "dl", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
_LINES = {"caption", "dd", "div", "dt", "figcaption", "li", "tbody", "tfoot", "thead", "tr"}
_HIDDEN = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "math"}
# Block edges are marked while walking, then each run of them becomes one line break, or a blank
# line when a paragraph ends there; spaces around them go.
_LINE, _PARAGRAPH = "\x01", "\x02"
_EDGES = re.compile("[ \x01\x02]*[\x01\x02][ \x01\x02]*")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class ExtractionError(ValueError):
    """A file that gives no usable text; ``message`` says why, in both languages."""

    def __init__(self, indonesian: str, english: str) -> None:
        super().__init__(english)
        self.message = Message(indonesian, english)


@dataclass(frozen=True)
class Extracted:
    """A file's text as UTF-8 (about a byte per character, where Python would hold a text with
    one emoji at four), its length in characters, and what was read."""

    utf8: bytes | bytearray
    length: int
    # What was read: "txt", "md", "html", "docx" or "pdf".
    format: str

    @property
    def text(self) -> str:
        return utf8.decode(self.utf8)


def normalise(text: str) -> str:
    """The stored form of a text: BOM removed, CRLF and CR turned into LF; nothing else."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size(count: int) -> str:
    return f"{count / MiB:.1f} MB"


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def extract(name: str, data: bytes, *, max_bytes: int) -> Extracted:
    """The normalised text of the file ``name`` holding ``data``."""
    extension = extension_of(name)
    if extension not in EXTENSIONS:
        raise ExtractionError(
            "Jenis berkas ini tidak diterima. Gunakan .txt, .md, .html, .docx atau .pdf.",
            "This kind of file is not accepted. Use .txt, .md, .html, .docx or .pdf.",
        )
    if not data:
        raise ExtractionError("Berkas kosong.", "The file is empty.")
    if len(data) > max_bytes:
        raise ExtractionError(
            f"Berkas terlalu besar ({_size(len(data))}; paling besar {_size(max_bytes)}).",
            f"The file is too large ({_size(len(data))}; at most {_size(max_bytes)}).",
        )
    text: bytes | bytearray
    if extension in ("txt", "md"):
        text = text_from_plain(data)
    elif extension in ("html", "htm"):
        text = utf8.encode(text_from_html(data))
        extension = "html"
    elif extension == "docx":
        text = text_from_docx(data)
    else:
        text = utf8.encode(text_from_pdf(data))
    if utf8.is_blank(text):
        raise ExtractionError(
            "Berkas tidak memuat teks.", "The file holds no text."
        )  # e.g. a DOCX with only a picture
    return Extracted(utf8=text, length=utf8.char_count(text), format=extension)


def _check_utf8(data: bytes) -> None:
    """Refuse ``data`` unless it is UTF-8 (checked a piece at a time)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError(
            "Berkas ini berenkode UTF-16. Simpan ulang sebagai UTF-8 lalu unggah lagi.",
            "This file is encoded as UTF-16. Save it again as UTF-8 and upload it again.",
        )
    position = utf8.first_error(data)
    if position is not None:
        raise ExtractionError(
            f"Berkas ini bukan UTF-8 (bita tak terbaca di posisi {position}; mungkin "
            "Windows-1252 atau Latin-1). Simpan ulang sebagai UTF-8 lalu unggah lagi.",
            f"This file is not UTF-8 (an unreadable byte at position {position}; perhaps "
            "Windows-1252 or Latin-1). Save it again as UTF-8 and upload it again.",
        )


def _decode_utf8(data: bytes) -> str:
    _check_utf8(data)
    return utf8.decode(data)


def text_from_plain(data: bytes) -> bytes:
    """A .txt or .md file: UTF-8, with or without a byte-order mark; anything else refused.
    Checked and normalised as bytes (UTF-8 never has CR or LF inside a character): the text
    is never made a Python string, which would take up to four bytes per character."""
    _check_utf8(data)
    if b"\x00" in data:
        raise ExtractionError(
            "Berkas ini bukan berkas teks (memuat bita nol).",
            "This is not a text file (it holds null bytes).",
        )
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _html_text(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    name = tag.lower()
    if name in _HIDDEN:
        if element.tail:
            parts.append(_SPACES.sub(" ", element.tail))
        return
    if name == "br":
        parts.append("\n")
    edge = _PARAGRAPH if name in _PARAGRAPHS else _LINE if name in _LINES else ""
    parts.append(edge)
    if element.text and tag:
        parts.append(element.text if name == "pre" else _SPACES.sub(" ", element.text))
    for child in element:
        _html_text(child, parts)
    if name in ("td", "th"):
        parts.append("\t")
    parts.append(edge)
    if element.tail:
        parts.append(_SPACES.sub(" ", element.tail))


def text_from_html(data: bytes) -> str:
    """The visible text of an HTML page (UTF-8): no scripts, styles or comments; block
    elements become lines."""
    source = _decode_utf8(data).lstrip("\ufeff")
    if "\x00" in source:
        raise ExtractionError(
            "Berkas ini bukan berkas HTML (memuat bita nol).",
            "This is not an HTML file (it holds null bytes).",
        )
    # A str with an XML encoding declaration is refused by lxml; the bytes are UTF-8 anyway.
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", source)
    parser = lxml_html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
    )
    try:
        root = lxml_html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        raise ExtractionError(
            "Berkas HTML ini tidak dapat dibaca.", "This HTML file cannot be read."
        ) from None
    body = root.find("body")
    parts: list[str] = []
    _html_text(body if body is not None else root, parts)
    text = _EDGES.sub(lambda m: "\n\n" if _PARAGRAPH in m.group() else "\n", "".join(parts))
    return _BLANK_LINES.sub("\n\n", text).strip("\n") + "\n"


def archive_message(error: ArchiveError, what: str) -> tuple[str, str]:
    """What to tell a person about an archive (``what``: DOCX, QDPX) that cannot be read."""
    messages = {
        "encrypted": (
            f"Berkas {what} ini terenkripsi (dilindungi kata sandi) atau berformat lama (.doc). "
            "Buka kuncinya atau simpan ulang dalam format biasa, lalu unggah lagi.",
            f"This {what} file is encrypted (password-protected) or in an old format (.doc). "
            "Remove the password or save it again in the plain format, then upload it again.",
        ),
        "unsafe_name": (
            f"Berkas {what} ini memuat nama berkas yang keluar dari arsipnya dan ditolak.",
            f"This {what} file holds a file name that climbs out of the archive and is refused.",
        ),
        "too_many": (
            f"Berkas {what} ini memuat terlalu banyak bagian.",
            f"This {what} file holds too many parts.",
        ),
        "bomb": (
            f"Berkas {what} ini termampatkan secara tidak wajar (bom zip?) dan ditolak.",
            f"This {what} file is compressed beyond reason (a zip bomb?) and is refused.",
        ),
        "too_large": (
            f"Isi berkas {what} ini terlalu besar setelah diekstrak.",
            f"This {what} file's content is too large once extracted.",
        ),
        "doctype": (
            f"Berkas {what} ini memuat deklarasi DOCTYPE/entitas, yang tidak diizinkan.",
            f"This {what} file contains a DOCTYPE or entity declaration, which is not allowed.",
        ),
    }
    return messages.get(
        error.kind,
        (
            f"Berkas {what} ini rusak (bukan arsip zip yang utuh).",
            f"This {what} file is corrupt (not an intact zip archive).",
        ),
    )


def _archive_error(error: ArchiveError, what: str) -> ExtractionError:
    return ExtractionError(*archive_message(error, what))


class TextBudget:
    """The UTF-8 bytes of a text read from a file of ``size`` bytes, counted as it is read
    (see TEXT_RATIO); ExtractionError once there are too many."""

    def __init__(self, size: int, limit: int | None = None) -> None:
        self.limit = limit if limit is not None else text_budget(size)
        self.chars = self.encoded = 0

    def add(self, text: str) -> None:
        self.chars += len(text)
        self.encoded += len(text) if text.isascii() else len(text.encode("utf-8", "replace"))
        if self.encoded > self.limit:
            raise _text_too_long(self.chars)


def text_from_docx(data: bytes, *, max_bytes: int | None = None) -> bytearray:
    """The paragraphs of word/document.xml as UTF-8, one line each; tabs and line breaks
    kept. The XML is read as a stream; the text may take at most ``max_bytes`` bytes (see
    :class:`TextBudget`)."""
    w = f"{{{_WORD}}}"
    tags = (f"{w}p", f"{w}t", f"{w}tab", f"{w}br", f"{w}cr")
    budget = TextBudget(len(data), max_bytes)
    # Paragraphs are written as UTF-8 into one buffer while reading (about a byte per
    # character, where a str with one emoji takes four) and decoded once at the end.
    text = bytearray()
    paragraphs = 0
    open_paragraphs: list[list[str]] = []
    last = b""
    try:
        with Archive(data, DOCX_LIMITS) as archive:
            entry = archive.find("word/document.xml")
            if entry is None:
                raise ExtractionError(
                    "Berkas ini bukan dokumen Word (.docx): word/document.xml tidak ada.",
                    "This is not a Word document (.docx): word/document.xml is missing.",
                )
            with archive.open(entry) as stream:
                for event, node in xml_events(stream, tags):
                    if node.tag == f"{w}p":
                        if event == "start":
                            open_paragraphs.append([])
                        elif open_paragraphs:
                            last = _paragraph("".join(open_paragraphs.pop())).encode()
                            if paragraphs:
                                text += b"\n"
                            else:
                                last = last.removeprefix("\ufeff".encode())
                            text += last
                            paragraphs += 1
                        continue
                    if event != "end" or not open_paragraphs:
                        continue
                    piece = (
                        (node.text or "")
                        if node.tag == f"{w}t"
                        else "\t"
                        if node.tag == f"{w}tab"
                        else "\n"
                    )
                    budget.add(piece)  # counted as it comes, before any paragraph ends
                    open_paragraphs[-1].append(piece)
    except ArchiveError as error:
        raise _archive_error(error, "DOCX") from None
    if len(text) <= paragraphs - 1 or not paragraphs:  # only breaks between empty ones
        return bytearray()
    if not last.endswith(b"\n"):
        text += b"\n"
    return text


def _paragraph(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)


def text_budget(size: int) -> int:
    """How many bytes of UTF-8 text a file of ``size`` bytes may give: text compresses, but
    not beyond reason; a floor lets small files through."""
    return max(TEXT_FLOOR_BYTES, TEXT_RATIO * size)


def _text_too_long(chars: int) -> ExtractionError:
    return ExtractionError(
        f"Teks berkas ini terlalu panjang untuk ukuran berkasnya (lebih dari {chars:,} "
        "karakter). Bagi dokumennya menjadi beberapa berkas.",
        f"This file's text is too long for the file's size (more than {chars:,} characters). "
        "Split the document into several files.",
    )


def text_from_pdf(data: bytes) -> str:
    """The text layer of a PDF, page after page (a blank line between pages)."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if not data.startswith(b"%PDF-"):
        raise ExtractionError(
            "Isi berkas tidak sesuai dengan namanya .pdf.",
            "The file's content does not match its .pdf name.",
        )
    encrypted = ExtractionError(
        "Berkas PDF ini terenkripsi (dilindungi kata sandi). Buka kuncinya lalu unggah lagi.",
        "This PDF is encrypted (password-protected). Remove the password and upload it again.",
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Owner-password-only files (printing restrictions) open with the empty password.
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError, PyPdfError):
                raise encrypted from None
            if not opened:
                raise encrypted
        if len(reader.pages) > PDF_MAX_PAGES:
            raise ExtractionError(
                f"PDF ini terlalu panjang (lebih dari {PDF_MAX_PAGES} halaman).",
                f"This PDF is too long (more than {PDF_MAX_PAGES} pages).",
            )
        pages = []
        budget = TextBudget(len(data))
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            budget.add(pages[-1])
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise encrypted from None
    except Exception:  # a parser of hostile input fails in many ways; each means "corrupt"
        raise ExtractionError(
            "Berkas PDF ini rusak dan tidak dapat dibaca.",
            "This PDF file is corrupt and cannot be read.",
        ) from None
    if not any(page.strip() for page in pages):
        raise ExtractionError(
            "PDF ini tidak memiliki lapisan teks (mungkin hasil pindaian). Jalankan OCR atau "
            "ketik teksnya.",
            "This PDF has no text layer (perhaps a scan). Run OCR on it or type the text in.",
        )
    text = normalise("\n\n".join(page.strip("\n") for page in pages)).replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text) + "\n"
