"""The reviewed OBA prompts and Making Data Count icon meanings (``content/oba.yaml``)."""

from functools import cache
from pathlib import Path

import yaml

CONTENT_FILE = Path(__file__).parent / "content" / "oba.yaml"


@cache
def load_oba() -> dict:
    """The content as a dict: source, review_date, categories, questions, worksheet,
    variation and assurance (each a mapping from the stats code to its meaning)."""
    raw = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    raw["source"] = " ".join(str(raw["source"]).split())
    return raw
