"""Statistical process control: the XmR chart as NHS England's "Making Data Count" uses it.

Written from NHS England / NHS Improvement's *Making Data Count* guidance ("Getting started",
"Strengthening your decisions", 2018-2019) and its "plot the dots" Excel tool, with the R
package ``NHSRplotthedots`` (NHS-R Community) as a cross-check of the conventions; no code was
copied.

For each *segment* of a series (the whole series, or the stretch between two rebasing points):

* centre line = mean of the segment's values;
* moving range MR_i = |x_i - x_(i-1)| between consecutive points of the segment; mean moving
  range MR̄ = mean of the segment's moving ranges;
* process limits = mean ± 2.66 * MR̄ (2.66 = 3 / 1.128, i.e. three sigma with
  sigma = MR̄ / 1.128);
* two-sigma lines = mean ± (2/3) * 2.66 * MR̄ (two thirds of the way to a limit).

Special-cause rules, each applied within a segment only (see :func:`xmr` for the exact choices):

1. *beyond limits*: a point above the upper or below the lower process limit;
2. *run*: ``run_length`` (7; 6 is sometimes used) or more consecutive points on the same side
   of the mean;
3. *trend*: ``trend_length`` (6) or more consecutive points each higher (or each lower) than
   the one before, counting the point the trend starts from;
4. *two of three*: two or three of three consecutive points beyond the same two-sigma line.

Every rule is computed with cumulative sums and run-length labels over the whole input (all
groups and segments at once); nothing loops over points.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from placematters.stats._groups import group_rows
from placematters.stats._validate import as_float_array
from placematters.stats.errors import StatsInputError

__all__ = [
    "ASSURANCE_FAILING",
    "ASSURANCE_HIT_AND_MISS",
    "ASSURANCE_PASSING",
    "COMMON_CAUSE",
    "MISSING",
    "SPECIAL_CAUSE_CONCERN",
    "SPECIAL_CAUSE_IMPROVEMENT",
    "SPECIAL_CAUSE_NEITHER",
    "XmRResult",
    "xmr",
]

LIMIT_FACTOR = 2.66
"""Process limits sit 2.66 mean moving ranges from the mean (3 / d2, d2 = 1.128 for n = 2)."""
RANGE_LIMIT_FACTOR = 3.267
"""Upper range limit of the moving-range chart (D4 for n = 2), used when screening ranges."""
ROUNDING_SLACK = 16 * np.finfo(np.float64).eps
"""Relative tolerance (of a segment's largest absolute value) for "on the mean / on a line"."""

COMMON_CAUSE = "common_cause"
SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
SPECIAL_CAUSE_CONCERN = "special_cause_concern"
SPECIAL_CAUSE_NEITHER = "special_cause_neither"
MISSING = "missing"

ASSURANCE_PASSING = "consistently_passing"
ASSURANCE_FAILING = "consistently_failing"
ASSURANCE_HIT_AND_MISS = "hit_and_miss"

Improvement = Literal["increase", "decrease"] | None


@dataclass(frozen=True, eq=False)
class XmRResult:
    """An XmR chart: per-point arrays (in the order given) and per-group assurance.

    Per point: ``values``; ``segment`` (0 for the first segment of its series, +1 at each
    rebase); ``mean`` (centre line), ``mean_moving_range``, ``upper_limit`` / ``lower_limit``
    (process limits) and ``upper_two_sigma`` / ``lower_two_sigma``, all of the point's segment;
    ``moving_range`` (NaN at a segment's first point and at missing points); one flag array per
    rule (``beyond_limits``, ``run``, ``trend``, ``two_of_three``); ``special_cause`` (any rule);
    ``high`` / ``low`` (the point is part of a signal upwards / downwards: above a limit, in a
    run above / below the mean, in a rising / falling trend, beyond the upper / lower two-sigma
    line); ``variation`` (:data:`COMMON_CAUSE`, :data:`SPECIAL_CAUSE_IMPROVEMENT`,
    :data:`SPECIAL_CAUSE_CONCERN`, :data:`SPECIAL_CAUSE_NEITHER` or :data:`MISSING`).

    Per group (``groups``: the sorted unique keys; ``array([None])`` without groups):
    ``assurance`` against the target (:data:`ASSURANCE_PASSING`, :data:`ASSURANCE_FAILING`,
    :data:`ASSURANCE_HIT_AND_MISS`, or ``None`` when no target was given) judged with the
    group's latest segment, and
    ``latest_variation``, the variation of the group's last non-missing point (the icon MDC
    shows).
    """

    values: NDArray[np.float64]
    segment: NDArray[np.intp]
    mean: NDArray[np.float64]
    moving_range: NDArray[np.float64]
    mean_moving_range: NDArray[np.float64]
    upper_limit: NDArray[np.float64]
    lower_limit: NDArray[np.float64]
    upper_two_sigma: NDArray[np.float64]
    lower_two_sigma: NDArray[np.float64]
    beyond_limits: NDArray[np.bool_]
    run: NDArray[np.bool_]
    trend: NDArray[np.bool_]
    two_of_three: NDArray[np.bool_]
    special_cause: NDArray[np.bool_]
    high: NDArray[np.bool_]
    low: NDArray[np.bool_]
    variation: NDArray[np.str_]
    groups: np.ndarray
    assurance: NDArray[np.object_]
    latest_variation: NDArray[np.object_]
    improvement: Improvement
    target: NDArray[np.float64] | None

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                view = value.view()
                view.flags.writeable = False
                object.__setattr__(self, name, view)

    def __len__(self) -> int:
        return len(self.values)


def _whole_number(value: object, argument: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise StatsInputError(argument, f"must be a whole number of {minimum} or more")
    return int(value)


def _starts(length: int, rebase_at: int | Sequence[int] | None) -> NDArray[np.bool_]:
    """Rows that start a new segment because the caller rebased there."""
    starts = np.zeros(length, dtype=bool)
    if rebase_at is None:
        return starts
    points = np.atleast_1d(np.asarray(rebase_at))
    if points.size == 0:
        return starts
    if not np.issubdtype(points.dtype, np.integer):
        raise StatsInputError("rebase_at", "must be row positions (whole numbers)")
    for i, point in enumerate(points.tolist()):
        if not 0 <= point < length:
            raise StatsInputError(
                "rebase_at", f"must lie between 0 and {length - 1} (the rows given)", i, point
            )
    starts[points] = True
    return starts


def _runs(labels: NDArray, breaks: NDArray[np.bool_]) -> tuple[NDArray[np.intp], NDArray]:
    """Label maximal runs of equal ``labels`` (a run also ends where ``breaks`` is True).

    Returns each element's run number and the length of every run.
    """
    new = np.ones(len(labels), dtype=bool)
    new[1:] = (labels[1:] != labels[:-1]) | breaks[1:]
    run_id = np.cumsum(new) - 1
    return run_id, np.bincount(run_id)


def xmr(
    values: ArrayLike,
    *,
    rebase_at: int | Sequence[int] | None = None,
    improvement: Improvement = None,
    target: float | ArrayLike | None = None,
    run_length: int = 7,
    trend_length: int = 6,
    baseline: int | None = None,
    screen_moving_ranges: bool = False,
    groups: ArrayLike | Sequence[ArrayLike] | None = None,
) -> XmRResult:
    """XmR (individuals and moving range) chart with Making Data Count's rules and icons.

    ``values`` are in time order (within each group, when ``groups`` is given: one key per row;
    rows of a group need not be contiguous, their relative order is the time order).

    Segments and limits: ``rebase_at`` lists row positions (0-based, in the order given) that
    start a new segment; each segment gets its own mean, MR̄ and limits (module docstring).
    Rebasing at a group's first row changes nothing; a position outside the rows is an error,
    and so is a segment with fewer than two non-missing values (no moving range). ``baseline``
    (optional) computes each segment's mean and MR̄ from its first ``baseline`` non-missing
    points only, and extends those limits over the rest of the segment. With
    ``screen_moving_ranges=True``, moving ranges of 3.267 * MR̄ or more are left out and MR̄ is
    recomputed (as ``NHSRplotthedots`` does by default); off by default, as in MDC's formula.

    Comparisons with the mean and the lines allow for floating-point rounding: a point within
    16 machine epsilons (relative to the largest absolute value in its segment) of the mean or
    of a line counts as on it, so a constant series flags nothing.

    Missing values (NaN) are skipped: they get the limits of their segment but no moving range,
    no flags and variation :data:`MISSING`; the rules and moving ranges join the non-missing
    points either side of a gap as if they were consecutive.

    Rules (all within a segment; a point may meet several):

    * ``beyond_limits``: strictly above the upper or below the lower process limit.
    * ``run``: part of ``run_length`` or more consecutive points strictly on the same side of
      the mean; a point exactly on the mean belongs to neither side and ends a run.
    * ``trend``: part of ``trend_length`` or more consecutive points each strictly higher (or
      each strictly lower) than the one before. The count includes the point the trend starts
      from, as MDC counts points on the chart: with the default 6, five rises in a row flag all
      six points. A repeated value ends a trend. (``NHSRplotthedots`` counts seven points, i.e.
      six rises: pass ``trend_length=7`` to match it.)
    * ``two_of_three``: two or three of any three consecutive points lie strictly beyond the
      same two-sigma line (points beyond the process limit count too, as in the Western
      Electric rule); those beyond-two-sigma points are flagged, the third point is not.
      (``NHSRplotthedots`` counts only points between two sigma and the limit, and wants all
      three points on the same side of the mean.)

    Variation, given ``improvement`` (``"increase"``, ``"decrease"`` or ``None``): common cause
    when no rule flags the point; otherwise improvement when the point is part of a signal in
    the improving direction (``high`` for an increase - above the upper limit, in a run above
    the mean, in a rising trend, two of three beyond the upper two-sigma line), concern when it
    is part of a signal in the other direction only, and "neither" when there is no improvement
    direction. A trend's direction is its slope, not its side of the mean. When a point is part
    of signals in both directions, improvement is reported (as MDC's single-chart tool does).

    Assurance, given ``target`` (a number, or one per row - the group's last row is used) and
    an improvement direction, judged against the limits of each group's latest segment: for an
    increase, a target below the lower limit is consistently passed, above the upper limit
    consistently failed; for a decrease the other way round; a target between the limits (or
    on one) is hit and miss.

    Raises :class:`StatsInputError` for fewer than two non-missing values in a segment,
    infinite values, a bad ``rebase_at``, lengths or option values, or a target without an
    improvement direction.
    """
    x = as_float_array(values, "values")
    n = len(x)
    if n == 0:
        raise StatsInputError("values", "give at least two values")
    infinite = np.isinf(x)
    if infinite.any():
        row = int(np.flatnonzero(infinite)[0])
        raise StatsInputError("values", "must be finite numbers or missing", row, float(x[row]))
    if improvement == "neutral":
        improvement = None
    if improvement not in ("increase", "decrease", None):
        raise StatsInputError("improvement", "must be 'increase', 'decrease' or None")
    run_length = _whole_number(run_length, "run_length", 2)
    trend_length = _whole_number(trend_length, "trend_length", 2)
    if baseline is not None:
        baseline = _whole_number(baseline, "baseline", 2)
    targets = None
    if target is not None:
        if improvement is None:
            raise StatsInputError("target", "needs an improvement direction to judge assurance")
        targets = as_float_array(target, "target")
        if len(targets) == 1:
            targets = np.full(n, targets[0])
        elif len(targets) != n:
            raise StatsInputError("target", f"give one number or one per value ({n})")

    grouping = group_rows(groups, n)
    # Put each group's rows together, keeping their order (time order within a group).
    order = np.argsort(grouping.index, kind="stable")
    group = grouping.index[order]
    v = x[order]
    group_start = np.ones(n, dtype=bool)
    group_start[1:] = group[1:] != group[:-1]
    group_end = np.r_[group_start[1:], True]
    segment = np.cumsum(group_start | _starts(n, rebase_at)[order]) - 1
    n_segments = int(segment[-1]) + 1
    first_segment = np.zeros(grouping.size, dtype=np.intp)
    first_segment[group[group_start]] = segment[group_start]

    # Work on the non-missing points only ("c" = compressed).
    seen = ~np.isnan(v)
    vc, sc = v[seen], segment[seen]
    counts = np.bincount(sc, minlength=n_segments)
    if (counts < 2).any():
        bad = int(np.flatnonzero(counts < 2)[0])
        row = int(order[np.flatnonzero(segment == bad)[0]])
        raise StatsInputError(
            "values",
            "each segment needs at least two non-missing values to have a moving range "
            f"(this one has {int(counts[bad])}; check rebase_at)",
            row,
            float(x[row]),
        )
    position = np.arange(len(vc)) - np.r_[0, np.cumsum(counts)][sc]  # place within segment
    used = position < baseline if baseline is not None else np.ones(len(vc), dtype=bool)

    mean_s = np.bincount(sc, weights=vc * used, minlength=n_segments) / np.bincount(
        sc, weights=used.astype(float), minlength=n_segments
    )
    same = np.zeros(len(vc), dtype=bool)
    same[1:] = sc[1:] == sc[:-1]
    mr = np.full(len(vc), np.nan)
    mr[1:] = np.abs(np.diff(vc))
    mr[~same] = np.nan
    mr_used = same & used  # a used point's predecessor in the segment is used too

    def mean_range(mask: NDArray[np.bool_]) -> NDArray[np.float64]:
        total = np.bincount(sc, weights=np.where(mask, mr, 0.0), minlength=n_segments)
        return total / np.bincount(sc, weights=mask.astype(float), minlength=n_segments)

    amr_s = mean_range(mr_used)
    if screen_moving_ranges:
        amr_s = mean_range(mr_used & (mr < RANGE_LIMIT_FACTOR * amr_s[sc]))

    # Points are compared with the lines through their deviation from the mean, allowing for
    # rounding: a deviation within `slack` of a line (or of the mean) counts as on it. Without
    # this, a constant series whose mean rounds an ulp away would show a run and points
    # "beyond" limits that coincide with the mean.
    deviation = vc - mean_s[sc]
    segment_starts = np.r_[0, np.cumsum(counts)[:-1]]
    slack = ROUNDING_SLACK * np.maximum.reduceat(np.abs(vc), segment_starts)[sc]
    reach = LIMIT_FACTOR * amr_s[sc]

    # Rule 1: beyond the process limits.
    above, below = deviation > reach + slack, deviation < -reach - slack

    # Rule 2: runs on one side of the mean (the side is 0 on the mean).
    side = np.where(np.abs(deviation) > slack, np.sign(deviation), 0.0)
    run_id, run_len = _runs(side, ~same)
    in_run = (side != 0) & (run_len[run_id] >= run_length)

    # Rule 3: trends. step_i = sign(x_i - x_(i-1)) within a segment; a run of m equal non-zero
    # steps covers m + 1 points, the first being the point the trend starts from.
    step = np.zeros(len(vc))
    step[1:] = np.sign(np.diff(vc))
    step[~same] = 0
    step_id, step_len = _runs(step, ~same)
    rising_step = (step > 0) & (step_len[step_id] + 1 >= trend_length)
    falling_step = (step < 0) & (step_len[step_id] + 1 >= trend_length)
    rising = rising_step | np.r_[rising_step[1:], False]  # add each trend's starting point
    falling = falling_step | np.r_[falling_step[1:], False]

    # Rule 4: two of three consecutive points beyond the same two-sigma line.
    def two_of_three(beyond: NDArray[np.bool_]) -> NDArray[np.bool_]:
        count = beyond.astype(int)
        window = np.zeros(len(vc), dtype=bool)  # window starting at i covers i, i+1, i+2
        if len(vc) >= 3:
            within = sc[:-2] == sc[2:]
            window[:-2] = within & (count[:-2] + count[1:-1] + count[2:] >= 2)
        covered = window.copy()
        covered[1:] |= window[:-1]
        covered[2:] |= window[:-2]
        return beyond & covered

    two_sigma = 2 / 3 * reach + slack
    high_two, low_two = two_of_three(deviation > two_sigma), two_of_three(deviation < -two_sigma)

    high_c = above | (in_run & (side > 0)) | rising | high_two
    low_c = below | (in_run & (side < 0)) | falling | low_two
    special_c = high_c | low_c
    if improvement is None:
        variation_c = np.where(special_c, SPECIAL_CAUSE_NEITHER, COMMON_CAUSE)
    else:
        good, bad = (high_c, low_c) if improvement == "increase" else (low_c, high_c)
        variation_c = np.where(
            good, SPECIAL_CAUSE_IMPROVEMENT, np.where(bad, SPECIAL_CAUSE_CONCERN, COMMON_CAUSE)
        )

    # Back to one entry per row, in the order given.
    def per_row(compressed: NDArray, fill: object) -> NDArray:
        sorted_rows = np.full(n, fill, dtype=compressed.dtype)
        sorted_rows[seen] = compressed
        out = np.empty_like(sorted_rows)
        out[order] = sorted_rows
        return out

    def per_row_segment(per_segment: NDArray) -> NDArray:
        out = np.empty(n, dtype=per_segment.dtype)
        out[order] = per_segment[segment]
        return out

    amr_row = np.empty(n)
    amr_row[order] = amr_s[segment]
    mean_row = per_row_segment(mean_s)
    segment_row = np.empty(n, dtype=np.intp)
    segment_row[order] = segment - first_segment[group]
    flags = {
        name: per_row(array, False)
        for name, array in {
            "beyond_limits": above | below,
            "run": in_run,
            "trend": rising | falling,
            "two_of_three": high_two | low_two,
            "special_cause": special_c,
            "high": high_c,
            "low": low_c,
        }.items()
    }
    variation = per_row(variation_c.astype(f"<U{len(SPECIAL_CAUSE_IMPROVEMENT)}"), MISSING)

    # Per group: latest variation and assurance (limits of the group's latest segment).
    seen_at = np.flatnonzero(seen)
    last_seen = seen_at[np.r_[group[seen_at][1:] != group[seen_at][:-1], True]]
    latest_variation = np.full(grouping.size, None, dtype=object)
    latest_variation[group[last_seen]] = variation[order[last_seen]]
    last_segment = np.empty(grouping.size, dtype=np.intp)
    last_segment[group[group_end]] = segment[group_end]
    assurance = np.full(grouping.size, None, dtype=object)
    if targets is not None:
        aim = np.empty(grouping.size)
        aim[group[group_end]] = targets[order[group_end]]
        top = mean_s[last_segment] + LIMIT_FACTOR * amr_s[last_segment]
        bottom = mean_s[last_segment] - LIMIT_FACTOR * amr_s[last_segment]
        passing = aim < bottom if improvement == "increase" else aim > top
        failing = aim > top if improvement == "increase" else aim < bottom
        assurance[:] = np.where(
            passing, ASSURANCE_PASSING, np.where(failing, ASSURANCE_FAILING, ASSURANCE_HIT_AND_MISS)
        )
        assurance[np.isnan(aim)] = None

    return XmRResult(
        values=x,
        segment=segment_row,
        mean=mean_row,
        moving_range=per_row(mr, np.nan),
        mean_moving_range=amr_row,
        upper_limit=mean_row + LIMIT_FACTOR * amr_row,
        lower_limit=mean_row - LIMIT_FACTOR * amr_row,
        upper_two_sigma=mean_row + 2 / 3 * LIMIT_FACTOR * amr_row,
        lower_two_sigma=mean_row - 2 / 3 * LIMIT_FACTOR * amr_row,
        beyond_limits=flags["beyond_limits"],
        run=flags["run"],
        trend=flags["trend"],
        two_of_three=flags["two_of_three"],
        special_cause=flags["special_cause"],
        high=flags["high"],
        low=flags["low"],
        variation=variation,
        groups=grouping.keys,
        assurance=assurance,
        latest_variation=latest_variation,
        improvement=improvement,
        target=targets,
    )
