"""Factories for the evidence workbench, and small files of each kind a source is read from."""

import io
import zipfile
from typing import Any

import factory

from semanggi.evidence.models import (
    Code,
    Finding,
    Informant,
    Sampling,
    Segment,
    Source,
    SourceKind,
    Study,
)
from semanggi.testing.files import pdf_bytes


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Studi {n}")
    lead = factory.SubFactory("semanggi.evidence.tests.factories.UserFactory")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"evaluator{n}")


class InformantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Informant

    study = factory.SubFactory(StudyFactory)
    code = factory.Sequence(lambda n: f"INF-{n:02d}")
    label = "staf Dinkes"
    sampling = Sampling.PURPOSIVE


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    study = factory.SubFactory(StudyFactory)
    kind = SourceKind.INTERVIEW
    title = factory.Sequence(lambda n: f"Sumber {n}")
    text = "P: Siapa yang merencanakan?\nJ: Kami merencanakan bersama bank.\n"
    text_length = factory.LazyAttribute(lambda o: len(o.text))

    @factory.post_generation
    def informants(self, create: bool, extracted: list[Informant] | None, **kw: Any) -> None:
        if create and extracted:
            self.informants.set(extracted)


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code

    study = factory.SubFactory(StudyFactory)
    name = factory.Sequence(lambda n: f"Kode {n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment
        skip_postgeneration_save = True

    source = factory.SubFactory(SourceFactory)
    start = 0
    end = 5

    @factory.post_generation
    def codes(self, create: bool, extracted: list[Code] | None, **kw: Any) -> None:
        if create and extracted:
            self.codes.set(extracted)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    study = factory.SubFactory(StudyFactory)
    statement = "Perencanaan disusun bersama."


# --- Files ------------------------------------------------------------------------------------


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document with one paragraph per item."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{_xml_escape(p)}</w:t></w:r></w:p>'
        for p in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"/>',
        )
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def encrypted_pdf_bytes(lines: list[str], password: str = "rahasia") -> bytes:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(lines)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf_bytes() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- A study as the method fills it -------------------------------------------------------------

