"""The three reports of the founding case, in the three formats, opened by real readers: the
PDF's text is extracted by pypdf, the DOCX is opened by python-docx."""

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from semanggi.demo.services import founding_case_load, founding_study_load
from semanggi.evidence.models import Informant, Study
from semanggi.partnerships.models import Partnership
from semanggi.regions.tests.factories import regions_create
from semanggi.reports.services import (
    report_partnership_file,
    report_region_file,
    report_study_file,
)
from semanggi.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

SLUG = "bina-kesehatan-semanggi"


@pytest.fixture
def case(db: None) -> Partnership:
    regions_create()
    founding_case_load()
    return Partnership.objects.get(slug=SLUG)


@pytest.fixture
def study(case: Partnership) -> Study:
    lead = get_user_model().objects.create_user("lead", "lead@example.org", "x")
    study = founding_study_load(lead=lead)
    # A real name the report must never print.
    Informant.objects.filter(study=study).update(real_name="Sutrisno Wibowo Rahasia")
    return study


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        return _pdf_text(content)
    if fmt == "docx":
        return _docx_text(content)
    return content.decode("utf-8")


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_partnership_report_holds_parties_poac_money_and_assessment(
    case: Partnership, fmt: str
) -> None:
    found = report_partnership_file(user=None, slug=SLUG, fmt=fmt, language="id")
    assert found is not None
    text = _text(fmt, found.content)
    for expected in (
        "Dinas Kesehatan Kota Surakarta",  # a party
        "Perencanaan",  # the four functions, in Indonesian
        "Pengorganisasian",
        "Pelaksanaan",
        "Pengendalian",
        "Uang",  # the money section
        "Penilaian",  # the assessment summary
        "BAST",  # the handover's agreement
    ):
        assert expected in text, (fmt, expected)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_partnership_report_speaks_english_when_asked(case: Partnership, fmt: str) -> None:
    found = report_partnership_file(user=None, slug=SLUG, fmt=fmt, language="en")
    assert found is not None
    text = _text(fmt, found.content)
    assert "Planning" in text and "Controlling" in text and "Parties, roles and objectives" in text
    assert found.filename.endswith(f"-en.{fmt}")


def test_a_hidden_partnership_has_no_report_for_the_public(case: Partnership) -> None:
    Partnership.objects.filter(pk=case.pk).update(is_published=False)
    assert report_partnership_file(user=None, slug=SLUG, fmt="html", language="id") is None


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_regional_report_lists_the_region_s_partnerships_and_money(
    case: Partnership, fmt: str
) -> None:
    found = report_region_file(user=None, code="33.72", year=None, fmt=fmt, language="id")
    assert found is not None
    text = _text(fmt, found.content)
    assert "Kota Surakarta" in text
    assert case.title[:30] in text.replace("\n", " ")
    assert "Kebutuhan" in text  # needs met and open
    assert "Kemitraan dan kebutuhan terbuka di Kota Surakarta" in text  # the map's title


def test_the_regional_report_of_a_year_without_partnerships_says_so(case: Partnership) -> None:
    Partnership.objects.filter(pk=case.pk).update(
        planned_start="2015-01-01", planned_end="2015-12-31"
    )
    found = report_region_file(user=None, code="33.72", year=2030, fmt="html", language="en")
    assert found is not None
    assert "No partnership in this region and period." in found.content.decode()


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_evaluation_report_is_a_findings_chapter_without_real_names(
    study: Study, fmt: str
) -> None:
    found = report_study_file(study=study, fmt=fmt, language="en")
    text = _text(fmt, found.content)
    for expected in (
        "Research question",
        "Method",
        "Informants (by code and role",
        "Codebook",
        "Data displays",
        "Findings",
        "Assessment of the partnership model",
        "Appendix: method",
    ):
        assert expected in text, (fmt, expected)
    code = Informant.objects.filter(study=study).values_list("code", flat=True).first()
    assert code in text
    assert "Sutrisno" not in text and "Rahasia" not in text


def test_a_withdrawn_informant_is_left_out_of_the_evaluation_report(study: Study) -> None:
    informant = Informant.objects.filter(study=study).order_by("code").first()
    assert informant is not None
    Informant.objects.filter(pk=informant.pk).update(consent_withdrawn_on="2024-01-01")
    text = report_study_file(study=study, fmt="html", language="en").content.decode()
    assert f"Left out because consent was withdrawn: {informant.code}" in text
    assert f"<td>{informant.code}</td><td>{informant.label}</td>" not in text


def test_report_pages_answer_by_format_and_refuse_the_unknown(
    case: Partnership, client: Any
) -> None:
    pdf = client.get(f"/partnerships/{SLUG}/report.pdf?lang=en")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    html = client.get(f"/partnerships/{SLUG}/report.html")
    assert html.status_code == 200 and b"Perencanaan" in html.content
    assert client.get(f"/partnerships/{SLUG}/report.exe").status_code == 404
    assert client.get("/partnerships/nothing-here/report.pdf").status_code == 404
    assert client.get("/regions/99.99/report.pdf").status_code == 404
    assert client.get("/regions/33.72/report.html?year=99999").status_code == 200


