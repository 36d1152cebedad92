"""Import a geography file: lookups, the LSOA best fit, rural-urban classes or boundaries."""

from placematters.geography import actions
from placematters.geography.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import an ONS lookup or hierarchy (LSOA11CD/lsoa11_code... columns), the LSOA "
        "2011→2021 best-fit table, the 2011 rural-urban classification, GeoJSON boundaries, or "
        "a list of areas (area_code, area_name; give --vintage). The format is detected."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--vintage",
            help="boundary year, for an area list or a lookup whose column names carry none",
        )

    def run_import(self, path, progress, options):
        return actions.geography_import(path=path, progress=progress, vintage=options["vintage"])
