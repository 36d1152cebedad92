"""One of everything a summary-report URL can point at, for the URL walk."""

import datetime

from placematters.reports import actions


def reports_world(owner, partnership) -> dict:
    """A report file asked for through the real action (in a walk it stays waiting, because the
    queued task only runs when the transaction commits) and a frozen version of the report and
    plan, taken through the real action."""
    render = actions.report_render_request(by=owner, partnership=partnership, kind="pdf")
    snapshot = actions.report_snapshot_take(
        by=owner,
        partnership=partnership,
        label="World board meeting",
        note="Agreed at the world board",
        today=datetime.date(2026, 3, 3),
    )
    return {"render_id": render.pk, "snapshot_id": snapshot.pk}
