"""The reviewed OBA prompts and Making Data Count icon meanings (``content/oba.yaml``)."""

from functools import cache
from pathlib import Path

from placematters.web.content import read_reviewed, words

CONTENT_FILE = Path(__file__).parent / "content" / "oba.yaml"


@cache
def load_oba() -> dict:
    """The content as a dict: source, review_date, categories, questions, worksheet,
    variation and assurance (each a mapping from the stats code to its meaning)."""
    raw = read_reviewed(CONTENT_FILE)
    raw["source"] = words(raw["source"])
    return raw
