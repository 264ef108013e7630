"""Write the three imitation samples in this folder: files shaped like NVivo's, MAXQDA's and
Taguette's REFI-QDA exports (the quirks listed in README.md), holding only texts written here.

Deterministic: fixed GUIDs, dates and zip timestamps, so running it again gives the same bytes
(a test checks that). Run from the repository root::

    .venv/bin/python src/semanggi/refiqda/tests/samples/make_samples.py
"""

import codecs
import io
import sys
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

NVIVO_NAME = "nvivo-like_partnership-comments.qdpx"
MAXQDA_NAME = "maxqda-like_partnership-reports.qdpx"
TAGUETTE_NAME = "taguette-like_codebook.qdc"

ZIP_TIME = (2026, 1, 2, 3, 4, 6)


def _guid(kind: str, key: str) -> str:
    """A fixed RFC 4122 GUID for ``kind``/``key`` (lower case, unbraced)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://semanggi.example/samples/{kind}/{key}"))


def _zip(entries: Sequence[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    # No directory entries, fixed timestamps. The inner .docx is stored, not deflated, so that
    # the bytes inside the .qdpx do not depend on the zlib build.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _a(value: str) -> str:
    return quoteattr(value)


# NVivo-like ----------------------------------------------------------------------------------
# Comments under a (made-up) video about a village partnership: short lines, emoji, CRLF.

NVIVO_USERS = (("peneliti-a", "Peneliti A"), ("peneliti-b", "Peneliti B"))


class Code(NamedTuple):
    key: str
    name: str
    description: str = ""  # may hold bare LF line breaks, as NVivo's do
    children: tuple["Code", ...] = ()


NVIVO_CODES = (
    Code(
        "trust",
        "1. Kepercayaan – Trust",
        "Warga percaya bahwa mitra menepati janji.\nKode ini juga untuk ketidakpercayaan.",
        (
            Code("trust-high", "percaya"),
            Code("trust-low", "ragu", children=(Code("trust-low-money", "ragu soal dana"),)),
        ),
    ),
    Code(
        "benefit",
        "2. Manfaat – Benefit",
        "Manfaat yang dirasakan warga dari kemitraan (air bersih, pelatihan, modal).",
        (
            Code(
                "benefit-water",
                "air bersih",
                children=(
                    Code("benefit-water-well", "sumur bor"),
                    Code("benefit-water-pipe", "pipa desa"),
                ),
            ),
            Code(
                "benefit-skills",
                "pelatihan",
                children=(Code("benefit-skills-women", "kelompok ibu"),),
            ),
        ),
    ),
    Code(
        "voice",
        "3. Suara warga – „Voice”",
        "Warga diajak bicara dalam rencana.\nTermasuk musyawarah desa.\nJuga “rembuk” RT.",
        (Code("voice-heard", "didengar"), Code("voice-ignored", "tidak diajak")),
    ),
    Code("other", "4. Lainnya"),
)

# (line, [(phrase, code key)]); the phrase is found in the line, each line once.
NVIVO_LINES: list[tuple[str, list[tuple[str, str]]]] = [
    ("👋 Video bagus, terima kasih sudah berbagi 🙏🙏", []),
    (
        "Sumur bor dari program kemitraan ini sangat membantu kami 💧💧 sekarang air bersih "
        "dekat rumah",
        [("Sumur bor dari program kemitraan ini sangat membantu kami", "benefit-water-well")],
    ),
    (
        "😊 I trust the company more now, they came back every month as promised",
        [("they came back every month as promised", "trust-high")],
    ),
    (
        "Ragu 🤔 dananya ke mana? Laporan keuangan belum pernah dibacakan di balai desa",
        [("Laporan keuangan belum pernah dibacakan di balai desa", "trust-low-money")],
    ),
    (
        "Kelompok ibu-ibu dapat pelatihan menjahit 🧵✂️ dan sekarang punya pesanan seragam",
        [
            ("Kelompok ibu-ibu dapat pelatihan menjahit", "benefit-skills-women"),
            ("sekarang punya pesanan seragam", "benefit"),
        ],
    ),
    (
        "Pipa desa sudah sampai dusun atas 🚰🚰🚰 terima kasih pemkab dan mitra",
        [("Pipa desa sudah sampai dusun atas", "benefit-water-pipe")],
    ),
    (
        "We were never asked 😡 the plan was decided in the city",
        [("the plan was decided in the city", "voice-ignored")],
    ),
    (
        "Musyawarah desa kemarin ramai 👏 semua RT datang dan usulan kami dicatat",
        [
            ("semua RT datang", "voice"),
            ("usulan kami dicatat", "voice-heard"),
        ],
    ),
    (
        "🌾🌾 Panen naik setelah irigasi diperbaiki, tapi harga pupuk tetap mahal",
        [("Panen naik setelah irigasi diperbaiki", "benefit")],
    ),
    (
        "Semoga program ini tidak berhenti setelah ganti bupati 🙏🏽",
        [("tidak berhenti setelah ganti bupati", "trust-low")],
    ),
    ("💯💯💯", []),
    (
        "The water committee meets every Friday 📅 anyone can join and ask questions",
        [("anyone can join and ask questions", "voice-heard")],
    ),
    (
        "Saya ragu, dulu ada proyek serupa 🏚️ lalu ditinggal begitu saja",
        [("dulu ada proyek serupa", "trust-low")],
    ),
    (
        "Anak-anak sekarang tidak perlu ambil air ke sungai 🏞️ sebelum sekolah 🏫",
        [("tidak perlu ambil air ke sungai", "benefit-water")],
    ),
    (
        "Good example of a partnership 👍 but publish the budget please",
        [("publish the budget please", "trust-low-money"), ("Good example", "trust")],
    ),
    (
        "Pelatihan pembukuan untuk BUMDes 📒 sangat berguna, kami sekarang bisa menyusun laporan",
        [("Pelatihan pembukuan untuk BUMDes", "benefit-skills")],
    ),
    ("Lokasinya di mana ya? 🗺️", [("Lokasinya di mana ya", "other")]),
    (
        "Kami percaya 🤝 karena pengurusnya orang desa sendiri",
        [("karena pengurusnya orang desa sendiri", "trust-high")],
    ),
]

# A second coding of the same words is a second selection with the same positions (as NVivo
# writes it): these line indexes get their first phrase coded twice.
NVIVO_TWICE = {1: "benefit-water", 7: "voice-heard"}


def _nvivo_codes_xml(codes: Sequence[Code], depth: int) -> str:
    out = []
    pad = "  " * depth
    for code in codes:
        head = f'{pad}<Code guid="{_guid("code", code.key)}" name={_a(code.name)} isCodable="true"'
        if not code.description and not code.children:
            out.append(head + " />")
            continue
        out.append(head + ">")
        if code.description:
            out.append(f"{pad}  <Description>{escape(code.description)}</Description>")
        if code.children:
            out.append(_nvivo_codes_xml(code.children, depth + 1))
        out.append(f"{pad}</Code>")
    return "\r\n".join(out)


def nvivo_text() -> str:
    """The source as NVivo stores it: lines with CRLF, a blank line between comments."""
    return "\r\n\r\n".join(line for line, _ in NVIVO_LINES) + "\r\n"


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def nvivo_selections(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code key) in NVivo's unit: UTF-16 code units, CRLF counted as two."""
    found = []
    cursor = 0
    for index, (line, phrases) in enumerate(NVIVO_LINES):
        at = text.index(line, cursor)
        cursor = at + len(line)
        for number, (phrase, code) in enumerate(phrases):
            start = text.index(phrase, at, cursor)
            end = start + len(phrase)
            units = (_utf16_units(text[:start]), _utf16_units(text[:end]))
            found.append((*units, code))
            if number == 0 and index in NVIVO_TWICE:
                found.append((*units, NVIVO_TWICE[index]))
    return found


