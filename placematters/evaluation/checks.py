"""The evaluation framework's checks (pure, no Django): what the page lists as warnings.

- an outcome (short-, medium- or long-term, or impact) with no evaluation entry;
- an entry with no performance measure or population indicator, no target, or nobody
  responsible;
- the resources check: an outcome that no input reaches when the logic model's links are
  walked backwards, and an entry whose resources are judged "not enough" or not yet checked
  (Norfolk Health Inequalities Toolkit, evaluation planning: "checked the desired outcome can
  be achieved with the resources available");
- no entry records soft outcomes (confidence, connection, wellbeing);
- no entry tracks an inequality gap, and no entry names the groups its figure is broken down
  by (IHE/PHE step 10, accountability for equity).
"""

from collections import defaultdict
from dataclasses import dataclass

from placematters.logic_model.chain import BAND, LABELS
from placematters.web.wording import join_words

EVALUATED = ("outcome_short", "outcome_medium", "outcome_long", "impact")
"""The logic-model kinds that get an evaluation entry, in chain order."""


@dataclass(frozen=True)
class Element:
    id: int
    kind: str
    title: str


@dataclass(frozen=True)
class Entry:
    outcome_id: int
    measured: bool
    tracks_gap: bool
    has_target: bool
    has_responsible: bool
    has_soft_outcomes: bool
    has_breakdown: bool
    resources: str


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    outcome_id: int | None = None


def inputs_reaching(outcome_id: int, elements: list[Element], links: list[tuple[int, int]]):
    """The ids of the inputs from which a path of links leads to the outcome, in the order of
    ``elements``. The walk goes backwards along the chain's links; assumptions and external
    factors bear on elements but are not resources, so the walk does not pass through them."""
    kinds = {element.id: element.kind for element in elements}
    sources: dict[int, list[int]] = defaultdict(list)
    for source, target in links:
        sources[target].append(source)
    seen, todo = {outcome_id}, [outcome_id]
    while todo:
        for source in sources[todo.pop()]:
            if source not in seen and kinds.get(source) not in BAND and source in kinds:
                seen.add(source)
                todo.append(source)
    return [element.id for element in elements if element.id in seen and element.kind == "input"]


def _label(element: Element) -> str:
    return f"{LABELS[element.kind].lower()} “{element.title}”"


def warnings(
    elements: list[Element], links: list[tuple[int, int]], entries: list[Entry]
) -> list[Warning]:
    """Every warning, in the order: coverage, each entry's gaps, resources, soft outcomes,
    equity. ``elements`` is the whole logic model; ``links`` its (source, target) pairs."""
    outcomes = [element for element in elements if element.kind in EVALUATED]
    by_outcome = {entry.outcome_id: entry for entry in entries}
    found: list[Warning] = []
    for outcome in outcomes:
        if outcome.id not in by_outcome:
            found.append(
                Warning(
                    "outcome_no_entry",
                    f"The {_label(outcome)} has no evaluation entry yet",
                    outcome.id,
                )
            )
    for outcome in outcomes:
        entry = by_outcome.get(outcome.id)
        if entry is None:
            continue
        missing = []
        if not entry.measured:
            missing.append("a performance measure or population indicator")
        if not entry.has_target:
            missing.append("a target")
        if not entry.has_responsible:
            missing.append("a responsible member")
        if missing:
            found.append(
                Warning(
                    "entry_incomplete",
                    f"The {_label(outcome)} needs {join_words(missing)}",
                    outcome.id,
                )
            )
    for outcome in outcomes:
        if not inputs_reaching(outcome.id, elements, links):
            found.append(
                Warning(
                    "outcome_no_inputs",
                    f"No input leads to the {_label(outcome)}: link the resources that will "
                    "achieve it through the logic model",
                    outcome.id,
                )
            )
        entry = by_outcome.get(outcome.id)
        if entry is not None and entry.resources == "not_enough":
            found.append(
                Warning(
                    "resources_not_enough",
                    f"The resources named are not enough to achieve the {_label(outcome)}",
                    outcome.id,
                )
            )
        elif entry is not None and entry.resources == "unchecked":
            found.append(
                Warning(
                    "resources_unchecked",
                    f"Nobody has yet checked whether the resources can achieve the "
                    f"{_label(outcome)}",
                    outcome.id,
                )
            )
    if entries and not any(entry.has_soft_outcomes for entry in entries):
        found.append(
            Warning(
                "no_soft_outcomes",
                "No entry records soft outcomes, such as people's confidence, connection or "
                "wellbeing",
            )
        )
    if entries and not any(entry.tracks_gap for entry in entries):
        found.append(
            Warning(
                "no_gap_tracked",
                "No entry tracks an inequality gap: link a population indicator measured as the "
                "gap by deprivation",
            )
        )
    if entries and not any(entry.has_breakdown for entry in entries):
        found.append(
            Warning(
                "no_breakdown",
                "No entry names the groups its figure will be broken down by",
            )
        )
    return found
