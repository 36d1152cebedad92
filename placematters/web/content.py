"""Reading reviewed content: the YAML files under each app's ``content/`` folder.

Every such file says who reviewed it and when, and when it is next due for review
(``version``, ``reviewed_by``, ``review_date``, ``next_review``), and cites its sources. The
apps' own loaders turn the dictionary into their dataclasses; this module does the reading and
the checks they all share, so a file missing its review details fails loudly at start-up rather
than showing unreviewed text.
"""

import datetime
from pathlib import Path

import yaml

REVIEW_FIELDS = ("version", "reviewed_by", "review_date", "next_review")


class ContentError(ValueError):
    """A reviewed content file is missing its review details or cannot be read."""


def words(value: object) -> str:
    """Text from a folded YAML block with its line breaks and runs of spaces made single."""
    return " ".join(str(value).split())


def _date(path: Path, raw: dict, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(raw[field]))
    except ValueError as error:
        raise ContentError(f"{path.name}: {field} is not a date (YYYY-MM-DD)") from error


def read_reviewed(path: Path) -> dict:
    """The content file at ``path`` as a dictionary, after checking its review details.

    Raises :class:`ContentError` when a review field is missing, a date is not a date, the next
    review is not after the review, or the file cites no source (a top-level ``source`` or
    ``sources``, or a ``source`` on every entry of its first list).
    """
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ContentError(f"{path.name}: expected a mapping at the top level")
    missing = [field for field in REVIEW_FIELDS if not raw.get(field)]
    if missing:
        raise ContentError(f"{path.name}: missing {', '.join(missing)}")
    if _date(path, raw, "next_review") <= _date(path, raw, "review_date"):
        raise ContentError(f"{path.name}: next_review must come after review_date")
    if not (raw.get("source") or raw.get("sources") or _every_entry_cites(raw)):
        raise ContentError(f"{path.name}: no source is cited")
    return raw


def _every_entry_cites(raw: dict) -> bool:
    lists = [value for value in raw.values() if isinstance(value, list) and value]
    return bool(lists) and all(
        isinstance(entry, dict) and entry.get("source") for entry in lists[0]
    )
