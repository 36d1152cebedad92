"""Charts of the data overview: Vega-Lite specifications built with altair, drawn as SVG.

Each ``*_spec`` function is pure (plain inputs in, a Vega-Lite dict out) and unit-tested on the
specification; :func:`render_svg` draws a specification with vl-convert on the server and
caches the SVG under a hash of the specification, so a chart is redrawn only when its data
(or its design) changes. The SVG is made into one accessible image (``role="img"`` with a
label); the figures themselves are always in the data table beside the chart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
from django.core.cache import cache

from placematters.analysis.presenters import (
    BACKGROUND,
    COMPARISON_STYLES,
    OUTLINE,
    comparison_style,
)

FONT = "Arial, Liberation Sans, Helvetica, sans-serif"
TEXT = "#0b0c0c"
RANGE_FILL = "#b1b4b6"
QUARTILE_FILL = "#626a6e"
ENGLAND_LINE = "#0b0c0c"
INTERVAL = "#0b0c0c"
CACHE_PREFIX = "pm-chart-svg:"
CACHE_SECONDS = 60 * 60 * 24
#: Changes whenever this module changes, so a new chart design never reuses an old drawing.
DESIGN_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
ROW_HEIGHT = 24
WIDTH = 560
#: Axis labels longer than this are shortened here: Vega's own truncation measures every
#: label repeatedly and makes a 50-row chart several times slower to draw.
LABEL_CHARACTERS = 46

CATEGORY_DOMAIN = list(COMPARISON_STYLES)
CATEGORY_COLOURS = [style.fill for style in COMPARISON_STYLES.values()]
CATEGORY_SHAPES = [style.shape for style in COMPARISON_STYLES.values()]


def _colour(**legend) -> alt.Color:
    return alt.Color(
        "category:N",
        scale=alt.Scale(domain=CATEGORY_DOMAIN, range=CATEGORY_COLOURS),
        legend=None,
        **legend,
    )


def _shape() -> alt.Shape:
    return alt.Shape(
        "category:N", scale=alt.Scale(domain=CATEGORY_DOMAIN, range=CATEGORY_SHAPES), legend=None
    )


def _config(chart: alt.TopLevelMixin, values: list | None = None) -> dict:
    """The chart's Vega-Lite dict, with ``values`` as its data.

    The data are added after altair has built the specification: altair deep-copies and
    walks every value in each layer, which costs more than drawing the chart.
    """
    spec = (
        chart.configure(font=FONT, background=BACKGROUND)
        .configure_axis(
            labelColor=TEXT, titleColor=TEXT, labelFontSize=12, titleFontSize=12, domainColor=TEXT
        )
        .configure_view(stroke=None)
        .to_dict(validate=False)
    )
    if values is not None:
        datasets = spec.pop("datasets", {})
        for layer in spec.get("layer", []):
            if layer.get("data", {}).get("name") in datasets:
                del layer["data"]
        spec["data"] = {"values": values}
    return spec


def _finite(number) -> bool:
    return number is not None and isinstance(number, int | float) and math.isfinite(number)


def short_labels(labels: Sequence[str], limit: int = LABEL_CHARACTERS) -> list[str]:
    """Labels cut to ``limit`` characters with an ellipsis, kept distinct from each other."""
    shortened: list[str] = []
    seen: set[str] = set()
    for label in labels:
        label = " ".join(str(label).split())
        short = label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
        candidate, number = short, 2
        while candidate in seen:
            candidate, number = f"{short} ({number})", number + 1
        seen.add(candidate)
        shortened.append(candidate)
    return shortened


# --- Spine chart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpineRow:
    """One indicator on the spine: the area's value against England's spread."""

    key: str
    label: str
    polarity: str
    comparison: str
    area: float | None
    england: float | None
    region: float | None = None
    lowest: float | None = None
    q25: float | None = None
    q75: float | None = None
    highest: float | None = None


def spine_positions(row: SpineRow) -> dict[str, float | None]:
    """Where each figure sits on the 0-1 spine (Fingertips' area profile scaling).

    England is the centre (0.5). The scale reaches, on both sides, the larger distance from
    England to the lowest or highest area, so England's range fits and stays centred. For
    "higher is better" the best end is on the right; for "lower is better" the axis is
    flipped so better is still on the right; without a judgement lower is on the left.
    """
    names = ("area", "region", "lowest", "q25", "q75", "highest")
    england = row.england
    if not _finite(england):
        return dict.fromkeys(names)
    spread = [abs(v - england) for v in (getattr(row, n) for n in names) if _finite(v)]
    reach = max(spread, default=0.0)
    flip = row.polarity == "lower_is_better"

    def place(number):
        if not _finite(number):
            return None
        if reach == 0:
            return 0.5
        offset = (number - england) / (2 * reach)
        return round(0.5 - offset if flip else 0.5 + offset, 6)

    placed = {name: place(getattr(row, name)) for name in names}
    if flip:  # the lowest area sits at the right-hand end: swap the range ends back
        placed["lowest"], placed["highest"] = placed["highest"], placed["lowest"]
        placed["q25"], placed["q75"] = placed["q75"], placed["q25"]
    return placed


def spine_spec(rows: Sequence[SpineRow], *, area_name: str, region_name: str = "") -> dict:
    """Vega-Lite for the spine chart: one line per indicator, England in the middle."""
    data = []
    labels = short_labels([row.label for row in rows])
    for order, row in enumerate(rows):
        placed = spine_positions(row)
        data.append(
            {
                "key": row.key,
                "label": labels[order],
                "order": order,
                "category": comparison_style(row.comparison).key,
                **placed,
            }
        )
    order = labels
    height = max(ROW_HEIGHT * len(rows), ROW_HEIGHT)
    y = alt.Y(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=0, ticks=False, domain=False, labelPadding=8),
    )
    x_axis = alt.Axis(
        values=[0, 0.5, 1],
        labelExpr="datum.value == 0 ? 'Worse or lower' : datum.value == 1 ? "
        "'Better or higher' : 'England'",
        grid=False,
        title=None,
    )
    x = alt.X("lowest:Q", scale=alt.Scale(domain=[0, 1], nice=False), axis=x_axis)
    base = alt.Chart()
    ranges = base.mark_bar(height=12, color=RANGE_FILL).encode(y=y, x=x, x2="highest:Q")
    quartiles = base.mark_bar(height=12, color=QUARTILE_FILL).encode(
        y=y, x=alt.X("q25:Q"), x2="q75:Q"
    )
    england = base.mark_rule(color=ENGLAND_LINE, strokeWidth=2).encode(x=alt.datum(0.5))
    region = base.mark_point(
        shape="diamond", filled=True, fill=BACKGROUND, stroke=OUTLINE, strokeWidth=1.5, size=90
    ).encode(y=y, x=alt.X("region:Q"))
    area = base.mark_point(filled=True, stroke=OUTLINE, strokeWidth=1, size=150, opacity=1).encode(
        y=y, x=alt.X("area:Q"), color=_colour(), shape=_shape()
    )
    layers = [ranges, quartiles, england]
    if region_name:
        layers.append(region)
    layers.append(area)
    chart = alt.layer(*layers).properties(
        width=WIDTH,
        height=height,
        title=alt.Title(
            f"{area_name} compared with England",
            subtitle="Centre line: England. Grey bars: range of areas in England "
            "(dark: middle half)." + (f" White diamond: {region_name}." if region_name else ""),
            anchor="start",
            color=TEXT,
            subtitleColor=TEXT,
        ),
    )
    return _config(chart, data)


# --- Trend ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    england: float | None = None
    comparison: str = ""


def trend_spec(
    points: Sequence[TrendPoint], *, title: str, unit: str = "", marker: str = ""
) -> dict:
    """Values over time with 95% intervals, England as a dashed line and the trend marker."""
    data = [
        {
            "period": point.period,
            "value": point.value if _finite(point.value) else None,
            "lower": point.lower if _finite(point.lower) else None,
            "upper": point.upper if _finite(point.upper) else None,
            "england": point.england if _finite(point.england) else None,
            "category": comparison_style(point.comparison).key,
        }
        for point in points
    ]
    periods = [point.period for point in points]
    base = alt.Chart()
    x = alt.X("period:O", sort=periods, title="Period", axis=alt.Axis(labelAngle=0))
    y_title = unit or "Value"
    line = base.mark_line(color=TEXT, strokeWidth=1.5).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
    )
    intervals = base.mark_rule(color=INTERVAL, strokeWidth=1.5).encode(
        x=x, y="lower:Q", y2="upper:Q"
    )
    england = base.mark_line(color=TEXT, strokeDash=[6, 4], strokeWidth=1.5).encode(
        x=x, y="england:Q"
    )
    points_layer = base.mark_point(filled=True, stroke=OUTLINE, size=110, opacity=1).encode(
        x=x, y="value:Q", color=_colour(), shape=_shape()
    )
    layers = [line, intervals]
    if any(row["england"] is not None for row in data):
        layers.append(england)
    layers.append(points_layer)
    subtitle = "Points with 95% confidence intervals."
    if any(row["england"] is not None for row in data):
        subtitle += " Dashed line: England."
    if marker:
        subtitle += f" Recent trend: {marker}."
    chart = alt.layer(*layers).properties(
        width=WIDTH,
        height=260,
        title=alt.Title(title, subtitle=subtitle, anchor="start", color=TEXT, subtitleColor=TEXT),
    )
    return _config(chart, data)


# --- Compare areas ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BarValue:
    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    comparison: str = ""
    highlight: bool = False


def bars_spec(
    bars: Sequence[BarValue],
    *,
    title: str,
    unit: str = "",
    benchmark: float | None = None,
    benchmark_label: str = "England",
    colour_by_comparison: bool = True,
) -> dict:
    """Horizontal bars with 95% intervals (compare areas, or deprivation deciles)."""
    labels = short_labels([bar.label + (" (selected)" if bar.highlight else "") for bar in bars])
    data = [
        {
            "label": label,
            "value": bar.value if _finite(bar.value) else None,
            "lower": bar.lower if _finite(bar.lower) else None,
            "upper": bar.upper if _finite(bar.upper) else None,
            "category": comparison_style(bar.comparison).key
            if colour_by_comparison
            else "not-compared",
            "highlight": bar.highlight,
        }
        for bar, label in zip(bars, labels, strict=True)
    ]
    order = [row["label"] for row in data]
    base = alt.Chart()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    x_title = unit or "Value"
    bars_layer = base.mark_bar(stroke=OUTLINE, height=14).encode(
        y=y,
        x=alt.X("value:Q", title=x_title),
        color=_colour(),
        strokeWidth=alt.condition("datum.highlight", alt.value(3), alt.value(0.5)),
    )
    intervals = base.mark_rule(color=INTERVAL, strokeWidth=1.5).encode(
        y=y, x="lower:Q", x2="upper:Q"
    )
    layers = [bars_layer, intervals]
    subtitle = "Bars with 95% confidence intervals."
    if _finite(benchmark):
        layers.append(
            base.mark_rule(color=ENGLAND_LINE, strokeDash=[6, 4], strokeWidth=2).encode(
                x=alt.datum(benchmark)
            )
        )
        subtitle += f" Dashed line: {benchmark_label}."
    chart = alt.layer(*layers).properties(
        width=WIDTH,
        height=max(ROW_HEIGHT * len(data), ROW_HEIGHT * 2),
        title=alt.Title(title, subtitle=subtitle, anchor="start", color=TEXT, subtitleColor=TEXT),
    )
    return _config(chart, data)


# --- Population pyramid -----------------------------------------------------------------------

#: Analysis Function palette: dark blue and dark pink, each above 7:1 against white.
PYRAMID_COLOURS = {"Males": "#12436D", "Females": "#801650"}


@dataclass(frozen=True)
class PyramidBand:
    band: str
    males: float | None
    females: float | None


def pyramid_spec(bands: Sequence[PyramidBand], *, title: str) -> dict:
    """A population pyramid: one row per age band (youngest at the bottom), males to the
    left (drawn as negative numbers, labelled without the sign), females to the right."""
    order = [band.band for band in reversed(bands)]
    data = []
    for band in bands:
        for sex, number, sign in (("Males", band.males, -1), ("Females", band.females, 1)):
            if _finite(number):
                data.append({"band": band.band, "sex": sex, "population": sign * number})
    reach = max((abs(row["population"]) for row in data), default=1) or 1
    chart = (
        alt.Chart()
        .mark_bar(stroke=OUTLINE, strokeWidth=0.5, height=max(ROW_HEIGHT // 2, 8))
        .encode(
            y=alt.Y("band:N", sort=order, title="Age band", axis=alt.Axis(labelLimit=0)),
            x=alt.X(
                "population:Q",
                title="Population (males to the left, females to the right)",
                scale=alt.Scale(domain=[-reach, reach], nice=True),
                axis=alt.Axis(labelExpr="format(abs(datum.value), ',')", grid=True),
            ),
            color=alt.Color(
                "sex:N",
                scale=alt.Scale(domain=list(PYRAMID_COLOURS), range=list(PYRAMID_COLOURS.values())),
                legend=alt.Legend(title=None, orient="top", labelColor=TEXT),
            ),
        )
        .properties(
            width=WIDTH,
            height=max(ROW_HEIGHT * len(bands), ROW_HEIGHT * 2),
            title=alt.Title(title, anchor="start", color=TEXT),
        )
    )
    return _config(chart, data)


# --- Map --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    geometry: dict
    comparison: str = ""
    value: float | None = None


def map_spec(areas: Sequence[MapArea], *, title: str) -> dict:
    """A choropleth of the areas' boundaries, filled by their comparison with England."""
    features = [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {
                "code": area.code,
                "name": area.name,
                "category": comparison_style(area.comparison).key,
            },
        }
        for area in areas
    ]
    chart = (
        alt.Chart()
        .mark_geoshape(stroke=OUTLINE, strokeWidth=0.6)
        .encode(
            color=alt.Color(
                "properties.category:N",
                scale=alt.Scale(domain=CATEGORY_DOMAIN, range=CATEGORY_COLOURS),
                legend=None,
            )
        )
        .project(type="mercator")
        .properties(
            width=WIDTH,
            height=420,
            title=alt.Title(
                title,
                subtitle="Each area is filled by its comparison with England.",
                anchor="start",
                color=TEXT,
                subtitleColor=TEXT,
            ),
        )
    )
    return _config(chart, features)


