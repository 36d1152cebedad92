"""The summary report for an empty and a partly filled partnership: its structure, its page,
the Word file made in the background, and the action plan as a spreadsheet."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from placematters.audit.models import AuditEvent
from placematters.planning import actions as planning_actions
from placematters.reports.builder import NOTHING_ENTERED, build_report
from placematters.reports.content import load_layout
from placematters.reports.models import ReportRender
from placematters.stakeholders import actions as stakeholder_actions
from placematters.toolkit.tools import TOOL_LINKS
from tests.integration.planning.helpers import asset, finding

pytestmark = pytest.mark.django_db

PART_TITLES = [
    "1. System mapping",
    "2. Strengthening community action",
    "3. Evaluation",
    "4. Implementation",
    "Annex: self-assessment against the 12 steps",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _headings(report) -> dict[str, object]:
    return {heading.slug: heading for part in report.all_parts for heading in part.headings}


def _partly_filled(owner, partnership):
    """A finding, a stakeholder, a service asset and one action: four headings of thirteen."""
    finding(owner, partnership)
    stakeholder_actions.stakeholder_add(
        by=owner, partnership=partnership, name="Parish council", power=2, interest=5
    )
    asset(owner, partnership)
    planning_actions.plan_action_add(
        by=owner,
        partnership=partnership,
        title="Open a walking group",
        why="Few places to be active inland",
        due_date=datetime.date(2027, 3, 31),
    )


def test_an_empty_partnership_says_nothing_is_entered_under_every_heading(partnership):
    report = build_report(partnership, today=datetime.date(2026, 11, 21))
    assert [part.numbered_title for part in report.all_parts] == PART_TITLES
    layout = load_layout()
    headings = [h for part in report.all_parts for h in part.headings]
    assert len(headings) == 13
    for heading, expected in zip(
        headings, [h for part in (*layout.parts, layout.annex) for h in part.headings], strict=True
    ):
        assert heading.is_empty and heading.chart is None, heading.slug
        first = next(
            link
            for link in TOOL_LINKS[expected.empty_item]
            if not link.url_name.startswith("reports:")
        )
        assert heading.links[0].label == first.label
        assert heading.links[0].path.startswith(reverse(first.url_name, args=[partnership.slug]))
    assert report.completeness == "0 of 13 headings have entries."
    assert not report.illustrative


def test_a_partly_filled_partnership_fills_only_the_headings_it_has_entries_for(owner, partnership):
    _partly_filled(owner, partnership)
    report = build_report(partnership)
    headings = _headings(report)
    filled = {slug for slug, heading in headings.items() if not heading.is_empty}
    assert filled == {
        "prioritised-intelligence",
        "agreed-infrastructure",
        "service-based-assessment",
        "action-plan",
    }
    assert report.completeness == "4 of 13 headings have entries."

    intelligence = headings["prioritised-intelligence"].sections[0]
    assert intelligence.paragraphs[0].startswith("The partnership has marked 1 finding")
    assert intelligence.table.rows[0][0] == "Under 75 mortality"
    assert intelligence.table.rows[0][3] == "No figures are held for this finding now."

    plan = headings["action-plan"]
    assert plan.sections[0].table.headers == ("What", "Why", "When by", "Who by", "Status")
    assert plan.sections[0].table.rows[0][:3] == (
        "Open a walking group",
        "Few places to be active inland",
        "31 March 2027",
    )
    assert plan.chart.table.rows == (("Not started", "1"),)
    assert 'aria-label="Actions by status. Not started: 1."' in plan.chart.svg
    assert headings["community-assets"].links[0].path.endswith("#assessment-community")


def test_the_page_shows_the_report_with_contents_and_tool_links(client, owner, partnership):
    _partly_filled(owner, partnership)
    client.force_login(owner)
    response = client.get(reverse("reports:report_home", args=[partnership.slug]))
    assert response.status_code == 200
    text = response.text
    for title in PART_TITLES:
        assert title in text
    assert text.count(NOTHING_ENTERED) == 9
    assert 'href="#prioritised-intelligence"' in text
    assert "<caption" in text and "Actions by status (the chart&#x27;s figures)" in text
    assert reverse("engagement:engagement_capacity", args=[partnership.slug]) in text


def test_asking_for_no_file_type_explains_and_saves_nothing(client, viewer, partnership):
    client.force_login(viewer)
    url = reverse("reports:report_render_create", args=[partnership.slug])
    response = client.post(url, {"kind": "spreadsheet"})
    assert response.status_code == 400
    assert "Select whether you want a PDF or a Word document" in response.text
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Select whether you want a PDF or a Word document" in response.text
    assert not ReportRender.objects.exists()


def test_a_word_file_is_made_in_the_background_and_only_members_download_it(
    client, owner, viewer, outsider, partnership, django_capture_on_commit_callbacks
):
    _partly_filled(owner, partnership)
    client.force_login(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_render_create", args=[partnership.slug]), {"kind": "docx"}
        )
    render = ReportRender.objects.get()
    assert response.url == reverse(
        "reports:report_render_status", args=[partnership.slug, render.pk]
    )
    assert (render.status, render.progress, render.created_by) == ("done", 100, viewer)
    assert render.file.name.startswith("reports/") and render.file.name.endswith(".docx")
    assert partnership.name not in render.file.name
    event = AuditEvent.objects.get(verb="report.render_requested")
    assert event.target_label == "the summary report as a Word document"

    status = client.get(response.url)
    assert "Ready" in status.text and "Download the Word document" in status.text
    download_url = reverse("reports:report_render_download", args=[partnership.slug, render.pk])
    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith(
        f'attachment; filename="summary-report-{partnership.slug}-'
    )
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert document.core_properties.title == f"Summary report: {partnership.name}"
    assert document.core_properties.author == partnership.name
    level_one = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level_one == PART_TITLES
    level_two = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert level_two[:2] == ["Prioritised intelligence", "Agreed infrastructure"]
    assert level_two[-1] == "How the partnership rates itself"
    assert len(level_two) == 13
    assert any(p.text == NOTHING_ENTERED for p in document.paragraphs)
    plan_table = next(t for t in document.tables if t.rows[0].cells[0].text == "What")
    assert plan_table.rows[1].cells[0].text == "Open a walking group"

    client.force_login(outsider)
    assert client.get(download_url).status_code == 404
    assert client.get(response.url).status_code == 404


def test_a_file_still_being_made_sends_the_download_to_its_progress(client, owner, partnership):
    client.force_login(owner)
    response = client.post(
        reverse("reports:report_render_create", args=[partnership.slug]), {"kind": "pdf"}
    )
    render = ReportRender.objects.get()
    assert render.status == "pending"
    status = client.get(response.url)
    assert "Waiting to start" in status.text and "Refresh" in status.text
    assert 'hx-trigger="every 1s"' in status.text
    download = client.get(
        reverse("reports:report_render_download", args=[partnership.slug, render.pk])
    )
    assert download.status_code == 302 and download.url == response.url


def test_the_action_plan_spreadsheet_has_the_reports_columns(client, owner, partnership):
    _partly_filled(owner, partnership)
    client.force_login(owner)
    response = client.get(reverse("reports:report_action_plan_xlsx", args=[partnership.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="action-plan-{partnership.slug}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("What", "Why", "When by", "Who by", "Status")
    assert rows[1] == (
        "Open a walking group",
        "Few places to be active inland",
        "31 March 2027",
        "Not yet named",
        "Not started",
    )


def test_an_empty_plan_gives_a_spreadsheet_with_the_header_only(client, owner, partnership):
    client.force_login(owner)
    response = client.get(reverse("reports:report_action_plan_xlsx", args=[partnership.slug]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("What", "Why", "When by", "Who by", "Status")]


def test_a_file_that_cannot_be_stored_is_marked_failed_with_its_reason(
    client, owner, partnership, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_render_create", args=[partnership.slug]), {"kind": "docx"}
        )
    render = ReportRender.objects.get()
    assert render.status == "failed" and render.finished_at is not None
    assert render.error.startswith("The report could not be drawn (")
    assert not render.file
    status = client.get(response.url)
    assert "Failed" in status.text and "The file could not be created." in status.text
    assert 'hx-trigger="every 1s"' not in status.text
    download = client.get(
        reverse("reports:report_render_download", args=[partnership.slug, render.pk])
    )
    assert download.status_code == 302
