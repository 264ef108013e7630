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
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from semanggi.core.text import Message

MiB = 1024 * 1024
EXTENSIONS = ("txt", "md", "html", "htm", "docx", "pdf")
# DOCX: entries of a normal document (styles, fonts, media) and how big word/document.xml may
# become once decompressed; a zip bomb hits these long before it hurts.
DOCX_MAX_ENTRIES = 1_000
DOCX_MAX_XML_BYTES = 64 * MiB
DOCX_MAX_DECLARED_BYTES = 256 * MiB
PDF_MAX_PAGES = 2_000

_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc files
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
    text: str
    # What was read: "txt", "md", "html", "docx" or "pdf".
    format: str


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
    if extension in ("txt", "md"):
        text = text_from_plain(data)
    elif extension in ("html", "htm"):
        text = text_from_html(data)
        extension = "html"
    elif extension == "docx":
        text = text_from_docx(data)
    else:
        text = text_from_pdf(data)
    if not text.strip():
        raise ExtractionError(
            "Berkas tidak memuat teks.", "The file holds no text."
        )  # e.g. a DOCX with only a picture
    return Extracted(text=text, format=extension)


def _decode_utf8(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError(
            "Berkas ini berenkode UTF-16. Simpan ulang sebagai UTF-8 lalu unggah lagi.",
            "This file is encoded as UTF-16. Save it again as UTF-8 and upload it again.",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            f"Berkas ini bukan UTF-8 (bita tak terbaca di posisi {error.start}; mungkin "
            "Windows-1252 atau Latin-1). Simpan ulang sebagai UTF-8 lalu unggah lagi.",
            f"This file is not UTF-8 (an unreadable byte at position {error.start}; perhaps "
            "Windows-1252 or Latin-1). Save it again as UTF-8 and upload it again.",
        ) from None


def text_from_plain(data: bytes) -> str:
    """A .txt or .md file: UTF-8, with or without a byte-order mark; anything else refused."""
    text = _decode_utf8(data)
    if "\x00" in text:
        raise ExtractionError(
            "Berkas ini bukan berkas teks (memuat bita nol).",
            "This is not a text file (it holds null bytes).",
        )
    return normalise(text)


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


def _zip(data: bytes, what: str) -> zipfile.ZipFile:
    if data.startswith(_OLE):
        raise ExtractionError(
            f"Berkas {what} ini terenkripsi (dilindungi kata sandi) atau berformat .doc lama. "
            "Buka kuncinya atau simpan sebagai .docx biasa, lalu unggah lagi.",
            f"This {what} file is encrypted (password-protected) or in the old .doc format. "
            "Remove the password or save it as a plain .docx, then upload it again.",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise ExtractionError(
            f"Berkas {what} ini rusak (bukan arsip zip yang utuh).",
            f"This {what} file is corrupt (not an intact zip archive).",
        ) from None


def _corrupt_docx() -> ExtractionError:
    return ExtractionError("Berkas DOCX ini rusak.", "This DOCX file is corrupt.")


def text_from_docx(data: bytes) -> str:
    """The paragraphs of word/document.xml, one line each; tabs and line breaks kept."""
    with _zip(data, "DOCX") as archive:
        entries = archive.infolist()
        if len(entries) > DOCX_MAX_ENTRIES:
            raise ExtractionError(
                "Berkas DOCX ini memuat terlalu banyak bagian.",
                "This DOCX file holds too many parts.",
            )
        if sum(e.file_size for e in entries) > DOCX_MAX_DECLARED_BYTES:
            raise ExtractionError(
                "Isi berkas DOCX ini terlalu besar setelah diekstrak.",
                "This DOCX file's content is too large once extracted.",
            )
        entry = next((e for e in entries if e.filename == "word/document.xml"), None)
        if entry is None:
            raise ExtractionError(
                "Berkas ini bukan dokumen Word (.docx): word/document.xml tidak ada.",
                "This is not a Word document (.docx): word/document.xml is missing.",
            )
        if entry.flag_bits & 0x1:
            raise ExtractionError(
                "Berkas DOCX ini terenkripsi.", "This DOCX file is encrypted."
            )  # zip-level encryption
        try:
            with archive.open(entry) as stream:
                document = stream.read(DOCX_MAX_XML_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise _corrupt_docx() from None
    if len(document) > DOCX_MAX_XML_BYTES:
        raise ExtractionError(
            "Teks dokumen ini terlalu besar.", "The document's text is too large."
        )
    if b"<!DOCTYPE" in document[:4096] or b"<!ENTITY" in document[:65536]:
        raise ExtractionError(
            "Berkas DOCX ini memuat deklarasi DOCTYPE/entitas, yang tidak diizinkan.",
            "This DOCX file contains a DOCTYPE or entity declaration, which is not allowed.",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError:
        raise _corrupt_docx() from None
    w = f"{{{_WORD}}}"
    paragraphs = []
    for paragraph in root.iter(f"{w}p"):
        parts = []
        for node in paragraph.iter(f"{w}t", f"{w}tab", f"{w}br", f"{w}cr"):
            if node.tag == f"{w}t":
                parts.append(node.text or "")
            elif node.tag == f"{w}tab":
                parts.append("\t")
            else:
                parts.append("\n")
        paragraphs.append("".join(parts))
    text = normalise("\n".join(paragraphs)).replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text) + ("\n" if text and not text.endswith("\n") else "")


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
        pages = [page.extract_text() or "" for page in reader.pages]
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