# --- Drawing ----------------------------------------------------------------------------------

_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_ROOT = re.compile(r"<svg\b([^>]*)>")
_CLASS = re.compile(r'\sclass="[^"]*"')


def spec_key(spec: dict) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _draw(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(json.dumps(spec, default=str))


def accessible_svg(svg: str, *, label: str, element_id: str = "") -> str:
    """One labelled image: Vega's own roles and ARIA removed, the root made role="img"."""
    svg = _ARIA.sub("", svg)
    match = _ROOT.search(svg)
    if match is None:
        return svg
    attributes = _CLASS.sub("", match.group(1))
    safe_label = (
        label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
    identity = f' id="{element_id}"' if element_id else ""
    root = (
        f'<svg{attributes}{identity} class="pm-chart__svg" role="img" aria-label="{safe_label}" '
        'focusable="false">'
    )
    return svg[: match.start()] + root + svg[match.end() :]


def _plain(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return str(value)


def inputs_key(kind: str, inputs) -> str:
    """The cache key of a chart drawn from these inputs with this version of the module."""
    text = json.dumps([DESIGN_VERSION, kind, inputs], default=_plain, sort_keys=True)
    return f"{CACHE_PREFIX}{kind}:" + hashlib.sha256(text.encode()).hexdigest()


def cached_svg(
    kind: str, inputs, build: Callable[[], dict], *, label: str, element_id: str = ""
) -> str:
    """The chart drawn from ``build()``, cached under its inputs (and this module's version).

    Unlike :func:`render_svg` this does not even build the specification when the same inputs
    were drawn before: for the 50-indicator spine chart, building it with altair takes longer
    than all the page's queries.
    """
    key = inputs_key(kind, inputs)
    svg = cache.get(key)
    if svg is None:
        svg = _draw(build())
        cache.set(key, svg, CACHE_SECONDS)
    return accessible_svg(svg, label=label, element_id=element_id)


def spine_svg(rows: Sequence[SpineRow], *, area_name: str, region_name: str, label: str) -> str:
    """The spine chart as accessible SVG, drawn once per set of figures."""
    return cached_svg(
        "spine",
        [list(rows), area_name, region_name],
        lambda: spine_spec(rows, area_name=area_name, region_name=region_name),
        label=label,
    )


def render_svg(spec: dict, *, label: str, element_id: str = "") -> str:
    """The chart as inline SVG, from the cache when this exact specification was drawn before."""
    key = CACHE_PREFIX + spec_key(spec)
    svg = cache.get(key)
    if svg is None:
        svg = _draw(spec)
        cache.set(key, svg, CACHE_SECONDS)
    return accessible_svg(svg, label=label, element_id=element_id)


def spine_rows(rows, *, threshold: int | None = None) -> list[SpineRow]:
    """Spine chart rows from the area profile (``analysis.queries.ProfileRow``); an area value
    whose count is below the small-count threshold is left off the chart."""
    from placematters.analysis.presenters import is_small

    return [
        SpineRow(
            key=str(row.indicator_id),
            label=row.indicator_name,
            polarity=row.polarity,
            comparison=row.compared_to_england,
            area=None if is_small(row.count, threshold) else row.value,
            england=row.england_value,
            region=row.parent_value,
            lowest=row.england_min,
            q25=row.england_q1,
            q75=row.england_q3,
            highest=row.england_max,
        )
        for row in rows
    ]


# --- The footprint's LSOAs by deprivation -------------------------------------------------------

#: Viridis: distinguishable in colour-blind vision and in greyscale; darkest = most deprived.
DEPRIVATION_COLOURS = [
    "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
    "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
]  # fmt: skip
NO_DEPRIVATION = "#c9c9c9"


@dataclass(frozen=True)
class DecileArea:
    code: str
    name: str
    geometry: dict
    group: int | None = None


def deprivation_group_label(group: int | None, n: int) -> str:
    """'1 (most deprived)', '5', '10 (least deprived)', or 'No IMD' for an area without one."""
    if group is None:
        return "No IMD"
    if group == 1:
        return "1 (most deprived)"
    if group == n:
        return f"{n} (least deprived)"
    return str(group)


def deprivation_colours(n: int) -> list[str]:
    """``n`` colours from :data:`DEPRIVATION_COLOURS`, evenly spread, most deprived first."""
    if n <= 1:
        return DEPRIVATION_COLOURS[:1]
    last = len(DEPRIVATION_COLOURS) - 1
    return [DEPRIVATION_COLOURS[round(i * last / (n - 1))] for i in range(n)]


def deprivation_map_spec(areas: Sequence[DecileArea], *, n: int, title: str, subtitle: str) -> dict:
    """A choropleth of LSOAs filled by their deprivation group (1 = most deprived of ``n``)."""
    domain = [deprivation_group_label(group, n) for group in range(1, n + 1)]
    colours = deprivation_colours(n)
    if any(area.group is None for area in areas):
        domain.append(deprivation_group_label(None, n))
        colours = [*colours, NO_DEPRIVATION]
    features = [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {
                "code": area.code,
                "name": area.name,
                "group": deprivation_group_label(area.group, n),
            },
        }
        for area in areas
    ]
    chart = (
        alt.Chart()
        .mark_geoshape(stroke=OUTLINE, strokeWidth=0.3)
        .encode(
            color=alt.Color(
                "properties.group:N",
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(
                    title="Deprivation group",
                    orient="right",
                    labelColor=TEXT,
                    titleColor=TEXT,
                    symbolStrokeColor=OUTLINE,
                    symbolStrokeWidth=0.5,
                ),
            )
        )
        .project(type="mercator")
        .properties(
            width=WIDTH - 120,
            height=420,
            title=alt.Title(
                title, subtitle=subtitle, anchor="start", color=TEXT, subtitleColor=TEXT
            ),
        )
    )
    return _config(chart, features)


# --- Proportionate allocation -------------------------------------------------------------------

#: Analysis Function palette: dark pink (universal floor) and dark blue (need part).
ALLOCATION_COLOURS = {"Universal floor": "#801650", "Need part": "#12436D"}
ALLOCATION_LABELLED_ROWS = 40


@dataclass(frozen=True)
class AllocationBar:
    label: str
    floor: float
    need: float


def allocation_spec(bars: Sequence[AllocationBar], *, title: str) -> dict:
    """Horizontal stacked bars: each area's universal floor and need part, in the order given.

    Up to 40 areas are labelled; beyond that the bars are thin and unlabelled (the table names
    every area, in the same order)."""
    labelled = len(bars) <= ALLOCATION_LABELLED_ROWS
    keys: list[str] = []
    for label in short_labels([bar.label for bar in bars]):
        key, number = label, 1
        while key in keys:
            number += 1
            key = f"{label} ({number})"
        keys.append(key)
    if not labelled:
        keys = [f"{index:05d}" for index in range(len(bars))]
    data = []
    for key, bar in zip(keys, bars, strict=True):
        for order, (part, amount) in enumerate(
            [("Universal floor", bar.floor), ("Need part", bar.need)]
        ):
            data.append({"key": key, "part": part, "amount": amount, "order": order})
    row = ROW_HEIGHT if labelled else 4
    y = alt.Y(
        "key:N",
        sort=keys,
        title=None if labelled else "Areas, greatest need first (named in the table)",
        axis=alt.Axis(labelLimit=0, labels=labelled, ticks=labelled),
    )
    chart = (
        alt.Chart()
        .mark_bar(height=14 if labelled else 3)
        .encode(
            y=y,
            x=alt.X("sum(amount):Q", title="Amount", stack="zero"),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(
                    domain=list(ALLOCATION_COLOURS), range=list(ALLOCATION_COLOURS.values())
                ),
                legend=alt.Legend(title=None, orient="top", labelColor=TEXT),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(
            width=WIDTH,
            height=max(row * len(bars), ROW_HEIGHT * 2),
            title=alt.Title(title, anchor="start", color=TEXT),
        )
    )
    return _config(chart, data)
