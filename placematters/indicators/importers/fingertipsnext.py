"""FingertipsNext CSV: the upload format indicator owners use, and DHSC's data extract.

**Upload** (one indicator per file; FingertipsNext ``UploadedIndicatorDataRow``)::

    area_code, date_from, date_to, period_type, sex, age_from_years_inclusive,
    age_to_years_inclusive, deprivation_decile, deprivation_category, count, value,
    denominator, lower_ci_95, upper_ci_95, lower_ci_99_8, upper_ci_99_8

The indicator is not in the file: give it as an ``indicator_id`` column or in the mapping
(``{"indicator_id": "93015"}``). Dates are YYYY-MM-DD; a whole calendar year becomes "2020", a
financial year (1 April to 31 March) "2020/21", whole calendar years "2018 - 20", anything else
"2020-01-01 to 2020-06-30". Ages become "All ages", "18+ yrs" or "18-64 yrs"; deciles take
Fingertips' names ("Most deprived decile" ... "Least deprived decile").

**Extract** (``DataCreator/data/out/healthdata.csv``, many indicators)::

    IndicatorId, IndicatorName, AreaCode, AreaName, AreaType, Year, Sex, SexID, Age, AgeID,
    CategoryType, CategoryTypeId, Category, CategoryId, Value, LowerCI, UpperCI, Count,
    Denominator, Trend

``Year`` is the period's first year; with the indicator's period type it becomes "2018/19"
(financial, academic and other "yearly" periods that straddle two years) or "2018" (calendar).

**Metadata**: ``*indicators_metadata.csv`` beside the file, or ``{"metadata": path}`` in the
mapping (IndicatorID, Polarity, BenchmarkComparisonMethod, ValueType, IndicatorName, PeriodType,
...), gives polarity, benchmarking, value type and period type; the multiplier is inferred.

**Lookups** (for the extract): ``*age_bands*.csv`` (AgeID, Age, MinYears, MaxYears) and
``*category_types*.csv`` (CategoryID, CategoryName, Sequence, CategoryTypeID, CategoryTypeName)
beside the file, or ``{"age_bands": path, "category_types": path}`` in the mapping. When
present, every AgeID in the data must be a known band, and every CategoryTypeId (and its
CategoryId) a known category: an unknown one is an error on its line and column. A blank
CategoryType or Category is filled from the lookup's names. The observation has no place for
an age's years or a category's sequence, so they are used to order the rows (as they are
stored): within each indicator, area, period and sex, ages youngest first (MinYears; of bands
starting at the same age the widest first, so "All ages" leads), then each category type's
categories by Sequence (deprivation: most deprived first). Rows the lookups do not cover keep
the file's order after the ones they do; rows sharing an observation's key keep their order,
so "the later row" (ADR 0005) is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from placematters.indicators.importers.base import (
    ImportFailed,
    IndicatorMeta,
    RowError,
    Rows,
    apply_metadata,
    canonical_frame,
    indicators_from_frame,
    map_unique,
    missing_columns_errors,
    read_csv_frame,
    scan_csv,
    sniff_header,
    to_numbers,
    validate_rows,
)
from placematters.indicators.importers.inference import complete_metadata

NAME = "fingertipsnext"
LABEL = "FingertipsNext upload or extract (CSV)"

UPLOAD_COLUMNS = (
    "area_code", "date_from", "date_to", "period_type", "sex", "age_from_years_inclusive",
    "age_to_years_inclusive", "deprivation_decile", "deprivation_category", "count", "value",
    "denominator", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8",
)  # fmt: skip
UPLOAD_NUMBERS = {
    "count": "count",
    "value": "value",
    "denominator": "denominator",
    "lower_ci_95": "lower_95",
    "upper_ci_95": "upper_95",
    "lower_ci_99_8": "lower_998",
    "upper_ci_99_8": "upper_998",
}
EXTRACT_COLUMNS = {
    "IndicatorId": "indicator_id",
    "IndicatorName": "indicator_name",
    "AreaCode": "area_code",
    "AreaName": "area_name",
    "AreaType": "area_type",
    "Sex": "sex",
    "Age": "age",
    "CategoryType": "category_type",
    "Category": "category",
    "Value": "value",
    "LowerCI": "lower_95",
    "UpperCI": "upper_95",
    "Count": "count",
    "Denominator": "denominator",
}
EXTRACT_IGNORED = ("SexID", "AgeID", "CategoryTypeId", "CategoryId", "Trend")
EXTRACT_REQUIRED = ("IndicatorId", "AreaCode", "Year", "Value")
DECILES = {
    1: "Most deprived decile",
    2: "Second most deprived decile",
    3: "Third more deprived decile",
    4: "Fourth more deprived decile",
    5: "Fifth more deprived decile",
    6: "Fifth less deprived decile",
    7: "Fourth less deprived decile",
    8: "Third less deprived decile",
    9: "Second least deprived decile",
    10: "Least deprived decile",
}
POLARITIES = {
    "low is good": "lower_is_better",
    "high is good": "higher_is_better",
    "no judgement": "no_judgement",
    "": "no_judgement",
}
BENCHMARK_METHODS = {
    "confidence intervals overlapping reference value (95.0)": "ci95",
    "confidence intervals overlapping reference value (99.8)": "ci998",
    "quintiles": "quintiles",
    "": "none",
}
VALUE_TYPES = {
    "proportion": "proportion",
    "crude rate": "crude_rate",
    "directly standardised rate": "dsr",
    "indirectly standardised ratio": "isr",
    "mean": "mean",
    "life expectancy": "life_expectancy",
    "count": "count",
}
#: Period types whose year straddles two calendar years ("2018/19").
STRADDLING = {"financial", "academic", "yearly", "financial multi-year", "academic multi-year"}
_UPLOAD_SIGNATURE = {"area_code", "date_from", "date_to"}
_EXTRACT_SIGNATURE = {"IndicatorId", "AreaCode", "Year"}


def detect(path: Path) -> bool:
    header = set(sniff_header(Path(path)))
    return header >= _UPLOAD_SIGNATURE or header >= _EXTRACT_SIGNATURE


def read(path: Path, mapping: dict | None = None) -> Rows:
    path = Path(path)
    mapping = dict(mapping or {})
    source = scan_csv(path)
    metadata = read_metadata(_metadata_path(path, mapping))
    if set(source.header) >= _EXTRACT_SIGNATURE:
        lookups = Lookups(
            ages=read_age_bands(_lookup_path(path, mapping, "age_bands")),
            categories=read_category_types(_lookup_path(path, mapping, "category_types")),
        )
        rows = _read_extract(path, source, metadata, lookups)
    else:
        rows = _read_upload(path, source, metadata, mapping)
    apply_metadata(rows, mapping)
    complete_metadata(rows)
    return rows


def validate(rows: Rows) -> list[RowError]:
    return validate_rows(rows)


# --------------------------------------------------------------------------------------------


def _metadata_path(path: Path, mapping: dict) -> Path | None:
    return _lookup_path(path, mapping, "metadata", "indicators_metadata")


def _lookup_path(path: Path, mapping: dict, name: str, stem: str | None = None) -> Path | None:
    """The mapping's ``name`` path, else the first ``*<stem>*.csv`` beside the file."""
    if mapping.get(name):
        return Path(mapping[name])
    beside = sorted(path.parent.glob(f"*{stem or name}*.csv"))
    return beside[0] if beside else None


