import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placematters.workspace import queries
from placematters.workspace.actions import workspace_export
from placematters.workspace.exporter import ExportProblem


class Command(BaseCommand):
    help = "Write a partnership's whole workspace as a JSON document (docs/workspace-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the partnership's web address name")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, slug: str, output: str | None = None, **options):
        partnership = queries.partnership_by_slug(slug)
        if partnership is None:
            raise CommandError(f"There is no partnership with the web address name “{slug}”.")
        try:
            document = workspace_export(by=None, partnership=partnership)
        except ExportProblem as problem:
            raise CommandError(str(problem)) from None
        text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            records = sum(len(rows) for rows in document["records"].values())
            self.stdout.write(
                f"Wrote {records} records of {partnership.name} to {output} "
                f"({len(text.encode()) / 1_000_000:.1f} MB)."
            )
        else:
            sys.stdout.write(text)
