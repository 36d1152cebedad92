"""FingertipsNext's age bands and category types, used when they sit beside the extract.

``fingertipsnext_age_bands.csv`` (AgeID, Age, MinYears, MaxYears) and
``fingertipsnext_category_types.csv`` (CategoryID, CategoryName, Sequence, CategoryTypeID,
CategoryTypeName) check the extract's IDs and order its rows as they are stored: ages youngest
first ("All ages" leading the bands that start at 0), categories by Sequence (most deprived
first). An unknown AgeID, CategoryTypeId or CategoryId is an error on its line and column.
"""

import pandas as pd
import pytest

from placematters.indicators.actions import ImportFailed, indicators_import
from placematters.indicators.models import Observation
from tests.integration.indicators.conftest import database_counts, make_areas
from tests.integration.indicators.test_shared_data import extract  # noqa: F401 (a fixture)
from tests.shared_files import shared_data

pytestmark = pytest.mark.django_db
EXTRACT_HEADER = (
    "IndicatorId,IndicatorName,AreaCode,AreaName,AreaType,Year,Sex,SexID,Age,AgeID,"
    "CategoryType,CategoryTypeId,Category,CategoryId,Value,LowerCI,UpperCI,Count,Denominator,Trend"
)
AGE_BANDS = "AgeID,Age,MinYears,MaxYears\n1,All ages,0,150\n28,0-4 yrs,0,4\n4,5-9 yrs,5,9\n"
CATEGORY_TYPES = (
    "CategoryID,CategoryName,Sequence,CategoryTypeID,CategoryTypeName\n"
    "1,Most deprived quintile,1,117,LSOA11 deprivation quintiles in England (IMD2019)\n"
    "5,Least deprived quintile,5,117,LSOA11 deprivation quintiles in England (IMD2019)\n"
)


def stored_in_order(**filters) -> pd.DataFrame:
    return pd.DataFrame(
        Observation.objects.filter(**filters)
        .order_by("id")
        .values("area_code", "period", "sex", "age", "category_type", "category")
    )


def test_the_real_extract_is_checked_and_ordered_with_its_lookups(extract):  # noqa: F811
    path, table = extract
    ages = pd.read_csv(shared_data("fingertips", "fingertipsnext_age_bands.csv"), dtype=str)
    categories = pd.read_csv(
        shared_data("fingertips", "fingertipsnext_category_types.csv"), dtype=str
    )
    # Every AgeID of the extract is a band, and every (type, category) pair is known.
    assert set(table["AgeID"]) <= set(ages["AgeID"])
    batch = indicators_import(path=path, duplicates="keep-last")
    assert batch.row_count == Observation.objects.count() == 32_835

    # GP registered population by sex and quinary age band: in the file "All ages" comes after
    # "95+ yrs" (and "5-9 yrs" after "0-4 yrs" and "10-14 yrs"); stored youngest first.
    rows = stored_in_order(indicator__external_id="337", area_code="A82003", period="2020")
    female = rows[rows["sex"] == "Female"]["age"].tolist()
    in_file = table[
        (table["IndicatorId"] == "337")
        & (table["AreaCode"] == "A82003")
        & (table["Year"] == "2020")
        & (table["Sex"] == "Female")
    ]["Age"].tolist()
    assert sorted(female) == sorted(in_file) and female != in_file
    assert female[:4] == ["All ages", "0-4 yrs", "5-9 yrs", "10-14 yrs"]
    assert female[-3:] == ["85-89 yrs", "90-94 yrs", "95+ yrs"]

    # Deprivation categories by the lookup's Sequence: most deprived first, as 1..n.
    deprivation = stored_in_order(area_code="E92000001", category_type__contains="deprivation")
    sequence = categories.assign(Sequence=categories["Sequence"].astype(int)).drop_duplicates(
        ["CategoryTypeName", "CategoryName"]
    )
    rank = deprivation.merge(
        sequence,
        left_on=["category_type", "category"],
        right_on=["CategoryTypeName", "CategoryName"],
        how="left",
        validate="many_to_one",
    )
    assert rank["Sequence"].notna().all()
    groups = rank.groupby(
        [(rank[["period", "sex", "age", "category_type"]].shift() != rank[
            ["period", "sex", "age", "category_type"]]).any(axis=1).cumsum()]
    )["Sequence"]  # fmt: skip
    assert all(list(group) == sorted(group) for _, group in groups)
    quintiles = stored_in_order(
        category_type="LSOA11 deprivation quintiles within area (IMD  trend)"
    )
    first = quintiles.iloc[:5]
    assert first["category"].tolist() == [
        "Most deprived quintile",
        "Second most deprived quintile",
        "Average deprived quintile",
        "Second least deprived quintile",
        "Least deprived quintile",
    ]