@dataclass
class Lookups:
    """FingertipsNext's age bands and category types, when found (None otherwise)."""

    ages: pd.DataFrame | None = None
    categories: pd.DataFrame | None = None


AGE_BAND_COLUMNS = ("AgeID", "Age", "MinYears", "MaxYears")
CATEGORY_COLUMNS = ("CategoryID", "CategoryName", "Sequence", "CategoryTypeID", "CategoryTypeName")


def _read_lookup(path: Path, columns: tuple[str, ...], numbers: tuple[str, ...]) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ImportFailed(
            [RowError(None, "", f"the lookup {path.name} cannot be read ({error})")]
        ) from None
    missing = [name for name in columns if name not in table.columns]
    if missing:
        raise ImportFailed(
            [RowError(1, name, f"{path.name} has no {name} column") for name in missing]
        )
    table = table[list(columns)].apply(lambda column: column.str.strip())
    for name in numbers:
        values, bad = to_numbers(table[name])
        if bad:
            i, text = bad[0]
            raise ImportFailed(
                [RowError(int(i) + 2, name, f"{path.name}: {text!r} is not a number")]
            )
        table[name] = values
    for name in columns:
        if name.endswith("ID"):
            table[name] = identifiers(table[name])
    return table


def read_age_bands(path: Path | None) -> pd.DataFrame | None:
    """FingertipsNext's age bands (AgeID, Age, MinYears, MaxYears), IDs as whole-number text."""
    if path is None:
        return None
    return _read_lookup(path, AGE_BAND_COLUMNS, ("MinYears", "MaxYears")).drop_duplicates("AgeID")


