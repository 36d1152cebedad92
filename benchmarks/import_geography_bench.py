"""Import throughput for geography, deprivation and population files (rows per second).

Run from the repository root, against the database in the environment (SQLite in var/ by
default; set DATABASE_URL for PostgreSQL), after ``manage.py migrate``::

    .venv/bin/python benchmarks/import_geography_bench.py              # one run each
    .venv/bin/python benchmarks/import_geography_bench.py --repeat 3   # median of three

For each file it prints two rates:

- **parse + validate**: reading the file and checking every row, no database
  (``importers.choose`` → ``read`` → ``parse``);
- **stored**: the whole import action end to end (read, check, database checks, write, import
  batch), in one transaction, including PostgreSQL's deferred foreign-key checks (which it
  otherwise runs at commit).

Files: the LSOA 2011 hierarchy (32,844 rows → 47,748 areas and 160,662 links), the England IoD2019
File 7 subset (32,844 rows), and the England LSOA population in 5-year bands (32,844 rows →
624,036 counts), from ../shared/data (or PLACEMATTERS_SHARED). The hierarchy is stored first
because the others need its LSOAs. Everything stored is rolled back at the end, so the database
is left as it was. Nothing here asserts on time: it is a report, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placematters.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from placematters.geography import actions, importers  # noqa: E402

SHARED = Path(os.environ.get("PLACEMATTERS_SHARED", ROOT.parent / "shared")) / "data"
FILES = [
    ("geography", "geography/lsoa11_hierarchy_england.csv", actions.geography_import),
    ("imd", "imd2019/imd2019_lsoa11_england_file7_subset.csv", actions.imd_import),
    ("population", "population/sape_mid2019_lsoa11_persons_5yr_england.csv",
     actions.population_import),
]  # fmt: skip


class Rollback(Exception):
    """Raised to roll the benchmark's transaction back."""


def parse_seconds(kind: str, path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    module = importers.choose(path, kind)
    parsed = module.parse(module.read(path))
    seconds = time.perf_counter() - started
    if parsed.errors:
        raise SystemExit(f"{path.name}: {len(parsed.errors)} problems, e.g. {parsed.errors[0]}")
    return seconds, parsed.row_count


def written(counts: dict[str, int]) -> int:
    """Database rows an import wrote (areas and links, LSOAs with IMD, or counts)."""
    return counts.get("counts") or counts.get("lsoas") or counts["areas"] + counts.get("links", 0)


def store_seconds(action, path: Path) -> tuple[float, str, int]:
    started = time.perf_counter()
    batch = action(path=path)
    if connection.vendor == "postgresql":
        # PostgreSQL checks the deferred foreign keys at commit, which the rollback skips:
        # check them now so that the time includes what a real import's commit costs.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return time.perf_counter() - started, batch.summary, written(batch.counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure (median)")
    options = parser.parse_args()
    missing = [name for _, name, _ in FILES if not (SHARED / name).exists()]
    if missing:
        print(f"needs the shared data under {SHARED}: missing {', '.join(missing)}")
        return 1
    vendor = connection.vendor
    print(f"Database: {vendor} ({connection.settings_dict['NAME']})")
    print(
        f"{'file':<46} {'rows':>7} {'parse+validate':>15} {'stored':>14} {'written':>17}"
        "  what was stored"
    )
    for kind, name, action in FILES:
        path = SHARED / name
        parse_runs = [parse_seconds(kind, path) for _ in range(options.repeat)]
        rows = parse_runs[0][1]
        parse_median = statistics.median(seconds for seconds, _ in parse_runs)
        store_runs = []
        summary, records = "", 0
        for _ in range(options.repeat):
            try:
                with transaction.atomic():
                    for earlier_kind, earlier, earlier_action in FILES:
                        if earlier == name:
                            break
                        if earlier_kind == "geography":  # the LSOAs the later files need
                            earlier_action(path=SHARED / earlier)
                    seconds, summary, records = store_seconds(action, path)
                    store_runs.append(seconds)
                    raise Rollback
            except Rollback:
                pass
        store_median = statistics.median(store_runs)
        print(
            f"{path.name:<46} {rows:>7,} {rows / parse_median:>8,.0f} rows/s "
            f"{rows / store_median:>7,.0f} rows/s {records / store_median:>8,.0f} written/s"
            f"  {summary} in {store_median:.1f} s"
        )
    print(
        "\n'stored' is the whole import (read, check, write) per input row; 'written' counts the"
        "\ndatabase rows it wrote (areas + links, LSOAs, or population counts) per second."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