@pytest.fixture
def folder(tmp_path):
    make_areas(["E92000001"], "country")
    (tmp_path / "fingertipsnext_age_bands.csv").write_text(AGE_BANDS)
    (tmp_path / "fingertipsnext_category_types.csv").write_text(CATEGORY_TYPES)
    return tmp_path


def extract_file(folder, *lines: str):
    path = folder / "healthdata.csv"
    path.write_text("\n".join([EXTRACT_HEADER, *lines]) + "\n")
    return path


ROW = (
    "93085,Smokers,E92000001,England,England,2018,Persons,4,{age},{age_id},{ctype},{ctid},"
    "{cat},{cid},10.6,,,,,"
)


def row(age="All ages", age_id="1", ctype="", ctid="", cat="", cid="") -> str:
    return ROW.format(age=age, age_id=age_id, ctype=ctype, ctid=ctid, cat=cat, cid=cid)


def test_an_unknown_age_id_is_an_error_with_its_line_and_column(folder):
    path = extract_file(folder, row(), row(age="5-9 yrs", age_id="4"), row(age="65+", age_id="27"))
    before = database_counts()
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=path)
    assert [str(error) for error in failure.value.errors] == [
        "line 4, column AgeID: '27' is not an age band in the age bands lookup"
    ]
    assert database_counts() == before


def test_an_unknown_category_is_an_error_with_its_line_and_column(folder):
    quintiles = "LSOA11 deprivation quintiles in England (IMD2019)"
    path = extract_file(
        folder,
        row(),
        row(ctype=quintiles, ctid="117.0", cat="Most deprived quintile", cid="1.0"),
        row(ctype=quintiles, ctid="117", cat="Third quintile", cid="3"),
        row(ctype="Something else", ctid="999", cat="A", cid="1"),
    )
    before = database_counts()
    with pytest.raises(ImportFailed) as failure:
        indicators_import(path=path)
    assert [str(error) for error in failure.value.errors] == [
        "line 4, column CategoryId: '3' is not a category of type '117' in the category types "
        "lookup",
        "line 5, column CategoryTypeId: '999' is not a category type in the category types lookup",
    ]
    assert database_counts() == before


def test_known_ids_import_with_blank_names_filled_and_in_lookup_order(folder):
    path = extract_file(
        folder,
        row(age="5-9 yrs", age_id="4"),
        row(ctype="", ctid="117", cat="", cid="5"),
        row(ctype="", ctid="117", cat="", cid="1"),
        row(),
        row(age="0-4 yrs", age_id="28"),
    )
    indicators_import(path=path)
    stored = stored_in_order()
    assert stored[["age", "category"]].values.tolist() == [
        ["All ages", ""],
        ["All ages", "Most deprived quintile"],
        ["All ages", "Least deprived quintile"],
        ["0-4 yrs", ""],
        ["5-9 yrs", ""],
    ]
    assert set(stored["category_type"]) == {
        "",
        "LSOA11 deprivation quintiles in England (IMD2019)",
    }
