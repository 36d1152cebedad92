"""Display wording for the logic model (small pure functions, unit-tested)."""

from placematters.logic_model.chain import LABELS

CONFIDENCE_WORDS = {
    "high": "High confidence",
    "medium": "Medium confidence",
    "low": "Low confidence",
    "untested": "Assumption untested",
}


def kind_label(kind: str) -> str:
    return LABELS.get(kind, kind)


def confidence_words(confidence: str) -> str:
    return CONFIDENCE_WORDS.get(confidence, confidence)


def measure_words(indicator_name: str, measure: str) -> str:
    """How an element is measured, in words: the indicator, the text, both, or 'No measure'."""
    parts = [f"Indicator: {indicator_name}" if indicator_name else "", measure]
    return "; ".join(part for part in parts if part) or "No measure"


def link_words(target_title: str, confidence: str, evidence: str, evidence_url: str) -> str:
    """One 'leads to' entry: 'Healthier homes (High confidence; evidence: …)'."""
    detail = [confidence_words(confidence)]
    if evidence or evidence_url:
        detail.append("evidence: " + " ".join(part for part in (evidence, evidence_url) if part))
    else:
        detail.append("no evidence given")
    return f"{target_title} ({'; '.join(detail)})"


def model_summary(element_count: int, link_count: int, warning_count: int) -> str:
    """The summary paragraph for the final report."""
    if not element_count:
        return "The partnership has not yet drafted its logic model."
    elements = f"{element_count} element{'s' if element_count != 1 else ''}"
    links = f"{link_count} link{'s' if link_count != 1 else ''}"
    if warning_count:
        checks = (
            f"the checks raise {warning_count} warning{'s' if warning_count != 1 else ''} "
            "still to resolve"
        )
    else:
        checks = "the checks raise no warnings"
    return f"The logic model has {elements} and {links} between them; {checks}."
