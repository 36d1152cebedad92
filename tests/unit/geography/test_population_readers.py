"""Population and deaths readers: wide and long layouts give the same records (properties),
and each rule gives its own error."""

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from placematters.geography import importers
from placematters.geography.importers import deaths, population_long, population_wide
from placematters.geography.importers._bands import band_label, parse_age

SEX_SPELLINGS = {
    "persons": ["Persons", "persons", "All", "P"],
    "male": ["Male", "males", "M", "1"],
    "female": ["Female", "FEMALES", "f", "2"],
}
CODE_COLUMNS = [("area_code", "area_name", None), ("lsoa11_code", "lsoa11_name", "2011"),
                ("LAD19CD", "LAD19NM", "2019"), ("code", "name", None)]  # fmt: skip


def label_spellings(band):
    start, end = band
    if end is None:
        return [f"{start}+", f"{start} and over", f"Aged {start}+"]
    if start == end:
        return [f"{start}"] + (["<1", "under 1"] if start == 0 else [f"Age {start}"])
    return [f"{start}-{end}", f"{start} to {end}", f"aged {start}-{end}"]


@st.composite
def population_tables(draw):
    """A random population table: areas, sexes, a partition of ages into bands, counts."""
    cuts = draw(st.lists(st.integers(1, 100), min_size=1, max_size=12, unique=True).map(sorted))
    starts = [0, *cuts]
    open_end = draw(st.booleans())
    ends = [start - 1 for start in cuts] + [
        None if open_end else cuts[-1] + draw(st.integers(0, 9))
    ]
    bands = list(zip(starts, ends, strict=True))
    codes = draw(
        st.lists(st.integers(0, 999_999), min_size=1, max_size=4, unique=True).map(
            lambda numbers: [f"E01{number:06d}" for number in numbers]
        )
    )
    sexes = draw(
        st.lists(
            st.sampled_from(["persons", "male", "female"]), min_size=1, max_size=3, unique=True
        )
    )
    with_sex_column = draw(st.booleans()) or sexes != ["persons"]
    values = {
        (code, sex, band): draw(st.integers(0, 50_000))
        for code in codes
        for sex in sexes
        for band in bands
    }
    return {
        "bands": bands,
        "codes": codes,
        "sexes": sexes,
        "values": values,
        "year": draw(st.integers(1990, 2030)),
        "year_column": draw(st.booleans()),
        "with_sex_column": with_sex_column,
        "with_total": draw(st.booleans()),
        "columns": draw(st.sampled_from(CODE_COLUMNS)),
        "labels": {band: draw(st.sampled_from(label_spellings(band))) for band in bands},
        "sex_labels": {sex: draw(st.sampled_from(SEX_SPELLINGS[sex])) for sex in sexes},
        "total_label": draw(st.sampled_from(["total_population", "all_ages", "All ages"])),
        "age_column": draw(st.sampled_from(["age", "age_band", "Age group", "AGE"])),
        "value_column": draw(st.sampled_from(["population", "value", "count", "OBS_VALUE"])),
        "shuffle": draw(st.randoms(use_true_random=False)),
    }


def to_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def wide_csv(table):
    code_col, name_col, _ = table["columns"]
    header = [code_col, name_col]
    header += ["sex"] if table["with_sex_column"] else []
    header += ["year"] if table["year_column"] else []
    header += [table["total_label"]] if table["with_total"] else []
    header += [table["labels"][band] for band in table["bands"]]
    rows = []
    for code in table["codes"]:
        for sex in table["sexes"]:
            counts = [table["values"][(code, sex, band)] for band in table["bands"]]
            row = [code, f"Area {code}"]
            row += [table["sex_labels"][sex]] if table["with_sex_column"] else []
            row += [table["year"]] if table["year_column"] else []
            row += [sum(counts)] if table["with_total"] else []
            rows.append(row + counts)
    return to_csv(header, rows)


def long_csv(table):
    code_col, name_col, _ = table["columns"]
    header = [code_col, name_col]
    header += ["sex"] if table["with_sex_column"] else []
    header += ["year"] if table["year_column"] else []
    header += [table["age_column"], table["value_column"]]
    rows = []
    for code in table["codes"]:
        for sex in table["sexes"]:
            prefix = [code, f"Area {code}"]
            prefix += [table["sex_labels"][sex]] if table["with_sex_column"] else []
            prefix += [table["year"]] if table["year_column"] else []
            counts = [table["values"][(code, sex, band)] for band in table["bands"]]
            for band, count in zip(table["bands"], counts, strict=True):
                rows.append([*prefix, table["labels"][band], count])
            if table["with_total"]:
                rows.append([*prefix, table["total_label"], sum(counts)])
    table["shuffle"].shuffle(rows)
    return to_csv(header, rows)


def parse_text(module, content, name="population.csv", **options):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(content)
        chosen = importers.choose(path, "population") if module is None else module
        rows = chosen.read(path, **options)
        return chosen, chosen.parse(rows)


def as_set(records):
    return {
        (
            row.code,
            row.vintage,
            int(row.year),
            row.sex,
            int(row.age_from),
            None if row.age_to != row.age_to else int(row.age_to),
            float(row.value),
        )
        for row in records.itertuples()
    }


def expected(table):
    vintage = table["columns"][2]
    return {
        (code, vintage, table["year"], sex, band[0], band[1], float(value))
        for (code, sex, band), value in table["values"].items()
    }


