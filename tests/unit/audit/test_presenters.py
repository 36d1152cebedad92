"""Audit events read as sentences, with no server paths."""

import re
from pathlib import Path

from placematters.audit.models import AuditEvent
from placematters.audit.presenters import VERB_PHRASES, present_event
from placematters.indicators.models import ImportBatch

ACTION_WORDS = {
    "added", "created", "deleted", "derived", "imported", "joined", "left", "marked",
    "queued", "removed", "revoked", "seeded", "sent", "unmarked", "updated",
    "batch_deleted", "import_deleted", "import_queued", "organisation_changed", "role_changed",
}  # fmt: skip


def test_an_import_reads_as_a_sentence_naming_only_the_file():
    batch = ImportBatch(kind="indicators", source_file="/tmp/upload-x1/smoking.csv")
    event = AuditEvent(
        verb="indicators.imported",
        target_label=str(batch),
        after={"source_file": "smoking.csv", "observations": 120},
    )
    presented = present_event(event)
    assert presented.phrase == "imported indicator data:"
    assert presented.subject == "indicators import of smoking.csv"
    assert "/tmp" not in presented.subject
    assert [(c.field, c.after) for c in presented.changes] == [
        ("File", "smoking.csv"),
        ("Rows", "120"),
    ]


def test_every_verb_the_code_records_has_a_phrase():
    package = Path(__file__).resolve().parents[3] / "placematters"
    verbs = set()
    for path in package.rglob("*.py"):
        verbs |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', path.read_text()))
    recorded = {verb for verb in verbs if verb.split(".")[1] in ACTION_WORDS}
    missing = sorted(recorded - set(VERB_PHRASES))
    assert not missing, f"add phrases for: {missing}"
