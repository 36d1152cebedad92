"""English Indices of Deprivation 2019, File 7 ("all ranks, deciles and scores"), by LSOA 2011.

Recognised by File 7's exact column headers (compared ignoring case and runs of spaces). Needed:
``LSOA code (2011)``, ``Index of Multiple Deprivation (IMD) Score``, ``... Rank (where 1 is
most deprived)`` and ``... Decile (where 1 is most deprived 10% of LSOAs)``. Read when present:
the seven domains' rank and decile columns (stored as ``{domain: rank}`` and
``{domain: decile}``) and the five population denominators (mid-2015, excluding prisoners).
Other File 7 columns (domain scores, IDACI, IDAOPI, sub-domains) are ignored.

Checks: codes are LSOA codes; scores are numbers >= 0; ranks whole numbers from 1 to the number
of LSOAs in England (32,844); deciles 1-10 and **consistent with the rank** as MHCLG assigns
them, ``decile = ceil(rank * 10 / 32,844)`` (decile 1 = the most deprived tenth); denominators
numbers >= 0 (empty allowed); an LSOA appears once (an exact repeat is skipped with a warning).

Source: MHCLG, English Indices of Deprivation 2019, File 7 and its technical report (2019).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from placematters.geography.importers._areas import checked_codes
from placematters.geography.importers.base import (
    Parsed,
    RowError,
    header_of,
    numbers,
    read_table,
    repeats,
    text,
)
from placematters.geography.importers.columns import Family

NAME = "imd2019_file7"
DESCRIPTION = "IoD2019 File 7 (LSOA code (2011), IMD score, rank and decile)"
LSOAS_IN_ENGLAND = 32_844

CODE = "LSOA code (2011)"
LSOA_NAME = "LSOA name (2011)"
SCORE = "Index of Multiple Deprivation (IMD) Score"
RANK = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"
DECILE = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"

#: Domain key → File 7's name for it.
DOMAINS = {
    "income": "Income",
    "employment": "Employment",
    "education": "Education, Skills and Training",
    "health": "Health Deprivation and Disability",
    "crime": "Crime",
    "housing": "Barriers to Housing and Services",
    "living_environment": "Living Environment",
}

#: Deprivation field → File 7 denominator column.
POPULATIONS = {
    "population_total": "Total population: mid 2015 (excluding prisoners)",
    "population_children_0_15": "Dependent Children aged 0-15: mid 2015 (excluding prisoners)",
    "population_16_59": "Population aged 16-59: mid 2015 (excluding prisoners)",
    "population_60_plus": "Older population aged 60 and over: mid 2015 (excluding prisoners)",
    "population_working_age": (
        "Working age population 18-59/64: for use with Employment Deprivation Domain "
        "(excluding prisoners)"
    ),
}


def domain_rank_column(label: str) -> str:
    return f"{label} Rank (where 1 is most deprived)"


def domain_decile_column(label: str) -> str:
    return f"{label} Decile (where 1 is most deprived 10% of LSOAs)"


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


def _columns(columns: list[str]) -> dict[str, str]:
    """File 7 header → the file's own spelling of it, for the headers present."""
    by_key = {_key(column): column for column in columns}
    wanted = [CODE, LSOA_NAME, SCORE, RANK, DECILE, *POPULATIONS.values()]
    for label in DOMAINS.values():
        wanted += [domain_rank_column(label), domain_decile_column(label)]
    return {name: by_key[_key(name)] for name in wanted if _key(name) in by_key}


def detect(path: Path | str) -> bool:
    columns = header_of(path)
    return columns is not None and {CODE, SCORE}.issubset(_columns(columns))


def read(path: Path | str, **_options: object) -> pd.DataFrame:
    return read_table(path)


def validate(rows: pd.DataFrame) -> list[RowError]:
    return parse(rows).errors


def _decile_of(rank: pd.Series) -> pd.Series:
    return np.ceil(rank * 10 / LSOAS_IN_ENGLAND)


