"""Import registered deaths by area, sex and age band (ONS Table 2, long layout)."""

from placematters.geography import actions
from placematters.geography.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import death counts by area, sex and age band (area_code, area_name, sex, age_band, "
        "deaths) for areas already held. 'All ages' rows are checked against the bands, not "
        "stored; rows without an area code are skipped with a warning."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, help="the registration year")

    def run_import(self, path, progress, options):
        return actions.deaths_import(path=path, progress=progress, year=options["year"])
