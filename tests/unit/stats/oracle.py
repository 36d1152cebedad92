"""Known-answer vectors from the reference implementations (../shared/oracle).

The oracle must be present: the statistics engine is only trusted because it reproduces the
reference, so a run that reads no oracle file fails (it does not skip).
"""

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.shared_files import ORACLE

MISSING = {"NA", "NaN"}
NON_FINITE = {"Inf": math.inf, "-Inf": -math.inf}

cases_run: dict[str, int] = {}
files_read: set[str] = set()


def number(value: Any) -> Any:
    """Oracle cell to Python: "NA"/"NaN" become NaN, "Inf"/"-Inf" become infinities."""
    if isinstance(value, str):
        if value in MISSING:
            return math.nan
        if value in NON_FINITE:
            return NON_FINITE[value]
    return value


def _decode(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _decode(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_decode(value) for value in node]
    return number(node)


@cache
def load(relative: str) -> dict:
    """Load one oracle file, e.g. ``load("phe-methods/rate.json")``, with missing values decoded."""
    path = Path(ORACLE, relative)
    if not path.exists():
        pytest.fail(
            f"oracle file {path} is missing: the statistics tests need ../shared/oracle beside the "
            "clone (or PLACEMATTERS_SHARED pointing at the shared folder)",
            pytrace=False,
        )
    files_read.add(relative)
    return _decode(json.loads(path.read_text()))


def cases(relative: str, function: str | None = None) -> list[dict]:
    """The cases in one phe-methods oracle file, optionally only those of one R function."""
    return [
        case for case in load(relative)["cases"] if function is None or case["function"] == function
    ]


def record(relative: str) -> None:
    """Count one oracle case as run (reported at the end of the session)."""
    cases_run[relative] = cases_run.get(relative, 0) + 1


def close(ours: float, expected: float, rel: float = 1e-9, abs_: float = 1e-12) -> bool:
    """Equal within tolerance; two missing values are equal; infinities must match exactly."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return ours is None or (isinstance(ours, float) and math.isnan(ours))
    if isinstance(expected, float) and math.isinf(expected):
        return ours == expected
    return math.isclose(float(ours), float(expected), rel_tol=rel, abs_tol=abs_)
