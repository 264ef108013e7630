"""Real files of every kind an upload accepts, generated for tests (nothing downloaded)."""

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII, Helvetica)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    operations = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        operations.append(f"({escape(line)}) Tj T*")
    operations.append("ET")
    stream = "\n".join(operations).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_file(text: str = "Berita acara serah terima") -> bytes:
    """A one-page PDF with a text layer."""
    return pdf_bytes([text])


def image_file(kind: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 67)).save(buffer, format=kind)
    return buffer.getvalue()


def docx_file(paragraphs: list[str] | None = None, *, document: bytes | None = None) -> bytes:
    """A minimal Word document: its content types and main part."""
    if document is None:
        body = "".join(
            f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in (paragraphs or ["Notulen rapat"])
        )
        document = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD}">'
            f"<w:body>{body}</w:body></w:document>"
        ).encode()
    return zip_file({"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": document})


def zip_file(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