def test_a_study_report_is_for_the_study_team(study: Study, client: Any) -> None:
    assert client.get(f"/studies/{study.pk}/report.html").status_code == 404
    client.force_login(study.lead)
    assert client.get(f"/studies/{study.pk}/report.html").status_code == 200


def test_the_api_gives_the_same_reports(case: Partnership, study: Study, client: Any) -> None:
    docx = client.get(f"/api/partnerships/{SLUG}/report?format=docx&lang=en")
    assert docx.status_code == 200
    assert "Planning" in _docx_text(docx.content)
    assert client.get(f"/api/partnerships/{SLUG}/report?format=odt").status_code in (400, 422)
    assert client.get(f"/api/studies/{study.pk}/report").status_code == 404
    assert client.get("/api/studies/99999999999999/report").status_code in (400, 404, 422)
    region = client.get("/api/regions/33.72/report?format=html&year=2024")
    assert region.status_code == 200
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/partnerships/{slug}/report",
        "/api/regions/{code}/report",
        "/api/studies/{pk}/report",
    } <= set(paths)


def test_the_command_writes_a_report(case: Partnership, tmp_path: Any) -> None:
    target = tmp_path / "report.pdf"
    call_command("report", "partnership", SLUG, "--format", "pdf", "-o", str(target))
    assert "Dinas Kesehatan" in _pdf_text(target.read_bytes())


def test_the_regional_report_reads_a_fixed_number_of_queries(
    case: Partnership, client: Any
) -> None:
    def grow() -> None:
        for index in range(5):
            copy = Partnership.objects.create(
                title=f"Salinan {index}",
                slug=f"salinan-{index}",
                sector=case.sector,
                is_published=True,
            )
            copy.locations.set(case.locations.all())

    assert_constant_queries(lambda: client.get("/regions/33.72/report.html"), grow)


def test_the_pages_link_their_reports(case: Partnership, study: Study, client: Any) -> None:
    page = client.get(f"/partnerships/{SLUG}/").content.decode()
    assert f'href="/partnerships/{SLUG}/report.pdf?lang=id"' in page
    assert (
        'href="/regions/33.72/report.docx?lang=id"'
        in client.get("/regions/33.72/").content.decode()
    )
    client.force_login(study.lead)
    assert (
        f'href="/studies/{study.pk}/report.html?lang=id"'
        in client.get(f"/studies/{study.pk}/").content.decode()
    )


def test_a_signed_in_reader_gets_the_report_as_a_background_job(
    case: Partnership, client: Any
) -> None:
    from semanggi.jobs.models import Job

    user = get_user_model().objects.create_user("pembaca", "p@example.org", "x")
    client.force_login(user)
    page = client.get(f"/partnerships/{SLUG}/").content.decode()
    assert 'action="/reports/partnership/new/"' in page
    answer = client.post("/reports/partnership/new/", {"key": SLUG, "format": "docx", "lang": "en"})
    assert answer.status_code == 302
    job = Job.objects.get()
    assert answer["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "succeeded", job.error_en
    with job.result_file.open("rb") as handle:
        assert "Planning" in _docx_text(handle.read())
    hidden = client.post("/reports/partnership/nothing/new/", {"key": "nothing"})
    assert hidden.status_code == 404
    assert client.post("/reports/partnership/new/", {"key": "nothing-here"}).status_code == 404
    assert Job.objects.count() == 1


def test_the_api_makes_a_report_in_the_background(case: Partnership) -> None:
    from django.test import Client

    from semanggi.access.services import api_token_create

    user = get_user_model().objects.create_user("klien", "k@example.org", "x")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='t')}")
    made = client.post(
        "/api/reports",
        {"kind": "region", "key": "33.72", "format": "pdf", "lang": "id"},
        content_type="application/json",
    )
    assert made.status_code == 202, made.content
    job = made.json()
    assert job["status"] == "succeeded" and job["download_url"]
    pdf = client.get(job["download_url"])
    assert pdf.status_code == 200
    assert "Kota Surakarta" in _pdf_text(b"".join(pdf.streaming_content))
    refused = client.post(
        "/api/reports", {"kind": "study", "key": "999"}, content_type="application/json"
    )
    assert refused.status_code == 404
    anonymous = Client().post(
        "/api/reports", {"kind": "region", "key": "33.72"}, content_type="application/json"
    )
    assert anonymous.status_code == 401


def test_a_docx_report_holds_text_with_control_characters() -> None:
    # Once a 500: python-docx refuses characters XML cannot hold.
    import io as _io

    from docx import Document as _Document

    from semanggi.reports.document import Paragraph as _Paragraph
    from semanggi.reports.document import Report as _Report
    from semanggi.reports.document import Section as _Section
    from semanggi.reports.render import report_docx

    report = _Report(
        title="Studi\x14",
        subtitle="",
        language="id",
        meta=(("Oleh\x01", "tim"),),
        sections=(_Section(heading="Temuan", blocks=(_Paragraph("Catatan\x1c lapangan"),)),),
    )
    text = "\n".join(p.text for p in _Document(_io.BytesIO(report_docx(report))).paragraphs)
    assert "Catatan\ufffd lapangan" in text and "Studi\ufffd" in text
