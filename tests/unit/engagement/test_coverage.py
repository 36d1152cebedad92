"""The coverage rule: reached by what happened, informing alone is a gap, plans do not count."""

from placematters.engagement.coverage import Reach, coverage_row, gaps, highest_level, reach_of


def row(name, levels, planned=(), priority=True):
    return coverage_row(
        community_id=1,
        name=name,
        is_priority=priority,
        levels_reached=list(levels),
        levels_planned=list(planned),
    )


def test_highest_level_follows_the_ladder_not_the_alphabet():
    assert highest_level(["informing", "collaborating", "consulting"]) == "collaborating"
    assert highest_level(["community-led", "involving"]) == "community-led"
    assert highest_level([]) == ""
    assert highest_level(["unknown"]) == ""


def test_reach():
    assert reach_of([]) is Reach.NOT_ENGAGED
    assert reach_of(["informing", "informing"]) is Reach.INFORMED_ONLY
    assert reach_of(["informing", "consulting"]) is Reach.ENGAGED


def test_gaps_are_priority_communities_not_engaged_or_only_informed():
    rows = [
        row("Never", []),
        row("Told", ["informing"]),
        row("Asked", ["informing", "consulting"]),
        row("Not a priority", []),
    ]
    rows[3] = row("Not a priority", [], priority=False)
    assert [r.name for r in gaps(rows)] == ["Never", "Told"]


def test_a_plan_does_not_close_a_gap():
    planned = row("Planned", [], planned=["community-led"])
    assert planned.is_gap
    assert planned.planned_name == "Community-led"
    assert planned.highest_name == "Not yet engaged"
    assert planned.rank == 0 and planned.engagements == 0
