"""Chart specifications of the data overview (Vega-Lite dicts), and the accessible SVG."""

import pytest

from placematters.analysis import charts
from placematters.analysis.presenters import COMPARISON_STYLES


def _row(**fields):
    values = {
        "key": "1",
        "label": "Smoking",
        "polarity": "lower_is_better",
        "comparison": "worse",
        "area": 16.0,
        "england": 14.0,
        "region": 13.0,
        "lowest": 6.0,
        "q25": 12.0,
        "q75": 16.0,
        "highest": 24.0,
    }
    values.update(fields)
    return charts.SpineRow(**values)


def _layers(spec):
    return spec["layer"]


def _data(spec):
    return spec["data"]["values"] if "data" in spec else spec["layer"][0]["data"]["values"]


def test_spine_puts_england_in_the_middle_and_reaches_the_furthest_area():
    placed = charts.spine_positions(_row(polarity="higher_is_better"))
    # England 14; the furthest area is 24 (10 away), so 24 -> 1.0 and 4 -> 0.0.
    assert placed["highest"] == 1.0
    assert placed["lowest"] == pytest.approx(0.5 - 8 / 20)
    assert placed["area"] == pytest.approx(0.6)
    assert placed["region"] == pytest.approx(0.45)


def test_spine_flips_when_lower_is_better_so_better_is_always_right():
    placed = charts.spine_positions(_row(polarity="lower_is_better"))
    assert placed["area"] == pytest.approx(0.4)  # 16 is worse than 14: left of centre
    assert placed["region"] == pytest.approx(0.55)
    # The range still runs left to right.
    assert placed["lowest"] == 0.0
    assert placed["highest"] == pytest.approx(0.9)
    assert placed["q25"] < placed["q75"]


def test_spine_without_england_or_spread():
    assert set(charts.spine_positions(_row(england=None)).values()) == {None}
    flat = charts.spine_positions(
        _row(area=14.0, region=None, lowest=14.0, q25=None, q75=None, highest=14.0)
    )
    assert flat["area"] == 0.5 and flat["region"] is None


def test_spine_spec_has_one_row_per_indicator_coloured_by_comparison():
    rows = [
        _row(key="1", label="Smoking", comparison="worse"),
        _row(key="2", label="Obesity", comparison="better 99.8%"),
        _row(key="3", label="Life expectancy", comparison=""),
    ]
    spec = charts.spine_spec(rows, area_name="Norfolk", region_name="East of England")
    data = spec["data"]["values"] if "data" in spec else _layers(spec)[0]["data"]["values"]
    assert [row["label"] for row in data] == ["Smoking", "Obesity", "Life expectancy"]
    assert [row["category"] for row in data] == ["worse", "better", "not-compared"]
    area_layer = _layers(spec)[-1]
    colour = area_layer["encoding"]["color"]["scale"]
    assert colour["domain"] == list(COMPARISON_STYLES)
    assert colour["range"] == [style.fill for style in COMPARISON_STYLES.values()]
    assert area_layer["encoding"]["shape"]["field"] == "category"
    assert area_layer["mark"]["stroke"] == "#0b0c0c"
    assert spec["height"] == 3 * charts.ROW_HEIGHT
    assert "Norfolk compared with England" in str(spec["title"])
    # England is the rule at the centre.
    assert any(
        layer["mark"]["type"] == "rule" and layer["encoding"]["x"].get("datum") == 0.5
        for layer in _layers(spec)
    )


def test_spine_without_a_region_has_no_region_layer():
    spec = charts.spine_spec([_row()], area_name="Norfolk")
    assert not any(layer["mark"].get("shape") == "diamond" for layer in _layers(spec))


def test_short_labels_are_cut_and_stay_distinct():
    long = "An indicator with a very long name that goes on and on and on"
    labels = charts.short_labels([long, long + " (men)", "Short"], limit=20)
    assert labels[0].endswith("…") and len(labels[0]) <= 20
    assert len(set(labels)) == 3
    assert labels[2] == "Short"


def test_trend_spec_has_intervals_england_and_the_marker():
    points = [
        charts.TrendPoint("2016", 10.0, 9.0, 11.0, 12.0, "better"),
        charts.TrendPoint("2017", 11.0, 10.0, 12.0, 12.0, "similar"),
        charts.TrendPoint("2018", None, None, None, 12.0, ""),
    ]
    spec = charts.trend_spec(points, title="Smoking", unit="%", marker="Decreasing")
    marks = [layer["mark"]["type"] for layer in _layers(spec)]
    assert marks == ["line", "rule", "line", "point"]
    assert _layers(spec)[1]["encoding"]["y2"]["field"] == "upper"
    assert "Recent trend: Decreasing." in spec["title"]["subtitle"]
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["2016", "2017", "2018"]
    values = _layers(spec)[0]["data"]["values"] if "data" in _layers(spec)[0] else None
    assert values is None or values[2]["value"] is None


