"""Time to build and render the illustrative demo's summary report (issue 7).

Run from the repository root::

    .venv/bin/python benchmarks/report_bench.py
    .venv/bin/python benchmarks/report_bench.py --repeats 5

Everything happens in a throwaway SQLite database in a temporary folder (``DATABASE_URL`` is
set to it whatever the environment says). It builds the illustrative demo through the real
actions (``placematters.demo.builder.build_demo``), then times, for the demo partnership:

1. ``build_report``: gathering every tool's summary sections into the leaflet's structure;
2. ``report_pdf``: the tagged PDF through WeasyPrint (the first call includes WeasyPrint's
   imports and font discovery, so it is reported apart as "cold");
3. ``report_docx``: the Word file through python-docx;

each as the median, minimum and maximum of ``--repeats`` warm runs, with the PDF's page count
and the sizes of both files. It prints one table; nothing asserts on time. The background task
that renders files for the web page calls the same two functions.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "placematters.settings"
    os.environ.setdefault("DEMO_PASSWORD", "benchmark-demo-passphrase")
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its per-step progress lines


def _timed(function) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def _pdf_pages(pdf: bytes, folder: Path) -> int | None:
    """The PDF's page count from poppler's pdfinfo, when it is installed."""
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


def _row(name: str, times: list[float]) -> str:
    return (
        f"{name:<28} {statistics.median(times) * 1000:>9.0f} {min(times) * 1000:>9.0f} "
        f"{max(times) * 1000:>9.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="warm runs of each (default 3)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(Path(folder))
        from placematters.demo.builder import build_demo
        from placematters.reports.builder import build_report
        from placematters.reports.pdf import report_pdf
        from placematters.reports.word import report_docx

        demo_seconds, demo = _timed(build_demo)
        partnership = demo.partnership
        report = build_report(partnership)
        cold_pdf, pdf = _timed(lambda: report_pdf(report))
        runs = {"build_report": [], "report_pdf (warm)": [], "report_docx": []}
        for _ in range(options.repeats):
            runs["build_report"].append(_timed(lambda: build_report(partnership))[0])
            runs["report_pdf (warm)"].append(_timed(lambda: report_pdf(report))[0])
            seconds, docx = _timed(lambda: report_docx(report))
            runs["report_docx"].append(seconds)
        pages = _pdf_pages(pdf, Path(folder))
        print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
        print(f"Demo built in {demo_seconds:.1f} s; {options.repeats} warm runs each\n")
        print(f"{'':<28} {'median ms':>9} {'min ms':>9} {'max ms':>9}")
        for name, times in runs.items():
            print(_row(name, times))
        print(f"{'report_pdf (cold, first)':<28} {cold_pdf * 1000:>9.0f}")
        print(f"\nPDF {len(pdf) / 1024:.0f} KB" + (f", {pages} pages" if pages else ""))
        print(f"Word {len(docx) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
