"""Small helpers for the plain-English sentences every tool writes (pages and the report)."""

from collections.abc import Sequence


def count_phrase(
    count: int, singular: str, plural: str | None = None, *, opens_line: bool = False
) -> str:
    """'1 asset', '3 assets', '0 assets', using the given plural when it is irregular.

    ``opens_line``: a zero count reads 'No assets', for a phrase that starts a line.
    """
    noun = singular if count == 1 else (plural or f"{singular}s")
    if count == 0 and opens_line:
        return f"No {noun}"
    return f"{count} {noun}"


def join_words(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