def read_category_types(path: Path | None) -> pd.DataFrame | None:
    """FingertipsNext's categories, one row per (CategoryTypeID, CategoryID)."""
    if path is None:
        return None
    table = _read_lookup(path, CATEGORY_COLUMNS, ("Sequence",))
    return table.drop_duplicates(["CategoryTypeID", "CategoryID"])


def identifiers(column: pd.Series) -> pd.Series:
    """IDs as whole-number text ("113.0" and "113" are "113"); other text unchanged."""

    def whole(text: str) -> str:
        text = str(text).strip()
        try:
            number = float(text)
        except ValueError:
            return text
        return str(int(number)) if np.isfinite(number) and number == int(number) else text

    return map_unique(column.astype(str), whole)


def read_metadata(path: Path | None) -> dict[str, IndicatorMeta]:
    """Indicator metadata by ID from a FingertipsNext ``indicators_metadata.csv``."""
    if path is None:
        return {}
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ImportFailed(
            [RowError(None, "", f"the indicator metadata {path.name} cannot be read ({error})")]
        ) from None
    if "IndicatorID" not in table.columns:
        raise ImportFailed([RowError(1, "IndicatorID", f"{path.name} has no IndicatorID column")])
    found = {}
    for record in table.to_dict("records"):
        key = record["IndicatorID"].strip()
        value_type = record.get("ValueType", "").strip().lower()
        found[key] = IndicatorMeta(
            key=key,
            external_id=key,
            name=record.get("IndicatorName", "").strip(),
            value_type=VALUE_TYPES.get(value_type, "other" if value_type else None),
            polarity=POLARITIES.get(record.get("Polarity", "").strip().lower()),
            benchmark_method=BENCHMARK_METHODS.get(
                record.get("BenchmarkComparisonMethod", "").strip().lower()
            ),
            period_type=record.get("PeriodType", "").strip(),
            source="FingertipsNext (DHSC)",
        )
    return found


def _merge_metadata(rows: Rows, metadata: dict[str, IndicatorMeta]) -> None:
    for key, meta in rows.indicators.items():
        known = metadata.get(meta.external_id)
        if known is None:
            continue
        meta.name = meta.name or known.name
        for name in ("value_type", "polarity", "benchmark_method"):
            setattr(meta, name, getattr(known, name))
        meta.period_type = known.period_type
        meta.source = known.source
        rows.indicators[key] = meta


