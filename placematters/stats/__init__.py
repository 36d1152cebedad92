"""Pure, vectorised statistics: England's official public-health methods and WHO HEAT measures.

Nothing here imports Django or the rest of the project (an import-linter contract checks it).
Every function takes numpy arrays (and optional group keys), validates them, and raises
:class:`StatsInputError` for bad input. Formulas and sources are in each function's docstring;
the full method notes are in ``docs/statistics.md``.
"""

from placematters.stats.comparisons import (
    TrendResult,
    compare,
    polarity_id,
    quartile_categories,
    quintile_categories,
    recent_trend,
)
from placematters.stats.difference import DifferenceResult, estimates_difference
from placematters.stats.errors import StatsInputError
from placematters.stats.funnel import (
    FunnelLimits,
    FunnelPoints,
    funnel_limits,
    funnel_points,
    funnel_significance,
)
from placematters.stats.heat import (
    InequalityResult,
    heat_aci,
    heat_bgsd,
    heat_bgv,
    heat_cov,
    heat_difference,
    heat_idis,
    heat_mdb,
    heat_mdm,
    heat_mdr,
    heat_mld,
    heat_paf,
    heat_par,
    heat_ratio,
    heat_rci,
    heat_rii,
    heat_sii,
    heat_theil,
)
from placematters.stats.indicators import mean, proportion, rate
from placematters.stats.inequality import (
    DroppedGroupsWarning,
    ManyQuantilesWarning,
    SIIResult,
    relative_rank,
    sii,
)
from placematters.stats.intervals import (
    byars,
    exact_poisson,
    poisson_limits,
    t_interval,
    wilson,
    z_value,
)
from placematters.stats.life_expectancy import AGE_BANDS, life_expectancy
from placematters.stats.quantiles import TooFewValuesWarning, quantiles
from placematters.stats.results import (
    DSRResult,
    IndicatorResult,
    ISRResult,
    LifeExpectancyResult,
    MeanResult,
    ProportionResult,
    RateResult,
)
from placematters.stats.spc import XmRResult, xmr
from placematters.stats.standardisation import (
    ESP2013,
    ESP2013_BANDS,
    ESP2013_BY_BAND,
    dsr,
    isr_rate,
    isr_ratio,
)

__all__ = ["StatsInputError"]

# Fingertips indicator methods (PHEindicatormethods): intervals, indicators, standardisation,
# life expectancy, and their result types.
__all__ += [
    "AGE_BANDS",
    "ESP2013",
    "ESP2013_BANDS",
    "ESP2013_BY_BAND",
    "DSRResult",
    "ISRResult",
    "IndicatorResult",
    "LifeExpectancyResult",
    "MeanResult",
    "ProportionResult",
    "RateResult",
    "byars",
    "dsr",
    "exact_poisson",
    "isr_rate",
    "isr_ratio",
    "life_expectancy",
    "mean",
    "poisson_limits",
    "proportion",
    "rate",
    "t_interval",
    "wilson",
    "z_value",
]

# WHO HEAT summary measures of inequality (healthequal) and NHS Making Data Count XmR charts.
__all__ += [
    "InequalityResult",
    "XmRResult",
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
    "xmr",
]

# Inequality, deprivation quantiles, funnel plots (PHEindicatormethods) and Fingertips
# benchmarking (comparisons, quintiles, recent trends).
__all__ += [
    "DroppedGroupsWarning",
    "FunnelLimits",
    "FunnelPoints",
    "ManyQuantilesWarning",
    "SIIResult",
    "TooFewValuesWarning",
    "TrendResult",
    "compare",
    "funnel_limits",
    "funnel_points",
    "funnel_significance",
    "polarity_id",
    "quantiles",
    "quartile_categories",
    "quintile_categories",
    "recent_trend",
    "relative_rank",
    "sii",
]

# The DataFrame face needs pandas, so it is imported on first use rather than with the package.
_FRAMES = (
    "frame_dsr",
    "frame_funnel_limits",
    "frame_funnel_points",
    "frame_funnel_significance",
    "frame_heat",
    "frame_isr_rate",
    "frame_isr_ratio",
    "frame_life_expectancy",
    "frame_mean",
    "frame_proportion",
    "frame_quantile",
    "frame_rate",
    "frame_sii",
    "frame_xmr",
)
__all__ += list(_FRAMES)


def __getattr__(name: str) -> object:
    if name in _FRAMES:
        from placematters.stats import frames

        return getattr(frames, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The difference between two independent estimates (Altman & Bland 2003).
__all__ += ["DifferenceResult", "estimates_difference"]

# Proportionate universalism: need-weighted allocation with a universal floor (domain.md 9.3).
from placematters.stats.allocation import (  # noqa: E402
    AllocationResult,
    allocate,
    deprivation_ramp,
    largest_remainder,
)

__all__ += ["AllocationResult", "allocate", "deprivation_ramp", "largest_remainder"]

# A straight-line forecast "if nothing changes" with prediction limits (Montgomery & Runger).
from placematters.stats.forecast import ForecastResult, linear_forecast  # noqa: E402

__all__ += ["ForecastResult", "linear_forecast"]
