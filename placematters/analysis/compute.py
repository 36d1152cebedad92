"""What the analysis computes from observations, vectorised, with the statistics engine.

Pure functions of pandas frames (no database), so that they can be unit-tested and timed:

* :func:`trend_frame`: the Fingertips recent-trend marker of every series (indicator, area,
  sex, age, category type, category) with at least two periods, with
  :func:`placematters.stats.recent_trend`. Proportion indicators whose series carry counts
  and denominators use the chi-square test for proportions; every other series the
  inverse-variance weighted regression on the 95% limits.
* :func:`inequality_frame`: for every observation group (indicator, area, period, sex, age,
  category type) whose categories are deprivation deciles or quintiles
  (:func:`deprivation_quantile`), the most and least deprived values, the gap (most - least),
  the ratio (most / least), and the SII and RII with 95% limits from
  :func:`placematters.stats.sii` (PHE method, simulated limits).

SII choices (documented here, stored in ``method``):

* value type: rates (crude rate, DSR, indirectly standardised ratio) are value_type 1 fitted on
  the log scale; proportions value_type 2 on the logit scale (values and limits divided by the
  indicator's multiplier first, the SII multiplied back); everything else (life expectancy,
  means...) value_type 0, untransformed.
* standard errors from the 95% limits (lower/upper), which the import has either kept as
  published or computed from count and denominator.
* population weights: the denominators when every quantile of the group has one, otherwise
  equal weights (the regression then weights each quantile alike).
* orientation: the engine's multiplier is negated, so that the SII is the fitted value at the
  most deprived end minus the one at the least deprived end and the RII their ratio, reading
  the same way as the gap and ratio.
* groups without a usable value and 95% limits for every quantile (or with values the
  transform cannot take, such as a rate of 0) get the gap and ratio but no SII, with the
  reason in ``method``.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from placematters import stats

#: Seed of the SII simulation, so that re-importing the same file gives the same limits.
SII_SEED = 20_190_926
SII_REPETITIONS = 100_000
TREND_KEYS = ["indicator_id", "area_code", "sex", "age", "category_type", "category"]
GROUP_KEYS = ["indicator_id", "area_code", "period", "sex", "age", "category_type"]
RATE_TYPES = {"crude_rate", "dsr", "isr"}

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_QUINTILE_MIDDLE = re.compile(r"\b(average|middle|median)\b")


def quantile_count(category_type: str) -> int | None:
    """10 for a deprivation-decile category type, 5 for quintiles, else None.

    E.g. "County & UA deprivation deciles in England (IMD2019)" → 10, "LSOA11 deprivation
    quintiles within area (IMD  trend)" → 5, "Ethnic groups" → None.
    """
    text = category_type.lower()
    if "depriv" not in text:
        return None
    if "decile" in text:
        return 10
    if "quintile" in text:
        return 5
    return None


def deprivation_quantile(category: str, n: int) -> int | None:
    """Quantile number (1 = most deprived) of a Fingertips deprivation category label.

    Understands Fingertips' words ("Most deprived decile", "Second most deprived decile",
    "Third more deprived decile", "Fifth less deprived decile", "Second least deprived
    quintile", "Average deprived quintile", "Least deprived decile", with or without
    "(IMD2019)") and numbered labels ("Decile 3", "Quintile 1 - most deprived", "Q5"), which
    count from the most deprived. None when the label cannot be read.
    """
    text = re.sub(r"\(.*?\)", "", category.lower()).strip()
    if "depriv" in text:
        words = text.split()
        ordinal = _ORDINALS.get(words[0], 1) if words else 1
        if re.search(r"\bleast\b", text):
            return n + 1 - ordinal
        if re.search(r"\bless\b", text):
            return n + 1 - ordinal
        if re.search(r"\b(most|more)\b", text):
            return ordinal
        if _QUINTILE_MIDDLE.search(text) and n % 2 == 1:
            return (n + 1) // 2
    number = re.search(r"\d+", text)
    if number is not None and 1 <= int(number.group()) <= n:
        return int(number.group())
    return None


def sii_value_type(value_type: str) -> int:
    """The engine's SII value type: 1 rate (log), 2 proportion (logit), 0 anything else."""
    if value_type in RATE_TYPES:
        return 1
    if value_type == "proportion":
        return 2
    return 0


# --- trends ---------------------------------------------------------------------------------