INTERVIEW_TEXT = (
    "P: Siapa yang menyusun rencana pembangunan puskesmas?\n"
    "J: Perencanaan kami susun bersama bank, dalam rapat di Bappeda. 👍\n"
    "J: Dinkes menentukan lokasi; bank menyediakan dana CSR.\n"
)
DOCUMENT_TEXT = "PERJANJIAN KERJA SAMA\nPasal 1: Para pihak sepakat membangun Puskesmas Semanggi.\n"
OBSERVATION_TEXT = "Catatan pengamatan — gedung baru sudah dipakai; antrean pasien 🧑‍⚕️ rapi.\n"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def filled_study(study: Study, actor: Any) -> dict[str, Any]:
    """Informants in a snowball chain, a source of each of three kinds, the default codebook,
    coded segments, memos on everything and a finding with evidence on both sides."""
    from datetime import date

    from semanggi.evidence.models import Direction, DocumentType, Function, Memo
    from semanggi.evidence.services import (
        codebook_create_default,
        finding_evidence_set,
        segment_create,
        source_create,
    )
    from semanggi.partnerships.models import Party

    party = Party.objects.filter(partnership__studies=study).first()
    sari = Informant.objects.create(
        study=study,
        code="INF-01",
        label="staf Dinkes",
        role="Kepala seksi",
        sampling=Sampling.PURPOSIVE,
        real_name="Sari Wulandari",
        contact="0812-555-0101",
        consent_on=date(2025, 3, 1),
        consent_form="Formulir A",
        party=party,
    )
    budi = Informant.objects.create(
        study=study,
        code="INF-02",
        label="staf bank",
        sampling=Sampling.SNOWBALL,
        referred_by=sari,
        real_name="Budi Santoso",
        contact="budi@example.org",
    )
    tini = Informant.objects.create(
        study=study,
        code="INF-03",
        label="pasien",
        sampling=Sampling.ACCIDENTAL,
        met_where="ruang tunggu puskesmas",
        met_on=date(2025, 3, 14),
        real_name="Tini",
    )
    interview = source_create(
        study=study,
        actor=actor,
        kind=SourceKind.INTERVIEW,
        title="Wawancara INF-01",
        text=INTERVIEW_TEXT,
        informants=[sari],
        collected_on=date(2025, 3, 12),
        place="Kantor Dinkes",
    )
    interview_budi = source_create(
        study=study,
        actor=actor,
        kind=SourceKind.INTERVIEW,
        title="Wawancara INF-02",
        text="Bank menyusun rencana bersama Dinkes sejak awal.\n",
        informants=[budi],
        collected_on=date(2025, 3, 13),
    )
    document = source_create(
        study=study,
        actor=actor,
        kind=SourceKind.DOCUMENT,
        document_type=DocumentType.MOU,
        title="PKS Dinkes–Bank",
        text=DOCUMENT_TEXT,
        party=party,
        collected_on=date(2025, 2, 1),
        caption="Halaman 1",
    )
    observation = source_create(
        study=study,
        actor=actor,
        kind=SourceKind.OBSERVATION,
        title="Pengamatan gedung",
        text=OBSERVATION_TEXT,
        informants=[tini],
        collected_on=date(2025, 3, 14),
    )
    codebook_create_default(study=study)
    planning = Code.objects.get(study=study, function=Function.PLANNING)
    actuating = Code.objects.get(study=study, function=Function.ACTUATING)
    k2_high = Code.objects.get(study=study, indicator="K2", direction=Direction.HIGH, codable=True)
    plan = segment_create(
        source=interview,
        **dict(
            zip(
                ("start", "end"),
                span(INTERVIEW_TEXT, "Perencanaan kami susun bersama bank"),
                strict=True,
            )
        ),
        code_ids=[planning.pk, k2_high.pk],
        actor=actor,
    )
    emoji = segment_create(
        source=interview,
        **dict(zip(("start", "end"), span(INTERVIEW_TEXT, "rapat di Bappeda. 👍"), strict=True)),
        code_ids=[planning.pk],
        actor=actor,
    )
    plan_bank = segment_create(
        source=interview_budi,
        start=0,
        end=len("Bank menyusun rencana bersama Dinkes"),
        code_ids=[planning.pk],
        actor=actor,
    )
    mou = segment_create(
        source=document,
        **dict(
            zip(("start", "end"), span(DOCUMENT_TEXT, "Para pihak sepakat membangun"), strict=True)
        ),
        code_ids=[planning.pk],
        actor=actor,
    )
    seen = segment_create(
        source=observation,
        **dict(
            zip(("start", "end"), span(OBSERVATION_TEXT, "antrean pasien 🧑‍⚕️ rapi"), strict=True)
        ),
        code_ids=[actuating.pk],
        actor=actor,
    )
    memos = [
        Memo.objects.create(study=study, title="Memo studi", text="Catatan umum."),
        Memo.objects.create(
            study=study, title="Memo sumber", text="Suara jelas.", source=interview
        ),
        Memo.objects.create(study=study, title="Memo segmen", text="Bappeda!", segment=plan),
        Memo.objects.create(study=study, title="Memo kode", text="Definisi.", code=planning),
        Memo.objects.create(study=study, title="Memo informan", text="Ramah.", informant=budi),
    ]
    finding = Finding.objects.create(
        study=study,
        statement="Perencanaan disusun bersama oleh Dinkes dan bank.",
        statement_en="Planning was done jointly by Dinkes and the bank.",
        function=Function.PLANNING,
        indicator="K2",
        model_label="sulistiyani-life:mutualism",
    )
    finding_evidence_set(
        finding=finding, supporting=[plan.pk, plan_bank.pk, mou.pk], contradicting=[seen.pk]
    )
    return {
        "sari": sari,
        "budi": budi,
        "tini": tini,
        "interview": interview,
        "interview_budi": interview_budi,
        "document": document,
        "observation": observation,
        "planning": planning,
        "actuating": actuating,
        "k2_high": k2_high,
        "plan": plan,
        "emoji": emoji,
        "plan_bank": plan_bank,
        "mou": mou,
        "seen": seen,
        "memos": memos,
        "finding": finding,
        "party": party,
    }
