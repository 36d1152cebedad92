"""The illustrative demo's report as a board member would get it: every heading filled, and a
PDF and a Word file that read on their own. The demo is built and the PDF drawn once, through
the real background task, and the assertions share them."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from placematters.demo.builder import build_demo
from placematters.reports.builder import NOTHING_ENTERED, build_report, section_sources
from placematters.reports.content import load_layout
from placematters.reports.models import ReportRender
from tests.integration.reports.test_report import PART_TITLES

pytestmark = pytest.mark.django_db


def _files(client, partnership, capture) -> dict[str, bytes]:
    made = {}
    for kind in ("pdf", "docx"):
        with capture(execute=True):
            client.post(
                reverse("reports:report_render_create", args=[partnership.slug]), {"kind": kind}
            )
        render = ReportRender.objects.get(kind=kind)
        assert render.status == "done", render.error
        response = client.get(
            reverse("reports:report_render_download", args=[partnership.slug, render.pk])
        )
        made[kind] = b"".join(response.streaming_content)
    return made


def test_the_demo_report_opens_as_a_page_a_pdf_and_a_word_file(
    settings, tmp_path, client, django_capture_on_commit_callbacks
):
    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    settings.MEDIA_ROOT = tmp_path / "media"
    demo = build_demo()
    partnership = demo.partnership
    report = build_report(partnership)
    assert report.illustrative
    assert report.empty_headings == 0
    assert report.completeness == "13 of 13 headings have entries."
    layout = load_layout()
    written = {section.item for source in section_sources() for section in source(partnership)}
    assert written - layout.placed_items() - set(layout.not_shown) == set(), (
        "every section a tool writes is placed under a heading or left out with a reason"
    )
    assert set(layout.not_shown) <= written, "a reason given for a section no tool writes"

    client.force_login(partnership.memberships.get(role="owner").user)
    page = client.get(reverse("reports:report_home", args=[partnership.slug]))
    assert page.status_code == 200 and NOTHING_ENTERED not in page.text
    assert page.text.count('class="pm-report-chart"') == 5

    files = _files(client, partnership, django_capture_on_commit_callbacks)
    pdf_path = tmp_path / "report.pdf"
    pdf_path.write_bytes(files["pdf"])

    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    assert re.search(r"^Tagged:\s+yes", info.stdout, re.MULTILINE)
    assert f"Summary report: {partnership.name}" in info.stdout
    # Measured on 21 November 2026: 18 to 19 pages (cover, contents, four parts, the annex).
    assert 14 <= pages <= 24

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for title in PART_TITLES:
        assert title in text
    assert partnership.name.split(" (")[0] in text
    assert "Illustrative: a demonstration partnership" in text
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text
    page_texts = [page for page in text.split("\f") if page.strip()]
    assert len(page_texts) == pages
    assert all("Illustrative" in page for page in page_texts)
    contents = text.split("Contents", 1)[1].split("1. System mapping\n", 1)[0]
    assert re.search(r"4\. Implementation \.+ \d+", contents)

    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pdf_path), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == pages

    document = Document(io.BytesIO(files["docx"]))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert [text for style, text in headings if style == "Heading 1"] == PART_TITLES
    assert headings[1] == ("Heading 2", "Prioritised intelligence")
    assert document.paragraphs[0].style.name == "Title"
    pictures = document.inline_shapes
    assert len(pictures) == 5
    assert pictures[-1]._inline.docPr.get("descr").startswith("Steps by rating. ")
    assert any("Illustrative" in p.text for p in document.paragraphs[:3])
