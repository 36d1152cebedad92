"""Indicator import throughput: parse + validate, and stored, in rows per second.

Run from the repository root::

    .venv/bin/python benchmarks/import_indicators_bench.py              # 1,000,000 rows, SQLite
    .venv/bin/python benchmarks/import_indicators_bench.py --rows 200000
    .venv/bin/python benchmarks/import_indicators_bench.py --extract-only  # the extract alone
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/import_indicators_bench.py

What it does:

1. Generates a Fingertips-format CSV (the download's 26 columns) of ``--rows`` rows in a
   temporary folder, seeded (``numpy.random.default_rng(20261121)``): 20 proportion
   indicators whose quoted names hold a comma and a line break, England, 9 regions and 290
   county/UA areas, 3 sexes, 2 ages and as many years as needed; binomial counts, values and
   Wilson 95% limits on half of the rows (the other half are left for the import to compute),
   empty 99.8% columns, "Time period Sortable", and each row one field short of the header as
   real downloads are.
2. Times ``read`` + ``validate`` of the generated file (no database), and then the whole
   ``indicators_import`` into a new database: SQLite in the temporary folder by default, or
   the database at ``DATABASE_URL`` (which must be empty of indicator data: the areas are
   added and the imported rows deleted at the end).
3. Does the same for the FingertipsNext extract in ``../shared/data/fingertips`` when present,
   the real file as it is, with ``duplicates="keep-last"`` (``--duplicates keep-last`` on the
   command line; docs/decisions/0005-duplicate-rows-in-indicator-files.md). Its 1,978 repeated
   sub-ICB and ICB rows are left out by the import itself, inside the timed figures: 1,927
   exact repeats, 9 the same figures at another precision and 42 replaced by a later row, so
   34,813 rows are read and 32,835 stored. It prints those counts and the import's warnings.
   ``--extract-only`` skips the generated file.

It prints one table. Nothing asserts on time; the aims (at least 100,000 rows/s parsed and
validated; a 1,000,000-row import stored in under a minute) are printed beside the figures.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PLACEMATTERS_SHARED", ROOT.parent / "shared"))
EXTRACT = SHARED / "data" / "fingertips" / "fingertipsnext_northwest_healthdata.csv"
SEED = 20261121
HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name",
    "Area Type", "Sex", "Age", "Category Type", "Category", "Time period", "Value",
    "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit",
    "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to Region value or percentiles",
    "Time period Sortable", "New data", "Compared to goal",
]  # fmt: skip
INDICATORS = 20
REGIONS = [f"E120000{i:02d}" for i in range(1, 10)]
COUNTIES = [f"E{6 + i % 5:02d}{i:06d}" for i in range(290)]
AREAS = ["E92000001", *REGIONS, *COUNTIES]
SEXES = ["Persons", "Male", "Female"]
AGES = ["All ages", "0-9 yrs"]


def generate(path: Path, rows: int, seed: int = SEED) -> None:
    """Write a seeded Fingertips-format CSV of ``rows`` rows to ``path``."""
    rng = np.random.default_rng(seed)
    per_year = INDICATORS * len(AREAS) * len(SEXES) * len(AGES)
    years = -(-rows // per_year)
    index = np.arange(rows)
    area = index % len(AREAS)
    rest = index // len(AREAS)
    sex, rest = rest % len(SEXES), rest // len(SEXES)
    age, rest = rest % len(AGES), rest // len(AGES)
    year, indicator = rest % years, rest // years
    denominator = rng.integers(2_000, 400_000, rows)
    share = 0.05 + 0.3 * rng.random(rows)
    count = rng.binomial(denominator, share)
    n, x = denominator.astype(float), count.astype(float)
    z = 1.959963984540054
    centre, spread = 2 * x + z * z, z * np.sqrt(z * z + 4 * x * (1 - x / n))
    lower = (centre - spread) / (2 * (n + z * z)) * 100
    upper = (centre + spread) / (2 * (n + z * z)) * 100
    with_limits = rng.random(rows) < 0.5
    parents = ["", *["E92000001"] * len(REGIONS), *[REGIONS[i % 9] for i in range(290)]]
    parent = np.array(parents)[area]
    names = np.array(
        [f"Generated indicator {i + 1}, percentage of people\n(illustrative)" for i in range(20)]
    )
    labels = np.array(["Better", "Similar", "Worse", "Not compared"])[rng.integers(0, 4, rows)]
    period = (2000 + year).astype(str)
    frame = pd.DataFrame(
        {
            "Indicator ID": 90001 + indicator,
            "Indicator Name": names[indicator],
            "Parent Code": parent,
            "Parent Name": parent,
            "Area Code": np.array(AREAS)[area],
            "Area Name": np.array([f"Area {code}" for code in AREAS])[area],
            "Area Type": np.where(
                area == 0, "England", np.where(area < 10, "Region", "County & UA")
            ),
            "Sex": np.array(SEXES)[sex],
            "Age": np.array(AGES)[age],
            "Category Type": "",
            "Category": "",
            "Time period": period,
            "Value": np.round(x / n * 100, 10),
            "Lower CI 95.0 limit": np.where(with_limits, np.round(lower, 10), np.nan),
            "Upper CI 95.0 limit": np.where(with_limits, np.round(upper, 10), np.nan),
            "Lower CI 99.8 limit": np.nan,
            "Upper CI 99.8 limit": np.nan,
            "Count": count,
            "Denominator": denominator,
            "Value note": "",
            "Recent Trend": "",
            "Compared to England value or percentiles": labels,
            "Compared to Region value or percentiles": "Not compared",
            "Time period Sortable": (2000 + year) * 10000,
            "New data": "",
        }
    )
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADER) + "\r\n")
        frame.to_csv(handle, header=False, index=False, lineterminator="\r\n")


def _setup_django(folder: Path) -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placematters.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_areas(codes) -> None:
    from placematters.geography.models import Area

    Area.objects.bulk_create(
        [Area(code=code, name=code, area_type="other", vintage="bench") for code in sorted(codes)],
        ignore_conflicts=True,
    )


def _time(function) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def _parse(path: Path, duplicates: str):
    from placematters.indicators.importers import importer_for

    importer = importer_for(path)
    rows = importer.read(path)
    rows.duplicates = duplicates
    errors = importer.validate(rows)
    return rows, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--extract-only",
        action="store_true",
        help="time the FingertipsNext extract alone (no generated file)",
    )
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pm-import-bench-") as name:
        folder = Path(name)
        _setup_django(folder)
        from django.db import connection

        from placematters.indicators.actions import batch_delete, indicators_import
        from placematters.indicators.importers.base import KEEP_LAST, STOP

        cases = []
        if not options.extract_only:
            generated = folder / "fingertips_generated.csv"
            seconds, _ = _time(lambda: generate(generated, options.rows))
            size = generated.stat().st_size / 1e6
            print(f"Generated {options.rows:,} rows ({size:.0f} MB) in {seconds:.1f} s")
            cases.append(("Fingertips download, generated", generated, AREAS, STOP))
        if EXTRACT.exists():
            codes = set(pd.read_csv(EXTRACT, dtype=str, usecols=["AreaCode"])["AreaCode"])
            cases.append(("FingertipsNext extract (keep-last)", EXTRACT, codes, KEEP_LAST))
        else:
            print(f"(no FingertipsNext extract at {EXTRACT}; skipped)")
        if not cases:
            return 1
        for label, path, codes, duplicates in cases:
            seconds, (rows, errors) = _time(lambda path=path, d=duplicates: _parse(path, d))
            if errors:
                print(f"{label}: {len(errors)} validation errors, e.g. {errors[0]}")
                return 1
            parse_rate = len(rows) / seconds
            read, resolution = len(rows), rows.resolution
            del rows
            _ensure_areas(codes)
            stored_seconds, batch = _time(
                lambda path=path, d=duplicates: indicators_import(path=path, duplicates=d)
            )
            results.append((label, batch.row_count, seconds, parse_rate, stored_seconds))
            if batch.left_out_count or batch.warnings:
                print(
                    f"{label}: {read:,} rows read, {batch.row_count:,} stored; "
                    f"{batch.left_out_count:,} left out ({resolution.repeats:,} exact repeats, "
                    f"{resolution.same_figure:,} the same figures at another precision, "
                    f"{batch.replaced_count:,} replaced by a later row). Warnings:"
                )
                for warning in batch.warnings:
                    print(f"  - {warning}")
            batch_delete(by=None, batch=batch)
        vendor = connection.vendor

    print()
    print(f"Database: {vendor}; Python {platform.python_version()}, pandas {pd.__version__}, ")
    print(f"numpy {np.__version__}; {os.cpu_count()} CPUs")
    print()
    print("| file | rows | parse + validate (s) | rows/s | stored, whole import (s) | rows/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, count, parse_seconds, parse_rate, stored in results:
        print(
            f"| {label} | {count:,} | {parse_seconds:.2f} | {parse_rate:,.0f} | {stored:.2f} "
            f"| {count / stored:,.0f} |"
        )
    label, count, _, parse_rate, stored = results[0]
    print()
    if options.extract_only:
        return 0
    met = "met" if parse_rate >= 100_000 else "NOT met"
    print(f"Aim: >= 100,000 rows/s parsed and validated: {met} ({parse_rate:,.0f} rows/s)")
    if count >= 1_000_000:
        met = "met" if stored < 60 else "NOT met"
        print(f"Aim: 1,000,000-row import stored in under a minute: {met} ({stored:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