def _read_extract(path: Path, source, metadata, lookups: Lookups | None = None) -> Rows:
    lookups = lookups or Lookups()
    known = [*EXTRACT_COLUMNS, *EXTRACT_IGNORED, "Year"]
    missing = missing_columns_errors(source.header, EXTRACT_REQUIRED, known)
    if missing:
        raise ImportFailed(missing)
    columns = {ours: theirs for theirs, ours in EXTRACT_COLUMNS.items() if theirs in source.header}
    numbers = {"value", "lower_95", "upper_95", "count", "denominator"}
    ids = [name for name in LOOKUP_IDS if name in source.header]
    frame, problems = read_csv_frame(
        source,
        text_columns=[theirs for ours, theirs in columns.items() if ours not in numbers]
        + ["Year", *ids],
        number_columns=[theirs for ours, theirs in columns.items() if ours in numbers],
    )
    rows_frame = canonical_frame(frame, columns)
    problems += _apply_lookups(rows_frame, frame, lookups)
    years, bad = to_numbers(frame["Year"])
    lines = frame["line"].to_numpy()
    problems += [RowError(int(lines[i]), "Year", f"{text!r} is not a year") for i, text in bad]
    year = years.to_numpy()
    whole = np.isfinite(year) & (year == np.floor(year)) & (year >= 1800) & (year <= 2200)
    problems += [
        RowError(int(lines[i]), "Year", f"{frame['Year'].iat[i]!r} is not a year")
        for i in np.flatnonzero(~whole & np.isfinite(year))
    ]
    rows = Rows(
        format=NAME,
        path=path,
        frame=rows_frame,
        columns={**columns, "period": "Year", "period_sortable": "Year"},
        indicators=indicators_from_frame(rows_frame),
        problems=problems,
    )
    _merge_metadata(rows, metadata)
    straddles = {
        key
        for key, meta in rows.indicators.items()
        if meta.period_type.strip().lower() in STRADDLING
    }
    first = np.where(whole, year, 0).astype(np.int64)
    plain = pd.Series(first.astype(str))
    following = pd.Series(((first + 1) % 100).astype(str)).str.zfill(2)
    straddling = rows_frame["indicator_key"].isin(straddles).to_numpy()
    period = np.where(straddling, (plain + "/" + following).to_numpy(), plain.to_numpy())
    rows_frame["period"] = np.where(whole, period, "")
    rows_frame["period_sortable"] = np.where(whole, first * 10000.0, np.nan)
    if lookups.ages is not None or lookups.categories is not None:
        rows.frame = _in_lookup_order(rows_frame)
    else:
        rows.frame = rows_frame.drop(columns=list(RANKS))
    return rows


LOOKUP_IDS = ("AgeID", "CategoryTypeId", "CategoryId")
RANKS = ("age_rank_min", "age_rank_max", "category_rank")


def _apply_lookups(rows_frame: pd.DataFrame, frame: pd.DataFrame, lookups: Lookups):
    """Check the extract's IDs against the lookups, fill blank names, and rank ages and
    categories (``age_rank``, ``category_rank`` on ``rows_frame``); return the problems."""
    lines = frame["line"].to_numpy()
    problems: list[RowError] = []
    length = len(frame)
    rows_frame["age_rank_min"] = np.full(length, np.inf)
    rows_frame["age_rank_max"] = np.full(length, np.inf)
    rows_frame["category_rank"] = np.full(length, np.inf)
    ages = lookups.ages
    if ages is not None and "AgeID" in frame.columns:
        age_id = identifiers(frame["AgeID"])
        known = age_id.isin(ages["AgeID"]).to_numpy()
        given = (age_id != "").to_numpy()
        problems += [
            RowError(
                int(lines[i]),
                "AgeID",
                f"{age_id.iat[i]!r} is not an age band in the age bands lookup",
            )
            for i in np.flatnonzero(given & ~known)
        ]
        table = ages.set_index("AgeID")
        rows_frame["age_rank_min"] = age_id.map(table["MinYears"]).fillna(np.inf).to_numpy()
        # Of bands starting at the same age, the widest first ("All ages" before "0-4 yrs").
        rows_frame["age_rank_max"] = (-age_id.map(table["MaxYears"])).fillna(np.inf).to_numpy()
    categories = lookups.categories
    if categories is not None and "CategoryTypeId" in frame.columns:
        type_id = identifiers(frame["CategoryTypeId"])
        category_id = (
            identifiers(frame["CategoryId"])
            if "CategoryId" in frame.columns
            else pd.Series([""] * length, dtype=str)
        )
        type_known = type_id.isin(categories["CategoryTypeID"]).to_numpy()
        has_type = (type_id != "").to_numpy()
        has_category = (category_id != "").to_numpy()
        problems += [
            RowError(
                int(lines[i]),
                "CategoryTypeId",
                f"{type_id.iat[i]!r} is not a category type in the category types lookup",
            )
            for i in np.flatnonzero(has_type & ~type_known)
        ]
        problems += [
            RowError(
                int(lines[i]),
                "CategoryId",
                f"the category {category_id.iat[i]!r} has no CategoryTypeId, so it cannot be "
                "looked up",
            )
            for i in np.flatnonzero(has_category & ~has_type)
        ]
        keys = type_id + "/" + category_id
        table = categories.set_index(categories["CategoryTypeID"] + "/" + categories["CategoryID"])
        pair_known = keys.isin(table.index).to_numpy()
        problems += [
            RowError(
                int(lines[i]),
                "CategoryId",
                f"{category_id.iat[i]!r} is not a category of type {type_id.iat[i]!r} in the "
                "category types lookup",
            )
            for i in np.flatnonzero(has_category & type_known & ~pair_known)
        ]
        type_names = categories.drop_duplicates("CategoryTypeID").set_index("CategoryTypeID")
        blank_type = (rows_frame["category_type"] == "").to_numpy() & type_known
        rows_frame.loc[blank_type, "category_type"] = (
            type_id[blank_type].map(type_names["CategoryTypeName"]).to_numpy()
        )
        blank_category = (rows_frame["category"] == "").to_numpy() & pair_known
        rows_frame.loc[blank_category, "category"] = (
            keys[blank_category].map(table["CategoryName"]).to_numpy()
        )
        rows_frame["category_rank"] = keys.map(table["Sequence"]).fillna(np.inf).to_numpy()
    return problems


