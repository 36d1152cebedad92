"""Display wording for the evaluation framework (small pure functions, unit-tested)."""

from placematters.logic_model.chain import LABELS
from placematters.web.wording import count_phrase, join_words

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
    """'3 of 5 outcomes in the logic model have an evaluation entry.'"""
    if not total:
        return "The logic model has no outcomes to evaluate yet."
    verb = "has" if covered == 1 else "have"
    return (
        f"{covered} of {count_phrase(total, 'outcome')} in the logic model {verb} an "
        "evaluation entry."
    )


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
    sentence = f"Resources check: {join_words(judged)}."
    if no_inputs:
        sentence += (
            f" {count_phrase(no_inputs, 'outcome')} {'has' if no_inputs == 1 else 'have'} no "
            f"input leading to {'it' if no_inputs == 1 else 'them'} in the logic model."
        )
    return sentence


def _of_entries(count: int, entries: int, verb: str) -> str:
    """'1 of 3 evaluation entries tracks', '2 of 3 evaluation entries track'."""
    return (
        f"{count} of {count_phrase(entries, 'evaluation entry', 'evaluation entries')} "
        f"{verb}{'s' if count == 1 else ''}"
    )


def soft_outcomes_sentence(with_soft: int, entries: int) -> str:
    if not entries:
        return "No outcome has an evaluation entry yet, so no soft outcomes are recorded."
    if not with_soft:
        return "No evaluation entry records soft outcomes yet."
    return f"{_of_entries(with_soft, entries, 'record')} soft outcomes."


def equity_sentence(tracking_gap: int, broken_down: int, entries: int) -> str:
    """How many entries track the gap by deprivation and how many name groups for breakdown."""
    if not entries:
        return "No outcome has an evaluation entry yet, so nobody is yet accountable for equity."
    return (
        f"{_of_entries(tracking_gap, entries, 'track')} the gap by deprivation; "
        f"{_of_entries(broken_down, entries, 'name')} the groups the figure is broken down by."
    )


def kind_label(kind: str) -> str:
    return LABELS.get(kind, kind)