def trend_frame(observations: pd.DataFrame, indicators: dict[int, dict]) -> pd.DataFrame:
    """Recent trend of every series with at least two periods.

    ``observations``: indicator_id, area_code, period, period_sortable, sex, age,
    category_type, category, count, denominator, value, lower_95, upper_95.
    ``indicators``: indicator id -> {"value_type", "polarity"}.

    Returns one row per series: the TREND_KEYS, label, chi_square, slope, significant and
    points (the last five valid points, oldest first, as dicts).
    """
    columns = [*TREND_KEYS, "label", "chi_square", "slope", "significant", "points"]
    if not len(observations):
        return pd.DataFrame(columns=columns)
    frame = observations.sort_values([*TREND_KEYS, "period_sortable"], kind="stable")
    frame = frame.reset_index(drop=True)
    frame["series"] = frame.groupby(TREND_KEYS, sort=False).ngroup()
    periods = frame.groupby("series")["period_sortable"].transform("nunique")
    frame = frame[periods.to_numpy() >= 2].reset_index(drop=True)
    if not len(frame):
        return pd.DataFrame(columns=columns)

    meta = pd.DataFrame.from_dict(indicators, orient="index")
    frame["polarity"] = frame["indicator_id"].map(meta["polarity"]).fillna("no_judgement")
    is_proportion = frame["indicator_id"].map(meta["value_type"]).eq("proportion").to_numpy()
    has_counts = (frame["count"].notna() & frame["denominator"].notna()).to_numpy()
    counted = pd.Series(is_proportion & has_counts).groupby(frame["series"]).transform("all")
    frame["by_counts"] = counted.to_numpy()

    results = []
    for (polarity, by_counts), part in frame.groupby(["polarity", "by_counts"], sort=False):
        counts = {}
        if by_counts:
            counts = {"count": part["count"].to_numpy(), "denominator": part["denominator"]}
            counts["denominator"] = counts["denominator"].to_numpy()
        result = stats.recent_trend(
            part["value"].to_numpy(dtype=float),
            part["lower_95"].to_numpy(dtype=float),
            part["upper_95"].to_numpy(dtype=float),
            _polarity_name(polarity),
            groups=part["series"].to_numpy(),
            time=part["period_sortable"].to_numpy(),
            **counts,
        )
        results.append(
            pd.DataFrame(
                {
                    "series": result.groups.astype(np.int64),
                    "label": result.label,
                    "chi_square": result.chi_square,
                    "slope": result.slope,
                    "significant": result.significant,
                }
            )
        )
    trends = pd.concat(results, ignore_index=True)

    valid = frame[frame[["value", "lower_95", "upper_95"]].notna().all(axis=1)]
    last = valid.groupby("series", sort=False).tail(5)
    points: dict[int, list[dict]] = {}
    for series, period, value, lower, upper in zip(
        last["series"].tolist(),
        last["period"].tolist(),
        last["value"].tolist(),
        last["lower_95"].tolist(),
        last["upper_95"].tolist(),
        strict=True,
    ):
        points.setdefault(series, []).append(
            {"period": period, "value": value, "lower_95": lower, "upper_95": upper}
        )
    keys = frame.drop_duplicates("series").set_index("series")[TREND_KEYS]
    trends = trends.join(keys, on="series")
    trends["points"] = [points.get(series, []) for series in trends["series"]]
    return trends[columns]


# --- inequality -----------------------------------------------------------------------------


