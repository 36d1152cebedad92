"""Reading geography, deprivation, population and deaths.

These are shared reference data (no partnership owns them), so these functions take codes
rather than a partnership. Areas are walked through their ``parent`` links, which the
importers store to the next level only (LSOA → district → county → region), so every
"what is inside" question goes through :func:`children`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from placematters.geography.importers._bands import band_label
from placematters.geography.models import (
    Area,
    AreaLink,
    AreaType,
    DeathCount,
    Deprivation,
    PopulationCount,
    Sex,
)
from placematters.stats import quantiles

CHUNK = 5_000
LSOA_2011 = "2011"
LSOA_2021 = "2021"
MAX_DEPTH = 10


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def area_by_code(code: str, vintage: str | None = None) -> Area | None:
    """The area with this GSS code: in ``vintage`` if given, else the latest vintage held."""
    areas = Area.objects.filter(code=code.strip())
    if vintage is not None:
        return areas.filter(vintage=str(vintage)).first()
    return areas.order_by("-vintage").first()


def _descendant_ids(start: Iterable[int]) -> set[int]:
    """Ids of every area below ``start`` through parent links (any depth, any vintage)."""
    seen: set[int] = set()
    frontier = list(set(start))
    for _ in range(MAX_DEPTH):
        found: list[tuple[int, str]] = []
        for chunk in _chunks(frontier):
            found += AreaLink.objects.filter(
                parent_id__in=chunk, relation=AreaLink.Relation.PARENT
            ).values_list("child_id", "child__area_type")
        new = {child for child, _ in found} - seen
        seen |= new
        # LSOAs are the finest level: nothing lies below them, so they need no further query.
        lsoas = {child for child, kind in found if kind == AreaType.LSOA}
        frontier = sorted(new - lsoas)
        if not frontier:
            break
    return seen


def _areas(ids: Iterable[int]) -> list[Area]:
    areas: list[Area] = []
    for chunk in _chunks(sorted(ids)):
        areas += Area.objects.filter(id__in=chunk)
    return sorted(areas, key=lambda area: (area.code, area.vintage))


def children(area: Area, area_type: str, vintage: str | None = None) -> list[Area]:
    """The areas of ``area_type`` (and ``vintage``, if given) inside ``area``, by code.

    Follows parent links down any number of levels, e.g. ``children(norfolk_2019, "lsoa",
    "2011")`` gives Norfolk's 538 LSOAs through its districts. Only areas linked in a lookup
    are found: the MSOAs of a district, say, only when a lookup linked them.
    """
    ids = _descendant_ids([area.id])
    result: list[Area] = []
    for chunk in _chunks(sorted(ids)):
        found = Area.objects.filter(id__in=chunk, area_type=area_type)
        if vintage is not None:
            found = found.filter(vintage=str(vintage))
        result += found
    return sorted(result, key=lambda item: item.code)


def lsoas_in(codes: Iterable[str]) -> list[Area]:
    """The LSOA 2011 areas making up any mix of LSOA, MSOA, ward, district, county, region
    or country codes, sorted by code, each once.

    For each code (in every vintage held): an LSOA 2011 is itself; an LSOA 2021 maps to the
    2011 LSOAs it was made from (the best-fit table's successor links); any other area gives
    the LSOA 2011s found below it through 2011-based lookups, or, if none are held, the 2011
    predecessors of the LSOA 2021s below it. Unknown codes give nothing (check with
    :func:`area_by_code` first where that matters).
    """
    result: set[int] = set()
    wanted = sorted({code.strip() for code in codes if code and code.strip()})
    for chunk in _chunks(wanted):
        by_code: dict[str, list[tuple[int, str, str]]] = {}
        for area_id, code, kind, vintage in Area.objects.filter(code__in=chunk).values_list(
            "id", "code", "area_type", "vintage"
        ):
            by_code.setdefault(code, []).append((area_id, kind, vintage))
        for held in by_code.values():
            result |= _lsoa11_ids(held)
    return _areas(result)


def _lsoa11_ids(held: list[tuple[int, str, str]]) -> set[int]:
    lsoa11 = {
        area_id for area_id, kind, vintage in held if kind == AreaType.LSOA and vintage == LSOA_2011
    }
    if lsoa11:
        return lsoa11
    lsoa21 = {area_id for area_id, kind, vintage in held if kind == AreaType.LSOA}
    if not lsoa21:
        below = _descendant_ids(area_id for area_id, _, _ in held)
        typed = _typed(below)
        direct = {area_id for area_id, (kind, vintage) in typed.items()
                  if kind == AreaType.LSOA and vintage == LSOA_2011}  # fmt: skip
        if direct:
            return direct
        lsoa21 = {area_id for area_id, (kind, _) in typed.items() if kind == AreaType.LSOA}
    return _predecessors(lsoa21)


def _typed(ids: set[int]) -> dict[int, tuple[str, str]]:
    typed = {}
    for chunk in _chunks(sorted(ids)):
        for area_id, kind, vintage in Area.objects.filter(id__in=chunk).values_list(
            "id", "area_type", "vintage"
        ):
            typed[area_id] = (kind, vintage)
    return typed


def _predecessors(ids: set[int]) -> set[int]:
    """The LSOA 2011s whose successors (best fit) are among ``ids``."""
    found: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        found |= set(
            AreaLink.objects.filter(
                parent_id__in=chunk,
                relation=AreaLink.Relation.SUCCESSOR,
                child__vintage=LSOA_2011,
            ).values_list("child_id", flat=True)
        )
    return found


def deprivation_for(lsoa_codes: Iterable[str], edition: str = "IMD2019") -> pd.DataFrame:
    """IMD for LSOA 2011 codes: one row per LSOA held, indexed by code.

    Columns: ``name``, ``imd_score``, ``imd_rank``, ``imd_decile`` (national, 1 = most
    deprived), the five ``population_*`` denominators, and ``<domain>_rank`` and
    ``<domain>_decile`` for each domain held. Codes without IMD are left out.
    """
    codes = sorted({code.strip() for code in lsoa_codes})
    rows = []
    fields = [
        "area__code", "area__name", "imd_score", "imd_rank", "imd_decile",
        "population_total", "population_children_0_15", "population_16_59",
        "population_60_plus", "population_working_age", "domain_ranks", "domain_deciles",
    ]  # fmt: skip
    for chunk in _chunks(codes):
        rows += Deprivation.objects.filter(
            edition=edition,
            area__code__in=chunk,
            area__vintage=LSOA_2011,
            area__area_type=AreaType.LSOA,
        ).values_list(*fields)
    frame = pd.DataFrame(rows, columns=["code", "name", *fields[2:]])
    ranks = pd.DataFrame(list(frame.pop("domain_ranks")), index=frame.index).add_suffix("_rank")
    deciles = pd.DataFrame(list(frame.pop("domain_deciles")), index=frame.index)
    frame = pd.concat([frame, ranks, deciles.add_suffix("_decile")], axis=1)
    return frame.set_index("code").sort_index()


def local_quantiles(
    lsoa_codes: Iterable[str], n: int = 10, *, by: str = "rank", edition: str = "IMD2019"
) -> pd.DataFrame:
    """IMD deciles (n=10), quintiles (n=5)... recomputed *within* the given LSOAs.

    The national deciles are stored as published; local ones are computed here with
    :func:`placematters.stats.quantiles` (OHID's method, PHEindicatormethods ``phe_quantile``):
    with N LSOAs ranked r = 1..N, ``quantile = floor((n + 1) - ceiling(((N + 1) - r) / (N / n)))``.

    **Quantile 1 is always the most deprived.** By default (``by="rank"``) LSOAs are ordered by
    their national IMD rank (1 = most deprived; ranks are unique, and they order LSOAs by
    MHCLG's unrounded score, so there are no ties and ``invert=False``). With ``by="score"``
    they are ordered by the published IMD score, highest first (``invert=True``); scores are
    published to 3 decimal places, so equal scores occur, and tied LSOAs share the lowest rank
    and therefore the same quantile (ties are never split, so quantiles can be unequal in size).

    Returns a frame indexed by code with ``imd_score``, ``imd_rank``, ``national_decile`` and
    ``local_quantile`` (NaN for every LSOA when there are fewer LSOAs than quantiles, with
    the statistics package's TooFewValuesWarning). LSOAs without IMD are left out.
    """
    if by not in ("rank", "score"):
        raise ValueError(f"by must be 'rank' or 'score', not {by!r}")
    frame = deprivation_for(lsoa_codes, edition)[["imd_score", "imd_rank", "imd_decile"]]
    frame = frame.rename(columns={"imd_decile": "national_decile"})
    values = frame["imd_rank" if by == "rank" else "imd_score"].to_numpy(dtype=float)
    frame["local_quantile"] = quantiles(values, n=n, invert=(by == "score"))
    return frame


def _counts(
    model: type[PopulationCount] | type[DeathCount],
    value_field: str,
    area_codes: Iterable[str],
    year: int,
    sex: str,
    bands: Sequence[tuple[int, int | None]] | None,
) -> pd.DataFrame:
    codes = sorted({code.strip() for code in area_codes})
    columns = ["area__code", "sex", "age_from", "age_to", value_field]
    sexes = [sex] if sex != Sex.PERSONS else [Sex.PERSONS, Sex.MALE, Sex.FEMALE]
    rows = []
    for chunk in _chunks(codes):
        rows += model.objects.filter(area__code__in=chunk, year=year, sex__in=sexes).values_list(
            *columns
        )
    frame = pd.DataFrame(rows, columns=["area_code", "sex", "age_from", "age_to", "value"])
    frame["age_to"] = frame["age_to"].astype(float)
    if sex == Sex.PERSONS and len(frame):
        held = set(frame.loc[frame["sex"] == Sex.PERSONS, "area_code"])
        summed = (
            frame[~frame["area_code"].isin(held) & (frame["sex"] != Sex.PERSONS)]
            .groupby(["area_code", "age_from", "age_to"], dropna=False, as_index=False)["value"]
            .sum()
            .assign(sex=Sex.PERSONS.value)
        )
        frame = pd.concat([frame[frame["sex"] == Sex.PERSONS], summed], ignore_index=True)
    if bands is not None:
        frame = _into_bands(frame, bands)
    frame["band"] = [
        band_label(a, b) for a, b in zip(frame["age_from"], frame["age_to"], strict=True)
    ]
    frame = frame.sort_values(["area_code", "age_from"], ignore_index=True)
    return frame.rename(columns={"value": value_field})[
        ["area_code", "sex", "age_from", "age_to", "band", value_field]
    ]


def _into_bands(frame: pd.DataFrame, bands: Sequence[tuple[int, int | None]]) -> pd.DataFrame:
    """Sum held bands into wider ``bands``; a held band that straddles two is an error."""
    starts = np.array([start for start, _ in bands], dtype=float)
    ends = np.array([np.inf if end is None else end for _, end in bands], dtype=float)
    held_to = frame["age_to"].fillna(np.inf).to_numpy()
    held_from = frame["age_from"].to_numpy(dtype=float)
    target = np.searchsorted(starts, held_from, side="right") - 1
    valid = (target >= 0) & (held_to <= ends[np.clip(target, 0, None)])
    if not valid.all():
        row = frame[~valid].iloc[0]
        raise ValueError(
            f"{row['area_code']}: the held band {band_label(row['age_from'], row['age_to'])} "
            "does not fit inside one of the requested bands"
        )
    frame = frame.assign(age_from=starts[target].astype(int), age_to=ends[target])
    frame["age_to"] = frame["age_to"].replace(np.inf, np.nan)
    return frame.groupby(["area_code", "sex", "age_from", "age_to"], dropna=False, as_index=False)[
        "value"
    ].sum()


def population_bands(
    area_codes: Iterable[str],
    year: int,
    sex: str = Sex.PERSONS,
    bands: Sequence[tuple[int, int | None]] | None = None,
) -> pd.DataFrame:
    """Population by area and age band: columns area_code, sex, age_from, age_to (NaN = open),
    band (label such as "0-4", "7", "90+") and population.

    ``bands`` (e.g. ``[(0, 0), (1, 4), (5, 9), ..., (90, None)]``) sums the held bands into
    those; a held band that straddles two requested ones raises ValueError. For persons, an
    area held only by sex gets male + female.
    """
    return _counts(PopulationCount, "population", area_codes, year, sex, bands)


def deaths_bands(
    area_codes: Iterable[str],
    year: int,
    sex: str = Sex.PERSONS,
    bands: Sequence[tuple[int, int | None]] | None = None,
) -> pd.DataFrame:
    """Deaths by area and age band, shaped as :func:`population_bands` (column ``deaths``)."""
    return _counts(DeathCount, "deaths", area_codes, year, sex, bands)


def parents(area: Area) -> list[Area]:
    """The areas ``area`` is directly linked into by parent links, in the order the links
    were stored, each once (e.g. an LSOA's district, and its ward or MSOA where a lookup
    linked them). Best-fit (successor) links are not parents.
    """
    ids = list(
        AreaLink.objects.filter(child=area, relation=AreaLink.Relation.PARENT)
        .order_by("id")
        .values_list("parent_id", flat=True)
    )
    ordered = list(dict.fromkeys(ids))
    held = {item.id: item for item in Area.objects.filter(id__in=ordered)}
    return [held[area_id] for area_id in ordered if area_id in held]


def boundaries_for(codes: Iterable[str]) -> dict[str, dict]:
    """GeoJSON geometries (WGS84, simplified for display) by area code.

    For each code, the boundary of the latest vintage that has one; codes with no boundary
    held in any vintage are left out.
    """
    wanted = sorted({code.strip() for code in codes if code and code.strip()})
    found: dict[str, tuple[str, dict]] = {}
    for chunk in _chunks(wanted):
        for code, vintage, geometry in Area.objects.filter(
            code__in=chunk, boundary__isnull=False
        ).values_list("code", "vintage", "boundary__geometry"):
            if code not in found or vintage > found[code][0]:
                found[code] = (vintage, geometry)
    return {code: geometry for code, (_, geometry) in sorted(found.items())}
