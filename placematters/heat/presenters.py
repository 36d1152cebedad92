"""Small display rules for HEAT: review dates, the unresolved-impact rule, step tags and the
sentences that turn the partnership's own figures into findings. Pure functions."""

import calendar
import datetime

STEP_STATES = {
    "done": ("Completed", ""),
    "draft": ("In progress", "govuk-tag--light-blue"),
    "": ("Not yet started", "govuk-tag--grey"),
}
REVIEW_MONTHS = (6, 12)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_dates(completed_on: datetime.date | None) -> tuple[datetime.date, ...]:
    """The 6- and 12-month review reminders of an assessment completed on ``completed_on``."""
    if completed_on is None:
        return ()
    return tuple(add_months(completed_on, months) for months in REVIEW_MONTHS)


def is_unresolved(effect: str, mitigation: str, mitigating_actions: int = 0) -> bool:
    """Whether a likely impact still needs the partnership's attention (the action plan's flag).

    The rule: only a likely widening of a group's gap is a negative impact, so only it can be
    unresolved ("unknown" is not yet a judgement, and an unknown impact with nothing written is
    not even stored). A widening is resolved when both hold:

    - the assessment says how it will be mitigated (the mitigation text, step 3), and
    - at least one action in the plan is linked to carry the mitigation out.

    An action removed from the plan drops its link, so the widening becomes unresolved again;
    an action's status does not matter (there is no "abandoned" status, and a done action has
    delivered its mitigation). Re-assessing the effect (in a review of a completed assessment,
    whose impacts replace the original's) as narrowing or no change also ends the flag.
    """
    if effect != "widen":
        return False
    return not str(mitigation or "").strip() or mitigating_actions < 1


def missing_for_mitigation(mitigation: str, mitigating_actions: int) -> str:
    """What a widening still lacks before it counts as mitigated, in words ('' when nothing)."""
    written = bool(str(mitigation or "").strip())
    if not written and mitigating_actions < 1:
        return "No mitigation written and no action in the plan"
    if not written:
        return "No mitigation written"
    if mitigating_actions < 1:
        return "No action in the plan carries out the mitigation"
    return ""


def step_tag(state: str) -> tuple[str, str]:
    """The task list's words and tag class for a step's state ('done', 'draft' or '')."""
    return STEP_STATES.get(state or "", STEP_STATES[""])


def number(value: float) -> str:
    return f"{value:,.1f}"


def deprivation_sentence(
    name: str,
    *,
    period: str,
    n_quantiles: int,
    ratio: float | None,
    sii: float | None,
    sii_lower: float | None = None,
    sii_upper: float | None = None,
) -> str:
    """'Under-75 mortality is 2.1 times as high in the most deprived tenth as in the least
    (2021-23; SII 120.4, 95% CI 80.2 to 160.6).' or '' without a ratio."""
    if ratio is None:
        return ""
    part = {10: "tenth", 5: "fifth"}.get(n_quantiles, f"1/{n_quantiles}")
    details = [period] if period else []
    if sii is not None:
        limits = (
            f", 95% CI {number(sii_lower)} to {number(sii_upper)}"
            if sii_lower is not None and sii_upper is not None
            else ""
        )
        details.append(f"SII {number(sii)}{limits}")
    tail = f" ({'; '.join(details)})" if details else ""
    return f"{name} is {ratio:.1f} times as high in the most deprived {part} as in the least{tail}."


def sex_sentence(name: str, *, period: str, male: float | None, female: float | None) -> str:
    """'Under-75 mortality in 2021-23: males 420.1, females 300.2 (1.4 times as high for
    males).' or '' unless both are held."""
    if male is None or female is None:
        return ""
    sentence = f"{name} in {period}: males {number(male)}, females {number(female)}"
    if male > 0 and female > 0 and male != female:
        higher, ratio = ("males", male / female) if male > female else ("females", female / male)
        sentence += f" ({ratio:.1f} times as high for {higher})"
    return sentence + "."


def effect_tag(effect: str, mitigation: str, mitigating_actions: int = 0) -> tuple[str, str]:
    """Words and tag class for a likely impact; an unresolved widening is red and says what it
    lacks (see :func:`is_unresolved`)."""
    if is_unresolved(effect, mitigation, mitigating_actions):
        if not str(mitigation or "").strip():
            return "Widens the gap: no mitigation", "govuk-tag--red"
        return "Widens the gap: no action in the plan", "govuk-tag--red"
    return {
        "widen": ("Widens the gap: mitigated", "govuk-tag--orange"),
        "narrow": ("Narrows the gap", "govuk-tag--green"),
        "no_change": ("No change", "govuk-tag--grey"),
    }.get(effect, ("Unknown", "govuk-tag--grey"))