def parse(rows: pd.DataFrame) -> Parsed:
    parsed = Parsed(format=NAME, row_count=len(rows))
    present = _columns(list(rows.columns))
    for required in (CODE, SCORE, RANK, DECILE):
        if required not in present:
            parsed.errors.append(
                RowError(1, required, "missing column (IoD2019 File 7 headers are needed)")
            )
    if parsed.errors:
        return parsed

    family = Family("lsoa", "2011", present[CODE], None)
    codes, parsed.errors = checked_codes(rows, family)
    for line in codes.index[text(rows, present[CODE]) == ""]:
        parsed.errors.append(RowError(int(line), present[CODE], "missing area code"))
    out = pd.DataFrame({"line": rows.index, "code": codes.to_numpy()}, index=rows.index)

    def number(header: str, **kwargs: object) -> pd.Series:
        values, errors = numbers(text(rows, present[header]), present[header], **kwargs)
        parsed.errors.extend(errors)
        return values

    rank_limits = {"whole": True, "minimum": 1, "maximum": LSOAS_IN_ENGLAND, "what": "rank"}
    decile_limits = {"whole": True, "minimum": 1, "maximum": 10, "what": "decile"}
    out["imd_score"] = number(SCORE, what="score")
    out["imd_rank"] = number(RANK, **rank_limits)
    out["imd_decile"] = number(DECILE, **decile_limits)
    _check_deciles(parsed, out["imd_rank"], out["imd_decile"], present[DECILE])

    ranks: dict[str, pd.Series] = {}
    deciles: dict[str, pd.Series] = {}
    for key, label in DOMAINS.items():
        if domain_rank_column(label) in present:
            ranks[key] = number(domain_rank_column(label), **rank_limits)
        if domain_decile_column(label) in present:
            deciles[key] = number(domain_decile_column(label), **decile_limits)
        if key in ranks and key in deciles:
            _check_deciles(parsed, ranks[key], deciles[key], present[domain_decile_column(label)])
    for field, header in POPULATIONS.items():
        if header in present:
            out[field] = number(header, what="population", required=False)
        else:
            out[field] = np.nan

    kept, errors, warnings = repeats(
        out.assign(**{f"rank_{k}": v for k, v in ranks.items()}),
        ["code"],
        ["imd_score", "imd_rank", "imd_decile", *(f"rank_{k}" for k in ranks)],
        what="LSOA",
        column=present[CODE],
    )
    parsed.errors += errors
    parsed.warnings += warnings
    if parsed.errors:
        return parsed
    lines = kept.index
    out = out.loc[lines]
    parsed.data["deprivation"] = out.reset_index(drop=True)
    parsed.data["domain_ranks"] = {k: v.loc[lines].to_numpy() for k, v in ranks.items()}
    parsed.data["domain_deciles"] = {k: v.loc[lines].to_numpy() for k, v in deciles.items()}
    parsed.data["code_column"] = present[CODE]
    return parsed


def _check_deciles(parsed: Parsed, rank: pd.Series, decile: pd.Series, column: str) -> None:
    expected = _decile_of(rank)
    in_range = rank.between(1, LSOAS_IN_ENGLAND) & decile.between(1, 10)  # else reported already
    wrong = in_range & (expected != decile)
    for line in rank.index[wrong]:
        parsed.errors.append(
            RowError(
                int(line),
                column,
                f"decile {decile[line]:g} does not match rank {rank[line]:,.0f} (rank "
                f"{rank[line]:,.0f} of {LSOAS_IN_ENGLAND:,} is in decile {expected[line]:g})",
            )
        )


def domain_dicts(columns: dict[str, np.ndarray], length: int) -> list[dict[str, int]]:
    """One ``{domain: value}`` dict per row from per-domain columns (missing values left out)."""
    if not columns:
        return [{} for _ in range(length)]
    keys = list(columns)
    matrix = np.column_stack([columns[key] for key in keys])
    if not np.isnan(matrix).any():
        return [dict(zip(keys, row, strict=True)) for row in matrix.astype(np.int64).tolist()]
    return [
        {key: int(value) for key, value in zip(keys, row, strict=True) if not math.isnan(value)}
        for row in matrix.tolist()
    ]
