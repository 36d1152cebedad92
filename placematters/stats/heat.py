"""WHO HEAT summary measures of health inequality (pure numpy/scipy).

Re-implemented from the formulae in the WHO Health Equity Assessment Toolkit (HEAT / HEAT Plus)
technical notes and WHO's R package ``healthequal`` v1.0.1 (GitHub ``WHOequity/healthequal``),
which defines the 21 measures HEAT reports; see ``stats-methods.md`` section 5. No code was
copied: every function below is written from the stated formula, and the behaviours that are
peculiar to ``healthequal`` (and that we keep so that our numbers equal WHO's) are listed under
"Reference behaviour" in each docstring.

Notation used in every docstring: subgroups j = 1..J of one *group* (one indicator * dimension *
setting * year), estimate y_j, standard error se_j, population N_j, population share
p_j = N_j / ΣN, setting average μ = Σ p_j y_j unless a setting average is supplied, z the normal
critical value for the confidence level (1.96 for 95%).

Inputs are one row per subgroup. Pass ``groups`` (one key per row, or a list of key columns) to
compute many groups in one call; every result then has one entry per group, in the sorted order
of the keys (``result.groups``). Without ``groups`` all rows form one group and the result arrays
have length 1. Arguments that describe the group rather than the subgroup (``favourable``,
``scale``, ``setting_average``) may be scalars or per-row arrays that are constant within each
group.

Missing values: a missing (NaN) estimate, population or order makes that group's result NaN, and
a missing standard error makes its confidence interval NaN, unless ``drop_missing=True``, which
drops subgroups whose estimate is missing first (as ``healthequal`` does with ``force = TRUE``).

Confidence intervals come in three kinds (``result.interval``):

* ``"normal"`` / ``"log-normal"`` — analytic: estimate ± z·se (or on the log scale);
* ``"regression"`` — from the regression that defines the measure (ACI/RCI: model-based SE;
  SII/RII: HC1 heteroscedasticity-robust SE and the delta method);
* ``"simulation"`` — WHO's parametric simulation (BGSD, COV, MDB, MDM, MDR, IDIS): every
  estimate is redrawn ``simulations`` times from a normal distribution with its SE, truncated to
  [0, 100] when the scale is 100 and to [0, ∞) otherwise, the measure is recomputed and the
  interval is the (1 - c)/2 and (1 + c)/2 quantiles (R type 7). The draws reproduce R's own
  stream (``set.seed(seed)`` with R's default Mersenne-Twister / inversion generator), so with
  the default ``seed=123456`` and ``simulations=100`` the limits equal ``healthequal``'s. Each
  group restarts the stream at ``seed``, as one ``healthequal`` call per group would. The
  draws for one group are vectorised (only redraws of out-of-range values are handled one by
  one); groups are simulated one after another (about 0.15 ms per group of ten subgroups).
"""

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit, ndtr, ndtri

from placematters.stats._groups import group_rows
from placematters.stats._validate import as_float_array, confidence_levels, same_length
from placematters.stats.errors import StatsInputError

__all__ = [
    "InequalityResult",
    "heat_aci",
    "heat_bgsd",
    "heat_bgv",
    "heat_cov",
    "heat_difference",
    "heat_idis",
    "heat_mdb",
    "heat_mdm",
    "heat_mdr",
    "heat_mld",
    "heat_paf",
    "heat_par",
    "heat_ratio",
    "heat_rci",
    "heat_rii",
    "heat_sii",
    "heat_theil",
]

Groups = ArrayLike | Sequence[ArrayLike] | None
Interval = Literal["normal", "log-normal", "regression", "simulation"]

HEALTHEQUAL_SEED = 123456
"""The seed ``healthequal`` uses for its simulated intervals by default."""


