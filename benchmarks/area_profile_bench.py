"""Server time of the area profile page with 50 indicators (issue 4's aim: under 300 ms).

Run from the repository root::

    .venv/bin/python benchmarks/area_profile_bench.py
    .venv/bin/python benchmarks/area_profile_bench.py --requests 50

Everything happens in a throwaway SQLite database in a temporary folder (``DATABASE_URL`` is
set to it whatever the environment says), through the real commands and actions:

1. Writes an ONS-style lookup (``CTYUA19CD, CTYUA19NM, RGN19CD, RGN19NM, CTRY19CD,
   CTRY19NM``) of 150 county/UA areas in 9 regions in England, and imports it with
   ``import_geography``: the areas and their parent links.
2. Generates a Fingertips-format CSV, seeded (``numpy.random.default_rng(20261122)``): 50
   illustrative indicators (25 percentages, 25 crude rates per 100,000) x 3 years x England,
   the 9 regions and the 150 county/UA areas, Persons, All ages, with binomial counts,
   denominators and values (the import computes the 95% limits), and imports it with
   ``import_indicators``, which also computes the comparisons and trends (three years are too
   few for a recent trend, so every trend reads "Cannot be calculated").
3. Creates an owner and a partnership with ``account_create`` and ``partnership_create``.
4. Times ``GET /p/<slug>/data/areas/<county code>/`` (``analysis:area_profile``) through
   ``django.test.Client`` signed in with ``force_login``: the first (cold) request, then the
   median, minimum and maximum of ``--requests`` warm ones; and
   ``placematters.analysis.queries.area_profile`` alone, the same way.

The area and indicator names and all numbers are generated, not real. The areas are a rough
mix of upper-tier types (E10 counties, E06 unitary authorities, E08 metropolitan districts,
E09 London boroughs); the county profiled is compared with England's range among counties.
The cold request includes what a fresh process does once (template compilation, first use of
lazily imported modules); the warm ones are what a running server does. Static files use the
plain storage, as the tests do, since the manifest storage needs ``collectstatic`` first.
It prints one table and whether the aim is met; nothing asserts on time. Computing benchmarks
and SII for every district is timed by ``analysis_bench.py``, import throughput by
``import_indicators_bench.py`` and ``import_geography_bench.py``.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261122
AIM_MS = 300
YEARS = [2021, 2022, 2023]
INDICATORS = 50
ENGLAND = "E92000001"
REGIONS = [f"E120000{i:02d}" for i in range(1, 10)]
# A rough mix of upper-tier areas: 25 counties, 56 unitaries, 36 metropolitan districts and
# 33 London boroughs (all in the London region, E12000007).
COUNTIES = (
    [f"E10{i:06d}" for i in range(25)]
    + [f"E06{i:06d}" for i in range(56)]
    + [f"E08{i:06d}" for i in range(36)]
    + [f"E09{i:06d}" for i in range(33)]
)
HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name",
    "Area Type", "Sex", "Age", "Category Type", "Category", "Time period", "Value",
    "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit",
    "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to Region value or percentiles",
    "Time period Sortable", "New data", "Compared to goal",
]  # fmt: skip


def _region_of(index: int, code: str) -> str:
    if code.startswith("E09"):
        return "E12000007"
    return REGIONS[index % 9]


def write_lookup(path: Path) -> None:
    """An ONS-style county/UA → region → country lookup of the generated areas."""
    frame = pd.DataFrame(
        {
            "CTYUA19CD": COUNTIES,
            "CTYUA19NM": [f"Generated area {code}" for code in COUNTIES],
            "RGN19CD": [_region_of(i, code) for i, code in enumerate(COUNTIES)],
        }
    )
    frame["RGN19NM"] = "Generated region " + frame["RGN19CD"]
    frame["CTRY19CD"] = ENGLAND
    frame["CTRY19NM"] = "England"
    frame.to_csv(path, index=False)


def write_indicators(path: Path, rng: np.random.Generator) -> int:
    """A Fingertips-format CSV of the generated indicators; returns its row count."""
    codes = [ENGLAND, *REGIONS, *COUNTIES]
    parents = ["", *[ENGLAND] * len(REGIONS)]
    parents += [_region_of(i, code) for i, code in enumerate(COUNTIES)]
    types = ["England", *["Region"] * len(REGIONS), *["County & UA"] * len(COUNTIES)]
    frames = []
    for number in range(INDICATORS):
        rate = number % 2 == 1
        name = (
            f"Generated indicator {number + 1:02d}: emergency admissions, crude rate per 100,000"
            if rate
            else f"Generated indicator {number + 1:02d}: percentage of adults (illustrative)"
        )
        multiplier = 100_000 if rate else 100
        share = rng.uniform(0.002, 0.02) if rate else rng.uniform(0.05, 0.6)
        for year in YEARS:
            areas = len(COUNTIES)
            denominator = rng.integers(100_000, 1_500_000, areas)
            # Regions and England sum their areas' counts and denominators.
            count = rng.binomial(denominator, np.clip(share * rng.normal(1, 0.15, areas), 0, 1))
            region_of = np.array(parents[1 + len(REGIONS) :])
            region_count = [count[region_of == r].sum() for r in REGIONS]
            region_denominator = [denominator[region_of == r].sum() for r in REGIONS]
            all_counts = np.array([count.sum(), *region_count, *count])
            all_denominators = np.array([denominator.sum(), *region_denominator, *denominator])
            frames.append(
                pd.DataFrame(
                    {
                        "Indicator ID": 93001 + number,
                        "Indicator Name": name,
                        "Parent Code": parents,
                        "Parent Name": parents,
                        "Area Code": codes,
                        "Area Name": [f"Generated area {code}" for code in codes],
                        "Area Type": types,
                        "Sex": "Persons",
                        "Age": "All ages",
                        "Category Type": "",
                        "Category": "",
                        "Time period": str(year),
                        "Value": np.round(all_counts / all_denominators * multiplier, 10),
                        "Lower CI 95.0 limit": np.nan,
                        "Upper CI 95.0 limit": np.nan,
                        "Lower CI 99.8 limit": np.nan,
                        "Upper CI 99.8 limit": np.nan,
                        "Count": all_counts,
                        "Denominator": all_denominators,
                        "Value note": "",
                        "Recent Trend": "",
                        "Compared to England value or percentiles": "",
                        "Compared to Region value or percentiles": "",
                        "Time period Sortable": year * 10_000,
                        "New data": "",
                        "Compared to goal": "",
                    }
                )
            )
    frame = pd.concat(frames, ignore_index=True)
    frame.to_csv(path, index=False, header=HEADER, lineterminator="\r\n")
    return len(frame)


def _setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "placematters.settings"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "area-profile-benchmark-only")
    # The plain storage, as the tests use: the manifest one needs collectstatic first.
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _quietly(command: str, path: Path) -> None:
    """Run an import command without its progress bars and summary line."""
    from django.core.management import call_command

    call_command(command, str(path), verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())


def _timed(function) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def _series(function, count: int) -> tuple[float, list[float]]:
    cold, _ = _timed(function)
    return cold, [_timed(function)[0] for _ in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="warm requests (default 20)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pm-profile-bench-") as name:
        folder = Path(name)
        _setup_django(folder)
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from placematters.accounts.actions import account_create
        from placematters.analysis import queries
        from placematters.partnerships.actions import partnership_create

        lookup = folder / "ctyua19_rgn19_ctry19_lookup.csv"
        write_lookup(lookup)
        seconds, _ = _timed(lambda: _quietly("import_geography", lookup))
        print(f"Geography: {len(COUNTIES)} county/UA areas, 9 regions, England ({seconds:.0f} ms)")
        data = folder / "fingertips_generated.csv"
        rows = write_indicators(data, np.random.default_rng(SEED))
        seconds, _ = _timed(lambda: _quietly("import_indicators", data))
        print(
            f"Indicators: {rows:,} rows ({INDICATORS} indicators x {len(YEARS)} years x "
            f"{1 + len(REGIONS) + len(COUNTIES)} areas) imported in {seconds / 1000:.1f} s"
        )

        owner = account_create(
            email="owner@example.org", full_name="Benchmark Owner", password=None
        )
        partnership = partnership_create(by=owner, name="Benchmark partnership")
        area = COUNTIES[0]
        url = reverse("analysis:area_profile", kwargs={"slug": partnership.slug, "area_code": area})
        client = Client()
        client.force_login(owner)

        def page():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}")
            return response

        shown = len(queries.area_profile(partnership, area))
        page_cold, page_warm = _series(page, options.requests)
        size = len(page().content)
        query_cold, query_warm = _series(
            lambda: queries.area_profile(partnership, area), options.requests
        )
        vendor = connection.vendor

    print(
        f"Database: {vendor}; Python {platform.python_version()}, pandas {pd.__version__}, "
        f"numpy {np.__version__}; {os.cpu_count()} CPUs"
    )
    print(f"GET {url}: {shown} indicators in the profile, {size / 1000:.0f} kB of HTML")
    print()
    print(f"| what | cold (ms) | median of {options.requests} warm (ms) | min (ms) | max (ms) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, cold, warm in (
        ("area profile page (server time)", page_cold, page_warm),
        ("queries.area_profile alone", query_cold, query_warm),
    ):
        print(
            f"| {label} | {cold:.1f} | {statistics.median(warm):.1f} | {min(warm):.1f} "
            f"| {max(warm):.1f} |"
        )
    print()
    median = statistics.median(page_warm)
    met = "met" if median < AIM_MS else "NOT met"
    print(
        f"Aim: area profile page with {INDICATORS} indicators under {AIM_MS} ms: {met} "
        f"(median {median:.0f} ms warm, {page_cold:.0f} ms cold)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
