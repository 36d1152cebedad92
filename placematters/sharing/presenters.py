"""How a publication's facets and redacted content read on a page."""

from placematters.asset_mapping.content import load_determinants
from placematters.asset_mapping.models import Segment
from placematters.logic_model.models import Confidence, ElementKind
from placematters.planning.content import load_steps
from placematters.planning.models import Intensity, LifeStage
from placematters.sharing.models import PublicationKind
from placematters.web.wording import join_words

KIND_SLUGS = {
    "case-study": PublicationKind.CASE_STUDY,
    "plan": PublicationKind.PLAN,
    "logic-model": PublicationKind.LOGIC_MODEL,
}


def _label(choices, value: str) -> str:
    return dict(choices).get(value, "") if value else ""


def determinant_title(key: str) -> str:
    factor = load_determinants().factor(key) if key else None
    return factor.title if factor else ""


def timing_words(days: int | None) -> str:
    """'at the start', 'after 1 week', 'after 30 days' for a relative timing."""
    if days is None:
        return ""
    if days <= 0:
        return "at the start"
    if days % 7 == 0:
        weeks = days // 7
        return f"after {weeks} week{'s' if weeks != 1 else ''}"
    return f"after {days} day{'s' if days != 1 else ''}"


def plan_rows(content: dict) -> list[dict]:
    """Each published action with its facets in words, for the preview and the publication."""
    rows = []
    for item in content.get("actions", []):
        step = load_steps().step(item.get("ihe_step")) if item.get("ihe_step") else None
        rows.append(
            {
                "title": item.get("title", ""),
                "description": item.get("description", ""),
                "why": item.get("why", ""),
                "segment": _label(Segment.choices, item.get("segment", "")),
                "determinant": determinant_title(item.get("determinant", "")),
                "intensity": _label(Intensity.choices, item.get("intensity", "")),
                "life_stages": join_words(
                    [_label(LifeStage.choices, s) for s in item.get("life_stages", [])]
                ),
                "ihe_step": f"{step.number}. {step.title}" if step else "",
                "starts": timing_words(item.get("starts_after_days")),
                "due": timing_words(item.get("due_after_days")),
                "milestones": [
                    f"{m.get('title', '')} ({timing_words(m.get('due_after_days'))})"
                    for m in item.get("milestones", [])
                ],
                "communities": join_words(item.get("communities", [])),
                "organisation": item.get("organisation", ""),
            }
        )
    return rows


def logic_model_rows(content: dict) -> tuple[list[dict], list[dict]]:
    """The published elements, and the links between them with both ends' titles."""
    titles = {e.get("number"): e.get("title", "") for e in content.get("elements", [])}
    elements = [
        {**element, "kind_label": _label(ElementKind.choices, element.get("kind", ""))}
        for element in content.get("elements", [])
    ]
    links = [
        {
            **link,
            "source_title": titles.get(link.get("source"), ""),
            "target_title": titles.get(link.get("target"), ""),
            "confidence_label": _label(Confidence.choices, link.get("confidence", "")),
        }
        for link in content.get("links", [])
    ]
    return elements, links


def facets(publication) -> list[tuple[str, str]]:
    """The publication's filter facets as (label, words), leaving out those not given."""
    rows = [
        ("Type", publication.get_kind_display()),
        ("What drives health", determinant_title(publication.determinant)),
        ("Triangle segment", _label(Segment.choices, publication.segment)),
        ("Target groups", join_words(list(publication.target_groups))),
        ("Type of area", publication.get_area_type_display() if publication.area_type else ""),
    ]
    return [(label, words) for label, words in rows if words]
