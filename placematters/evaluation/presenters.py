"""Display wording for the evaluation framework (small pure functions, unit-tested)."""

from placematters.logic_model.chain import LABELS

RESOURCE_WORDS = {
    "unchecked": "Not yet checked",
    "enough": "Enough",
    "stretched": "Stretched",
    "not_enough": "Not enough",
}


def indicator_label(indicator_name: str, area_code: str, tracks_gap: bool) -> str:
    """A population indicator as offered and shown: 'Smoking prevalence, gap by deprivation
    (SII), E07000147' or 'Smoking prevalence, the area's value, E07000147'."""
    series = "gap by deprivation (SII)" if tracks_gap else "the area's value"
    return f"{indicator_name}, {series}, {area_code}"


def measured_by(measure_name: str, indicator_text: str) -> str:
    """What an outcome will be measured by, in words."""
    parts = [f"Measure: {measure_name}" if measure_name else "",
             f"Indicator: {indicator_text}" if indicator_text else ""]  # fmt: skip
    return "; ".join(part for part in parts if part) or "Not yet chosen"


def resources_words(judgement: str, inputs: list[str]) -> str:
    """The resources check for one outcome: the judgement and the inputs that reach it."""
    reach = f"inputs: {', '.join(inputs)}" if inputs else "no input leads to it"
    return f"{RESOURCE_WORDS.get(judgement, judgement)} ({reach})"


def coverage_sentence(covered: int, total: int) -> str:
    """'3 of 5 outcomes have an evaluation entry.'"""
    if not total:
        return "The logic model has no outcomes to evaluate yet."
    noun = "outcome" if total == 1 else "outcomes"
    verb = "has" if covered == 1 else "have"
    return f"{covered} of {total} {noun} in the logic model {verb} an evaluation entry."


def status_sentence(agreed: bool, agreed_on_text: str, agreed_by: str) -> str:
    if not agreed:
        return "The evaluation framework is a draft: the partnership has not yet agreed it."
    by = f" by {agreed_by}" if agreed_by else ""
    return f"The partnership agreed the evaluation framework on {agreed_on_text}{by}."


def resources_sentence(counts: dict[str, int], no_inputs: int) -> str:
    """The resources check in one sentence for the final report."""
    judged = [
        f"{counts[code]} judged {RESOURCE_WORDS[code].lower()}"
        for code in ("enough", "stretched", "not_enough", "unchecked")
        if counts.get(code)
    ]
    if not judged:
        return "No outcome's resources have been checked yet."
    sentence = "Resources check: " + ", ".join(judged) + "."
    if no_inputs:
        sentence += (
            f" {no_inputs} outcome{'s' if no_inputs != 1 else ''} "
            f"{'have' if no_inputs != 1 else 'has'} no input leading to "
            f"{'them' if no_inputs != 1 else 'it'} in the logic model."
        )
    return sentence


def kind_label(kind: str) -> str:
    return LABELS.get(kind, kind)
