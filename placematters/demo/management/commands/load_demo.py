"""Load the illustrative demo partnership and print how to sign in (safe to run again)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from placematters.demo.builder import DEMO_USERS, build_demo


class Command(BaseCommand):
    help = "Load the illustrative demo partnership and its three users (idempotent)."

    def handle(self, *args, **options):
        result = build_demo()
        state = "created" if result.created else "already present, left as it was"
        self.stdout.write(f"Demo partnership: {result.partnership.name} ({state}).")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Sign in to the illustrative demo at " + settings.SITE_URL)
        )
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<7} {email}")
        self.stdout.write(f"  Password for all three: {result.password}")
        self.stdout.write(f"  (password {result.password_source})")
