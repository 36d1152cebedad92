"""The summary report as a Word document (python-docx), from the same structure as the web page.

Headings use Word's Heading 1, 2 and 3 styles so a screen reader's heading list and Word's
navigation pane work; tables repeat their header row on each page. Each chart is the web
page's SVG drawn as a PNG (Word has no dependable SVG support), with its description as the
picture's alternative text and its figures in the table after it.
"""

import io

from django.conf import settings
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from placematters.reports.builder import NOTHING_ENTERED, Report, ReportChart, ReportTable

CHART_WIDTH = Cm(15)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, table: ReportTable) -> None:
    caption = document.add_paragraph(style="Caption")
    caption.add_run(table.caption)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = text


def _chart(document, chart: ReportChart) -> None:
    import vl_convert

    picture = vl_convert.svg_to_png(chart.svg, scale=2)
    document.add_picture(io.BytesIO(picture), width=CHART_WIDTH)
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("title", chart.title)
    properties.set("descr", chart.description)
    _table(document, chart.table)


def report_docx(report: Report) -> bytes:
    """The Word document: title page details, contents list, parts, headings and tables."""
    document = Document()
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.partnership_name
    properties.subject = "Summary report of the partnership's work on health inequalities"
    properties.keywords = "health inequalities; Place Matters; summary report"
    properties.language = "en-GB"

    document.add_heading(report.title, level=0)
    if report.illustrative:
        document.add_paragraph().add_run(
            "Illustrative: a demonstration partnership. Its people, organisations and figures "
            "are made up."
        ).bold = True
    document.add_paragraph(f"Produced on {report.created_on:%-d %B %Y}.")
    document.add_paragraph(report.introduction)
    document.add_paragraph(report.completeness)

    document.add_paragraph("Contents", style="Subtitle")
    for part in report.all_parts:
        document.add_paragraph().add_run(part.numbered_title).bold = True
        for heading in part.headings:
            document.add_paragraph(heading.title, style="List Bullet 2")

    for part in report.all_parts:
        document.add_page_break()
        document.add_heading(part.numbered_title, level=1)
        for heading in part.headings:
            document.add_heading(heading.title, level=2)
            if heading.is_empty:
                document.add_paragraph().add_run(NOTHING_ENTERED).bold = True
                for link in heading.links:
                    document.add_paragraph(
                        f"To fill this in, use the tool \u201c{link.label}\u201d: "
                        f"{settings.SITE_URL}{link.path}"
                    )
                continue
            if heading.chart:
                _chart(document, heading.chart)
            for section in heading.sections:
                if section.title:
                    document.add_heading(section.title, level=3)
                for paragraph in section.paragraphs:
                    document.add_paragraph(paragraph)
                if section.table:
                    _table(document, section.table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
