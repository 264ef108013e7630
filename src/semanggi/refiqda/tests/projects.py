"""A small evaluation study as Semanggi would export it: the founding case, made up."""

from datetime import UTC, date, datetime
from decimal import Decimal

from semanggi.refiqda.model import (
    Case,
    Code,
    Link,
    LinkDirection,
    Note,
    PlainTextSelection,
    Project,
    Set,
    TextSource,
    User,
    Variable,
    VariableType,
    VariableValue,
)

ANA = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0001"
SAMPLING = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0101"
INTERVIEWED = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0102"
AGE = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0103"
CONSENT = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0104"
SHARE = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0105"
RECORDED = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0106"
POAC = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0201"
PLANNING = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0202"
JOINT_PLANNING = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0203"
ACTUATING = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0204"
K3 = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0205"
INTERVIEW_SARI = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0301"
MOU = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0302"
OBSERVATION = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0303"
SELECTION_PLAN = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0401"
SELECTION_EMOJI = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0402"
SELECTION_MOU = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0403"
SELECTION_SEEN = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0404"
SARI = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0501"
BUDI = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0502"
MEMO = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0601"
FINDING = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0602"
FINDING_SET = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0701"
REFERRAL = "0b5b7f7e-8a44-4d55-9c1e-1f6c1c1a0801"

INTERVIEW_TEXT = (
    "P: Siapa yang menyusun rencana pembangunan puskesmas?\n"
    "J: Perencanaan kami susun bersama bank, dalam rapat di Bappeda. 👍\n"
    "J: Dinkes menentukan lokasi; bank menyediakan dana CSR.\n"
)
MOU_TEXT = "PERJANJIAN KERJA SAMA\nPasal 1: Para pihak sepakat membangun Puskesmas Semanggi.\n"
OBSERVATION_TEXT = "Catatan pengamatan — gedung baru sudah dipakai; antrean pasien 🧑‍⚕️ rapi.\n"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def founding_project() -> Project:
    created = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    plan = span(INTERVIEW_TEXT, "Perencanaan kami susun bersama bank")
    emoji = span(INTERVIEW_TEXT, "rapat di Bappeda. 👍\nJ: Dinkes")
    mou = span(MOU_TEXT, "Para pihak sepakat membangun Puskesmas Semanggi.")
    seen = span(OBSERVATION_TEXT, "antrean pasien 🧑‍⚕️ rapi")
    return Project(
        name="Studi kemitraan Puskesmas Semanggi",
        origin="Semanggi 0.1.0",
        users=(User(ANA, "Ana (evaluator)"),),
        codes=(
            Code(
                POAC,
                "POAC",
                color="#1F77B4",
                description="Fungsi manajemen G. R. Terry",
                is_codable=False,
                children=(
                    Code(
                        PLANNING,
                        "Planning",
                        color="#FF7F0E",
                        children=(Code(JOINT_PLANNING, "Perencanaan bersama"),),
                    ),
                    Code(ACTUATING, "Actuating"),
                ),
            ),
            Code(K3, 'K3 pemahaman tujuan & "substansi" <kemitraan>', description="Indikator"),
        ),
        sources=(
            TextSource(
                INTERVIEW_SARI,
                "Wawancara Bu Sari",
                INTERVIEW_TEXT,
                description="Wawancara, 12 Maret",
                creating_user=ANA,
                created=created,
            ),
            TextSource(MOU, "PKS Dinkes–Bank", MOU_TEXT),
            TextSource(OBSERVATION, "Observasi gedung", OBSERVATION_TEXT),
        ),
        selections=(
            PlainTextSelection(SELECTION_PLAN, INTERVIEW_SARI, *plan, codings=(JOINT_PLANNING, K3)),
            PlainTextSelection(
                SELECTION_EMOJI, INTERVIEW_SARI, *emoji, codings=(PLANNING,), description="emoji"
            ),
            PlainTextSelection(SELECTION_MOU, MOU, *mou, codings=(JOINT_PLANNING,)),
            PlainTextSelection(SELECTION_SEEN, OBSERVATION, *seen, codings=(ACTUATING,)),
        ),
        variables=(
            Variable(SAMPLING, "sampling", VariableType.TEXT, "purposive / snowball / accidental"),
            Variable(INTERVIEWED, "diwawancarai", VariableType.DATE),
            Variable(AGE, "usia", VariableType.INTEGER),
            Variable(CONSENT, "persetujuan", VariableType.BOOLEAN),
            Variable(SHARE, "porsi", VariableType.FLOAT),
            Variable(RECORDED, "direkam", VariableType.DATETIME),
        ),
        cases=(
            Case(
                SARI,
                "Informan A (Dinkes)",
                description="nama samaran",
                values=(
                    VariableValue(SAMPLING, "purposive"),
                    VariableValue(INTERVIEWED, date(2025, 3, 12)),
                    VariableValue(AGE, 47),
                    VariableValue(CONSENT, True),
                    VariableValue(SHARE, Decimal("0.25")),
                    VariableValue(RECORDED, datetime(2025, 3, 12, 2, 0, tzinfo=UTC)),
                ),
                source_refs=(INTERVIEW_SARI,),
            ),
            Case(
                BUDI,
                "Informan B (bank)",
                values=(VariableValue(SAMPLING, "snowball"), VariableValue(CONSENT, False)),
            ),
        ),
        notes=(
            Note(
                MEMO,
                "Memo perencanaan",
                "Rapat di Bappeda\ndisebut dua kali.",
                targets=(SELECTION_PLAN,),
            ),
            Note(
                FINDING,
                "Temuan: perencanaan bersama",
                "Perencanaan disusun bersama (K2).",
                description="temuan",
                targets=(JOINT_PLANNING, INTERVIEW_SARI),
            ),
        ),
        sets=(
            Set(
                FINDING_SET,
                "Bukti temuan perencanaan bersama",
                member_codes=(JOINT_PLANNING,),
                member_sources=(INTERVIEW_SARI, MOU),
                member_notes=(FINDING,),
            ),
        ),
        links=(Link(REFERRAL, SARI, BUDI, LinkDirection.ONE_WAY, "merujuk (snowball)"),),
        description="Contoh buatan untuk pengujian",
        creating_user=ANA,
        created=created,
        modified=created,
        modifying_user=ANA,
        note_refs=(FINDING,),
    )
