"""Display formatting for results, measures and their SPC signals (pure functions)."""

import datetime
import math
import re

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


_CALENDAR = re.compile(r"^(\d{4})$")
_FINANCIAL = re.compile(r"^(\d{4})/(\d{2})$")
_CALENDAR_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{2}|\d{4})$")
_FINANCIAL_SPAN = re.compile(r"^(\d{4})/\d{2}\s*-\s*(\d{2})/(\d{2})$")
_FINANCIAL_QUARTER = re.compile(r"^(\d{4})/\d{2}\s*Q([1-4])$")
_YEAR = re.compile(r"\d{4}")


def _later_year(first: int, written: str) -> int:
    """The year a period ends written in two or four digits ('19' after 2017 is 2019)."""
    if len(written) == 4:
        return int(written)
    year = first // 100 * 100 + int(written)
    return year if year >= first else year + 100


def period_span(period: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day an indicator's period covers, from the way Fingertips writes
    periods: a calendar year ('2019'), a financial year from 1 April ('2019/20'), rolling
    calendar years ('2017 - 19'), rolling financial years ('2016/17 - 18/19') or a quarter
    of a financial year ('2019/20 Q1' is April to June 2019). Anything else with a year in it
    is taken as that calendar year; None without a year."""
    text = " ".join(str(period).split())
    if found := _CALENDAR.match(text):
        year = int(found[1])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if found := _FINANCIAL.match(text):
        year = int(found[1])
        return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    if found := _CALENDAR_SPAN.match(text):
        first = int(found[1])
        return datetime.date(first, 1, 1), datetime.date(_later_year(first, found[2]), 12, 31)
    if found := _FINANCIAL_SPAN.match(text):
        first = int(found[1])
        return datetime.date(first, 4, 1), datetime.date(_later_year(first, found[3]), 3, 31)
    if found := _FINANCIAL_QUARTER.match(text):
        year, quarter = int(found[1]), int(found[2])
        start_month = 4 + 3 * (quarter - 1)
        start_year = year + (start_month - 1) // 12
        start_month = (start_month - 1) % 12 + 1
        end_year, end_month = divmod(start_year * 12 + start_month + 2, 12)
        start = datetime.date(start_year, start_month, 1)
        return start, datetime.date(end_year, end_month + 1, 1) - datetime.timedelta(days=1)
    if found := _YEAR.search(text):
        year = int(found[0])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return None


def mark_position(periods: list[str], day: datetime.date) -> int | None:
    """Where something that began on ``day`` is marked on a chart of ``periods`` (in time
    order): at the first period that includes the day or starts after it. None when the day
    comes before the first period or after the last one, or a period has no year."""
    spans = [period_span(period) for period in periods]
    if not spans or any(span is None for span in spans) or day < spans[0][0]:
        return None
    return next((i for i, (_start, end) in enumerate(spans) if end >= day), None)


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
