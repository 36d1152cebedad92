"""One of everything a summary-report URL can point at, for the URL walk."""

from placematters.reports import actions


def reports_world(owner, partnership) -> dict:
    """A report file asked for through the real action; in a walk it stays waiting, because the
    queued task only runs when the transaction commits."""
    render = actions.report_render_request(by=owner, partnership=partnership, kind="pdf")
    return {"render_id": render.pk}
