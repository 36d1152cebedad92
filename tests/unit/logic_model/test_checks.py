"""The checks on known graphs, and the chain's link rule."""

import pytest

from placematters.logic_model.chain import CHAIN, Edge, Node, link_problem
from placematters.logic_model.checks import warnings


def _codes(nodes, edges):
    return [(w.code, w.element_id or w.link_id) for w in warnings(nodes, edges)]


def test_a_complete_chain_has_no_warnings():
    nodes = [
        Node(1, "input", "Staff"),
        Node(2, "activity", "Clinics"),
        Node(3, "output", "Sessions"),
        Node(4, "outcome_short", "Quits", measured=True),
        Node(5, "assumption", "People come"),
    ]
    edges = [Edge(10, 1, 2, True), Edge(11, 2, 3, True), Edge(12, 3, 4, True), Edge(13, 5, 2, True)]
    assert warnings(nodes, edges) == []


def test_an_activity_reaching_an_outcome_only_through_outputs_counts():
    nodes = [
        Node(1, "activity", "A"),
        Node(2, "output", "B"),
        Node(3, "output", "C"),
        Node(4, "outcome_long", "D", measured=True),
    ]
    assert warnings(nodes, [Edge(10, 1, 2, True), Edge(11, 2, 4, True), Edge(12, 3, 4, True)]) == []


def test_an_activity_that_stops_at_an_output_or_impact_is_flagged():
    nodes = [
        Node(1, "activity", "A"),
        Node(2, "output", "B"),
        Node(3, "activity", "E"),
        Node(4, "impact", "F"),
    ]
    edges = [Edge(10, 1, 2, True), Edge(11, 3, 4, True)]
    assert _codes(nodes, edges) == [("activity_no_outcome", 1), ("activity_no_outcome", 3)]


def test_an_unmeasured_outcome_an_unlinked_element_and_an_unevidenced_link():
    nodes = [
        Node(1, "activity", "A"),
        Node(2, "outcome_medium", "B"),
        Node(3, "input", "C"),
        Node(4, "impact", "D"),
    ]
    found = warnings(nodes, [Edge(10, 1, 2, False)])
    assert [(w.code, w.element_id or w.link_id) for w in found] == [
        ("outcome_unmeasured", 2),
        ("element_unlinked", 3),
        ("element_unlinked", 4),
        ("link_no_evidence", 10),
    ]
    assert found[0].message.startswith("The medium-term outcome “B” has no measure")
    assert found[-1].message == "The link from “A” to “B” has no evidence"


def test_the_impact_needs_no_measure_for_the_check():
    assert warnings([Node(1, "impact", "I")], []) == [
        w for w in warnings([Node(1, "impact", "I")], []) if w.code == "element_unlinked"
    ]


@pytest.mark.parametrize("i", range(len(CHAIN)))
def test_links_run_only_forward(i):
    for j, target in enumerate(CHAIN):
        problem = link_problem(CHAIN[i], target)
        assert (problem is None) == (j > i)
    assert link_problem("assumption", CHAIN[i]) is None
    assert link_problem("external", CHAIN[i]) is None
    assert link_problem(CHAIN[i], "assumption").startswith("Nothing can lead to an assumption")
    assert link_problem(CHAIN[i], "external").startswith("Nothing can lead to an external factor")
    assert link_problem(CHAIN[i], CHAIN[i], same=True).startswith("An element cannot lead")


def test_an_activity_no_action_delivers_is_flagged_only_when_that_is_known():
    nodes = [
        Node(1, "activity", "Clinics", delivered=False),
        Node(2, "activity", "Leaflets", delivered=True),
        Node(3, "activity", "Visits"),
        Node(4, "output", "Sessions", delivered=False),
        Node(5, "outcome_short", "Quits", measured=True),
    ]
    edges = [Edge(10, 1, 5, True), Edge(11, 2, 5, True), Edge(12, 3, 5, True), Edge(13, 4, 5, True)]
    found = warnings(nodes, edges)
    assert [(w.code, w.element_id) for w in found] == [("activity_not_delivered", 1)]
    assert found[0].message == "No action in the plan delivers the activity “Clinics”"