def _in_lookup_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered within each indicator, area, period and sex (in the file's order of
    first appearance): ages youngest first (the widest of those starting at the same age
    first), then each category type's categories by Sequence.

    The sort is stable and rows sharing an observation's key share every sort key, so their
    order (which of two duplicates is "later", ADR 0005) is the file's.
    """
    first_seen = [
        pd.factorize(frame[name])[0] for name in ("indicator_key", "area_code", "period", "sex")
    ]
    order = np.lexsort(
        (
            frame["category_rank"].to_numpy(),
            pd.factorize(frame["category_type"])[0],
            frame["age_rank_max"].to_numpy(),
            frame["age_rank_min"].to_numpy(),
            *reversed(first_seen),
        )
    )
    return frame.iloc[order].drop(columns=list(RANKS)).reset_index(drop=True)


def _read_upload(path: Path, source, metadata, mapping) -> Rows:
    header = source.header
    required = [name for name in UPLOAD_COLUMNS if name not in ("deprivation_category",)]
    missing = missing_columns_errors(header, required, [*UPLOAD_COLUMNS, "indicator_id"])
    if missing:
        raise ImportFailed(missing)
    indicator_column = "indicator_id" in header
    if not indicator_column and not mapping.get("indicator_id"):
        raise ImportFailed(
            [
                RowError(
                    1,
                    "",
                    "a FingertipsNext upload file does not say which indicator it holds: add an "
                    'indicator_id column, or give the mapping {"indicator_id": "..."}',
                )
            ]
        )
    text = [
        "area_code", "date_from", "date_to", "period_type", "sex", "deprivation_category",
    ] + (["indicator_id"] if indicator_column else [])  # fmt: skip
    numbers = [*UPLOAD_NUMBERS, "age_from_years_inclusive", "age_to_years_inclusive"]
    numbers.append("deprivation_decile")
    frame, problems = read_csv_frame(source, text_columns=text, number_columns=numbers)
    lines = frame["line"].to_numpy()
    columns = {"area_code": "area_code", "sex": "sex", **{v: k for k, v in UPLOAD_NUMBERS.items()}}
    constants = {}
    if indicator_column:
        columns["indicator_id"] = "indicator_id"
    else:
        constants["indicator_id"] = str(mapping["indicator_id"]).strip()
    if mapping.get("indicator_name"):
        constants["indicator_name"] = str(mapping["indicator_name"]).strip()
    rows_frame = canonical_frame(frame, columns, constants)

    period, sortable, bad_dates = _periods(frame["date_from"], frame["date_to"])
    problems += [RowError(int(lines[i]), column, reason) for i, column, reason in bad_dates]
    rows_frame["period"] = period
    rows_frame["period_sortable"] = sortable
    rows_frame["age"] = _ages(
        frame["age_from_years_inclusive"].to_numpy(), frame["age_to_years_inclusive"].to_numpy()
    )
    decile = frame["deprivation_decile"].to_numpy()
    known_decile = np.isin(decile, list(DECILES))
    problems += [
        RowError(int(lines[i]), "deprivation_decile", f"{decile[i]:g} is not a decile (1 to 10)")
        for i in np.flatnonzero(np.isfinite(decile) & ~known_decile)
    ]
    names = pd.Series(decile).map(DECILES).fillna("").to_numpy()
    kind = frame["deprivation_category"].where(
        frame["deprivation_category"] != "", "Deprivation deciles"
    )
    rows_frame["category"] = names
    rows_frame["category_type"] = np.where(known_decile, kind.to_numpy(), "")
    period_types = frame["period_type"]
    rows = Rows(
        format=NAME,
        path=path,
        frame=rows_frame,
        columns={
            **columns,
            "period": "date_from",
            "period_sortable": "date_from",
            "age": "age_from_years_inclusive",
            "category": "deprivation_decile",
        },
        indicators=indicators_from_frame(rows_frame),
        problems=problems,
    )
    _merge_metadata(rows, metadata)
    for meta in rows.indicators.values():
        if not meta.period_type and len(period_types):
            meta.period_type = period_types.iat[0]
    return rows


def _periods(date_from: pd.Series, date_to: pd.Series):
    """Period text and sortable number from the dates, and (position, column, reason) problems."""
    start = pd.to_datetime(date_from, format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(date_to, format="%Y-%m-%d", errors="coerce")
    problems = []
    for column, given, parsed in (("date_from", date_from, start), ("date_to", date_to, end)):
        for i in np.flatnonzero(parsed.isna().to_numpy()):
            problems.append((i, column, f"{given.iat[i]!r} is not a date (YYYY-MM-DD)"))
    backwards = (end < start).to_numpy()
    problems += [
        (i, "date_to", "the period ends before it starts") for i in np.flatnonzero(backwards)
    ]
    sy, sm, sd = start.dt.year, start.dt.month, start.dt.day
    ey, em, ed = end.dt.year, end.dt.month, end.dt.day
    calendar = (sm == 1) & (sd == 1) & (em == 12) & (ed == 31)
    financial = (sm == 4) & (sd == 1) & (em == 3) & (ed == 31) & (ey == sy + 1)
    text = date_from.str.cat(date_to, sep=" to ")
    first = sy.astype("Int64").astype(str)
    last2 = (ey % 100).astype("Int64").astype(str).str.zfill(2)
    text = text.where(~(calendar & (ey > sy)), first + " - " + last2)
    text = text.where(~(calendar & (ey == sy)), first)
    text = text.where(~financial, first + "/" + last2)
    year_like = calendar | financial
    sortable = np.where(
        year_like.to_numpy(), sy * 10000.0, (sy * 10000 + sm * 100 + sd).astype(float)
    )
    ok = start.notna() & end.notna()
    return (
        text.where(ok, "").to_numpy(),
        np.where(ok.to_numpy(), sortable, np.nan),
        problems,
    )


def _ages(age_from: np.ndarray, age_to: np.ndarray) -> np.ndarray:
    """ "All ages", "18+ yrs" or "18-64 yrs" from the inclusive bounds."""
    low = pd.Series(age_from).map(lambda a: "" if np.isnan(a) else f"{a:g}")
    high = pd.Series(age_to).map(lambda a: "" if np.isnan(a) else f"{a:g}")
    ages = np.where(
        (low == "") & (high == ""),
        "All ages",
        np.where(
            high == "",
            low + "+ yrs",
            np.where(low == "", "0-" + high + " yrs", low + "-" + high + " yrs"),
        ),
    )
    return ages