def nvivo_qdpx() -> bytes:
    source = _guid("source", "nvivo")
    creator, modifier = (_guid("user", key) for key, _ in NVIVO_USERS)
    text = nvivo_text()
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="Untitled" '
        f'origin="NVivo for Windows 12.6" creatingUserGUID="{creator}" '
        f'creationDateTime="2026-01-05T08:00:00Z" modifyingUserGUID="{modifier}" '
        'modifiedDateTime="2026-01-09T10:30:00Z" basePath="" xmlns="urn:QDA-XML:project:1.0">',
        "  <Users>",
        *(f'    <User guid="{_guid("user", key)}" name={_a(name)} />' for key, name in NVIVO_USERS),
        "  </Users>",
        "  <CodeBook>",
        "    <Codes>",
        _nvivo_codes_xml(NVIVO_CODES, 3),
        "    </Codes>",
        "  </CodeBook>",
        "  <Sources>",
        f'    <TextSource guid="{source}" name="komentar_video" '
        f'richTextPath="internal://{source}.docx" plainTextPath="internal://{source}.txt" '
        f'creatingUser="{modifier}" creationDateTime="2026-01-08T09:00:00Z" '
        f'modifyingUser="{modifier}" modifiedDateTime="2026-01-08T09:00:00Z">',
        "      <Description />",
    ]
    for number, (start, end, code) in enumerate(nvivo_selections(text)):
        minute = f"{number % 60:02d}"
        lines += [
            f'      <PlainTextSelection guid="{_guid("selection", str(number))}" name="" '
            f'startPosition="{start}" endPosition="{end}" creatingUser="{modifier}" '
            f'creationDateTime="2026-01-09T10:{minute}:00Z" modifyingUser="{modifier}" '
            f'modifiedDateTime="2026-01-09T10:{minute}:00Z">',
            "        <Description />",
            f'        <Coding guid="{_guid("coding", str(number))}" creatingUser="{creator}" '
            f'creationDateTime="2026-01-06T14:{minute}:00Z">',
            f'          <CodeRef targetGUID="{_guid("code", code)}" />',
            "        </Coding>",
            "      </PlainTextSelection>",
        ]
    lines += ["    </TextSource>", "  </Sources>", "  <Description />", "</Project>"]
    project = "\r\n".join(lines).encode("utf-8")
    return _zip(
        [
            ("project.qde", project),
            (f"Sources/{source}.docx", _docx(text.replace("\r\n", "\n"))),
            (f"Sources/{source}.txt", codecs.BOM_UTF8 + text.encode("utf-8")),
        ]
    )


