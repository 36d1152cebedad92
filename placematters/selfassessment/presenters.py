"""Words and tags for the self-assessment pages and report."""

from placematters.selfassessment.models import Rating

RATING_TAGS = {
    Rating.NOT_STARTED: "govuk-tag--grey",
    Rating.DEVELOPING: "govuk-tag--orange",
    Rating.ESTABLISHED: "govuk-tag--blue",
    Rating.EMBEDDED: "govuk-tag--green",
}
NOT_RATED_LABEL = "Not rated yet"

#: What each rating means, shown as hints on the rating form (our own words).
RATING_HINTS = {
    Rating.NOT_STARTED: "The partnership has not begun work on this step.",
    Rating.DEVELOPING: "Some work has begun, but it is patchy or depends on a few people.",
    Rating.ESTABLISHED: "The step is agreed and done across most partners, with evidence.",
    Rating.EMBEDDED: "The step is routine: written into plans, budgets and how partners work, "
    "and it would carry on if the people leading it moved on.",
}


def rating_tag(rating: str | None) -> dict:
    """The label and GOV.UK tag class of a rating (a step with no rating row is not rated)."""
    if not rating:
        return {"label": NOT_RATED_LABEL, "css": "govuk-tag--grey"}
    return {"label": Rating(rating).label, "css": RATING_TAGS[Rating(rating)]}


def evidence_summary(evidence: str, limit: int = 160) -> str:
    """The evidence on one line, cut at a word boundary to about ``limit`` characters."""
    text = " ".join(evidence.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def summary_paragraph(counts: dict[str, int], total: int) -> str:
    """One sentence on where the partnership stands across the twelve steps."""
    rated = total - counts.get("not_rated", 0)
    if not rated:
        return f"The partnership has not yet rated itself against any of the {total} steps."
    parts = [
        f"{counts[key]} {label.lower()}"
        for key, label in (
            ("embedded", "Embedded"),
            ("established", "Established"),
            ("developing", "Developing"),
            ("not_started", "Not started"),
        )
        if counts.get(key)
    ]
    sentence = f"The partnership has rated itself against {rated} of the {total} steps: "
    sentence += ", ".join(parts) + "."
    if counts.get("not_rated"):
        waiting = counts["not_rated"]
        sentence += f" {waiting} {'is' if waiting == 1 else 'are'} not rated yet."
    return sentence
