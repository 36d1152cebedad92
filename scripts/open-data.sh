#!/usr/bin/env bash
# Import real open data (OGL v3) from a local folder laid out like ../shared/data: the LSOA
# 2011 hierarchy for England, Norfolk's LSOA boundaries, district boundaries and IMD 2019.
# With these the demo's footprint, its LSOA maps and the asset map are shaded by deprivation.
# Usage: bash scripts/open-data.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
MANAGE=(.venv/bin/python manage.py)

FILES=(
  "import_geography geography/lsoa11_hierarchy_england.csv"
  "import_geography boundaries/lsoa11_bsc_norfolk.geojson"
  "import_geography boundaries/lad_may2024_bsc_uk.geojson"
  "import_imd imd2019/imd2019_lsoa11_england_file7_subset.csv"
)

if [ ! -d "$DATA" ]; then
  echo "There is no folder at $DATA. Give the folder holding geography/, boundaries/ and imd2019/:"
  echo "  make open-data DATA=/path/to/data"
  exit 1
fi
for entry in "${FILES[@]}"; do
  command="${entry%% *}"
  file="$DATA/${entry#* }"
  if [ ! -f "$file" ]; then
    echo "Skipped: $file is not there."
    continue
  fi
  "${MANAGE[@]}" "$command" "$file"
done
