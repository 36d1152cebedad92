"""What the four import commands share: a progress bar, the summary line and the error list.

On success: one line on stdout, e.g. "Imported 32,844 areas (32,844 new) and 229,796 links
(229,796 new) from lsoa11_hierarchy_england.csv in 4.1 s", then any warnings on stderr.
On bad input: "line N, column X: reason" for the first 50 problems and a count, on stderr,
then CommandError (exit status 1 from manage.py); nothing is stored.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from placematters.geography.importers.base import ImportFailed
from placematters.indicators.models import ImportBatch

SHOWN_ERRORS = 50
SHOWN_WARNINGS = 20


class ImportCommand(BaseCommand):
    """Subclasses set ``help`` and implement :meth:`run_import`."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the file to import (CSV, XLSX or GeoJSON)")

    def run_import(self, path: Path, progress, options: dict[str, Any]) -> ImportBatch:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        stream = getattr(self.stderr, "_out", sys.stderr)
        bar = tqdm(total=1, file=stream, unit=" rows", desc="Checking", leave=False)
        step = ["Checking"]

        def progress(name: str, done: int, total: int) -> None:
            if name != step[0]:
                step[0] = name
                bar.set_description(name)
                bar.reset(total=max(total, 1))
            bar.update(done - bar.n)

        started = time.perf_counter()
        try:
            batch = self.run_import(path, progress, options)
        except ImportFailed as failure:
            bar.close()
            errors = failure.errors
            for error in errors[:SHOWN_ERRORS]:
                self.stderr.write(str(error))
            if len(errors) > SHOWN_ERRORS:
                self.stderr.write(f"... and {len(errors) - SHOWN_ERRORS:,} more")
            count = len(errors)
            raise CommandError(
                f"{count:,} problem{'s' if count != 1 else ''} in {path.name}; nothing was stored."
            ) from failure
        bar.close()
        seconds = time.perf_counter() - started
        warnings = batch.warnings
        for warning in warnings[:SHOWN_WARNINGS]:
            self.stderr.write(f"warning: {warning}")
        if len(warnings) > SHOWN_WARNINGS:
            self.stderr.write(f"warning: ... and {len(warnings) - SHOWN_WARNINGS:,} more")
        note = ""
        if warnings:
            note = f" ({len(warnings):,} warning{'s' if len(warnings) != 1 else ''}, on stderr)"
        self.stdout.write(f"Imported {batch.summary} from {path.name} in {seconds:.1f} s{note}")
