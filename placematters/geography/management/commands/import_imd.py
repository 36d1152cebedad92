"""Import the English Indices of Deprivation 2019 File 7 (LSOA 2011)."""

from placematters.geography import actions
from placematters.geography.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import IoD2019 File 7 (LSOA code (2011), IMD score, rank and decile, domain ranks and "
        "deciles, population denominators) for LSOAs already held."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--edition", default="IMD2019", help="edition label (IMD2019)")

    def run_import(self, path, progress, options):
        return actions.imd_import(path=path, progress=progress, edition=options["edition"])
