"""The logic model's checks (pure, no Django): what the page lists as warnings.

- an activity that leads to no outcome, directly or through outputs;
- an activity that no action in the plan delivers (when that is known);
- an outcome (short-, medium- or long-term) with no measure (neither an indicator nor text);
- an element with no links at all;
- a link with no evidence (neither text nor a web address).
"""

from collections import defaultdict
from dataclasses import dataclass

from placematters.logic_model.chain import LABELS, OUTCOMES, Edge, Node


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    element_id: int | None = None
    link_id: int | None = None


def _reaches_outcome(start: int, nodes: dict[int, Node], out: dict[int, list[int]]) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for target in out[todo.pop()]:
            kind = nodes[target].kind
            if kind in OUTCOMES:
                return True
            if kind == "output" and target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def warnings(nodes: list[Node], edges: list[Edge]) -> list[Warning]:
    """Every warning, in the order: activities leading nowhere, activities no action delivers,
    outcomes, unlinked elements, links."""
    by_id = {node.id: node for node in nodes}
    out: dict[int, list[int]] = defaultdict(list)
    linked: set[int] = set()
    for edge in edges:
        out[edge.source].append(edge.target)
        linked.update((edge.source, edge.target))
    found: list[Warning] = []
    for node in nodes:
        if node.kind == "activity" and not _reaches_outcome(node.id, by_id, out):
            found.append(
                Warning(
                    "activity_no_outcome",
                    f"The activity “{node.title}” leads to no outcome, directly or through outputs",
                    element_id=node.id,
                )
            )
    for node in nodes:
        if node.kind == "activity" and node.delivered is False:
            found.append(
                Warning(
                    "activity_not_delivered",
                    f"No action in the plan delivers the activity “{node.title}”",
                    element_id=node.id,
                )
            )
    for node in nodes:
        if node.kind in OUTCOMES and not node.measured:
            found.append(
                Warning(
                    "outcome_unmeasured",
                    f"The {LABELS[node.kind].lower()} “{node.title}” has no measure: choose "
                    "an indicator or describe how it will be measured",
                    element_id=node.id,
                )
            )
    for node in nodes:
        if node.id not in linked:
            found.append(
                Warning(
                    "element_unlinked",
                    f"The {LABELS[node.kind].lower()} “{node.title}” has no links",
                    element_id=node.id,
                )
            )
    for edge in edges:
        if not edge.evidenced:
            found.append(
                Warning(
                    "link_no_evidence",
                    f"The link from “{by_id[edge.source].title}” to "
                    f"“{by_id[edge.target].title}” has no evidence",
                    link_id=edge.id,
                )
            )
    return found
