"""import_indicators PATH [--format auto|...] [--mapping JSON] [--period TEXT] [--partnership SLUG]
[--duplicates stop|keep-last], or import_indicators --fingertips ID --area-type ID
[--parent-area-type ID] to download one indicator from the Fingertips API."""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from placematters.indicators.actions import (
    ImportFailed,
    indicators_import,
    indicators_import_fingertips,
)
from placematters.indicators.importers import CHOICES
from placematters.indicators.importers.base import DUPLICATE_POLICIES, STOP
from placematters.partnerships.models import Partnership

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import indicator data: a Fingertips download, a FingertipsNext upload or extract, or "
        "any CSV/XLSX with --mapping. All rows are stored, or none (exit status 1 with the "
        "list of problems)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the CSV or XLSX file")
        parser.add_argument(
            "--format", default="auto", choices=CHOICES, help="the file's format (default: auto)"
        )
        parser.add_argument(
            "--mapping",
            help='JSON (or a .json file): columns {"area_code": "Code", ...} and/or indicator '
            'metadata {"value_type": "proportion", "polarity": "lower_is_better", ...}',
        )
        parser.add_argument(
            "--period",
            metavar="TEXT",
            help='the period every value is for, e.g. "2015 - 19": needed by a wide table '
            "(one column per indicator) whose file name has no years; for a csv it is a "
            "constant period",
        )
        parser.add_argument(
            "--partnership",
            metavar="SLUG",
            help="import as this partnership's own data (default: shared reference data)",
        )
        parser.add_argument(
            "--duplicates",
            default=STOP,
            choices=DUPLICATE_POLICIES,
            help="rows giving different figures for the same indicator, area, period, sex, age "
            "and category: 'stop' lists them as errors (default), 'keep-last' keeps the later "
            "row. Exact repeats, and the same figures at another precision, are left out with "
            "a warning either way.",
        )
        parser.add_argument(
            "--fingertips",
            type=int,
            metavar="INDICATOR_ID",
            help="download this indicator from the Fingertips API instead of reading a file "
            "(needs --area-type; the API is settings.FINGERTIPS_API_URL)",
        )
        parser.add_argument(
            "--area-type", type=int, metavar="AREA_TYPE_ID", help="Fingertips area type ID"
        )
        parser.add_argument(
            "--parent-area-type",
            type=int,
            metavar="AREA_TYPE_ID",
            help="Fingertips parent area type ID (default 15, England)",
        )

    def handle(self, *args, **options):
        indicator = options.get("fingertips")
        if options.get("path") and indicator is not None:
            raise CommandError(
                "Give either a file to import or --fingertips INDICATOR_ID, not both."
            )
        if not options.get("path") and indicator is None:
            raise CommandError("Give a file to import, or --fingertips INDICATOR_ID.")
        if indicator is not None and options.get("area_type") is None:
            raise CommandError("--fingertips needs --area-type AREA_TYPE_ID as well.")
        if indicator is None and (options.get("area_type") or options.get("parent_area_type")):
            raise CommandError("--area-type and --parent-area-type go with --fingertips.")
        if indicator is not None and (options.get("mapping") or options["format"] != "auto"):
            raise CommandError("--mapping and --format do not apply to --fingertips.")
        if indicator is not None and options.get("period"):
            raise CommandError("--period does not apply to --fingertips.")
        path = Path(options["path"] or f"Fingertips indicator {indicator}")
        mapping = _mapping(options.get("mapping"))
        if options.get("period"):
            mapping = {**(mapping or {}), "period": "=" + options["period"].strip()}
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
            if indicator is not None:
                batch = indicators_import_fingertips(
                    indicator_id=indicator,
                    area_type_id=options["area_type"],
                    parent_area_type_id=options.get("parent_area_type"),
                    partnership=partnership,
                    duplicates=options["duplicates"],
                    progress=progress,
                )
            else:
                batch = indicators_import(
                    path=path,
                    format=options["format"],
                    partnership=partnership,
                    mapping=mapping,
                    progress=progress,
                    duplicates=options["duplicates"],
                )
        except ImportFailed as failure:
            bar.close()
            errors = failure.errors
            if len(errors) == 1 and errors[0].line is None and indicator is not None:
                # The API could not be reached (or had nothing): one sentence says it all.
                raise CommandError(errors[0].reason) from None
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
        if batch.left_out_count:
            self.stdout.write(
                f"  {_count(batch.left_out_count, 'row')} left out as duplicates "
                f"({_count(batch.replaced_count, 'row')} replaced by a later row"
                + (
                    f", {batch.already_held_count:,} already held from an earlier batch"
                    if batch.already_held_count
                    else ""
                )
                + "):"
            )
        for warning in batch.warnings:
            self.stdout.write(f"  Warning: {warning}")


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
