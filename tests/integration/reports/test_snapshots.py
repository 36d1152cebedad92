"""Dated snapshots of the summary report and the action plan: only owners take and delete
them, bad names are refused with nothing saved, another partnership's cannot be reached, and
the pages show the frozen version and how it compares with now."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from placematters.audit.models import AuditEvent
from placematters.partnerships import actions as partnership_actions
from placematters.partnerships.permissions import NotAllowed
from placematters.planning import actions as planning_actions
from placematters.planning.models import PlanAction
from placematters.reports import actions, queries
from placematters.reports.builder import build_report
from placematters.reports.frozen import plan_from_list, report_from_dict
from placematters.reports.models import ReportRender, Snapshot

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 3)


def _plan(owner, partnership) -> tuple[PlanAction, PlanAction]:
    walking = planning_actions.plan_action_add(
        by=owner,
        partnership=partnership,
        title="Open a walking group",
        why="Few places to be active inland",
        due_date=datetime.date(2027, 3, 31),
        status="on_track",
    )
    planning_actions.plan_milestone_add(
        by=owner, action=walking, title="Route agreed", due_date=datetime.date(2026, 6, 1)
    )
    pledge = planning_actions.plan_action_add(
        by=owner,
        partnership=partnership,
        title="Smoke-free homes pledge",
        due_date=datetime.date(2027, 1, 31),
    )
    return walking, pledge


def _take(owner, partnership, label="Board meeting 3 March", **extra) -> Snapshot:
    return actions.report_snapshot_take(
        by=owner, partnership=partnership, label=label, today=MARCH, **extra
    )


def test_an_owner_freezes_the_report_and_plan_as_they_stand(owner, partnership):
    walking, _pledge = _plan(owner, partnership)
    snapshot = _take(owner, partnership, note="  Agreed by the board  ")
    snapshot.refresh_from_db()
    assert snapshot.label == "Board meeting 3 March"
    assert snapshot.note == "Agreed by the board"
    assert snapshot.taken_on == MARCH
    assert snapshot.taken_by == owner and snapshot.taken_by_name == "Olive Owner"
    frozen_report = report_from_dict(snapshot.report)
    assert frozen_report == build_report(partnership, today=MARCH)
    charts = [h.chart for part in frozen_report.all_parts for h in part.headings if h.chart]
    assert [chart.title for chart in charts] == ["Actions by status"]
    assert snapshot.content_version == build_report(partnership).content_version
    plan = plan_from_list(snapshot.plan)
    assert [action.title for action in plan] == ["Smoke-free homes pledge", "Open a walking group"]
    frozen_walking = plan[1]
    assert frozen_walking.id == walking.pk
    assert frozen_walking.why == "Few places to be active inland"
    assert frozen_walking.owner == "" and frozen_walking.status == "on_track"
    assert frozen_walking.status_label == "On track"
    assert [(m.title, m.due_date, m.done) for m in frozen_walking.milestones] == [
        ("Route agreed", datetime.date(2026, 6, 1), False)
    ]
    event = AuditEvent.objects.get(verb="report_snapshot.taken")
    assert event.after == {"label": "Board meeting 3 March", "taken_on": "2026-03-03", "actions": 2}


def test_the_frozen_plan_keeps_what_it_said_when_the_plan_changes(owner, partnership):
    walking, _pledge = _plan(owner, partnership)
    snapshot = _take(owner, partnership)
    planning_actions.plan_action_update(by=owner, action=walking, status="done")
    snapshot.refresh_from_db()
    assert plan_from_list(snapshot.plan)[1].status == "on_track"
    assert queries.frozen_plan(partnership)[1].status == "done"


def test_an_editor_or_viewer_cannot_take_or_delete_a_snapshot(owner, partnership, editor, viewer):
    snapshot = _take(owner, partnership)
    for person in (editor, viewer):
        with pytest.raises(NotAllowed):
            _take(person, partnership, label="Mine")
        with pytest.raises(NotAllowed):
            actions.report_snapshot_delete(by=person, snapshot=snapshot)
    assert list(Snapshot.objects.values_list("label", flat=True)) == ["Board meeting 3 March"]


@pytest.mark.parametrize(
    ("label", "note", "field", "message"),
    [
        ("   ", "", "label", "Enter a name for this version"),
        ("x" * 121, "", "label", "The name must be 120 characters or fewer"),
        ("board MEETING  3 march", "", "label", "There is already a version called"),
        ("Another", "n" * 1001, "note", "The note must be 1000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(owner, partnership, label, note, field, message):
    _take(owner, partnership)
    with pytest.raises(ValidationError) as refusal:
        _take(owner, partnership, label=label, note=note)
    assert message in refusal.value.message_dict[field][0]
    assert Snapshot.objects.count() == 1
    assert AuditEvent.objects.filter(verb="report_snapshot.taken").count() == 1


def test_an_owner_deletes_a_snapshot_and_the_deletion_is_recorded(owner, partnership):
    snapshot = _take(owner, partnership)
    actions.report_snapshot_delete(by=owner, snapshot=snapshot)
    assert not Snapshot.objects.exists()
    event = AuditEvent.objects.get(verb="report_snapshot.deleted")
    assert event.before == {"label": "Board meeting 3 March", "taken_on": "2026-03-03"}


def test_another_partnerships_snapshot_is_not_found(client, owner, partnership, outsider):
    snapshot = _take(owner, partnership)
    theirs = partnership_actions.partnership_create(by=outsider, name="Their partnership")
    client.force_login(outsider)
    for name in ("snapshot_detail", "snapshot_compare", "snapshot_delete"):
        url = reverse(f"reports:{name}", args=[theirs.slug, snapshot.pk])
        assert client.get(url).status_code == 404, name
    url = reverse("reports:snapshot_delete", args=[theirs.slug, snapshot.pk])
    assert client.post(url).status_code == 404
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_the_freeze_form_shows_specific_errors_and_saves_nothing(client, owner, partnership):
    _take(owner, partnership)
    client.force_login(owner)
    url = reverse("reports:snapshot_take", args=[partnership.slug])
    response = client.post(url, {"label": "", "note": ""})
    assert response.status_code == 400
    assert "Enter a name for this version" in response.text
    response = client.post(url, {"label": "Board meeting 3 March"})
    assert response.status_code == 400
    assert "There is already a version called Board meeting 3 March" in response.text
    response = client.post(url, {"label": "x" * 121})
    assert "The name must be 120 characters or fewer" in response.text
    assert Snapshot.objects.count() == 1


def test_owners_see_the_freeze_form_on_the_report_and_others_do_not(
    client, owner, editor, partnership
):
    url = reverse("reports:report_home", args=[partnership.slug])
    client.force_login(owner)
    assert "Freeze this version" in client.get(url).text
    client.force_login(editor)
    page = client.get(url).text
    assert "Freeze this version" not in page
    assert "See the frozen versions (0)" in page


def test_freeze_then_list_open_download_and_compare(client, owner, partnership):
    walking, pledge = _plan(owner, partnership)
    client.force_login(owner)
    response = client.post(
        reverse("reports:snapshot_take", args=[partnership.slug]),
        {"label": "Board meeting", "note": "As agreed"},
    )
    snapshot = Snapshot.objects.get()
    assert response.url == reverse("reports:snapshot_detail", args=[partnership.slug, snapshot.pk])

    listing = client.get(reverse("reports:snapshot_list", args=[partnership.slug])).text
    assert "Board meeting" in listing and "Olive Owner" in listing

    page = client.get(response.url).text
    assert "by Olive Owner: read-only" in page
    assert "The action plan as committed" in page and "Open a walking group" in page
    assert "Delete this frozen version" in page

    download = reverse(
        "reports:snapshot_plan_download", args=[partnership.slug, snapshot.pk, "csv"]
    )
    csv_response = client.get(download)
    assert 'filename="action-plan-' in csv_response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0][:3] == ["What", "Why", "Who by"]
    assert [row[0] for row in rows[1:]] == ["Smoke-free homes pledge", "Open a walking group"]
    assert "Route agreed" in rows[2][8]
    xlsx = client.get(download.replace("plan.csv", "plan.xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "Smoke-free homes pledge"
    bad = download.replace("plan.csv", "plan.pdf")
    assert client.get(bad).status_code == 404

    planning_actions.plan_action_update(by=owner, action=walking, status="done")
    planning_actions.plan_action_remove(by=owner, action=pledge)
    planning_actions.plan_action_add(
        by=owner, partnership=partnership, title="Parkrun", due_date=datetime.date(2027, 5, 1)
    )
    compare = client.get(reverse("reports:snapshot_compare", args=[partnership.slug, snapshot.pk]))
    assert compare.status_code == 200
    assert "1 is done" in compare.text and "1 was removed" in compare.text
    assert "1 action was added since" in compare.text
    assert "Status changed from On track to Done" in compare.text
    assert compare.context["report_changes"].changed


def test_compare_with_a_later_snapshot(client, owner, partnership):
    walking, _pledge = _plan(owner, partnership)
    first = _take(owner, partnership, label="March")
    planning_actions.plan_action_update(by=owner, action=walking, status="at_risk")
    second = actions.report_snapshot_take(
        by=owner, partnership=partnership, label="June", today=datetime.date(2026, 6, 2)
    )
    client.force_login(owner)
    url = reverse("reports:snapshot_compare", args=[partnership.slug, first.pk])
    response = client.get(url, {"against": str(second.pk)})
    assert response.status_code == 200
    assert response.context["against"] == second
    assert "1 is at risk" in response.context["plan"].summary
    bad = client.get(url, {"against": "999999"})
    assert bad.status_code == 400
    assert "Select a later frozen version from the list" in bad.text
    # the later snapshot offers nothing later to compare with
    later = client.get(reverse("reports:snapshot_compare", args=[partnership.slug, second.pk]))
    assert later.context["form"].fields["against"].choices == [("", "The report and plan now")]


def test_a_word_file_of_a_frozen_version_shows_the_plan_as_committed(
    client, owner, viewer, partnership, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    walking, _pledge = _plan(owner, partnership)
    snapshot = _take(owner, partnership)
    planning_actions.plan_action_update(by=owner, action=walking, status="done")
    client.force_login(viewer)
    url = reverse("reports:snapshot_render_create", args=[partnership.slug, snapshot.pk])
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Select whether you want a PDF or a Word document" in refused.text
    assert not ReportRender.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "docx"})
    render = ReportRender.objects.get()
    assert render.snapshot == snapshot and render.status == "done"
    event = AuditEvent.objects.get(verb="report.render_requested")
    assert event.target_label == "the frozen version Board meeting 3 March as a Word document"
    status = client.get(response.url)
    assert "Drawn from the frozen version" in status.text
    download = client.get(
        reverse("reports:report_render_download", args=[partnership.slug, render.pk])
    )
    assert (
        f"summary-report-{partnership.slug}-frozen-board-meeting-3-march-2026-03-03.docx"
        in (download["Content-Disposition"])
    )
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    plan_table = next(t for t in document.tables if t.rows[0].cells[0].text == "What")
    walking_row = next(r for r in plan_table.rows if r.cells[0].text == "Open a walking group")
    assert "On track" in [cell.text for cell in walking_row.cells]
    # the live report's recent files leave out the frozen version's
    live = client.get(reverse("reports:report_home", args=[partnership.slug]))
    assert list(live.context["renders"]) == []


def test_a_file_of_another_partnerships_snapshot_is_refused(owner, partnership, outsider):
    snapshot = _take(owner, partnership)
    theirs = partnership_actions.partnership_create(by=outsider, name="Their partnership")
    with pytest.raises(NotAllowed):
        actions.report_render_request(
            by=outsider, partnership=theirs, kind="pdf", snapshot=snapshot
        )
    assert not ReportRender.objects.exists()


def test_deleting_a_snapshot_deletes_the_files_drawn_from_it(
    owner, partnership, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    snapshot = _take(owner, partnership)
    with django_capture_on_commit_callbacks(execute=True):
        actions.report_render_request(
            by=owner, partnership=partnership, kind="docx", snapshot=snapshot
        )
    render = ReportRender.objects.get()
    stored = tmp_path / "media" / render.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.report_snapshot_delete(by=owner, snapshot=snapshot)
    assert not ReportRender.objects.exists()
    assert not stored.exists()


def test_a_snapshot_compared_at_once_with_now_shows_no_change(client, owner, partnership):
    _plan(owner, partnership)
    snapshot = actions.report_snapshot_take(by=owner, partnership=partnership, label="Today")
    client.force_login(owner)
    response = client.get(reverse("reports:snapshot_compare", args=[partnership.slug, snapshot.pk]))
    assert response.context["report_changes"].changed == ()
    assert "No heading of the report has changed." in response.text
    assert response.context["plan"].summary.endswith(
        "1 is on track and 1 has not started; no actions were added since."
    )


def test_the_demo_holds_one_illustrative_frozen_version_however_often_it_is_built(settings):
    from placematters.demo.builder import build_demo
    from placematters.demo.reports import SNAPSHOT_LABEL

    settings.DEMO_PASSWORD = "illustrative-demo-passphrase"
    demo = build_demo().partnership
    build_demo()
    snapshot = Snapshot.objects.get(partnership=demo)
    assert snapshot.label == SNAPSHOT_LABEL
    assert report_from_dict(snapshot.report).illustrative
    assert len(snapshot.plan) == demo.plan_actions.count()
    assert report_from_dict(snapshot.report).empty_headings == 0