@settings(max_examples=150, deadline=None)
@given(population_tables())
def test_the_wide_and_long_layouts_of_one_table_give_the_same_records(table):
    options = {} if table["year_column"] else {"year": table["year"]}
    wide_module, wide = parse_text(None, wide_csv(table), **options)
    long_module, long = parse_text(None, long_csv(table), **options)
    assert wide_module is population_wide or len(table["bands"]) < 2
    assert long_module is population_long
    assert long.errors == [] and long.warnings == []
    assert as_set(long.data["records"]) == expected(table)
    if wide_module is population_wide:
        assert wide.errors == [] and wide.warnings == []
        assert as_set(wide.data["records"]) == expected(table)


@settings(max_examples=100, deadline=None)
@given(population_tables(), st.integers(1, 5))
def test_a_wrong_total_is_reported_on_its_line(table, off_by):
    table["with_total"] = True
    content = long_csv(table)
    lines = content.splitlines()
    total_line = next(
        number
        for number, line in enumerate(lines, start=1)
        if table["total_label"] in line[1:] and number > 1
    )
    cells = next(csv.reader([lines[total_line - 1]]))
    cells[-1] = str(int(cells[-1]) + off_by)
    lines[total_line - 1] = to_csv(cells, []).strip()
    options = {} if table["year_column"] else {"year": table["year"]}
    _, parsed = parse_text(population_long, "\n".join(lines) + "\n", **options)
    assert [(error.line, error.column) for error in parsed.errors] == [
        (total_line, table["value_column"])
    ]
    assert "the age bands add up to" in parsed.errors[0].reason


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 120), st.one_of(st.none(), st.integers(0, 120)))
def test_band_labels_read_back_as_the_same_band(start, end):
    if end is not None and end < start:
        start, end = end, start
    assert parse_age(band_label(start, end)) == (start, end)


def test_each_rule_gives_its_own_error(tmp_path):
    content = (
        "area_code,sex,age,population\n"
        "E01000001,Male,0-4,10\n"
        "E01000001,Male,3-9,5\n"  # overlaps 0-4
        "E01000001,Male,10-14,x\n"  # not a number
        "E01000001,Other,0-4,1\n"  # not a sex
        "E0100000,Male,0-4,1\n"  # not a GSS code
        "E01000002,Female,ninety,1\n"  # not an age
        "E01000003,Female,0-4,1\n"
        "E01000003,Female,0-4,2\n"  # a conflicting duplicate
        ",Female,0-4,2\n"  # no code
    )
    _, parsed = parse_text(population_long, content, year=2019)
    assert sorted(str(error) for error in parsed.errors) == sorted(
        [
            "line 3, column age: age band 3-9 overlaps the band on line 2",
            "line 4, column population: not a number: 'x'",
            "line 5, column sex: 'Other' is not a sex (Persons, Male or Female)",
            "line 6, column area_code: 'E0100000' is not a GSS area code (a letter E, W, S "
            "or N and eight digits)",
            "line 7, column age: 'ninety' is not an age or age band (e.g. 0-4, 90+)",
            "line 9, column population: duplicate area, year, sex and age band: the same as "
            "line 8 but with a different value",
            "line 10, column area_code: missing area code",
        ]
    )


def test_a_wide_file_checks_overlapping_columns_and_its_total(tmp_path):
    _, parsed = parse_text(
        population_wide,
        "lsoa11_code,total_population,0-4,4-9,10+\nE01000001,10,1,2,3\n",
        year=2019,
    )
    assert [str(error) for error in parsed.errors] == [
        "line 1, column 4-9: age band 4-9 overlaps 0-4",
        "line 2, column total_population: the age bands add up to 6 but total_population is 10",
    ]


def test_without_a_year_anywhere_the_file_is_refused():
    _, parsed = parse_text(population_wide, "area_code,0,1+\nE01000001,1,2\n")
    assert [str(error) for error in parsed.errors] == [
        "line 1: no year: the file has no year column and its name gives none; give the year "
        "(--year YEAR)"
    ]


def test_deaths_skip_rows_without_a_code_with_one_warning_per_name():
    content = (
        "area_code,area_name,sex,age_band,deaths\n"
        "E06000001,Hartlepool,Male,All ages,3\n"
        "E06000001,Hartlepool,Male,<1,1\n"
        "E06000001,Hartlepool,Male,1-4,2\n"
        ",INNER LONDON,Male,<1,7\n"
        ",INNER LONDON,Male,1-4,8\n"
        "E06000001,Hartlepool,Male,<1,1\n"  # an exact repeat
    )
    _, parsed = parse_text(deaths, content, name="deaths_2014.csv")
    assert parsed.errors == []
    assert [str(warning) for warning in parsed.warnings] == [
        "line 5, column area_code: no area code for 'INNER LONDON': its 2 row(s) were skipped",
        "line 7: repeats line 3 exactly; skipped",
    ]
    records = parsed.data["records"]
    assert list(records["year"].unique()) == [2014]
    assert sorted(zip(records["age_from"], records["value"], strict=True)) == [(0, 1), (1, 2)]


def test_deaths_bands_must_add_up_to_all_ages():
    content = (
        "area_code,area_name,sex,age_band,deaths\n"
        "E06000001,Hartlepool,Female,All ages,4\n"
        "E06000001,Hartlepool,Female,<1,1\n"
        "E06000001,Hartlepool,Female,1-4,2\n"
    )
    _, parsed = parse_text(deaths, content, year=2014)
    assert [str(error) for error in parsed.errors] == [
        "line 2, column deaths: the age bands add up to 3 but the all-ages value is 4"
    ]
