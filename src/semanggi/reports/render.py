"""One report, three formats: printable HTML, PDF (WeasyPrint, from that same HTML) and DOCX
(python-docx, from the same report value)."""

import io
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from semanggi.core.text import xml_safe
from semanggi.reports.charts import chart_png, chart_svg
from semanggi.reports.document import (
    BarChart,
    Block,
    Bullets,
    Facts,
    Figure,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

# python-docx (and Pillow for its charts) load when a DOCX is written, not in every process.

FORMATS = ("html", "pdf", "docx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _html_block(block: Block) -> dict[str, object]:
    """A block with its kind, for the template; charts and figures carry their SVG."""
    kind = type(block).__name__.lower()
    item: dict[str, object] = {"kind": kind, "block": block}
    if isinstance(block, BarChart):
        # The SVG is assembled from escaped parts in semanggi.reports.charts.
        item["svg"] = mark_safe(chart_svg(block))
    elif isinstance(block, Figure):
        # Figures are drawn by Semanggi's own code from escaped parts.
        item["svg"] = mark_safe(block.svg)
    return item


def _html_section(section: Section, level: int) -> dict[str, object]:
    return {
        "heading": section.heading,
        "level": min(level, 6),
        "blocks": [_html_block(block) for block in section.blocks],
        "subsections": [_html_section(sub, level + 1) for sub in section.subsections],
    }


def report_html(report: Report) -> str:
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "sections": [_html_section(section, 2) for section in report.sections],
        },
    )


def report_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which only the PDF needs.
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report), base_url=None).write_pdf()
    return pdf


def _docx_block(doc: "DocxDocument", block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    if isinstance(block, Paragraph):
        paragraph = doc.add_paragraph(block.text)
        if block.muted:
            for run in paragraph.runs:
                run.italic = True
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Facts):
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for term, value in block.pairs:
            cells = table.add_row().cells
            cells[0].text = term
            cells[1].text = value
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
    elif isinstance(block, Table):
        if block.caption:
            doc.add_paragraph(block.caption, style="Caption")
        if not block.rows:
            doc.add_paragraph(block.empty)
            return
        table = doc.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for index, header in enumerate(block.headers):
            cell = table.rows[0].cells[index]
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for index, value in enumerate(row):
                cells[index].text = value
                if index in block.numeric:
                    cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif isinstance(block, BarChart):
        doc.add_paragraph(block.title, style="Caption")
        doc.add_picture(io.BytesIO(chart_png(block)), width=Cm(16))
        for bar in block.bars:
            doc.add_paragraph(f"{bar.label}: {bar.shown}", style="List Bullet")
    elif isinstance(block, Figure):
        doc.add_paragraph(block.title, style="Caption")
        doc.add_paragraph(block.alternative)
    elif isinstance(block, Note):
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(block.text)
        run.italic = True


def _docx_section(doc: "DocxDocument", section: Section, level: int) -> None:
    doc.add_heading(section.heading, level=min(level, 9))
    for block in section.blocks:
        _docx_block(doc, block)
    for sub in section.subsections:
        _docx_section(doc, sub, level + 1)


def _xml_safe(value: Any) -> Any:
    """The report with every text as a DOCX can hold it (see core.text.xml_safe)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, tuple):
        return tuple(_xml_safe(item) for item in value)
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _xml_safe(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changed)
    return value


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Pt

    report = _xml_safe(report)
    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.language = report.language
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    doc.add_heading(report.title, level=0)
    if report.subtitle:
        doc.add_paragraph(report.subtitle)
    if report.meta:
        _docx_block(doc, Facts(report.meta))
    for section in report.sections:
        _docx_section(doc, section, 1)
    if report.footer:
        doc.add_paragraph(report.footer).runs[0].italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        return report_pdf(report)
    if fmt == "docx":
        return report_docx(report)
    return report_html(report).encode("utf-8")
