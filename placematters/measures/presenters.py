"""Display formatting for results, measures and their SPC signals (pure functions)."""

import datetime
import math

import numpy as np

from placematters.measures.content import load_oba

SHAPES = {
    "common_cause": "circle",
    "special_cause_improvement": "square",
    "special_cause_concern": "triangle",
    "special_cause_neither": "diamond",
}
"""How each kind of point is drawn: special causes differ by shape, not only by colour."""

SHORT_VARIATION = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neither": "Special cause",
    "missing": "No value",
}
SHORT_ASSURANCE = {
    "consistently_passing": "Target consistently met",
    "consistently_failing": "Target consistently missed",
    "hit_and_miss": "Target hit and miss",
}


def number_text(value: float | None, unit: str = "") -> str:
    """A value for display: up to two decimals, thousands separated, with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "No value"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def plain_number(value: float | None) -> str:
    """A stored number as typed back into a form: every digit kept, no exponent, no commas
    ('' for none)."""
    if value is None:
        return ""
    return np.format_float_positional(value, trim="-")


def period_text(period: datetime.date) -> str:
    return period.strftime("%b %Y")


def variation_text(code: str | None) -> str:
    """The short label of a Making Data Count variation icon ('' for none)."""
    return SHORT_VARIATION.get(code or "", "")


def variation_meaning(code: str | None) -> str:
    return load_oba()["variation"].get(code or "", "")


def assurance_text(code: str | None) -> str:
    return SHORT_ASSURANCE.get(code or "", "No target" if code is None else "")


def assurance_meaning(code: str | None) -> str:
    return load_oba()["assurance"].get(code or "", "")


def rules_text(*, beyond_limits: bool, run: bool, trend: bool, two_of_three: bool) -> str:
    """Which special-cause rules a point meets, in words ('' for none)."""
    words = [
        text
        for met, text in (
            (beyond_limits, "beyond a process limit"),
            (run, "part of a run on one side of the mean"),
            (trend, "part of a trend"),
            (two_of_three, "two of three near a limit"),
        )
        if met
    ]
    return "; ".join(words).capitalize()


def trend_text(label: str) -> str:
    return label or "No trend stored"


def change_text(baseline: float | None, latest: float | None, unit: str = "") -> str:
    """'Up 3.2 % since the baseline', 'Down 1', 'No change', or '' without both values."""
    if baseline is None or latest is None:
        return ""
    change = latest - baseline
    if abs(change) < 1e-12:
        return "No change since the baseline"
    direction = "Up" if change > 0 else "Down"
    return f"{direction} {number_text(abs(change), unit)} since the baseline"
