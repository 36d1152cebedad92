from django.core.management.base import BaseCommand

from placematters.workspace.document import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = "Print the workspace document's JSON Schema, built from the models (or --write it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write", action="store_true", help=f"write it to {SCHEMA_PATH.name} in the app"
        )

    def handle(self, *args, write: bool = False, **options):
        if write:
            SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
            self.stdout.write(f"Wrote {SCHEMA_PATH}.")
        else:
            self.stdout.write(schema_text(), ending="")