def _quietly[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Let NaN and infinity propagate without numpy warnings (missing data is documented)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return function(*args, **kwargs)

    return wrapper


@dataclass(frozen=True, eq=False)
class InequalityResult:
    """One summary measure for each group (arrays are read-only).

    ``measure`` is the ``healthequal`` label (``"d"``, ``"mdmw"``, ``"sii"`` …). ``groups`` are
    the sorted unique group keys (``array([None])`` without groups; a structured array for
    several key columns), and ``estimate``, ``se``, ``lower`` and ``upper`` hold one value per
    key. ``se`` is NaN where the reference reports none (the simulated measures). ``interval``
    says how the limits were obtained (module docstring); ``confidence`` is the level as a
    one-element tuple of fractions, as in the indicator results.
    """

    measure: str
    estimate: NDArray[np.float64]
    se: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    groups: np.ndarray
    interval: Interval
    confidence: tuple[float, ...]

    def __post_init__(self) -> None:
        for name in ("estimate", "se", "lower", "upper", "groups"):
            view = getattr(self, name).view()
            view.flags.writeable = False
            object.__setattr__(self, name, view)

    def __len__(self) -> int:
        return len(self.estimate)

    def to_records(self) -> list[dict]:
        """One plain dict per group: group key, measure, estimate, se, lower, upper."""
        return [
            {
                "group": key,
                "measure": self.measure,
                "estimate": float(self.estimate[i]),
                "se": float(self.se[i]),
                "lower": float(self.lower[i]),
                "upper": float(self.upper[i]),
            }
            for i, key in enumerate(self.groups)
        ]


# --------------------------------------------------------------------------------------------
# Input handling (private)


@dataclass(frozen=True)
class _Table:
    """Validated rows, their group of membership and their original row numbers."""

    estimate: NDArray[np.float64]
    se: NDArray[np.float64] | None
    population: NDArray[np.float64] | None
    order: NDArray[np.float64] | None
    reference: NDArray[np.bool_] | None
    favourable: NDArray[np.bool_] | None  # per group
    scale: NDArray[np.float64] | None  # per group
    setting_average: NDArray[np.float64] | None  # per group
    index: NDArray[np.intp]
    keys: np.ndarray
    rows: NDArray[np.intp]

    @property
    def size(self) -> int:
        return len(self.keys)

    def sum(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per-group sum; a NaN anywhere in a group makes its sum NaN."""
        return np.bincount(self.index, weights=values, minlength=self.size)

    def count(self) -> NDArray[np.intp]:
        return np.bincount(self.index, minlength=self.size)

    def at(self, values: NDArray, position: NDArray[np.intp]) -> NDArray[np.float64]:
        """Per-group value at a row position (-1 = no row: NaN)."""
        out = np.full(self.size, np.nan)
        found = position >= 0
        out[found] = values[position[found]]
        return out

    def extreme(self, values: NDArray[np.float64], largest: bool) -> NDArray[np.intp]:
        """Per-group row position of the largest (or smallest) value; ties go to the first row.

        A group with a missing value picks its first missing row, so its result becomes NaN.
        Groups with no rows get -1.
        """
        position = np.arange(len(values))
        if largest:
            ranked = np.lexsort((-position, values, self.index))
            pick = _last_of_each(self.index[ranked])
        else:
            ranked = np.lexsort((position, values, self.index))
            pick = _first_of_each(self.index[ranked])
        out = np.full(self.size, -1, dtype=np.intp)
        out[self.index[ranked[pick]]] = ranked[pick]
        missing = self.where(np.isnan(values))
        return np.where(missing >= 0, missing, out)

    def where(self, mask: NDArray[np.bool_]) -> NDArray[np.intp]:
        """Per-group row position of the first row where ``mask`` holds, or -1."""
        out = np.full(self.size, -1, dtype=np.intp)
        hits = np.flatnonzero(mask)
        found, first = np.unique(self.index[hits], return_index=True)
        out[found] = hits[first]
        return out

    def broadcast(self, per_group: NDArray) -> NDArray:
        return per_group[self.index]

    def row(self, position: int) -> int:
        return int(self.rows[position])


def _first_of_each(sorted_index: NDArray[np.intp]) -> NDArray[np.intp]:
    return np.flatnonzero(np.r_[True, sorted_index[1:] != sorted_index[:-1]])


def _last_of_each(sorted_index: NDArray[np.intp]) -> NDArray[np.intp]:
    return np.flatnonzero(np.r_[sorted_index[1:] != sorted_index[:-1], True])


def _optional(values: ArrayLike | None, argument: str, length: int) -> NDArray | None:
    if values is None:
        return None
    array = as_float_array(values, argument)
    if len(array) == 1 and length != 1:
        array = np.full(length, array[0])
    return array


def _per_group(
    values: NDArray[np.float64] | None,
    argument: str,
    index: NDArray[np.intp],
    size: int,
    rows: NDArray[np.intp],
) -> NDArray[np.float64] | None:
    """Collapse a per-row argument that must be constant within each group."""
    if values is None:
        return None
    out = np.full(size, np.nan)
    found, first = np.unique(index, return_index=True)
    out[found] = values[first]  # the first row of each group
    expected = out[index]
    differs = ~((values == expected) | (np.isnan(values) & np.isnan(expected)))
    if differs.any():
        row = int(np.flatnonzero(differs)[0])
        raise StatsInputError(
            argument,
            "must be the same for every subgroup of a group (it describes the indicator)",
            int(rows[row]),
            float(values[row]),
        )
    return out


def _zero_one(values: NDArray[np.float64] | None, argument: str) -> NDArray[np.bool_] | None:
    if values is None:
        return None
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise StatsInputError(
            argument, "must be 1/True or 0/False (not missing)", row, float(values[row])
        )
    return values == 1.0


def _table(
    estimate: ArrayLike,
    *,
    se: ArrayLike | None = None,
    population: ArrayLike | None = None,
    subgroup_order: ArrayLike | None = None,
    reference: ArrayLike | None = None,
    favourable: bool | ArrayLike | None = None,
    scale: float | ArrayLike | None = None,
    setting_average: float | ArrayLike | None = None,
    groups: Groups = None,
    drop_missing: bool = False,
) -> _Table:
    est = as_float_array(estimate, "estimate")
    n = len(est)
    if n == 0:
        raise StatsInputError("estimate", "give at least one subgroup")
    arrays = {
        "se": _optional(se, "se", n),
        "population": _optional(population, "population", n),
        "subgroup_order": _optional(subgroup_order, "subgroup_order", n),
        "reference": _optional(reference, "reference", n),
        "favourable": _optional(favourable, "favourable", n),
        "scale": _optional(scale, "scale", n),
        "setting_average": _optional(setting_average, "setting_average", n),
    }
    same_length(estimate=est, **arrays)
    for name in ("se", "population"):
        values = arrays[name]
        if values is not None:
            bad = values < 0
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise StatsInputError(name, "must be zero or more", row, float(values[row]))
    scale_values = arrays["scale"]
    if scale_values is not None:
        bad = ~(scale_values > 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise StatsInputError(
                "scale",
                "must be a positive number (e.g. 100 for a percentage)",
                row,
                float(scale_values[row]),
            )
    reference_flags = _zero_one(arrays["reference"], "reference")
    favourable_flags = _zero_one(arrays["favourable"], "favourable")

    grouping = group_rows(groups, n)
    index, keys = grouping.index, grouping.keys
    rows = np.arange(n)
    if drop_missing:
        keep = ~np.isnan(est)
        index, rows, est = index[keep], rows[keep], est[keep]
        arrays = {k: (None if v is None else v[keep]) for k, v in arrays.items()}
        reference_flags = None if reference_flags is None else reference_flags[keep]
        favourable_flags = None if favourable_flags is None else favourable_flags[keep]
    size = len(keys)

    favourable_group = _per_group(
        None if favourable_flags is None else favourable_flags.astype(float),
        "favourable",
        index,
        size,
        rows,
    )
    table = _Table(
        estimate=est,
        se=arrays["se"],
        population=arrays["population"],
        order=arrays["subgroup_order"],
        reference=reference_flags,
        favourable=None if favourable_group is None else favourable_group == 1.0,
        scale=_per_group(arrays["scale"], "scale", index, size, rows),
        setting_average=_per_group(arrays["setting_average"], "setting_average", index, size, rows),
        index=index,
        keys=keys,
        rows=rows,
    )
    if table.reference is not None:
        several = table.sum(table.reference.astype(float)) > 1
        if several.any():
            position = int(np.flatnonzero(table.reference & several[index])[1])
            raise StatsInputError(
                "reference", "mark at most one reference subgroup per group", table.row(position), 1
            )
    return table


def _check_subgroups(table: _Table, minimum: int, measure: str) -> None:
    """Every group with rows must have at least ``minimum`` subgroups (as ``healthequal``)."""
    counts = table.count()
    short = (counts > 0) & (counts < minimum)
    if short.any():
        group = int(np.flatnonzero(short)[0])
        position = int(np.flatnonzero(table.index == group)[0])
        raise StatsInputError(
            "estimate",
            f"{measure} needs at least {minimum} subgroups per group; this group has "
            f"{int(counts[group])}",
            table.row(position),
            float(table.estimate[position]),
        )


def _require(values: object, argument: str, measure: str) -> None:
    if values is None:
        raise StatsInputError(argument, f"is required for {measure}")


def _ordered_groups(table: _Table, required: bool, measure: str) -> NDArray[np.bool_]:
    """Which groups are ordered: those whose subgroup orders are all given.

    A group mixing given and missing orders is an error, as is a repeated order.
    """
    if table.order is None:
        if required:
            raise StatsInputError("subgroup_order", f"is required for {measure}")
        return np.zeros(table.size, dtype=bool)
    missing = np.isnan(table.order)
    n_missing = table.sum(missing.astype(float))
    mixed = (n_missing > 0) & (n_missing < table.count())
    if mixed.any():
        position = int(np.flatnonzero(mixed[table.index] & missing)[0])
        raise StatsInputError(
            "subgroup_order",
            "give an order for every subgroup of an ordered group, or none",
            table.row(position),
            float(table.order[position]),
        )
    ordered = (n_missing == 0) & (table.count() > 0)
    if required and not ordered[table.count() > 0].all():
        position = int(np.flatnonzero(missing)[0])
        raise StatsInputError(
            "subgroup_order", f"{measure} needs an ordered dimension", table.row(position)
        )
    ranked = np.lexsort((table.order, table.index))
    same = (np.diff(table.index[ranked]) == 0) & (np.diff(table.order[ranked]) == 0)
    if same.any():
        position = int(ranked[np.flatnonzero(same)[0] + 1])
        raise StatsInputError(
            "subgroup_order",
            "each subgroup of a group needs its own order",
            table.row(position),
            float(table.order[position]),
        )
    return ordered


def _z(confidence: float) -> tuple[float, float]:
    levels, several = confidence_levels(confidence)
    if several:
        raise StatsInputError("confidence", "give one level for the HEAT measures")
    level = levels[0]
    return level, float(ndtri(1 - (1 - level) / 2))


def _weighted_mean(table: _Table) -> NDArray[np.float64]:
    """μ = Σ p_j y_j per group."""
    assert table.population is not None
    return table.sum(table.population * table.estimate) / table.sum(table.population)


def _setting_mean(table: _Table, measure: str) -> NDArray[np.float64]:
    """The supplied setting average, else the population-weighted mean."""
    if table.setting_average is not None:
        return table.setting_average
    if table.population is None:
        raise StatsInputError(
            "population", f"{measure} needs the population or the setting average"
        )
    return _weighted_mean(table)


def _result(
    measure: str,
    table: _Table,
    estimate: NDArray[np.float64],
    se: NDArray[np.float64] | None,
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    interval: Interval,
    confidence: float,
) -> InequalityResult:
    empty = table.count() == 0

    def clean(values: NDArray[np.float64] | None) -> NDArray[np.float64]:
        out = np.full(table.size, np.nan) if values is None else np.asarray(values, float).copy()
        out[empty] = np.nan
        return out

    return InequalityResult(
        measure=measure,
        estimate=clean(estimate),
        se=clean(se),
        lower=clean(lower),
        upper=clean(upper),
        groups=table.keys,
        interval=interval,
        confidence=(confidence,),
    )


# --------------------------------------------------------------------------------------------
# Simple measures: D and R


def _pair(table: _Table, measure: str) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Rows of subgroups A and B compared by D = y_A - y_B and R = y_A / y_B."""
    _require(table.favourable, "favourable", measure)
    assert table.favourable is not None
    ordered = _ordered_groups(table, required=False, measure=measure)
    favourable = table.favourable
    est = table.estimate
    top = table.extreme(est, largest=True)
    bottom = table.extreme(est, largest=False)
    a, b = top.copy(), bottom.copy()  # non-ordered, no reference: max vs min
    if table.reference is not None:
        ref = table.where(table.reference)
        with_ref = ref >= 0
        a = np.where(with_ref & favourable, ref, a)
        b = np.where(with_ref & ~favourable, ref, b)
    if ordered.any():
        order = np.where(np.isnan(table.order), 0.0, table.order)
        most = table.extreme(order, largest=True)
        least = table.extreme(order, largest=False)
        a = np.where(ordered, np.where(favourable, most, least), a)
        b = np.where(ordered, np.where(favourable, least, most), b)
    return a, b


@_quietly
def heat_difference(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    favourable: bool | ArrayLike,
    subgroup_order: ArrayLike | None = None,
    reference: ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Difference D = y_A - y_B between two subgroups (simple, absolute, unweighted).

    Choice of A and B: *ordered* dimension (``subgroup_order`` given, 1 = most disadvantaged):
    favourable indicator A = most advantaged (highest order), B = most disadvantaged; adverse
    indicator the other way round. *Non-ordered* without a ``reference`` subgroup: A = highest
    estimate, B = lowest (so D ≥ 0). Non-ordered with a reference: favourable A = reference,
    B = lowest estimate; adverse A = highest estimate, B = reference. Ties go to the first row.

    SE = √(se_A² + se_B²); interval D ± z·SE. D = 0 means no inequality.

    Source: WHO HEAT technical notes; ``healthequal::d`` (v1.0.1, which makes D non-negative for
    non-ordered dimensions without a reference).
    """
    level, z = _z(confidence)
    table = _table(
        estimate,
        se=se,
        subgroup_order=subgroup_order,
        reference=reference,
        favourable=favourable,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 2, "D")
    a, b = _pair(table, "D")
    d = table.at(table.estimate, a) - table.at(table.estimate, b)
    sd = None
    if table.se is not None:
        sd = np.sqrt(table.at(table.se, a) ** 2 + table.at(table.se, b) ** 2)
    sdv = np.full(table.size, np.nan) if sd is None else sd
    return _result("d", table, d, sd, d - z * sdv, d + z * sdv, "normal", level)


@_quietly
def heat_ratio(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    favourable: bool | ArrayLike,
    subgroup_order: ArrayLike | None = None,
    reference: ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Ratio R = y_A / y_B between two subgroups (simple, relative, unweighted).

    A and B are chosen as for :func:`heat_difference`. ``se`` is the SE of ln R by the delta
    method (Ahn et al. 2018): SE(ln R) = √((se_A² + R²·se_B²) / y_B²) / R; interval
    exp(ln R ∓ z·SE). R = 1 means no inequality.

    Source: WHO HEAT technical notes; ``healthequal::r`` (v1.0.1).
    """
    level, z = _z(confidence)
    table = _table(
        estimate,
        se=se,
        subgroup_order=subgroup_order,
        reference=reference,
        favourable=favourable,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 2, "R")
    a, b = _pair(table, "R")
    ya, yb = table.at(table.estimate, a), table.at(table.estimate, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = ya / yb
        log_se = np.full(table.size, np.nan)
        if table.se is not None:
            sa, sb = table.at(table.se, a), table.at(table.se, b)
            log_se = np.sqrt((sa**2 + r**2 * sb**2) / yb**2) / r
        lower = np.exp(np.log(r) - z * log_se)
        upper = np.exp(np.log(r) + z * log_se)
    return _result("r", table, r, log_se, lower, upper, "log-normal", level)


# --------------------------------------------------------------------------------------------
# Attributable risk: PAR and PAF


def _attributable(
    measure: str,
    estimate: ArrayLike,
    favourable: bool | ArrayLike,
    population: ArrayLike | None,
    setting_average: float | ArrayLike | None,
    subgroup_order: ArrayLike | None,
    scale: float | ArrayLike | None,
    groups: Groups,
    confidence: float,
    drop_missing: bool,
) -> InequalityResult:
    level, z = _z(confidence)
    table = _table(
        estimate,
        population=population,
        subgroup_order=subgroup_order,
        favourable=favourable,
        scale=scale,
        setting_average=setting_average,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 3, measure.upper())
    _require(table.favourable, "favourable", measure.upper())
    assert table.favourable is not None
    ordered = _ordered_groups(table, required=False, measure=measure.upper())
    mu = _setting_mean(table, measure.upper())
    best = np.where(
        table.favourable,
        table.extreme(table.estimate, largest=True),
        table.extreme(table.estimate, largest=False),
    )
    if ordered.any():
        order = np.where(np.isnan(table.order), 0.0, table.order)
        best = np.where(ordered, table.extreme(order, largest=True), best)
    y_ref = table.at(table.estimate, best)
    gap = y_ref - mu
    zero = (table.favourable & (gap < 0)) | (~table.favourable & (gap > 0))
    # Walter's (1978) variance of the attributable fraction, from a 2*2 table of counts built
    # from the reference subgroup (c events among N_ref) and the rest of the population.
    se_fraction = np.full(table.size, np.nan)
    if table.population is not None and table.scale is not None:
        n_ref = table.at(table.population, best)
        total = table.sum(table.population)
        c = y_ref / table.scale * n_ref
        d = n_ref - c
        a = mu / table.scale * total - c
        b = total - a - n_ref
        n = a + b + c + d
        with np.errstate(invalid="ignore", divide="ignore"):
            se_fraction = np.sqrt(
                c * n * (a * d * (n - c) + b * c**2) / ((a + c) ** 3 * (c + d) ** 3)
            )
    if measure == "par":
        value = np.where(zero, 0.0, gap)
        se = np.abs(mu) * se_fraction
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(zero, 0.0, 100 * gap / mu)
        se = se_fraction
    return _result(measure, table, value, se, value - z * se, value + z * se, "normal", level)


@_quietly
def heat_par(
    estimate: ArrayLike,
    *,
    favourable: bool | ArrayLike,
    population: ArrayLike | None = None,
    setting_average: float | ArrayLike | None = None,
    subgroup_order: ArrayLike | None = None,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Population attributable risk PAR = y_ref - μ (complex, absolute, weighted).

    The potential improvement in the setting average if every subgroup reached the reference
    level. Reference: the most advantaged subgroup (highest ``subgroup_order``) for ordered
    dimensions, whatever the indicator's direction; otherwise the best subgroup (highest
    estimate if favourable, lowest if adverse). μ is ``setting_average`` when given, otherwise
    Σ p_j y_j. PAR is set to 0 when the reference is worse than μ (favourable: PAR < 0;
    adverse: PAR > 0). Needs at least 3 subgroups.

    SE (needs ``population`` and ``scale``): |μ| * SE(PAF as a fraction), Walter's (1978)
    formula on the 2*2 table c = y_ref/scale·N_ref, d = N_ref - c, a = μ/scale·ΣN - c,
    b = ΣN - a - N_ref, n = a + b + c + d: SE = √(c·n·(a·d·(n - c) + b·c²) / ((a + c)³ (c + d)³)).
    Interval PAR ± z·SE (also when PAR was set to 0).

    Source: WHO HEAT technical notes; ``healthequal::parisk``. Reference behaviour: when both a
    population and a setting average are given ``healthequal`` uses the population-weighted
    mean; we use the setting average you supply.
    """
    return _attributable(
        "par",
        estimate,
        favourable,
        population,
        setting_average,
        subgroup_order,
        scale,
        groups,
        confidence,
        drop_missing,
    )


@_quietly
def heat_paf(
    estimate: ArrayLike,
    *,
    favourable: bool | ArrayLike,
    population: ArrayLike | None = None,
    setting_average: float | ArrayLike | None = None,
    subgroup_order: ArrayLike | None = None,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Population attributable fraction PAF = 100 * (y_ref - μ) / μ (complex, relative, weighted).

    Reference subgroup, μ and the zero rule as :func:`heat_par`.

    Reference behaviour (kept so that results equal WHO's): ``se`` is Walter's SE of the
    attributable *fraction* (the formula in :func:`heat_par`), not multiplied by 100, and the
    interval is PAF ± z·SE — so it is 100 times narrower than an interval on the percentage
    scale would be. Multiply ``se`` by 100 for the SE of the percentage.

    Source: WHO HEAT technical notes; ``healthequal::paf``; Walter SD, Int J Epidemiol 1978.
    """
    return _attributable(
        "paf",
        estimate,
        favourable,
        population,
        setting_average,
        subgroup_order,
        scale,
        groups,
        confidence,
        drop_missing,
    )


# --------------------------------------------------------------------------------------------
# Variance-based and mean-difference measures


@_quietly
def heat_bgv(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Between-group variance BGV = Σ p_j (y_j - μ)², μ = Σ p_j y_j (complex, absolute, weighted).

    In squared units of the indicator; 0 when there is no inequality. Needs at least 3
    subgroups. Analytic SE (Ahn et al. 2018):
    SE = √(4·Σ p_j² se_j² (y_j - μ)²
           + 2·[(Σ p_j² se_j²)² - Σ p_j⁴ se_j⁴ + Σ p_j² (1 - p_j)² se_j⁴]);
    interval BGV ± z·SE.

    Source: WHO HEAT technical notes; ``healthequal::bgv``.
    """
    level, z = _z(confidence)
    table = _table(estimate, se=se, population=population, groups=groups, drop_missing=drop_missing)
    _check_subgroups(table, 3, "BGV")
    _require(table.population, "population", "BGV")
    assert table.population is not None
    p = table.population / table.broadcast(table.sum(table.population))
    mu = table.sum(p * table.estimate)
    dev = table.estimate - table.broadcast(mu)
    bgv = table.sum(p * dev**2)
    se_bgv = None
    if table.se is not None:
        s2 = table.se**2
        squared = table.sum(p**2 * s2) ** 2
        quartic = table.sum(p**4 * s2**2)
        mixed = table.sum(p**2 * (1 - p) ** 2 * s2**2)
        v = 4 * table.sum(p**2 * s2 * dev**2) + 2 * (squared - quartic + mixed)
        se_bgv = np.sqrt(v)
    sev = np.full(table.size, np.nan) if se_bgv is None else se_bgv
    return _result("bgv", table, bgv, se_bgv, bgv - z * sev, bgv + z * sev, "normal", level)


@_quietly
def heat_theil(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Theil index TI = 1000 * Σ p_j r_j ln r_j, r_j = y_j / μ (complex, relative, weighted).

    Zero estimates are replaced by 1e-6 (also in μ = Σ p_j y_j). TI ≥ 0, and 0 when all
    subgroups equal μ. Needs at least 3 subgroups.

    SE by the delta method (Ahn et al. 2018): with m = Σ p_j r_j (1 + ln r_j),
    SE = √(Σ (1 + ln r_j - m)² p_j² se_j² / μ²). Reference behaviour (kept so that results equal
    WHO's): this SE is on the per-one scale, not multiplied by 1000 like the estimate, and the
    interval is TI ± z·SE, so it is 1000 times narrower than it would be on the estimate's scale.

    Source: WHO HEAT technical notes; ``healthequal::ti``.
    """
    level, z = _z(confidence)
    table = _table(estimate, se=se, population=population, groups=groups, drop_missing=drop_missing)
    _check_subgroups(table, 3, "TI")
    _require(table.population, "population", "TI")
    assert table.population is not None
    y = np.where(table.estimate == 0, 1e-6, table.estimate)
    p = table.population / table.broadcast(table.sum(table.population))
    mu = table.sum(p * y)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = y / table.broadcast(mu)
        log_r = np.log(r)
        ti = 1000 * table.sum(p * r * log_r)
        se_ti = None
        if table.se is not None:
            m = table.sum(r * (1 + log_r) * p)
            se_ti = np.sqrt(
                table.sum((1 + log_r - table.broadcast(m)) ** 2 * p**2 * table.se**2) / mu**2
            )
    sev = np.full(table.size, np.nan) if se_ti is None else se_ti
    return _result("ti", table, ti, se_ti, ti - z * sev, ti + z * sev, "normal", level)


@_quietly
def heat_mld(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Mean log deviation MLD = 1000 * Σ p_j (-ln r_j), r_j = y_j / μ (complex, relative, weighted).

    Zero estimates are replaced by 1e-6 (also in μ). MLD ≥ 0, and 0 when all subgroups equal
    μ. Needs at least 3 subgroups.

    SE by the delta method (Ahn et al. 2018): SE = √(Σ se_j² p_j² / μ² * (1 - 1/r_j)²).
    Reference behaviour as for :func:`heat_theil`: the SE is on the per-one scale and the
    interval is MLD ± z·SE.

    Source: WHO HEAT technical notes; ``healthequal::mld``.
    """
    level, z = _z(confidence)
    table = _table(estimate, se=se, population=population, groups=groups, drop_missing=drop_missing)
    _check_subgroups(table, 3, "MLD")
    _require(table.population, "population", "MLD")
    assert table.population is not None
    y = np.where(table.estimate == 0, 1e-6, table.estimate)
    p = table.population / table.broadcast(table.sum(table.population))
    mu = table.sum(p * y)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = y / table.broadcast(mu)
        mld = 1000 * table.sum(p * -np.log(r))
        se_mld = None
        if table.se is not None:
            se_mld = np.sqrt(table.sum(table.se**2 * p**2 * (1 - 1 / r) ** 2) / mu**2)
    sev = np.full(table.size, np.nan) if se_mld is None else se_mld
    return _result("mld", table, mld, se_mld, mld - z * sev, mld + z * sev, "normal", level)


# --------------------------------------------------------------------------------------------
# Simulated intervals (BGSD, COV, MDB, MDM, MDR, IDIS)


def _r_seed_key(seed: int) -> NDArray[np.uint32]:
    """Mersenne-Twister state that R's ``set.seed(seed)`` sets (R's RNG_Init scrambling)."""
    state = int(seed) & 0xFFFFFFFF
    for _ in range(50):
        state = (69069 * state + 1) & 0xFFFFFFFF
    words = []
    for _ in range(625):
        state = (69069 * state + 1) & 0xFFFFFFFF
        words.append(state)
    return np.array(words[1:], dtype=np.uint32)  # words[0] is R's position counter


class _RNormals:
    """The standard normal deviates R's ``rnorm`` returns after ``set.seed(seed)``.

    R's defaults: Mersenne-Twister uniforms u = k / 2³² (k = 0 moved inside (0, 1)) and
    inversion normals Φ⁻¹((⌊2²⁷·u₁⌋ + u₂) / 2²⁷) from two uniforms each. Deviates are generated
    once and cached, so several groups can replay the same stream.
    """

    _BIG = 134217728.0  # 2**27

    def __init__(self, seed: int):
        self._bits = np.random.MT19937()
        self._bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": _r_seed_key(seed), "pos": 624},
        }
        self._cache = np.empty(0)

    def take(self, count: int) -> NDArray[np.float64]:
        if count > len(self._cache):
            extra = max(count - len(self._cache), len(self._cache), 4096)
            raw = self._bits.random_raw(2 * extra).astype(np.float64) * 2.3283064365386963e-10
            raw[raw <= 0.0] = 0.5 * 2.328306437080797e-10
            pairs = raw.reshape(extra, 2)
            fresh = ndtri((np.floor(self._BIG * pairs[:, 0]) + pairs[:, 1]) / self._BIG)
            self._cache = np.concatenate([self._cache, fresh])
        return self._cache[:count]


def _truncated_draws(
    normals: _RNormals, mean: NDArray, sd: NDArray, low: float, high: float
) -> NDArray[np.float64]:
    """One accepted draw per entry, in order, redrawing out-of-range values as R's loop does.

    Entry k uses the next unused deviate; a value outside [low, high] is discarded and the same
    entry draws again. Vectorised in chunks; only rejections are handled one at a time.
    """
    total = len(mean)
    out = np.empty(total)
    done = drawn = 0
    chunk = 4096
    while done < total:
        size = min(chunk, total - done)
        z = normals.take(drawn + size)[drawn : drawn + size]
        values = mean[done : done + size] + sd[done : done + size] * z
        bad = np.flatnonzero((values < low) | (values > high))
        if bad.size == 0:
            out[done : done + size] = values
            done += size
            drawn += size
            continue
        first = int(bad[0])
        out[done : done + first] = values[:first]
        done += first
        drawn += first + 1  # the rejected deviate is used up
        block = 64
        while True:  # search forward for this entry's first acceptable deviate
            z = normals.take(drawn + block)[drawn : drawn + block]
            candidates = mean[done] + sd[done] * z
            good = np.flatnonzero((candidates >= low) & (candidates <= high))
            if good.size:
                out[done] = candidates[good[0]]
                drawn += int(good[0]) + 1
                done += 1
                break
            drawn += block
            block *= 2
    return out


def _simulate_group(
    normals: _RNormals,
    est: NDArray,
    se: NDArray,
    scale: float,
    simulations: int,
    rows: NDArray[np.intp],
) -> NDArray[np.float64]:
    """A (simulations * J) matrix of redrawn estimates for one group, in R's draw order."""
    low, high = 0.0, (100.0 if scale == 100 else np.inf)
    fixed = se == 0  # R's rnorm returns the mean without drawing when sd = 0
    outside = fixed & ((est < low) | (est > high))
    with np.errstate(divide="ignore", invalid="ignore"):
        accept = ndtr((high - est) / se) - ndtr((low - est) / se)
    hopeless = outside | (~fixed & ~(accept > 1e-9))
    if hopeless.any():
        k = int(np.flatnonzero(hopeless)[0])
        raise StatsInputError(
            "estimate",
            f"lies outside [{low:g}, {high:g}] by too many standard errors for WHO's simulated "
            "interval, which redraws until a value falls inside",
            int(rows[k]),
            float(est[k]),
        )
    mean = np.tile(est, simulations)
    sd = np.tile(se, simulations)
    drawing = ~np.tile(fixed, simulations)
    values = mean.copy()
    values[drawing] = _truncated_draws(normals, mean[drawing], sd[drawing], low, high)
    return values.reshape(simulations, len(est))


Statistic = Callable[[NDArray[np.float64], NDArray[np.intp]], NDArray[np.float64]]


def _simulated_limits(
    table: _Table,
    statistic: Statistic,
    *,
    needs_population: bool,
    seed: int,
    simulations: int,
    level: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Quantile limits of ``statistic`` over simulated data sets, group by group.

    ``statistic(matrix, positions)`` receives the simulations * J matrix of one group and the
    row positions of its subgroups (to look up populations etc.) and returns one value per
    simulation. A group gets NaN limits when its SEs, estimates, populations or scale are
    missing (``healthequal`` then computes no interval).
    """
    lower = np.full(table.size, np.nan)
    upper = np.full(table.size, np.nan)
    if table.se is None or table.scale is None:
        return lower, upper
    if isinstance(simulations, bool) or int(simulations) != simulations or simulations < 1:
        raise StatsInputError("simulations", "must be a whole number of 1 or more")
    incomplete = np.isnan(table.estimate) | np.isnan(table.se)
    if needs_population and table.population is not None:
        incomplete |= np.isnan(table.population)
    skip = (table.sum(incomplete.astype(float)) > 0) | np.isnan(table.scale)
    normals = _RNormals(seed)
    by_group = np.argsort(table.index, kind="stable")
    bounds = np.r_[0, np.cumsum(table.count())]
    probabilities = [(1 - level) / 2, 1 - (1 - level) / 2]
    for group in range(table.size):
        positions = by_group[bounds[group] : bounds[group + 1]]
        if skip[group] or positions.size == 0:
            continue
        matrix = _simulate_group(
            normals,
            table.estimate[positions],
            table.se[positions],
            float(table.scale[group]),
            int(simulations),
            table.rows[positions],
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            values = statistic(matrix, positions)
        finite = values[~np.isnan(values)]
        if finite.size:
            lower[group], upper[group] = np.quantile(finite, probabilities)
    return lower, upper


def _shares(table: _Table) -> NDArray[np.float64]:
    assert table.population is not None
    return table.population / table.broadcast(table.sum(table.population))


@_quietly
def heat_bgsd(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    seed: int = HEALTHEQUAL_SEED,
    simulations: int = 100,
    drop_missing: bool = False,
) -> InequalityResult:
    """Between-group standard deviation BGSD = √(Σ p_j (y_j - μ)²), μ = Σ p_j y_j.

    Complex, absolute, weighted; same units as the indicator; 0 when there is no inequality.
    Needs at least 3 subgroups. Interval: WHO's parametric simulation (module docstring; needs
    ``se`` and ``scale``), recomputing μ from each simulated data set. No SE is reported.

    Source: WHO HEAT technical notes; ``healthequal::bgsd``; Ahn et al., PLoS One 2019.
    """
    level, _ = _z(confidence)
    table = _table(
        estimate,
        se=se,
        population=population,
        scale=scale,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 3, "BGSD")
    _require(table.population, "population", "BGSD")
    p = _shares(table)
    mu = table.sum(p * table.estimate)
    bgsd = np.sqrt(table.sum(p * (table.estimate - table.broadcast(mu)) ** 2))

    def statistic(matrix: NDArray, positions: NDArray[np.intp]) -> NDArray:
        share = p[positions]
        mean = matrix @ share
        return np.sqrt(((matrix - mean[:, None]) ** 2) @ share)

    lower, upper = _simulated_limits(
        table, statistic, needs_population=True, seed=seed, simulations=simulations, level=level
    )
    return _result("bgsd", table, bgsd, None, lower, upper, "simulation", level)


@_quietly
def heat_cov(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    seed: int = HEALTHEQUAL_SEED,
    simulations: int = 100,
    drop_missing: bool = False,
) -> InequalityResult:
    """Coefficient of variation COV = 100 * BGSD / μ, μ = Σ p_j y_j (complex, relative, weighted).

    Needs at least 3 subgroups. Interval: WHO's parametric simulation (module docstring), with
    BGSD and μ recomputed from each simulated data set. No SE is reported.

    Source: WHO HEAT technical notes; ``healthequal::covar``.
    """
    level, _ = _z(confidence)
    table = _table(
        estimate,
        se=se,
        population=population,
        scale=scale,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 3, "COV")
    _require(table.population, "population", "COV")
    p = _shares(table)
    mu = table.sum(p * table.estimate)
    bgsd = np.sqrt(table.sum(p * (table.estimate - table.broadcast(mu)) ** 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = 100 * bgsd / mu

    def statistic(matrix: NDArray, positions: NDArray[np.intp]) -> NDArray:
        share = p[positions]
        mean = matrix @ share
        return 100 * np.sqrt(((matrix - mean[:, None]) ** 2) @ share) / mean

    lower, upper = _simulated_limits(
        table, statistic, needs_population=True, seed=seed, simulations=simulations, level=level
    )
    return _result("cov", table, cov, None, lower, upper, "simulation", level)


def _mean_difference(
    measure: str,
    table: _Table,
    target: NDArray[np.float64],
    simulated_target: Callable[[NDArray, NDArray[np.intp], int], NDArray],
    weighted: bool,
    relative: bool,
    seed: int,
    simulations: int,
    level: float,
) -> InequalityResult:
    """Shared body of MDM/MDB/MDR/IDIS: (weighted) mean of |y_j - target|.

    ``relative`` divides by the target and multiplies by 100 (IDIS). In the simulation the
    target of each simulated data set is ``simulated_target(matrix, positions, group)``.
    """
    gap = np.abs(table.estimate - table.broadcast(target))
    shares = _shares(table) if weighted else None
    value = table.sum(shares * gap) if shares is not None else table.sum(gap) / table.count()
    if relative:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = 100 * value / target
    group_of = table.index

    def statistic(matrix: NDArray, positions: NDArray[np.intp]) -> NDArray:
        aim = simulated_target(matrix, positions, int(group_of[positions[0]]))
        deviation = np.abs(matrix - aim[:, None])
        result = deviation @ shares[positions] if shares is not None else deviation.mean(axis=1)
        return 100 * result / aim if relative else result

    lower, upper = _simulated_limits(
        table,
        statistic,
        needs_population=weighted,
        seed=seed,
        simulations=simulations,
        level=level,
    )
    return _result(measure, table, value, None, lower, upper, "simulation", level)


@_quietly
def heat_mdm(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike | None = None,
    setting_average: float | ArrayLike | None = None,
    weighted: bool = False,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    seed: int = HEALTHEQUAL_SEED,
    simulations: int = 100,
    drop_missing: bool = False,
) -> InequalityResult:
    """Mean difference from mean: MDMU = (1/J) Σ |y_j - μ| or MDMW = Σ p_j |y_j - μ|.

    Complex, absolute; unweighted (``weighted=False``, measure ``"mdmu"``) or population-weighted
    (``"mdmw"``). μ: for MDMU the ``setting_average`` when given, else Σ p_j y_j (needs
    ``population``); MDMW always uses Σ p_j y_j and does not accept a setting average. 0 when
    there is no inequality.

    Interval: WHO's parametric simulation (module docstring). μ is recomputed from each
    simulated data set when it is the weighted mean and held fixed when it is a supplied
    setting average. No SE is reported.

    Source: WHO HEAT technical notes; ``healthequal::mdmu`` and ``healthequal::mdmw``.
    """
    level, _ = _z(confidence)
    name = "mdmw" if weighted else "mdmu"
    table, mu = _mean_measure_table(
        "MDM", name, weighted, estimate, se, population, setting_average, scale, groups,
        drop_missing,
    )  # fmt: skip
    fixed = table.setting_average is not None
    shares = None if fixed else _shares(table)

    def simulated_mean(matrix: NDArray, positions: NDArray[np.intp], group: int) -> NDArray:
        if shares is None:
            return np.full(len(matrix), mu[group])
        return matrix @ shares[positions]

    return _mean_difference(
        name, table, mu, simulated_mean, weighted, False, seed, simulations, level
    )


@_quietly
def heat_mdb(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    favourable: bool | ArrayLike,
    population: ArrayLike | None = None,
    weighted: bool = False,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    seed: int = HEALTHEQUAL_SEED,
    simulations: int = 100,
    drop_missing: bool = False,
) -> InequalityResult:
    """Mean difference from the best subgroup: MDBU = (1/J) Σ |y_j - y_best| or MDBW = Σ p_j |…|.

    Best = highest estimate for a favourable indicator, lowest for an adverse one. Unweighted
    (``"mdbu"``) or population-weighted (``"mdbw"``, needs ``population``). 0 when there is no
    inequality. Interval: WHO's parametric simulation, the best subgroup being re-chosen in each
    simulated data set. No SE is reported.

    Source: WHO HEAT technical notes; ``healthequal::mdbu`` and ``healthequal::mdbw``.
    """
    level, _ = _z(confidence)
    name = "mdbw" if weighted else "mdbu"
    table = _distance_table(
        name,
        weighted,
        estimate,
        needs="favourable",
        se=se,
        population=population,
        favourable=favourable,
        scale=scale,
        groups=groups,
        drop_missing=drop_missing,
    )
    assert table.favourable is not None
    fav = table.favourable
    best = table.at(
        table.estimate,
        np.where(
            fav,
            table.extreme(table.estimate, largest=True),
            table.extreme(table.estimate, largest=False),
        ),
    )

    def simulated_best(matrix: NDArray, positions: NDArray[np.intp], group: int) -> NDArray:
        return matrix.max(axis=1) if fav[group] else matrix.min(axis=1)

    return _mean_difference(
        name, table, best, simulated_best, weighted, False, seed, simulations, level
    )


@_quietly
def heat_mdr(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    reference: ArrayLike,
    population: ArrayLike | None = None,
    weighted: bool = False,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    seed: int = HEALTHEQUAL_SEED,
    simulations: int = 100,
    drop_missing: bool = False,
) -> InequalityResult:
    """Mean difference from a reference subgroup: MDRU = (1/J) Σ |y_j - y_ref| or MDRW = Σ p_j |…|.

    ``reference`` marks exactly one subgroup per group. Unweighted (``"mdru"``) or
    population-weighted (``"mdrw"``, needs ``population``). Interval: WHO's parametric
    simulation, using the reference subgroup's simulated value in each data set. No SE is
    reported.

    Source: WHO HEAT technical notes; ``healthequal::mdru`` and ``healthequal::mdrw``.
    """
    level, _ = _z(confidence)
    name = "mdrw" if weighted else "mdru"
    table = _distance_table(
        name,
        weighted,
        estimate,
        needs="reference",
        se=se,
        population=population,
        reference=reference,
        scale=scale,
        groups=groups,
        drop_missing=drop_missing,
    )
    assert table.reference is not None
    ref = table.where(table.reference)
    lacking = (ref < 0) & (table.count() > 0)
    if lacking.any():
        position = int(np.flatnonzero(table.index == np.flatnonzero(lacking)[0])[0])
        raise StatsInputError(
            "reference", "mark one reference subgroup in every group", table.row(position)
        )
    y_ref = table.at(table.estimate, ref)
    flags = table.reference

    def simulated_reference(matrix: NDArray, positions: NDArray[np.intp], group: int) -> NDArray:
        return matrix[:, np.flatnonzero(flags[positions])[0]]

    return _mean_difference(
        name, table, y_ref, simulated_reference, weighted, False, seed, simulations, level
    )


@_quietly
def heat_idis(
    estimate: ArrayLike,
    se: ArrayLike | None = None,
    *,
    population: ArrayLike | None = None,
    setting_average: float | ArrayLike | None = None,
    weighted: bool = False,
    scale: float | ArrayLike | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    seed: int = HEALTHEQUAL_SEED,
    simulations: int = 100,
    drop_missing: bool = False,
) -> InequalityResult:
    """Index of disparity: IDISU = 100 * (1/J) Σ |y_j - μ| / μ or IDISW = 100 * Σ p_j |y_j - μ| / μ.

    Complex, relative; unweighted (``"idisu"``) or weighted (``"idisw"``). μ as for
    :func:`heat_mdm` (the setting average is accepted by the unweighted form only).
    Interval: WHO's parametric simulation; no SE is reported.

    Reference behaviour (kept so that the limits equal WHO's): for IDISW, ``healthequal``
    measures each simulated data set against the *original* μ, not against the simulated data
    set's own mean; for IDISU μ is recomputed per data set (or held fixed when supplied).

    Source: WHO HEAT technical notes; ``healthequal::idisu`` and ``healthequal::idisw``.
    """
    level, _ = _z(confidence)
    name = "idisw" if weighted else "idisu"
    table, mu = _mean_measure_table(
        "IDIS", name, weighted, estimate, se, population, setting_average, scale, groups,
        drop_missing,
    )  # fmt: skip
    # IDISU re-weights each simulated data set's own mean; IDISW keeps the original mean.
    shares = _shares(table) if not weighted and table.setting_average is None else None

    def simulated_mean(matrix: NDArray, positions: NDArray[np.intp], group: int) -> NDArray:
        if shares is None:
            return np.full(len(matrix), mu[group])
        return matrix @ shares[positions]

    return _mean_difference(
        name, table, mu, simulated_mean, weighted, True, seed, simulations, level
    )


# --------------------------------------------------------------------------------------------
# Ordered measures: ACI, RCI, SII, RII


@dataclass(frozen=True)
class _Ranked:
    """Rows sorted by group then order, with each subgroup's relative rank (mid-point)."""

    index: NDArray[np.intp]  # group of each sorted row
    estimate: NDArray[np.float64]
    weight: NDArray[np.float64]
    rank: NDArray[np.float64]
    count: NDArray[np.intp]


def _ranked(table: _Table, weight: NDArray[np.float64]) -> _Ranked:
    """Relative rank X_j = (cumulative share before j) + p_j / 2, from most disadvantaged (0).

    Computed group by group in one pass: a global cumulative sum minus each group's offset.
    """
    assert table.order is not None
    order = np.lexsort((table.order, table.index))
    index = table.index[order]
    w = weight[order]
    totals = np.bincount(index, weights=w, minlength=table.size)
    clean = np.where(np.isnan(w), 0.0, w)
    running = np.cumsum(clean)
    offsets = np.cumsum(np.bincount(index, weights=clean, minlength=table.size)) - np.bincount(
        index, weights=clean, minlength=table.size
    )
    before = running - clean - offsets[index]
    rank = (before + w / 2) / totals[index]
    return _Ranked(
        index=index,
        estimate=table.estimate[order],
        weight=w,
        rank=rank,
        count=np.bincount(index, minlength=table.size),
    )


def _wls(
    ranked: _Ranked, response: NDArray[np.float64], weight: NDArray[np.float64], size: int
) -> tuple[NDArray, NDArray, NDArray, tuple[NDArray, NDArray, NDArray]]:
    """Per-group weighted least squares of ``response`` on [1, rank].

    Returns intercept, slope, residuals and the inverse of X'WX as (b00, b01, b11).
    """

    def s(values: NDArray) -> NDArray:
        return np.bincount(ranked.index, weights=values, minlength=size)

    x = ranked.rank
    sw, swx, swxx = s(weight), s(weight * x), s(weight * x * x)
    swy, swxy = s(weight * response), s(weight * x * response)
    with np.errstate(divide="ignore", invalid="ignore"):
        det = sw * swxx - swx**2
        intercept = (swxx * swy - swx * swxy) / det
        slope = (sw * swxy - swx * swy) / det
        inverse = (swxx / det, -swx / det, sw / det)
    residual = response - intercept[ranked.index] - slope[ranked.index] * x
    return intercept, slope, residual, inverse


def _concentration(
    measure: str,
    estimate: ArrayLike,
    subgroup_order: ArrayLike,
    population: ArrayLike | None,
    bounds: tuple[float, float] | None,
    normalisation: str | None,
    groups: Groups,
    confidence: float,
    drop_missing: bool,
) -> InequalityResult:
    level, z = _z(confidence)
    table = _table(
        estimate,
        population=population,
        subgroup_order=subgroup_order,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 2, measure.upper())
    _ordered_groups(table, required=True, measure=measure.upper())
    if bounds is not None:
        low, high = (float(v) for v in bounds)
        if not low < high:
            raise StatsInputError("bounds", "the minimum must be less than the maximum")
        outside = (table.estimate < low) | (table.estimate > high)
        if outside.any():
            position = int(np.flatnonzero(outside)[0])
            raise StatsInputError(
                "estimate",
                f"lies outside the bounds [{low:g}, {high:g}]",
                table.row(position),
                float(table.estimate[position]),
            )
        table = _replace_estimate(table, (table.estimate - low) / (high - low))
    weight = table.population if table.population is not None else np.ones(len(table.estimate))
    ranked = _ranked(table, weight)
    size = table.size

    def s(values: NDArray) -> NDArray:
        return np.bincount(ranked.index, weights=values, minlength=size)

    total = s(ranked.weight)
    share = ranked.weight / total[ranked.index]
    variance = s(share * (ranked.rank - 0.5) ** 2)  # sigma² of the rank
    mu = s(share * ranked.estimate)
    response = 2 * variance[ranked.index] * ranked.estimate
    if measure == "rci":
        response = response / mu[ranked.index]
        if normalisation == "wagstaff":
            response = response / (1 - mu[ranked.index])
        elif normalisation == "erreygers":
            response = response * 4 * mu[ranked.index]
    _, slope, residual, inverse = _wls(ranked, response, ranked.weight, size)
    with np.errstate(divide="ignore", invalid="ignore"):
        dispersion = s(ranked.weight * residual**2) / (ranked.count - 2)
        se = np.sqrt(dispersion * inverse[2])
    return _result(measure, table, slope, se, slope - z * se, slope + z * se, "regression", level)


def _replace_estimate(table: _Table, estimate: NDArray[np.float64]) -> _Table:
    fields = {name: getattr(table, name) for name in table.__dataclass_fields__}
    fields["estimate"] = estimate
    return _Table(**fields)


@_quietly
def heat_aci(
    estimate: ArrayLike,
    *,
    subgroup_order: ArrayLike,
    population: ArrayLike | None = None,
    bounds: tuple[float, float] | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Absolute concentration index ACI = Σ p_j (2X_j - 1) y_j (complex, absolute, weighted).

    Ordered dimensions only (``subgroup_order``: 1 = most disadvantaged; each order once per
    group). X_j is the relative rank: the population share of all subgroups before j plus half
    of p_j. Without ``population`` every subgroup weighs 1. Positive: the indicator is
    concentrated among the advantaged. ``bounds=(min, max)`` first rescales the estimates to
    (y - min)/(max - min) for bounded indicators.

    Computed as WHO does, by the "convenient regression": 2sigma²·y_j on X_j with weights N_j,
    where sigma² = Σ p_j (X_j - ½)²; the slope equals the formula above. SE = the slope's
    model-based SE (residual variance on J - 2 degrees of freedom); interval ACI ± z·SE.

    Source: WHO HEAT technical notes; ``healthequal::aci``; O'Donnell et al., Analyzing Health
    Equity Using Household Survey Data (World Bank 2008), ch. 8.
    """
    return _concentration(
        "aci",
        estimate,
        subgroup_order,
        population,
        bounds,
        None,
        groups,
        confidence,
        drop_missing,
    )


@_quietly
def heat_rci(
    estimate: ArrayLike,
    *,
    subgroup_order: ArrayLike,
    population: ArrayLike | None = None,
    bounds: tuple[float, float] | None = None,
    normalisation: Literal["wagstaff", "erreygers"] | None = None,
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Relative concentration index RCI = ACI / μ, μ = Σ p_j y_j (complex, relative, weighted).

    Ranges from -1 to 1 (HEAT often shows it * 100). Same regression as :func:`heat_aci` with
    2sigma²·y_j/μ as the response; SE = the slope's model-based SE; interval RCI ± z·SE.

    For bounded indicators give ``bounds=(min, max)`` (estimates rescaled to 0-1) and optionally
    ``normalisation``: ``"wagstaff"`` divides by (1 - μ), ``"erreygers"`` multiplies by 4μ
    (μ of the rescaled estimates).

    Source: WHO HEAT technical notes; ``healthequal::rci``; Wagstaff 2005, Erreygers 2009.
    """
    if normalisation not in (None, "wagstaff", "erreygers"):
        raise StatsInputError("normalisation", "must be None, 'wagstaff' or 'erreygers'")
    if normalisation is not None and bounds is None:
        raise StatsInputError("bounds", f"give (min, max) for the {normalisation} normalisation")
    return _concentration(
        "rci",
        estimate,
        subgroup_order,
        population,
        bounds,
        normalisation,
        groups,
        confidence,
        drop_missing,
    )


def _default_scale(table: _Table) -> NDArray[np.float64]:
    """WHO's scale from the largest estimate: 1, 100, 1000, 10⁴, 10⁵ or 10⁶."""
    largest = np.full(table.size, -np.inf)
    np.maximum.at(largest, table.index, table.estimate)
    steps = np.array([1.0, 100.0, 1e3, 1e4, 1e5])
    out = np.full(table.size, 1e6)
    for step in steps[::-1]:
        out = np.where(largest <= step, step, out)
    out[np.isnan(largest)] = np.nan
    return out


def _slope_model(
    table: _Table, model: str
) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]:
    """Fit the SII/RII regression of y / scale on rank, every group at once.

    Returns the scale used, the intercept b0 and slope b1 (on the linear-predictor scale) and
    the HC1 robust covariance entries (v00, v01, v11) of (b0, b1).
    """
    if model not in ("logistic", "linear"):
        raise StatsInputError("model", "must be 'logistic' or 'linear'")
    size = table.size
    scale = table.scale if table.scale is not None else _default_scale(table)
    population = (
        np.ceil(table.population) if table.population is not None else np.ones(len(table.estimate))
    )
    ranked = _ranked(table, population)
    pop = ranked.weight
    proportion = ranked.estimate / scale[ranked.index]

    def s(values: NDArray) -> NDArray:
        return np.bincount(ranked.index, weights=values, minlength=size)

    x = ranked.rank
    if model == "linear":
        b0, b1, residual, (i00, i01, i11) = _wls(ranked, proportion, pop, size)
        score = pop * residual
        invalid = np.zeros(size, dtype=bool)
    else:
        events = np.round(proportion * pop)
        invalid = s(((events < 0) | (events > pop)).astype(float)) > 0
        observed = np.where(pop > 0, events / np.where(pop > 0, pop, 1), 0.0)
        observed[invalid[ranked.index]] = 0.5  # fitted harmlessly, reported as NaN below
        prior = pop * pop  # glm's cbind(events, non-events) with weights = N: N² in effect
        b0, b1, fitted = _logistic_fit(ranked, observed, pop, prior, size)
        score = prior * (observed - fitted)
        working = prior * fitted * (1 - fitted)
        w00, w01, w11 = s(working), s(working * x), s(working * x * x)
        with np.errstate(divide="ignore", invalid="ignore"):
            det = w00 * w11 - w01**2
            i00, i01, i11 = w11 / det, -w01 / det, w00 / det
    m00, m01, m11 = s(score**2), s(score**2 * x), s(score**2 * x * x)
    # sandwich B·M·B with the HC1 small-sample factor n / (n - 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(ranked.count > 2, ranked.count / (ranked.count - 2), np.nan)
        a00 = i00 * m00 + i01 * m01
        a01 = i00 * m01 + i01 * m11
        a10 = i01 * m00 + i11 * m01
        a11 = i01 * m01 + i11 * m11
        v00 = factor * (a00 * i00 + a01 * i01)
        v01 = factor * (a00 * i01 + a01 * i11)
        v11 = factor * (a10 * i01 + a11 * i11)
    for values in (b0, b1, v00, v01, v11):
        values[invalid] = np.nan
    return scale, b0, b1, v00, v01, v11


def _logistic_fit(
    ranked: _Ranked,
    observed: NDArray,
    trials: NDArray,
    prior: NDArray,
    size: int,
) -> tuple[NDArray, NDArray, NDArray]:
    """Per-group logistic regression of observed proportions on rank by IRLS, all groups at once.

    Starts, as R's ``glm`` does, from μ = (n·y + ½)/(n + 1) and iterates to convergence.
    """
    x = ranked.rank
    g = ranked.index

    def s(values: NDArray) -> NDArray:
        return np.bincount(g, weights=values, minlength=size)

    mu = (trials * observed + 0.5) / (trials + 1)
    eta = np.log(mu / (1 - mu))
    b0 = b1 = np.zeros(size)
    for _ in range(100):  # groups that have converged just repeat their solution
        variance = mu * (1 - mu)
        work = eta + (observed - mu) / variance
        w = prior * variance
        sw, swx, swxx = s(w), s(w * x), s(w * x * x)
        swz, swxz = s(w * work), s(w * x * work)
        with np.errstate(divide="ignore", invalid="ignore"):
            det = sw * swxx - swx**2
            new0 = (swxx * swz - swx * swxz) / det
            new1 = (sw * swxz - swx * swz) / det
        change = np.abs(new0 - b0) + np.abs(new1 - b1)
        b0, b1 = new0, new1
        eta = b0[g] + b1[g] * x
        mu = _inverse_logit(eta)
        if not np.any(change > 1e-13 * (1 + np.abs(b0) + np.abs(b1))):
            break
    return b0, b1, mu


def _mean_measure_table(
    family: str,
    name: str,
    weighted: bool,
    estimate: ArrayLike,
    se: ArrayLike | None,
    population: ArrayLike | None,
    setting_average: ArrayLike | float | None,
    scale: ArrayLike | float | None,
    groups: Groups,
    drop_missing: bool,
):
    """Checks and table shared by the measures of distance from the mean (MDM and IDIS).

    The weighted forms use Σ p_j y_j as the mean, so they need populations and refuse a setting
    average. Returns the table and the mean μ of each group.
    """
    if weighted and setting_average is not None:
        raise StatsInputError(
            "setting_average",
            f"is not used by the weighted {family} (it uses Σ p_j y_j); leave it out",
        )
    table = _distance_table(
        name,
        weighted,
        estimate,
        se=se,
        population=population,
        setting_average=setting_average,
        scale=scale,
        groups=groups,
        drop_missing=drop_missing,
    )
    return table, _setting_mean(table, name.upper())


def _distance_table(
    name: str, weighted: bool, estimate: ArrayLike, *, needs: str | None = None, **columns
):
    """The table of a measure of distance (MDM, MDB, MDR, IDIS), with the checks they share.

    At least three subgroups per group; the column ``needs`` (``"favourable"`` for MDB,
    ``"reference"`` for MDR) must be given; weighted forms need populations.
    """
    table = _table(estimate, **columns)
    _check_subgroups(table, 3, name.upper())
    if needs is not None:
        _require(getattr(table, needs), needs, name.upper())
    if weighted:
        _require(table.population, "population", name.upper())
    return table


def _inverse_logit(eta: NDArray[np.float64]) -> NDArray[np.float64]:
    """expit, kept within [ε, 1 - ε] beyond |η| = 30 as R's binomial family does."""
    eps = np.finfo(np.float64).eps
    return np.clip(expit(eta), eps, 1 - eps)


def _slope_measure(
    measure: str,
    estimate: ArrayLike,
    subgroup_order: ArrayLike,
    population: ArrayLike | None,
    scale: float | ArrayLike | None,
    model: str,
    groups: Groups,
    confidence: float,
    drop_missing: bool,
) -> InequalityResult:
    level, z = _z(confidence)
    table = _table(
        estimate,
        population=population,
        subgroup_order=subgroup_order,
        scale=scale,
        groups=groups,
        drop_missing=drop_missing,
    )
    _check_subgroups(table, 3 if measure == "rii" else 2, measure.upper())
    _ordered_groups(table, required=True, measure=measure.upper())
    scale_used, b0, b1, v00, v01, v11 = _slope_model(table, model)
    if model == "linear":
        high, low = b0 + b1, b0
        # gradients of (high - low) and ln(high / low) with respect to (b0, b1)
        g_diff = (np.zeros_like(b0), np.ones_like(b1))
        with np.errstate(divide="ignore", invalid="ignore"):
            g_log = (1 / high - 1 / low, 1 / high)
    else:
        high, low = expit(b0 + b1), expit(b0)
        dh, dl = high * (1 - high), low * (1 - low)
        g_diff = (dh - dl, dh)
        g_log = (low - high, 1 - high)
    gradient = g_diff if measure == "sii" else g_log
    with np.errstate(invalid="ignore"):
        variance = (
            gradient[0] ** 2 * v00 + 2 * gradient[0] * gradient[1] * v01 + gradient[1] ** 2 * v11
        )
        se = np.sqrt(variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "sii":
            value = (high - low) * scale_used
            se_out = se * scale_used
            return _result(
                "sii",
                table,
                value,
                se_out,
                value - z * se_out,
                value + z * se_out,
                "regression",
                level,
            )
        log_rii = np.log(high / low)
        return _result(
            "rii",
            table,
            np.exp(log_rii),
            se,
            np.exp(log_rii - z * se),
            np.exp(log_rii + z * se),
            "regression",
            level,
        )


@_quietly
def heat_sii(
    estimate: ArrayLike,
    *,
    subgroup_order: ArrayLike,
    population: ArrayLike | None = None,
    scale: float | ArrayLike | None = None,
    model: Literal["logistic", "linear"] = "logistic",
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Slope index of inequality: predicted y at rank 1 minus predicted y at rank 0.

    Ordered dimensions only. Subgroups are ranked by relative rank X_j (as :func:`heat_aci`,
    populations first rounded up to whole people as WHO does) from most disadvantaged (0) to
    most advantaged (1); y is regressed on X and SII = ŷ(1) - ŷ(0), in the indicator's units.

    ``model="logistic"`` (WHO's default): events_j = round(y_j / scale * N_j) out of N_j,
    logistic regression on X_j; ``healthequal`` gives the binomial counts *and* prior weights
    N_j, so each subgroup's likelihood counts N_j² times — we reproduce that. ``scale``:
    given, or WHO's choice from the largest estimate (1, 100, 1000, … 10⁶); a subgroup whose
    count falls outside 0..N_j makes the result NaN (as WHO). ``model="linear"``: weighted least
    squares of y on X with weights N_j (the point estimate of PHE's ``phe_sii``).

    SE: delta method with the HC1 heteroscedasticity-robust covariance of the coefficients
    (``marginaleffects::avg_comparisons(vcov = "HC1")`` in WHO's code); interval SII ± z·SE.
    ``se`` is on the indicator's scale (WHO reports it divided by the scale; multiply theirs by
    the scale to compare). All-equal estimates give SII = 0 (WHO refuses to compute).

    Source: WHO HEAT technical notes; ``healthequal::sii``.
    """
    return _slope_measure(
        "sii",
        estimate,
        subgroup_order,
        population,
        scale,
        model,
        groups,
        confidence,
        drop_missing,
    )


@_quietly
def heat_rii(
    estimate: ArrayLike,
    *,
    subgroup_order: ArrayLike,
    population: ArrayLike | None = None,
    scale: float | ArrayLike | None = None,
    model: Literal["logistic", "linear"] = "logistic",
    groups: Groups = None,
    confidence: float = 0.95,
    drop_missing: bool = False,
) -> InequalityResult:
    """Relative index of inequality: predicted y at rank 1 divided by predicted y at rank 0.

    Same regression as :func:`heat_sii` (needs at least 3 subgroups). ``se`` is the SE of
    ln RII (delta method, HC1 covariance); interval exp(ln RII ∓ z·SE). RII = 1 means no
    inequality. Reference behaviour: ``healthequal::rii`` always chooses the scale from the
    largest estimate; we use ``scale`` when you give it (leave it out to match WHO exactly).

    Source: WHO HEAT technical notes; ``healthequal::rii``.
    """
    return _slope_measure(
        "rii",
        estimate,
        subgroup_order,
        population,
        scale,
        model,
        groups,
        confidence,
        drop_missing,
    )