def test_bars_spec_marks_the_selected_area_and_the_benchmark():
    bars = [
        charts.BarValue("Norfolk", 16.0, 15.0, 17.0, "worse", highlight=True),
        charts.BarValue("Suffolk", 12.0, 11.0, 13.0, "better"),
    ]
    spec = charts.bars_spec(bars, title="Compare", benchmark=14.0)
    data = _data(spec)
    assert data[0]["label"] == "Norfolk (selected)" and data[0]["highlight"] is True
    rules = [layer for layer in _layers(spec) if layer["mark"]["type"] == "rule"]
    assert any(rule["encoding"]["x"].get("datum") == 14.0 for rule in rules)
    assert "Dashed line: England." in spec["title"]["subtitle"]


def test_bars_without_comparison_colours_are_neutral():
    spec = charts.bars_spec(
        [charts.BarValue("1 (most deprived)", 20.0, comparison="worse")],
        title="Deciles",
        colour_by_comparison=False,
    )
    assert _data(spec)[0]["category"] == "not-compared"


def test_map_spec_fills_each_area_by_comparison():
    square = {"type": "Polygon", "coordinates": [[[0, 52], [1, 52], [1, 53], [0, 53], [0, 52]]]}
    spec = charts.map_spec(
        [charts.MapArea("E07000147", "North Norfolk", square, "worse", 12.0)], title="Map"
    )
    assert spec["mark"]["type"] == "geoshape"
    feature = spec["data"]["values"][0]
    assert feature["properties"] == {
        "code": "E07000147",
        "name": "North Norfolk",
        "category": "worse",
    }
    assert spec["encoding"]["color"]["field"] == "properties.category"


def test_accessible_svg_is_one_labelled_image():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10">'
        '<g role="graphics-object" aria-roledescription="group"><path aria-label="x"/></g></svg>'
    )
    out = charts.accessible_svg(svg, label='Chart of "A" & <B>', element_id="chart-1")
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" ')
    assert 'role="img"' in out and 'id="chart-1"' in out
    assert 'aria-label="Chart of &quot;A&quot; &amp; &lt;B&gt;"' in out
    assert "graphics-object" not in out and "aria-roledescription" not in out
    assert out.count("aria-label") == 1


def test_render_svg_draws_once_and_then_uses_the_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    spec = charts.bars_spec([charts.BarValue("A", 1.0)], title="Tiny")
    first = charts.render_svg(spec, label="Tiny chart")
    assert first.startswith("<svg") and 'role="img"' in first
    assert "style=" not in first  # nothing the Content Security Policy would block
    key = charts.CACHE_PREFIX + charts.spec_key(spec)
    from django.core.cache import cache

    assert cache.get(key) is not None
    assert charts.render_svg(spec, label="Tiny chart") == first


def test_the_spine_chart_is_built_only_when_its_figures_change(settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    rows = [_row()]
    first = charts.spine_svg(rows, area_name="Norfolk", region_name="East", label="Spine")
    key = charts.inputs_key("spine", [rows, "Norfolk", "East"])
    assert cache.get(key) is not None
    # Same figures: the stored drawing is used as it is (no new specification is built).
    cache.set(key, '<svg width="1"><g/></svg>')
    again = charts.spine_svg(rows, area_name="Norfolk", region_name="East", label="Spine")
    assert again.startswith('<svg width="1"') and again != first
    # Different figures: a different key, drawn afresh.
    other = charts.spine_svg([_row(area=17.0)], area_name="Norfolk", region_name="East",
                             label="Spine")  # fmt: skip
    assert other.count("<path") > 3


def test_pyramid_spec_puts_males_left_and_females_right():
    from placematters.analysis.charts import PYRAMID_COLOURS, PyramidBand, pyramid_spec
    from placematters.analysis.presenters import contrast_ratio

    spec = pyramid_spec(
        [PyramidBand("0-4", 100.0, 90.0), PyramidBand("5-9", 80.0, None)], title="Population"
    )
    values = spec["data"]["values"]
    assert {"band": "0-4", "sex": "Males", "population": -100.0} in values
    assert {"band": "0-4", "sex": "Females", "population": 90.0} in values
    assert len(values) == 3  # the missing count is left out, not drawn as zero
    encoding = spec["encoding"]
    assert encoding["y"]["sort"] == ["5-9", "0-4"]  # youngest at the bottom
    assert encoding["x"]["scale"]["domain"] == [-100.0, 100.0]
    assert "abs(datum.value)" in encoding["x"]["axis"]["labelExpr"]
    for colour in PYRAMID_COLOURS.values():
        assert contrast_ratio(colour, "#ffffff") >= 3
