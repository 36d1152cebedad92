"""Plain-English sentences about an indicator in an area, generated from the data.

Pure functions of numbers and labels (no database), so that the wording is unit-tested. The
rule for significance language: "significantly" only where the stored interval comparison says
the difference is significant (better/worse/higher/lower), or where the SII's interval
excludes zero; "similar to" where the interval includes the benchmark; and no judgement at all
where there is no comparison.
"""

from __future__ import annotations

import math

COMPARISON_PHRASES = {
    "better": "significantly better than",
    "worse": "significantly worse than",
    "higher": "significantly higher than",
    "lower": "significantly lower than",
    "similar": "similar to",
}
QUINTILE_PHRASES = {
    "best": "in the best fifth of areas of its type",
    "better": "in the second-best fifth of areas of its type",
    "middle": "in the middle fifth of areas of its type",
    "worse": "in the second-worst fifth of areas of its type",
    "worst": "in the worst fifth of areas of its type",
    "lowest": "in the lowest fifth of areas of its type",
    "low": "in the second-lowest fifth of areas of its type",
    "high": "in the second-highest fifth of areas of its type",
    "highest": "in the highest fifth of areas of its type",
}
TREND_SENTENCES = {
    "Cannot be calculated": (
        "A recent trend cannot be calculated: it needs five periods with confidence intervals."
    ),
    "No significant change": "There has been no significant change in the recent trend.",
}


