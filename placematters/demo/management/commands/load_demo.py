"""Load the illustrative demo partnership and print how to sign in (safe to run again)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from placematters.demo.builder import DEMO_USERS, build_demo
from placematters.demo.sharing import build_locality_demo


class Command(BaseCommand):
    help = "Load the two illustrative demo partnerships and their three users (idempotent)."

    def handle(self, *args, **options):
        result = build_demo()
        state = "created" if result.created else "already present, left as it was"
        self.stdout.write(f"Demo partnership: {result.partnership.name} ({state}).")
        locality = build_locality_demo(first=result.partnership)
        self.stdout.write(
            f"Second demo partnership: {locality.name}, beside the first in the comparison "
            "of localities; the first shares a case study and its plan in the good-practice bank."
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Sign in to the illustrative demo at " + settings.SITE_URL)
        )
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<7} {email}")
        self.stdout.write(f"  Password for all three: {result.password}")
        self.stdout.write(f"  (password {result.password_source})")
