"""openreferral import PATH --partnership SLUG, or openreferral export PATH --partnership SLUG:
the asset register as Open Referral UK JSON (see placematters/asset_mapping/openreferral.py)."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from placematters.asset_mapping import openreferral
from placematters.asset_mapping.actions import assets_import_openreferral
from placematters.asset_mapping.queries import openreferral_document
from placematters.partnerships.models import Partnership

SHOWN_PROBLEMS = 100


class Command(BaseCommand):
    help = (
        "Import or export a partnership's asset register as Open Referral UK JSON. An import "
        "stores every service or none (exit status 1 with the list of problems)."
    )

    def add_arguments(self, parser):
        parser.add_argument("direction", choices=["import", "export"])
        parser.add_argument("path", help="the JSON file to read or write ('-' for stdout)")
        parser.add_argument("--partnership", metavar="SLUG", required=True)
        parser.add_argument(
            "--max-bytes",
            type=int,
            help="refuse larger files (default: settings.OPENREFERRAL_MAX_BYTES or "
            f"{openreferral.DEFAULT_MAX_BYTES})",
        )

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership with the slug {options['partnership']!r}.")
        if options["direction"] == "export":
            document = openreferral_document(partnership)
            text = openreferral.dumps(document)
            if options["path"] == "-":
                self.stdout.write(text, ending="")
            else:
                Path(options["path"]).write_text(text, encoding="utf-8")
                self.stdout.write(
                    f"Exported {len(document['service'])} service(s), "
                    f"{len(document['location'])} location(s) and "
                    f"{len(document['organization'])} organisation(s) to {options['path']}."
                )
            return
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        limit = options.get("max_bytes") or settings.OPENREFERRAL_MAX_BYTES
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
        try:
            document = openreferral.read_document(raw, max_bytes=limit)
            result = assets_import_openreferral(
                by=None, partnership=partnership, document=document, source_name=path.name
            )
        except openreferral.OpenReferralInvalid as invalid:
            stream = self.stderr
            problems = invalid.problems
            for problem in problems[:SHOWN_PROBLEMS]:
                stream.write(str(problem))
            if len(problems) > SHOWN_PROBLEMS:
                stream.write(f"... and {len(problems) - SHOWN_PROBLEMS} more")
            stream.write(f"{path.name}: {len(problems)} problem(s); nothing was imported.")
            sys.exit(1)
        for warning in result.warnings:
            self.stderr.write(f"Not kept: {warning}")
        self.stdout.write(
            f"{path.name}: {len(result.added)} added, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged."
        )
