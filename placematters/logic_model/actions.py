"""Every change to the theory of change logic model.

Each action checks the acting member's role (editing the toolkit work), validates everything
before writing anything (elements and indicators must belong to the partnership; links must run
forward along the chain), runs in one transaction and records an audit event.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from placematters.audit.actions import audit_event_record, changed_fields
from placematters.indicators.models import Indicator
from placematters.indicators.queries import indicators
from placematters.logic_model.chain import KINDS, LABELS, a, link_problem
from placematters.logic_model.models import Confidence, LogicElement, LogicLink
from placematters.partnerships.actions import require
from placematters.partnerships.models import Partnership
from placematters.partnerships.permissions import Permission

ELEMENT_FIELDS = ("kind", "title", "description", "indicator", "measure")
LINK_FIELDS = ("source", "target", "evidence", "evidence_url", "confidence")


def _one_line(value) -> str:
    return " ".join(str(value or "").split())


def _validate_element(partnership: Partnership, values: dict, *, element=None) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    if values.get("kind") not in KINDS:
        errors["kind"] = "Choose what kind of element this is"
    values["title"] = _one_line(values.get("title"))
    if not values["title"]:
        errors["title"] = "Enter the element's title"
    elif len(values["title"]) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    elif (
        LogicElement.objects.filter(partnership=partnership, title__iexact=values["title"])
        .exclude(pk=element.pk if element else None)
        .exists()
    ):
        errors["title"] = f"The logic model already has an element called {values['title']}"
    values["description"] = str(values.get("description") or "").strip()
    values["measure"] = _one_line(values.get("measure"))
    if len(values["measure"]) > 300:
        errors["measure"] = "The measure must be 300 characters or fewer"
    indicator = values.get("indicator")
    if indicator is not None and (
        not isinstance(indicator, Indicator)
        or not indicators(partnership).filter(pk=indicator.pk).exists()
    ):
        errors["indicator"] = "Choose one of the indicators this partnership holds"
    if element is not None and "kind" not in errors and values["kind"] != element.kind:
        for link in element.links_out.select_related("target"):
            if problem := link_problem(values["kind"], link.target.kind):
                errors["kind"] = (
                    f"It cannot become {a(values['kind'])} while it leads to "
                    f"{link.target.title}: {problem[0].lower()}{problem[1:]}"
                )
                break
        for link in element.links_in.select_related("source"):
            if "kind" in errors:
                break
            if problem := link_problem(link.source.kind, values["kind"]):
                errors["kind"] = (
                    f"It cannot become {a(values['kind'])} while "
                    f"{link.source.title} leads to it: {problem[0].lower()}{problem[1:]}"
                )
    if errors:
        raise ValidationError(errors)
    return values


def _element_described(element: LogicElement) -> dict:
    return {
        "kind": LABELS.get(element.kind, element.kind),
        "title": element.title,
        "description": element.description,
        "indicator": element.indicator.name if element.indicator_id else "",
        "measure": element.measure,
    }


@transaction.atomic
def logic_element_add(
    *,
    by,
    partnership: Partnership,
    kind: str,
    title: str,
    description: str = "",
    indicator: Indicator | None = None,
    measure: str = "",
) -> LogicElement:
    require(partnership, by, Permission.EDIT_WORK)
    values = _validate_element(
        partnership,
        {
            "kind": kind,
            "title": title,
            "description": description,
            "indicator": indicator,
            "measure": measure,
        },
    )
    element = LogicElement.objects.create(partnership=partnership, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="logic_element.added",
        target=element,
        after=_element_described(element),
    )
    return element


@transaction.atomic
def logic_element_update(*, by, element: LogicElement, **changes) -> LogicElement:
    """Change any of the element's fields (those not given keep their value)."""
    require(element.partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(ELEMENT_FIELDS)
    if unknown:
        raise TypeError(f"logic_element_update() got unexpected fields: {sorted(unknown)}")
    current = {field: getattr(element, field) for field in ELEMENT_FIELDS}
    values = _validate_element(element.partnership, {**current, **changes}, element=element)
    before = _element_described(element)
    for field, value in values.items():
        setattr(element, field, value)
    element.save()
    old, new = changed_fields(before, _element_described(element))
    if new:
        audit_event_record(
            by=by,
            partnership=element.partnership,
            verb="logic_element.updated",
            target=element,
            before=old,
            after=new,
        )
    return element


@transaction.atomic
def logic_element_remove(*, by, element: LogicElement) -> None:
    """Remove the element and every link to or from it."""
    require(element.partnership, by, Permission.EDIT_WORK)
    before = _element_described(element)
    before["links removed"] = element.links_out.count() + element.links_in.count()
    audit_event_record(
        by=by,
        partnership=element.partnership,
        verb="logic_element.removed",
        target=element,
        before=before,
    )
    element.delete()


# --- Links -------------------------------------------------------------------------------------


def _validate_link(partnership: Partnership, values: dict, *, link=None) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    source, target = values.get("source"), values.get("target")
    for field, element, words in (
        ("source", source, "the element the link starts from"),
        ("target", target, "the element it leads to"),
    ):
        if not isinstance(element, LogicElement) or element.partnership_id != partnership.pk:
            errors[field] = f"Choose {words} from this logic model"
    if not errors:
        problem = link_problem(source.kind, target.kind, same=source.pk == target.pk)
        if problem:
            errors["target"] = problem
        elif (
            LogicLink.objects.filter(source=source, target=target)
            .exclude(pk=link.pk if link else None)
            .exists()
        ):
            errors["target"] = f"{source.title} already leads to {target.title}"
    values["evidence"] = str(values.get("evidence") or "").strip()
    values["evidence_url"] = str(values.get("evidence_url") or "").strip()
    if values["evidence_url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["evidence_url"])
        except ValidationError:
            errors["evidence_url"] = (
                "Enter the evidence's web address in full, starting https:// or http://"
            )
        else:
            if len(values["evidence_url"]) > 500:
                errors["evidence_url"] = "The web address must be 500 characters or fewer"
    if values.get("confidence") not in Confidence.values:
        errors["confidence"] = "Choose how confident the partnership is in this link"
    if errors:
        raise ValidationError(errors)
    return values


def _link_described(link: LogicLink) -> dict:
    return {
        "from": link.source.title,
        "to": link.target.title,
        "evidence": link.evidence,
        "evidence_url": link.evidence_url,
        "confidence": link.get_confidence_display(),
    }


@transaction.atomic
def logic_link_add(
    *,
    by,
    partnership: Partnership,
    source: LogicElement,
    target: LogicElement,
    evidence: str = "",
    evidence_url: str = "",
    confidence: str = Confidence.UNTESTED,
) -> LogicLink:
    require(partnership, by, Permission.EDIT_WORK)
    values = _validate_link(
        partnership,
        {
            "source": source,
            "target": target,
            "evidence": evidence,
            "evidence_url": evidence_url,
            "confidence": confidence,
        },
    )
    link = LogicLink.objects.create(partnership=partnership, **values)
    audit_event_record(
        by=by,
        partnership=partnership,
        verb="logic_link.added",
        target=link,
        after=_link_described(link),
    )
    return link


@transaction.atomic
def logic_link_update(*, by, link: LogicLink, **changes) -> LogicLink:
    require(link.partnership, by, Permission.EDIT_WORK)
    unknown = set(changes) - set(LINK_FIELDS)
    if unknown:
        raise TypeError(f"logic_link_update() got unexpected fields: {sorted(unknown)}")
    current = {field: getattr(link, field) for field in LINK_FIELDS}
    values = _validate_link(link.partnership, {**current, **changes}, link=link)
    before = _link_described(link)
    for field, value in values.items():
        setattr(link, field, value)
    link.save()
    old, new = changed_fields(before, _link_described(link))
    if new:
        audit_event_record(
            by=by,
            partnership=link.partnership,
            verb="logic_link.updated",
            target=link,
            before=old,
            after=new,
        )
    return link


@transaction.atomic
def logic_link_remove(*, by, link: LogicLink) -> None:
    require(link.partnership, by, Permission.EDIT_WORK)
    audit_event_record(
        by=by,
        partnership=link.partnership,
        verb="logic_link.removed",
        target=link,
        before=_link_described(link),
    )
    link.delete()
