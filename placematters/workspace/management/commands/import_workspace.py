from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from placematters.workspace.actions import workspace_import
from placematters.workspace.reader import WorkspaceRefused


class Command(BaseCommand):
    help = (
        "Create a new partnership from a workspace document (docs/workspace-format.md). "
        "Everything is checked first; if anything is wrong nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workspace .json file")
        parser.add_argument("--slug", default="", help="web address name for the new partnership")
        parser.add_argument(
            "--owner", default="", help="e-mail address of an account to make an owner"
        )

    def handle(self, *args, file: str, slug: str = "", owner: str = "", **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {file}.")
        by = None
        if owner:
            by = get_user_model().objects.filter(email__iexact=owner).first()
            if by is None:
                raise CommandError(f"There is no account with the e-mail address {owner}.")
        try:
            partnership = workspace_import(by=by, raw=path.read_bytes(), slug=slug)
        except WorkspaceRefused as refusal:
            raise CommandError("\n".join(refusal.reasons)) from None
        self.stdout.write(f"Created {partnership.name} at /p/{partnership.slug}/ from {file}.")
