"""An illustrative frozen version of the demo's summary report and action plan.

Taken through the real action once every other tool's demo content is in place, so the demo's
list of frozen versions is not empty and its comparison page has something to compare. Loading
is idempotent: nothing is taken once a version of this name exists.
"""

import datetime

from placematters.partnerships.models import Partnership
from placematters.reports import actions
from placematters.reports.models import Snapshot

SNAPSHOT_LABEL = "Partnership board (illustrative)"
SNAPSHOT_NOTE = (
    "The report and plan as the board agreed them when the demo was set up (illustrative)."
)


def demo_reports_load(*, partnership: Partnership, by, today: datetime.date) -> None:
    if Snapshot.objects.filter(partnership=partnership, label=SNAPSHOT_LABEL).exists():
        return
    actions.report_snapshot_take(
        by=by, partnership=partnership, label=SNAPSHOT_LABEL, note=SNAPSHOT_NOTE, today=today
    )
