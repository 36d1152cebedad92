"""The logic model's chain and its rules (pure, no Django).

The chain reads left to right: inputs, activities, outputs, short-, medium- and long-term
outcomes, impact (W.K. Kellogg Foundation Logic Model Development Guide, 2004). Assumptions and
external factors sit outside the chain, in a band beneath it.
"""

from dataclasses import dataclass

CHAIN = (
    "input",
    "activity",
    "output",
    "outcome_short",
    "outcome_medium",
    "outcome_long",
    "impact",
)
BAND = ("assumption", "external")
KINDS = CHAIN + BAND
OUTCOMES = ("outcome_short", "outcome_medium", "outcome_long")
LABELS = {
    "input": "Input",
    "activity": "Activity",
    "output": "Output",
    "outcome_short": "Short-term outcome",
    "outcome_medium": "Medium-term outcome",
    "outcome_long": "Long-term outcome",
    "impact": "Impact",
    "assumption": "Assumption",
    "external": "External factor",
}
COLUMN_HEADINGS = {
    "input": "Inputs",
    "activity": "Activities",
    "output": "Outputs",
    "outcome_short": "Short-term outcomes",
    "outcome_medium": "Medium-term outcomes",
    "outcome_long": "Long-term outcomes",
    "impact": "Impact",
    "assumption": "Assumptions",
    "external": "External factors",
}


def a(kind: str) -> str:
    """The kind's label in lower case with its article: 'an output', 'a short-term outcome'."""
    word = LABELS[kind].lower()
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def link_problem(source_kind: str, target_kind: str, *, same: bool = False) -> str | None:
    """Why a link from one kind of element to another is refused, or None when it is allowed.

    A chain element may lead only to an element further right in the chain; an assumption or
    external factor may bear on any chain element; nothing leads into an assumption or
    external factor, and nothing leads to itself.
    """
    if same:
        return "An element cannot lead to itself: choose a different element to link to"
    if target_kind in BAND:
        return (
            f"Nothing can lead to {a(target_kind)}: link the "
            f"{LABELS[target_kind].lower()} to the element it bears on instead"
        )
    if source_kind in BAND:
        return None
    if CHAIN.index(target_kind) <= CHAIN.index(source_kind):
        return (
            f"A link must run forward along the chain: {a(source_kind)} can lead only to an "
            f"element to its right, not to {a(target_kind)}"
        )
    return None


@dataclass(frozen=True)
class Node:
    id: int
    kind: str
    title: str
    measured: bool = False
    # Whether an action in the plan delivers the element; None when not known
    delivered: bool | None = None


@dataclass(frozen=True)
class Edge:
    id: int
    source: int
    target: int
    evidenced: bool = False