def inequality_frame(
    observations: pd.DataFrame,
    indicators: dict[int, dict],
    *,
    seed: int | None = SII_SEED,
    repetitions: int = SII_REPETITIONS,
) -> pd.DataFrame:
    """Gap, ratio, SII and RII of every deprivation-quantile group (see the module docstring).

    ``observations`` as for :func:`trend_frame`; ``indicators``: id -> {"value_type",
    "multiplier"}. Returns one row per group: GROUP_KEYS, period_sortable, n_quantiles,
    most_deprived_value, least_deprived_value, gap, ratio, sii, sii_lower, sii_upper, rii,
    rii_lower, rii_upper, confidence, method.
    """
    columns = [
        *GROUP_KEYS, "period_sortable", "n_quantiles", "most_deprived_value",
        "least_deprived_value", "gap", "ratio", "sii", "sii_lower", "sii_upper", "rii",
        "rii_lower", "rii_upper", "confidence", "method",
    ]  # fmt: skip
    frame = _with_quantiles(observations)
    if not len(frame):
        return pd.DataFrame(columns=columns)
    meta = pd.DataFrame.from_dict(indicators, orient="index")
    frame["sii_type"] = frame["indicator_id"].map(meta["value_type"]).map(sii_value_type)
    frame["scale"] = np.where(
        frame["sii_type"].to_numpy() == 2,
        frame["indicator_id"].map(meta["multiplier"]).fillna(1.0).to_numpy(dtype=float),
        1.0,
    )
    frame["group"] = frame.groupby(GROUP_KEYS, sort=False).ngroup()
    frame = frame.sort_values(["group", "quantile"], kind="stable").reset_index(drop=True)

    # One row per group, with the ends of the deprivation scale.
    groups = frame.drop_duplicates("group").set_index("group")[
        [*GROUP_KEYS, "period_sortable", "n_quantiles", "sii_type", "scale"]
    ]
    most = frame[frame["quantile"] == 1].drop_duplicates("group").set_index("group")["value"]
    least_rows = frame[frame["quantile"] == frame["n_quantiles"]]
    least = least_rows.drop_duplicates("group").set_index("group")["value"]
    groups["most_deprived_value"] = most
    groups["least_deprived_value"] = least
    groups["gap"] = groups["most_deprived_value"] - groups["least_deprived_value"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = groups["most_deprived_value"] / groups["least_deprived_value"]
    groups["ratio"] = ratio.where(np.isfinite(ratio))
    for name in ("sii", "sii_lower", "sii_upper", "rii", "rii_lower", "rii_upper"):
        groups[name] = np.nan
    groups["confidence"] = 0.95
    groups["method"] = ""

    usable, reason = _sii_usable(frame)
    groups["method"] = reason.groupby(frame["group"]).first()
    for (sii_type, scale, n), part in frame[usable].groupby(
        ["sii_type", "scale", "n_quantiles"], sort=False
    ):
        _sii_into(groups, part, int(sii_type), float(scale), int(n), seed, repetitions)
    result = groups.reset_index(drop=True)
    return result[columns]


def _with_quantiles(observations: pd.DataFrame) -> pd.DataFrame:
    """Deprivation-quantile rows only, with n_quantiles and quantile (1 = most deprived)."""
    if not len(observations):
        return observations.iloc[0:0]
    pairs = observations[["category_type", "category"]].drop_duplicates()
    ns = pairs["category_type"].map(quantile_count)
    quantile = [
        deprivation_quantile(category, int(n)) if pd.notna(n) else None
        for category, n in zip(pairs["category"], ns, strict=True)
    ]
    pairs = pairs.assign(n_quantiles=ns, quantile=quantile).dropna()
    frame = observations.merge(pairs, on=["category_type", "category"], how="inner")
    frame["n_quantiles"] = frame["n_quantiles"].astype(np.int64)
    frame["quantile"] = frame["quantile"].astype(np.int64)
    return frame


def _sii_usable(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """Rows of groups the SII can use, and per row the reason when its group cannot."""
    value = frame["value"].to_numpy(dtype=float) / frame["scale"].to_numpy()
    lower = frame["lower_95"].to_numpy(dtype=float) / frame["scale"].to_numpy()
    upper = frame["upper_95"].to_numpy(dtype=float) / frame["scale"].to_numpy()
    kind = frame["sii_type"].to_numpy()
    with np.errstate(invalid="ignore"):
        row_ok = np.isfinite(value) & np.isfinite(lower) & np.isfinite(upper) & (upper >= lower)
        row_ok &= np.where(kind == 1, (lower > 0) & (value > 0), True)
        row_ok &= np.where(kind == 2, (lower > 0) & (upper < 1) & (value > 0) & (value < 1), True)
    group = frame["group"]
    complete = (
        pd.Series(row_ok).groupby(group).transform("all").to_numpy()
        & (
            frame.groupby("group")["quantile"].transform("nunique") == frame["n_quantiles"]
        ).to_numpy()
        & (frame.groupby("group")["quantile"].transform("size") == frame["n_quantiles"]).to_numpy()
    )
    reason = pd.Series(
        np.where(
            complete,
            "",
            "SII not computed: every quantile needs one value with 95% limits the method can use",
        ),
        index=frame.index,
    )
    return complete, reason


def _sii_into(groups, part, sii_type, scale, n, seed, repetitions) -> None:
    denominators = part["denominator"].to_numpy(dtype=float)
    weighted = (
        pd.Series(np.isfinite(denominators) & (denominators > 0))
        .groupby(part["group"].to_numpy())
        .transform("all")
        .to_numpy()
    )
    population = np.where(weighted, denominators, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.DroppedGroupsWarning)
        warnings.simplefilter("ignore", stats.ManyQuantilesWarning)
        result = stats.sii(
            part["quantile"].to_numpy(),
            population,
            part["value"].to_numpy(dtype=float) / scale,
            groups=part["group"].to_numpy(),
            lower=part["lower_95"].to_numpy(dtype=float) / scale,
            upper=part["upper_95"].to_numpy(dtype=float) / scale,
            value_type=sii_type,
            transform=sii_type != 0,
            multiplier=-max(scale, 1.0),
            confidence=0.95,
            repetitions=repetitions,
            seed=seed,
            rii=True,
        )
    keys = result.groups.astype(np.int64)
    factor = 1.0 if scale >= 1 else scale  # a multiplier below 1 is rescaled afterwards
    groups.loc[keys, "sii"] = result.sii * factor
    groups.loc[keys, "sii_lower"] = np.asarray(result.sii_lower) * factor
    groups.loc[keys, "sii_upper"] = np.asarray(result.sii_upper) * factor
    groups.loc[keys, "rii"] = result.rii
    groups.loc[keys, "rii_lower"] = np.asarray(result.rii_lower)
    groups.loc[keys, "rii_upper"] = np.asarray(result.rii_upper)
    weights_by_group = pd.Series(weighted, index=part["group"].to_numpy()).groupby(level=0).first()
    transform = {0: "untransformed", 1: "log-transformed rates", 2: "logit-transformed proportions"}
    weights = np.where(
        weights_by_group.reindex(keys).fillna(False).to_numpy(dtype=bool),
        "denominators",
        "equal weights",
    )
    groups.loc[keys, "method"] = [
        f"PHE SII/RII ({transform[sii_type]}; {n} quantiles; population weights: {weight}; "
        f"{result.method}; limits from the 95% intervals)"
        for weight in weights
    ]


def _polarity_name(polarity: str) -> str:
    return {"higher_is_better": "higher is better", "lower_is_better": "lower is better"}.get(
        polarity, "no judgement"
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