def _docx(text: str) -> bytes:
    """A minimal Word document holding ``text`` (the rich-text copy NVivo writes beside it)."""
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return _zip(
        [
            (
                "[Content_Types].xml",
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="rels" '
                b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                b'<Default Extension="xml" ContentType="application/xml"/>'
                b'<Override PartName="/word/document.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            ),
            (
                "_rels/.rels",
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                b"</Relationships>",
            ),
            (
                "word/document.xml",
                (
                    '<?xml version="1.0" encoding="UTF-8"?>'
                    f'<w:document xmlns:w="{main}"><w:body>{paragraphs}</w:body></w:document>'
                ).encode(),
            ),
        ],
        zipfile.ZIP_STORED,
    )


# MAXQDA-like ---------------------------------------------------------------------------------
# A codebook and six short monitoring reports, no codings.

MAXQDA_USER = "Tim Evaluasi"

# (parent name, colour, description, [(child name, description)])
MAXQDA_CODES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "Perencanaan (Planning)",
        "#ef8256",
        "Kategori induk untuk perencanaan bersama. Terapkan hanya subkode di bawahnya, jangan "
        "pernah kategori induk ini.",
        [
            ("Kebutuhan warga", "Laporan menyebut kebutuhan yang diusulkan warga."),
            ("Rencana kerja bersama", "Pemkab dan mitra menyusun satu rencana kerja."),
            ("Anggaran bersama", "Biaya dibagi antara APBD dan dana CSR."),
        ],
    ),
    (
        "Pengorganisasian (Organizing)",
        "#5ba3d9",
        "Parent category for who does what. Apply only its sub-codes, never this category.",
        [
            ("Pembagian peran", "Tugas tiap pihak ditulis dalam perjanjian."),
            ("Forum koordinasi", "There is a regular meeting of all partners."),
        ],
    ),
    (
        "Pelaksanaan (Actuating)",
        "#8cc63f",
        "Kategori induk untuk kegiatan di lapangan. Terapkan hanya subkodenya.",
        [
            ("Pelatihan", "Training for residents or village officials."),
            ("Pembangunan sarana", "Sumur, pipa, jalan usaha tani, dan sarana lain."),
            ("Pendampingan usaha", "Mentoring of small businesses after the training."),
        ],
    ),
    (
        "Pengendalian (Controlling)",
        "#b07cc6",
        "Parent category for monitoring and evaluation. Apply only its sub-codes.",
        [
            ("Laporan keuangan", "Financial reports shared with the partners or the public."),
            ("Evaluasi bersama", "Pemkab, mitra dan warga menilai hasil bersama-sama."),
        ],
    ),
]

