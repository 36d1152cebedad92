"""The summary report as a tagged PDF (WeasyPrint), from the same structure as the web page."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from placematters.reports.builder import NOTHING_ENTERED, Report

STYLESHEET = Path(__file__).parent / "pdf" / "report.css"


def report_html(report: Report) -> str:
    return render_to_string(
        "reports/pdf.html",
        {"report": report, "site_url": settings.SITE_URL, "nothing_entered": NOTHING_ENTERED},
    )


def report_pdf(report: Report) -> bytes:
    """The PDF: tagged for screen readers (PDF/UA-1), with a contents page and page numbers."""
    from weasyprint import CSS, HTML

    document = HTML(string=report_html(report), base_url=str(settings.BASE_DIR))
    return document.write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
    )
