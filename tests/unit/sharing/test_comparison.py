"""The comparison of localities' counts, tables and bar geometry."""

from placematters.sharing import comparison


def _locality(name, statuses, stages=((1, 4), (0, 3)), priorities=2):
    return comparison.LocalityFigures(
        name=name,
        slug=name.lower(),
        stages=tuple(
            comparison.StageFigures(title=f"Stage {i + 1}", done=d, total=t)
            for i, (d, t) in enumerate(stages)
        ),
        priorities=priorities,
        actions_by_status=comparison.status_counts(statuses),
        measures=(),
    )


def test_status_counts_have_every_status_and_ignore_unknown_ones():
    counts = comparison.status_counts(["done", "done", "on_track", "mystery"])
    assert counts == {"not_started": 0, "on_track": 1, "at_risk": 0, "off_track": 0, "done": 2}


def test_locality_totals():
    north = _locality("North", ["done", "at_risk", "at_risk"])
    assert north.actions == 3 and north.actions_with("at_risk") == 2
    assert (north.stage_done, north.stage_total) == (1, 7)
    assert north.stages[0].percent == 25
    assert comparison.StageFigures("Empty", 0, 0).percent == 0


def test_tables_put_partnerships_side_by_side():
    north, south = _locality("North", ["done"]), _locality("South", [], ((4, 4), (3, 3)), 0)
    actions = comparison.actions_table([north, south])
    assert actions.headers[-2:] == ["All actions", "Priorities"]
    assert actions.rows == [["North", 0, 0, 0, 0, 1, 1, 2], ["South", 0, 0, 0, 0, 0, 0, 0]]
    stages = comparison.stage_table([north, south])
    assert stages.headers == ["Stage", "North", "South"]
    assert stages.rows == [["Stage 1", "1 of 4", "4 of 4"], ["Stage 2", "0 of 3", "3 of 3"],
                           ["All stages", "1 of 7", "7 of 7"]]  # fmt: skip
    assert comparison.stage_table([]).rows == []


def test_bars_stack_the_statuses_in_order_and_scale_with_the_count():
    north = _locality("North", ["done", "not_started", "not_started", "on_track"])
    chart = comparison.stacked_bars([north, _locality("Empty", [])], label_width=100,
                                    action_width=10)  # fmt: skip
    segments = chart.bars[0].segments
    assert [(s.x, s.width, s.count) for s in segments] == [(100, 20, 2), (120, 10, 1),
                                                             (130, 10, 1)]  # fmt: skip
    assert [s.fill for s in segments] == [comparison.FILLS[k] for k in ("not_started", "on_track",
                                                                        "done")]  # fmt: skip
    assert chart.bars[1].segments == ()
    assert chart.bars[1].y > chart.bars[0].y
    assert chart.legend_y > chart.bars[1].y
