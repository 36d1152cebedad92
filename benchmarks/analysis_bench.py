"""Time to compute benchmarks, trends and SII for every district in England, one indicator.

Run from the repository root::

    .venv/bin/python benchmarks/analysis_bench.py
    .venv/bin/python benchmarks/analysis_bench.py --districts 309 --years 10 --repetitions 100000

No real file holds every district by deprivation decile, so the data are generated and
illustrative (seeded, ``numpy.random.default_rng(20261121)``): one directly standardised rate
for England and ``--districts`` districts, each with a total and 10 within-district
deprivation deciles (counts, denominators, values and Byar's-style 95% limits) for ``--years``
years. It times, without a database, what the import computes once and stores:

1. comparison of every district's total with England (:func:`placematters.stats.compare`);
2. the recent trend of every series (:func:`placematters.analysis.compute.trend_frame`);
3. gap, ratio, SII and RII with simulated 95% limits for every district-year
   (:func:`placematters.analysis.compute.inequality_frame`, the default 100,000 repetitions).

It prints the seconds; nothing asserts on time. The database side (the import storing rows,
then ``analysis_refresh``) is timed by ``benchmarks/import_indicators_bench.py``, whose import
now includes the analysis.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placematters.settings")

from placematters import stats
from placematters.analysis import compute

DECILES = [
    "Most deprived decile", "Second most deprived decile", "Third more deprived decile",
    "Fourth more deprived decile", "Fifth more deprived decile", "Fifth less deprived decile",
    "Fourth less deprived decile", "Third less deprived decile", "Second least deprived decile",
    "Least deprived decile",
]  # fmt: skip
CATEGORY_TYPE = "LSOA11 deprivation deciles within area (IMD2019)"


def generate(districts: int, years: int, rng: np.random.Generator) -> pd.DataFrame:
    codes = ["E92000001", *(f"E07{number:06d}" for number in range(districts))]
    frames = []
    for year in range(2015, 2015 + years):
        for category in ["", *DECILES]:
            n = len(codes)
            population = rng.integers(8_000, 40_000, n).astype(float)
            if category == "":
                population *= 10
            rank = DECILES.index(category) if category else 4.5
            rate = 1200 - 40 * rank + rng.normal(0, 30, n) - 5 * (year - 2015)
            count = rng.poisson(rate * population / 100_000).astype(float)
            value = count / population * 100_000
            result = stats.rate(count, population, multiplier=100_000)
            frames.append(
                pd.DataFrame(
                    {
                        "indicator_id": 1, "area_code": codes, "period": str(year),
                        "period_sortable": year * 10_000, "sex": "Persons", "age": "All ages",
                        "category_type": CATEGORY_TYPE if category else "",
                        "category": category, "count": count, "denominator": population,
                        "value": value, "lower_95": result.lower, "upper_95": result.upper,
                    }
                )
            )  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=309)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repetitions", type=int, default=compute.SII_REPETITIONS)
    options = parser.parse_args()
    frame = generate(options.districts, options.years, np.random.default_rng(20261121))
    meta = {1: {"value_type": "dsr", "polarity": "lower_is_better", "multiplier": 100_000}}
    print(f"{len(frame):,} observations: England and {options.districts} districts, "
          f"{options.years} years, total + 10 deciles (illustrative, generated)")  # fmt: skip

    started = time.perf_counter()
    totals = frame[frame["category"] == ""]
    england = totals[totals["area_code"] == "E92000001"].set_index("period")["value"]
    labels = stats.compare(
        totals["lower_95"].to_numpy(),
        totals["upper_95"].to_numpy(),
        totals["period"].map(england).to_numpy(),
        "lower is better",
        value=totals["value"].to_numpy(),
    )
    compared = time.perf_counter() - started

    started = time.perf_counter()
    trends = compute.trend_frame(frame, meta)
    trended = time.perf_counter() - started

    started = time.perf_counter()
    inequality = compute.inequality_frame(frame, meta, repetitions=options.repetitions)
    unequal = time.perf_counter() - started

    print(f"comparison with England: {len(labels):,} rows in {compared:.3f} s")
    print(f"recent trends:           {len(trends):,} series in {trended:.3f} s")
    print(
        f"gap, ratio, SII and RII: {len(inequality):,} district-years "
        f"({int(inequality['sii'].notna().sum()):,} with an SII, {options.repetitions:,} "
        f"repetitions) in {unequal:.3f} s"
    )
    print(f"total: {compared + trended + unequal:.3f} s")


if __name__ == "__main__":
    main()
