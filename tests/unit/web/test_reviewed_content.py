"""Every reviewed content file carries its review details and sources, and the shared reader
refuses a file that does not."""

from pathlib import Path

import pytest

from placematters.web.content import REVIEW_FIELDS, ContentError, read_reviewed, words

PACKAGE = Path(__file__).resolve().parents[3] / "placematters"
CONTENT_FILES = sorted(PACKAGE.glob("*/content/*.yaml"))


def test_there_is_reviewed_content_to_check():
    assert len(CONTENT_FILES) >= 8


@pytest.mark.parametrize(
    "path", CONTENT_FILES, ids=lambda path: f"{path.parent.parent.name}/{path.name}"
)
def test_every_content_file_has_its_review_details_and_sources(path):
    raw = read_reviewed(path)
    assert all(raw[field] for field in REVIEW_FIELDS)


REVIEWED = """version: "1"
reviewed_by: "Team"
review_date: "2026-11-21"
next_review: "2027-11-21"
source: "A cited source"
"""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (REVIEWED.replace('reviewed_by: "Team"\n', ""), "missing reviewed_by"),
        (REVIEWED.replace('"2027-11-21"', '"2026-01-01"'), "must come after"),
        (REVIEWED.replace('"2026-11-21"', '"21/11/2026"'), "review_date is not a date"),
        (REVIEWED.replace('source: "A cited source"\n', ""), "no source is cited"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_a_file_without_its_review_details_is_refused(tmp_path, text, problem):
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=problem):
        read_reviewed(path)


def test_a_list_whose_every_entry_cites_a_source_is_enough(tmp_path):
    path = tmp_path / "lists.yaml"
    text = REVIEWED.replace('source: "A cited source"\n', "")
    path.write_text(text + "lists:\n  - key: a\n    source: S1\n  - key: b\n    source: S2\n")
    assert read_reviewed(path)["lists"][1]["source"] == "S2"


def test_words_makes_folded_text_single_spaced():
    assert words("  one\n  two   three ") == "one two three"
