"""Redacted copies of a plan and a logic model for the good-practice bank.

Plain facts in, plain JSON-ready dicts out (no database), so what leaves a partnership is decided
in one place and unit-tested. A copy keeps what another place can reuse (what is done and why,
the segment, the determinant, the intensity, the life stages, the IHE step, the timing as days
from the plan's start) and drops what identifies people: owners, e-mail addresses, notes, and,
unless the owner chooses to include them, partner organisations' names, the names of target
communities (each becomes "target community 1", "target community 2", ...) and evidence links.
Known names are also taken out of the free text, and so is anything shaped like an e-mail address.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REMOVED = "[e-mail address removed]"
PERSON_REMOVED = "[name removed]"
ORGANISATION_REMOVED = "[organisation]"


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_date: datetime.date


@dataclass(frozen=True)
class ActionFacts:
    """What the plan holds about one action, as read from the database."""

    title: str
    description: str
    why: str
    segment: str
    determinant: str
    intensity: str
    life_stages: Sequence[str]
    ihe_step: int | None
    start_date: datetime.date | None
    due_date: datetime.date
    owner_name: str = ""
    owner_email: str = ""
    organisation: str = ""
    communities: Sequence[str] = ()
    intensity_note: str = ""
    milestones: Sequence[MilestoneFacts] = ()


@dataclass(frozen=True)
class ElementFacts:
    key: int
    kind: str
    title: str
    description: str
    measure: str


@dataclass(frozen=True)
class LinkFacts:
    source: int
    target: int
    evidence: str
    evidence_url: str
    confidence: str


@dataclass
class Scrubber:
    """Takes known names and e-mail addresses out of free text.

    ``replacements`` maps a name to what stands in for it; longer names are replaced first, so
    "Coastal Community Action" goes before "Coastal".
    """

    replacements: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, stand_in: str) -> None:
        name = (name or "").strip()
        if len(name) >= 3 and name not in self.replacements:
            self.replacements[name] = stand_in

    def __call__(self, text: str) -> str:
        text = EMAIL_PATTERN.sub(EMAIL_REMOVED, text or "")
        for name in sorted(self.replacements, key=len, reverse=True):
            text = re.sub(re.escape(name), self.replacements[name], text, flags=re.IGNORECASE)
        return text


def _people(scrub: Scrubber, people: Iterable[str]) -> None:
    for person in people:
        scrub.add(person, PERSON_REMOVED)


def community_labels(actions: Sequence[ActionFacts]) -> dict[str, str]:
    """Each community named in the plan and its generic label, in order of first mention."""
    labels: dict[str, str] = {}
    for action in actions:
        for community in action.communities:
            labels.setdefault(community, f"target community {len(labels) + 1}")
    return labels


def plan_start(actions: Sequence[ActionFacts]) -> datetime.date | None:
    """The day the relative timings count from: the earliest start or due date in the plan."""
    days = [action.start_date or action.due_date for action in actions]
    return min(days) if days else None


def redact_plan(
    actions: Sequence[ActionFacts],
    *,
    people: Iterable[str] = (),
    organisations: Iterable[str] = (),
    include_organisations: bool = False,
    include_communities: bool = False,
) -> dict:
    """The plan as it would be published.

    ``people`` are every name and e-mail address of the partnership's members and stakeholders;
    ``organisations`` every partner organisation's name. Both are taken out of the free text
    (organisations only when they are not to be included).
    """
    scrub = Scrubber()
    _people(scrub, people)
    _people(scrub, (a.owner_name for a in actions))
    _people(scrub, (a.owner_email for a in actions))
    if not include_organisations:
        for name in [*organisations, *(a.organisation for a in actions)]:
            scrub.add(name, ORGANISATION_REMOVED)
    labels = community_labels(actions)
    if not include_communities:
        for name, label in labels.items():
            scrub.add(name, label)
    start = plan_start(actions)
    published = []
    for action in actions:
        item = {
            "title": scrub(action.title),
            "description": scrub(action.description),
            "why": scrub(action.why),
            "segment": action.segment,
            "determinant": action.determinant,
            "intensity": action.intensity,
            "life_stages": list(action.life_stages),
            "ihe_step": action.ihe_step,
            "starts_after_days": (action.start_date - start).days if action.start_date else None,
            "due_after_days": (action.due_date - start).days,
            "milestones": [
                {"title": scrub(m.title), "due_after_days": (m.due_date - start).days}
                for m in action.milestones
            ],
            "communities": [
                community if include_communities else labels[community]
                for community in action.communities
            ],
        }
        if include_organisations and action.organisation:
            item["organisation"] = action.organisation
        published.append(item)
    return {"actions": published}


def redact_logic_model(
    elements: Sequence[ElementFacts],
    links: Sequence[LinkFacts],
    *,
    people: Iterable[str] = (),
    organisations: Iterable[str] = (),
    include_organisations: bool = False,
    include_evidence_links: bool = False,
) -> dict:
    """The logic model as it would be published: elements numbered from 1 and the links between
    them by those numbers, with their evidence and confidence."""
    scrub = Scrubber()
    _people(scrub, people)
    if not include_organisations:
        for name in organisations:
            scrub.add(name, ORGANISATION_REMOVED)
    numbers = {element.key: index for index, element in enumerate(elements, start=1)}
    published_links = []
    for link in links:
        if link.source not in numbers or link.target not in numbers:
            continue
        item = {
            "source": numbers[link.source],
            "target": numbers[link.target],
            "evidence": scrub(link.evidence),
            "confidence": link.confidence,
        }
        if include_evidence_links and link.evidence_url:
            item["evidence_url"] = link.evidence_url
        published_links.append(item)
    return {
        "elements": [
            {
                "number": numbers[element.key],
                "kind": element.kind,
                "title": scrub(element.title),
                "description": scrub(element.description),
                "measure": scrub(element.measure),
            }
            for element in elements
        ],
        "links": published_links,
    }


def dated(offset: int | None, today: datetime.date) -> datetime.date | None:
    """A relative timing turned back into a date, counting from ``today``."""
    return None if offset is None else today + datetime.timedelta(days=int(offset))


def unique_title(title: str, taken: set[str], limit: int = 200) -> str:
    """``title``, or "title (2)", "title (3)", ... when a title (in any case) is taken."""
    lowered = {name.lower() for name in taken}
    if title.lower() not in lowered:
        return title
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = title[: limit - len(suffix)] + suffix
        if candidate.lower() not in lowered:
            return candidate
        number += 1
