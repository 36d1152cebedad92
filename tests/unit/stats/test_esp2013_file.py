"""Our built-in European Standard Population 2013 against the shared file of the standard.

The file (../shared/data/mortality/esp2013_european_standard_population.csv) gives Eurostat's
21 bands: <1, 1-4, 5-9 ... 85-89, 90-94, 95+. Our ESP2013 has 19 bands as ONS and Fingertips
use them: 0-4 (the file's <1 and 1-4 together) and 90+ = 1000 (its 90-94 and 95+ together);
every band between is the file's, weight for weight.
"""

import numpy as np
import pandas as pd

from placematters.stats.standardisation import ESP2013, ESP2013_BANDS, ESP2013_BY_BAND
from tests.shared_files import shared_data

#: Our band -> the file's bands it is made of (every other band is the file's own).
JOINED = {"0-4": ("<1", "1-4"), "90+": ("90-94", "95+")}


def file_standard() -> pd.Series:
    path = shared_data("mortality", "esp2013_european_standard_population.csv")
    table = pd.read_csv(path, dtype={"age_band": str})
    return table.set_index("age_band")["esp2013_population"].astype(float)


def test_the_file_is_the_21_band_standard_of_100000():
    standard = file_standard()
    assert len(standard) == 21
    assert standard.index[0] == "<1" and standard.index[-1] == "95+"
    assert standard.sum() == 100_000


def test_our_bands_are_the_files_with_the_youngest_and_oldest_joined():
    standard = file_standard()
    ours = dict(zip(ESP2013_BANDS, ESP2013.tolist(), strict=True))
    assert len(ours) == 19 and sum(ours.values()) == 100_000
    assert ours == dict(ESP2013_BY_BAND)
    covered = []
    for band, weight in ours.items():
        parts = JOINED.get(band, (band,))
        assert weight == standard[list(parts)].sum(), band
        covered += parts
    # Every band of the file is used exactly once, in order.
    assert covered == list(standard.index)
    assert ours["0-4"] == 1000 + 4000
    assert ours["90+"] == 800 + 200 == 1000  # ONS's 90+ = 1000


def test_collapsing_the_file_gives_our_array_in_order():
    standard = file_standard()
    groups = [JOINED.get(band, (band,)) for band in ESP2013_BANDS]
    collapsed = np.array([standard[list(parts)].sum() for parts in groups])
    np.testing.assert_array_equal(collapsed, ESP2013)
