"""import_indicators PATH [--format auto|...] [--mapping JSON] [--partnership SLUG]."""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from placematters.indicators.actions import ImportFailed, indicators_import
from placematters.indicators.importers import CHOICES
from placematters.partnerships.models import Partnership

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import indicator data: a Fingertips download, a FingertipsNext upload or extract, or "
        "any CSV/XLSX with --mapping. All rows are stored, or none (exit status 1 with the "
        "list of problems)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV or XLSX file")
        parser.add_argument(
            "--format", default="auto", choices=CHOICES, help="the file's format (default: auto)"
        )
        parser.add_argument(
            "--mapping",
            help='JSON (or a .json file): columns {"area_code": "Code", ...} and/or indicator '
            'metadata {"value_type": "proportion", "polarity": "lower_is_better", ...}',
        )
        parser.add_argument(
            "--partnership",
            metavar="SLUG",
            help="import as this partnership's own data (default: shared reference data)",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        mapping = _mapping(options.get("mapping"))
        partnership = None
        if options.get("partnership"):
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(
                    f"There is no partnership with the slug {options['partnership']!r}."
                )
        stream = options.get("stderr") or sys.stderr
        bar = tqdm(
            total=100,
            unit="%",
            file=stream,
            desc="reading",
            disable=options["verbosity"] < 1,
            bar_format="{desc:<10}{percentage:3.0f}%|{bar}| {elapsed}",
        )

        def progress(fraction: float, stage: str) -> None:
            bar.set_description_str(stage, refresh=False)
            bar.update(max(0, round(fraction * 100) - bar.n))

        started = time.perf_counter()
        try:
            batch = indicators_import(
                path=path,
                format=options["format"],
                partnership=partnership,
                mapping=mapping,
                progress=progress,
            )
        except ImportFailed as failure:
            bar.close()
            errors = failure.errors
            self.stderr.write(
                f"Nothing imported: {path.name} has {_count(len(errors), 'problem')}:"
            )
            for error in errors[:SHOWN_ERRORS]:
                self.stderr.write(f"  {error}")
            if len(errors) > SHOWN_ERRORS:
                self.stderr.write(f"  ... and {len(errors) - SHOWN_ERRORS} more")
            raise CommandError(
                f"{path.name} was not imported ({_count(len(errors), 'problem')})."
            ) from None
        bar.close()
        seconds = time.perf_counter() - started
        indicators = _count(batch.indicator_count, "indicator")
        self.stdout.write(
            f"Imported {batch.row_count:,} observations of {indicators} from {path.name} "
            f"in {seconds:.{1 if seconds >= 1 else 2}f} s (batch {batch.pk})"
        )
        if batch.computed_count and options["verbosity"] >= 1:
            self.stdout.write(
                f"  {batch.computed_count:,} rows had values or limits computed from their "
                "count and denominator."
            )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _mapping(text: str | None) -> dict | None:
    if not text:
        return None
    if not text.lstrip().startswith("{"):
        try:
            text = Path(text).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(
                f"--mapping is neither JSON nor a readable file ({error})."
            ) from None
    try:
        mapping = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"--mapping is not valid JSON ({error}).") from None
    if not isinstance(mapping, dict):
        raise CommandError('--mapping must be a JSON object, e.g. {"area_code": "Code"}.')
    return mapping
