"""Engagement presenters: dates, amounts, quotes withheld, the trail and the chart geometry."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from placematters.engagement import presenters
from placematters.engagement.content import load_communities, load_participation
from placematters.engagement.coverage import coverage_row


@dataclass
class FakeHeard:
    kind: str
    text: str
    consent: bool

    @property
    def is_quote(self):
        return self.kind == "quote"


@dataclass
class FakeDecision:
    text: str = "Run a clinic"
    decided_by: str = "Board"
    decided_on: datetime.date = datetime.date(2027, 3, 4)
    action_reference: str = ""
    action_status: str = ""

    def get_action_status_display(self):
        return {"": "No action yet", "under_way": "Under way", "done": "Done"}[self.action_status]


def test_dates_and_ranges():
    start, end = datetime.date(2027, 3, 4), datetime.date(2027, 4, 1)
    assert presenters.format_date(start) == "4 March 2027"
    assert presenters.format_date(None) == ""
    assert presenters.date_range(start, end) == "4 March 2027 to 1 April 2027"
    assert presenters.date_range(start, None) == "From 4 March 2027"
    assert presenters.date_range(None, end) == "By 1 April 2027"
    assert presenters.date_range(None, None) == "No dates yet"


def test_amounts():
    assert presenters.format_amount(Decimal("1250")) == "£1,250"
    assert presenters.format_amount(Decimal("99.50")) == "£99.50"
    assert presenters.format_amount(None) == ""


def test_a_quote_without_consent_is_withheld():
    assert presenters.heard_text(FakeHeard("quote", "Secret", False)) == presenters.QUOTE_WITHHELD
    assert presenters.heard_text(FakeHeard("quote", "Shared", True)) == "“Shared”"
    assert presenters.heard_text(FakeHeard("theme", "Buses", False)) == "Buses"


def test_trail_stage_and_texts():
    assert presenters.trail_stage(None) == "heard"
    assert presenters.trail_stage(FakeDecision(action_status="under_way")) == "decided"
    assert presenters.trail_stage(FakeDecision(action_status="done")) == "done"
    assert presenters.decision_text(None) == presenters.NO_RESPONSE
    assert presenters.decision_text(FakeDecision()) == "Run a clinic (Board, 4 March 2027)"
    assert presenters.action_text(FakeDecision()) == "No action yet"
    done = FakeDecision(action_reference="Clinic pilot", action_status="done")
    assert presenters.action_text(done) == "Clinic pilot (done)"


@dataclass
class FakePlanAction:
    title: str
    status: str


def test_linked_plan_actions_decide_the_stage_and_show_their_rag_words():
    manual_done = FakeDecision(action_reference="Letter", action_status="done")
    assert presenters.trail_stage(manual_done, ["done", "at_risk"]) == "decided"
    assert presenters.trail_stage(FakeDecision(), ["done", "done"]) == "done"
    assert presenters.trail_stage(FakeDecision(), []) == "decided"
    assert presenters.trail_stage(None, ["done"]) == "heard"
    linked = [FakePlanAction("Bus pilot", "at_risk"), FakePlanAction("Clinic", "done")]
    assert presenters.action_text(FakeDecision(), linked) == (
        "Bus pilot (at risk: amber); Clinic (done)"
    )
    assert presenters.action_text(manual_done, linked[:1]) == (
        "Bus pilot (at risk: amber); Letter (done)"
    )


def test_gap_paragraphs_name_the_communities():
    never = coverage_row(
        community_id=1, name="Young carers", is_priority=True, levels_reached=[], levels_planned=[]
    )
    told = coverage_row(
        community_id=2,
        name="Traveller site",
        is_priority=True,
        levels_reached=["informing"],
        levels_planned=[],
    )
    paragraphs = presenters.gap_paragraphs([never, told])
    assert paragraphs == [
        "Priority communities not yet engaged: Young carers.",
        "Priority communities only informed so far, not yet asked: Traveller site.",
    ]
    assert presenters.gap_paragraphs([]) == [
        "Every priority community has been engaged beyond being informed."
    ]


def test_coverage_table_and_chart():
    rows = [
        coverage_row(
            community_id=1, name="A", is_priority=True, levels_reached=[], levels_planned=[]
        ),
        coverage_row(
            community_id=2,
            name="B" * 60,
            is_priority=False,
            levels_reached=["collaborating"],
            levels_planned=[],
        ),
    ]
    table = presenters.coverage_table(rows)
    assert table.rows[0] == [
        "A",
        "Yes",
        0,
        "Not yet engaged",
        "Nothing planned",
        "Gap: Not yet engaged",
    ]
    assert table.rows[1][-1] == "Reached collaborating"
    chart = presenters.coverage_chart(rows, label_width=300, step=80)
    assert [bar.width for bar in chart.bars] == [0, 320]
    assert chart.bars[0].is_gap and not chart.bars[1].is_gap
    assert chart.bars[1].label.endswith("…") and len(chart.bars[1].label) == 44
    assert chart.ticks[0][1] == "Informing"
    assert chart.width == 300 + 5 * 80 + 140


def test_sentences():
    assert presenters.communities_sentence(0, 0) == "No target communities have been chosen yet."
    assert presenters.communities_sentence(3, 1) == (
        "The partnership has chosen 3 target communities, 1 of them marked as a priority."
    )
    assert presenters.plan_sentence(1) == "The engagement plan has 1 entry."


def test_reviewed_content_is_complete_and_cited():
    communities = load_communities()
    keys = [list_.key for list_ in communities.lists]
    assert keys == ["protected", "inclusion-health", "core20plus5-adults", "core20plus5-cyp"]
    assert len(communities.reference_list("protected").groups) == 9
    assert all(list_.source and "http" in list_.source for list_ in communities.lists)
    assert communities.review_date and communities.next_review > communities.review_date
    participation = load_participation()
    assert [level.rank for level in participation.levels] == [1, 2, 3, 4, 5]
    assert participation.levels[0].name == "Informing"
    assert len(participation.approaches) == 4
    assert {"iap2", "arnstein", "community_centred"} <= set(participation.sources)