MAXQDA_REPORTS: list[tuple[str, str]] = [
    (
        "Laporan triwulan 1",
        "Triwulan pertama dipakai untuk musyawarah di tiga desa. Warga mengusulkan air bersih "
        "sebagai kebutuhan utama.\nPemkab dan perusahaan sepakat menyusun satu rencana kerja.\n",
    ),
    (
        "Laporan triwulan 2",
        "Dua sumur bor selesai dibangun. Biaya dibagi: 60% dana CSR, 40% APBD.\n"
        "Forum koordinasi bertemu setiap bulan di kantor kecamatan.\n",
    ),
    (
        "Laporan triwulan 3",
        "Pelatihan pembukuan untuk pengurus BUMDes diikuti 24 orang.\nPendampingan usaha "
        "dimulai untuk kelompok perempuan penjahit.\n",
    ),
    (
        "Quarterly report 4",
        "The water committee published its first financial report on the village notice "
        "board.\nA joint evaluation with residents found that two hamlets still lack pipes.\n",
    ),
    (
        "Quarterly report 5",
        "The company extended its commitment for two more years.\nRoles of each partner were "
        "written into an addendum to the agreement.\n",
    ),
    (
        "Laporan akhir",
        "Kemitraan menjangkau 1.150 rumah tangga. Evaluasi bersama mencatat biaya perawatan "
        "sumur harus masuk anggaran desa.\n",
    ),
]


def _upper(kind: str, key: str) -> str:
    return _guid(kind, key).upper()


def maxqda_qdpx() -> bytes:
    user = _upper("user", "maxqda")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Project xsi:schemaLocation="urn:QDA-XML:project:1.0 '
        'http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:QDA-XML:project:1.0" '
        'origin="MAXQDA 24 (Release 24.7.0)" name="Kemitraan air bersih" '
        'modifiedDateTime="2026-01-12T07:15:00Z">',
        " <Users>",
        f"  <User guid={_a(user)} name={_a(MAXQDA_USER)}/>",
        " </Users>",
        " <CodeBook>",
        "  <Codes>",
    ]
    for parent, colour, description, children in MAXQDA_CODES:
        lines += [
            f'   <Code color="{colour}" guid="{_upper("code", parent)}" name={_a(parent)} '
            'isCodable="true">',
            f"    <Description>{escape(description)}</Description>",
        ]
        for child, child_description in children:
            lines += [
                f'    <Code color="{colour}" guid="{_upper("code", child)}" name={_a(child)} '
                'isCodable="true">',
                f"     <Description>{escape(child_description)}</Description>",
                "    </Code>",
            ]
        lines.append("   </Code>")
    lines += ["  </Codes>", " </CodeBook>", " <Sources>"]
    files = []
    for number, (name, text) in enumerate(MAXQDA_REPORTS):
        guid = _upper("source", name)
        when = f"2025-{number + 4:02d}-15T09:00:00Z"
        lines.append(
            f'  <TextSource modifyingUser="{user}" guid="{guid}" creatingUser="{user}" '
            f'creationDateTime="{when}" name={_a(name)} plainTextPath="internal://{guid}.txt" '
            f'modifiedDateTime="{when}"/>'
        )
        files.append((f"sources/{guid}.txt", text.encode("utf-8")))
    lines += [" </Sources>", " <Sets>"]
    half = len(MAXQDA_REPORTS) // 2
    for set_name, members in (
        ("Tahun 1", MAXQDA_REPORTS[:half]),
        ("Tahun 2", MAXQDA_REPORTS[half:]),
    ):
        lines.append(f'  <Set guid="{_upper("set", set_name)}" name={_a(set_name)}>')
        lines += [
            f'   <MemberSource targetGUID="{_upper("source", name)}"/>' for name, _ in members
        ]
        lines.append("  </Set>")
    lines += [" </Sets>", "</Project>", ""]
    project = "\n".join(lines).encode("utf-8")
    return _zip([*files, ("project.qde", project)])


# Taguette-like -------------------------------------------------------------------------------

TAGUETTE_CODES = ["rapat bersama", "dana CSR", "pelatihan: kader desa", "air bersih"]
TAGUETTE_NAMESPACE = uuid.UUID("7a1c0b6e-3d2f-4e8a-9b1c-5d6e7f801234")


def taguette_qdc() -> bytes:
    codes = "".join(
        f'<Code guid="{str(uuid.uuid5(TAGUETTE_NAMESPACE, name)).upper()}" name={_a(name)} '
        'isCodable="true"/>'
        for name in TAGUETTE_CODES
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1">'
        f"<Codes>{codes}</Codes><Sets/></CodeBook>"
    ).encode()


def samples() -> dict[str, bytes]:
    return {
        NVIVO_NAME: nvivo_qdpx(),
        MAXQDA_NAME: maxqda_qdpx(),
        TAGUETTE_NAME: taguette_qdc(),
    }


def main(argv: Sequence[str]) -> None:
    directory = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    for name, data in samples().items():
        (directory / name).write_bytes(data)


if __name__ == "__main__":
    main(sys.argv)
