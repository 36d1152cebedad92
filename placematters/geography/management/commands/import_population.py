"""Import population by area, sex and age (single years or bands, wide or long)."""

from placematters.geography import actions
from placematters.geography.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import population counts by area, sex and age (single year or bands; wide: one column "
        "per age, or long: one row per age) for areas already held. The year comes from a year "
        "column, --year, or the file name (mid2019)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, help="the year of the estimates")

    def run_import(self, path, progress, options):
        return actions.population_import(path=path, progress=progress, year=options["year"])
