"""Derive an indicator (DSR or life expectancy) from the imported deaths and population."""

from django.core.management.base import BaseCommand, CommandError

from placematters.analysis import actions, queries
from placematters.partnerships.models import Partnership

MEASURES = {"dsr": "directly standardised rate", "le": "life expectancy"}


class Command(BaseCommand):
    help = (
        "Derive an all-cause directly standardised death rate (ESP 2013) or life expectancy at "
        "birth for some areas from the imported deaths and population, and store it as one of "
        "the partnership's indicators."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="the partnership's slug")
        parser.add_argument("--measure", required=True, choices=sorted(MEASURES))
        parser.add_argument("--areas", required=True, nargs="+", metavar="CODE")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--name", required=True)
        parser.add_argument("--sex", default="persons", choices=["persons", "male", "female"])
        parser.add_argument(
            "--age-to", type=int, default=None, help="DSR only: the top age (74 for under 75s)"
        )

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug {options['partnership']!r}.")
        codes = list(dict.fromkeys(code.strip().upper() for code in options["areas"]))
        unknown = queries.unknown_area_codes(codes)
        if unknown:
            raise CommandError(
                f"No area is held with the code{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(unknown)}: nothing was stored. Import the geography first "
                "(import_geography)."
            )
        year, sex = options["year"], options["sex"]
        held = queries.derive_choices()
        if year not in held:
            years = ", ".join(str(y) for y in held) or "none"
            raise CommandError(
                f"No deaths and population are held for {year} (years held: {years}): "
                "nothing was stored."
            )
        if sex not in held[year]:
            raise CommandError(
                f"Deaths and population for {year} are held for {', '.join(held[year])} only: "
                "nothing was stored."
            )
        if options["measure"] == "le" and options["age_to"] is not None:
            raise CommandError("--age-to applies to the DSR only.")
        common = {
            "by": None,
            "partnership": partnership,
            "name": options["name"],
            "area_codes": codes,
            "year": year,
            "sex": sex,
        }
        try:
            if options["measure"] == "dsr":
                indicator = actions.indicator_derive_dsr(**common, age_to=options["age_to"])
            else:
                indicator = actions.indicator_derive_life_expectancy(**common)
        except ValueError as error:
            raise CommandError(f"{error} Nothing was stored.") from error
        stored = indicator.observations.count()
        left_out = len(codes) - stored
        self.stdout.write(
            f"Derived '{indicator.name}' ({MEASURES[options['measure']]}, {year}, {sex}) for "
            f"{stored} of {len(codes)} area{'s' if len(codes) != 1 else ''}"
            + (f"; {left_out} left out for want of deaths or population" if left_out else "")
            + f": indicator {indicator.pk} of {partnership.slug}."
        )