def format_value(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """'80.1 years', '12.3%', '45.2 per 100,000', '1,234.5'; 'not available' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    text = f"{value:,.{decimals}f}"
    unit = (unit or "").strip()
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def indicator_phrase(name: str) -> str:
    """The indicator's name for use mid-sentence: first letter lower-cased unless it is an
    acronym ("Life expectancy at birth" -> "life expectancy at birth"; "NHS Health Checks"
    stays)."""
    name = " ".join(name.split())
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def comparison_phrase(label: str) -> str | None:
    """How a stored comparison label reads in a sentence, or None when there is none."""
    label = (label or "").strip().lower()
    words = label.split()
    if not words:
        return None
    if len(words) == 2 and words[1] in ("95%", "99.8%") and words[0] in COMPARISON_PHRASES:
        phrase = COMPARISON_PHRASES[words[0]]
        if words[0] == "similar":
            return phrase
        return f"{phrase} (at {words[1]} confidence)"
    if label in COMPARISON_PHRASES:
        return COMPARISON_PHRASES[label]
    if label in QUINTILE_PHRASES:
        return QUINTILE_PHRASES[label]
    return None


def value_sentence(
    *,
    indicator_name: str,
    area_name: str,
    period: str,
    sex: str,
    value: float | None,
    unit: str,
    compared_to_england: str,
    england_value: float | None,
    decimals: int = 1,
) -> str:
    """E.g. "In 2021-23, life expectancy at birth for males in North Norfolk was 80.1 years,
    similar to England (79.3)." """
    who = "" if sex in ("", "Persons") else f" for {sex.lower()}s"
    subject = f"In {period}, {indicator_phrase(indicator_name)}{who} in {area_name}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{subject} is not available."
    sentence = f"{subject} was {format_value(value, unit, decimals)}"
    england = format_value(england_value, "", decimals)
    phrase = comparison_phrase(compared_to_england)
    if phrase is not None and phrase.startswith("in the "):
        return f"{sentence}, {phrase}."
    if phrase is not None and england_value is not None:
        phrase, _, level = phrase.partition(" (at ")
        level = f" (at {level}" if level else ""
        return f"{sentence}, {phrase} England ({england}){level}."
    if england_value is not None:
        return f"{sentence}; England's was {england} (not compared for significance)."
    return f"{sentence}."


def inequality_sentence(
    *,
    n_quantiles: int,
    place: str,
    period: str,
    most_deprived_value: float | None,
    least_deprived_value: float | None,
    sii: float | None,
    sii_lower: float | None,
    sii_upper: float | None,
    unit: str,
    decimals: int = 1,
) -> str | None:
    """E.g. "In 2015, the value was lower in the most deprived tenth of England (69.6 per
    100,000) than in the least deprived tenth (98.0 per 100,000), a gap of 28.4 per 100,000;
    the slope index of inequality was 30.1 per 100,000 (95% CI 28.0 to 32.2)."

    ``sii`` is most minus least deprived (as stored); the sentence gives its size and says
    which end is higher. "significantly" is never used for the gap itself (it has no interval);
    an SII whose interval includes zero is said to show no significant slope.
    """
    if most_deprived_value is None or least_deprived_value is None:
        return None
    tenths = {10: "tenth", 5: "fifth"}.get(n_quantiles, "group")
    gap = most_deprived_value - least_deprived_value
    direction = "higher" if gap > 0 else "lower"
    most = format_value(most_deprived_value, unit, decimals)
    least = format_value(least_deprived_value, unit, decimals)
    if gap == 0:
        sentence = (
            f"In {period}, the value was the same in the most and least deprived {tenths}s "
            f"of {place} ({most})"
        )
    else:
        sentence = (
            f"In {period}, the value was {direction} in the most deprived {tenths} of {place} "
            f"({most}) than in the least deprived {tenths} ({least}), a gap of "
            f"{format_value(abs(gap), unit, decimals)}"
        )
    if sii is None or (isinstance(sii, float) and math.isnan(sii)):
        return sentence + "."
    size = format_value(abs(sii), unit, decimals)
    if sii_lower is None or sii_upper is None:
        return f"{sentence}; the slope index of inequality was {size}."
    low, high = (sii_lower, sii_upper) if sii >= 0 else (-sii_upper, -sii_lower)
    interval = f"95% CI {format_value(low, '', decimals)} to {format_value(high, '', decimals)}"
    if sii_lower <= 0 <= sii_upper:
        return (
            f"{sentence}; the slope index of inequality was {size} ({interval}), so across all "
            f"the {tenths}s there is no significant slope with deprivation."
        )
    steeper = "higher" if sii > 0 else "lower"
    return (
        f"{sentence}; the slope index of inequality was {size} ({interval}): across all the "
        f"{tenths}s the value is significantly {steeper} where deprivation is greater."
    )


def trend_sentence(label: str) -> str | None:
    """E.g. "The recent trend is increasing and getting better." (None without a trend)."""
    if not label:
        return None
    if label in TREND_SENTENCES:
        return TREND_SENTENCES[label]
    return f"The recent trend is {label.lower()}."


#: How each measure is named in the sentence ("gap": the plain difference, no name needed).
MEASURE_NAMES = {"sii": " (slope index of inequality)", "gap": ""}


def gap_change_sentence(
    *,
    n_quantiles: int,
    measure: str,
    first_period: str,
    latest_period: str,
    first_value: float,
    latest_value: float,
    difference: float,
    lower: float,
    upper: float,
    significant: bool,
    unit: str,
    decimals: int = 1,
) -> str:
    """E.g. "The gap between the most and least deprived tenths (slope index of inequality)
    is 5.2% in 2019 and has widened significantly since 2017, when it was 3.1% (change 2.1,
    95% CI 0.8 to 3.4)."

    ``measure`` is "sii" or "gap"; values are most minus least deprived, ``difference`` is
    latest minus first with its 95% interval (Altman & Bland's test). Sizes are given without
    their sign, and so is the change when both gaps are negative (a change of +2 is then a
    gap 2 wider). "widened" or "narrowed" only when ``significant`` (the interval of the change
    excludes zero); a significant change of sign is "reversed"; otherwise "has not changed
    significantly".
    """
    tenths = {10: "tenth", 5: "fifth"}.get(n_quantiles, "group")
    name = MEASURE_NAMES.get(measure, f" ({measure})")
    if latest_value < 0 and first_value <= 0:  # the gap is negative: give the change in size
        difference, lower, upper = -difference, -upper, -lower
    now = format_value(abs(latest_value), unit, decimals)
    then = format_value(abs(first_value), unit, decimals)
    interval = (
        f"change {format_value(difference, '', decimals)}, 95% CI "
        f"{format_value(lower, '', decimals)} to {format_value(upper, '', decimals)}"
    )
    subject = (
        f"The gap between the most and least deprived {tenths}s{name} is {now} in {latest_period}"
    )
    if not significant:
        return (
            f"{subject} and has not changed significantly since {first_period}, when it was "
            f"{then} ({interval})."
        )
    if first_value * latest_value < 0:
        verb = "reversed significantly"
    elif abs(latest_value) > abs(first_value):
        verb = "widened significantly"
    else:
        verb = "narrowed significantly"
    return f"{subject} and has {verb} since {first_period}, when it was {then} ({interval})."
